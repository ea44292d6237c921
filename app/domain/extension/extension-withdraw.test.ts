import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { ForbiddenError } from "../errors.ts";
import { loadExtensions, requestExtension, withdrawExtension } from "./extension.server.ts";
import { NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION } from "./rules.ts";
import { markInterimReportSubmitted } from "./test-support.server.ts";

// Withdrawing a request for verlenging gives up time the organisation asked for: only a
// tekenbevoegde may, as only a tekenbevoegde may ask (review rw15).

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { plan: { organisationId: { in: [s.orgA.id, s.orgB.id] } }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const version = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;

async function colleague(signatory: boolean): Promise<Actor> {
  const user = await prisma.user.create({
    data: {
      email: `intrekken-${randomUUID()}@test.example`,
      name: "Collega",
      passwordHash: "not-a-login",
      memberships: { create: { role: "APPLICANT", organisationId: s.orgA.id, isSignatory: signatory } },
    },
  });
  return { userId: user.id, roles: ["APPLICANT"], organisationIds: [s.orgA.id] };
}

describe("withdrawing a request for verlenging", () => {
  it("refuses a colleague who is not a tekenbevoegde, says so on the page, and leaves the request open", async () => {
    const { planId } = await grantedScenarioPlan(s);
    await markInterimReportSubmitted(planId);
    const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
      months: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    const member = await colleague(false);
    expect((await loadExtensions(member, planId)).canWithdraw).toEqual({
      ok: false,
      reason: NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION,
    });
    const refused = withdrawExtension(member, planId, await version(planId), extensionId);
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toThrow(NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION);
    const row = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    expect(row.status).toBe("REQUESTED");
    expect(await prisma.workflowEvent.count({ where: { planId, event: "withdraw_extension" } })).toBe(0);

    // A tekenbevoegde is offered it and may.
    expect((await loadExtensions(s.applicantA, planId)).canWithdraw).toEqual({ ok: true });
    await withdrawExtension(s.applicantA, planId, await version(planId), extensionId);
    expect((await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).status).toBe(
      "WITHDRAWN",
    );
    // Nothing open: nothing to withdraw.
    expect((await loadExtensions(s.applicantA, planId)).canWithdraw).toBeNull();
  });
});
