import type { Tx } from "../../db/client.server.ts";
import type { ReminderKind } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import { extensionDecisionDueOn } from "../extension/rules.ts";
import { termWeeksOf } from "../review/decision-term.ts";
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamTimeOn,
  decisionDueDate,
  type LocalDate,
  localDateToDb,
  termEndAfterDay,
} from "../time/index.ts";

/** Reminders go out at the start of the working day, Amsterdam time. */
const SEND_HOUR = 8;
export const WARNING_DAYS_BEFORE = 7;
/** The applicant is warned this many days before the hersteltermijn ends. */
export const SUPPLEMENT_WARNING_DAYS_BEFORE = 3;

export const DECISION_TERM_KINDS = ["DECISION_TERM_WARNING", "DECISION_TERM_LAST_DAY"] as const;
export const SUPPLEMENT_TERM_KINDS = ["SUPPLEMENT_TERM_WARNING", "SUPPLEMENT_TERM_LAPSED"] as const;

function sendMoment(day: LocalDate): Date {
  return amsterdamTimeOn(day, SEND_HOUR);
}

/** When each decision-term reminder is due, for a term ending on `termEnd` (pure; unit tested). */
export function decisionTermReminderMoments(termEnd: LocalDate): { kind: ReminderKind; dueAt: Date }[] {
  return [
    { kind: "DECISION_TERM_WARNING", dueAt: sendMoment(addCalendarDays(termEnd, -WARNING_DAYS_BEFORE)) },
    { kind: "DECISION_TERM_LAST_DAY", dueAt: sendMoment(termEnd) },
  ];
}

/**
 * Writes the reminders of a term. One whose moment did not change keeps its sentAt: a term that is
 * scheduled again without moving (a supplement on the day it was asked for, an end the Atw moved
 * to the same working day) must not remind a second time. A moved one is due again.
 */
async function upsertReminders(
  tx: Tx,
  planId: string,
  termEnd: LocalDate,
  moments: { kind: ReminderKind; dueAt: Date }[],
): Promise<void> {
  const existing = await tx.reminder.findMany({
    where: { planId, kind: { in: moments.map((m) => m.kind) } },
    select: { kind: true, dueAt: true },
  });
  const dueBefore = new Map(existing.map((r) => [r.kind, r.dueAt.getTime()]));
  for (const { kind, dueAt } of moments) {
    const moved = dueBefore.get(kind) !== dueAt.getTime();
    // cancelledAt is cleared either way: the term runs (again), so an unsent reminder is live.
    const data = {
      termEnd: localDateToDb(termEnd),
      dueAt,
      cancelledAt: null,
      ...(moved ? { sentAt: null } : {}),
    };
    await tx.reminder.upsert({
      where: { planId_kind: { planId, kind } },
      create: { planId, kind, ...data, createdAt: now() },
      update: data,
    });
  }
}

/**
 * Schedules (or moves) the two reminders of the 13-week decision term: from the moment of complete
 * receipt, extended by the days the term was suspended (Awb 4:15), and keeps Plan.decisionDueOn in
 * step with them. Runs in the transaction of the event that starts or resumes the term.
 */
export async function scheduleDecisionTermReminders(tx: Tx, planId: string): Promise<LocalDate> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      completeReceivedAt: true,
      suspendedDays: true,
      decisionTermWeeks: true,
      regulation: { select: { decisionTermWeeks: true } },
    },
  });
  if (!plan.completeReceivedAt) throw new Error("decision term without complete receipt");
  // The term the plan was found complete under, not the regulation's as it stands now.
  const termEnd = decisionDueDate(plan.completeReceivedAt, termWeeksOf(plan), plan.suspendedDays);
  await tx.plan.update({ where: { id: planId }, data: { decisionDueOn: localDateToDb(termEnd) } });
  await upsertReminders(tx, planId, termEnd, decisionTermReminderMoments(termEnd));
  return termEnd;
}

/**
 * When each hersteltermijn reminder is due (pure): the applicant a few days before the term ends
 * (not before the request itself), the handler the morning after it lapsed.
 */
export function supplementTermReminderMoments(
  requestedAt: Date,
  dueAt: Date,
): { kind: ReminderKind; dueAt: Date }[] {
  const lastDay = amsterdamDate(dueAt);
  const warning = sendMoment(addCalendarDays(lastDay, -SUPPLEMENT_WARNING_DAYS_BEFORE));
  return [
    {
      kind: "SUPPLEMENT_TERM_WARNING",
      dueAt: warning.getTime() > requestedAt.getTime() ? warning : requestedAt,
    },
    { kind: "SUPPLEMENT_TERM_LAPSED", dueAt: sendMoment(addCalendarDays(lastDay, 1)) },
  ];
}

/** The reminders of a supplement request's hersteltermijn (Awb 4:5), replacing earlier ones. */
export async function scheduleSupplementTermReminders(
  tx: Tx,
  planId: string,
  request: { requestedAt: Date; dueAt: Date },
): Promise<void> {
  await upsertReminders(
    tx,
    planId,
    amsterdamDate(request.dueAt),
    supplementTermReminderMoments(request.requestedAt, request.dueAt),
  );
}

/**
 * The last day on which execution may start (regulation art. 5.2: within `months` of the grant);
 * the reminder goes out the morning after. Six months is more than three, so the Atw does not move
 * it past a closed day (art. 4 sub a); a term of three months or less it would.
 */
export function executionStartDeadline(decidedAt: Date, months: number): LocalDate {
  return termEndAfterDay(amsterdamDate(decidedAt), { months });
}

export async function scheduleExecutionStartReminder(
  tx: Tx,
  planId: string,
  decidedAt: Date,
  months: number,
): Promise<LocalDate> {
  const deadline = executionStartDeadline(decidedAt, months);
  await upsertReminders(tx, planId, deadline, [
    { kind: "EXECUTION_NOT_STARTED", dueAt: sendMoment(addCalendarDays(deadline, 1)) },
  ]);
  return deadline;
}

/** When the warning of a verlenging's decision term is due: 7 days before its last day, at 08:00. */
export function extensionDecisionReminderMoment(requestedAt: Date): { termEnd: LocalDate; dueAt: Date } {
  const termEnd = extensionDecisionDueOn(requestedAt);
  return { termEnd, dueAt: sendMoment(addCalendarDays(termEnd, -WARNING_DAYS_BEFORE)) };
}

/**
 * A request for verlenging is an aanvraag for a besluit (Awb 4:13 lid 2: eight weeks), late like
 * any other (Awb 4:17), so its term is watched as the grant's is. Runs in the request's transaction.
 * One row per plan: a request after a refused or withdrawn one is a new term, so the row is armed
 * again whatever the earlier one's state (sent or cancelled).
 */
export async function scheduleExtensionDecisionReminder(
  tx: Tx,
  planId: string,
  requestedAt: Date,
): Promise<LocalDate> {
  const { termEnd, dueAt } = extensionDecisionReminderMoment(requestedAt);
  const data = { termEnd: localDateToDb(termEnd), dueAt, sentAt: null, cancelledAt: null };
  await tx.reminder.upsert({
    where: { planId_kind: { planId, kind: "EXTENSION_DECISION_WARNING" } },
    create: { planId, kind: "EXTENSION_DECISION_WARNING", ...data, createdAt: now() },
    update: data,
  });
  return termEnd;
}

/**
 * A plan that moved on (decided, withdrawn) gets no more reminders; with `kinds`, only those
 * (a supplement request stops the decision term's reminders, not others).
 */
export async function cancelReminders(
  tx: Tx,
  planId: string,
  kinds?: readonly ReminderKind[],
): Promise<void> {
  await tx.reminder.updateMany({
    where: { planId, sentAt: null, cancelledAt: null, ...(kinds ? { kind: { in: [...kinds] } } : {}) },
    data: { cancelledAt: now() },
  });
}
