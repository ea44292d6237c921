import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { settleForPlan } from "../budget/ledger.server.ts";
import { requestAllocation } from "../budget/waiting-list.server.ts";
import { now } from "../clock.ts";
import { PROPOSER_MAY_NOT_SETTLE } from "../decision/engine.server.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro, minCents } from "../money.ts";
import { writeOutbox } from "../outbox.server.ts";
import { cancelOpenPayments } from "../payments/schedule.server.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { amsterdamDate, localDateToDb } from "../time/index.ts";
import { applyEvent, assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";
import { computeSettlement } from "./compute.ts";
import { loadSettlementBasis } from "./propose.server.ts";
import { cancelSettlementDecisionReminder } from "./reminders.server.ts";
import { recoveryClaimDueOn } from "./terms.ts";

// With the four-eyes rule, whose guard says it to every earlier proposer too.
export { PROPOSER_MAY_NOT_SETTLE };

export type SettleInput = { reduction: "NIL" | "PROPORTIONAL" | null; reason: string };

/**
 * The decision maker settles (vaststelling, regulation art. 5.5): the `settle` event books it in
 * one transaction (see bookSettlement). The choice between nil and a proportional reduction is
 * recorded on the Settlement row first, in the same transaction, for the effect to read.
 */
export async function settlePlan(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  input: SettleInput,
): Promise<{ version: number; settledCents: bigint }> {
  const reason = input.reason.trim();
  if (reason.length < 10)
    throw new RuleViolation("Motiveer de vaststelling in ten minste 10 tekens.", "reason");
  return prisma.$transaction(
    async (tx) => {
      const visible = await tx.plan.findFirst({
        where: planWhereForActor(actor, planId),
        select: { id: true },
      });
      if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
      // The plan's lock before the Settlement row, in the order proposeSettlement takes them: a
      // revised proposal at the same moment either finishes first (and its new version makes this
      // form stale: a conflict, not a deadlock) or waits for the vaststelling and finds it settled.
      const facts = await lockPlan(tx, planId);
      assertVersion(facts, expectedVersion);
      const settlement = await tx.settlement.findUnique({ where: { planId }, select: { id: true } });
      if (!settlement) throw new ConflictError("Er is nog geen voorstel tot vaststelling.", "NO_PROPOSAL");
      await tx.settlement.update({ where: { id: settlement.id }, data: { reduction: input.reduction } });
      const { version } = await applyEvent(tx, {
        planId,
        event: "settle",
        actor,
        expectedVersion,
        input: { reason },
        locked: facts,
      });
      const settled = await tx.settlement.findUniqueOrThrow({
        where: { id: settlement.id },
        select: { settledCents: true },
      });
      return { version, settledCents: settled.settledCents ?? 0n };
    },
    { timeout: 30_000 },
  );
}

/**
 * Effect of `settle`, under the plan's lock: the settled amount (never above the grant, nor above
 * the proposal), the ledger booking (release above it; a RecoveryClaim with its RECOVERY entry when
 * more was advanced), the payments (planned advances cancelled, a FINAL payment for what is still
 * owed), the waiting line served with released money, the letter and the end of the term reminder.
 */
export async function bookSettlement({ tx, plan, actor, input }: EffectContext): Promise<void> {
  const settlement = await tx.settlement.findUnique({ where: { planId: plan.id } });
  if (!settlement) throw new ConflictError("Er is nog geen voorstel tot vaststelling.", "NO_PROPOSAL");
  if (settlement.settledAt) throw new ConflictError("De subsidie is al vastgesteld.", "WRONG_STATE");
  if (settlement.proposedById === actor.userId) throw new ForbiddenError(PROPOSER_MAY_NOT_SETTLE);

  const basis = await loadSettlementBasis(tx, plan.id);
  const figures = computeSettlement(basis.rule, settlement.reduction);
  if (figures.belowThreshold && !settlement.reduction)
    throw new RuleViolation(
      "De realisatie ligt onder de drempel: kies tussen vaststelling op nihil en een evenredige verlaging.",
      "reduction",
    );
  // The choice between nil and a proportional reduction exists only below the threshold (art. 5.1
  // lid 3–4); the form offers it only there. A choice posted anyway for a plan above it is no
  // choice made: kept, it would read "(nihil)" beside an amount paid in full.
  const reduction = figures.belowThreshold ? settlement.reduction : null;
  // Below the threshold the proposal is the amount a proportional reduction would pay (proposeSettlement),
  // and the vaststelling never goes above it. A nil proposal where the reduction pays something cannot
  // carry that choice: it would settle at nil while the letter cites the proportional reduction of
  // art. 5.1 lid 4. Raising the amount is the handler's revised proposal, not the decision maker's (four eyes).
  if (reduction === "PROPORTIONAL" && settlement.proposedCents === 0n && figures.computedCents > 0n)
    throw new RuleViolation(
      `Het voorstel is een vaststelling op nihil; een evenredige verlaging geeft ${formatEuro(figures.computedCents)}. ` +
        "Kies vaststelling op nihil, of vraag de behandelaar het voorstel te herzien naar het evenredige bedrag.",
      "reduction",
    );
  // The rule's amount is the ceiling; the proposal may be lower (costs not accepted on review).
  const settledCents = minCents(figures.computedCents, settlement.proposedCents);

  const at = now();
  // Under the plan's lock, as the revocation does: a batch approved after this finds them cancelled.
  const cancelled = await cancelOpenPayments(tx, plan.id, at);
  const paid = await tx.payment.aggregate({
    where: { planId: plan.id, status: "PAID" },
    _sum: { amountCents: true },
  });
  const paidCents = paid._sum.amountCents ?? 0n;
  const booking = await settleForPlan(tx, {
    planId: plan.id,
    actorId: actor.userId,
    settledCents,
    reason: `Vaststelling op ${formatEuro(settledCents)}`,
    // Provisional: the letter's bekendmaking sets the last day (produceSettlementLetter).
    recoveryDueOn: localDateToDb(recoveryClaimDueOn(at)),
  });
  if (booking.recoveryClaimId)
    await tx.recoveryClaim.update({
      where: { id: booking.recoveryClaimId },
      data: { settlementId: settlement.id },
    });

  let finalPaymentId: string | null = null;
  if (settledCents > paidCents) {
    const last = await tx.payment.aggregate({ where: { planId: plan.id }, _max: { sequence: true } });
    const payment = await tx.payment.create({
      data: {
        planId: plan.id,
        sequence: (last._max.sequence ?? 0) + 1,
        kind: "FINAL",
        dueOn: localDateToDb(amsterdamDate(at)),
        amountCents: settledCents - paidCents,
        createdAt: at,
      },
      select: { id: true },
    });
    finalPaymentId = payment.id;
  }

  await tx.settlement.update({
    where: { id: settlement.id },
    data: {
      // Recomputed at settlement, so the basis is stored with the realisation measured against it.
      plannedCostsCents: figures.eligibleCostsCents,
      actualCostsCents: figures.countedCostsCents,
      computedCents: figures.computedCents,
      realisationBp: figures.realisationBp,
      overheadCents: figures.overheadCents,
      reduction,
      settledCents,
      settledById: actor.userId,
      settledAt: at,
      reason: input.reason ?? null,
      paidCents,
    },
  });
  await tx.auditLog.create({
    data: {
      actorId: actor.userId,
      action: "settlement.settled" satisfies AuditAction,
      targetType: "Plan",
      targetId: plan.id,
      details: {
        settlementId: settlement.id,
        settledCents: settledCents.toString(),
        reduction,
        paidCents: paidCents.toString(),
        releasedCents: booking.releasedCents.toString(),
        recoveredCents: booking.recoveredCents.toString(),
        recoveryClaimId: booking.recoveryClaimId,
        finalPaymentId,
        cancelledPayments: cancelled.length,
      },
      createdAt: at,
    },
  });
  if (booking.releasedCents > 0n) {
    const { regulation } = await tx.plan.findUniqueOrThrow({
      where: { id: plan.id },
      select: { regulation: { select: { fund: true } } },
    });
    await requestAllocation(tx, regulation.fund);
  }
  await cancelSettlementDecisionReminder(tx, plan.id);
  await writeOutbox(tx, "renderLetter", {
    kind: "SETTLEMENT_DECISION",
    planId: plan.id,
    settlementId: settlement.id,
  });
}
