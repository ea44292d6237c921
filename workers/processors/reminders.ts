import { type Job, type Queue, UnrecoverableError } from "bullmq";
import { type SendDueRemindersResult, sendDueReminders } from "../../app/domain/reminders/send-due.server.ts";
import { JOBS, ReminderTickPayload } from "../../app/jobs/definitions.ts";

export const REMINDER_TICK_SCHEDULER_ID = "reminder-tick";
export const REMINDER_TICK_EVERY_MS = 60_000;

/**
 * The reminders queue: one tick sends whatever Reminder rows are due by the clock. The rows live in
 * PostgreSQL and decide what is due, so a tick that is late, doubled or lost while Redis was away
 * only moves the moment of sending, never whether a reminder goes out, or how often.
 */
export async function processReminderTick(job: Job): Promise<SendDueRemindersResult> {
  const parsed = ReminderTickPayload.safeParse(job.data ?? {});
  if (!parsed.success) throw new UnrecoverableError(`Invalid reminder-tick payload: ${parsed.error.message}`);
  return sendDueReminders();
}

/**
 * Creates or updates the repeatable tick (a BullMQ job scheduler). It lives in Redis, so it outlives
 * worker restarts; upserting it again is a no-op, so every worker does so at start and after Redis
 * came back (a Redis that lost its data would otherwise never tick again).
 */
export async function scheduleReminderTick(
  queue: Pick<Queue, "upsertJobScheduler">,
  everyMs = REMINDER_TICK_EVERY_MS,
): Promise<void> {
  await queue.upsertJobScheduler(
    REMINDER_TICK_SCHEDULER_ID,
    { every: everyMs },
    {
      name: JOBS.reminderTick.name,
      data: {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
}
