import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { decisionLetterKey } from "../app/domain/documents/produce.server.ts";
import { grantedScenarioPlan } from "../app/domain/documents/test-fixtures.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { dispatchPendingOutbox } from "../workers/dispatcher.ts";
import { withJobContext } from "../workers/job-context.ts";
import { processLetterJob } from "../workers/processors/letters.ts";
import {
  bullPrefix,
  closeQueues,
  createRedisConnection,
  getQueue,
  QUEUE_NAMES,
  WORKER_SETTINGS,
} from "../workers/queues.ts";
import { markerKey, markRedisKept, recordingDone } from "../workers/redrive.ts";
import { withClient } from "./backup.test-support.ts";
import { backup } from "./backup.ts";
import { restore } from "./restore.ts";

const dirs: string[] = [];
const databases: string[] = [];
const savedPrefix = process.env.BULLMQ_PREFIX;
let redis: Redis;

function urlOf(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

const admin = <T>(work: (c: pg.Client) => Promise<T>) => withClient(urlOf("postgres"), work);

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

beforeAll(async () => {
  // A prefix of its own: the restore removes every queue under it.
  await closeQueues();
  process.env.BULLMQ_PREFIX = `restore-jobs-${randomUUID().slice(0, 8)}`;
  redis = createRedisConnection();
});

afterAll(async () => {
  for (const name of QUEUE_NAMES) await getQueue(name).obliterate({ force: true });
  await redis.del(markerKey());
  await redis.quit();
  await closeQueues();
  process.env.BULLMQ_PREFIX = savedPrefix;
  await admin(async (c) => {
    for (const d of databases) await c.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
  });
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await disconnectPrisma();
});

describe("npm run restore and the jobs in Redis", () => {
  it("a decision letter whose job completed after the backup is made by the worker after the restore", async () => {
    const s = await createScenario();
    const granted = await grantedScenarioPlan(s);
    while ((await dispatchPendingOutbox()).sent > 0) {}
    const letterMessage = (
      await prisma.outboxMessage.findMany({ where: { queue: QUEUE.letters, status: "SENT" } })
    ).find((m) => (m.payload as { decisionId?: string }).decisionId === granted.decisionId);
    if (!letterMessage) throw new Error("no letter message was sent");
    // A worker that ran before had checked this Redis and left its marker (ADR 0022).
    await markRedisKept(redis);

    // The nightly backup: the decision is in it, its letter job waits in Redis.
    const dir = await mkdtemp(path.join(os.tmpdir(), "restore-jobs-"));
    dirs.push(dir);
    await backup({
      databaseUrl: process.env.DATABASE_URL ?? "",
      outDir: path.join(dir, "b"),
      portable: true,
    });

    // Then the letter is made and its job completes, in the database that is lost afterwards.
    const connection = createRedisConnection();
    const worker = new Worker(QUEUE.letters, withJobContext(QUEUE.letters, recordingDone(processLetterJob)), {
      connection,
      prefix: bullPrefix(),
      settings: WORKER_SETTINGS,
    });
    try {
      // Generous, as below: a fresh-clone npm test beside other work on 2 cores once took over 30 s.
      const started = Date.now();
      try {
        await expect
          .poll(async () => (await getQueue(QUEUE.letters).getJob(letterMessage.id))?.finishedOn, {
            timeout: 120_000,
            interval: 200,
          })
          .toBeGreaterThan(0);
      } catch (error) {
        const job = await getQueue(QUEUE.letters).getJob(letterMessage.id);
        const state = job
          ? `${await job.getState()} (attempts ${job.attemptsMade}, ${job.failedReason ?? "no failure"})`
          : "not in Redis";
        throw new Error(`letter job not finished after ${Date.now() - started} ms: ${state}`, {
          cause: error,
        });
      }
    } finally {
      await worker.close();
      await connection.quit();
    }

    // The database is restored from the backup; Redis lived on.
    const target = `restore_jobs_${randomUUID().slice(0, 8)}`;
    databases.push(target);
    await admin((c) => c.query(`CREATE DATABASE "${target}"`));
    const report = await restore({
      dir: path.join(dir, "b"),
      databaseUrl: urlOf(target),
      redis: { url: process.env.REDIS_URL ?? "", prefix: bullPrefix() },
    });
    expect(report.jobsReset).toEqual(expect.arrayContaining([...QUEUE_NAMES]));
    expect(await redis.exists(markerKey())).toBe(0);
    expect(await getQueue(QUEUE.letters).getJob(letterMessage.id)).toBeUndefined();
    const letterIn = (c: pg.Client) =>
      c
        .query(`SELECT 1 FROM "Document" WHERE "idempotencyKey" = $1`, [
          decisionLetterKey(granted.decisionId),
        ])
        .then((r) => r.rowCount);
    expect(await withClient(urlOf(target), letterIn)).toBe(0);

    // The worker process, started on the restored database, re-drives the message and makes the letter.
    const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: urlOf(target),
        BULLMQ_PREFIX: bullPrefix(),
        DISPATCH_INTERVAL_MS: "100",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    const exited = exitOf(child);
    try {
      // Generous: the worker starts under tsx, which compiles its whole import graph first, and
      // on a busy 2-core machine (vitest's two workers, tsc and the build beside it) that alone
      // has taken over a minute. A failure prints the worker's own output.
      const started = Date.now();
      try {
        await expect
          .poll(() => withClient(urlOf(target), letterIn), { timeout: 240_000, interval: 250 })
          .toBe(1);
      } catch (error) {
        throw new Error(`no letter after ${Date.now() - started} ms; the worker printed:\n${output}`, {
          cause: error,
        });
      }
      expect(output).toMatch(/redrive: Redis had no marker/);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    const message = await withClient(urlOf(target), (c) =>
      c.query<{ doneAt: Date | null }>(`SELECT "doneAt" FROM "OutboxMessage" WHERE id = $1`, [
        letterMessage.id,
      ]),
    );
    expect(message.rows[0]?.doneAt).not.toBeNull();
  }, 480_000);
});
