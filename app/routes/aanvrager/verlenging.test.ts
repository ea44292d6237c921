import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { EXTENSION_REQUEST_OPEN, NOT_A_SIGNATORY_TO_EXTEND } from "../../domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../../domain/extension/test-support.server.ts";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { advisePlan, completePlan, grantPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./verlenging.tsx";

// The applicant's verlenging page as the server answers it: the loader's view and the action's
// answers to good, bad and stale posts (a refusal is a page with its message, never a 500).

let s: Scenario;
let planId: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  // Art. 1.2a lid 2: a request only after the interim report after the 12th month.
  await markInterimReportSubmitted(id);
  planId = id;
});
afterAll(async () => {
  await disconnectPrisma();
});

const MOTIVATION = "De scholing van de laatste groep begint door een late vergunning een half jaar later.";

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

async function load(who: Actor, id = planId, search = "") {
  const request = new Request(`http://localhost/aanvrager/plannen/${id}/verlenging${search}`, {
    headers: { Cookie: await cookieOf(who) },
  });
  return (await loader({ request, params: { planId: id }, context: {} } as never)) as NonNullable<
    Awaited<ReturnType<typeof loader>>
  >;
}

/** The action's answer as status and body; a thrown Response (a 404 page) as its status. */
async function post(who: Actor, fields: Record<string, string>, id = planId) {
  const request = new Request(`http://localhost/aanvrager/plannen/${id}/verlenging`, {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  let result: unknown;
  try {
    result = await action({ request, params: { planId: id }, context: {} } as never);
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response)
    return { status: result.status, location: result.headers.get("Location"), body: undefined };
  const d = result as { init?: { status?: number }; data?: unknown };
  return {
    status: d.init?.status ?? 200,
    location: null,
    body: d.data as {
      ok: false;
      form?: string;
      formError?: string;
      errors?: Record<string, { message: string }>;
    },
  };
}

const version = async () => (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;

describe("the applicant's verlenging page", () => {
  it("offers the request on a granted plan, with the grant's most months", async () => {
    const page = await load(s.applicantA);
    expect(page.canRequest).toEqual({ ok: true });
    expect(page.maxMonths).toBe(6);
    expect(page.rows).toEqual([]);
    expect(page.plan.extendedTo).toBeNull();
  });

  it("names the rule, not the workflow's generic refusal, on a plan that is not granted", async () => {
    const submitted = await submittedPlan(s);
    const page = await load(s.applicantA, submitted.id);
    expect(page.canRequest).toEqual({
      ok: false,
      reason:
        "Verlenging kan alleen worden gevraagd voor een verleend plan waarvan de vaststelling nog niet is aangevraagd.",
    });
  });

  it("answers an incomplete post with a message, and a too short motivation at its field", async () => {
    const empty = await post(s.applicantA, {});
    expect(empty.status).toBe(400);
    expect(empty.body?.formError).toMatch(/niet volledig verstuurd/);
    // The page is in English too: the message has its English rendering.
    expect(hasEnglish(empty.body?.formError ?? "")).toBe(true);

    const short = await post(s.applicantA, {
      intent: "request",
      expectedVersion: String(await version()),
      months: "6",
      motivation: "Te kort.",
    });
    expect(short.status).toBe(400);
    expect(short.body?.errors?.motivation?.message).toMatch(/in ten minste 20 tekens/);
    const over = await post(s.applicantA, {
      intent: "request",
      expectedVersion: String(await version()),
      months: "7",
      motivation: MOTIVATION,
    });
    expect(over.body?.errors?.months?.message).toBe("Kies het aantal maanden: 1 tot en met 6.");
    expect(await prisma.planExtension.count({ where: { planId } })).toBe(0);
  });

  it("says why not yet on a plan whose interim report is not in (art. 1.2a lid 2), and refuses a post (409)", async () => {
    const { id, version: v } = await completePlan(s);
    await grantPlan(s, id, await advisePlan(s, id, v));
    const page = await load(s.applicantA, id);
    const reason = page.canRequest.ok ? "" : page.canRequest.reason;
    expect(reason).toMatch(
      /^Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag na de 12e maand/,
    );
    expect(hasEnglish(reason)).toBe(true);
    const current = (await prisma.plan.findUniqueOrThrow({ where: { id } })).version;
    const answer = await post(
      s.applicantA,
      { intent: "request", expectedVersion: String(current), months: "6", motivation: MOTIVATION },
      id,
    );
    expect(answer.status).toBe(409);
    expect(answer.body?.formError).toBe(reason);
    expect(await prisma.planExtension.count({ where: { planId: id } })).toBe(0);
  });

  it("refuses another organisation's plan as not found", async () => {
    const other = await post(s.applicantB, {
      intent: "request",
      expectedVersion: "1",
      months: "1",
      motivation: MOTIVATION,
    });
    expect(other.status).toBe(404);
  });

  it("tells a colleague who is not tekenbevoegd why, on the page", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId },
      data: { isSignatory: false },
    });
    const answer = await post(colleague, {
      intent: "request",
      expectedVersion: String(await version()),
      months: "3",
      motivation: MOTIVATION,
    });
    expect(answer.status).toBe(403);
    expect(answer.body?.formError).toBe(NOT_A_SIGNATORY_TO_EXTEND);
  });

  it("stores a good request, shows it with its due date, and refuses a second while it is open", async () => {
    const done = await post(s.applicantA, {
      intent: "request",
      expectedVersion: String(await version()),
      months: "6",
      motivation: MOTIVATION,
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/aanvrager/plannen/${planId}/verlenging?aangevraagd`);
    const page = await load(s.applicantA, planId, "?aangevraagd");
    expect(page.done).toBe("requested");
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ status: "REQUESTED", requestedMonths: 6, motivation: MOTIVATION });
    expect(page.openId).toBe(page.rows[0]?.id);
    expect(page.openDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.canRequest).toEqual({ ok: false, reason: EXTENSION_REQUEST_OPEN });

    const again = await post(s.applicantA, {
      intent: "request",
      expectedVersion: String(await version()),
      months: "2",
      motivation: MOTIVATION,
    });
    expect(again.status).toBe(409);
    expect(again.body?.formError).toBe(EXTENSION_REQUEST_OPEN);
  });

  it("answers a withdrawal from a stale page as a conflict, and withdraws on a current one", async () => {
    const open = (await load(s.applicantA)).openId ?? "";
    const stale = await post(s.applicantA, {
      intent: "withdraw",
      expectedVersion: String((await version()) - 1),
      extensionId: open,
    });
    expect(stale.status).toBe(409);
    expect(stale.body?.form).toBe("withdraw");
    expect(stale.body?.formError).toBeTruthy();

    const bad = await post(s.applicantA, {
      intent: "withdraw",
      expectedVersion: String(await version()),
      extensionId: "geen-id",
    });
    expect(bad.status).toBe(400);
    expect(hasEnglish(bad.body?.formError ?? "")).toBe(true);

    const done = await post(s.applicantA, {
      intent: "withdraw",
      expectedVersion: String(await version()),
      extensionId: open,
    });
    expect(done.location).toBe(`/aanvrager/plannen/${planId}/verlenging?ingetrokken`);
    const page = await load(s.applicantA);
    expect(page.rows[0]?.status).toBe("WITHDRAWN");
    // A withdrawn request does not stop a new one.
    expect(page.canRequest).toEqual({ ok: true });
  });
});
