import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { decisionLetterKey } from "../../app/domain/documents/produce.server.ts";
import { createDecisionFixture } from "../../app/domain/documents/test-fixtures.server.ts";
import { writeOutbox } from "../../app/domain/outbox.server.ts";
import { QUEUE } from "../../app/jobs/definitions.ts";
import {
  freePort,
  RedisProcess,
  type SmtpCatcher,
  setAsideOutbox,
  startSmtp,
  WorkerProcess,
} from "./harness.ts";

/**
 * Issue 3: "Kill the worker process in the middle of a job: the job is retried and exactly one
 * document exists." No hook in the production code makes a job slow: a dozen letters keep the
 * worker busy, and whatever is active at the SIGKILL has to be picked up by the next worker.
 * "Exactly one" covers the letter's effects too: one notice and one e-mail per letter.
 */

const LETTERS = 12;
let redis: RedisProcess;
let smtp: SmtpCatcher;
let connection: Redis;
const prefix = `rem-kill-${randomUUID().slice(0, 8)}`;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = new RedisProcess(await freePort());
  await redis.start();
  smtp = await startSmtp();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  await setAsideOutbox(redis.url);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  connection?.disconnect();
  await smtp?.close();
  await redis?.stop();
  await disconnectPrisma();
});

function startWorker(): WorkerProcess {
  const worker = new WorkerProcess({
    REDIS_URL: redis.url,
    BULLMQ_PREFIX: prefix,
    SMTP_URL: smtp.url,
    DISPATCH_INTERVAL_MS: "200",
    // A dead worker's job is looked for every 2 s and its lock lapses after 8 s (defaults: 30 s each).
    WORKER_STALLED_INTERVAL_MS: "2000",
    WORKER_LOCK_DURATION_MS: "8000",
  });
  workers.push(worker);
  return worker;
}

describe("a worker killed in the middle of a job", () => {
  it("leaves the job to the next worker, which finishes it: one document, one notice and one e-mail per letter", {
    // Generous: two worker start-ups and a dozen letters on a loaded 2-core machine.
    timeout: 300_000,
  }, async () => {
    const fixtures: Awaited<ReturnType<typeof createDecisionFixture>>[] = [];
    for (let i = 0; i < LETTERS; i++) fixtures.push(await createDecisionFixture(prisma));
    const ours = new Set(fixtures.map((f) => f.decisionId));
    // One applicant per organisation, so that each letter also has a notice and an e-mail to
    // count: a job run twice must not tell the applicant twice either.
    const applicants = new Map<string, string>();
    for (const f of fixtures) {
      const plan = await prisma.plan.findUniqueOrThrow({ where: { id: f.planId } });
      const email = `aanvrager-kill-${randomUUID().slice(0, 8)}@example.nl`;
      await prisma.user.create({
        data: {
          email,
          name: "Aanvrager",
          passwordHash: "x",
          memberships: { create: { role: "APPLICANT", organisationId: plan.organisationId } },
        },
      });
      applicants.set(f.planId, email);
    }
    await prisma.$transaction(async (tx) => {
      for (const f of fixtures) {
        await writeOutbox(tx, "renderLetter", {
          kind: "GRANT_DECISION",
          planId: f.planId,
          decisionId: f.decisionId,
        });
      }
    });
    const letters = new Queue(QUEUE.letters, { connection, prefix });
    const activeOfOurs = async () =>
      (await letters.getActive()).filter((j) =>
        ours.has((j.data as { decisionId?: string }).decisionId ?? ""),
      );

    // Kill as soon as one of our letters is being made. Should it have finished between the look
    // and the kill (it takes a fraction of a second), a fresh worker gets the next one.
    let killed: string[] = [];
    for (let round = 0; round < 5 && killed.length === 0; round++) {
      const worker = startWorker();
      await expect
        .poll(async () => (await activeOfOurs()).length, { timeout: 30_000, interval: 10 })
        .toBeGreaterThan(0);
      await worker.kill("SIGKILL");
      killed = (await activeOfOurs()).map((j) => String(j.id));
    }
    expect(killed.length).toBeGreaterThan(0);
    const docsAtKill = await prisma.document.count({
      where: { idempotencyKey: { in: fixtures.map((f) => decisionLetterKey(f.decisionId)) } },
    });
    expect(docsAtKill).toBeLessThan(LETTERS);

    const next = startWorker();
    await expect
      .poll(
        async () =>
          Promise.all(killed.map(async (id) => (await letters.getJob(id))?.getState())).then((s) =>
            s.join(","),
          ),
        { timeout: 45_000, interval: 250 },
      )
      .toBe(killed.map(() => "completed").join(","));
    for (const id of killed) {
      const job = await letters.getJob(id);
      // Started by the killed worker and again by the next one; the stalled check handed it back.
      expect(job?.attemptsStarted).toBeGreaterThanOrEqual(2);
      expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
    }
    expect(next.text()).toMatch(/stalled: its worker died/);

    await expect
      .poll(
        () =>
          prisma.document.count({
            where: { idempotencyKey: { in: fixtures.map((f) => decisionLetterKey(f.decisionId)) } },
          }),
        { timeout: 45_000, interval: 250 },
      )
      .toBe(LETTERS);
    for (const f of fixtures) {
      expect(await prisma.document.count({ where: { planId: f.planId } })).toBe(1);
      const decision = await prisma.decision.findUniqueOrThrow({ where: { id: f.decisionId } });
      expect(decision.announcedAt).not.toBeNull();
      expect(await prisma.notification.count({ where: { planId: f.planId } })).toBe(1);
    }
    // One e-mail per letter, the killed ones included (the outbox hands the e-mails to the worker).
    const mailsTo = (address: string) =>
      smtp.inbox.filter((m) =>
        (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((a) =>
          a.value.some((v) => v.address === address),
        ),
      ).length;
    // The workers started on a Redis without the redrive's marker, so they put back and send again
    // every sent message the test database gathered from the files before (hundreds by now): ours
    // may come after them.
    await expect
      .poll(() => [...applicants.values()].map(mailsTo).join(","), { timeout: 120_000, interval: 250 })
      .toBe(fixtures.map(() => "1").join(","));

    await next.kill("SIGTERM");
    expect(next.text()).toContain("stopped");
    await letters.obliterate({ force: true });
    await letters.close();
  });
});
