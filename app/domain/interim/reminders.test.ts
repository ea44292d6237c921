import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { interimReportDueDates } from "../settlement/terms.ts";
import { addCalendarDays, amsterdamTimeOn, type LocalDate, localDateToDb } from "../time/index.ts";
import {
  INTERIM_REMINDED,
  interimReminderKey,
  interimReminderMoments,
  sendDueInterimReminders,
} from "./reminders.server.ts";

/**
 * Reminders of the interim progress reports (regulation art. 5.4) to the organisation's
 * signatories: four weeks before the day and the morning after it passed unsubmitted, once each.
 * Each test uses its own years (the 1960s and 70s), so the tick at its moments meets only its plans.
 */
let s: Scenario;
let colleague: string;
const ids: string[] = [];
let n = 0;

beforeAll(async () => {
  s = await createScenario();
  // A colleague who is not a signatory: not reminded (the signatories hand the report in).
  const c = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({ where: { userId: c.userId }, data: { isSignatory: false } });
  colleague = c.userId;
});
afterAll(async () => {
  await prisma.auditLog.deleteMany({ where: { action: INTERIM_REMINDED, targetId: { in: ids } } });
  await prisma.notification.deleteMany({ where: { planId: { in: ids } } });
  await prisma.outboxMessage.deleteMany({
    where: { OR: ids.map((id) => ({ payload: { path: ["planId"], equals: id } })) },
  });
  await prisma.interimReport.deleteMany({ where: { planId: { in: ids } } });
  await prisma.planExtension.deleteMany({ where: { planId: { in: ids } } });
  await prisma.decision.deleteMany({ where: { planId: { in: ids } } });
  await prisma.plan.deleteMany({ where: { id: { in: ids } } });
  await disconnectPrisma();
});

async function plan(start: LocalDate, end: LocalDate, status: PlanStatus = "IN_EXECUTION"): Promise<string> {
  const p = await prisma.plan.create({
    data: {
      reference: `SP-H${s.tag}-${String(n++).padStart(4, "0")}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Herinnering ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      periodStart: localDateToDb(start),
      periodEnd: localDateToDb(end),
    },
    select: { id: true },
  });
  ids.push(p.id);
  return p.id;
}

const notices = (planId: string) =>
  prisma.notification.findMany({
    where: { planId },
    orderBy: { createdAt: "asc" },
    select: { userId: true, title: true, body: true, link: true },
  });
const mails = (planId: string) =>
  prisma.outboxMessage.findMany({
    where: { jobName: "send-email", payload: { path: ["planId"], equals: planId } },
    select: { payload: true },
  });
async function prepareMail(planId: string, payload: unknown, at: Date) {
  const p = payload as SendEmailPayload;
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { reference: true, title: true, status: true },
  });
  return EMAIL_TEMPLATES[p.template].prepare(prisma, p, {
    recipient: { id: p.recipientUserId, name: "Tekenbevoegde", email: "t@test.example" },
    plan: { id: planId, ...plan, organisationName: "Stichting A" },
    publicUrl: "http://localhost:3000",
    at,
  });
}
const ref = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { reference: true } })).reference;
const tick = (at: Date) => sendDueInterimReminders({ at });
const minute = 60_000;

describe("interim report reminders", () => {
  it("warns the signatories four weeks before, and again the morning after the day passed, each once", async () => {
    const id = await plan("1961-01-01", "1961-12-31");
    const [due] = interimReportDueDates("1961-01-01", "1961-12-31");
    if (!due) throw new Error("a report expected");
    const m = interimReminderMoments(due);
    expect(m.warning).toEqual(amsterdamTimeOn(addCalendarDays(due, -28), 8));
    expect(m.overdue).toEqual(amsterdamTimeOn(addCalendarDays(due, 1), 8));

    await tick(new Date(m.warning.getTime() - minute));
    expect(await notices(id)).toEqual([]);

    // Two ticks side by side, then a job run again: one notice, one mail.
    await Promise.all([tick(m.warning), tick(m.warning)]);
    await tick(new Date(m.warning.getTime() + minute));
    const warned = await notices(id);
    expect(warned).toEqual([
      expect.objectContaining({ userId: s.applicantA.userId, link: `/aanvrager/plannen/${id}` }),
    ]);
    expect(warned[0]?.title).toContain("uiterlijk");
    expect(warned[0]?.body).toContain("maand 12");
    expect((await mails(id)).map((x) => x.payload)).toEqual([
      expect.objectContaining({
        template: "interim-report-due",
        recipientUserId: s.applicantA.userId,
        termEnd: due,
      }),
    ]);

    const [queued] = await mails(id);
    const mail = await prepareMail(id, queued?.payload, m.warning);
    if (mail instanceof SkipEmail) throw new Error(mail.reason);
    expect(mail.message.subject).toContain("uiterlijk");
    expect(mail.keySuffix).toBe(`12-${due}`);

    // On the day itself nothing more; the morning after, the overdue reminder, once.
    await tick(amsterdamTimeOn(due, 12));
    expect(await notices(id)).toHaveLength(1);
    await tick(m.overdue);
    await tick(new Date(m.overdue.getTime() + minute));
    const after = await notices(id);
    expect(after).toHaveLength(2);
    expect(after[1]?.title).toContain("te laat");
    expect(after.map((x) => x.userId)).not.toContain(colleague);
    expect((await mails(id)).map((x) => (x.payload as { template: string }).template).sort()).toEqual([
      "interim-report-due",
      "interim-report-overdue",
    ]);
  });

  it("sends nothing when another tick sent it while this one waited for the plan's lock", async () => {
    const id = await plan("1969-01-01", "1969-12-31");
    const [due] = interimReportDueDates("1969-01-01", "1969-12-31");
    if (!due) throw new Error("a report expected");
    const m = interimReminderMoments(due);
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    // The other tick: holds the plan's lock, and records the reminder as sent when it commits.
    const other = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`interim-reminder:${id}`}))::text AS locked`;
        locked();
        await released;
        await tx.auditLog.create({
          data: {
            action: INTERIM_REMINDED,
            targetType: "Plan",
            targetId: id,
            details: { key: interimReminderKey({ afterMonths: 12, moment: "warning", due }) },
            createdAt: new Date(),
          },
        });
      },
      { timeout: 20_000 },
    );
    await isLocked;
    // This tick read no sent reminder before the lock; it must look again once it holds it.
    const waiting = tick(m.warning);
    await new Promise((r) => setTimeout(r, 500));
    release();
    await other;
    expect(await waiting).toEqual({ sent: 0, skipped: 1 });
    expect(await notices(id)).toEqual([]);
  });

  it("sends nothing once the report is handed in, checked when the reminder runs", async () => {
    const id = await plan("1962-01-01", "1962-12-31");
    const [due] = interimReportDueDates("1962-01-01", "1962-12-31");
    if (!due) throw new Error("a report expected");
    const m = interimReminderMoments(due);
    await tick(m.warning);
    expect(await notices(id)).toHaveLength(1);
    // Handed in after the warning was sent: the overdue reminder does not follow.
    await prisma.interimReport.create({
      data: {
        planId: id,
        afterMonths: 12,
        dueOn: localDateToDb(due),
        submittedAt: amsterdamTimeOn(due, 9),
        submittedById: s.applicantA.userId,
      },
    });
    await tick(m.overdue);
    expect(await notices(id)).toHaveLength(1);
    // And the warning's mail, queued before, is not sent when its job runs now.
    const [mail] = await mails(id);
    const prepared = await prepareMail(id, mail?.payload, m.overdue);
    expect(prepared).toBeInstanceOf(SkipEmail);
    expect((prepared as SkipEmail).reason).toMatch(/handed in/);
  });

  it("reminds no plan of another status, nor a draft left in a plan settled since", async () => {
    const planIds = await Promise.all(
      (["WITHDRAWN", "SETTLEMENT_REQUESTED", "SETTLED", "ADVISED"] as const).map((st) =>
        plan("1963-01-01", "1963-12-31", st),
      ),
    );
    const granted = await plan("1963-01-01", "1963-12-31", "GRANTED");
    const [due] = interimReportDueDates("1963-01-01", "1963-12-31");
    if (!due) throw new Error("a report expected");
    const m = interimReminderMoments(due);
    await tick(m.warning);
    await tick(m.overdue);
    for (const id of planIds) expect(await notices(id)).toEqual([]);
    expect(await notices(granted)).toHaveLength(2);
  });

  it("moves with the day a verlenging gives, and stays quiet about a month long past", async () => {
    // Ten months: no interim report. Extended by four months in a besluit of 20 January 1966: the
    // report after month 12 is due eight weeks after it (17 March), not on the art. 5.4 day (25 February).
    const id = await plan("1965-01-01", "1965-10-31");
    const [artDay] = interimReportDueDates("1965-01-01", "1966-02-28");
    if (!artDay) throw new Error("a report expected");
    await tick(interimReminderMoments(artDay).warning);
    expect(await notices(id)).toEqual([]);
    await prisma.planExtension.create({
      data: {
        planId: id,
        status: "GRANTED",
        requestedMonths: 4,
        grantedMonths: 4,
        motivation: "De scholing liep uit.",
        requestedById: s.applicantA.userId,
        requestedAt: new Date("1965-10-01T10:00:00Z"),
        previousPeriodEnd: localDateToDb("1965-10-31"),
        newPeriodEnd: localDateToDb("1966-02-28"),
        decidedById: s.decisionMaker.userId,
        decidedAt: amsterdamTimeOn("1966-01-20", 12),
      },
    });
    await prisma.plan.update({ where: { id }, data: { periodEnd: localDateToDb("1966-02-28") } });
    const moved: LocalDate = "1966-03-17";
    const m = interimReminderMoments(moved);
    // The art. 5.4 day's moments no longer apply: four weeks before it nothing, and the morning
    // after it no overdue reminder but the warning of the later day, which is then near.
    await tick(interimReminderMoments(artDay).warning);
    expect(await notices(id)).toEqual([]);
    await tick(new Date(m.warning.getTime() - minute));
    expect(await notices(id)).toEqual([]);
    await tick(interimReminderMoments(artDay).overdue);
    const [warning] = await notices(id);
    expect(warning?.title).toBe(`Tussentijds voortgangsverslag ${await ref(id)} uiterlijk 17 maart 1966`);
    await tick(m.warning);
    expect(await notices(id)).toHaveLength(1);
    await tick(interimReminderMoments(moved).overdue);
    const both = await notices(id);
    expect(both).toHaveLength(2);
    expect(both[1]?.body).toContain("uiterlijk 17 maart 1966 worden ingediend");

    // A plan whose day passed more than two weeks ago (a grant recorded after the fact) is left to
    // the handler's list.
    const old = await plan("1967-01-01", "1967-12-31");
    const [oldDue] = interimReportDueDates("1967-01-01", "1967-12-31");
    if (!oldDue) throw new Error("a report expected");
    await tick(amsterdamTimeOn(addCalendarDays(oldDue, 20), 8));
    expect(await notices(old)).toEqual([]);
  });

  it("reminds of a late grant's report on the day its letter names: 8 weeks after the decision", async () => {
    // 1 January – 31 December 1971, granted on Wednesday 15 March 1972, after art. 5.4's day
    // (Friday 25 February 1972): the report is due 8 weeks after the decision, 10 May 1972.
    const id = await plan("1971-01-01", "1971-12-31", "GRANTED");
    await prisma.decision.create({
      data: {
        planId: id,
        outcome: "GRANTED",
        reason: "Het plan voldoet aan de regeling.",
        decidedById: s.decisionMaker.userId,
        decidedAt: amsterdamTimeOn("1972-03-15", 11),
        terms: {},
      },
    });
    const [artDay] = interimReportDueDates("1971-01-01", "1971-12-31");
    if (!artDay) throw new Error("a report expected");
    // No overdue reminder the morning after a day the organisation was never given.
    await tick(interimReminderMoments(artDay).overdue);
    expect(await notices(id)).toEqual([]);
    const m = interimReminderMoments("1972-05-10");
    await tick(new Date(m.warning.getTime() - minute));
    expect(await notices(id)).toEqual([]);
    await tick(m.warning);
    const [warning] = await notices(id);
    expect(warning?.title).toBe(`Tussentijds voortgangsverslag ${await ref(id)} uiterlijk 10 mei 1972`);
    await tick(m.overdue);
    expect(await notices(id)).toHaveLength(2);
  });
});
