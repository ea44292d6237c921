import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { createDecisionFixture } from "../app/domain/documents/test-fixtures.server.ts";
import { writeOutbox } from "../app/domain/outbox.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { createLogger, withRequestContext } from "../app/log.server.ts";
import { requestContext } from "../server/request-context.ts";
import { dispatchPendingOutbox } from "./dispatcher.ts";
import { withJobContext } from "./job-context.ts";
import { processLetterJob } from "./processors/letters.ts";
import { closeQueues, getQueue } from "./queues.ts";

beforeAll(() => {
  process.env.BULLMQ_PREFIX ??= "docs-dev";
});
afterAll(async () => {
  await closeQueues();
  await disconnectPrisma();
});

/** A real pino logger whose JSON lines land in an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger(stream, "info"), lines };
}

describe("request id", () => {
  it("follows a request into its outbox message, the job, the processor's log and the job's own follow-up", async () => {
    while ((await dispatchPendingOutbox()).sent > 0) {}
    const { planId, decisionId } = await createDecisionFixture(prisma);
    // A member of the organisation, so the stored letter causes an e-mail (a second job).
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const member = await prisma.user.create({
      data: { email: `lid-${randomUUID().slice(0, 8)}@example.nl`, name: "Lid", passwordHash: "x" },
    });
    await prisma.roleMembership.create({
      data: { userId: member.id, role: "APPLICANT", organisationId: plan.organisationId },
    });

    const requestId = `test-${randomUUID()}`;
    const { log, lines } = capturedLogger();
    const messageId = await withRequestContext({ requestId, log }, () =>
      prisma.$transaction((tx) =>
        writeOutbox(tx, "renderLetter", { kind: "GRANT_DECISION", planId, decisionId }),
      ),
    );
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: messageId } })).requestId).toBe(
      requestId,
    );

    await dispatchPendingOutbox();
    const job = await getQueue(QUEUE.letters).getJob(messageId);
    expect(job?.data).toMatchObject({ requestId, kind: "GRANT_DECISION", planId });
    if (!job) throw new Error("job not enqueued");

    await withJobContext(QUEUE.letters, processLetterJob, log)(job);

    const done = lines.find((l) => l.msg === "job letters/render-letter completed");
    expect(done).toMatchObject({ requestId, queue: "letters", jobId: messageId, attempt: 1 });
    expect((done?.result as { documentId?: string })?.documentId).toEqual(expect.any(String));
    // The letter's e-mail was written by the job, inside the same context: same request id.
    const email = await prisma.outboxMessage.findFirstOrThrow({
      where: { jobName: "send-email", payload: { path: ["recipientUserId"], equals: member.id } },
    });
    expect(email.requestId).toBe(requestId);
    await job.remove();
    await dispatchPendingOutbox();
    const emailJob = await getQueue(QUEUE.emails).getJob(email.id);
    expect(emailJob?.data).toMatchObject({ requestId });
    await emailJob?.remove();
  });

  it("is echoed in X-Request-Id, logged once per request and seen by domain code", async () => {
    const { log, lines } = capturedLogger();
    const app = express();
    app.use(requestContext(log));
    let seen: string | null = null;
    app.get("/plannen/:id", async (_req, res) => {
      const id = await prisma.$transaction((tx) =>
        writeOutbox(tx, "allocateWaiting", { fund: `log-${randomUUID()}` }),
      );
      seen = (await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).requestId;
      await prisma.outboxMessage.delete({ where: { id } });
      res.status(201).send("ok");
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const given = await fetch(`${base}/plannen/abc?token=geheim`, {
        headers: { "X-Request-Id": "lb-1234567890" },
      });
      expect(given.status).toBe(201);
      expect(given.headers.get("x-request-id")).toBe("lb-1234567890");
      expect(seen).toBe("lb-1234567890");

      const forged = await fetch(`${base}/plannen/abc`, { headers: { "X-Request-Id": "x y\tz" } });
      const fresh = forged.headers.get("x-request-id");
      expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen).toBe(fresh);
    } finally {
      server.close();
    }
    const access = lines.filter((l) => typeof l.durationMs === "number");
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({
      requestId: "lb-1234567890",
      req: { method: "GET", path: "/plannen/abc" },
      res: { status: 201 },
    });
    // The query string (here a token) never reaches the log.
    expect(JSON.stringify(lines)).not.toContain("geheim");
  });
});
