import { randomUUID } from "node:crypto";
import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { now } from "../app/domain/clock.ts";
import { decisionLetterKey } from "../app/domain/documents/produce.server.ts";
import { createDecisionFixture } from "../app/domain/documents/test-fixtures.server.ts";
import { writeOutbox } from "../app/domain/outbox.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { dispatchPendingOutbox } from "./dispatcher.ts";
import { processLetterJob } from "./processors/letters.ts";
import {
  BACKOFF_CAP_MS,
  bullPrefix,
  CAPPED_BACKOFF,
  cappedBackoff,
  cappedBackoffDelay,
  closeQueues,
  createRedisConnection,
  getQueue,
  JOB_ATTEMPTS,
  QUEUE_NAMES,
  WORKER_SETTINGS,
} from "./queues.ts";
import {
  markerKey,
  markRedisKept,
  REDRIVE_NOTE,
  recordingDone,
  redisLostData,
  redriveIfRedisLost,
  redriveLostJobs,
} from "./redrive.ts";

// A prefix of this file's own on the shared Redis: "Redis lost its data" is simulated by
// obliterating this prefix's queues and deleting its marker, never by flushing the server.
const savedPrefix = process.env.BULLMQ_PREFIX;
let redis: Redis;
const workers: Worker[] = [];
const connections: Redis[] = [];

function connection(): Redis {
  const c = createRedisConnection();
  connections.push(c);
  return c;
}

beforeAll(async () => {
  // Earlier files in this worker's database are done with their messages (vitest runs a worker's
  // files one after another), and some carry a createdAt their tests' clocks put in the future,
  // inside this file's window: without them, a pass here sees only this file's own messages.
  await prisma.outboxMessage.deleteMany({});
  await closeQueues();
  process.env.BULLMQ_PREFIX = `redrive-${randomUUID().slice(0, 8)}`;
  redis = createRedisConnection();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});

afterAll(async () => {
  for (const name of QUEUE_NAMES) await getQueue(name).obliterate({ force: true });
  await redis.del(markerKey());
  await redis.quit();
  await Promise.all(connections.map((c) => c.quit()));
  await closeQueues();
  process.env.BULLMQ_PREFIX = savedPrefix;
  await disconnectPrisma();
});

async function dispatchAll(): Promise<void> {
  while ((await dispatchPendingOutbox()).sent > 0) {}
}

async function letterMessage(): Promise<{ id: string; decisionId: string; planId: string }> {
  const { planId, decisionId } = await createDecisionFixture(prisma);
  // Someone to tell, so that "told once" is more than zero notices.
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { organisationId: true },
  });
  await prisma.user.create({
    data: {
      email: `redrive-${randomUUID()}@example.test`,
      name: "Aanvrager",
      passwordHash: "x",
      memberships: { create: { role: "APPLICANT", organisationId: plan.organisationId } },
    },
  });
  const id = await prisma.$transaction((tx) =>
    writeOutbox(tx, "renderLetter", { kind: "GRANT_DECISION", planId, decisionId }),
  );
  return { id, decisionId, planId };
}

/**
 * The real letters processor, on this file's prefix, until every one of `ids` has completed. As the
 * workers run it (`recordingDone`) unless `died`: then as if its process died between the job's
 * work and the record of it.
 */
async function runLetters(ids: string[], { died = false }: { died?: boolean } = {}): Promise<void> {
  const worker = new Worker(QUEUE.letters, died ? processLetterJob : recordingDone(processLetterJob), {
    connection: connection(),
    prefix: bullPrefix(),
    settings: WORKER_SETTINGS,
  });
  workers.push(worker);
  const queue = getQueue(QUEUE.letters);
  await expect
    .poll(async () => Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState())), {
      timeout: 60_000,
      interval: 100,
    })
    .toEqual(ids.map(() => "completed"));
  await worker.close();
}

async function effects(m: { planId: string; decisionId: string }) {
  const documents = await prisma.document.findMany({
    where: { idempotencyKey: decisionLetterKey(m.decisionId) },
    select: { id: true },
  });
  return {
    documents: documents.length,
    notifications: await prisma.notification.count({ where: { link: { contains: m.planId } } }),
    emails: await prisma.outboxMessage.count({
      where: {
        jobName: "send-email",
        payload: { path: ["documentId"], equals: documents[0]?.id ?? "none" },
      },
    }),
  };
}

describe("re-drive after Redis lost its data", () => {
  it("puts back once the SENT messages whose jobs vanished; their letters are still made once", async () => {
    await markRedisKept(redis);
    const since = now();

    // A ran before the loss but its worker died before recording it; B waited in the queue; the
    // allocation's job is in another queue that survives.
    const a = await letterMessage();
    await dispatchAll();
    await runLetters([a.id], { died: true });
    const b = await letterMessage();
    const kept = await prisma.$transaction((tx) =>
      writeOutbox(tx, "allocateWaiting", { fund: `redrive-${randomUUID().slice(0, 8)}` }),
    );
    await dispatchAll();
    const afterFirstRun = await effects(a);
    expect(afterFirstRun.documents).toBe(1);
    expect(afterFirstRun).toMatchObject({ notifications: 1, emails: 1 });

    // Redis still has its marker: nothing is checked.
    expect(await redriveIfRedisLost(redis, { since })).toBeNull();

    await getQueue(QUEUE.letters).obliterate({ force: true });
    await redis.del(markerKey());
    const others = await prisma.outboxMessage.findMany({
      where: { createdAt: { gte: since }, id: { notIn: [a.id, b.id] } },
      select: { id: true, status: true, dispatchedAt: true },
      orderBy: { id: "asc" },
    });
    expect(others.map((o) => o.id)).toContain(kept);
    expect(others.every((o) => o.status === "SENT")).toBe(true);

    const logged: unknown[] = [];
    const result = await redriveIfRedisLost(redis, {
      since,
      log: (fields) => logged.push(...(fields.redriven as string[])),
    });
    expect(result).toMatchObject({ redriven: 2, byQueue: { letters: 2 } });
    expect(logged.sort()).toEqual([`letters/${a.id}`, `letters/${b.id}`].sort());
    for (const id of [a.id, b.id])
      expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "PENDING",
        dispatchedAt: null,
        lastError: REDRIVE_NOTE,
      });
    // Messages whose jobs Redis still holds are left as they were.
    expect(
      await prisma.outboxMessage.findMany({
        where: { id: { in: others.map((o) => o.id) } },
        select: { id: true, status: true, dispatchedAt: true },
        orderBy: { id: "asc" },
      }),
    ).toEqual(others);

    // Once: the marker is back, and a pass without it finds nothing SENT and lost.
    expect(await redisLostData(redis)).toBe(false);
    expect(await redriveIfRedisLost(redis, { since })).toBeNull();
    expect((await redriveLostJobs({ since })).redriven).toBe(0);

    await dispatchAll();
    await runLetters([a.id, b.id]);
    expect(await effects(a)).toEqual(afterFirstRun);
    // B's letter, made by the re-driven job only, told the organisation as A's did.
    expect(await effects(b)).toEqual(afterFirstRun);
    for (const id of [a.id, b.id])
      expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
    expect((await redriveLostJobs({ since })).redriven).toBe(0);
  });

  it("does not run again a job that completed", async () => {
    const since = now();
    const done = await letterMessage();
    await dispatchAll();
    await runLetters([done.id]);
    const message = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: done.id } });
    expect(message).toMatchObject({ status: "SENT" });
    expect(message.doneAt).not.toBeNull();

    await getQueue(QUEUE.letters).obliterate({ force: true });
    expect(await redriveLostJobs({ since })).toMatchObject({ redriven: 0 });
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: done.id } })).toEqual(message);
  });

  it("does not put back a job that completes while the pass looks it up", async () => {
    // Running when Redis restarted empty: the pass finds no job, the worker finishes meanwhile.
    const since = now();
    const running = await letterMessage();
    await dispatchAll();
    const result = await redriveLostJobs({
      since,
      queueFor: () => ({
        getJob: (async (jobId: string) => {
          if (jobId === running.id)
            await prisma.outboxMessage.update({ where: { id: running.id }, data: { doneAt: now() } });
          return undefined;
        }) as never,
      }),
    });
    expect(result).toMatchObject({ redriven: 0 });
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({
      status: "SENT",
    });
  });

  it("records a job done only when it succeeded, and only for an outbox message", async () => {
    const since = now();
    const id = await prisma.$transaction((tx) =>
      writeOutbox(tx, "allocateWaiting", { fund: `redrive-${randomUUID().slice(0, 8)}` }),
    );
    const job = (jobId: string) => ({ id: jobId }) as Job;
    await expect(recordingDone(async () => Promise.reject(new Error("SMTP down")))(job(id))).rejects.toThrow(
      "SMTP down",
    );
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).doneAt).toBeNull();
    expect(await recordingDone(async () => "ok")(job(id))).toBe("ok");
    const doneAt = (await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).doneAt;
    expect(doneAt?.getTime()).toBeGreaterThanOrEqual(since.getTime());
    // A second completion (a job run twice) keeps the first moment; a tick's job id is no message.
    await recordingDone(async () => "ok")(job(id));
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).doneAt).toEqual(doneAt);
    await expect(recordingDone(async () => "tick")(job("repeat:reminder-tick:1"))).resolves.toBe("tick");
  });

  it("leaves alone what an admin discarded and what is older than the window", async () => {
    const since = now();
    const discarded = await letterMessage();
    const old = await letterMessage();
    await prisma.outboxMessage.update({
      where: { id: old.id },
      data: { createdAt: new Date(since.getTime() - 60_000) },
    });
    await dispatchAll();
    await getQueue(QUEUE.letters).obliterate({ force: true });
    await prisma.auditLog.create({
      data: {
        action: "job.discarded",
        targetType: "Job",
        targetId: `${QUEUE.letters}/${discarded.id}`,
        details: {},
      },
    });

    expect(await redriveLostJobs({ since })).toMatchObject({ redriven: 0 });
    for (const id of [discarded.id, old.id])
      expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
  });

  it("checks the messages of a queue this version does not know too, and is not held up by them", async () => {
    // A newer worker sent these (a rolling deploy); this older worker's pass sets the marker, so the
    // newer one makes no pass of its own: what Redis lost of them must go back to PENDING here.
    const newer = `queue-of-a-newer-version-${randomUUID().slice(0, 8)}`;
    const since = new Date(now().getTime() + 1_000);
    const at = (n: number) => new Date(since.getTime() + n);
    const sent = (n: number, queue: string, jobName: string) => ({
      queue,
      jobName,
      payload: {},
      status: "SENT" as const,
      createdAt: at(n),
      dispatchedAt: at(n),
    });
    // More than a batch of them first, then a letter whose job Redis lost too.
    await prisma.outboxMessage.createMany({
      data: [0, 1, 2, 3, 4, 5].map((n) => sent(n, newer, "newer-job")),
    });
    const letter = await prisma.outboxMessage.create({
      data: sent(10, QUEUE.letters, "render-letter"),
      select: { id: true },
    });
    const unknownIds = (
      await prisma.outboxMessage.findMany({ where: { queue: newer }, orderBy: { createdAt: "asc" } })
    ).map((m) => m.id);
    // One of them is still in Redis, where the newer worker put it.
    const newerQueue = new Queue(newer, { connection: connection(), prefix: bullPrefix() });
    const keptId = unknownIds[2] ?? "";
    await newerQueue.add("newer-job", {}, { jobId: keptId });
    try {
      const result = await redriveLostJobs({ since, batchSize: 5 });

      expect(result).toMatchObject({ checked: 7, redriven: 6, byQueue: { [newer]: 5, letters: 1 } });
      expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe(
        "PENDING",
      );
      const statuses = await prisma.outboxMessage.findMany({
        where: { queue: newer },
        select: { id: true, status: true },
      });
      for (const m of statuses) expect(m.status, m.id).toBe(m.id === keptId ? "SENT" : "PENDING");
    } finally {
      await newerQueue.obliterate({ force: true });
      await newerQueue.close();
      await prisma.outboxMessage.deleteMany({ where: { id: { in: [...unknownIds, letter.id] } } });
    }
  });

  it("lets one of two workers make the pass, and makes it again when Redis restarts during it", async () => {
    const since = now();
    await redis.del(markerKey());
    const both = await Promise.all([
      redriveIfRedisLost(redis, { since }),
      redriveIfRedisLost(redis, { since }),
    ]);
    expect(both.filter((r) => r === null)).toHaveLength(1);
    expect(await redisLostData(redis)).toBe(false);

    // A message to check, and a Redis that "restarts" (loses the lease) while it is looked up.
    await letterMessage();
    await dispatchAll();
    await redis.del(markerKey());
    const letters = getQueue(QUEUE.letters);
    const restartingRedis = {
      getJob: async (id: string) => {
        await redis.del(markerKey());
        return letters.getJob(id);
      },
    } as Pick<Queue, "getJob">;
    expect(await redriveIfRedisLost(redis, { since, queueFor: () => restartingRedis })).not.toBeNull();
    expect(await redisLostData(redis)).toBe(true);
    expect(await redriveIfRedisLost(redis, { since })).not.toBeNull();
    expect(await redisLostData(redis)).toBe(false);
  });
});

describe("retry backoff", () => {
  it("doubles from 5 s and stops growing at 5 minutes, so 24 attempts span more than an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => cappedBackoffDelay(n))).toEqual([
      5_000,
      10_000,
      20_000,
      40_000,
      80_000,
      160_000,
      BACKOFF_CAP_MS,
      BACKOFF_CAP_MS,
      BACKOFF_CAP_MS,
    ]);
    const waits = Array.from({ length: JOB_ATTEMPTS - 1 }, (_, i) => cappedBackoffDelay(i + 1));
    expect(waits.reduce((s, w) => s + w, 0)).toBeGreaterThan(80 * 60_000);
  });

  it("is what BullMQ waits between attempts of a job that keeps failing", async () => {
    const queue = new Queue(`backoff-${randomUUID().slice(0, 8)}`, {
      connection: connection(),
      prefix: bullPrefix(),
    });
    const attemptsAt: number[] = [];
    const worker = new Worker(
      queue.name,
      async (job: Job) => {
        attemptsAt.push(Date.now());
        if (job.attemptsMade < 5) throw new Error("PostgreSQL is restarting");
      },
      // First wait 40 ms, cap 160 ms: uncapped, the fifth wait would be 640 ms.
      { connection: connection(), prefix: bullPrefix(), settings: { backoffStrategy: cappedBackoff(160) } },
    );
    workers.push(worker);
    try {
      const job = await queue.add("x", {}, { attempts: 6, backoff: { type: CAPPED_BACKOFF, delay: 40 } });
      await expect
        .poll(async () => (await queue.getJob(String(job.id)))?.getState(), { timeout: 10_000 })
        .toBe("completed");
      const gaps = attemptsAt.slice(1).map((t, i) => t - (attemptsAt[i] ?? t));
      expect(gaps).toHaveLength(5);
      for (const [i, min] of [40, 80, 160, 160, 160].entries())
        expect(gaps[i]).toBeGreaterThanOrEqual(min - 5);
      expect(gaps[4]).toBeLessThan(500);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
