import type { Tx } from "../../db/client.server.ts";
import type { ReminderKind } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import {
  addCalendarDays,
  decisionDueDate,
  type LocalDate,
  localDateToDb,
  startOfAmsterdamDay,
} from "../time/index.ts";

/** Reminders go out at the start of the working day, Amsterdam time. */
const SEND_HOUR = 8;
export const WARNING_DAYS_BEFORE = 7;

function sendMoment(day: LocalDate): Date {
  return new Date(startOfAmsterdamDay(day).getTime() + SEND_HOUR * 3_600_000);
}

/** When each decision-term reminder is due, for a term ending on `termEnd` (pure; unit tested). */
export function decisionTermReminderMoments(termEnd: LocalDate): { kind: ReminderKind; dueAt: Date }[] {
  return [
    { kind: "DECISION_TERM_WARNING", dueAt: sendMoment(addCalendarDays(termEnd, -WARNING_DAYS_BEFORE)) },
    { kind: "DECISION_TERM_LAST_DAY", dueAt: sendMoment(termEnd) },
  ];
}

/**
 * Schedules (or moves) the two reminders of the 13-week decision term from the moment of complete
 * receipt. Runs in the transaction of the "complete" event, so a plan never exists without them.
 */
export async function scheduleDecisionTermReminders(tx: Tx, planId: string): Promise<LocalDate> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { completeReceivedAt: true, regulation: { select: { decisionTermWeeks: true } } },
  });
  if (!plan.completeReceivedAt) throw new Error("decision term without complete receipt");
  const termEnd = decisionDueDate(plan.completeReceivedAt, plan.regulation.decisionTermWeeks);
  for (const { kind, dueAt } of decisionTermReminderMoments(termEnd)) {
    const data = { termEnd: localDateToDb(termEnd), dueAt, sentAt: null, cancelledAt: null };
    await tx.reminder.upsert({
      where: { planId_kind: { planId, kind } },
      create: { planId, kind, ...data, createdAt: now() },
      update: data,
    });
  }
  return termEnd;
}

/** A plan that moved on (decided, withdrawn) gets no more reminders. */
export async function cancelReminders(tx: Tx, planId: string): Promise<void> {
  await tx.reminder.updateMany({
    where: { planId, sentAt: null, cancelledAt: null },
    data: { cancelledAt: now() },
  });
}
