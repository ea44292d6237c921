import type { Job } from "bullmq";
import { within } from "../app/async/within.ts";
import type { Actor } from "../app/domain/actor.ts";
import { assertQueueAdmin, recordJobAction } from "../app/domain/audit/job-actions.server.ts";
import { getQueue, type QueueName } from "./queues.ts";

/**
 * What the admin's queue pages read and do (ADR 0021): counts per state, the failed jobs with
 * their error, the schedulers, and retry or discard of a failed job, each together with its row in
 * the audit trail. BullMQ plumbing like queues.ts; the routes call it, the domain never does.
 */

export const JOB_STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;
export type JobState = (typeof JOB_STATES)[number];
export type JobCounts = Record<JobState, number>;

/** A page of Redis reads must not hang the admin's page when Redis is away. */
const READ_TIMEOUT_MS = 2_000;
/**
 * A change in Redis runs inside the audit row's transaction (recordJobAction) and must not hold it
 * open while Redis is away. Given up on, the command may still reach Redis once it is back (ioredis
 * keeps it for the reconnect): the one case, besides a failed commit, of a change without its row.
 */
const WRITE_TIMEOUT_MS = 5_000;

export class QueuesUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the job queues could not be read: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "QueuesUnavailable";
  }
}

async function withinTimeout<T>(work: Promise<T>, ms = READ_TIMEOUT_MS): Promise<T> {
  try {
    return await within(work, ms, "Redis");
  } catch (err) {
    throw new QueuesUnavailable(err);
  }
}

export async function jobCounts(queue: QueueName): Promise<JobCounts> {
  const counts = await withinTimeout(getQueue(queue).getJobCounts(...JOB_STATES));
  return Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as JobCounts;
}

export type FailedJob = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  attemptsMade: number;
  attempts: number;
  failedReason: string;
  /** The last attempt's stack, for the admin's "technical details". */
  stack: string | null;
  createdAt: Date;
  failedAt: Date | null;
};

function failedJob(job: Job): FailedJob {
  return {
    id: String(job.id),
    name: job.name,
    data: job.data && typeof job.data === "object" ? (job.data as Record<string, unknown>) : {},
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason ?? "",
    stack: job.stacktrace?.at(-1) ?? null,
    createdAt: new Date(job.timestamp),
    failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

/** The failed jobs, most recently failed first, `take` of them from `skip`. */
export async function failedJobs(
  queue: QueueName,
  { skip, take }: { skip: number; take: number },
): Promise<{ total: number; jobs: FailedJob[] }> {
  const q = getQueue(queue);
  const [total, jobs] = await withinTimeout(
    Promise.all([q.getFailedCount(), q.getFailed(skip, skip + take - 1)]),
  );
  return { total, jobs: jobs.filter((j): j is Job => !!j).map(failedJob) };
}

export type Scheduler = { id: string; jobName: string; everyMs: number | null; next: Date | null };

export async function schedulers(queue: QueueName): Promise<Scheduler[]> {
  const list = await withinTimeout(getQueue(queue).getJobSchedulers(0, 99, true));
  return list.map((s) => ({
    id: s.key,
    jobName: s.name,
    everyMs: s.every ? Number(s.every) : null,
    next: s.next ? new Date(s.next) : null,
  }));
}

/** Why a retry or discard did not happen, in the admin's words. */
export class JobNotFailed extends Error {
  constructor(readonly jobId: string) {
    super(
      `Taak ${jobId} staat niet (meer) bij de mislukte taken: een ander heeft haar al opnieuw gestart of verwijderd.`,
    );
    this.name = "JobNotFailed";
  }
}

async function failedJobById(queue: QueueName, jobId: string): Promise<Job> {
  const q = getQueue(queue);
  const job = await withinTimeout(q.getJob(jobId));
  if (!job || (await withinTimeout(job.getState())) !== "failed") throw new JobNotFailed(jobId);
  return job;
}

const auditDetails = (job: FailedJob) => ({
  taak: job.name,
  pogingen: job.attemptsMade,
  // PostgreSQL's jsonb takes no NUL character, and an error message may carry one.
  fout: job.failedReason.replaceAll("\u0000", "").slice(0, 500),
});

/**
 * Puts a failed job back in the queue with its attempts counted afresh, recorded in the audit trail
 * in the same go (recordJobAction: no retry without its row, no row without the retry). Running a
 * job twice has the effect of running it once (every processor is idempotent), so a retry never
 * doubles a letter.
 */
export async function retryFailedJob(actor: Actor, queue: QueueName, jobId: string): Promise<FailedJob> {
  assertQueueAdmin(actor);
  const job = await failedJobById(queue, jobId);
  const before = failedJob(job);
  await recordJobAction(
    actor,
    { action: "job.retried", queue, jobId: before.id, details: auditDetails(before) },
    async () => {
      if (!(await retryIfFailed(job))) throw new JobNotFailed(jobId);
    },
  );
  return before;
}

/** False when the job left the failed state first (another admin, a second click). */
async function retryIfFailed(job: Job): Promise<boolean> {
  try {
    await withinTimeout(job.retry("failed", { resetAttemptsMade: true }), WRITE_TIMEOUT_MS);
    return true;
  } catch (err) {
    if ((await withinTimeout(job.getState())) !== "failed") return false;
    throw err;
  }
}

/**
 * Removes a failed job for good: what it would have made (a letter, an e-mail) is not made. The
 * removal runs inside the transaction of its audit row, last before the commit (recordJobAction):
 * the re-drive after a loss of Redis' data (ADR 0022) leaves a message alone only when that row
 * exists, so a removal that fails records nothing and leaves the job where it was.
 */
export async function discardFailedJob(actor: Actor, queue: QueueName, jobId: string): Promise<FailedJob> {
  assertQueueAdmin(actor);
  const job = await failedJobById(queue, jobId);
  const before = failedJob(job);
  await recordJobAction(
    actor,
    { action: "job.discarded", queue, jobId: before.id, details: auditDetails(before) },
    async () => {
      try {
        await withinTimeout(job.remove(), WRITE_TIMEOUT_MS);
      } catch (err) {
        if ((await withinTimeout(job.getState())) !== "failed") throw new JobNotFailed(jobId);
        throw err;
      }
    },
  );
  return before;
}

/**
 * Every failed job of the queue back in line, each as `retryFailedJob` does it (BullMQ's own
 * `retryJobs` keeps the attempts made, so a job that had used them all would get one try), with one
 * audit row for them all. At most `limit` at a time; returns how many were put back. A failure
 * part-way leaves the ones already put back without a row: harmless, since a retried job only runs
 * (idempotently) and only a discard's row steers the re-drive.
 */
export async function retryAllFailed(actor: Actor, queue: QueueName, limit = 1_000): Promise<number> {
  assertQueueAdmin(actor);
  const jobs = (await withinTimeout(getQueue(queue).getFailed(0, limit - 1))).filter((j): j is Job => !!j);
  return recordJobAction(
    actor,
    { action: "jobs.retried", queue, details: (count: number) => ({ aantal: count }) },
    async () => {
      let retried = 0;
      for (const job of jobs) if (await retryIfFailed(job)) retried++;
      return retried;
    },
  );
}
