import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { writeOutbox } from "../app/domain/outbox.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { dispatchPendingOutbox, startDispatcher } from "./dispatcher.ts";
import { closeQueues, DEFAULT_JOB_OPTIONS, getQueue, type QueueName } from "./queues.ts";

beforeAll(() => {
  process.env.BULLMQ_PREFIX ??= "docs-dev";
});
afterAll(async () => {
  await closeQueues();
  await disconnectPrisma();
});

/** Earlier tests may have left messages; send them so each test sees only its own. */
async function drain() {
  while ((await dispatchPendingOutbox()).sent > 0) {}
}

async function newMessage(): Promise<string> {
  return prisma.$transaction((tx) =>
    writeOutbox(tx, "renderLetter", {
      kind: "GRANT_DECISION",
      planId: randomUUID(),
      decisionId: randomUUID(),
    }),
  );
}

/** The real queue, with a tally of the job ids added through it. */
function countingQueue() {
  const added: string[] = [];
  const queueFor = (name: QueueName) => {
    const queue = getQueue(name);
    return {
      add: ((jobName, data, opts) => {
        added.push(String(opts?.jobId));
        return queue.add(jobName, data, opts);
      }) as Queue["add"],
    };
  };
  return { added, queueFor };
}

describe("outbox dispatcher", () => {
  it("enqueues a message once, with its id as job id, even when two dispatchers run at once", async () => {
    await drain();
    const id = await newMessage();
    const { added, queueFor } = countingQueue();

    const results = await Promise.all([
      dispatchPendingOutbox({ queueFor }),
      dispatchPendingOutbox({ queueFor }),
    ]);

    expect(added.filter((j) => j === id)).toHaveLength(1);
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(1);
    const msg = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(msg.status).toBe("SENT");
    expect(msg.dispatchedAt).not.toBeNull();

    const job = await getQueue(QUEUE.letters).getJob(id);
    expect(job?.id).toBe(id);
    expect(job?.name).toBe("render-letter");
    expect(job?.data).toMatchObject({
      kind: "GRANT_DECISION",
      planId: msg.payload && (msg.payload as { planId: string }).planId,
    });
    expect(job?.opts.attempts).toBe(DEFAULT_JOB_OPTIONS.attempts);
    expect(job?.opts.backoff).toEqual({ type: "capped-exponential", delay: 5_000 });
    await job?.remove();
  });

  it("leaves a message PENDING with its error while Redis is unreachable, and sends it later", async () => {
    await drain();
    const id = await newMessage();
    const deadConnection = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: null,
      lazyConnect: true,
    });
    deadConnection.on("error", () => {});
    const dead = new Queue(QUEUE.letters, { connection: deadConnection, prefix: "docs-dev" });
    dead.on("error", () => {});
    try {
      const r = await dispatchPendingOutbox({ queueFor: () => dead, addTimeoutMs: 300 });
      expect(r).toEqual({ sent: 0, failed: 1 });
    } finally {
      deadConnection.disconnect();
    }
    const pending = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(pending).toMatchObject({ status: "PENDING", attempts: 1, dispatchedAt: null });
    expect(pending.lastError).toMatch(/Connection is closed|Redis did not answer|ECONNREFUSED/);

    const dispatcher = startDispatcher({ intervalMs: 50, log: () => {} });
    try {
      await expect
        .poll(async () => (await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status, {
          timeout: 5_000,
        })
        .toBe("SENT");
    } finally {
      await dispatcher.stop();
    }
    const job = await getQueue(QUEUE.letters).getJob(id);
    expect(job?.id).toBe(id);
    await job?.remove();
  });
});
