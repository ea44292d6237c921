import { randomUUID } from "node:crypto";
import type { Job, Processor, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { within } from "../app/async/within.ts";
import { prisma } from "../app/db/client.server.ts";
import { now } from "../app/domain/clock.ts";
import { logger } from "../app/log.server.ts";
import { bullPrefix, COMPLETED_JOB_KEEP_S, getQueueForLookup } from "./queues.ts";

/**
 * Puts back what a Redis that lost its data took with it (ADR 0022). Our Redis keeps nothing across
 * a restart (ADR 0003), while the dispatcher marks an outbox message SENT as soon as its job is in
 * Redis: a job that was waiting, delayed or failed when Redis restarted would be gone for good.
 *
 * Every worker process looks for a marker key under the BullMQ prefix. A Redis without it is new
 * (restarted empty, flushed, or never used): every SENT message of the last days whose job did not
 * complete (`recordingDone`) and which BullMQ no longer knows goes back to PENDING, and the dispatcher hands it over again under the same job
 * id. The marker becomes lasting only after that pass succeeded, so a worker that dies half-way
 * leaves the work to the next one. Processors are idempotent (ADR 0006, 0007), so a job that did run
 * before it was lost runs again without a second letter or e-mail.
 */

export const MARKER_NAME = "outbox:redis-kept";

export function markerKey(prefix = bullPrefix()): string {
  return `${prefix}:${MARKER_NAME}`;
}

/**
 * How far back a lost job is looked for: a day less than completed jobs are kept, so a message whose
 * job completed and was removed by age is never mistaken for a lost one.
 */
export const REDRIVE_MAX_AGE_MS = COMPLETED_JOB_KEEP_S * 1000 - 24 * 3600 * 1000;

/** The note a re-driven message carries until the dispatcher hands it over again. */
export const REDRIVE_NOTE = "job lost with Redis' data; handed to BullMQ again";

/**
 * What an admin's discard looks like in the audit trail (app/domain/audit/job-actions.server.ts).
 * The discard writes it in the transaction that removes the job from Redis (workers/queue-admin.ts),
 * so a job gone from Redis by the admin's hand has it, short of a commit that failed after the removal.
 */
const DISCARDED = { targetType: "Job", action: "job.discarded" } as const;

/**
 * Records that an outbox message's job completed, before BullMQ hears of it: a job that is done need
 * not run again when Redis loses it. Besides the cost, a second run could act on a changed world —
 * an e-mail skipped because its recipient was inactive would go out once the account is active
 * again. A job id that is no outbox message (a scheduler's tick) changes no row. A process that
 * dies between the two leaves the message to be re-driven; the processors are idempotent.
 */
export function recordingDone(processor: Processor): Processor {
  return async (job: Job, token?: string, signal?: AbortSignal) => {
    const result = await processor(job, token, signal);
    if (job.id)
      await prisma.outboxMessage.updateMany({
        where: { id: job.id, doneAt: null },
        data: { doneAt: now() },
      });
    return result;
  };
}

export async function redisLostData(redis: Pick<Redis, "exists">, prefix = bullPrefix()): Promise<boolean> {
  return (await redis.exists(markerKey(prefix))) === 0;
}

/** Marks this Redis as checked: what it holds needs no re-drive. */
export async function markRedisKept(redis: Pick<Redis, "set">, prefix = bullPrefix()): Promise<void> {
  await redis.set(markerKey(prefix), `kept since ${now().toISOString()}`);
}

export type RedriveOptions = {
  /** Only messages written from this moment on (default: `maxAgeMs` before now). */
  since?: Date;
  /** Default and at most REDRIVE_MAX_AGE_MS. */
  maxAgeMs?: number;
  batchSize?: number;
  /** How long one look-up may wait for Redis; a pass that times out is tried again later. */
  timeoutMs?: number;
  /** Any queue name, also one this version does not know (default getQueueForLookup). */
  queueFor?: (name: string) => Pick<Queue, "getJob">;
  log?: (fields: Record<string, unknown>, line: string) => void;
};

export type RedriveResult = {
  checked: number;
  redriven: number;
  /** Per queue name, known to this version or not. */
  byQueue: Record<string, number>;
};

/**
 * Every SENT message since `since` whose job is unknown to BullMQ and did not complete goes back to
 * PENDING, except the ones an admin discarded (their letter or e-mail is not to be made). Safe beside a second pass and
 * the dispatcher: a message is only put back while it is still SENT by the same dispatch.
 */
export async function redriveLostJobs(opts: RedriveOptions = {}): Promise<RedriveResult> {
  const maxAgeMs = Math.min(opts.maxAgeMs ?? REDRIVE_MAX_AGE_MS, REDRIVE_MAX_AGE_MS);
  const since = opts.since ?? new Date(now().getTime() - maxAgeMs);
  const batchSize = opts.batchSize ?? 200;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const queueFor = opts.queueFor ?? getQueueForLookup;
  const log = opts.log ?? ((fields, line) => logger.info({ component: "redrive", ...fields }, line));
  const result: RedriveResult = { checked: 0, redriven: 0, byQueue: {} };

  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await prisma.outboxMessage.findMany({
      where: {
        status: "SENT",
        doneAt: null,
        createdAt: { gte: since },
        ...(cursor && {
          OR: [
            { createdAt: { gt: cursor.createdAt } },
            { createdAt: cursor.createdAt, id: { gt: cursor.id } },
          ],
        }),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
      select: { id: true, queue: true, createdAt: true, dispatchedAt: true },
    });
    const last = rows.at(-1);
    if (!last) break;
    cursor = { createdAt: last.createdAt, id: last.id };
    result.checked += rows.length;

    // The look-ups go out together: on one connection ioredis sends them without waiting in between.
    // A queue this version does not know is looked in too: a newer worker sent those messages, and
    // this pass's marker keeps it from making its own pass. Put back, they wait PENDING for it
    // (dispatcher.ts leaves them alone).
    const known = await Promise.all(
      rows.map(
        async (row) => (await within(queueFor(row.queue).getJob(row.id), timeoutMs, "Redis")) !== undefined,
      ),
    );
    const lost = rows.filter((_, i) => !known[i]);
    if (lost.length === 0) continue;

    const discarded = new Set(
      (
        await prisma.auditLog.findMany({
          where: { ...DISCARDED, targetId: { in: lost.map((r) => `${r.queue}/${r.id}`) } },
          select: { targetId: true },
        })
      ).map((a) => a.targetId),
    );
    const redriven: { id: string; queue: string }[] = [];
    for (const row of lost) {
      if (discarded.has(`${row.queue}/${row.id}`)) continue;
      // Still SENT by the same dispatch: another pass or a fresh dispatch already dealt with it otherwise.
      // And still not done: a job running when Redis restarted empty may finish while this pass looks
      // it up; put back, it would run again on a changed world (a skipped mail sent after all).
      const put = await prisma.outboxMessage.updateMany({
        where: { id: row.id, status: "SENT", dispatchedAt: row.dispatchedAt, doneAt: null },
        data: { status: "PENDING", dispatchedAt: null, lastError: REDRIVE_NOTE },
      });
      if (put.count === 1) redriven.push({ id: row.id, queue: row.queue });
    }
    for (const r of redriven) result.byQueue[r.queue] = (result.byQueue[r.queue] ?? 0) + 1;
    result.redriven += redriven.length;
    if (redriven.length > 0)
      log(
        { redriven: redriven.map((r) => `${r.queue}/${r.id}`) },
        `redrive: ${redriven.length} outbox messages whose jobs Redis lost are PENDING again`,
      );
  }
  return result;
}

/** How long a pass may hold the marker before another worker takes over (one that died half-way). */
export const PASS_LEASE_MS = 10 * 60_000;

const FINISH_PASS = `if redis.call("get", KEYS[1]) == ARGV[1] then redis.call("set", KEYS[1], ARGV[2]) return 1 end return 0`;
const RELEASE_PASS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

/**
 * One check. The marker is claimed with SET NX as a lease, so of several workers one makes the pass;
 * it becomes the lasting marker only if it is still this pass's value at the end. A Redis that
 * restarted during the pass lost the lease too, and the next check makes a new pass for what the
 * first may have found still present. Null when the marker was there.
 */
export async function redriveIfRedisLost(
  redis: Pick<Redis, "set" | "eval">,
  opts: RedriveOptions & { prefix?: string; leaseMs?: number } = {},
): Promise<RedriveResult | null> {
  const key = markerKey(opts.prefix ?? bullPrefix());
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const lease = `pass:${randomUUID()}`;
  const claimed = await within(
    redis.set(key, lease, "PX", opts.leaseMs ?? PASS_LEASE_MS, "NX"),
    timeoutMs,
    "Redis",
  );
  if (claimed !== "OK") return null;
  let result: RedriveResult;
  try {
    result = await redriveLostJobs(opts);
  } catch (e) {
    // Let the next check try again at once rather than after the lease.
    await redis.eval(RELEASE_PASS, 1, key, lease).catch(() => {});
    throw e;
  }
  await within(
    redis.eval(FINISH_PASS, 1, key, lease, `kept since ${now().toISOString()}`),
    timeoutMs,
    "Redis",
  );
  return result;
}

export type RedisLossWatch = { stop(): Promise<void> };

/**
 * Checks whenever `redis` becomes ready (a restart always breaks the connection) and every
 * `everyMs` besides (a FLUSHALL does not, and a failed pass must be tried again).
 */
export function watchRedisForDataLoss(
  redis: Redis,
  opts: RedriveOptions & {
    prefix?: string;
    leaseMs?: number;
    everyMs?: number;
    warn?: (line: string) => void;
  } = {},
): RedisLossWatch {
  const everyMs = opts.everyMs ?? 60_000;
  const warn = opts.warn ?? ((line: string) => logger.warn({ component: "redrive" }, line));
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const check = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const r = await redriveIfRedisLost(redis, opts);
        if (r)
          warn(
            `redrive: Redis had no marker (new, restarted empty or flushed); ${r.checked} sent outbox messages checked, ` +
              `${r.redriven} put back to PENDING ${JSON.stringify(r.byQueue)}`,
          );
      } catch (e) {
        warn(`redrive: check failed, tried again later: ${e instanceof Error ? e.message : String(e)}`);
      }
    })().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        check();
      }
    });
  };

  redis.on("ready", check);
  const timer = setInterval(check, everyMs);
  timer.unref();
  if (redis.status === "ready") check();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      redis.off("ready", check);
      await running;
    },
  };
}
