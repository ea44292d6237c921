import type { Queue } from "bullmq";
import { within } from "../app/async/within.ts";
import { prisma } from "../app/db/client.server.ts";
import { now } from "../app/domain/clock.ts";
import { logger } from "../app/log.server.ts";
import { getQueue, isQueueName, QUEUE_NAMES, type QueueName } from "./queues.ts";

/**
 * Hands outbox messages to BullMQ (design.md §4). A message is sent at least once and enqueued at
 * most once while its job lives: the row lock (FOR UPDATE SKIP LOCKED) keeps two dispatchers off the
 * same message, and the message id as BullMQ job id makes a repeated add after a crash a no-op. A
 * message that could not be added stays PENDING, with its error, and goes out on a later round. One
 * whose job Redis lost is put back to PENDING by redrive.ts (ADR 0022).
 *
 * A message for a queue this version does not know (written by a newer web server during a rolling
 * deploy, or under a name since changed) is not read at all: it stays PENDING, untouched, for a
 * worker that knows its queue. The oldest messages are read per known queue, so however many of
 * those wait in front, the known ones behind them still go out, each queue in its own order.
 * Operators see them in the metrics (outbox_unknown_queue_*), on /beheer/wachtrijen and in a warning
 * per round.
 */

export type DispatchOptions = {
  /** At most this many messages per queue per round. */
  batchSize?: number;
  /** How long one add may wait for Redis before the message is left for a later round. */
  addTimeoutMs?: number;
  queueFor?: (name: QueueName) => Pick<Queue, "add">;
};

/** Pending messages of one queue this version does not know, and when the oldest was written. */
export type UnknownQueueBacklog = { queue: string; count: number; oldest: Date };

export type DispatchResult = {
  sent: number;
  failed: number;
  /** Some queue had a full batch: more of it may be waiting. */
  more: boolean;
  /** Left PENDING for a worker that knows their queue; empty as a rule. */
  unknown: UnknownQueueBacklog[];
};

type Row = { id: string; queue: string; jobName: string; payload: unknown; requestId: string | null };

/** The key under which a job's data carries the id of the request that caused it (ADR 0015). */
export const REQUEST_ID_KEY = "requestId";

/** The payload, plus the originating request id when there was one: the worker logs it per job. */
function jobData(row: Row): unknown {
  if (!row.requestId || typeof row.payload !== "object" || row.payload === null) return row.payload;
  return { ...row.payload, [REQUEST_ID_KEY]: row.requestId };
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 1000);
}

/**
 * The PENDING messages whose queue is not one of `known`, per queue. Read without locks; the
 * dispatcher, the metrics and the queue page show them.
 */
export async function pendingForUnknownQueues(
  known: readonly string[] = QUEUE_NAMES,
): Promise<UnknownQueueBacklog[]> {
  const rows = await prisma.$queryRaw<{ queue: string; count: bigint; oldest: Date }[]>`
    SELECT queue, count(*) AS count, min("createdAt") AS oldest FROM "OutboxMessage"
    WHERE status = 'PENDING' AND queue <> ALL(${[...known]}::text[])
    GROUP BY queue
    ORDER BY min("createdAt")`;
  return rows.map((r) => ({ queue: r.queue, count: Number(r.count), oldest: r.oldest }));
}

export async function dispatchPendingOutbox(opts: DispatchOptions = {}): Promise<DispatchResult> {
  const batchSize = opts.batchSize ?? 100;
  const addTimeoutMs = opts.addTimeoutMs ?? 5_000;
  const queueFor = opts.queueFor ?? getQueue;

  const handed = await prisma.$transaction(
    async (tx) => {
      // The oldest `batchSize` of each known queue, not of the whole outbox: a full batch of
      // messages no known queue takes would otherwise be read again every round, and the ones
      // behind it never. An index on (status, queue, "createdAt", id) makes each a range scan;
      // without it each queue's scan passes over the other queues' pending rows.
      const rows = await tx.$queryRaw<Row[]>`
        SELECT m.id, m.queue, m."jobName", m.payload, m."requestId"
        FROM unnest(${[...QUEUE_NAMES]}::text[]) AS q(name)
        CROSS JOIN LATERAL (
          SELECT id, queue, "jobName", payload, "requestId", "createdAt" FROM "OutboxMessage"
          WHERE status = 'PENDING' AND queue = q.name
          ORDER BY "createdAt", id
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED
        ) m
        ORDER BY m."createdAt", m.id`;
      const perQueue = new Map<string, number>();
      for (const row of rows) perQueue.set(row.queue, (perQueue.get(row.queue) ?? 0) + 1);
      const result = {
        sent: 0,
        failed: 0,
        more: [...perQueue.values()].some((n) => n >= batchSize),
      };
      for (const row of rows) {
        try {
          // Only known queues were read; the check keeps the type honest.
          if (!isQueueName(row.queue)) continue;
          await within(
            queueFor(row.queue).add(row.jobName, jobData(row), { jobId: row.id }),
            addTimeoutMs,
            "Redis",
          );
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: { status: "SENT", dispatchedAt: now(), lastError: null },
          });
          result.sent++;
        } catch (e) {
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: { attempts: { increment: 1 }, lastError: errorText(e) },
          });
          result.failed++;
          // Redis is probably away; the rest of the batch would only wait for it too.
          break;
        }
      }
      return result;
    },
    { timeout: addTimeoutMs + 60_000, maxWait: 10_000 },
  );
  return { ...handed, unknown: await pendingForUnknownQueues() };
}

/** One line for all of a round's messages for unknown queues, whatever their number. */
export function unknownQueueWarning(unknown: UnknownQueueBacklog[], at = now()): string {
  const total = unknown.reduce((s, u) => s + u.count, 0);
  const parts = unknown.map(
    (u) => `${u.queue}: ${u.count}, oldest ${Math.round((at.getTime() - u.oldest.getTime()) / 1000)} s`,
  );
  return (
    `dispatcher: ${total} outbox messages wait for a queue this worker version does not know ` +
    `(${parts.join("; ")}); left PENDING for a worker that knows it`
  );
}

export type Dispatcher = { stop(): Promise<void> };

/**
 * Runs dispatchPendingOutbox every intervalMs (at once again while batches come back full) until
 * stop(), which resolves when the round in progress has finished.
 */
export function startDispatcher(
  opts: DispatchOptions & {
    intervalMs?: number;
    log?: (line: string) => void;
    /** Once a round while messages wait for a queue this version does not know. */
    warn?: (line: string) => void;
  } = {},
): Dispatcher {
  const intervalMs = opts.intervalMs ?? 1_000;
  const batchSize = opts.batchSize ?? 100;
  const log = opts.log ?? ((line: string) => logger.info({ component: "dispatcher" }, line));
  const warn = opts.warn ?? ((line: string) => logger.warn({ component: "dispatcher" }, line));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const loop = async () => {
    while (!stopped) {
      let full = false;
      try {
        const r = await dispatchPendingOutbox({ ...opts, batchSize });
        if (r.sent || r.failed) log(`dispatcher: ${r.sent} sent, ${r.failed} failed`);
        if (r.unknown.length > 0) warn(unknownQueueWarning(r.unknown));
        full = r.more && r.failed === 0;
      } catch (e) {
        log(`dispatcher: round failed: ${errorText(e)}`);
      }
      if (stopped || full) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  };
  const running = loop();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
