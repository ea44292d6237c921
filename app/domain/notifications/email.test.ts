import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { setClock } from "../clock.ts";
import { createDecisionFixture } from "../documents/test-fixtures.server.ts";
import {
  emailIdempotencyKey,
  SEND_TX_TIMEOUT_MS,
  SMTP_SEND_DEADLINE_MS,
  sendPlanEmail,
} from "./email.server.ts";
import { startTestSmtp, type TestSmtp } from "./test-smtp.server.ts";

const PUBLIC_URL = "https://portaal.test.example";
const EVIL_TITLE = `Coöperatie <script>alert("x")</script> & Zoon`;

let smtp: TestSmtp;
/** Reminder rows this file made: removed afterwards, so no reminder tick elsewhere picks them up. */
const reminderIds: string[] = [];

beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
  smtp.refuse = false;
  smtp.stepDelayMs = 0;
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.reminder.deleteMany({ where: { id: { in: reminderIds } } });
  await smtp.close();
  await disconnectPrisma();
});

const send = (payload: SendEmailPayload) =>
  sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: PUBLIC_URL });

/** A recipient; a case handler unless told, who opens every submitted plan (visiblePlans). */
async function user(opts: { active?: boolean; role?: Role; coordinator?: boolean } = {}) {
  return prisma.user.create({
    data: {
      email: `mail-${randomUUID()}@example.nl`,
      name: "Ĳsbrand van Eeden",
      passwordHash: "not-a-login",
      active: opts.active ?? true,
      memberships: {
        create: { role: opts.role ?? "CASE_HANDLER", isCoordinator: opts.coordinator ?? false },
      },
    },
  });
}

/** A decided plan with a hostile title, a bekendmaking on Tuesday 3 March 2026. */
async function decidedPlan() {
  const f = await createDecisionFixture(prisma);
  await prisma.plan.update({ where: { id: f.planId }, data: { title: EVIL_TITLE } });
  await prisma.decision.update({
    where: { id: f.decisionId },
    data: { announcedAt: new Date("2026-03-03T10:00:00Z") },
  });
  return f;
}

/** A plan in assessment (no decision) with a decision-term reminder ending on `termEnd`. */
async function planInAssessment(termEnd: string) {
  const f = await createDecisionFixture(prisma);
  await prisma.decision.delete({ where: { id: f.decisionId } });
  await prisma.plan.update({
    where: { id: f.planId },
    data: {
      title: EVIL_TITLE,
      status: "IN_ASSESSMENT",
      completeReceivedAt: new Date("2026-02-01T10:00:00Z"),
    },
  });
  const reminder = await prisma.reminder.create({
    data: {
      planId: f.planId,
      kind: "DECISION_TERM_WARNING",
      termEnd: new Date(`${termEnd}T00:00:00Z`),
      dueAt: new Date(`${termEnd}T07:00:00Z`),
    },
  });
  reminderIds.push(reminder.id);
  return { ...f, reminderId: reminder.id };
}

describe("sendPlanEmail", () => {
  it("sends plan-received to the recipient with the kenmerk, the link and an escaped title", async () => {
    const { planId, reference } = await decidedPlan();
    const to = await user();
    const result = await send({ template: "plan-received", planId, recipientUserId: to.id });
    expect(result.status).toBe("sent");

    const [mail] = await smtp.waitFor(1);
    expect(mail?.to && "value" in mail.to ? mail.to.value[0]?.address : null).toBe(to.email);
    expect(mail?.from?.text).toContain("noreply@sectorplannen.example");
    // The subject survives MIME encoding with its diacritics.
    expect(mail?.subject).toBe(
      `Uw aanvraag ${reference} is ontvangen – Coöperatie <script>alert("x")</script> & Zoon`,
    );
    const link = `${PUBLIC_URL}/aanvrager/plannen/${planId}`;
    expect(mail?.text).toContain(link);
    expect(mail?.text).toContain(EVIL_TITLE);
    expect(mail?.text).toContain("Geachte Ĳsbrand van Eeden,");
    expect(mail?.text).toContain("13 weken");
    expect(mail?.text).toContain("2 april 2014 om 12:00");
    const html = String(mail?.html);
    expect(html).toContain(`href="${link}"`);
    expect(html).not.toContain("<script>");
    expect(html).toContain("Coöperatie &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Zoon");
    expect(html).toContain('lang="nl"');

    const delivery = await prisma.emailDelivery.findUniqueOrThrow({
      where: {
        idempotencyKey: emailIdempotencyKey({ template: "plan-received", planId, recipientUserId: to.id }),
      },
    });
    expect(delivery.sentAt).not.toBeNull();
    expect(delivery.recipient).toBe(to.email);
    expect(delivery.messageId).toBe(mail?.messageId);
  });

  it("sends decision-available with the end of the objection term", async () => {
    const { planId, reference } = await decidedPlan();
    const to = await user();
    await send({ template: "decision-available", planId, recipientUserId: to.id });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toContain(`Besluit op uw aanvraag ${reference}`);
    // Announced Tuesday 3 March 2026: six weeks from the day after end on Tuesday 14 April 2026.
    expect(mail?.text).toContain("tot en met 14 april 2026");
    expect(mail?.text).toContain("Postbus 90801, 2509 LV Den Haag");
    expect(mail?.text).toContain(`${PUBLIC_URL}/aanvrager/plannen/${planId}`);
    expect(String(mail?.html)).not.toContain("<script>");
  });

  it("gives the Awb's six weeks, as the letter and the plan page do", async () => {
    const { planId } = await decidedPlan();
    const to = await user();
    await send({ template: "decision-available", planId, recipientUserId: to.id });
    const [mail] = await smtp.waitFor(1);
    // Six weeks from Wednesday 4 March 2026 (Awb 6:7, 6:8): Tuesday 14 April 2026.
    expect(mail?.text).toContain("binnen zes weken bezwaar maken");
    expect(mail?.text).toContain("tot en met 14 april 2026");
  });

  it("sends the decision-term reminder to staff with the days left and the staff link", async () => {
    const { planId, reference, reminderId } = await planInAssessment("2026-05-12");
    setClock(new Date("2026-05-05T06:00:00Z"));
    const staff = await user();
    await send({ template: "decision-term-reminder", planId, recipientUserId: staff.id, reminderId });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toMatch(
      new RegExp(`^Beslistermijn ${reference} eindigt over 7 dagen \\(12 mei 2026\\)`),
    );
    expect(mail?.text).toContain(`${PUBLIC_URL}/behandeling/plannen/${planId}`);
    expect(mail?.text).toContain("In beoordeling");

    // On the last day itself it says "vandaag".
    setClock(new Date("2026-05-12T06:00:00Z"));
    const other = await user();
    await send({ template: "decision-term-reminder", planId, recipientUserId: other.id, reminderId });
    const mails = await smtp.waitFor(2);
    expect(mails[1]?.subject).toContain(`Beslistermijn ${reference} eindigt vandaag (12 mei 2026)`);
  });

  it("sends nothing for a cancelled reminder, a decided plan or an inactive user", async () => {
    const { planId, reminderId } = await planInAssessment("2026-05-12");
    const staff = await user();
    await prisma.reminder.update({ where: { id: reminderId }, data: { cancelledAt: new Date() } });
    expect(
      await send({ template: "decision-term-reminder", planId, recipientUserId: staff.id, reminderId }),
    ).toEqual({
      status: "skipped",
      reason: "the reminder was cancelled",
    });

    const decided = await decidedPlan();
    expect(
      await send({ template: "decision-term-reminder", planId: decided.planId, recipientUserId: staff.id }),
    ).toMatchObject({ status: "skipped" });

    const inactive = await user({ active: false });
    expect(
      await send({ template: "plan-received", planId: decided.planId, recipientUserId: inactive.id }),
    ).toEqual({ status: "skipped", reason: "the recipient is inactive" });

    // Give a stray mail time to arrive before asserting that none did.
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(0);
  });

  it("sends no decision-term reminder queued before the plan was withdrawn or not considered", async () => {
    // The tick sent the reminder (sentAt set, so withdrawal does not cancel it); the mail runs late.
    for (const status of ["WITHDRAWN", "NOT_CONSIDERED"] as const) {
      const { planId, reminderId } = await planInAssessment("2026-05-12");
      await prisma.reminder.update({ where: { id: reminderId }, data: { sentAt: new Date() } });
      await prisma.plan.update({ where: { id: planId }, data: { status } });
      const staff = await user();
      expect(
        await send({ template: "decision-term-reminder", planId, recipientUserId: staff.id, reminderId }),
      ).toEqual({ status: "skipped", reason: "the plan no longer awaits a decision" });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(0);
  });

  it("sends once when the same e-mail is asked for twice, also at the same moment", async () => {
    const { planId } = await decidedPlan();
    const to = await user();
    const payload: SendEmailPayload = { template: "decision-available", planId, recipientUserId: to.id };
    const [a, b] = await Promise.all([send(payload), send(payload)]);
    expect([a.status, b.status].sort()).toEqual(["already-sent", "sent"]);
    const again = await send(payload);
    expect(again.status).toBe("already-sent");
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(1);
    expect(await prisma.emailDelivery.count({ where: { planId, template: "decision-available" } })).toBe(1);
  });

  it("throws when SMTP refuses, leaves the delivery unsent, and a later attempt delivers", async () => {
    const { planId } = await decidedPlan();
    const to = await user();
    const payload: SendEmailPayload = { template: "plan-received", planId, recipientUserId: to.id };
    smtp.refuse = true;
    await expect(send(payload)).rejects.toThrow(/451|Tijdelijk/);
    const claimed = await prisma.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: emailIdempotencyKey(payload) },
    });
    expect(claimed.sentAt).toBeNull();

    smtp.refuse = false;
    expect((await send(payload)).status).toBe("sent");
    expect(await smtp.waitFor(1)).toHaveLength(1);
  });

  it("abandons a send to a server that is slow at every step at the deadline, and a later attempt sends once", async () => {
    // The real bound leaves the transaction time for the sentAt update and the commit.
    expect(SMTP_SEND_DEADLINE_MS).toBeLessThanOrEqual(SEND_TX_TIMEOUT_MS - 20_000);
    const { planId } = await decidedPlan();
    const to = await user();
    const payload: SendEmailPayload = { template: "plan-received", planId, recipientUserId: to.id };
    // Every step answers well inside nodemailer's idle timeouts, but the whole takes > 2 s.
    smtp.stepDelayMs = 600;
    const closedBefore = smtp.closed;
    const connectedBefore = smtp.connected;
    const started = Date.now();
    const slow = sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: PUBLIC_URL, sendDeadlineMs: 1_000 });
    slow.catch(() => {});
    // Another e-mail through the same transport meanwhile, to a prompt conversation: unaffected.
    await expect.poll(() => smtp.connected - connectedBefore).toBe(1);
    smtp.stepDelayMs = 0;
    const other = await user();
    const otherSend = send({ template: "plan-received", planId, recipientUserId: other.id });

    await expect(slow).rejects.toMatchObject({ name: "AbortError" });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3_000);
    expect((await otherSend).status).toBe("sent");
    const claimed = await prisma.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: emailIdempotencyKey(payload) },
    });
    expect(claimed.sentAt).toBeNull();
    // The abandoned conversation was closed by the sender: nothing more arrives on it.
    await expect.poll(() => smtp.closed - closedBefore).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.inbox.map((m) => m.to && "value" in m.to && m.to.value[0]?.address)).toEqual([other.email]);

    // The retry, against a prompt server: sent once, and a run after that sends nothing.
    expect((await send(payload)).status).toBe("sent");
    expect((await send(payload)).status).toBe("already-sent");
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(2);
    expect(
      (
        await prisma.emailDelivery.findUniqueOrThrow({
          where: { idempotencyKey: emailIdempotencyKey(payload) },
        })
      ).sentAt,
    ).not.toBeNull();
  });

  it("words the vaststelling's term mail from the clock: the days left, and once the term has passed", async () => {
    const { planId, reference } = await decidedPlan();
    await prisma.plan.update({ where: { id: planId }, data: { status: "SETTLEMENT_REQUESTED" } });
    const reminder = await prisma.reminder.create({
      data: {
        planId,
        kind: "SETTLEMENT_DECISION_WARNING",
        termEnd: new Date("2026-06-30T00:00:00Z"),
        dueAt: new Date("2026-06-16T06:00:00Z"),
      },
    });
    reminderIds.push(reminder.id);
    const staff = await user();
    const payload = {
      template: "settlement-decision-term" as const,
      planId,
      recipientUserId: staff.id,
      reminderId: reminder.id,
      termEnd: "2026-06-30",
    };
    setClock(new Date("2026-06-16T06:00:00Z"));
    expect((await send(payload)).status).toBe("sent");
    const [onTime] = await smtp.waitFor(1);
    expect(onTime?.subject).toMatch(
      new RegExp(`^Vaststelling ${reference}: beslistermijn eindigt over 14 dagen \\(30 juni 2026\\)`),
    );
    // Delayed by an outage (a new recipient, so a new mail): past the term, it says so.
    setClock(new Date("2026-08-03T06:00:00Z"));
    const other = await user();
    expect((await send({ ...payload, recipientUserId: other.id })).status).toBe("sent");
    const mails = await smtp.waitFor(2);
    expect(mails[1]?.subject).toMatch(
      new RegExp(`^Vaststelling ${reference}: beslistermijn liep tot en met 30 juni 2026 en is verstreken`),
    );
    expect(mails[1]?.text).toContain("had uiterlijk 30 juni 2026 moeten zijn beslist");
    expect(mails[1]?.text).not.toContain("moet uiterlijk");
  });

  it("skips, rather than fails for good, a mail about a plan that no longer exists (a deleted draft)", async () => {
    const to = await user({ role: "APPLICANT" });
    expect(
      await send({
        template: "sign-off-requested",
        planId: randomUUID(),
        recipientUserId: to.id,
        signOffRequestId: "1",
      }),
    ).toEqual({
      status: "skipped",
      reason: "the plan no longer exists (a draft deleted after the mail was queued)",
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(0);
  });

  it("skips a mail to a recipient who can no longer open the plan: a role taken away, a seat ended", async () => {
    const { planId, reminderId } = await planInAssessment("2026-05-12");
    setClock(new Date("2026-05-05T06:00:00Z"));
    const skipped = {
      status: "skipped",
      reason: "the recipient can no longer open the plan (a role or seat ended since)",
    };
    // A former handler who now only keeps accounts (ADMIN reads no plan).
    const former = await user({ role: "ADMIN" });
    expect(
      await send({ template: "decision-term-reminder", planId, recipientUserId: former.id, reminderId }),
    ).toEqual(skipped);
    // An adviser whose seat was taken away, or who declared a conflict: the plan is a 404 to them.
    const adviser = await user({ role: "ADVISER" });
    await prisma.adviserAssignment.create({
      data: {
        planId,
        adviserId: adviser.id,
        assignedById: adviser.id,
        assignedAt: new Date(),
        status: "REMOVED",
      },
    });
    expect(
      await send({ template: "decision-term-reminder", planId, recipientUserId: adviser.id, reminderId }),
    ).toEqual(skipped);
    // An applicant of another organisation.
    const stranger = await user({ role: "APPLICANT" });
    expect(await send({ template: "plan-received", planId, recipientUserId: stranger.id })).toEqual(skipped);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.inbox).toHaveLength(0);
  });

  it("sends a coordinator without a seat the decision-term reminder with the assignment page, not the plan", async () => {
    const { planId, reminderId } = await planInAssessment("2026-05-12");
    setClock(new Date("2026-05-05T06:00:00Z"));
    const coordinator = await user({ role: "ADVISER", coordinator: true });
    const result = await send({
      template: "decision-term-reminder",
      planId,
      recipientUserId: coordinator.id,
      reminderId,
    });
    expect(result.status).toBe("sent");
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain(`${PUBLIC_URL}/behandeling/toewijzing`);
    expect(mail?.text).not.toContain(`/behandeling/plannen/${planId}`);
    expect(mail?.text).toContain("Er is nog geen adviseur actief op dit plan.");
    // Only that mail may reach the assignment page: another about the plan is skipped.
    expect(await send({ template: "plan-received", planId, recipientUserId: coordinator.id })).toMatchObject({
      status: "skipped",
    });
    // Nor does a coordinator who declared a conflict on the plan hear of it.
    const conflicted = await user({ role: "ADVISER", coordinator: true });
    await prisma.adviserAssignment.create({
      data: {
        planId,
        adviserId: conflicted.id,
        assignedById: coordinator.id,
        assignedAt: new Date(),
        status: "CONFLICT",
        conflictExplanation: "Ik ben bestuurder van de aanvrager.",
      },
    });
    expect(
      await send({ template: "decision-term-reminder", planId, recipientUserId: conflicted.id, reminderId }),
    ).toMatchObject({ status: "skipped" });
  });
});
