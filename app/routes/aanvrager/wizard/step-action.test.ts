import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { createDraftPlan } from "../../../domain/plan/drafts.server.ts";
import { readDraft } from "../../../domain/plan/steps/wizard.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../../test/scenario.server.ts";
import { action as leadAction } from "./aanvrager.tsx";
import { action as budgetAction } from "./begroting.tsx";
import { action as submitAction } from "./indienen.tsx";
import { action as measuresAction } from "./maatregelen.tsx";

/**
 * The wizard's actions with real requests against the real database: what the browser posts is
 * saved whatever it holds, "Next" answers 400 with the step's errors, an old version 409; never a 500.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

type Answer = { status: number; body?: Record<string, unknown>; location?: string | null };
// Any step's action: each is called with a hand-made request, so their route-specific types do not matter.
// biome-ignore lint/suspicious/noExplicitAny: see above.
type Action = (args: any) => Promise<unknown>;

async function post(
  action: Action,
  planId: string,
  slug: string,
  fields: [string, string][],
): Promise<Answer> {
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/stap/${slug}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie ?? "" },
  });
  const result: unknown = await action({ request, params: { planId }, context: {} } as never);
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
    return { status: r.init?.status ?? 200, body: r.data };
  }
  return { status: 200, body: result as Record<string, unknown> };
}

async function newDraft() {
  const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
  return id;
}
const version = async (id: string) => (await prisma.plan.findUniqueOrThrow({ where: { id } })).version;
const draftOf = async (id: string) =>
  readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);

describe("the wizard's step actions", () => {
  it("autosave keeps an invalid step as typed and answers with the new version", async () => {
    const id = await newDraft();
    const answer = await post(leadAction, id, "aanvrager", [
      ["intent", "autosave"],
      ["expectedVersion", "1"],
      ["title", "<script>alert(1)</script>"],
      ["leadKvk", "1234567"],
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, version: 2 });
    const draft = await draftOf(id);
    expect(draft.lead.title).toBe("<script>alert(1)</script>");
    expect(draft.lead.leadKvk).toBe("1234567");
    expect(draft.saved).toContain("lead");
  });

  it('"Volgende stap" with errors saves, then answers 400 with the errors next to the fields', async () => {
    const id = await newDraft();
    const answer = await post(leadAction, id, "aanvrager", [
      ["intent", "next"],
      ["expectedVersion", "1"],
      ["title", "Plan"],
      ["leadKvk", "1234567"],
      ["leadIban", "NL91ABNA0417164301"],
    ]);
    expect(answer.status).toBe(400);
    const errors = answer.body?.errors as Record<string, { message: string }>;
    expect(errors.leadKvk?.message).toBe("Het KvK-nummer bestaat uit 8 cijfers.");
    expect(errors.leadIban?.message).toMatch(/IBAN klopt niet/);
    expect(errors.title).toBeUndefined();
    expect((await draftOf(id)).lead.title).toBe("Plan");
    expect(answer.body?.version).toBe(2);
  });

  it('"Volgende stap" on a valid step goes to the next step', async () => {
    const id = await newDraft();
    const lead = validPlanDraft(s.year).lead;
    const fields: [string, string][] = [
      ["intent", "next"],
      ["expectedVersion", "1"],
      ...Object.entries(lead).flatMap(([k, v]): [string, string][] =>
        Array.isArray(v) ? v.map((x) => [k, String(x)]) : [[k, String(v)]],
      ),
    ];
    const answer = await post(leadAction, id, "aanvrager", fields);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/aanvrager/plannen/${id}/stap/samenwerking`);
    expect((await draftOf(id)).lastStep).toBe("partnership");
  });

  it('"Vorige stap" saves without checking and goes back', async () => {
    const id = await newDraft();
    const answer = await post(budgetAction, id, "begroting", [
      ["intent", "previous"],
      ["expectedVersion", "1"],
      ["otherSourcesDescription", "ESF? Nee."],
    ]);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/aanvrager/plannen/${id}/stap/maatregelen`);
    expect((await draftOf(id)).budget.otherSourcesDescription).toBe("ESF? Nee.");
  });

  it("refuses a save over a newer version (another tab) with 409 and keeps the newer text", async () => {
    const id = await newDraft();
    await post(leadAction, id, "aanvrager", [
      ["intent", "save"],
      ["expectedVersion", "1"],
      ["title", "Tab A"],
    ]);
    const answer = await post(leadAction, id, "aanvrager", [
      ["intent", "save"],
      ["expectedVersion", "1"],
      ["title", "Tab B"],
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ ok: false, conflict: true });
    expect((await draftOf(id)).lead.title).toBe("Tab A");
    expect(await version(id)).toBe(2);
  });

  it("answers 400, never 500, to a post without intent or version, and to hostile names", async () => {
    const id = await newDraft();
    expect((await post(measuresAction, id, "maatregelen", [["title", "x"]])).status).toBe(400);
    const hostile = await post(measuresAction, id, "maatregelen", [
      ["intent", "autosave"],
      ["expectedVersion", "1"],
      ["__proto__.x", "y"],
      ["measures.0.title", "x".repeat(30_000)],
      ["measures.0.costs", "not a list"],
    ]);
    expect(hostile.status).toBe(200);
    const m = (await draftOf(id)).measures.measures[0];
    expect(m?.title.length).toBe(20_000);
    expect(m?.costs).toEqual([]);
  });

  it("submitting an incomplete plan answers 400 and lists nothing as submitted", async () => {
    const id = await newDraft();
    const answer = await post(submitAction, id, "indienen", [
      ["intent", "submit"],
      ["expectedVersion", "1"],
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body?.formError).toMatch(/nog niet compleet/);
    const errors = answer.body?.errors as Record<string, { message: string }>;
    expect(errors.truthful?.message).toMatch(/naar waarheid/);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
  });
});
