import type { Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { parseGrantTerms } from "../decision/terms.ts";
import { advanceSchedule } from "../documents/advances.ts";
import { amsterdamDate, localDateFromDb, localDateToDb } from "../time/index.ts";

/**
 * The voorschotten of a grant as Payment rows (regulation art. 5.3, design.md §2). The amounts and
 * dates are the ones the grant letter announces: both come from advanceSchedule() with the
 * decision's date and granted amount, so the letter and the payments cannot disagree. The rest of
 * the grant is paid after the vaststelling (a FINAL payment the settlement creates).
 *
 * Runs inside the grant's transaction (an effect of grant and grant_partially). A plan that
 * already has payments gets none added, so a repeated effect never doubles the schedule.
 */
export async function scheduleAdvances(tx: Tx, planId: string): Promise<number> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      advancesRequested: true,
      periodStart: true,
      periodEnd: true,
      decision: { select: { decidedAt: true, terms: true, years: { select: { grantedCents: true } } } },
      _count: { select: { payments: true } },
    },
  });
  if (!plan.advancesRequested || plan._count.payments > 0) return 0;
  if (!plan.periodStart || !plan.periodEnd || !plan.decision) return 0;
  const granted = plan.decision.years.reduce((sum, y) => sum + y.grantedCents, 0n);
  // The advance terms the grant (and its letter) was made on, not the regulation's of today.
  const terms = parseGrantTerms(plan.decision.terms);
  const schedule = advanceSchedule(
    granted,
    {
      initialBp: terms.advanceInitialBp,
      maxBp: terms.advanceMaxBp,
      intervalMonths: terms.advanceIntervalMonths,
    },
    // The letter is dated on the decision day; without a decision row (never in practice) today.
    amsterdamDate(plan.decision.decidedAt ?? now()),
    localDateFromDb(plan.periodStart),
    localDateFromDb(plan.periodEnd),
  );
  if (schedule.length === 0) return 0;
  await tx.payment.createMany({
    data: schedule.map((s, i) => ({
      planId,
      sequence: i + 1,
      kind: "ADVANCE" as const,
      dueOn: localDateToDb(s.date),
      amountCents: s.amountCents,
    })),
  });
  return schedule.length;
}

/** The workflow effect (definition.server.ts, grant and grant_partially). */
export async function scheduleAdvancesEffect({ tx, plan }: { tx: Tx; plan: { id: string } }): Promise<void> {
  await scheduleAdvances(tx, plan.id);
}

export type CancelledPayment = { id: string; amountCents: bigint; batchId: string | null };

/**
 * A grant ends before all its payments are made (revocation, vaststelling): every payment not yet
 * paid — planned, or in a batch not yet approved — is cancelled. Called under the plan's lock, so a
 * batch approved afterwards finds them cancelled and is refused (approveBatch).
 */
export async function cancelOpenPayments(tx: Tx, planId: string, at: Date): Promise<CancelledPayment[]> {
  const open = await tx.payment.findMany({
    where: { planId, status: { in: ["PLANNED", "IN_BATCH"] } },
    select: { id: true, amountCents: true, batchId: true },
  });
  if (open.length > 0) {
    await tx.payment.updateMany({
      where: { id: { in: open.map((p) => p.id) } },
      data: { status: "CANCELLED", cancelledAt: at },
    });
  }
  return open;
}
