import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { requestExtension } from "../../domain/extension/extension.server.ts";
import { NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION } from "../../domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../../domain/extension/test-support.server.ts";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./verlenging.tsx";

// The withdrawal of a request for verlenging on the applicant's page: offered to a tekenbevoegde
// only; a colleague who is none is told why instead, and a post of theirs is refused on the page.

let s: Scenario;
let planId: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await markInterimReportSubmitted(id);
  planId = id;
});
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { planId, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const version = async () => (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

async function load(who: Actor) {
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/verlenging`, {
    headers: { Cookie: await cookieOf(who) },
  });
  return (await loader({ request, params: { planId }, context: {} } as never)) as NonNullable<
    Awaited<ReturnType<typeof loader>>
  >;
}

async function post(who: Actor, fields: Record<string, string>) {
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/verlenging`, {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  const result = (await action({ request, params: { planId }, context: {} } as never)) as unknown as {
    init?: { status?: number };
    data?: { form?: string; formError?: string };
  };
  return { status: result.init?.status ?? 200, body: result.data };
}

describe("withdrawing a request for verlenging on the applicant's page", () => {
  it("is offered to a tekenbevoegde only; a colleague who is none is told why and refused", async () => {
    const { extensionId } = await requestExtension(s.applicantA, planId, await version(), {
      months: 3,
      motivation: "De scholing van de laatste groep begint door een late vergunning later.",
    });
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId },
      data: { isSignatory: false },
    });
    const page = await load(colleague);
    expect(page.openId).toBe(extensionId);
    expect(page.canWithdraw).toEqual({ ok: false, reason: NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION });
    expect(hasEnglish(NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION)).toBe(true);
    expect((await load(s.applicantA)).canWithdraw).toEqual({ ok: true });

    const answer = await post(colleague, {
      intent: "withdraw",
      expectedVersion: String(await version()),
      extensionId,
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ form: "withdraw", formError: NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION });
    expect((await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).status).toBe(
      "REQUESTED",
    );
  });
});
