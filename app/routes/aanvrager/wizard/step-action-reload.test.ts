import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { createDraftPlan } from "../../../domain/plan/drafts.server.ts";
import { readDraft } from "../../../domain/plan/steps/wizard.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { action as leadAction } from "./aanvrager.tsx";

/**
 * A page reloaded before its beacon landed puts the unsaved keystrokes back and saves them at once
 * (step-form.tsx), with the version it loaded; the beacon carries the same keystrokes. Whichever
 * of the two lands second must not be told that the plan changed elsewhere, while any save that
 * would change something stays a conflict.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

type Answer = { status: number; body?: Record<string, unknown> };

async function post(planId: string, fields: [string, string][]): Promise<Answer> {
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/stap/aanvrager`, {
    method: "POST",
    body,
    headers: { Cookie: cookie ?? "" },
  });
  const result: unknown = await leadAction({ request, params: { planId }, context: {} } as never);
  if (result instanceof Response) return { status: result.status };
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
    return { status: r.init?.status ?? 200, body: r.data };
  }
  return { status: 200, body: result as Record<string, unknown> };
}

const plan = async (id: string) => {
  const p = await prisma.plan.findUniqueOrThrow({ where: { id } });
  return { version: p.version, updatedAt: p.updatedAt, draft: readDraft(p.draftData) };
};

/** A draft whose step 1 was autosaved once at version 1 (the beacon), so now at version 2. */
async function afterBeacon(fields: [string, string][]) {
  const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
  const beacon = await post(id, [["intent", "autosave"], ["expectedVersion", "1"], ...fields]);
  expect(beacon.status).toBe(200);
  return id;
}

const typed: [string, string][] = [
  ["title", "Laatste toetsaanslagen"],
  ["summary", "Getypt vlak voor het herladen."],
];

describe("an autosave at an older version", () => {
  it("that stores what is stored already is answered with the current version, and writes nothing", async () => {
    const id = await afterBeacon(typed);
    const before = await plan(id);
    const answer = await post(id, [["intent", "autosave"], ["expectedVersion", "1"], ...typed]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, intent: "autosave", version: 2 });
    const after = await plan(id);
    expect(after.version).toBe(2);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.draft.lead.title).toBe("Laatste toetsaanslagen");
  });

  it("that changes anything is still a conflict, and the stored text stays", async () => {
    const id = await afterBeacon(typed);
    const answer = await post(id, [
      ["intent", "autosave"],
      ["expectedVersion", "1"],
      ["title", "Laatste toetsaanslagen"],
      ["summary", "Een andere samenvatting."],
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ ok: false, conflict: true });
    const after = await plan(id);
    expect(after.version).toBe(2);
    expect(after.draft.lead.summary).toBe("Getypt vlak voor het herladen.");
  });

  it("of a step never saved is a conflict, even when it posts the empty form", async () => {
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    // Another step moved the plan on; step 1 was never saved.
    const other = await post(id, [["intent", "autosave"], ["expectedVersion", "1"], ...typed]);
    expect(other.status).toBe(200);
    await prisma.plan.update({
      where: { id },
      data: { draftData: { ...(await plan(id)).draft, saved: [] } as never },
    });
    const answer = await post(id, [["intent", "autosave"], ["expectedVersion", "1"], ...typed]);
    expect(answer.status).toBe(409);
  });

  it("from a version the plan never had is a conflict", async () => {
    const id = await afterBeacon(typed);
    const answer = await post(id, [["intent", "autosave"], ["expectedVersion", "7"], ...typed]);
    expect(answer.status).toBe(409);
  });

  it("but a button's save at an older version stays a conflict, however equal", async () => {
    const id = await afterBeacon(typed);
    for (const intent of ["save", "next"]) {
      const answer = await post(id, [["intent", intent], ["expectedVersion", "1"], ...typed]);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ ok: false, conflict: true });
    }
    expect((await plan(id)).version).toBe(2);
  });
});
