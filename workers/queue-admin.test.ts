import { randomUUID } from "node:crypto";
import { Job, UnrecoverableError, Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import type { Actor } from "../app/domain/actor.ts";
import { now } from "../app/domain/clock.ts";
import { ForbiddenError } from "../app/domain/errors.ts";
import { writeOutbox } from "../app/domain/outbox.server.ts";
import {
  discardFailedJob,
  failedJobs,
  JobNotFailed,
  jobCounts,
  QueuesUnavailable,
  retryAllFailed,
  retryFailedJob,
} from "./queue-admin.ts";
import { bullPrefix, closeQueues, createRedisConnection, getQueue } from "./queues.ts";
import { redriveLostJobs } from "./redrive.ts";

// The admin's queue pages (ADR 0021) against a real Redis, on a prefix of this file's own so that
// the counts are this file's jobs only.
const savedPrefix = process.env.BULLMQ_PREFIX;
let admin: Actor;
beforeAll(async () => {
  await closeQueues();
  process.env.BULLMQ_PREFIX = `qa-${randomUUID().slice(0, 8)}`;
  const user = await prisma.user.create({
    data: {
      email: `qa-${randomUUID()}@example.test`,
      name: "Beheerder",
      passwordHash: "x",
      memberships: { create: { role: "ADMIN" } },
    },
  });
  admin = { userId: user.id, roles: ["ADMIN"], organisationIds: [] };
});
afterAll(async () => {
  await getQueue("letters").obliterate({ force: true });
  await closeQueues();
  process.env.BULLMQ_PREFIX = savedPrefix;
  await disconnectPrisma();
});

/** The audit rows of one job. */
const auditRows = (id: string) =>
  prisma.auditLog.findMany({ where: { targetType: "Job", targetId: `letters/${id}` } });

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});

/** Adds `n` letter jobs and lets a worker fail each one for good (as the letters worker does). */
async function failedLetterJobs(
  n: number,
  attempts = 1,
  ids: string[] = Array.from({ length: n }, () => randomUUID()),
): Promise<string[]> {
  const queue = getQueue("letters");
  const failed = new Set<string>();
  const worker = new Worker(
    "letters",
    async (job: Job) => {
      if (job.attemptsMade + 1 >= attempts)
        throw new UnrecoverableError(`GRANT_DECISION without decisionId (${job.id})`);
      throw new Error("SMTP: 451 try again later");
    },
    { connection: createRedisConnection(), prefix: bullPrefix() },
  );
  workers.push(worker);
  const done = new Promise<void>((resolve) =>
    worker.on("failed", (job) => {
      if (job && (job.finishedOn || job.attemptsMade >= attempts)) failed.add(String(job.id));
      if (ids.every((id) => failed.has(id))) resolve();
    }),
  );
  for (const id of ids) {
    await queue.add(
      "render-letter",
      { kind: "GRANT_DECISION", planId: randomUUID() },
      { jobId: id, attempts, backoff: 0 },
    );
  }
  await done;
  await worker.close();
  return ids;
}

describe("the admin's queue pages", () => {
  it("count the jobs per state and list a failed job with its error and attempts", async () => {
    const before = await jobCounts("letters");
    const [id] = await failedLetterJobs(1, 2);
    const counts = await jobCounts("letters");
    expect(counts.failed).toBe(before.failed + 1);
    const { total, jobs } = await failedJobs("letters", { skip: 0, take: 20 });
    expect(total).toBe(counts.failed);
    const job = jobs.find((j) => j.id === id);
    expect(job).toMatchObject({ name: "render-letter", attemptsMade: 2, attempts: 2 });
    expect(job?.failedReason).toBe(`GRANT_DECISION without decisionId (${id})`);
    expect(job?.data).toMatchObject({ kind: "GRANT_DECISION" });
    expect(job?.failedAt).toBeInstanceOf(Date);
  });

  it("retries a failed job with its attempts afresh, once: a second retry finds it no longer failed", async () => {
    const [id = ""] = await failedLetterJobs(1, 3);
    const retried = await retryFailedJob(admin, "letters", id);
    expect(retried.attemptsMade).toBe(3);
    const job = await getQueue("letters").getJob(id);
    expect(await job?.getState()).toBe("waiting");
    expect(job?.attemptsMade).toBe(0);
    expect((await auditRows(id)).map((a) => a.action)).toEqual(["job.retried"]);
    await expect(retryFailedJob(admin, "letters", id)).rejects.toBeInstanceOf(JobNotFailed);
    await expect(discardFailedJob(admin, "letters", id)).rejects.toBeInstanceOf(JobNotFailed);
    expect(await auditRows(id)).toHaveLength(1);
    await getQueue("letters").remove(id);
  });

  it("discards a failed job for good; an unknown or discarded job is not found", async () => {
    const [id = ""] = await failedLetterJobs(1);
    await discardFailedJob(admin, "letters", id);
    expect(await getQueue("letters").getJob(id)).toBeUndefined();
    await expect(discardFailedJob(admin, "letters", id)).rejects.toBeInstanceOf(JobNotFailed);
    await expect(retryFailedJob(admin, "letters", "bestaat-niet")).rejects.toBeInstanceOf(JobNotFailed);
  });

  it("retries every failed job of a queue, and pages through them newest first", async () => {
    const ids = await failedLetterJobs(5);
    const first = await failedJobs("letters", { skip: 0, take: 2 });
    const second = await failedJobs("letters", { skip: 2, take: 2 });
    expect(first.jobs).toHaveLength(2);
    expect(second.jobs).toHaveLength(2);
    expect(new Set([...first.jobs, ...second.jobs].map((j) => j.id)).size).toBe(4);
    const failedAt = [...first.jobs, ...second.jobs].map((j) => j.failedAt?.getTime() ?? 0);
    expect(failedAt).toEqual([...failedAt].sort((a, b) => b - a));

    const failedBefore = (await jobCounts("letters")).failed;
    expect(await retryAllFailed(admin, "letters")).toBe(failedBefore);
    expect((await jobCounts("letters")).failed).toBe(0);
    for (const id of ids) {
      const job = await getQueue("letters").getJob(id);
      expect(await job?.getState()).toBe("waiting");
      expect(job?.attemptsMade).toBe(0);
    }
    expect(await retryAllFailed(admin, "letters")).toBe(0);
    const rows = await prisma.auditLog.findMany({
      where: { action: "jobs.retried", targetId: "letters", actorId: admin.userId },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.details)).toEqual([{ aantal: failedBefore }, { aantal: 0 }]);
  });

  it("records a discard in one go with the removal: either failing leaves no row and the job in place", async () => {
    // An outbox message whose job the dispatcher handed over (SENT) and which failed for good.
    const since = now();
    const id = await prisma.$transaction((tx) =>
      writeOutbox(tx, "renderLetter", {
        kind: "GRANT_DECISION",
        planId: randomUUID(),
        decisionId: randomUUID(),
      }),
    );
    await prisma.outboxMessage.update({ where: { id }, data: { status: "SENT", dispatchedAt: now() } });
    await failedLetterJobs(1, 1, [id]);

    const remove = vi
      .spyOn(Job.prototype, "remove")
      .mockRejectedValueOnce(new Error("Connection is closed."));
    try {
      await expect(discardFailedJob(admin, "letters", id)).rejects.toThrow();
    } finally {
      remove.mockRestore();
    }
    expect(await auditRows(id)).toEqual([]);
    expect(await (await getQueue("letters").getJob(id))?.getState()).toBe("failed");

    // PostgreSQL refuses the audit row (here: a trigger of this test's own for this job alone):
    // the job is not removed either.
    const fn = `qa_refuse_${randomUUID().replaceAll("-", "")}`;
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
        `IF NEW."targetId" = 'letters/${id}' THEN RAISE EXCEPTION 'audit row refused'; END IF; RETURN NEW; END $$`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    try {
      await expect(discardFailedJob(admin, "letters", id)).rejects.toThrow(/audit row refused/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "AuditLog"`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    expect(await auditRows(id)).toEqual([]);
    expect(await (await getQueue("letters").getJob(id))?.getState()).toBe("failed");

    // Only an admin; nothing happens for anyone else.
    await expect(
      discardFailedJob({ ...admin, roles: ["CASE_HANDLER"] }, "letters", id),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await (await getQueue("letters").getJob(id))?.getState()).toBe("failed");

    // The discard that works: gone from Redis and on record, so the re-drive after Redis lost
    // its data leaves the letter unmade.
    await discardFailedJob(admin, "letters", id);
    expect(await getQueue("letters").getJob(id)).toBeUndefined();
    const rows = await auditRows(id);
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([["job.discarded", admin.userId]]);
    expect(rows[0]?.details).toMatchObject({ taak: "render-letter", pogingen: 1 });
    // This message, not a count: a test file that ran before in the same worker may leave SENT
    // messages of its own behind, which the re-drive rightly hands over again.
    await redriveLostJobs({ since });
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
    expect(await getQueue("letters").getJob(id)).toBeUndefined();
  });

  it("says the queues cannot be read, within seconds, when Redis does not answer", async () => {
    await closeQueues();
    const savedUrl = process.env.REDIS_URL;
    // A port nothing listens on: ioredis keeps reconnecting and the command would wait for ever.
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    try {
      const started = Date.now();
      await expect(jobCounts("letters")).rejects.toBeInstanceOf(QueuesUnavailable);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await closeQueues();
      process.env.REDIS_URL = savedUrl;
    }
  });
});
