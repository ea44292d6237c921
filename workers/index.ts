/**
 * The worker process: `node --import tsx workers/index.ts`. It runs the outbox dispatcher, one
 * BullMQ Worker per queue, and keeps the reminder tick, the dashboard compaction and the daily
 * retention cleanup (ADR 0028) scheduled; on SIGTERM/SIGINT it lets running jobs finish, closes
 * every connection and exits 0. It keeps no state of its own, so any number of them may run side
 * by side.
 *
 * Environment (besides DATABASE_URL, REDIS_URL, BULLMQ_PREFIX):
 * - WORKER_CONCURRENCY_LETTERS / _EMAILS / _REMINDERS / _BUDGET / _MAINTENANCE: jobs at once per queue
 *   (defaults below).
 * - WORKER_STALLED_INTERVAL_MS (default 30000, BullMQ's): how often a worker looks for jobs whose
 *   worker died; WORKER_LOCK_DURATION_MS (default 30000): how long a job's lock outlives its
 *   worker. Together they bound how soon a killed worker's job runs again; tests shorten both.
 * - DISPATCH_INTERVAL_MS (default 1000): how often the outbox is polled.
 * - OUTBOX_REDRIVE_MAX_AGE_MS (default and maximum: 6 days): how far back SENT messages are checked
 *   for jobs lost with Redis' data (ADR 0022); REDIS_LOSS_CHECK_MS (default 60000): how often the
 *   marker is looked for besides at every reconnect.
 */
import { type Processor, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { disconnectPrisma } from "../app/db/client.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { createLogger } from "../app/log.server.ts";
import { startDispatcher } from "./dispatcher.ts";
import { withJobContext } from "./job-context.ts";
import { processBudgetJob, scheduleDashboardCompaction } from "./processors/budget.ts";
import { processEmailJob } from "./processors/emails.ts";
import { processLetterJob } from "./processors/letters.ts";
import { processReminderTick, scheduleReminderTick } from "./processors/reminders.ts";
import { processMaintenanceJob, scheduleRetentionCleanup } from "./processors/retention.ts";
import { bullPrefix, closeQueues, createRedisConnection, type QueueName, WORKER_SETTINGS } from "./queues.ts";
import { REDRIVE_MAX_AGE_MS, recordingDone, watchRedisForDataLoss } from "./redrive.ts";

const PROCESSORS: Record<QueueName, { processor: Processor; concurrency: number }> = {
  // Rendering a PDF is CPU work on this one thread; more at once would only queue on it.
  [QUEUE.letters]: { processor: processLetterJob, concurrency: 2 },
  // Sending mostly waits for the SMTP server.
  [QUEUE.emails]: { processor: processEmailJob, concurrency: 4 },
  // One tick at a time is enough; two at once would still send each reminder once.
  [QUEUE.reminders]: { processor: processReminderTick, concurrency: 1 },
  // One fund's line is served in order anyway (an advisory lock per fund); one job at a time is plenty.
  [QUEUE.budget]: { processor: processBudgetJob, concurrency: 1 },
  // A daily cleanup; two at once would only delete the same rows.
  [QUEUE.maintenance]: { processor: processMaintenanceJob, concurrency: 1 },
};

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a whole number > 0, got "${raw}"`);
  return value;
}

// Its own level: inherited test variables (VITEST) must not silence a worker that tests read.
const workerLog = createLogger(undefined, process.env.LOG_LEVEL || "info").child({ component: "worker" });
function log(line: string): void {
  workerLog.info(line);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function main(): void {
  const stalledInterval = envInt("WORKER_STALLED_INTERVAL_MS", 30_000);
  const lockDuration = envInt("WORKER_LOCK_DURATION_MS", 30_000);
  const connections: Redis[] = [];
  const workers = (Object.entries(PROCESSORS) as [QueueName, (typeof PROCESSORS)[QueueName]][]).map(
    ([name, { processor, concurrency }]) => {
      const connection = createRedisConnection();
      connections.push(connection);
      const worker = new Worker(name, withJobContext(name, recordingDone(processor), workerLog), {
        connection,
        prefix: bullPrefix(),
        concurrency: envInt(`WORKER_CONCURRENCY_${name.toUpperCase()}`, concurrency),
        stalledInterval,
        lockDuration,
        // The jobs' capped backoff is a custom type: without it a failed attempt could not be retried.
        settings: WORKER_SETTINGS,
      });
      // Started, completed and failed are logged by withJobContext, with the job's request id.
      worker.on("stalled", (jobId) =>
        workerLog.warn(
          { queue: name, jobId },
          `job ${name} ${jobId} stalled: its worker died; it runs again`,
        ),
      );
      worker.on("error", (err) => workerLog.error({ queue: name, err }, `worker ${name}: ${err.message}`));
      return worker;
    },
  );

  // The tick's scheduler lives in Redis. It is upserted whenever this connection becomes ready:
  // at start, and after Redis came back (a Redis restarted without its data lost the scheduler).
  const schedulerConnection = createRedisConnection();
  connections.push(schedulerConnection);
  const reminderQueue = new Queue(QUEUE.reminders, { connection: schedulerConnection, prefix: bullPrefix() });
  reminderQueue.on("error", (err) => log(`queue ${QUEUE.reminders}: ${err.message}`));
  const budgetQueue = new Queue(QUEUE.budget, { connection: schedulerConnection, prefix: bullPrefix() });
  budgetQueue.on("error", (err) => log(`queue ${QUEUE.budget}: ${err.message}`));
  const maintenanceQueue = new Queue(QUEUE.maintenance, {
    connection: schedulerConnection,
    prefix: bullPrefix(),
  });
  maintenanceQueue.on("error", (err) => log(`queue ${QUEUE.maintenance}: ${err.message}`));
  schedulerConnection.on("ready", () => {
    scheduleReminderTick(reminderQueue).then(
      () => log("reminder tick scheduled"),
      (e) => log(`reminder tick not scheduled: ${errorText(e)}`),
    );
    scheduleDashboardCompaction(budgetQueue).then(
      () => log("dashboard compaction scheduled"),
      (e) => log(`dashboard compaction not scheduled: ${errorText(e)}`),
    );
    scheduleRetentionCleanup(maintenanceQueue).then(
      () => log("retention cleanup scheduled"),
      (e) => log(`retention cleanup not scheduled: ${errorText(e)}`),
    );
  });

  // Our Redis keeps nothing across a restart (ADR 0003): what it lost of the messages the dispatcher
  // marked SENT goes back to the outbox (ADR 0022), as the schedulers above go back into Redis.
  const redisLoss = watchRedisForDataLoss(schedulerConnection, {
    everyMs: envInt("REDIS_LOSS_CHECK_MS", 60_000),
    maxAgeMs: envInt("OUTBOX_REDRIVE_MAX_AGE_MS", REDRIVE_MAX_AGE_MS),
    log: (fields, line) => workerLog.info(fields, line),
    warn: (line) => workerLog.warn(line),
  });
  const dispatcher = startDispatcher({ intervalMs: envInt("DISPATCH_INTERVAL_MS", 1_000), log });
  log(
    `workers started: ${workers.map((w) => `${w.name}×${w.concurrency}`).join(", ")} ` +
      `(prefix ${bullPrefix()}, stalled check ${stalledInterval} ms, lock ${lockDuration} ms)`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: finishing running jobs`);
    try {
      await Promise.all(workers.map((w) => w.close()));
      await redisLoss.stop();
      await dispatcher.stop();
      await reminderQueue.close();
      await budgetQueue.close();
      await maintenanceQueue.close();
      await closeQueues();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      await disconnectPrisma();
      log("stopped");
      process.exit(0);
    } catch (e) {
      log(`shutdown failed: ${errorText(e)}`);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main();
