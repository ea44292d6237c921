import { type BackoffStrategy, type JobsOptions, Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE } from "../app/jobs/definitions.ts";
import { logger } from "../app/log.server.ts";

/** BullMQ plumbing for the worker process and the dispatcher. The domain never imports this. */

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
export const QUEUE_NAMES = Object.values(QUEUE) as QueueName[];

export function isQueueName(name: string): name is QueueName {
  return (QUEUE_NAMES as string[]).includes(name);
}

/** A custom BullMQ backoff type: the Worker's `settings.backoffStrategy` computes it (WORKER_SETTINGS). */
export const CAPPED_BACKOFF = "capped-exponential";
export const BACKOFF_FIRST_MS = 5_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/**
 * 5, 10, 20, 40, 80, 160 s, then every 5 minutes: 24 attempts span about 90 minutes (ADR 0022), so
 * a PostgreSQL restart or an SMTP outage of an hour ends in done jobs, not in the failed list.
 */
export const JOB_ATTEMPTS = 24;

/** Completed jobs stay this long; the re-drive after a Redis loss (redrive.ts) looks back less far. */
export const COMPLETED_JOB_KEEP_S = 7 * 24 * 3600;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: JOB_ATTEMPTS,
  backoff: { type: CAPPED_BACKOFF, delay: BACKOFF_FIRST_MS },
  // While a job exists, adding its id again is a no-op, which covers a dispatcher that crashed
  // after add() and before marking the message SENT.
  removeOnComplete: { age: COMPLETED_JOB_KEEP_S },
  removeOnFail: false,
};

/** The wait before retry `attemptsMade` (1 after the first failure): doubling from `firstMs`, at most `capMs`. */
export function cappedBackoffDelay(
  attemptsMade: number,
  firstMs = BACKOFF_FIRST_MS,
  capMs = BACKOFF_CAP_MS,
): number {
  // Past 2^30 the doubling only overflows towards Infinity; the cap has long applied by then.
  const exponent = Math.min(Math.max(attemptsMade, 1) - 1, 30);
  return Math.min(capMs, firstMs * 2 ** exponent);
}

/**
 * BullMQ asks a custom strategy only for types it does not know itself. Any such type gets the capped
 * curve: a job must never meet a strategy that throws, since that leaves it active until it stalls.
 */
export function cappedBackoff(capMs = BACKOFF_CAP_MS): BackoffStrategy {
  return (attemptsMade, _type, _err, job) => {
    const backoff = job?.opts.backoff;
    const firstMs = typeof backoff === "object" && backoff.delay ? backoff.delay : BACKOFF_FIRST_MS;
    return cappedBackoffDelay(attemptsMade, firstMs, capMs);
  };
}

/** What every Worker needs to retry jobs added with DEFAULT_JOB_OPTIONS. */
export const WORKER_SETTINGS = { backoffStrategy: cappedBackoff() };

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set (npm start and npm test set it for you).");
  return url;
}

/** Keeps environments that share one Redis apart (env BULLMQ_PREFIX, default "bull"). */
export function bullPrefix(): string {
  return process.env.BULLMQ_PREFIX?.trim() || "bull";
}

/** maxRetriesPerRequest: null is what BullMQ requires of the connections it blocks on. */
export function createRedisConnection(url = redisUrl()): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

type QueueCache = { connection?: Redis; queues: Map<QueueName, Queue>; unknown?: Map<string, Queue> };
const globalForQueues = globalThis as unknown as { __queues?: QueueCache };

function cache(): QueueCache {
  globalForQueues.__queues ??= { queues: new Map() };
  return globalForQueues.__queues;
}

/** One Queue per name per process, created on first use, all on one shared connection. */
export function getQueue(name: QueueName): Queue {
  const c = cache();
  let queue = c.queues.get(name);
  if (!queue) {
    c.connection ??= createRedisConnection();
    queue = new Queue(name, {
      connection: c.connection,
      prefix: bullPrefix(),
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    // Without a listener an unreachable Redis is printed as a stack trace per reconnect.
    queue.on("error", (err) =>
      logger.error({ queue: name, err: err.message }, `queue ${name}: ${err.message}`),
    );
    c.queues.set(name, queue);
  }
  return queue;
}

/**
 * A queue to look jobs up in by any name, one this version does not know included (a newer
 * version's, during a rolling deploy): redrive.ts must tell a lost job from a kept one there too.
 * Nothing is ever added through it.
 */
export function getQueueForLookup(name: string): Pick<Queue, "getJob"> {
  if (isQueueName(name)) return getQueue(name);
  const c = cache();
  c.unknown ??= new Map();
  let queue = c.unknown.get(name);
  if (!queue) {
    c.connection ??= createRedisConnection();
    queue = new Queue(name, { connection: c.connection, prefix: bullPrefix() });
    queue.on("error", (err) =>
      logger.error({ queue: name, err: err.message }, `queue ${name}: ${err.message}`),
    );
    c.unknown.set(name, queue);
  }
  return queue;
}

export async function closeQueues(): Promise<void> {
  const c = cache();
  const queues = [...c.queues.values(), ...(c.unknown?.values() ?? [])];
  c.queues.clear();
  c.unknown?.clear();
  await Promise.all(queues.map((q) => q.close()));
  const connection = c.connection;
  c.connection = undefined;
  if (connection) await connection.quit().catch(() => connection.disconnect());
}

/**
 * Creates or updates a repeatable job without payload (a BullMQ job scheduler). It lives in Redis,
 * so it outlives worker restarts; upserting it again is a no-op, so every worker does so at start
 * and after Redis came back (a Redis that lost its data would otherwise never run it again).
 */
export async function scheduleEvery(
  queue: Pick<Queue, "upsertJobScheduler">,
  schedulerId: string,
  jobName: string,
  everyMs: number,
): Promise<void> {
  await queue.upsertJobScheduler(
    schedulerId,
    { every: everyMs },
    {
      name: jobName,
      data: {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
}
