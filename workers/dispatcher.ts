import type { Queue } from "bullmq";
import { within } from "../app/async/within.ts";
import { prisma } from "../app/db/client.server.ts";
import { now } from "../app/domain/clock.ts";
import { logger } from "../app/log.server.ts";
import { getQueue, isQueueName, type QueueName } from "./queues.ts";

/**
 * Hands outbox messages to BullMQ (design.md §4). A message is sent at least once and enqueued at
 * most once while its job lives: the row lock (FOR UPDATE SKIP LOCKED) keeps two dispatchers off the
 * same message, and the message id as BullMQ job id makes a repeated add after a crash a no-op. A
 * message that could not be added stays PENDING, with its error, and goes out on a later round. One
 * whose job Redis lost is put back to PENDING by redrive.ts (ADR 0022).
 */

export type DispatchOptions = {
  batchSize?: number;
  /** How long one add may wait for Redis before the message is left for a later round. */
  addTimeoutMs?: number;
  queueFor?: (name: QueueName) => Pick<Queue, "add">;
};

export type DispatchResult = { sent: number; failed: number };

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

export async function dispatchPendingOutbox(opts: DispatchOptions = {}): Promise<DispatchResult> {
  const batchSize = opts.batchSize ?? 100;
  const addTimeoutMs = opts.addTimeoutMs ?? 5_000;
  const queueFor = opts.queueFor ?? getQueue;

  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT id, queue, "jobName", payload, "requestId" FROM "OutboxMessage"
        WHERE status = 'PENDING'
        ORDER BY "createdAt", id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
      const result: DispatchResult = { sent: 0, failed: 0 };
      for (const row of rows) {
        try {
          if (!isQueueName(row.queue)) throw new Error(`Unknown queue "${row.queue}"`);
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
          if (isQueueName(row.queue)) break;
        }
      }
      return result;
    },
    { timeout: addTimeoutMs + 60_000, maxWait: 10_000 },
  );
}

export type Dispatcher = { stop(): Promise<void> };

/**
 * Runs dispatchPendingOutbox every intervalMs (at once again while batches come back full) until
 * stop(), which resolves when the round in progress has finished.
 */
export function startDispatcher(
  opts: DispatchOptions & { intervalMs?: number; log?: (line: string) => void } = {},
): Dispatcher {
  const intervalMs = opts.intervalMs ?? 1_000;
  const batchSize = opts.batchSize ?? 100;
  const log = opts.log ?? ((line: string) => logger.info({ component: "dispatcher" }, line));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const loop = async () => {
    while (!stopped) {
      let full = false;
      try {
        const r = await dispatchPendingOutbox({ ...opts, batchSize });
        if (r.sent || r.failed) log(`dispatcher: ${r.sent} sent, ${r.failed} failed`);
        full = r.sent === batchSize;
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
