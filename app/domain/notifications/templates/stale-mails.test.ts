import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { draftPlan, submittedPlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { requestSignOff } from "../../accounts/sign-off.server.ts";
import { produceAcknowledgement } from "../../documents/produce.server.ts";
import { submitPlan } from "../../plan/drafts.server.ts";
import { requestSupplement } from "../../plan/supplement.server.ts";
import { withdrawPlan } from "../../plan/withdrawal.server.ts";
import { cancelReminders } from "../../reminders/reminders.server.ts";
import { sendPlanEmail } from "../email.server.ts";
import { startTestSmtp, type TestSmtp } from "../test-smtp.server.ts";

/**
 * Mails queued in the transaction of an event and sent by the worker later (a backlog, SMTP away):
 * by then the plan may have moved on, and the mail must say what is true when it goes out.
 */

let smtp: TestSmtp;
const planIds: string[] = [];
beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
// Leave no pending reminder behind for a worker on the real clock in a later test file.
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await smtp.close();
  await disconnectPrisma();
});

/** The outbox messages of one template for one plan: what the worker would send. */
async function queued(planId: string, template: SendEmailPayload["template"]): Promise<SendEmailPayload[]> {
  const rows = await prisma.outboxMessage.findMany({
    where: {
      jobName: "send-email",
      AND: [
        { payload: { path: ["planId"], equals: planId } },
        { payload: { path: ["template"], equals: template } },
      ],
    },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.payload as SendEmailPayload);
}

const send = (payload: SendEmailPayload | undefined) => {
  if (!payload) throw new Error("no mail queued");
  return sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: "https://portaal.test.example" });
};

async function planAskedForSupplement(s: Scenario) {
  const { id, version } = await submittedPlan(s);
  planIds.push(id);
  const asked = await requestSupplement(s.handler, id, version, {
    text: "Stuur de begroting per jaar.",
    steps: ["budget"],
    termDays: 14,
  });
  const [payload] = await queued(id, "supplement-requested");
  return { id, version: asked.version, payload };
}

describe("supplement-requested", () => {
  it("is sent while the plan waits for the supplement", async () => {
    const s = await createScenario();
    const { payload } = await planAskedForSupplement(s);
    expect((await send(payload)).status).toBe("sent");
    expect((await smtp.waitFor(1))[0]?.subject).toMatch(/^Aanvulling gevraagd: /);
  });

  it("is not sent once the plan was withdrawn or not considered (buiten behandeling)", async () => {
    const s = await createScenario();
    const withdrawn = await planAskedForSupplement(s);
    await withdrawPlan(s.applicantA, withdrawn.id, withdrawn.version, "Wij dienen later opnieuw in.");
    expect(await send(withdrawn.payload)).toEqual({
      status: "skipped",
      reason: "the plan no longer waits for a supplement",
    });

    const closed = await planAskedForSupplement(s);
    // The status alone, as closeNotConsidered leaves it: the request itself is never answered.
    await prisma.plan.update({ where: { id: closed.id }, data: { status: "NOT_CONSIDERED" } });
    expect((await send(closed.payload)).status).toBe("skipped");

    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(0);
  });
});

describe("sign-off-requested", () => {
  /** A draft prepared by a colleague who may not sign, offered to the signatories. */
  async function offered(s: Scenario) {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId },
      data: { isSignatory: false },
    });
    const second = await s.newUser("APPLICANT", s.orgA.id);
    const { id, version } = await draftPlan(s, { actor: colleague });
    planIds.push(id);
    await requestSignOff(colleague, id);
    const mails = await queued(id, "sign-off-requested");
    const to = (userId: string) => mails.find((m) => m.recipientUserId === userId);
    return { id, version, second, toA: to(s.applicantA.userId), toSecond: to(second.userId) };
  }

  it("is sent while the draft waits for a signatory", async () => {
    const s = await createScenario();
    const { toA } = await offered(s);
    expect((await send(toA)).status).toBe("sent");
    expect((await smtp.waitFor(1))[0]?.subject).toMatch(/^Ter ondertekening: /);
  });

  it("is not sent once a signatory submitted (or withdrew) the plan meanwhile", async () => {
    const s = await createScenario();
    const { id, version, toA, toSecond } = await offered(s);
    const submitted = await submitPlan(s.applicantA, id, version);
    expect(await send(toA)).toEqual({
      status: "skipped",
      reason: "the plan no longer waits for a signatory",
    });
    await withdrawPlan(s.applicantA, id, submitted.version, null);
    expect((await send(toSecond)).status).toBe("skipped");
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(0);
  });

  it("is not sent when the plan was submitted and has since been sent back for a supplement", async () => {
    const s = await createScenario();
    const { id, version, toA } = await offered(s);
    const submitted = await submitPlan(s.applicantA, id, version);
    await requestSupplement(s.handler, id, submitted.version, {
      text: "Stuur de begroting per jaar.",
      steps: ["budget"],
      termDays: 14,
    });
    // INFO_REQUESTED is a state a sign-off may be asked in, but not this request's: its draft went in.
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("INFO_REQUESTED");
    expect(await send(toA)).toEqual({
      status: "skipped",
      reason: "the plan was submitted after the request",
    });
  });

  it("is not sent to a user whose signing right was taken away meanwhile", async () => {
    const s = await createScenario();
    const { second, toA, toSecond } = await offered(s);
    await prisma.roleMembership.updateMany({
      where: { userId: second.userId },
      data: { isSignatory: false },
    });
    expect(await send(toSecond)).toEqual({
      status: "skipped",
      reason: "the recipient is no longer a signatory",
    });
    expect((await send(toA)).status).toBe("sent");
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(1);
  });
});

describe("plan-received for a plan withdrawn before it went out", () => {
  it("says the application was withdrawn instead of what happens next, and the confirmation is queued", async () => {
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    // The acknowledgement is still queued (the worker is busy) when the signatory withdraws.
    await withdrawPlan(s.applicantA, id, version, null);
    const planVersion = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    await produceAcknowledgement(planVersion.id);
    const [payload] = await queued(id, "plan-received");
    expect((await send(payload)).status).toBe("sent");
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).not.toContain("Wat gebeurt er nu?");
    expect(mail?.text).not.toContain("Wij controleren of uw aanvraag compleet is");
    expect(mail?.text).not.toContain("beslissen wij erover");
    expect(mail?.text).toContain(
      "U heeft deze aanvraag inmiddels ingetrokken. U ontvangt daarvan een aparte bevestiging.",
    );
    // The confirmation the line promises: the withdrawal queued its letter, which mails the organisation.
    const letter = await prisma.outboxMessage.findMany({
      where: {
        jobName: "render-letter",
        AND: [
          { payload: { path: ["planId"], equals: id } },
          { payload: { path: ["kind"], equals: "WITHDRAWAL_CONFIRMATION" } },
        ],
      },
    });
    expect(letter).toHaveLength(1);
  });

  it("still says what happens next for a plan that is not withdrawn", async () => {
    const s = await createScenario();
    const { id } = await submittedPlan(s);
    planIds.push(id);
    const planVersion = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    await produceAcknowledgement(planVersion.id);
    await send((await queued(id, "plan-received"))[0]);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain("Wat gebeurt er nu?");
    expect(mail?.text).not.toContain("ingetrokken");
  });
});
