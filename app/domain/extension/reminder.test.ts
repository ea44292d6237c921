import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { now, setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { extensionDecisionTerm } from "../notifications/templates/extension-decision-term.server.ts";
import { type EmailContext, SkipEmail } from "../notifications/templates/types.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { sendDueReminders } from "../reminders/send-due.server.ts";
import { termsOverview } from "../review/deadlines.server.ts";
import { amsterdamTimeOn, type LocalDate, localDateFromDb, parseLocalDate } from "../time/index.ts";
import type { EffectContext } from "../workflow/definition.server.ts";
import { decideExtension, loadExtensions, requestExtension, withdrawExtension } from "./extension.server.ts";
import { extensionDecisionDueOn } from "./rules.ts";
import { markInterimReportSubmitted } from "./test-support.server.ts";
import { lapseOpenExtension } from "./workflow-effects.server.ts";

/**
 * The verlenging's decision term (eight weeks, Awb 4:13 lid 2) watched as the grant's is: a
 * reminder to the handler and the decision makers 7 days before its last day, stopped by the
 * besluit, the withdrawal or the grant's end, and listed on the staff's terms page.
 *
 * Every request is made at a fixed moment in 2025, each test on its own day: a tick at such a
 * moment sees no reminder of a test on the real clock, nor one another test here still expects.
 */

let s: Scenario;
const planIds: string[] = [];
beforeAll(async () => {
  setClock(amsterdamTimeOn(parseLocalDate("2025-02-03"), 9));
  s = await createScenario();
  setClock(null);
});
afterEach(() => setClock(null));
afterAll(async () => {
  // Leave no pending reminder behind for a worker on the real clock in a later test file.
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

const MOTIVATION = "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.";
const REFUSAL = "De vertraging komt door keuzes van de aanvrager zelf; verlenging is niet nodig.";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const version = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;

/** A plan granted on `day` (10:00 Dutch time), whose signatory asks for `months` that same day. */
async function requestedOn(day: string, months = 4, opts: { revocable?: boolean } = {}) {
  const requestedAt = amsterdamTimeOn(parseLocalDate(day), 10);
  setClock(requestedAt);
  const { planId } = opts.revocable ? await revocableScenarioPlan(s) : await grantedScenarioPlan(s);
  planIds.push(planId);
  await markInterimReportSubmitted(planId);
  const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
    months,
    motivation: MOTIVATION,
  });
  return { planId, extensionId, requestedAt, reminder: await reminderOf(planId) };
}

const reminderOf = (planId: string) =>
  prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId, kind: "EXTENSION_DECISION_WARNING" } },
  });

async function notified(planId: string) {
  return prisma.notification.findMany({
    where: { planId, title: { startsWith: "Beslistermijn verlenging" } },
    orderBy: { userId: "asc" },
  });
}

async function emailsFor(reminderId: string) {
  const rows = await prisma.outboxMessage.findMany({
    where: { jobName: "send-email", payload: { path: ["reminderId"], equals: reminderId } },
  });
  return rows.map((r) => r.payload as SendEmailPayload);
}

async function holdersOf(role: "CASE_HANDLER" | "DECISION_MAKER"): Promise<string[]> {
  const rows = await prisma.roleMembership.findMany({
    where: { role, user: { active: true } },
    select: { userId: true },
  });
  return [...new Set(rows.map((r) => r.userId))];
}

const sorted = (ids: string[]) => [...new Set(ids)].sort();

async function decide(planId: string, extensionId: string, input: unknown, actor: Actor = s.decisionMaker) {
  return decideExtension(actor, planId, await version(planId), extensionId, input);
}

describe("scheduling the verlenging's decision-term reminder", () => {
  it("is written with the request: 08:00 Dutch time, 7 days before the eight weeks end", async () => {
    // Monday 3 March 2025 + 8 weeks = Monday 28 April; the warning on Monday 21 April, 08:00 CEST.
    const { planId, reminder, requestedAt } = await requestedOn("2025-03-03");
    expect(localDateFromDb(reminder.termEnd)).toBe("2025-04-28");
    expect(localDateFromDb(reminder.termEnd)).toBe(extensionDecisionDueOn(requestedAt));
    expect(reminder.dueAt.toISOString()).toBe("2025-04-21T06:00:00.000Z");
    expect([reminder.sentAt, reminder.cancelledAt]).toEqual([null, null]);
    // The same last day the plan's Verlenging tab shows.
    expect((await loadExtensions(s.handler, planId)).open?.decisionDueOn).toBe("2025-04-28");
  });

  it("is cancelled by the besluit (granted or refused)", async () => {
    const granted = await requestedOn("2025-03-04");
    setClock(new Date(granted.requestedAt.getTime() + 10 * DAY));
    await decide(granted.planId, granted.extensionId, { outcome: "GRANT", months: 4 });
    expect((await reminderOf(granted.planId)).cancelledAt).not.toBeNull();

    const refused = await requestedOn("2025-03-05");
    setClock(new Date(refused.requestedAt.getTime() + 10 * DAY));
    await decide(refused.planId, refused.extensionId, { outcome: "REFUSE", reason: REFUSAL });
    const r = await reminderOf(refused.planId);
    expect(r.cancelledAt).not.toBeNull();

    // At its moment the tick tells nobody.
    await sendDueReminders({ at: new Date(r.dueAt.getTime() + HOUR) });
    expect(await notified(granted.planId)).toEqual([]);
    expect(await notified(refused.planId)).toEqual([]);
    expect((await reminderOf(refused.planId)).sentAt).toBeNull();
  });

  it("is cancelled when the applicant withdraws the request", async () => {
    const { planId, extensionId, requestedAt } = await requestedOn("2025-03-06");
    setClock(new Date(requestedAt.getTime() + 3 * DAY));
    await withdrawExtension(s.applicantA, planId, await version(planId), extensionId);
    const r = await reminderOf(planId);
    expect(r.cancelledAt).not.toBeNull();
    await sendDueReminders({ at: new Date(r.dueAt.getTime() + HOUR) });
    expect(await notified(planId)).toEqual([]);
  });

  it("is cancelled when the request lapses with the grant (revoked)", async () => {
    const { planId, requestedAt } = await requestedOn("2025-03-07", 4, { revocable: true });
    setClock(new Date(requestedAt.getTime() + 2 * DAY));
    await revokeGrant(s.decisionMaker, planId, await version(planId), REVOCATION_REASON);
    expect((await prisma.planExtension.findFirstOrThrow({ where: { planId } })).status).toBe("LAPSED");
    const r = await reminderOf(planId);
    expect(r.cancelledAt).not.toBeNull();
    await sendDueReminders({ at: new Date(r.dueAt.getTime() + HOUR) });
    expect(await notified(planId)).toEqual([]);
  });

  it("is cancelled by the lapse itself, whichever event ends the grant (settle as well as revoke)", async () => {
    const { planId, reminder } = await requestedOn("2025-03-08");
    // The effect on its own, as settle runs it: revoke cancels every reminder anyway.
    await prisma.$transaction((tx) =>
      lapseOpenExtension({
        tx,
        plan: { id: planId },
        actor: s.decisionMaker,
        input: {},
      } as unknown as EffectContext),
    );
    expect((await reminderOf(planId)).cancelledAt).not.toBeNull();
    expect((await reminderOf(planId)).sentAt).toBeNull();
    expect(reminder.cancelledAt).toBeNull();
  });

  it("is armed again by a new request after a refusal, also when the first one was sent", async () => {
    const first = await requestedOn("2025-03-10");
    // Monday 10 March + 8 weeks = Monday 5 May 2025, Bevrijdingsdag in a lustrum year: the Atw
    // moves the last day to Tuesday 6 May; the warning goes out on Tuesday 29 April.
    expect(localDateFromDb(first.reminder.termEnd)).toBe("2025-05-06");
    setClock(first.reminder.dueAt);
    await sendDueReminders();
    expect((await reminderOf(first.planId)).sentAt).not.toBeNull();
    const toldFirst = (await notified(first.planId)).length;
    expect(toldFirst).toBeGreaterThan(0);

    setClock(amsterdamTimeOn(parseLocalDate("2025-04-30"), 10));
    await decide(first.planId, first.extensionId, { outcome: "REFUSE", reason: REFUSAL });
    // A sent reminder stays sent (cancelReminders leaves it): the new request must re-arm it.
    setClock(amsterdamTimeOn(parseLocalDate("2025-05-02"), 10));
    await requestExtension(s.applicantA, first.planId, await version(first.planId), {
      months: 2,
      motivation: MOTIVATION,
    });
    const again = await reminderOf(first.planId);
    expect(again.id).toBe(first.reminder.id); // @@unique([planId, kind]): the same row
    expect([again.sentAt, again.cancelledAt]).toEqual([null, null]);
    // Asked on Friday 2 May 2025: eight weeks end on Friday 27 June.
    expect(localDateFromDb(again.termEnd)).toBe("2025-06-27");
    expect(again.dueAt.toISOString()).toBe("2025-06-20T06:00:00.000Z");

    setClock(again.dueAt);
    await sendDueReminders();
    expect((await reminderOf(first.planId)).sentAt).not.toBeNull();
    const notes = await notified(first.planId);
    expect(notes).toHaveLength(2 * toldFirst);
    expect(notes.filter((n) => n.body.includes("27 juni 2025"))).toHaveLength(toldFirst);
    expect(notes.filter((n) => n.body.includes("met 2 maanden"))).toHaveLength(toldFirst);
  });
});

describe("the reminder tick and the verlenging's decision term", () => {
  it("tells the plan's handler and the decision makers once, in-app and by e-mail, linking to the Verlenging tab", async () => {
    const { planId, reminder } = await requestedOn("2025-03-11", 5);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan.handlerId).toBe(s.handler.userId);
    const expected = sorted([s.handler.userId, ...(await holdersOf("DECISION_MAKER"))]);
    // A case handler who does not hold this plan hears nothing of it.
    const colleague = await prisma.user.create({
      data: {
        email: `behandelaar-${planId}@test.example`,
        name: "Andere behandelaar",
        passwordHash: "not-a-login",
        memberships: { create: { role: "CASE_HANDLER" } },
      },
    });
    expect(expected).not.toContain(colleague.id);

    await sendDueReminders({ at: new Date(reminder.dueAt.getTime() - 1) });
    expect(await notified(planId)).toEqual([]);

    setClock(reminder.dueAt);
    await sendDueReminders();
    const notes = await notified(planId);
    expect(notes.map((n) => n.userId)).toEqual(expected);
    for (const n of notes) {
      expect(n.title).toBe(`Beslistermijn verlenging ${plan.reference} eindigt over 7 dagen`);
      // Tuesday 11 March + 8 weeks = Tuesday 6 May 2025.
      expect(n.body).toContain("met 5 maanden moet uiterlijk 6 mei 2025 zijn beslist");
      expect(n.body).toContain("Awb 4:17");
      expect(n.link).toBe(`/behandeling/plannen/${planId}/verlenging`);
    }
    const mails = await emailsFor(reminder.id);
    expect(sorted(mails.map((m) => m.recipientUserId))).toEqual(expected);
    expect(mails).toHaveLength(expected.length);
    expect(mails.every((m) => m.template === "extension-decision-term" && m.planId === planId)).toBe(true);

    // Sending it twice tells once: at once, two ticks side by side, and a day later.
    await Promise.all([sendDueReminders({ batch: 1 }), sendDueReminders({ batch: 1 })]);
    setClock(new Date(reminder.dueAt.getTime() + DAY));
    await sendDueReminders();
    expect(await notified(planId)).toHaveLength(expected.length);
    expect(await emailsFor(reminder.id)).toHaveLength(expected.length);
  });

  it("tells every case handler while nobody holds the plan", async () => {
    const { planId, reminder } = await requestedOn("2025-03-12");
    await prisma.plan.update({ where: { id: planId }, data: { handlerId: null } });
    await sendDueReminders({ at: reminder.dueAt });
    const expected = sorted([...(await holdersOf("CASE_HANDLER")), ...(await holdersOf("DECISION_MAKER"))]);
    expect((await notified(planId)).map((n) => n.userId)).toEqual(expected);
  });

  it("after an outage past the last day, says the term has passed, not 'over 7 dagen'", async () => {
    const { planId, reminder } = await requestedOn("2025-03-13");
    const day = localDateFromDb(reminder.termEnd);
    expect(day).toBe("2025-05-08");
    await sendDueReminders({ at: amsterdamTimeOn(parseLocalDate("2025-05-09"), 9) });
    const [note] = await notified(planId);
    expect(note?.title).toMatch(/liep tot en met 8 mei 2025 en is verstreken$/);
    expect(note?.body).toContain("had uiterlijk 8 mei 2025 moeten zijn beslist");
  });

  it("cancels, rather than sends, a reminder whose request was closed without cancelling it", async () => {
    const { planId, reminder } = await requestedOn("2025-03-14");
    // A later road that forgot to cancel: the tick itself must not remind of a term that ended.
    await prisma.planExtension.updateMany({ where: { planId }, data: { status: "WITHDRAWN" } });
    await sendDueReminders({ at: reminder.dueAt });
    const r = await reminderOf(planId);
    expect([r.sentAt, r.cancelledAt !== null]).toEqual([null, true]);
    expect(await notified(planId)).toEqual([]);
  });

  it("mails the last day and the tab's link, and nothing once the request was decided", async () => {
    const { planId, extensionId, reminder } = await requestedOn("2025-03-17", 1);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const ctx = (at: Date): EmailContext => ({
      recipient: { id: s.handler.userId, name: "Behandelaar", email: "behandelaar@example.test" },
      plan: {
        id: planId,
        reference: plan.reference,
        title: plan.title,
        status: plan.status,
        organisationName: "Org",
      },
      publicUrl: "https://portaal.test.example",
      at,
    });
    const payload = {
      template: "extension-decision-term",
      planId,
      recipientUserId: s.handler.userId,
      reminderId: reminder.id,
    } as SendEmailPayload;
    const mail = await extensionDecisionTerm.prepare(prisma, payload, ctx(reminder.dueAt));
    if (mail instanceof SkipEmail) throw new Error(mail.reason);
    // Monday 17 March + 8 weeks = Monday 12 May 2025.
    expect(mail.message.subject).toContain(
      `Verlenging ${plan.reference}: beslistermijn eindigt over 7 dagen (12 mei 2025)`,
    );
    expect(JSON.stringify(mail.message.blocks)).toContain("1 maand verlenging");
    expect(mail.message.action?.href).toBe(
      `https://portaal.test.example/behandeling/plannen/${planId}/verlenging`,
    );
    expect(mail.keySuffix).toBe("2025-05-12");

    setClock(new Date(reminder.dueAt.getTime() + HOUR));
    await decide(planId, extensionId, { outcome: "GRANT", months: 1 });
    expect(await extensionDecisionTerm.prepare(prisma, payload, ctx(now()))).toBeInstanceOf(SkipEmail);
  });
});

describe("the staff's terms page (termsOverview)", () => {
  it("lists each open request with its last day and the days left or over, until it is decided", async () => {
    const { planId, extensionId, requestedAt } = await requestedOn("2025-03-18", 3);
    const due: LocalDate = "2025-05-13"; // Tuesday 18 March + 8 weeks
    const rowOf = async () => (await termsOverview(s.handler)).extensionTerms.find((t) => t.id === planId);

    setClock(amsterdamTimeOn(parseLocalDate("2025-05-03"), 9));
    expect(await rowOf()).toMatchObject({
      extensionId,
      months: 3,
      requestedOn: "2025-03-18",
      due,
      daysLeft: 10,
      organisationName: s.orgA.name,
    });
    // The decision maker sees it too.
    expect((await termsOverview(s.decisionMaker)).extensionTerms.map((t) => t.id)).toContain(planId);

    setClock(amsterdamTimeOn(parseLocalDate("2025-05-13"), 20));
    expect((await rowOf())?.daysLeft).toBe(0);
    setClock(amsterdamTimeOn(parseLocalDate("2025-05-16"), 9));
    expect((await rowOf())?.daysLeft).toBe(-3);

    await decide(planId, extensionId, { outcome: "REFUSE", reason: REFUSAL });
    expect(await rowOf()).toBeUndefined();
    expect(requestedAt.toISOString()).toBe("2025-03-18T09:00:00.000Z");
  });
});
