import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { decideExtension, requestExtension } from "../extension/extension.server.ts";
import { grantDecidedAt, markInterimReportSubmitted } from "../extension/test-support.server.ts";
import { sendDueReminders } from "../reminders/send-due.server.ts";
import { getRealisationReport } from "../settlement/report.server.ts";
import { reportDueOn } from "../settlement/terms.ts";
import { applicantSettlementSummary } from "../settlement/view.server.ts";
import { addCalendarDays, amsterdamDate, localDateFromDb, startOfAmsterdamDay } from "../time/index.ts";
import { listOrganisationPlanOverview } from "./dashboard.server.ts";
import { reportExecutionStart } from "./execution.server.ts";

/**
 * A verlenging refused after the art. 5.5 day gives the realisation report 8 weeks from the besluit
 * (ADR 0026): the report row, the refusal letter and the plan page say so. The dashboard and the
 * report's reminder must name that day too, not the one 13 weeks after the plan's end.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(disconnectPrisma);

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** A granted plan (started or not), a verlenging asked late in the period and refused after its end. */
async function refusedLate(start: boolean) {
  const { planId } = await grantedScenarioPlan(s);
  if (start)
    await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  await markInterimReportSubmitted(planId);
  await grantDecidedAt(planId, new Date(`${s.year + 1}-01-05T10:00:00Z`));
  setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
  const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
    months: 6,
    motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
  });
  // A late refusal, after the art. 5.5 day (1 April): the report gets 8 weeks from the besluit.
  setClock(new Date(`${s.year + 3}-04-10T10:00:00Z`));
  await decideExtension(s.decisionMaker, planId, await version(planId), extensionId, {
    outcome: "REFUSE",
    reason: "Een deel van de vertraging is te voorzien geweest.",
  });
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { periodEnd: true, realisationReport: { select: { dueOn: true } } },
  });
  const moved = localDateFromDb(plan.realisationReport?.dueOn as Date);
  // The day was moved indeed: not the 13 weeks after the end.
  expect(moved).not.toBe(reportDueOn(plan.periodEnd as Date, 13));
  return { planId, moved };
}

it("after a refused verlenging moved the realisation report's day, the dashboard keeps that day once its reminder went out", async () => {
  const { planId, moved } = await refusedLate(true);
  expect((await getRealisationReport(s.applicantA, planId)).dueOn).toBe(moved);
  // The warning goes out 14 days before that day; a few days later the organisation looks.
  const look = startOfAmsterdamDay(addCalendarDays(moved, -5));
  setClock(look);
  await sendDueReminders({ at: look });
  const reminder = await prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId, kind: "SETTLEMENT_REPORT_WARNING" } },
  });
  expect(reminder.sentAt).not.toBeNull();
  expect((await applicantSettlementSummary(planId))?.dueOn).toBe(moved);
  const row = (await listOrganisationPlanOverview(s.applicantA, look)).find((p) => p.id === planId);
  // The dashboard and the plan page name the same last day.
  expect(row?.nextDeadline).toMatchObject({ kind: "REPORT_DUE", date: moved });
});

it("a plan started after a verlenging was refused late is warned of the moved day, as its dashboard shows it", async () => {
  const { planId, moved } = await refusedLate(false);
  // Not started at the refusal: its reminder is made at report_start, from the report's day.
  await reportExecutionStart(s.applicantA, planId, await version(planId), `${s.year + 1}-02-01`);
  const reminder = await prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId, kind: "SETTLEMENT_REPORT_WARNING" } },
  });
  expect(localDateFromDb(reminder.termEnd)).toBe(moved);
  const row = (await listOrganisationPlanOverview(s.applicantA)).find((p) => p.id === planId);
  expect(row?.nextDeadline).toMatchObject({ kind: "REPORT_DUE", date: moved });
});
