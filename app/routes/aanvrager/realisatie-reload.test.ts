import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { setClock } from "../../domain/clock.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { openRealisationReport } from "../../domain/settlement/report.server.ts";
import type { ReportDraft } from "../../domain/settlement/report-schemas.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action } from "./realisatie.tsx";

/**
 * The realisatieverslag's steps are the wizard's step form (step-form.tsx), with its reload restore:
 * a page reloaded before its beacon landed saves the same keystrokes again with the version it
 * loaded. As in the wizard (wizard/step-action-reload.test.ts), whichever of the two lands second
 * must not be told that the report changed elsewhere, while any save that would change something
 * stays a conflict.
 */
let s: Scenario;
let planId: string;
let measureIds: string[];
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

type Answer = { status: number; body?: Record<string, unknown> };

async function post(slug: string, fields: [string, string][]): Promise<Answer> {
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/realisatie/${slug}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie ?? "" },
  });
  const result: unknown = await action({ request, params: { planId, stap: slug }, context: {} } as never);
  if (result instanceof Response) return { status: result.status };
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
    return { status: r.init?.status ?? 200, body: r.data };
  }
  return { status: 200, body: result as Record<string, unknown> };
}

const stored = async () => {
  const r = await prisma.realisationReport.findUniqueOrThrow({ where: { planId } });
  return { version: r.version, updatedAt: r.updatedAt, draft: r.draftData as ReportDraft };
};

/** A fresh report (each test its own plan), after the plan's end; returns the version it opened at. */
async function openReport(): Promise<number> {
  setClock(null);
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  planId = id;
  measureIds = (await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } })).map(
    (m) => m.id,
  );
  // The plan's period ends 31 December of year + 2.
  setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
  const view = await openRealisationReport(s.applicantA, id);
  return view.report?.version ?? 0;
}

const results = (summary: string): [string, string][] => [
  ...measureIds.flatMap((id, i): [string, string][] => [
    [`measures.${i}.measureId`, id],
    [`measures.${i}.participants`, "120"],
  ]),
  ["summary", summary],
];

const TYPED = "Getypt vlak voor het herladen.";

/** The beacon of the page that went: step 1 autosaved at the version the page had. */
async function afterBeacon(): Promise<number> {
  const loaded = await openReport();
  const beacon = await post("resultaten", [
    ["intent", "autosave"],
    ["expectedVersion", String(loaded)],
    ...results(TYPED),
  ]);
  expect(beacon.status).toBe(200);
  expect((await stored()).version).toBe(loaded + 1);
  return loaded;
}

describe("a realisation report's autosave at an older version", () => {
  it("that stores what is stored already is answered with the current version, and writes nothing", async () => {
    const loaded = await afterBeacon();
    const before = await stored();
    const answer = await post("resultaten", [
      ["intent", "autosave"],
      ["expectedVersion", String(loaded)],
      ...results(TYPED),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, intent: "autosave", version: loaded + 1 });
    const after = await stored();
    expect(after.version).toBe(loaded + 1);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.draft.results?.summary).toBe(TYPED);
  });

  it("that changes anything is still a conflict, and the stored text stays", async () => {
    const loaded = await afterBeacon();
    const answer = await post("resultaten", [
      ["intent", "autosave"],
      ["expectedVersion", String(loaded)],
      ...results("Een andere samenvatting."),
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ ok: false, conflict: true });
    const after = await stored();
    expect(after.version).toBe(loaded + 1);
    expect(after.draft.results?.summary).toBe(TYPED);
  });

  it("of a step never saved is a conflict, even when it posts the empty form", async () => {
    const loaded = await afterBeacon();
    // Step 1 moved the report on; step 2 was never saved.
    const answer = await post("kosten", [
      ["intent", "autosave"],
      ["expectedVersion", String(loaded)],
    ]);
    expect(answer.status).toBe(409);
    expect((await stored()).draft.costs).toBeUndefined();
  });

  it("from a version the report never had is a conflict", async () => {
    const loaded = await afterBeacon();
    const answer = await post("resultaten", [
      ["intent", "autosave"],
      ["expectedVersion", String(loaded + 7)],
      ...results(TYPED),
    ]);
    expect(answer.status).toBe(409);
  });

  it("but a button's save at an older version stays a conflict, however equal", async () => {
    const loaded = await afterBeacon();
    for (const intent of ["save", "next"]) {
      const answer = await post("resultaten", [
        ["intent", intent],
        ["expectedVersion", String(loaded)],
        ...results(TYPED),
      ]);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ ok: false, conflict: true });
    }
    expect((await stored()).version).toBe(loaded + 1);
  });
});
