import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { aanmaningKey } from "../settlement/aanmaning.server.ts";
import { sendPlanEmail } from "./email.server.ts";
import { startTestSmtp, type TestSmtp } from "./test-smtp.server.ts";

/**
 * The mails queued for the organisation's signatories of the moment (interim-report-read,
 * underspending-report-read, payment-returned, aanmaning-sent) follow the signing right when the
 * job runs, as the interim reminders do: a colleague may take it away in between, and the member
 * still opens the plan (every applicant of the organisation does).
 */

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const send = (payload: SendEmailPayload) =>
  sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: "https://portaal.test" });

const takeSigningRight = (s: Scenario) =>
  prisma.roleMembership.updateMany({
    where: { userId: s.applicantA.userId, role: "APPLICANT" },
    data: { isSignatory: false },
  });

async function readInterimReport(planId: string) {
  return prisma.interimReport.create({
    data: {
      planId,
      afterMonths: 12,
      dueOn: new Date("2027-03-01T00:00:00Z"),
      submittedAt: new Date(),
      reviewedAt: new Date(),
      reviewNote: "Goed verslag.",
    },
  });
}

describe("a signatories-only mail follows the signing right at send time", () => {
  it("interim-report-read goes to a signatory, and not once the signing right was taken away", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const report = await readInterimReport(plan.id);
    const payload: SendEmailPayload = {
      template: "interim-report-read",
      planId: plan.id,
      recipientUserId: s.applicantA.userId,
      interimReportId: report.id,
    };
    // Queued for applicantA as a signatory (tellSignatoriesOfReportRead); then the right is gone.
    await takeSigningRight(s);
    expect(await send(payload)).toEqual({
      status: "skipped",
      reason: "the recipient is no longer a signatory",
    });
    expect(smtp.inbox).toHaveLength(0);
    // Given back before the job runs (a retry): the mail goes after all.
    await prisma.roleMembership.updateMany({
      where: { userId: s.applicantA.userId, role: "APPLICANT" },
      data: { isSignatory: true },
    });
    expect(await send(payload)).toMatchObject({ status: "sent" });
  });

  it("underspending-report-read is not sent to a member who is no longer a signatory", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const melding = await prisma.underspendingReport.create({
      data: {
        planId: plan.id,
        halfYear: 1,
        startsOn: new Date("2027-01-01T00:00:00Z"),
        endsOn: new Date("2027-06-30T00:00:00Z"),
        dueOn: new Date("2027-07-31T00:00:00Z"),
        submittedAt: new Date(),
        reviewedAt: new Date(),
        reviewNote: "",
      },
    });
    await takeSigningRight(s);
    expect(
      await send({
        template: "underspending-report-read",
        planId: plan.id,
        recipientUserId: s.applicantA.userId,
        underspendingReportId: melding.id,
      }),
    ).toEqual({ status: "skipped", reason: "the recipient is no longer a signatory" });
  });

  it("payment-returned is not sent to a member who is no longer a signatory", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const payment = await prisma.payment.create({
      data: {
        planId: plan.id,
        sequence: 1,
        kind: "ADVANCE",
        dueOn: new Date("2027-01-01T00:00:00Z"),
        amountCents: 100_000n,
        status: "RETURNED",
        returnedAt: new Date(),
        returnReasonCode: "MS03",
      },
    });
    await takeSigningRight(s);
    expect(
      await send({
        template: "payment-returned",
        planId: plan.id,
        recipientUserId: s.applicantA.userId,
        paymentId: payment.id,
      }),
    ).toEqual({ status: "skipped", reason: "the recipient is no longer a signatory" });
  });

  it("aanmaning-sent is not sent to a member who is no longer a signatory", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    // Only the stored letter is read before the recipient is checked; its claim need not exist.
    const letter = await prisma.document.create({
      data: {
        planId: plan.id,
        kind: "AANMANING",
        idempotencyKey: aanmaningKey(randomUUID(), "claim"),
        title: "Aanmaning",
        filename: "aanmaning.pdf",
        mimeType: "application/pdf",
        sha256: "0".repeat(64),
        byteSize: 1,
        storageKey: `test/${randomUUID()}`,
      },
    });
    await takeSigningRight(s);
    expect(
      await send({
        template: "aanmaning-sent",
        planId: plan.id,
        recipientUserId: s.applicantA.userId,
        documentId: letter.id,
      }),
    ).toEqual({ status: "skipped", reason: "the recipient is no longer a signatory" });
  });
});
