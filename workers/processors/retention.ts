import { type Job, type Queue, UnrecoverableError } from "bullmq";
import { type CleanupCounts, cleanUpExpiredData } from "../../app/domain/retention/cleanup.server.ts";
import { JOBS, RetentionCleanupPayload } from "../../app/jobs/definitions.ts";
import { BACKOFF_FIRST_MS, CAPPED_BACKOFF, JOB_ATTEMPTS } from "../queues.ts";

export const RETENTION_CLEANUP_SCHEDULER_ID = "retention-cleanup";
/** At night, when nobody works: the deletes are short batches, but they need not meet the office. */
export const RETENTION_CLEANUP_PATTERN = "30 3 * * *";
export const RETENTION_CLEANUP_TZ = "Europe/Amsterdam";

/**
 * The maintenance queue: once a day, delete what has outlived its retention period (ADR 0028). The
 * clock and the rows decide what goes, so a run that is late, doubled or lost while Redis was away
 * only moves the moment of deleting.
 */
export async function processMaintenanceJob(job: Job): Promise<CleanupCounts> {
  if (job.name !== JOBS.retentionCleanup.name)
    throw new UnrecoverableError(`Unknown maintenance job ${job.name}`);
  const parsed = RetentionCleanupPayload.safeParse(job.data ?? {});
  if (!parsed.success)
    throw new UnrecoverableError(`Invalid retention-cleanup payload: ${parsed.error.message}`);
  return cleanUpExpiredData();
}

/**
 * The daily run's scheduler in Redis. Like the minute ticks (scheduleEvery) every worker upserts it
 * at start and after Redis came back; the same pattern again is a no-op. A cron pattern rather than
 * `every`, so that the run stays at night whenever the workers were (re)started.
 */
export async function scheduleRetentionCleanup(queue: Pick<Queue, "upsertJobScheduler">): Promise<void> {
  await queue.upsertJobScheduler(
    RETENTION_CLEANUP_SCHEDULER_ID,
    { pattern: RETENTION_CLEANUP_PATTERN, tz: RETENTION_CLEANUP_TZ },
    {
      name: JOBS.retentionCleanup.name,
      data: {},
      opts: {
        removeOnComplete: { count: 30 },
        removeOnFail: { count: 30 },
        // Once a day, so a run that meets PostgreSQL restarting retries (about 90 minutes, ADR 0022)
        // rather than waiting for the next night.
        attempts: JOB_ATTEMPTS,
        backoff: { type: CAPPED_BACKOFF, delay: BACKOFF_FIRST_MS },
      },
    },
  );
}
