import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { decisionLetterKey } from "../app/domain/documents/produce.server.ts";
import { createDecisionFixture } from "../app/domain/documents/test-fixtures.server.ts";
import { writeOutbox } from "../app/domain/outbox.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { dispatchPendingOutbox } from "./dispatcher.ts";
import { closeQueues, createRedisConnection } from "./queues.ts";

afterAll(async () => {
  await closeQueues();
  await disconnectPrisma();
});

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("worker process", () => {
  it("turns an outbox message into a stored letter, then stops cleanly on SIGTERM", async () => {
    process.env.BULLMQ_PREFIX ??= "docs-dev";
    // Send whatever earlier tests left behind, so the child sees only this test's message.
    while ((await dispatchPendingOutbox()).sent > 0) {}

    const { planId, decisionId } = await createDecisionFixture(prisma);
    await prisma.$transaction((tx) =>
      writeOutbox(tx, "renderLetter", { kind: "GRANT_DECISION", planId, decisionId }),
    );

    const prefix = `docs-dev-${randomUUID().slice(0, 8)}`;
    const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
      // A fresh prefix on a database with messages sent under others: none of them is lost (ADR 0022).
      env: {
        ...process.env,
        BULLMQ_PREFIX: prefix,
        DISPATCH_INTERVAL_MS: "100",
        OUTBOX_REDRIVE_MAX_AGE_MS: "1",
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
      await expect
        .poll(() => prisma.document.count({ where: { idempotencyKey: decisionLetterKey(decisionId) } }), {
          // A child process that compiles TypeScript on start is slow on a busy 2-core machine.
          timeout: 60_000,
          interval: 200,
        })
        .toBe(1);
      await expect.poll(() => output, { timeout: 15_000 }).toMatch(/completed/);
      // A fresh prefix is a Redis without the marker: the worker checked for lost jobs once. It says so
      // after putting back every sent message of this database in batches of 200 (the files before it
      // leave hundreds), each then sent again: a minute on a busy machine, not 15 s.
      await expect.poll(() => output, { timeout: 60_000 }).toMatch(/redrive: Redis had no marker/);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("SIGTERM: finishing running jobs");
    expect(output).toContain("stopped");
    const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(decision.announcedAt).not.toBeNull();

    const connection = createRedisConnection();
    const queue = new Queue(QUEUE.letters, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  }, 180_000);
});
