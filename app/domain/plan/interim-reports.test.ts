import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { loadExtensionLetterInput } from "../documents/extension-letter.server.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { decideExtension, loadExtensions, requestExtension } from "../extension/extension.server.ts";
import { markInterimReportSubmitted } from "../extension/test-support.server.ts";
import { addedInterimReport, interimReportDueDates, interimReportsDue } from "../settlement/terms.ts";
import { amsterdamDate, type LocalDate, localDateToDb, termEndAfterDay } from "../time/index.ts";
import { reportExecutionStart } from "./execution.server.ts";
import { getPlanView } from "./view.server.ts";

/**
 * The interim progress reports the grant letter asks for (regulation art. 5.4) on the applicant's
 * plan page: the letter's dates over the period as it stands, and a report a verlenging added on
 * the date its letter gives (review rw15).
 */

describe("interimReportsDue", () => {
  const d = (day: string) => localDateToDb(day as LocalDate);

  it("gives the grant letter's dates, each with the month it follows", () => {
    expect(interimReportsDue(d("2015-01-01"), d("2016-12-31"), null)).toEqual([
      {
        afterMonths: 12,
        dueOn: interimReportDueDates("2015-01-01" as LocalDate, "2016-12-31" as LocalDate)[0],
      },
    ]);
    expect(interimReportsDue(d("2015-01-01"), d("2015-10-31"), null)).toEqual([]);
    expect(interimReportsDue(null, null, null)).toEqual([]);
  });

  it("dates a report a verlenging added as its letter does: 8 weeks after the besluit when that is later", () => {
    const decidedAt = new Date("2017-02-20T10:00:00Z");
    const extension = { previousPeriodEnd: d("2016-12-31"), newPeriodEnd: d("2017-06-30"), decidedAt };
    const added = addedInterimReport(
      "2015-01-01" as LocalDate,
      "2016-12-31" as LocalDate,
      "2017-06-30" as LocalDate,
      decidedAt,
    );
    // The art. 5.4 date (8 weeks after the 24th month) was nearly past at the besluit: moved.
    expect(added?.dueOn).not.toBe(termEndAfterDay("2016-12-31" as LocalDate, { weeks: 8 }));
    const due = interimReportsDue(d("2015-01-01"), d("2017-06-30"), extension);
    expect(due).toEqual([
      {
        afterMonths: 12,
        dueOn: interimReportDueDates("2015-01-01" as LocalDate, "2016-12-31" as LocalDate)[0],
      },
      added,
    ]);
  });
});

describe("the applicant's plan view", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterAll(async () => {
    await prisma.reminder.updateMany({
      where: { plan: { organisationId: { in: [s.orgA.id, s.orgB.id] } }, sentAt: null, cancelledAt: null },
      data: { cancelledAt: new Date() },
    });
    await disconnectPrisma();
  });
  // The dates; where each report stands is interim/interim-report.test.ts's.
  const dates = (reports: { afterMonths: number; dueOn: string }[]) =>
    reports.map(({ afterMonths, dueOn }) => ({ afterMonths, dueOn }));
  const version = async (planId: string) =>
    (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;

  it("shows the interim report's date once granted and in execution, moved as a granted verlenging's letter says", async () => {
    const { planId } = await grantedScenarioPlan(s);
    const letterDates = async () => (await loadExtensions(s.applicantA, planId)).plan.interimReportDueOn;
    // A 24-month plan: one report, 8 weeks after its 12th month.
    const [first] = await letterDates();
    expect(dates((await getPlanView(s.applicantA, planId)).interimReports)).toEqual([
      { afterMonths: 12, dueOn: first },
    ]);

    await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
    expect(dates((await getPlanView(s.applicantA, planId)).interimReports)).toEqual([
      { afterMonths: 12, dueOn: first },
    ]);

    await markInterimReportSubmitted(planId);
    const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
      months: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    await decideExtension(s.decisionMaker, planId, await version(planId), extensionId, {
      outcome: "GRANT",
      months: "6",
      reason: "",
    });
    const { addedInterimReport: added } = await loadExtensionLetterInput(prisma, extensionId);
    expect(added?.afterMonths).toBe(24);
    expect(dates((await getPlanView(s.applicantA, planId)).interimReports)).toEqual([
      { afterMonths: 12, dueOn: first },
      added,
    ]);
  });

  it("shows none before the grant", async () => {
    const { id } = await submittedPlan(s);
    expect((await getPlanView(s.applicantA, id)).interimReports).toEqual([]);
  });
});
