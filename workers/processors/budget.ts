import { type Job, type Queue, UnrecoverableError } from "bullmq";
import {
  type AllocationResult,
  allocateWaitingList,
} from "../../app/domain/budget/allocate-waiting.server.ts";
import { compactDashboardTotals } from "../../app/domain/budget/dashboard-totals.server.ts";
import { AllocateWaitingPayload, CompactDashboardTotalsPayload, JOBS } from "../../app/jobs/definitions.ts";
import { scheduleEvery } from "../queues.ts";

export const COMPACT_DASHBOARD_TOTALS_SCHEDULER_ID = "compact-dashboard-totals";
export const COMPACT_DASHBOARD_TOTALS_EVERY_MS = 60_000;

/**
 * The budget queue:
 * - allocate-waiting: after money was released, serve the fund's waiting line in order of receipt
 *   (app/domain/budget/allocate-waiting.server.ts). The line lives in PostgreSQL, so a job that
 *   runs twice, late, or beside another for the same fund moves each plan once.
 * - compact-dashboard-totals: fold the dashboard's sector, theme and pipeline deltas into totals
 *   (app/domain/budget/dashboard-totals.server.ts); it changes no figure, so twice is once.
 */
export async function processBudgetJob(job: Job): Promise<AllocationResult | { folded: number }> {
  if (job.name === JOBS.compactDashboardTotals.name) {
    const parsed = CompactDashboardTotalsPayload.safeParse(job.data ?? {});
    if (!parsed.success)
      throw new UnrecoverableError(`Invalid compact-dashboard-totals payload: ${parsed.error.message}`);
    return { folded: await compactDashboardTotals() };
  }
  if (job.name !== JOBS.allocateWaiting.name) throw new UnrecoverableError(`Unknown budget job ${job.name}`);
  const parsed = AllocateWaitingPayload.safeParse(job.data ?? {});
  if (!parsed.success)
    throw new UnrecoverableError(`Invalid allocate-waiting payload: ${parsed.error.message}`);
  const result = await allocateWaitingList(parsed.data.fund);
  // A line stopped by a rule rather than by money (a year without an envelope, say) waits for
  // someone to put it right: the job fails, so the admin's failed-jobs page names the plan and the
  // reason, and is retried meanwhile (what it reserved before stopping stays; a rerun moves on).
  if (result.stoppedBy)
    throw new Error(
      `De wachtrij van fonds ${parsed.data.fund} staat stil bij ${result.stoppedBy} (gereserveerd: ${result.reserved.join(", ") || "geen"})`,
    );
  return result;
}

/** The compaction's scheduler in Redis, upserted by every worker at start (see scheduleEvery). */
export async function scheduleDashboardCompaction(
  queue: Pick<Queue, "upsertJobScheduler">,
  everyMs = COMPACT_DASHBOARD_TOTALS_EVERY_MS,
): Promise<void> {
  await scheduleEvery(
    queue,
    COMPACT_DASHBOARD_TOTALS_SCHEDULER_ID,
    JOBS.compactDashboardTotals.name,
    everyMs,
  );
}
