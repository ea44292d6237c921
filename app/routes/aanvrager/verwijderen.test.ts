import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { DRAFT_DELETE_NOT_A_DRAFT } from "../../domain/plan/delete-draft.server.ts";
import { PLAN_CHANGED } from "../../domain/workflow/apply-event.server.ts";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { loader as dashboardLoader } from "./dashboard.tsx";
import { action, loader } from "./verwijderen.tsx";

// The page that deletes a draft, as the server answers it: what the loader shows, the action's
// answers to good, empty, stale and foreign posts, and the dashboard's link and notice.

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

/** A thrown answer (the 404 page, a redirect) as its status; a returned one as its data. */
async function settle(run: () => Promise<unknown>) {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response)
    return { status: result.status, location: result.headers.get("Location"), body: undefined };
  const d = result as { init?: { status?: number } | null; data?: unknown; type?: string };
  if (d && typeof d === "object" && "init" in d)
    return { status: d.init?.status ?? 200, location: null, body: d.data as Record<string, unknown> };
  return { status: 200, location: null, body: result as Record<string, unknown> };
}

async function load(who: Actor, id: string, search = "") {
  const request = new Request(`http://localhost/aanvrager/plannen/${id}/verwijderen${search}`, {
    headers: { Cookie: await cookieOf(who) },
  });
  return settle(() => loader({ request, params: { planId: id }, context: {} } as never));
}

async function post(who: Actor, id: string, fields: Record<string, string>) {
  const request = new Request(`http://localhost/aanvrager/plannen/${id}/verwijderen`, {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return settle(() => action({ request, params: { planId: id }, context: {} } as never));
}

async function dashboard(who: Actor, search = "") {
  const request = new Request(`http://localhost/aanvrager${search}`, {
    headers: { Cookie: await cookieOf(who) },
  });
  return (await dashboardLoader({ request, params: {}, context: {} } as never)) as Awaited<
    ReturnType<typeof dashboardLoader>
  >;
}

const version = async (id: string) =>
  String((await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version);

describe("the page that deletes a draft", () => {
  it("shows the draft's title, its saved steps and its attachments, with a way back", async () => {
    const { id } = await draftPlan(s);
    const page = await load(s.applicantA, id);
    expect(page.status).toBe(200);
    const body = page.body as {
      plan: { title: string; reference: string };
      stepsSaved: string[];
      attachments: { filename: string; kindLabel: string }[];
      refusal: string | null;
      cancelHref: string;
    };
    const stored = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(body.plan).toMatchObject({ title: stored.title, reference: stored.reference });
    expect(body.stepsSaved).toEqual(["lead", "partnership", "analysis", "measures", "budget", "submit"]);
    expect(body.attachments).toEqual([
      expect.objectContaining({
        filename: "samenwerkingsovereenkomst.pdf",
        kindLabel: "Ondertekende samenwerkingsovereenkomst",
      }),
    ]);
    expect(body.refusal).toBeNull();
    // "Annuleren" goes back to the draft, or to the dashboard the user came from.
    expect(body.cancelHref).toBe(`/aanvrager/plannen/${id}`);
    expect(((await load(s.applicantA, id, "?van=overzicht")).body as { cancelHref: string }).cancelHref).toBe(
      "/aanvrager",
    );
  });

  it("is not found for another organisation, and closed to staff", async () => {
    const { id } = await draftPlan(s);
    expect((await load(s.applicantB, id)).status).toBe(404);
    expect((await load(s.handler, id)).status).toBe(403);
  });

  it("says why a submitted plan cannot be deleted, in both languages", async () => {
    const { id } = await submittedPlan(s);
    const page = await load(s.applicantA, id);
    expect(page.status).toBe(200);
    expect(page.body?.refusal).toBe(DRAFT_DELETE_NOT_A_DRAFT);
    expect(hasEnglish(DRAFT_DELETE_NOT_A_DRAFT)).toBe(true);
    const refused = await post(s.applicantA, id, { intent: "delete", expectedVersion: await version(id) });
    expect(refused.status).toBe(400);
    expect(refused.body?.formError).toBe(DRAFT_DELETE_NOT_A_DRAFT);
    expect(await prisma.plan.count({ where: { id } })).toBe(1);
  });

  it("answers an empty post with a message and deletes nothing", async () => {
    const { id } = await draftPlan(s);
    const empty = await post(s.applicantA, id, {});
    expect(empty.status).toBe(400);
    expect(empty.body?.formError).toMatch(/niet volledig verstuurd/);
    expect(hasEnglish(String(empty.body?.formError))).toBe(true);
    expect(await prisma.plan.count({ where: { id } })).toBe(1);
  });

  it("answers a page older than a colleague's save as a conflict, and another organisation's post as not found", async () => {
    const { id } = await draftPlan(s);
    const stale = await post(s.applicantA, id, {
      intent: "delete",
      expectedVersion: String(Number(await version(id)) - 1),
    });
    expect(stale.status).toBe(409);
    expect(stale.body?.formError).toBe(PLAN_CHANGED);
    const foreign = await post(s.applicantB, id, { intent: "delete", expectedVersion: await version(id) });
    expect(foreign.status).toBe(404);
    expect(await prisma.plan.count({ where: { id } })).toBe(1);
  });

  it("deletes the draft and returns to the dashboard, which says so; the dashboard offers deletion for drafts only", async () => {
    const { id } = await draftPlan(s);
    const submitted = await submittedPlan(s);
    const before = await dashboard(s.applicantA);
    expect(before.plans.find((p) => p.id === id)?.deletable).toBe(true);
    expect(before.plans.find((p) => p.id === submitted.id)?.deletable).toBe(false);
    expect(before.deleted).toBeNull();

    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const done = await post(s.applicantA, id, { intent: "delete", expectedVersion: await version(id) });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/aanvrager?verwijderd=${reference}`);
    expect(await prisma.plan.count({ where: { id } })).toBe(0);

    const after = await dashboard(s.applicantA, `?verwijderd=${reference}`);
    expect(after.deleted).toBe(reference);
    expect(after.plans.some((p) => p.id === id)).toBe(false);
    // Only a kenmerk is echoed back: anything else in the link is not shown.
    expect((await dashboard(s.applicantA, "?verwijderd=<b>nep</b>")).deleted).toBeNull();
  });
});
