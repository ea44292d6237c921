import { randomUUID } from "node:crypto";
import { type Job, UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { createDecisionFixture } from "../../app/domain/documents/test-fixtures.server.ts";
import { startTestSmtp, type TestSmtp } from "../../app/domain/notifications/test-smtp.server.ts";
import { processEmailJob } from "./emails.ts";

// The processor reads only job.data; a plain object stands in for the BullMQ Job around it.
const job = (data: unknown) => ({ data }) as Job;

let smtp: TestSmtp;
const saved = { SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: process.env.PUBLIC_URL };

beforeAll(async () => {
  smtp = await startTestSmtp();
  // The processor takes its SMTP server and link base from the environment, as in the worker.
  process.env.SMTP_URL = smtp.url;
  process.env.PUBLIC_URL = "http://portaal.test:3000";
});
beforeEach(() => {
  smtp.inbox.length = 0;
  smtp.refuse = false;
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await smtp.close();
  await disconnectPrisma();
});

async function fixture() {
  const { planId, reference } = await createDecisionFixture(prisma);
  const { organisationId } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
  // An applicant of the plan's organisation: a recipient who cannot open the plan is skipped.
  const user = await prisma.user.create({
    data: {
      email: `aanvrager-${randomUUID()}@example.nl`,
      name: "A. Vrager",
      passwordHash: "x",
      memberships: { create: { role: "APPLICANT", organisationId } },
    },
  });
  return { planId, reference, userId: user.id, email: user.email };
}

describe("emails processor", () => {
  it("delivers the mail to the SMTP server, and a job that runs twice sends once", async () => {
    const { planId, reference, userId, email } = await fixture();
    const data = { template: "plan-received", planId, recipientUserId: userId };
    const sent = await processEmailJob(job(data));
    expect(sent).toMatchObject({ status: "sent" });
    // The result is logged and kept in Redis for the queue pages: it names no address.
    expect(JSON.stringify(sent)).not.toContain(email);
    expect(await processEmailJob(job(data))).toMatchObject({ status: "already-sent" });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toContain(reference);
    expect(mail?.text).toContain(`http://portaal.test:3000/aanvrager/plannen/${planId}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(1);
  });

  it("throws a retryable error while SMTP refuses, and a later run delivers", async () => {
    const { planId, userId } = await fixture();
    const data = { template: "decision-available", planId, recipientUserId: userId };
    smtp.refuse = true;
    const failure = await processEmailJob(job(data)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    expect(smtp.inbox).toHaveLength(0);

    smtp.refuse = false;
    expect(await processEmailJob(job(data))).toMatchObject({ status: "sent" });
    expect(await smtp.waitFor(1)).toHaveLength(1);
  });

  it("leaves a template of a newer version for a newer worker: retried, not failed for good", async () => {
    const { userId } = await fixture();
    const failure = await processEmailJob(
      job({ template: "a-template-of-a-later-version", planId: randomUUID(), recipientUserId: userId }),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    expect(String(failure)).toContain("left for a newer worker");
  });

  it("fails without retries for a bad payload; skips a plan that no longer exists", async () => {
    const { userId } = await fixture();
    await expect(
      processEmailJob(job({ template: "no-such-template", planId: randomUUID() })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(
      processEmailJob(job({ template: "plan-received", planId: "nope", recipientUserId: userId })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    // A draft deleted after the mail was queued: nothing to tell, and the job completes.
    await expect(
      processEmailJob(job({ template: "plan-received", planId: randomUUID(), recipientUserId: userId })),
    ).resolves.toMatchObject({ status: "skipped" });
  });
});
