import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import {
  activeAdviser,
  advisePlan,
  completePlan,
  grantPlan,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { assignAdviser, assignmentOverview, declareInterest } from "../assessment/assignment.server.ts";
import { setAbsence } from "../caselist/absence.server.ts";
import { setClock } from "../clock.ts";
import { handlerAndDecisionMakers } from "../notifications/notify.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { getPlanView } from "../plan/view.server.ts";
import { settlementWarningMoment } from "../settlement/reminders.server.ts";
import { amsterdamDate, decisionDueDate, type LocalDate, localDateToDb } from "../time/index.ts";
import {
  cancelReminders,
  decisionTermReminderMoments,
  executionStartDeadline,
  scheduleDecisionTermReminders,
  supplementTermReminderMoments,
} from "./reminders.server.ts";
import { sendDueReminders } from "./send-due.server.ts";

const moments = (termEnd: LocalDate) =>
  Object.fromEntries(decisionTermReminderMoments(termEnd).map((m) => [m.kind, m.dueAt.toISOString()]));

describe("decisionTermReminderMoments", () => {
  it("warns 7 calendar days before the term's end and on the last day, at 08:00 Dutch time", () => {
    // Complete on Saturday 25 January 2025: 13 weeks end on Saturday 26 April 2025, Koningsdag
    // (the 27th is a Sunday). A term of more than twelve weeks: the Atw does not move it (art. 4 sub a).
    const termEnd = decisionDueDate(new Date("2025-01-25T10:00:00Z"), 13);
    expect(termEnd).toBe("2025-04-26");
    expect(moments(termEnd)).toEqual({
      DECISION_TERM_WARNING: "2025-04-19T06:00:00.000Z", // CEST
      DECISION_TERM_LAST_DAY: "2025-04-26T06:00:00.000Z",
    });
  });

  it("keeps 08:00 Dutch time across the switch to summer time between warning and end", () => {
    // Complete Monday 29 December 2025 → Monday 30 March 2026, the day after the clocks went forward.
    const termEnd = decisionDueDate(new Date("2025-12-29T09:00:00Z"), 13);
    expect(termEnd).toBe("2026-03-30");
    expect(moments(termEnd)).toEqual({
      DECISION_TERM_WARNING: "2026-03-23T07:00:00.000Z", // CET
      DECISION_TERM_LAST_DAY: "2026-03-30T06:00:00.000Z", // CEST
    });
  });

  it("counts from the Dutch day of receipt: 23:30 UTC on 31 August is 1 September in Amsterdam", () => {
    const termEnd = decisionDueDate(new Date("2025-08-31T23:30:00Z"), 13);
    expect(termEnd).toBe("2025-12-01");
    expect(moments(termEnd)).toEqual({
      DECISION_TERM_WARNING: "2025-11-24T07:00:00.000Z",
      DECISION_TERM_LAST_DAY: "2025-12-01T07:00:00.000Z",
    });
  });
});

describe("executionStartDeadline (regulation art. 5.2)", () => {
  it("ends six months after the grant on its calendar day: the Atw leaves a term of over three months alone", () => {
    // Granted Friday 13 March 2026 + 6 months = Sunday 13 September 2026 (Atw art. 4 sub a).
    expect(executionStartDeadline(new Date("2026-03-13T10:00:00Z"), 6)).toBe("2026-09-13");
    // Granted Thursday 25 June 2026 + 6 months = Friday 25 December: Christmas Day, and it stays.
    expect(executionStartDeadline(new Date("2026-06-25T10:00:00Z"), 6)).toBe("2026-12-25");
  });

  it("moves a term of three months or less past a closed day", () => {
    // Granted 13 June 2026 + 3 months = Sunday 13 September → Monday 14 September.
    expect(executionStartDeadline(new Date("2026-06-13T10:00:00Z"), 3)).toBe("2026-09-14");
  });
});

describe("supplementTermReminderMoments", () => {
  const at = (requestedAt: string, lastDay: string) =>
    Object.fromEntries(
      supplementTermReminderMoments(new Date(requestedAt), new Date(`${lastDay}T20:00:00Z`)).map((m) => [
        m.kind,
        m.dueAt.toISOString(),
      ]),
    );

  it("sends at 08:00 Dutch time on the Sundays the clocks change, not 8 real hours after midnight", () => {
    // Sunday 29 March 2026 (summer time from 02:00): 08:00 CEST is 06:00 UTC, not 07:00.
    expect(at("2026-03-10T10:00:00Z", "2026-04-01")).toMatchObject({
      SUPPLEMENT_TERM_WARNING: "2026-03-29T06:00:00.000Z",
    });
    expect(at("2026-03-10T10:00:00Z", "2026-03-28")).toMatchObject({
      SUPPLEMENT_TERM_LAPSED: "2026-03-29T06:00:00.000Z",
    });
    // Sunday 25 October 2026 (winter time from 03:00): 08:00 CET is 07:00 UTC, not 06:00.
    expect(at("2026-10-01T10:00:00Z", "2026-10-28")).toMatchObject({
      SUPPLEMENT_TERM_WARNING: "2026-10-25T07:00:00.000Z",
    });
    expect(at("2026-10-01T10:00:00Z", "2026-10-24")).toMatchObject({
      SUPPLEMENT_TERM_LAPSED: "2026-10-25T07:00:00.000Z",
    });
  });
});

describe("settlementWarningMoment", () => {
  it("warns at 08:00 Dutch time, also on the Sundays the clocks change", () => {
    const long = new Date("2020-01-01T00:00:00Z");
    // Warning day Sunday 29 March 2026 (summer time from 02:00): 08:00 CEST is 06:00 UTC, not 07:00.
    expect(settlementWarningMoment("2026-04-12", long).toISOString()).toBe("2026-03-29T06:00:00.000Z");
    // Warning day Sunday 25 October 2026 (winter time from 03:00): 08:00 CET is 07:00 UTC, not 06:00.
    expect(settlementWarningMoment("2026-11-08", long).toISOString()).toBe("2026-10-25T07:00:00.000Z");
    // An ordinary day, and never before `from`.
    expect(settlementWarningMoment("2026-06-15", long).toISOString()).toBe("2026-06-01T06:00:00.000Z");
    const late = new Date("2026-06-10T12:00:00Z");
    expect(settlementWarningMoment("2026-06-15", late)).toEqual(late);
  });
});

/** The user as a session would see them now, from their current memberships. */
async function actorOf(userId: string): Promise<Actor> {
  const ms = await prisma.roleMembership.findMany({
    where: { userId },
    select: { role: true, organisationId: true },
  });
  return {
    userId,
    roles: [...new Set(ms.map((m) => m.role))],
    organisationIds: ms.flatMap((m) =>
      m.role === "APPLICANT" && m.organisationId ? [m.organisationId] : [],
    ),
  };
}

/** Whether `userId` can open `link`, a notice's link about `planId`. */
async function opens(userId: string, link: string | null, planId: string): Promise<boolean> {
  const actor = await actorOf(userId);
  if (link === `/behandeling/plannen/${planId}`)
    return getPlanView(actor, planId).then(
      () => true,
      () => false,
    );
  if (link === `/behandeling/toewijzing?plan=${planId}#plan-${planId}`)
    return assignmentOverview(actor, { plan: planId }).then(
      (o) => o.coordinator && o.plans.some((p) => p.id === planId),
      () => false,
    );
  return false;
}

/** Users who hold `role` now: notifyRole tells each of them. */
async function holdersOf(role: Role): Promise<string[]> {
  const rows = await prisma.roleMembership.findMany({
    where: { role, user: { active: true } },
    select: { userId: true },
  });
  return [...new Set(rows.map((r) => r.userId))].sort();
}

/**
 * Who hears of the decision term of an assessment no adviser holds: the plan's handler, with the
 * plan's link, and the Actieteam's coordinators, with the assignment page's.
 */
async function unheldAssessmentAudience(handlerId: string): Promise<string[]> {
  const rows = await prisma.roleMembership.findMany({
    where: { role: "ADVISER", isCoordinator: true, user: { active: true } },
    select: { userId: true },
  });
  return [...new Set([handlerId, ...rows.map((r) => r.userId)])].sort();
}

async function reminderOf(planId: string, kind: "DECISION_TERM_WARNING" | "DECISION_TERM_LAST_DAY") {
  return prisma.reminder.findUniqueOrThrow({ where: { planId_kind: { planId, kind } } });
}

async function emailsFor(reminderId: string) {
  const rows = await prisma.outboxMessage.findMany({
    where: { jobName: "send-email", payload: { path: ["reminderId"], equals: reminderId } },
  });
  return rows.map((r) => r.payload as { template: string; recipientUserId: string; planId: string });
}

async function notifiedUsers(planId: string): Promise<string[]> {
  const rows = await prisma.notification.findMany({ where: { planId }, select: { userId: true } });
  return rows.map((r) => r.userId).sort();
}

// Fixed moments in the past: ticks at these times see only reminders made at such times, never those
// of tests that run on the real clock (whose reminders fall due months from now).
const COMPLETE_AT = new Date("2025-01-24T10:00:00Z");

describe("sendDueReminders", () => {
  let s: Scenario;
  const planIds: string[] = [];
  beforeAll(async () => {
    setClock(COMPLETE_AT);
    s = await createScenario();
    setClock(null);
  });
  afterEach(() => setClock(null));
  afterAll(async () => {
    // Leave no pending reminder behind for a worker on the real clock in a later test file.
    await prisma.$transaction(async (tx) => {
      for (const id of planIds) await cancelReminders(tx, id);
    });
  });

  async function planCompleteAt(at: Date) {
    setClock(at);
    const plan = await completePlan(s);
    planIds.push(plan.id);
    const warning = await reminderOf(plan.id, "DECISION_TERM_WARNING");
    const lastDay = await reminderOf(plan.id, "DECISION_TERM_LAST_DAY");
    return { ...plan, warning, lastDay };
  }

  it("sends nothing before the warning is due, the warning once at its moment, the last day to the next step's staff", async () => {
    const plan = await planCompleteAt(COMPLETE_AT);
    expect(plan.warning.dueAt.toISOString()).toBe("2025-04-18T06:00:00.000Z"); // term ends Fri 25 April

    await sendDueReminders({ at: new Date(plan.warning.dueAt.getTime() - 1) });
    expect((await reminderOf(plan.id, "DECISION_TERM_WARNING")).sentAt).toBeNull();
    expect(await notifiedUsers(plan.id)).toEqual([]);

    // The clock decides: the tick without `at` reads it.
    setClock(plan.warning.dueAt);
    await sendDueReminders();
    const sent = await reminderOf(plan.id, "DECISION_TERM_WARNING");
    expect(sent.sentAt?.toISOString()).toBe(plan.warning.dueAt.toISOString());
    expect((await reminderOf(plan.id, "DECISION_TERM_LAST_DAY")).sentAt).toBeNull();

    // IN_ASSESSMENT, no adviser holds it: its handler and the coordinators are told.
    const advisers = await unheldAssessmentAudience(s.handler.userId);
    expect(advisers).toContain(s.coordinator.userId);
    expect(await notifiedUsers(plan.id)).toEqual(advisers);
    const note = await prisma.notification.findFirstOrThrow({
      where: { planId: plan.id, userId: s.handler.userId },
    });
    const reference = (await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).reference;
    expect(note.title).toBe(`Beslistermijn ${reference} eindigt over 7 dagen`);
    expect(note.body).toContain("eindigt op 25 april 2025");
    expect(note.link).toBe(`/behandeling/plannen/${plan.id}`);
    const emails = await emailsFor(plan.warning.id);
    expect(emails.map((e) => e.recipientUserId).sort()).toEqual(advisers);
    expect(emails.every((e) => e.template === "decision-term-reminder" && e.planId === plan.id)).toBe(true);

    // A second tick, at once and a day later, sends nothing more.
    await sendDueReminders();
    setClock(new Date(plan.warning.dueAt.getTime() + 86_400_000));
    await sendDueReminders();
    expect(await notifiedUsers(plan.id)).toEqual(advisers);
    expect(await emailsFor(plan.warning.id)).toHaveLength(advisers.length);

    // Advised: on the last day the decision makers are told.
    setClock(new Date("2025-04-22T09:00:00Z"));
    await advisePlan(s, plan.id, plan.version);
    setClock(plan.lastDay.dueAt);
    await sendDueReminders();
    const makers = await holdersOf("DECISION_MAKER");
    expect(makers).toContain(s.decisionMaker.userId);
    const last = await emailsFor(plan.lastDay.id);
    expect(last.map((e) => e.recipientUserId).sort()).toEqual(makers);
    const lastNote = await prisma.notification.findFirstOrThrow({
      where: { planId: plan.id, userId: s.decisionMaker.userId },
    });
    expect(lastNote.title).toBe(`Beslistermijn ${reference} eindigt vandaag`);
    expect(lastNote.body).toContain("Vandaag, 25 april 2025,");
    // The handler heard of the warning only: the last day is the decision makers'.
    expect(await prisma.notification.count({ where: { planId: plan.id, userId: s.handler.userId } })).toBe(1);
  });

  it("sends a decided plan no reminder", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T11:00:00Z"));
    setClock(new Date("2025-02-10T10:00:00Z"));
    const advised = await advisePlan(s, plan.id, plan.version);
    await grantPlan(s, plan.id, advised);

    setClock(new Date(plan.lastDay.dueAt.getTime() + 86_400_000));
    await sendDueReminders();
    for (const kind of ["DECISION_TERM_WARNING", "DECISION_TERM_LAST_DAY"] as const) {
      const r = await reminderOf(plan.id, kind);
      expect(r.sentAt).toBeNull();
      expect(r.cancelledAt).not.toBeNull();
    }
    expect(await notifiedUsers(plan.id)).toEqual([]);
  });

  it("cancels, rather than sends, a due reminder of a plan that moved past the decision by another road", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T12:00:00Z"));
    // A later issue's event (withdrawal) that forgot to cancel: the tick itself must not remind.
    await prisma.plan.update({ where: { id: plan.id }, data: { status: "WITHDRAWN" } });
    const at = new Date(plan.warning.dueAt.getTime() + 1000);
    await sendDueReminders({ at });
    const r = await reminderOf(plan.id, "DECISION_TERM_WARNING");
    expect(r.sentAt).toBeNull();
    expect(r.cancelledAt).not.toBeNull();
    expect(await notifiedUsers(plan.id)).toEqual([]);
    expect((await reminderOf(plan.id, "DECISION_TERM_LAST_DAY")).cancelledAt).toBeNull();
  });

  it("does not send a reminder again when the term is scheduled anew without moving", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T14:00:00Z"));
    setClock(plan.warning.dueAt);
    await sendDueReminders();
    const told = await notifiedUsers(plan.id);
    expect(told.length).toBeGreaterThan(0);

    // A supplement that came in the day it was asked for: the term is rescheduled, its end unchanged.
    setClock(new Date(plan.warning.dueAt.getTime() + 3_600_000));
    await prisma.$transaction(async (tx) => {
      await cancelReminders(tx, plan.id, ["DECISION_TERM_WARNING", "DECISION_TERM_LAST_DAY"]);
      await scheduleDecisionTermReminders(tx, plan.id);
    });
    const warning = await reminderOf(plan.id, "DECISION_TERM_WARNING");
    expect(warning.sentAt?.toISOString()).toBe(plan.warning.dueAt.toISOString());
    // The unsent last-day reminder, cancelled by the request, runs again.
    const lastDay = await reminderOf(plan.id, "DECISION_TERM_LAST_DAY");
    expect([lastDay.sentAt, lastDay.cancelledAt]).toEqual([null, null]);
    await sendDueReminders();
    expect(await notifiedUsers(plan.id)).toEqual(told);
    expect(await emailsFor(plan.warning.id)).toHaveLength(told.length);

    // A term that did move (10 days suspended) is due again, at its new moment.
    await prisma.$transaction(async (tx) => {
      await tx.plan.update({ where: { id: plan.id }, data: { suspendedDays: 10 } });
      await scheduleDecisionTermReminders(tx, plan.id);
    });
    const moved = await reminderOf(plan.id, "DECISION_TERM_WARNING");
    expect(moved.sentAt).toBeNull();
    expect(moved.dueAt.getTime()).toBeGreaterThan(plan.warning.dueAt.getTime());
  });

  it("after an outage past the term's end, says once that the term has lapsed, not 'over 7 dagen' or 'vandaag'", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T15:00:00Z"));
    const reference = (await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).reference;
    // The worker was down over both moments; it comes back three days after the term ended.
    setClock(new Date(plan.lastDay.dueAt.getTime() + 3 * 86_400_000));
    const r = await sendDueReminders();

    const advisers = await unheldAssessmentAudience(s.handler.userId);
    expect(await notifiedUsers(plan.id)).toEqual(advisers);
    const notes = await prisma.notification.findMany({
      where: { planId: plan.id },
      select: { title: true, body: true },
    });
    for (const n of notes) {
      expect(n.title).toBe(`Beslistermijn ${reference} liep tot en met 25 april 2025 en is verstreken`);
      expect(n.body).toContain("liep tot en met 25 april 2025 en is verstreken");
    }
    // Both are done (the warning without a notice of its own); only the last one mails.
    expect((await reminderOf(plan.id, "DECISION_TERM_WARNING")).sentAt).not.toBeNull();
    expect((await reminderOf(plan.id, "DECISION_TERM_LAST_DAY")).sentAt).not.toBeNull();
    expect(await emailsFor(plan.warning.id)).toEqual([]);
    expect(await emailsFor(plan.lastDay.id)).toHaveLength(advisers.length);
    expect(r.superseded).toBeGreaterThanOrEqual(1);

    // Once: another tick, and the same term scheduled again unmoved, say nothing more.
    await prisma.$transaction((tx) => scheduleDecisionTermReminders(tx, plan.id));
    expect(await sendDueReminders()).toMatchObject({ sent: 0, superseded: 0 });
    expect(await notifiedUsers(plan.id)).toEqual(advisers);
  });

  it("a warning that comes late counts the days really left", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T16:00:00Z"));
    const reference = (await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).reference;
    // Five days late: Wednesday 23 April, two days before the end on Friday 25 April.
    setClock(new Date(plan.warning.dueAt.getTime() + 5 * 86_400_000));
    await sendDueReminders();
    const note = await prisma.notification.findFirstOrThrow({
      where: { planId: plan.id, userId: s.handler.userId },
    });
    expect(note.title).toBe(`Beslistermijn ${reference} eindigt over 2 dagen`);
    expect(note.body).toContain("eindigt op 25 april 2025");
  });

  it("after an outage past the hersteltermijn, the applicant gets no warning to meet a day gone by; the handler hears it lapsed", async () => {
    setClock(new Date("2025-01-24T17:00:00Z"));
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    setClock(new Date("2025-02-03T10:00:00Z"));
    const ask = supplementRequestSchema.parse({
      text: "Voeg de begroting toe.",
      steps: ["measures"],
      termDays: "7",
    });
    await requestSupplement(s.handler, id, version, ask);
    const lapsed = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "SUPPLEMENT_TERM_LAPSED" } },
    });
    setClock(new Date(lapsed.dueAt.getTime() + 2 * 86_400_000));
    await sendDueReminders();

    const notes = await prisma.notification.findMany({
      where: { planId: id, title: { startsWith: "Hersteltermijn" } },
    });
    expect(notes.map((n) => n.userId)).toEqual([s.handler.userId]);
    expect(notes[0]?.title).toContain("verstreken");
    // Term to the end of Monday 10 February: the besluit not to consider is known by 10 March (Awb 4:5 lid 4).
    expect(notes[0]?.body).toContain("maak dat besluit uiterlijk op 10 maart 2025 bekend");
    const warning = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "SUPPLEMENT_TERM_WARNING" } },
    });
    expect(warning.sentAt).not.toBeNull();
    expect(await emailsFor(warning.id)).toEqual([]);
  });

  it("tells a handler who is also a decision maker once about the settlement term", async () => {
    setClock(new Date("2025-01-24T18:00:00Z"));
    const { id } = await submittedPlan(s);
    planIds.push(id);
    const both = await prisma.roleMembership.create({
      data: { userId: s.handler.userId, role: "DECISION_MAKER" },
    });
    try {
      // Stand-in for a plan whose vaststelling was requested (the reminder reads only these).
      await prisma.plan.update({
        where: { id },
        data: { status: "SETTLEMENT_REQUESTED", handlerId: s.handler.userId },
      });
      const reminder = await prisma.reminder.create({
        data: {
          planId: id,
          kind: "SETTLEMENT_DECISION_WARNING",
          termEnd: new Date("2025-06-30"),
          dueAt: new Date("2025-06-16T06:00:00Z"),
        },
      });
      setClock(new Date("2025-06-16T07:00:00Z"));
      await sendDueReminders();
      const makers = await holdersOf("DECISION_MAKER");
      expect(makers).toContain(s.handler.userId);
      const told = await prisma.notification.findMany({
        where: { planId: id, title: { startsWith: "Vaststelling" } },
        select: { userId: true },
      });
      expect(told.map((t) => t.userId).sort()).toEqual(makers);
      const mails = await emailsFor(reminder.id);
      expect(mails.map((m) => m.recipientUserId).sort()).toEqual(makers);
    } finally {
      await prisma.roleMembership.delete({ where: { id: both.id } });
    }
  });

  it("tells the advisers holding an active seat, and no one else, of the decision term in assessment", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T20:00:00Z"));
    await activeAdviser(s, plan.id);
    setClock(plan.warning.dueAt);
    await sendDueReminders();
    expect(await notifiedUsers(plan.id)).toEqual([s.adviser.userId]);
    expect((await emailsFor(plan.warning.id)).map((e) => e.recipientUserId)).toEqual([s.adviser.userId]);
  });

  it("sends the term of an assessment no adviser holds to the coordinators and the handler, each a link they can open; never to an adviser with a conflict", async () => {
    const plan = await planCompleteAt(new Date("2025-01-24T20:30:00Z"));
    // An adviser and a second coordinator declare a conflict: both are kept from the plan.
    await assignAdviser(s.coordinator, plan.id, s.adviser2.userId);
    await declareInterest(s.adviser2, plan.id, {
      conflict: true,
      explanation: "Ik ben bestuurder van de aanvrager.",
    });
    const conflicted = await s.newUser("ADVISER");
    await prisma.roleMembership.updateMany({
      where: { userId: conflicted.userId },
      data: { isCoordinator: true },
    });
    await assignAdviser(s.coordinator, plan.id, conflicted.userId);
    await declareInterest(conflicted, plan.id, {
      conflict: true,
      explanation: "Mijn partner werkt bij de aanvrager.",
    });
    setClock(plan.warning.dueAt);
    await sendDueReminders();

    const notes = await prisma.notification.findMany({
      where: { planId: plan.id },
      select: { userId: true, link: true, body: true },
    });
    const told = notes.map((n) => n.userId).sort();
    expect(told).toEqual(
      (await unheldAssessmentAudience(s.handler.userId)).filter((u) => u !== conflicted.userId),
    );
    for (const u of [s.adviser.userId, s.adviser2.userId, conflicted.userId]) expect(told).not.toContain(u);
    for (const n of notes) {
      expect(await opens(n.userId, n.link, plan.id), `${n.userId} opens ${n.link}`).toBe(true);
      expect(n.body).toContain("Er is nog geen adviseur actief op dit plan.");
    }
    expect(notes.find((n) => n.userId === s.coordinator.userId)?.link).toBe(
      `/behandeling/toewijzing?plan=${plan.id}#plan-${plan.id}`,
    );
    expect(notes.find((n) => n.userId === s.handler.userId)?.link).toBe(`/behandeling/plannen/${plan.id}`);
    const mails = (await emailsFor(plan.warning.id)).map((e) => e.recipientUserId).sort();
    expect(mails).toEqual(told);
  });

  it("tells every present case handler too while the plan's handler is recorded absent", async () => {
    setClock(new Date("2025-01-24T21:00:00Z"));
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    setClock(new Date("2025-02-03T10:00:00Z"));
    await requestSupplement(
      s.handler,
      id,
      version,
      supplementRequestSchema.parse({ text: "Voeg de begroting toe.", steps: ["measures"], termDays: "7" }),
    );
    const colleague = await s.newUser("CASE_HANDLER");
    const alsoAway = await s.newUser("CASE_HANDLER");
    await setAbsence(colleague, s.handler.userId, "2025-03-31");
    await setAbsence(colleague, alsoAway.userId, "2025-03-31");
    try {
      const lapsed = await prisma.reminder.findUniqueOrThrow({
        where: { planId_kind: { planId: id, kind: "SUPPLEMENT_TERM_LAPSED" } },
      });
      setClock(lapsed.dueAt);
      // Every active case handler not absent that day (the tick's own clock), and the absent handler.
      const present = (
        await prisma.user.findMany({
          where: {
            active: true,
            memberships: { some: { role: "CASE_HANDLER" } },
            OR: [{ absentUntil: null }, { absentUntil: { lt: localDateToDb(amsterdamDate(lapsed.dueAt)) } }],
          },
          select: { id: true },
        })
      ).map((u) => u.id);
      expect(present).toContain(colleague.userId);
      await sendDueReminders();
      const notes = await prisma.notification.findMany({
        where: { planId: id, title: { startsWith: "Hersteltermijn" } },
        select: { userId: true },
      });
      const told = notes.map((n) => n.userId).sort();
      expect(told).toEqual([s.handler.userId, ...present].sort());
      expect(told).not.toContain(alsoAway.userId);
      expect((await emailsFor(lapsed.id)).map((e) => e.recipientUserId).sort()).toEqual(told);

      // The vaststelling and the verlenging (handlerAndDecisionMakers) likewise; once back, only the handler.
      const settlers = await prisma.$transaction((tx) =>
        handlerAndDecisionMakers(tx, s.handler.userId, lapsed.dueAt),
      );
      expect(settlers).toEqual(
        expect.arrayContaining([s.handler.userId, colleague.userId, s.decisionMaker.userId]),
      );
      expect(settlers).not.toContain(alsoAway.userId);
      const back = await prisma.$transaction((tx) =>
        handlerAndDecisionMakers(tx, s.handler.userId, new Date("2025-04-01T08:00:00Z")),
      );
      expect(back).toContain(s.handler.userId);
      expect(back).not.toContain(colleague.userId);
    } finally {
      await prisma.user.updateMany({
        where: { id: { in: [s.handler.userId, alsoAway.userId] } },
        data: { absentUntil: null },
      });
    }
  });

  it("words the vaststelling's term from the clock: the days left, the last day, and once it has passed", async () => {
    setClock(new Date("2025-01-24T22:00:00Z"));
    const { id } = await submittedPlan(s);
    planIds.push(id);
    // Stand-in for a plan whose vaststelling was requested (the reminder reads only these).
    await prisma.plan.update({
      where: { id },
      data: { status: "SETTLEMENT_REQUESTED", handlerId: s.handler.userId },
    });
    const reference = (await prisma.plan.findUniqueOrThrow({ where: { id } })).reference;
    const reminder = await prisma.reminder.create({
      data: {
        planId: id,
        kind: "SETTLEMENT_DECISION_WARNING",
        termEnd: new Date("2025-06-30"),
        dueAt: new Date("2025-06-16T06:00:00Z"),
      },
    });
    const titleAt = async (at: string) => {
      await prisma.reminder.update({ where: { id: reminder.id }, data: { sentAt: null } });
      await prisma.notification.deleteMany({ where: { planId: id } });
      setClock(new Date(at));
      await sendDueReminders();
      const note = await prisma.notification.findFirstOrThrow({
        where: { planId: id, userId: s.handler.userId },
      });
      return note;
    };
    expect((await titleAt("2025-06-16T06:00:00Z")).title).toBe(
      `Vaststelling ${reference}: de beslistermijn eindigt over 14 dagen`,
    );
    const last = await titleAt("2025-06-30T06:00:00Z");
    expect(last.title).toBe(`Vaststelling ${reference}: de beslistermijn eindigt vandaag`);
    expect(last.body).toContain("Vandaag, 30 juni 2025,");
    // An outage of weeks: the notice says the term has passed, not that it ends on a day gone by.
    const late = await titleAt("2025-08-04T06:00:00Z");
    expect(late.title).toBe(
      `Vaststelling ${reference}: de beslistermijn liep tot en met 30 juni 2025 en is verstreken`,
    );
    expect(late.body).toContain("had uiterlijk 30 juni 2025 moeten zijn genomen");
    expect(late.body).toContain("Awb 4:17");
  });

  it("sends the kinds it knows and leaves a kind written by a newer version untouched, warning once", async () => {
    // A newer web server wrote a kind this version has no case for (rolling deploy). The enum value
    // stays in this test database: PostgreSQL cannot drop one, and no known code reads it.
    const FUTURE_KIND = "FUTURE_KIND_FROM_A_NEWER_VERSION";
    await prisma.$executeRawUnsafe(`ALTER TYPE "ReminderKind" ADD VALUE IF NOT EXISTS '${FUTURE_KIND}'`);
    const plan = await planCompleteAt(new Date("2025-01-24T19:00:00Z"));
    const futureId = `future-${plan.id}`;
    await prisma.$executeRaw`
      INSERT INTO "Reminder" (id, "planId", kind, "termEnd", "dueAt", "createdAt")
      VALUES (${futureId}, ${plan.id}, ${FUTURE_KIND}::"ReminderKind", ${new Date("2025-04-25")}::date,
              ${plan.warning.dueAt}, ${new Date("2025-01-24T19:00:00Z")})`;
    try {
      const warnings: string[] = [];
      setClock(plan.warning.dueAt);
      const r = await sendDueReminders({ warn: (line) => warnings.push(line) });

      expect((await reminderOf(plan.id, "DECISION_TERM_WARNING")).sentAt).not.toBeNull();
      expect(await notifiedUsers(plan.id)).toEqual(await unheldAssessmentAudience(s.handler.userId));
      const [future] = await prisma.$queryRaw<{ sentAt: Date | null; cancelledAt: Date | null }[]>`
        SELECT "sentAt", "cancelledAt" FROM "Reminder" WHERE id = ${futureId}`;
      expect(future).toEqual({ sentAt: null, cancelledAt: null });
      expect(r.unknown).toEqual([{ kind: FUTURE_KIND, count: 1, oldest: plan.warning.dueAt }]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(
        `1 due reminders are of a kind this worker version does not know (${FUTURE_KIND}: 1,`,
      );
    } finally {
      await prisma.$executeRaw`DELETE FROM "Reminder" WHERE id = ${futureId}`;
    }
  });

  it("sends once when two ticks run at the same moment", async () => {
    const plans = [
      await planCompleteAt(new Date("2025-01-24T13:00:00Z")),
      await planCompleteAt(new Date("2025-01-24T13:00:01Z")),
      await planCompleteAt(new Date("2025-01-24T13:00:02Z")),
    ];
    setClock(plans[2]?.warning.dueAt ?? null);
    // Small batches make the two ticks interleave row by row.
    const [a, b] = await Promise.all([sendDueReminders({ batch: 1 }), sendDueReminders({ batch: 1 })]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBeGreaterThanOrEqual(plans.length);

    const advisers = await unheldAssessmentAudience(s.handler.userId);
    for (const plan of plans) {
      expect((await reminderOf(plan.id, "DECISION_TERM_WARNING")).sentAt).not.toBeNull();
      expect(await notifiedUsers(plan.id)).toEqual(advisers);
      expect(await emailsFor(plan.warning.id)).toHaveLength(advisers.length);
    }
  });
});
