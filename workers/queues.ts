import { type JobsOptions, Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE } from "../app/jobs/definitions.ts";
import { logger } from "../app/log.server.ts";

/** BullMQ plumbing for the worker process and the dispatcher. The domain never imports this. */

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
export const QUEUE_NAMES = Object.values(QUEUE) as QueueName[];

export function isQueueName(name: string): name is QueueName {
  return (QUEUE_NAMES as string[]).includes(name);
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  // Completed jobs stay a week: while a job exists, adding its id again is a no-op, which
  // covers a dispatcher that crashed after add() and before marking the message SENT.
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: false,
};

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

type QueueCache = { connection?: Redis; queues: Map<QueueName, Queue> };
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

export async function closeQueues(): Promise<void> {
  const c = cache();
  const queues = [...c.queues.values()];
  c.queues.clear();
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
