import type { Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { reserveForPlan } from "../budget/ledger.server.ts";
import { now } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import { addCalendarDays, formatDateNl, startOfAmsterdamDay } from "../time/index.ts";
import type { EffectContext, PlanFacts } from "../workflow/definition.server.ts";

/**
 * The decision maker's guards and effects in the workflow table (grant, grant_partially, reject,
 * revoke). Kept here so the table stays one readable list; this module imports nothing that
 * imports the table (only its types), so there is no import cycle.
 */

export const FOUR_EYES_REFUSAL =
  "U heeft dit plan behandeld of erover geadviseerd; een ander moet erover beslissen (vier-ogenprincipe).";

/**
 * Four-eyes (design.md §4): every handler and every adviser of the plan never decide it. A handler
 * is anyone who took a handler's step in its history, not only the current handlerId, which the
 * last step overwrites: who asked for the supplement handled the plan as much as who declared it
 * complete. An adviser is who advised or is assigned (also one still to declare, or who declared a
 * conflict of interest).
 */
export function fourEyesRefusal(plan: PlanFacts, actor: Actor): string | null {
  const involved = new Set([
    ...(plan.handlerId ? [plan.handlerId] : []),
    ...(plan.handlerStepActorIds ?? []),
    ...plan.adviserIds,
    ...(plan.assignedAdviserIds ?? []),
  ]);
  return involved.has(actor.userId) ? FOUR_EYES_REFUSAL : null;
}

/** The events that make their actor a handler of the plan, for views that build PlanFacts themselves. */
export function handlerStepActorIds(
  events: { actorId: string | null; actorRole: string | null }[],
): string[] {
  return [
    ...new Set(
      events.filter((e) => e.actorRole === "CASE_HANDLER" && e.actorId).map((e) => e.actorId as string),
    ),
  ];
}

/** handlerStepActorIds of a plan, read for a page that shows whether the reader may decide it. */
export async function loadHandlerStepActorIds(db: Tx, planId: string): Promise<string[]> {
  return handlerStepActorIds(
    await db.workflowEvent.findMany({
      where: { planId, actorRole: "CASE_HANDLER" },
      select: { actorId: true, actorRole: true },
    }),
  );
}

export const WINDOW_STILL_OPEN =
  "Het tijdvak van dit plan is nog open: een wachtend plan krijgt budget zodra er geld vrijkomt. Pas na de sluiting van het tijdvak kan het worden afgewezen of gedeeltelijk verleend.";

/** A waiting plan is decided only once its window has closed (design.md §4 "Waiting for budget"). */
export function windowClosedRefusal(plan: PlanFacts): string | null {
  if (plan.status !== "WAITING_FOR_BUDGET") return null;
  if (!plan.windowClosesAt || now() < plan.windowClosesAt) return WINDOW_STILL_OPEN;
  return null;
}

/**
 * The first moment a grant may be revoked: the day after the last day to start (regulation art.
 * 5.2). That last day is the reminder's and the letter's (executionStartDeadline, moved by the
 * Atw), so the applicant is never revoked on a day the letter still allows.
 */
export function revocableFrom(decidedAt: Date, executionStartMonths: number): Date {
  return startOfAmsterdamDay(addCalendarDays(executionStartDeadline(decidedAt, executionStartMonths), 1));
}

/**
 * Intrekking: only once the term to start has passed without a reported start. A reported start
 * moves the plan to IN_EXECUTION, so "no start reported" is the state itself.
 */
export function revokeRefusal(plan: PlanFacts): string | null {
  if (!plan.decidedAt) return "Over dit plan is nog geen besluit genomen.";
  const months = plan.executionStartMonths ?? 6;
  if (now() < revocableFrom(plan.decidedAt, months)) {
    return `De aanvrager mag tot en met ${formatDateNl(executionStartDeadline(plan.decidedAt, months))} met de uitvoering beginnen; pas daarna kan de verlening worden ingetrokken.`;
  }
  return null;
}

const RESERVING_STATUSES = ["INFO_REQUESTED", "IN_ASSESSMENT", "ADVISED"] as const;

/**
 * End of the window (design.md §4): waiting plans are decided only when nothing more can be
 * released — no other plan of the window still holds a reservation while undecided. For a
 * partial grant, moreover, only the first waiting plan (order of complete receipt) qualifies.
 * Returns the refusal, or null.
 */
export async function endOfWindowRefusal(
  tx: Tx,
  planId: string,
  forPartialGrant: boolean,
): Promise<string | null> {
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { windowId: true } });
  if (!plan.windowId) return "Dit plan is in geen tijdvak ontvangen.";
  const holding = await tx.plan.findFirst({
    where: {
      windowId: plan.windowId,
      id: { not: planId },
      status: { in: [...RESERVING_STATUSES] },
      completeReceivedAt: { not: null },
    },
    orderBy: [{ completeReceivedAt: "asc" }, { number: "asc" }],
    select: { reference: true },
  });
  if (holding) {
    return `Er kan nog budget vrijkomen: over plan ${holding.reference} is nog niet beslist. Beslis eerst over de plannen met een reservering.`;
  }
  if (!forPartialGrant) return null;
  const first = await firstWaitingPlan(tx, plan.windowId);
  if (first && first.id !== planId) {
    return `Alleen het eerste wachtende plan (${first.reference}) kan gedeeltelijk worden verleend voor wat er over is; de andere wachtende plannen worden afgewezen omdat het subsidieplafond is bereikt.`;
  }
  return null;
}

/** The waiting plan first in line: order of complete receipt, then of number. */
export async function firstWaitingPlan(tx: Pick<Tx, "plan">, windowId: string) {
  return tx.plan.findFirst({
    where: { windowId, status: "WAITING_FOR_BUDGET" },
    orderBy: [{ completeReceivedAt: "asc" }, { number: "asc" }],
    select: { id: true, reference: true },
  });
}

/**
 * grant_partially from WAITING_FOR_BUDGET: the plan holds nothing yet, so what is left is
 * reserved first (each year at most the request) and then committed by the next effect.
 */
export async function reserveWhatIsLeft({ tx, plan, actor, input }: EffectContext): Promise<void> {
  if (plan.status !== "WAITING_FOR_BUDGET") return;
  const refusal = await endOfWindowRefusal(tx, plan.id, true);
  if (refusal) throw new RuleViolation(refusal, "outcome");
  if (!input.grantedPerYear) throw new Error("partial grant without amounts");
  await reserveForPlan(tx, {
    planId: plan.id,
    actorId: actor.userId,
    perYear: input.grantedPerYear,
    reason: "Subsidieplafond bereikt: wat resteert wordt verleend",
  });
}

/** reject from WAITING_FOR_BUDGET: only when nothing more can be released in the window. */
export async function checkNothingLeftToRelease({ tx, plan }: EffectContext): Promise<void> {
  if (plan.status !== "WAITING_FOR_BUDGET") return;
  const refusal = await endOfWindowRefusal(tx, plan.id, false);
  if (refusal) throw new RuleViolation(refusal, "outcome");
}
