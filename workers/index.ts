/**
 * The worker process: `node --import tsx workers/index.ts`. It runs the outbox dispatcher and one
 * BullMQ Worker per queue, and on SIGTERM/SIGINT lets running jobs finish, closes every
 * connection and exits 0. It keeps no state of its own, so any number of them may run.
 */
import { type Processor, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { disconnectPrisma } from "../app/db/client.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { startDispatcher } from "./dispatcher.ts";
import { processLetterJob } from "./processors/letters.ts";
import { bullPrefix, closeQueues, createRedisConnection, type QueueName } from "./queues.ts";

const PROCESSORS: Record<QueueName, Processor> = {
  [QUEUE.letters]: processLetterJob,
};

// No timestamp: the process manager (or `npm start`) adds one.
function log(line: string): void {
  console.log(line);
}

function main(): void {
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 2);
  const connections: Redis[] = [];
  const workers = (Object.entries(PROCESSORS) as [QueueName, Processor][]).map(([name, processor]) => {
    const connection = createRedisConnection();
    connections.push(connection);
    const worker = new Worker(name, processor, { connection, prefix: bullPrefix(), concurrency });
    worker.on("completed", (job, result) =>
      log(`job ${name}/${job.name} ${job.id} completed ${JSON.stringify(result ?? null)}`),
    );
    worker.on("failed", (job, err) =>
      log(`job ${name}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
    );
    worker.on("error", (err) => log(`worker ${name}: ${err.message}`));
    return worker;
  });
  const dispatcher = startDispatcher({ intervalMs: Number(process.env.DISPATCH_INTERVAL_MS ?? 1_000), log });
  log(
    `workers started: ${Object.keys(PROCESSORS).join(", ")} (prefix ${bullPrefix()}, concurrency ${concurrency})`,
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
      await dispatcher.stop();
      await closeQueues();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      await disconnectPrisma();
      log("stopped");
      process.exit(0);
    } catch (e) {
      log(`shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main();
