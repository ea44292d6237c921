import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { FOUR_EYES_REFUSAL } from "../../../domain/decision/engine.server.ts";
import { requestExtension } from "../../../domain/extension/extension.server.ts";
import { extendedPeriodEnd } from "../../../domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../../../domain/extension/test-support.server.ts";
import { localDateFromDb } from "../../../domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { action, loader } from "./verlenging.tsx";

// The staff's Verlenging tab as the server answers it: who reads it, the decision form's checks,
// a stale form and a refused decision maker shown on the tab, and a grant that moves the end.

let s: Scenario;
let planId: string;
let extensionId: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await markInterimReportSubmitted(id);
  planId = id;
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  ({ extensionId } = await requestExtension(s.applicantA, id, plan.version, {
    months: 6,
    motivation: "De laatste groep begint door een late vergunning een half jaar later.",
  }));
});
afterAll(async () => {
  await disconnectPrisma();
});

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

const url = () => `http://localhost/behandeling/plannen/${planId}/verlenging`;

async function load(who: Actor) {
  const request = new Request(url(), { headers: { Cookie: await cookieOf(who) } });
  try {
    return (await loader({ request, params: { planId }, context: {} } as never)) as NonNullable<
      Awaited<ReturnType<typeof loader>>
    >;
  } catch (thrown) {
    return { thrownStatus: (thrown as { init?: { status?: number } }).init?.status } as never;
  }
}

async function post(who: Actor, fields: Record<string, string>) {
  const request = new Request(url(), {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  let result: unknown;
  try {
    result = await action({ request, params: { planId }, context: {} } as never);
  } catch (thrown) {
    result = thrown;
  }
  type Body = {
    ok: boolean;
    message?: string;
    formError?: string;
    errors?: Record<string, { message: string }>;
  };
  const d = result as { init?: { status?: number }; data?: unknown };
  if ("data" in d) return { status: d.init?.status ?? 200, body: d.data as Body };
  return { status: 200, body: d as Body };
}

const version = async () => (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;

describe("the staff's Verlenging tab", () => {
  it("shows the open request with its term; only the decision maker gets the form", async () => {
    const dm = await load(s.decisionMaker);
    expect(dm.open?.id).toBe(extensionId);
    expect(dm.open?.decisionDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dm.openOverdue).toBe(false);
    expect(dm.canDecide).toBe(true);
    const handler = await load(s.handler);
    expect(handler.open?.id).toBe(extensionId);
    expect(handler.canDecide).toBe(false);
    const finance = await load(await s.newUser("FINANCE"));
    expect(finance.canDecide).toBe(false);
    expect((await load(s.adviser)) as unknown).toEqual({ thrownStatus: 403 });
  });

  it("lets only the decision maker post", async () => {
    const answer = await post(s.handler, {});
    expect(answer.status).toBe(403);
  });

  it("refuses fewer months than asked without reasons, at the reason field", async () => {
    const answer = await post(s.decisionMaker, {
      intent: "decide",
      expectedVersion: String(await version()),
      extensionId,
      outcome: "GRANT",
      months: "4",
      reason: "",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.reason?.message).toMatch(/minder maanden/);
  });

  it("answers a form for a request that is no longer open as a conflict", async () => {
    const answer = await post(s.decisionMaker, {
      intent: "decide",
      expectedVersion: String(await version()),
      extensionId: "00000000-0000-4000-8000-000000000000",
      outcome: "REFUSE",
      reason: "Er is geen reden gegeven waarom de vertraging buiten de aanvrager lag.",
    });
    expect(answer.status).toBe(409);
    expect(answer.body.formError).toMatch(/kan niet meer worden beslist/);
  });

  it("shows a decision maker who handled the plan why not (four eyes), rather than an error page", async () => {
    await prisma.roleMembership.create({ data: { userId: s.handler.userId, role: "DECISION_MAKER" } });
    const both: Actor = { ...s.handler, roles: ["CASE_HANDLER", "DECISION_MAKER"] };
    const answer = await post(both, {
      intent: "decide",
      expectedVersion: String(await version()),
      extensionId,
      outcome: "GRANT",
      months: "6",
      reason: "",
    });
    expect(answer.status).toBe(403);
    expect(answer.body.formError).toBe(FOUR_EYES_REFUSAL);
    // The tab says so before any press: no form, the reason instead.
    const page = await load(both);
    expect(page.canDecide).toBe(false);
    expect(page.cannotDecide).toBe(FOUR_EYES_REFUSAL);
    expect((await load(s.decisionMaker)).cannotDecide).toBeNull();
  });

  it("grants four of six months with reasons and moves the plan's end", async () => {
    const before = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const answer = await post(s.decisionMaker, {
      intent: "decide",
      expectedVersion: String(before.version),
      extensionId,
      outcome: "GRANT",
      months: "4",
      reason: "Vier maanden volstaan om de laatste groep de scholing te laten afronden.",
    });
    expect(answer.body).toMatchObject({ ok: true });
    const after = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    if (!before.periodEnd || !after.periodEnd) throw new Error("a granted plan has a period");
    expect(localDateFromDb(after.periodEnd)).toBe(extendedPeriodEnd(localDateFromDb(before.periodEnd), 4));
    const page = await load(s.decisionMaker);
    expect(page.open).toBeNull();
    expect(page.canDecide).toBe(false);
    expect(page.rows[0]).toMatchObject({ status: "GRANTED", grantedMonths: 4 });
    // The tab's period: the granted end, and the verlenging beside it.
    expect(page.plan.granted).toEqual({
      previousPeriodEnd: localDateFromDb(before.periodEnd),
      newPeriodEnd: localDateFromDb(after.periodEnd),
    });
  });
});
