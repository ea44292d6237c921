import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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

/** A queue name no version of this worker knows: a newer web server's, or one since renamed. */
const UNKNOWN_QUEUE = "queue-of-a-newer-version";

/** `count` messages for UNKNOWN_QUEUE, older than anything written after them. */
async function unknownMessages(count: number): Promise<void> {
  const start = Date.now() - 60_000;
  await prisma.outboxMessage.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      queue: UNKNOWN_QUEUE,
      jobName: "job-of-a-newer-version",
      payload: { n: i },
      createdAt: new Date(start + i),
    })),
  });
}

afterEach(async () => {
  // Left PENDING by design; other tests and files must not meet them.
  await prisma.outboxMessage.deleteMany({ where: { queue: UNKNOWN_QUEUE } });
});

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
      expect(r).toMatchObject({ sent: 0, failed: 1 });
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

  it("hands over the known messages behind a full batch for an unknown queue, each queue in its order, and leaves the unknown ones PENDING", async () => {
    await drain();
    await unknownMessages(100);
    const letters = [await newMessage(), await newMessage(), await newMessage()];
    const account = await prisma.$transaction((tx) =>
      writeOutbox(tx, "sendAccountEmail", { template: "invitation", tokenId: randomUUID() }),
    );
    const { added, queueFor } = countingQueue();

    // Several rounds at the default batch size: one that rereads the same oldest 100 never gets there.
    const results = [];
    for (let round = 0; round < 3; round++) results.push(await dispatchPendingOutbox({ queueFor }));

    // In order of writing: createdAt, then id (two messages written in one millisecond tie).
    const order = await prisma.outboxMessage.findMany({
      where: { id: { in: [...letters, account] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(added).toEqual(order.map((r) => r.id));
    const sent = await prisma.outboxMessage.findMany({ where: { id: { in: [...letters, account] } } });
    expect(sent.map((m) => m.status)).toEqual(["SENT", "SENT", "SENT", "SENT"]);
    // Untouched: no attempt counted, no error, not sent; a worker that knows the queue takes them.
    const unknown = await prisma.outboxMessage.findMany({ where: { queue: UNKNOWN_QUEUE } });
    expect(unknown).toHaveLength(100);
    for (const m of unknown) {
      expect(m).toMatchObject({ status: "PENDING", attempts: 0, lastError: null, dispatchedAt: null });
    }
    expect(results[0]?.unknown).toEqual([
      {
        queue: UNKNOWN_QUEUE,
        count: 100,
        oldest: unknown.map((m) => m.createdAt).sort((a, b) => +a - +b)[0],
      },
    ]);
    for (const id of letters) await (await getQueue(QUEUE.letters).getJob(id))?.remove();
    await (await getQueue(QUEUE.emails).getJob(account))?.remove();
  });

  it("reaches every known message behind the unknown ones when a queue has more than a batch", async () => {
    await drain();
    await unknownMessages(5);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await newMessage());
    const { added, queueFor } = countingQueue();

    let rounds = 0;
    while ((await dispatchPendingOutbox({ queueFor, batchSize: 3 })).sent > 0) rounds++;

    expect(rounds).toBe(3);
    // In the queue's own order: createdAt, then id (two messages written in one millisecond tie).
    const rows = await prisma.outboxMessage.findMany({
      where: { id: { in: ids } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(added).toEqual(rows.map((r) => r.id));
    for (const id of ids) await (await getQueue(QUEUE.letters).getJob(id))?.remove();
  });

  it("warns once per round, not per message, while messages wait for an unknown queue", async () => {
    await drain();
    await unknownMessages(150);
    const warnings: string[] = [];
    const dispatcher = startDispatcher({ intervalMs: 50, log: () => {}, warn: (l) => warnings.push(l) });
    try {
      await expect.poll(() => warnings.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      await dispatcher.stop();
    }
    // About one per 50 ms round; a warning per message would be 150 in the first round alone.
    expect(warnings.length).toBeLessThan(20);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^dispatcher: 150 outbox messages wait for a queue this worker version does not know \\(${UNKNOWN_QUEUE}: 150, oldest \\d+ s\\)`,
      ),
    );
  });
});
