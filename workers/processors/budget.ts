import { type Job, UnrecoverableError } from "bullmq";
import {
  type AllocationResult,
  allocateWaitingList,
} from "../../app/domain/budget/allocate-waiting.server.ts";
import { AllocateWaitingPayload, JOBS } from "../../app/jobs/definitions.ts";

/**
 * The budget queue: after money was released, serve the fund's waiting line in order of receipt
 * (app/domain/budget/allocate-waiting.server.ts). The line lives in PostgreSQL, so a job that runs
 * twice, late, or beside another for the same fund moves each plan once.
 */
export async function processBudgetJob(job: Job): Promise<AllocationResult> {
  if (job.name !== JOBS.allocateWaiting.name) throw new UnrecoverableError(`Unknown budget job ${job.name}`);
  const parsed = AllocateWaitingPayload.safeParse(job.data ?? {});
  if (!parsed.success)
    throw new UnrecoverableError(`Invalid allocate-waiting payload: ${parsed.error.message}`);
  return allocateWaitingList(parsed.data.fund);
}
