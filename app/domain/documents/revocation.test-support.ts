import { prisma } from "../../db/client.server.ts";
import type { Scenario } from "../../test/scenario.server.ts";
import { disburseForPlan } from "../budget/ledger.server.ts";
import { now } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { addMonths, amsterdamDate, startOfAmsterdamDay } from "../time/index.ts";
import { grantedScenarioPlan } from "./test-fixtures.server.ts";

/**
 * A scenario plan granted in full through the use cases, its grant dated seven months back (so the
 * six months to start execution have passed and revoke may fire at the real clock), with one
 * advance of `paidCents` paid (booked as the payments module books it) and one still planned.
 */
export async function revocableScenarioPlan(s: Scenario, paidCents = 6_000_000n) {
  const granted = await grantedScenarioPlan(s);
  const { planId } = granted;
  const decidedAt = startOfAmsterdamDay(addMonths(amsterdamDate(now()), -7));
  await prisma.decision.update({ where: { planId }, data: { decidedAt } });
  // The schedule the grant made is replaced by the test's own two advances.
  await prisma.payment.deleteMany({ where: { planId } });
  if (paidCents > 0n) {
    const paid = await prisma.payment.create({
      data: {
        planId,
        sequence: 1,
        kind: "ADVANCE",
        dueOn: decidedAt,
        amountCents: paidCents,
        status: "PAID",
      },
    });
    await prisma.$transaction((tx) =>
      disburseForPlan(tx, {
        planId,
        actorId: "test",
        paymentId: paid.id,
        amountCents: paidCents,
        reason: "Voorschot",
      }),
    );
  }
  await prisma.payment.create({
    data: { planId, sequence: 2, kind: "ADVANCE", dueOn: now(), amountCents: 6_000_000n },
  });
  const { version } = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { version: true },
  });
  return { ...granted, decidedAt, version };
}

export const REVOCATION_REASON =
  "De uitvoering is niet binnen zes maanden begonnen; er is geen start gemeld.";

/** revocableScenarioPlan, then revoked by the scenario's decision maker. */
export async function revokedScenarioPlan(s: Scenario, paidCents = 6_000_000n) {
  const plan = await revocableScenarioPlan(s, paidCents);
  const revoked = await revokeGrant(s.decisionMaker, plan.planId, plan.version, REVOCATION_REASON);
  return { ...plan, version: revoked.version };
}
