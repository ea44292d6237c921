import { randomUUID } from "node:crypto";
import { type Job, UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { revokedScenarioPlan } from "../../app/domain/documents/revocation.test-support.ts";
import {
  createDecisionFixture,
  grantedScenarioPlan,
  submittedScenarioPlan,
} from "../../app/domain/documents/test-fixtures.server.ts";
import { createScenario, type Scenario } from "../../app/test/scenario.server.ts";
import { processLetterJob } from "./letters.ts";

afterAll(async () => {
  await disconnectPrisma();
});

// The processor reads only job.data; a plain object stands in for the BullMQ Job around it.
const job = (data: unknown) => ({ data }) as Job;

async function emailsFor(planId: string, template: string) {
  return prisma.outboxMessage.findMany({
    where: {
      jobName: "send-email",
      AND: [
        { payload: { path: ["planId"], equals: planId } },
        { payload: { path: ["template"], equals: template } },
      ],
    },
  });
}

describe("letters processor", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });

  it("produces the decision letter, and the same document when the job runs again", async () => {
    const { planId, decisionId } = await createDecisionFixture(prisma, { outcome: "PARTIALLY_GRANTED" });
    const first = await processLetterJob(job({ kind: "PARTIAL_GRANT_DECISION", planId, decisionId }));
    const second = await processLetterJob(job({ kind: "PARTIAL_GRANT_DECISION", planId, decisionId }));
    expect(second.documentId).toBe(first.documentId);
    const doc = await prisma.document.findUniqueOrThrow({ where: { id: first.documentId } });
    expect(doc.templateVersion).toBe("beschikking-gedeeltelijke-verlening@8");
  });

  it("an acknowledgement job run twice stores one document and tells the organisation once", async () => {
    const { planId, planVersionId } = await submittedScenarioPlan(s);
    const payload = { kind: "ACKNOWLEDGEMENT", planId, planVersionId };
    const first = await processLetterJob(job(payload));
    const second = await processLetterJob(job(payload));
    expect(second.documentId).toBe(first.documentId);

    const docs = await prisma.document.findMany({ where: { planId, kind: "ACKNOWLEDGEMENT" } });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.idempotencyKey).toBe(`acknowledgement:${planVersionId}`);
    expect(docs[0]?.templateVersion).toBe("ontvangstbevestiging@4");

    // Organisation A has one applicant user: one bell notification and one e-mail message.
    const notes = await prisma.notification.findMany({ where: { planId } });
    expect(notes.map((n) => n.userId)).toEqual([s.applicantA.userId]);
    expect(notes[0]?.link).toBe(`/aanvrager/plannen/${planId}`);
    const emails = await emailsFor(planId, "plan-received");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.payload).toMatchObject({
      recipientUserId: s.applicantA.userId,
      documentId: first.documentId,
    });
  });

  it("two acknowledgement jobs racing still make one document and one notification", async () => {
    const { planId, planVersionId } = await submittedScenarioPlan(s);
    const payload = { kind: "ACKNOWLEDGEMENT", planId, planVersionId };
    const results = await Promise.all([processLetterJob(job(payload)), processLetterJob(job(payload))]);
    expect(new Set(results.map((r) => r.documentId)).size).toBe(1);
    expect(await prisma.document.count({ where: { planId, kind: "ACKNOWLEDGEMENT" } })).toBe(1);
    expect(await prisma.notification.count({ where: { planId } })).toBe(1);
    expect(await emailsFor(planId, "plan-received")).toHaveLength(1);
  });

  it("a decision letter job run twice announces and notifies once", async () => {
    const { planId, decisionId } = await grantedScenarioPlan(s);
    const payload = { kind: "GRANT_DECISION", planId, decisionId };
    const first = await processLetterJob(job(payload));
    const announced = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(announced.announcedAt).not.toBeNull();
    const second = await processLetterJob(job(payload));
    expect(second.documentId).toBe(first.documentId);
    const again = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(again.announcedAt).toEqual(announced.announcedAt);

    const emails = await emailsFor(planId, "decision-available");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.payload).toMatchObject({ documentId: first.documentId });
    const notes = await prisma.notification.findMany({ where: { planId, title: { startsWith: "Besluit" } } });
    expect(notes).toHaveLength(1);
  });

  it("a revocation letter job run twice stores one document and tells the organisation once", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const payload = { kind: "REVOCATION_DECISION", planId };
    const first = await processLetterJob(job(payload));
    const second = await processLetterJob(job(payload));
    expect(second.documentId).toBe(first.documentId);
    const docs = await prisma.document.findMany({ where: { planId, kind: "REVOCATION_DECISION" } });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.idempotencyKey).toBe(`revocation-letter:${planId}`);
    expect(docs[0]?.templateVersion).toBe("beschikking-intrekking@2");
    const notes = await prisma.notification.findMany({
      where: { planId, title: { startsWith: "Subsidieverlening" } },
    });
    expect(notes.map((n) => n.userId)).toEqual([s.applicantA.userId]);
    const emails = await emailsFor(planId, "revocation-decided");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.payload).toMatchObject({ documentId: first.documentId });
    // A plan that was never revoked has no such letter to make, and retrying will not give it one.
    await expect(
      processLetterJob(job({ kind: "REVOCATION_DECISION", planId: randomUUID() })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it("an extension letter job run twice stores one document and tells the organisation once", async () => {
    const { planId } = await grantedScenarioPlan(s);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const previousPeriodEnd = plan.periodEnd as Date;
    const newPeriodEnd = new Date(Date.UTC(previousPeriodEnd.getUTCFullYear() + 1, 5, 30));
    const extension = await prisma.planExtension.create({
      data: {
        planId,
        status: "GRANTED",
        requestedMonths: 6,
        motivation: "De laatste opleidingsronde start later door een tekort aan praktijkbegeleiders.",
        requestedById: s.applicantA.userId,
        requestedAt: new Date(previousPeriodEnd.getTime() - 30 * 86_400_000),
        previousPeriodEnd,
        grantedMonths: 6,
        newPeriodEnd,
        decidedById: s.decisionMaker.userId,
        decidedAt: new Date(),
      },
    });
    await prisma.plan.update({ where: { id: planId }, data: { periodEnd: newPeriodEnd } });
    const payload = { kind: "EXTENSION_DECISION", planId, extensionId: extension.id };
    const first = await processLetterJob(job(payload));
    const second = await processLetterJob(job(payload));
    expect(second.documentId).toBe(first.documentId);
    const docs = await prisma.document.findMany({ where: { planId, kind: "EXTENSION_DECISION" } });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.idempotencyKey).toBe(`extension-letter:${extension.id}`);
    expect(docs[0]?.templateVersion).toBe("beschikking-verlenging@1");
    const notes = await prisma.notification.findMany({
      where: { planId, title: { startsWith: "Verlenging" } },
    });
    expect(notes.map((n) => n.userId)).toEqual([s.applicantA.userId]);
    const emails = await emailsFor(planId, "extension-decided");
    expect(emails).toHaveLength(1);
    expect(emails[0]?.payload).toMatchObject({ documentId: first.documentId });
    // Without its request, for another plan's request, or for one not decided: retrying will not help.
    await expect(processLetterJob(job({ kind: "EXTENSION_DECISION", planId }))).rejects.toThrow(
      /without extensionId/,
    );
    await expect(
      processLetterJob(job({ kind: "EXTENSION_DECISION", planId: randomUUID(), extensionId: extension.id })),
    ).rejects.toThrow(/is not of plan/);
    const open = await prisma.planExtension.create({
      data: {
        planId,
        requestedMonths: 3,
        motivation: "Nog een verzoek, nog niet beslist: er is geen besluit om te verzenden.",
        requestedById: s.applicantA.userId,
        requestedAt: new Date(),
        previousPeriodEnd: newPeriodEnd,
      },
    });
    await expect(
      processLetterJob(job({ kind: "EXTENSION_DECISION", planId, extensionId: open.id })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it("fails without retries for what retrying cannot fix", async () => {
    const planId = randomUUID();
    await expect(processLetterJob(job({ kind: "ACKNOWLEDGEMENT", planId }))).rejects.toThrow(
      /without planVersionId/,
    );
    await expect(
      processLetterJob(job({ kind: "ACKNOWLEDGEMENT", planId, planVersionId: randomUUID() })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    // A letter kind of a newer version (a rolling deploy): retried, so that a newer worker makes it.
    const newer = await processLetterJob(job({ kind: "A_LATER_LETTER", planId })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(newer).toBeInstanceOf(Error);
    expect(newer).not.toBeInstanceOf(UnrecoverableError);
    await expect(processLetterJob(job({ kind: "GRANT_DECISION", planId: "nope" }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(processLetterJob(job({ kind: "GRANT_DECISION", planId }))).rejects.toThrow(
      /without decisionId/,
    );
    await expect(
      processLetterJob(job({ kind: "GRANT_DECISION", planId, decisionId: randomUUID() })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
