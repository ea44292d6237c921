import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { setClock } from "../../domain/clock.ts";
import { openInterimReport } from "../../domain/interim/report.server.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action } from "./tussentijds.tsx";

/**
 * The interim report's action answers each step's problems per field, in the shape the step form
 * puts next to its fields and in its error summary (react-hook-form's error tree), and keeps what
 * was typed.
 */
let s: Scenario;
let planId: string;
let measureIds: string[];
let version: number;
beforeAll(async () => {
  s = await createScenario();
  const { id, version: v } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, v));
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  planId = id;
  measureIds = (await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } })).map(
    (m) => m.id,
  );
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

type Answer = { status: number; location?: string | null; body?: Record<string, unknown> };

async function post(months: string, slug: string, fields: [string, string][]): Promise<Answer> {
  // Month 12 of the plan (year+1) is over: the report can be written.
  setClock(new Date(`${s.year + 2}-01-15T10:00:00+01:00`));
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/tussentijds/${months}/${slug}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie ?? "" },
  });
  const result: unknown = await action({
    request,
    params: { planId, maanden: months, stap: slug },
    context: {},
  } as never);
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { status: r.init?.status ?? 200, body: r.data };
}

async function current(): Promise<number> {
  setClock(new Date(`${s.year + 2}-01-15T10:00:00+01:00`));
  version = (await openInterimReport(s.applicantA, planId, 12)).report?.version ?? 0;
  return version;
}

describe("the interim report's action", () => {
  it("answers a participant count that is no whole number and a short summary per field, and keeps them", async () => {
    const answer = await post("12", "resultaten", [
      ["intent", "next"],
      ["expectedVersion", String(await current())],
      ...measureIds.flatMap((id, i): [string, string][] => [
        [`measures.${i}.measureId`, id],
        [`measures.${i}.participants`, i === 0 ? "twaalf" : "12"],
      ]),
      ["summary", "Kort."],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      ok: false,
      errors: {
        measures: {
          0: {
            participants: { message: "Vul het aantal bereikte deelnemers in: een heel getal, 0 of meer." },
          },
        },
        summary: { message: "Beschrijf in ten minste 20 tekens wat volgens plan ging en wat niet." },
      },
    });
    const stored = await prisma.interimReport.findFirstOrThrow({ where: { planId } });
    expect(JSON.stringify(stored.draftData)).toContain("twaalf");
  });

  it("answers a negative amount at its field, and goes on to the next step once valid", async () => {
    const fields = (amount: string): [string, string][] =>
      measureIds.flatMap((id, i): [string, string][] => [
        [`costs.${i}.measureId`, id],
        [`costs.${i}.year`, String(s.year + 1)],
        [`costs.${i}.amount`, i === 1 ? amount : "10.000,00"],
      ]);
    const bad = await post("12", "kosten", [
      ["intent", "next"],
      ["expectedVersion", String(await current())],
      ...fields("-250,00"),
    ]);
    expect(bad.status).toBe(400);
    const errors = bad.body?.errors as { costs: Record<string, { amount?: { message: string } }> };
    expect(Object.keys(errors.costs)).toEqual(["1"]);
    expect(errors.costs["1"]?.amount?.message).toMatch(/^Bij de werkelijke kosten /);
    const good = await post("12", "kosten", [
      ["intent", "next"],
      ["expectedVersion", String(bad.body?.version)],
      ...fields("2.500,00"),
    ]);
    expect(good).toMatchObject({
      status: 302,
      location: `/aanvrager/plannen/${planId}/tussentijds/12/indienen`,
    });
  });

  it("asks for the declaration at its field before submitting", async () => {
    const answer = await post("12", "indienen", [
      ["intent", "submit"],
      ["expectedVersion", String(await current())],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      ok: false,
      errors: {
        declaration: {
          message:
            "Verklaar dat het verslag en de kosten naar waarheid zijn ingevuld en uit de administratie blijken.",
        },
      },
    });
  });

  it("refuses a month other than 12 or 24 as an incomplete form, and a stale version as a conflict", async () => {
    expect(
      (
        await post("18", "resultaten", [
          ["intent", "save"],
          ["expectedVersion", "1"],
        ])
      ).status,
    ).toBe(400);
    const v = await current();
    expect(
      (
        await post("12", "resultaten", [
          ["intent", "save"],
          ["expectedVersion", String(v)],
        ])
      ).status,
    ).toBe(200);
    const stale = await post("12", "resultaten", [
      ["intent", "save"],
      ["expectedVersion", String(v)],
    ]);
    expect(stale).toMatchObject({ status: 409, body: { ok: false, conflict: true } });
  });
});
