import { type Job, type Queue, UnrecoverableError } from "bullmq";
import {
  type InterimReminderResult,
  sendDueInterimReminders,
} from "../../app/domain/interim/reminders.server.ts";
import { type SendDueRemindersResult, sendDueReminders } from "../../app/domain/reminders/send-due.server.ts";
import {
  sendDueUnderspendingReminders,
  type UnderspendingReminderResult,
} from "../../app/domain/underspending/reminders.server.ts";
import { JOBS, ReminderTickPayload } from "../../app/jobs/definitions.ts";
import { scheduleEvery } from "../queues.ts";

export const REMINDER_TICK_SCHEDULER_ID = "reminder-tick";
export const REMINDER_TICK_EVERY_MS = 60_000;

/**
 * The reminders queue: one tick sends whatever Reminder rows are due by the clock. The rows live in
 * PostgreSQL and decide what is due, so a tick that is late, doubled or lost while Redis was away
 * only moves the moment of sending, never whether a reminder goes out, or how often.
 */
export async function processReminderTick(
  job: Job,
): Promise<
  SendDueRemindersResult & { interim: InterimReminderResult; underspending: UnderspendingReminderResult }
> {
  const parsed = ReminderTickPayload.safeParse(job.data ?? {});
  if (!parsed.success) throw new UnrecoverableError(`Invalid reminder-tick payload: ${parsed.error.message}`);
  const result = await sendDueReminders();
  // The interim reports' reminders have no Reminder rows: worked out from the plans at each tick.
  // The interim reports' and the melding onderbesteding's reminders have no Reminder rows: worked
  // out from the plans at each tick.
  return {
    ...result,
    interim: await sendDueInterimReminders(),
    underspending: await sendDueUnderspendingReminders(),
  };
}

/** The repeatable tick in Redis, upserted by every worker at start (see scheduleEvery). */
export async function scheduleReminderTick(
  queue: Pick<Queue, "upsertJobScheduler">,
  everyMs = REMINDER_TICK_EVERY_MS,
): Promise<void> {
  await scheduleEvery(queue, REMINDER_TICK_SCHEDULER_ID, JOBS.reminderTick.name, everyMs);
}
