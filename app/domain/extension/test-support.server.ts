import { prisma } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { grantInterimReportDueDates } from "../settlement/terms.ts";
import { localDateFromDb, localDateToDb } from "../time/index.ts";

/**
 * For tests only. A request for verlenging may not come before the interim report after the 12th
 * month (art. 5.4 lid 1) was submitted (art. 1.2a lid 2): tests about the request itself, not the
 * report, mark that report submitted with this rather than writing it through its form after month
 * 12 (as extension-window.test.ts does), which would move their clock a year on. The row is what
 * submitInterimReport leaves (submittedAt, its due day as the grant letter gives it), without the
 * workflow event, the notices and the costs: nothing a request reads.
 */
export async function markInterimReportSubmitted(planId: string, at: Date = now()): Promise<void> {
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { periodStart: true, periodEnd: true, decision: { select: { decidedAt: true } } },
  });
  if (!plan.periodStart || !plan.periodEnd)
    throw new Error("markInterimReportSubmitted: a plan without a period");
  const [dueOn] = grantInterimReportDueDates(
    localDateFromDb(plan.periodStart),
    localDateFromDb(plan.periodEnd),
    plan.decision?.decidedAt ?? null,
  );
  if (!dueOn)
    throw new Error("markInterimReportSubmitted: the plan is shorter than 12 months (no interim report)");
  await prisma.interimReport.upsert({
    where: { planId_afterMonths: { planId, afterMonths: 12 } },
    create: {
      planId,
      afterMonths: 12,
      dueOn: localDateToDb(dueOn),
      summary: "De maatregelen lopen volgens plan; de scholing begon een maand later dan gepland.",
      submittedAt: at,
    },
    update: { submittedAt: at },
  });
}

/**
 * For tests only: the grant as decided at `at` (Decision.decidedAt), for a request late in the
 * period. Art. 1.2a lid 2 allows none more than 24 months after the grant's date, and a scenario's
 * plan, granted today, runs to the end of next year but one: only a grant decided after the period
 * began (one that waited for budget) leaves a request possible until its last day.
 */
export async function grantDecidedAt(planId: string, at: Date): Promise<void> {
  await prisma.decision.update({ where: { planId }, data: { decidedAt: at } });
}
