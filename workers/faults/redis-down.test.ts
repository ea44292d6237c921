import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:http";
import express from "express";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { decisionLetterKey } from "../../app/domain/documents/produce.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../app/test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../app/test/scenario.server.ts";
import { healthz } from "../../server/healthz.ts";
import { closeQueues } from "../queues.ts";
import {
  freePort,
  RedisProcess,
  type SmtpCatcher,
  setAsideOutbox,
  startSmtp,
  WorkerProcess,
} from "./harness.ts";

/**
 * Issue 3: "Stop Redis, take a decision in the web app (it succeeds), start Redis: the letter and
 * the email appear without a manual step." The worker runs throughout; the decision goes through
 * the same use case the decision page calls.
 */

let redis: RedisProcess;
let smtp: SmtpCatcher;
let worker: WorkerProcess | undefined;
let web: Server | undefined;
const savedRedisUrl = process.env.REDIS_URL;

beforeAll(async () => {
  redis = new RedisProcess(await freePort());
  await redis.start();
  smtp = await startSmtp();
  // The web side's /healthz reads REDIS_URL when it first connects: point it at this test's Redis,
  // dropping a connection an earlier file in this worker left to the shared one (its PING would
  // still answer once this test's Redis is stopped).
  const g = globalThis as unknown as { __healthRedis?: Redis };
  g.__healthRedis?.disconnect();
  g.__healthRedis = undefined;
  await closeQueues();
  process.env.REDIS_URL = redis.url;
  const app = express();
  app.get("/healthz", healthz);
  web = app.listen(0, "127.0.0.1");
  await once(web, "listening");
});

afterAll(async () => {
  await worker?.kill();
  if (web) web.close();
  await closeQueues();
  const g = globalThis as unknown as { __healthRedis?: Redis };
  g.__healthRedis?.disconnect();
  g.__healthRedis = undefined;
  process.env.REDIS_URL = savedRedisUrl;
  await smtp?.close();
  await redis?.stop();
  await disconnectPrisma();
});

async function health(): Promise<{ status: number; body: { redis: string; database: string } }> {
  const address = web?.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as { redis: string; database: string } };
}

describe("Redis down while a decision is taken", () => {
  it("keeps the decision, then delivers the letter and the e-mail once Redis is back", {
    timeout: 120_000,
  }, async () => {
    onTestFailed(() => console.log(`worker output:\n${worker?.text()}`));
    const s: Scenario = await createScenario();
    const plan = await completePlan(s);
    const advised = await advisePlan(s, plan.id, plan.version);
    await setAsideOutbox(redis.url);

    worker = new WorkerProcess({
      REDIS_URL: redis.url,
      BULLMQ_PREFIX: `rem-down-${randomUUID().slice(0, 8)}`,
      SMTP_URL: smtp.url,
      PUBLIC_URL: "http://portaal.test",
      DISPATCH_INTERVAL_MS: "200",
      WORKER_STALLED_INTERVAL_MS: "2000",
      WORKER_LOCK_DURATION_MS: "8000",
    });
    await worker.waitFor(/reminder tick scheduled/);

    await redis.stop();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ database: "ok", redis: "down" });

    // The decision succeeds: its letter is an outbox row in PostgreSQL, not a call to Redis.
    await grantPlan(s, plan.id, advised);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: plan.id } });
    const message = await prisma.outboxMessage.findFirstOrThrow({
      where: { jobName: "render-letter", payload: { path: ["decisionId"], equals: decision.id } },
    });
    expect(message.status).toBe("PENDING");
    // The worker's dispatcher keeps trying (and failing); the message waits in PostgreSQL.
    const mark = worker.text().length;
    await worker.waitFor(/dispatcher: 0 sent, \d+ failed/, 30_000, mark);
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe(
      "PENDING",
    );
    expect(await prisma.document.count({ where: { idempotencyKey: decisionLetterKey(decision.id) } })).toBe(
      0,
    );

    // Redis returns, empty (it kept nothing): no one touches the worker.
    const before = smtp.inbox.length;
    await redis.start();
    await expect
      .poll(() => prisma.document.count({ where: { idempotencyKey: decisionLetterKey(decision.id) } }), {
        timeout: 60_000,
        interval: 250,
      })
      .toBe(1);
    const applicant = await prisma.user.findUniqueOrThrow({ where: { id: s.applicantA.userId } });
    const reference = (await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).reference;
    const isOurs = (m: (typeof smtp.inbox)[number]) =>
      m.to !== undefined &&
      (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a.value.some((v) => v.address === applicant.email)) &&
      (m.subject ?? "").startsWith(`Besluit op uw aanvraag ${reference}`) &&
      (m.text ?? "").includes(`http://portaal.test/aanvrager/plannen/${plan.id}`);
    await expect
      .poll(() => smtp.inbox.slice(before).filter(isOurs).length, { timeout: 60_000, interval: 250 })
      .toBe(1);
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("SENT");
    // The scheduler was lost with Redis' data; the worker put it back when it reconnected.
    await worker.waitFor(/reminder tick scheduled[\s\S]*reminder tick scheduled/, 30_000);
    // And the web side reports healthy again (its first look at the queues happens only now, which
    // also keeps this test's output free of the reconnect errors of a queue client left waiting).
    await expect.poll(async () => (await health()).status, { timeout: 10_000 }).toBe(200);

    await worker.kill("SIGTERM");
    expect(worker.text()).toContain("stopped");
  });
});
