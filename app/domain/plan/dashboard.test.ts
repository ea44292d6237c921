import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "../../db/client.server.ts";
import type { DocumentKind } from "../../generated/prisma/enums.ts";
import { completePlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { cancelReminders, scheduleDecisionTermReminders } from "../reminders/reminders.server.ts";
import { sendDueReminders } from "../reminders/send-due.server.ts";
import { interimReportDueDates, interimReportsDue } from "../settlement/terms.ts";
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamTimeOn,
  compareLocalDates,
  daysLeft,
  decisionDueDate,
  endOfAmsterdamDay,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
  parseLocalDate,
} from "../time/index.ts";
import { listOrganisationPlanOverview } from "./dashboard.server.ts";
import { reportExecutionStart } from "./execution.server.ts";
import { createDraftPlan, listOrganisationPlans } from "./plans.server.ts";
import { requestSupplement } from "./supplement.server.ts";

async function addDocument(planId: string, kind: DocumentKind, title: string) {
  return prisma.document.create({
    data: {
      planId,
      kind,
      title,
      idempotencyKey: randomUUID(),
      filename: `${kind}.pdf`,
      mimeType: "application/pdf",
      sha256: "0".repeat(64),
      byteSize: 1,
      storageKey: `test/${randomUUID()}`,
    },
    select: { id: true },
  });
}

const versionOf = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** The interim reports the plan's grant asks for, as its period stands (no verlenging). */
async function interimScheduleOf(id: string) {
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id },
    select: { periodStart: true, periodEnd: true },
  });
  return interimReportsDue(plan.periodStart, plan.periodEnd, null);
}

/** The interim report after `afterMonths` handed in (a row as submitInterimReport leaves it). */
async function interimSubmitted(planId: string, afterMonths: 12 | 24, submitted = true) {
  const at = new Date();
  await prisma.interimReport.upsert({
    where: { planId_afterMonths: { planId, afterMonths } },
    create: { planId, afterMonths, dueOn: at, submittedAt: submitted ? at : null },
    update: { submittedAt: submitted ? at : null },
  });
}

describe("the organisation dashboard", () => {
  let s: Scenario;
  const planIds: string[] = [];
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));
  // Leave no pending reminder behind for a worker on the real clock in a later test file.
  afterAll(async () => {
    await prisma.$transaction(async (tx) => {
      for (const id of planIds) await cancelReminders(tx, id);
    });
  });

  it("lists the organisation's plans with the decision term from the pending reminders and the letters", async () => {
    const at = new Date();
    const draft = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const submitted = await submittedPlan(s);
    const complete = await completePlan(s);
    const ack = await addDocument(complete.id, "ACKNOWLEDGEMENT", "Ontvangstbevestiging");
    await addDocument(complete.id, "ATTACHMENT", "Samenwerkingsovereenkomst");
    // The besluit on an extension request changes the plan's last day: it is a letter like the others.
    const extension = await addDocument(
      complete.id,
      "EXTENSION_DECISION",
      "Besluit op uw verzoek om verlenging",
    );
    // So are the supplement request and the vaststelling, which a list of kinds had left out.
    const supplement = await addDocument(complete.id, "SUPPLEMENT_REQUEST", "Verzoek om aanvulling");
    const settlement = await addDocument(complete.id, "SETTLEMENT_DECISION", "Beschikking tot vaststelling");

    const rows = await listOrganisationPlanOverview(s.applicantA, at);
    expect(rows.map((r) => r.id).sort()).toEqual([draft.id, submitted.id, complete.id].sort());

    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(draft.id)?.nextDeadline).toBeNull();
    expect(byId.get(draft.id)?.statusLabel).toBe("Concept");
    expect(byId.get(submitted.id)?.nextDeadline).toBeNull();

    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: complete.id } });
    const due = decisionDueDate(plan.completeReceivedAt as Date, s.regulation.decisionTermWeeks);
    const row = byId.get(complete.id);
    expect(row?.nextDeadline?.date).toBe(due);
    expect(row?.nextDeadline?.daysLeft).toBeGreaterThan(80);
    // Only letters, not the attachment, each linked to the document route.
    expect(row?.letters).toHaveLength(4);
    expect(row?.letters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ack.id, title: "Ontvangstbevestiging", href: `/documenten/${ack.id}` }),
        expect.objectContaining({ id: extension.id, kind: "EXTENSION_DECISION" }),
        expect.objectContaining({ id: supplement.id, kind: "SUPPLEMENT_REQUEST" }),
        expect.objectContaining({ id: settlement.id, kind: "SETTLEMENT_DECISION" }),
      ]),
    );

    // The existing export keeps working.
    expect((await listOrganisationPlans(s.applicantA)).map((p) => p.id).sort()).toEqual(
      [draft.id, submitted.id, complete.id].sort(),
    );
  });

  it("computes the term from the complete receipt when no reminder is pending, and counts days left", async () => {
    const { id } = await completePlan(s);
    await prisma.reminder.updateMany({ where: { planId: id }, data: { sentAt: new Date() } });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const due = decisionDueDate(plan.completeReceivedAt as Date, s.regulation.decisionTermWeeks);
    // Noon, Amsterdam time, three days before the last day.
    const at = new Date(`${addCalendarDays(due, -3)}T11:00:00Z`);
    expect(amsterdamDate(at)).toBe(addCalendarDays(due, -3));
    const row = (await listOrganisationPlanOverview(s.applicantA, at)).find((r) => r.id === id);
    expect(row?.nextDeadline).toEqual({ kind: "DECISION_TERM", date: due, daysLeft: 3 });
  });

  it("keeps the days of suspension once the reminders have gone out, as the staff's lists do", async () => {
    const { id } = await completePlan(s);
    // A supplement request suspended the term for 10 days (Awb 4:15); the term was moved on.
    await prisma.$transaction(async (tx) => {
      await tx.plan.update({ where: { id }, data: { suspendedDays: 10 } });
      await scheduleDecisionTermReminders(tx, id);
    });
    await prisma.reminder.updateMany({ where: { planId: id }, data: { sentAt: new Date() } });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const due = decisionDueDate(plan.completeReceivedAt as Date, s.regulation.decisionTermWeeks, 10);
    expect(plan.decisionDueOn?.toISOString().slice(0, 10)).toBe(due);
    // The real last day, after the last-day reminder went out at 08:00.
    const at = new Date(`${due}T11:00:00Z`);
    const row = (await listOrganisationPlanOverview(s.applicantA, at)).find((r) => r.id === id);
    expect(row?.nextDeadline).toEqual({ kind: "DECISION_TERM", date: due, daysLeft: 0 });
  });

  it("shows the hersteltermijn's last day until it is over, also after its warning went out", async () => {
    // Monday 2 March 2026; a term of 14 days ends on Monday 16 March, at the end of that day.
    setClock(amsterdamTimeOn(parseLocalDate("2026-03-02"), 10));
    const own = await createScenario();
    const { id, version } = await submittedPlan(own);
    planIds.push(id);
    await requestSupplement(own.handler, id, version, {
      text: "Stuur de begroting per jaar.",
      steps: ["budget"],
      termDays: 14,
    });
    const request = await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } });
    expect(request.dueAt.toISOString()).toBe(endOfAmsterdamDay(parseLocalDate("2026-03-16")).toISOString());
    const deadline = async (at: Date) =>
      (await listOrganisationPlanOverview(own.applicantA, at)).find((r) => r.id === id)?.nextDeadline;

    expect(await deadline(amsterdamTimeOn(parseLocalDate("2026-03-02"), 11))).toEqual({
      kind: "SUPPLEMENT_TERM",
      date: "2026-03-16",
      daysLeft: 14,
    });
    // The warning goes out three days before the last day; the term still runs.
    const afterWarning = amsterdamTimeOn(parseLocalDate("2026-03-14"), 12);
    await sendDueReminders({ at: afterWarning });
    const warning = await prisma.reminder.findFirstOrThrow({
      where: { planId: id, kind: "SUPPLEMENT_TERM_WARNING" },
    });
    expect(warning.sentAt).not.toBeNull();
    expect(await deadline(afterWarning)).toEqual({
      kind: "SUPPLEMENT_TERM",
      date: "2026-03-16",
      daysLeft: 2,
    });
    // The last evening is still inside the term (Awb 4:5: it ends at the end of its last day).
    expect(await deadline(amsterdamTimeOn(parseLocalDate("2026-03-16"), 23))).toEqual({
      kind: "SUPPLEMENT_TERM",
      date: "2026-03-16",
      daysLeft: 0,
    });
    // Lapsed but not closed yet: the applicant still sees the term, as passed.
    expect((await deadline(amsterdamTimeOn(parseLocalDate("2026-03-17"), 9)))?.daysLeft).toBe(-1);
  });

  it("shows the realisation report's last day until it is over, also after its warning went out, then as overdue", async () => {
    const { planId } = await grantedScenarioPlan(s);
    planIds.push(planId);
    await reportExecutionStart(s.applicantA, planId, await versionOf(planId), amsterdamDate(new Date()));
    const reminder = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId, kind: "SETTLEMENT_REPORT_WARNING" } },
    });
    const due = localDateFromDb(reminder.termEnd);
    const rowAt = async (at: Date) =>
      (await listOrganisationPlanOverview(s.applicantA, at)).find((r) => r.id === planId)?.nextDeadline;
    // The interim report after month 12 comes first (interim reports are tested below); once it
    // is handed in, the realisation report's day is next.
    const [interim] = await interimScheduleOf(planId);
    expect(await rowAt(new Date())).toMatchObject({ kind: "INTERIM_REPORT_DUE", date: interim?.dueOn });
    await interimSubmitted(planId, 12);
    expect(await rowAt(new Date())).toMatchObject({ kind: "REPORT_DUE", date: due });
    // The tick sends the warning 14 days before the last day; the term still runs.
    await prisma.reminder.update({ where: { id: reminder.id }, data: { sentAt: new Date() } });
    expect(await rowAt(amsterdamTimeOn(addCalendarDays(due, -10), 9))).toEqual({
      kind: "REPORT_DUE",
      date: due,
      daysLeft: 10,
    });
    expect(await rowAt(amsterdamTimeOn(addCalendarDays(due, 3), 9))).toEqual({
      kind: "REPORT_DUE",
      date: due,
      daysLeft: -3,
    });
  });

  it("shows the next interim report's day while the grant runs: ahead, on its last day and late; a draft still owes it", async () => {
    const { planId } = await grantedScenarioPlan(s);
    planIds.push(planId);
    // The scenario's plan runs two calendar years: one interim report, after month 12.
    const schedule = await interimScheduleOf(planId);
    expect(schedule.map((r) => r.afterMonths)).toEqual([12]);
    const due = schedule[0]?.dueOn as LocalDate;
    const rowAt = async (at: Date) =>
      (await listOrganisationPlanOverview(s.applicantA, at)).find((r) => r.id === planId)?.nextDeadline;

    const today = new Date();
    expect(await rowAt(today)).toEqual({
      kind: "INTERIM_REPORT_DUE",
      date: due,
      afterMonths: 12,
      daysLeft: daysLeft(due, today),
    });
    expect((await rowAt(amsterdamTimeOn(due, 22)))?.daysLeft).toBe(0);
    // Past its day and not handed in: shown as late, for it can still be handed in.
    expect(await rowAt(amsterdamTimeOn(addCalendarDays(due, 3), 9))).toEqual({
      kind: "INTERIM_REPORT_DUE",
      date: due,
      afterMonths: 12,
      daysLeft: -3,
    });
    // A draft is no report: the day still stands.
    await interimSubmitted(planId, 12, false);
    expect((await rowAt(today))?.kind).toBe("INTERIM_REPORT_DUE");
    // Handed in: nothing else runs for a granted plan that has not started.
    await interimSubmitted(planId, 12);
    expect(await rowAt(today)).toBeNull();
  });

  it("dates the interim report a granted verlenging added as its letter does, with one query for all plans", async () => {
    const { planId } = await grantedScenarioPlan(s);
    const { planId: other } = await grantedScenarioPlan(s);
    planIds.push(planId, other);
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      select: { periodStart: true, periodEnd: true },
    });
    const previousEnd = localDateFromDb(plan.periodEnd as Date);
    const newEnd = addCalendarDays(previousEnd, 181);
    // Decided a month after the old end: the added report is due 8 weeks after the besluit,
    // not 8 weeks after month 24 (which had passed by then).
    const decidedAt = amsterdamTimeOn(addCalendarDays(previousEnd, 31), 10);
    const extension = {
      previousPeriodEnd: localDateToDb(previousEnd),
      newPeriodEnd: localDateToDb(newEnd),
      decidedAt,
    };
    await prisma.planExtension.create({
      data: {
        planId,
        status: "GRANTED",
        requestedMonths: 6,
        grantedMonths: 6,
        motivation: "De tweede lichting begint later.",
        requestedById: s.applicantA.userId,
        requestedAt: decidedAt,
        decidedById: s.decisionMaker.userId,
        ...extension,
      },
    });
    await prisma.plan.update({ where: { id: planId }, data: { periodEnd: localDateToDb(newEnd) } });
    const schedule = interimReportsDue(plan.periodStart, localDateToDb(newEnd), extension);
    const added = schedule.find((r) => r.afterMonths === 24);
    // Not the day 8 weeks after month 24 that the period alone would give.
    const byPeriod = interimReportDueDates(localDateFromDb(plan.periodStart as Date), newEnd)[1];
    expect(byPeriod).toBeDefined();
    expect(compareLocalDates(added?.dueOn as LocalDate, byPeriod as LocalDate)).toBeGreaterThan(0);
    await interimSubmitted(planId, 12);

    const extensionQueries = vi.spyOn(prisma.planExtension, "findMany");
    try {
      const rows = await listOrganisationPlanOverview(s.applicantA);
      expect(rows.find((r) => r.id === planId)?.nextDeadline).toMatchObject({
        kind: "INTERIM_REPORT_DUE",
        date: added?.dueOn,
        afterMonths: 24,
      });
      expect(rows.find((r) => r.id === other)?.nextDeadline).toMatchObject({
        kind: "INTERIM_REPORT_DUE",
        afterMonths: 12,
      });
      expect(extensionQueries).toHaveBeenCalledTimes(1);
    } finally {
      extensionQueries.mockRestore();
    }
  });

  it("asks no interim report of a grant no longer carried out", async () => {
    const { planId } = await grantedScenarioPlan(s);
    planIds.push(planId);
    for (const status of ["WITHDRAWN", "SETTLEMENT_REQUESTED"] as const) {
      await prisma.plan.update({ where: { id: planId }, data: { status } });
      const row = (await listOrganisationPlanOverview(s.applicantA)).find((r) => r.id === planId);
      expect(row?.nextDeadline?.kind).not.toBe("INTERIM_REPORT_DUE");
    }
  });

  it("shows another organisation nothing, and staff nothing", async () => {
    const { id } = await submittedPlan(s);
    const other = await listOrganisationPlanOverview(s.applicantB);
    expect(other.map((r) => r.id)).not.toContain(id);
    expect(await listOrganisationPlanOverview(s.handler)).toEqual([]);
  });
});
