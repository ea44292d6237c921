import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { cancelOpenPayments } from "../payments/schedule.server.ts";
import { recoveryClaimDueOn } from "../settlement/terms.ts";
import { localDateToDb } from "../time/index.ts";
import type { EffectContext } from "../workflow/definition.server.ts";
import { settleForPlan } from "./ledger.server.ts";
import { requestAllocation } from "./waiting-list.server.ts";

/**
 * Effect of revoke (intrekking, regulation art. 5.2): the grant is settled at nil. Planned and
 * batched payments are cancelled first — under the plan's lock, so a batch approved after this
 * finds them cancelled (the payments module refuses to approve a batch holding one) — then the
 * commitment is released and whatever was already paid is claimed back (settleForPlan books the
 * RECOVERY with its RecoveryClaim), and the fund's waiting line is served with the released money.
 * All in the event's transaction, with one AuditLog row naming the amounts.
 */
export async function settleAtNilOnRevocation({ tx, plan, actor }: EffectContext): Promise<void> {
  const at = now();
  const cancellable = await cancelOpenPayments(tx, plan.id, at);
  const booking = await settleForPlan(tx, {
    planId: plan.id,
    actorId: actor.userId,
    settledCents: 0n,
    reason: "Intrekking van de subsidieverlening: vastgesteld op nihil",
    // The same term as a vaststelling's claim, moved past a closed day (Atw). Provisional: the
    // letter's bekendmaking sets the last day (produceRevocationLetter).
    recoveryDueOn: localDateToDb(recoveryClaimDueOn(at)),
  });
  await tx.auditLog.create({
    data: {
      actorId: actor.userId,
      action: "grant.revoked" satisfies AuditAction,
      targetType: "Plan",
      targetId: plan.id,
      details: {
        releasedCents: booking.releasedCents.toString(),
        recoveredCents: booking.recoveredCents.toString(),
        recoveryClaimId: booking.recoveryClaimId,
        cancelledPayments: cancellable.map((p) => ({
          id: p.id,
          amountCents: p.amountCents.toString(),
          batchId: p.batchId,
        })),
      },
      createdAt: at,
    },
  });
  const { regulation } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { regulation: { select: { fund: true } } },
  });
  await requestAllocation(tx, regulation.fund);
}
