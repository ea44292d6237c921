import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { followChangedRequest, reserveInOrderOrWait } from "../budget/waiting-list.server.ts";
import { now } from "../clock.ts";
import { writeOutbox } from "../outbox.server.ts";
import {
  cancelReminders,
  DECISION_TERM_KINDS,
  SUPPLEMENT_TERM_KINDS,
  scheduleDecisionTermReminders,
  scheduleExecutionStartReminder,
  scheduleSupplementTermReminders,
} from "../reminders/reminders.server.ts";
import { amsterdamDate, formatDateNl } from "../time/index.ts";
import type { EffectContext, PlanFacts } from "../workflow/definition.server.ts";
import { suspendedDaysOf, termWeeksOf } from "./decision-term.ts";

/**
 * The case handler's guards and effects for the workflow table (request_info, supply_info,
 * not_consider, complete, and the execution-start check of grant / report_start). The table in
 * definition.server.ts names them; the logic lives here.
 */

// The table's own Effect type (definition.server.ts), which an effect without a result satisfies.
// biome-ignore lint/suspicious/noConfusingVoidType: an effect may return nothing or a target.
type Effect = (ctx: EffectContext) => Promise<void | { to: PlanStatus }>;

/**
 * "Compleet": reserve the budget in order of complete receipt, or let the plan wait for budget —
 * when a pot cannot hold it, or when an earlier plan of its fund already waits (no overtaking;
 * budget/waiting-list.server.ts). Undecided reservations of plans received later give way to it.
 */
export const reserveOrWait: Effect = async ({ tx, plan, actor, fireEvent }) => {
  const outcome = await reserveInOrderOrWait(tx, { planId: plan.id, actorId: actor.userId, fireEvent });
  if (outcome === "WAITING") return { to: "WAITING_FOR_BUDGET" };
};

async function openRequest(ctx: EffectContext) {
  return ctx.tx.supplementRequest.findFirst({
    where: { planId: ctx.plan.id, answeredAt: null },
    orderBy: { requestedAt: "desc" },
    select: { id: true, requestedAt: true, dueAt: true },
  });
}

/**
 * "Aanvulling vragen": the decision term stops (Awb 4:15) — its reminders are cancelled and come
 * back, moved, when the supplement arrives; the hersteltermijn gets its own reminders; the letter
 * is rendered by the worker. The request row is written before the event (requestSupplement).
 */
export const supplementRequested: Effect = async (ctx) => {
  const request = await openRequest(ctx);
  if (!request) throw new Error("request_info without a supplement request");
  await cancelReminders(ctx.tx, ctx.plan.id, DECISION_TERM_KINDS);
  await scheduleSupplementTermReminders(ctx.tx, ctx.plan.id, request);
  await writeOutbox(ctx.tx, "renderLetter", {
    kind: "SUPPLEMENT_REQUEST",
    planId: ctx.plan.id,
    supplementRequestId: request.id,
  });
};

/**
 * The supplement arrived (submitPlan marked the request answered): back to where the plan was.
 * - From SUBMITTED: the moment of receipt becomes the supplement's arrival (Awb 4:5; regulation
 *   art. 1.5), which orders the completeness queue. The decision term had not started.
 * - From IN_ASSESSMENT: the days the term stood still (up to the supplement's day, or to the
 *   hersteltermijn's last day including it) are counted in Plan.suspendedDays, the decision due
 *   date recomputed and its reminders
 *   rescheduled. The plan holds a reservation, and the resubmission may have changed its yearly
 *   amounts: the reservation follows them, or the plan waits for budget when they no longer fit
 *   (followChangedRequest). Its decision term runs on while it waits, as after "complete".
 */
export const supplementArrived: Effect = async ({ tx, plan, actor, fireEvent }) => {
  const request = await tx.supplementRequest.findFirst({
    where: { planId: plan.id, answeredAt: { not: null } },
    orderBy: { answeredAt: "desc" },
    select: { requestedAt: true, answeredAt: true, dueAt: true, fromStatus: true },
  });
  if (!request?.answeredAt) throw new Error("supply_info without an answered supplement request");
  await cancelReminders(tx, plan.id, SUPPLEMENT_TERM_KINDS);
  if (request.fromStatus === "IN_ASSESSMENT") {
    // Awb 4:15: suspended until the supplement arrives OR the hersteltermijn lapses, whichever is
    // first; a late supplement does not buy the authority the days after the term. The sum over
    // all requests, not an increment: the lapse tick may have counted this one's days already.
    // A request asked after the term had ended suspended nothing (suspendingRequestsOf).
    const asked = await tx.supplementRequest.findMany({
      where: { planId: plan.id, fromStatus: "IN_ASSESSMENT" },
      select: { requestedAt: true, dueAt: true, answeredAt: true, fromStatus: true },
    });
    const start = await tx.plan.findUniqueOrThrow({
      where: { id: plan.id },
      select: {
        completeReceivedAt: true,
        decisionTermWeeks: true,
        regulation: { select: { decisionTermWeeks: true } },
      },
    });
    if (!start.completeReceivedAt) throw new Error("supply_info from assessment without complete receipt");
    const days = suspendedDaysOf(asked, request.answeredAt, {
      completeReceivedAt: start.completeReceivedAt,
      decisionTermWeeks: termWeeksOf(start),
    });
    await tx.plan.update({ where: { id: plan.id }, data: { suspendedDays: days } });
    await scheduleDecisionTermReminders(tx, plan.id);
    const outcome = await followChangedRequest(tx, { planId: plan.id, actorId: actor.userId, fireEvent });
    return { to: outcome === "WAITING" ? "WAITING_FOR_BUDGET" : "IN_ASSESSMENT" };
  }
  await tx.plan.update({ where: { id: plan.id }, data: { receivedAt: request.answeredAt } });
};

/** Awb 4:5: an application is only closed as not considered once its hersteltermijn has lapsed. */
export function hersteltermijnLapsed(plan: PlanFacts, _actor: Actor): string | null {
  if (!plan.supplementDueAt) return "Er staat geen verzoek om aanvulling open.";
  if (plan.supplementDueAt.getTime() >= now().getTime()) {
    return `De hersteltermijn loopt nog tot en met ${formatDateNl(amsterdamDate(plan.supplementDueAt))}; pas daarna kan de aanvraag buiten behandeling worden gesteld.`;
  }
  return null;
}

export const notConsideredLetter: Effect = async ({ tx, plan }) => {
  await writeOutbox(tx, "renderLetter", { kind: "NOT_CONSIDERED_DECISION", planId: plan.id });
};

/**
 * Regulation art. 5.2: execution starts within `executionStartMonths` of the grant. Runs after
 * stopReminders in the grant events, so this reminder is the one that survives.
 */
export const scheduleExecutionCheck: Effect = async ({ tx, plan }) => {
  await scheduleExecutionStartReminder(tx, plan.id, plan.decidedAt ?? now(), plan.executionStartMonths ?? 6);
};

export const cancelExecutionCheck: Effect = async ({ tx, plan }) => {
  await cancelReminders(tx, plan.id, ["EXECUTION_NOT_STARTED"]);
};
