import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { SendEmailPayload } from "../../jobs/definitions.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { allocateWaitingList } from "../budget/allocate-waiting.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { sendPlanEmail } from "./email.server.ts";
import { BUDGET_YIELDED_BODY, BUDGET_YIELDED_TITLE } from "./templates/budget-yielded.server.ts";
import { startTestSmtp, type TestSmtp } from "./test-smtp.server.ts";

/**
 * A plan that gives its reservation way to a plan received complete earlier (yield_budget) is
 * told so, in the portal and by e-mail, with the event: not a refusal, it waits at its own place.
 */

const PUBLIC_URL = "https://portaal.test.example";
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const M = 1_000_000n;
const send = (payload: SendEmailPayload) =>
  sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: PUBLIC_URL });
const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

describe("a plan that gives way", () => {
  it("tells its organisation in the portal and once by e-mail, as no refusal", async () => {
    // Window € 600.000: l (received later) is found complete first and reserves it all; then a.
    const s = await createScenario({ windowCeiling: 60n * M });
    const a = await submittedPlan(s);
    const l = await submittedPlan(s);
    await declareComplete(s.handler, l.id, l.version);
    const outboxBefore = await prisma.outboxMessage.findMany({ where: { jobName: "send-email" } });
    await declareComplete(s.handler, a.id, a.version);
    const { reference, status } = await prisma.plan.findUniqueOrThrow({ where: { id: l.id } });
    expect(status).toBe("WAITING_FOR_BUDGET");

    // The bell: every active applicant of l's organisation, linked to the plan.
    const notices = await prisma.notification.findMany({
      where: { planId: l.id, title: BUDGET_YIELDED_TITLE(reference) },
    });
    expect(notices.map((n) => [n.userId, n.body, n.link])).toEqual([
      [s.applicantA.userId, BUDGET_YIELDED_BODY, `/aanvrager/plannen/${l.id}`],
    ]);
    expect(BUDGET_YIELDED_BODY).toContain("Dit is geen afwijzing.");
    // Nothing for a: it did not give way.
    expect(
      await prisma.notification.count({ where: { planId: a.id, title: BUDGET_YIELDED_TITLE(reference) } }),
    ).toBe(0);

    // The e-mail, through the outbox of the same transaction.
    const seen = new Set(outboxBefore.map((m) => m.id));
    const mails = (await prisma.outboxMessage.findMany({ where: { jobName: "send-email" } }))
      .filter((m) => !seen.has(m.id))
      .map((m) => SendEmailPayload.parse(m.payload))
      .filter((p) => p.template === "budget-yielded");
    expect(mails).toEqual([
      { template: "budget-yielded", planId: l.id, recipientUserId: s.applicantA.userId },
    ]);
    const payload = mails[0] as SendEmailPayload;

    smtp.inbox.length = 0;
    expect((await send(payload)).status).toBe("sent");
    // The job run twice (a retry, a second worker): one e-mail.
    expect((await send(payload)).status).toBe("already-sent");
    const [mail] = await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(1);
    expect(mail?.subject).toContain(`Reservering vervallen: aanvraag ${reference} wacht op budget`);
    const text = String(mail?.text).replace(/\s+/g, " ");
    expect(text).toContain("volgorde waarin aanvragen volledig zijn ontvangen");
    expect(text).toContain("Uw aanvraag blijft volledig");
    expect(text).toContain("op haar eigen plaats in de rij");
    expect(text).toContain("Dit is geen afwijzing.");
    expect(text).toContain(`${PUBLIC_URL}/aanvrager/plannen/${l.id}`);
    // Another organisation's plan is not named to this one.
    const { reference: aRef } = await prisma.plan.findUniqueOrThrow({ where: { id: a.id } });
    expect(text).not.toContain(aRef);

    // Once l has its reservation back, a late job has nothing true left to say.
    await withdrawPlan(s.applicantA, a.id, await version(a.id), null);
    expect((await allocateWaitingList(s.regulation.fund)).reserved).toEqual([reference]);
    const late = { ...payload, recipientUserId: s.applicantA.userId };
    await prisma.emailDelivery.deleteMany({ where: { planId: l.id, template: "budget-yielded" } });
    expect((await send(late)).status).toBe("skipped");
  });
});
