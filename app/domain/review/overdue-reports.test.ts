import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { grantTermsJson, termsFromRegulation } from "../decision/terms.ts";
import { reportDueOn } from "../settlement/terms.ts";
import { applicantSettlementSummary } from "../settlement/view.server.ts";
import { addCalendarDays, amsterdamTimeOn, type LocalDate, localDateToDb } from "../time/index.ts";
import { TERMS_LIST_LIMIT, termsOverview } from "./deadlines.server.ts";

/**
 * The terms overview lists plans in execution whose realisation report is overdue while no
 * vaststelling was asked (regulation art. 5.5; an ambtshalve vaststelling, Awb 4:47, may then be
 * needed). Before, nothing told staff. The day is the grant's weeks after the plan's (last) end,
 * as the applicant's pages compute it, the Algemene termijnenwet included.
 */
let s: Scenario;
const ids: string[] = [];
let n = 0;

beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.decision.deleteMany({ where: { planId: { in: ids } } });
  await prisma.planExtension.deleteMany({ where: { planId: { in: ids } } });
  await prisma.plan.deleteMany({ where: { id: { in: ids } } });
  await disconnectPrisma();
});

/**
 * Plans in execution ending on `periodEnd`, granted on terms giving `weeks` for the report (the
 * regulation says 13): the rows as the grant and the start of execution leave them.
 */
async function executing(count: number, periodEnd: LocalDate, weeks: number): Promise<string[]> {
  const plans = await prisma.plan.createManyAndReturn({
    data: Array.from({ length: count }, () => ({
      reference: `SP-R${s.tag}-${String(n++).padStart(4, "0")}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status: "IN_EXECUTION" as const,
      title: `Verslag te laat ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      periodStart: localDateToDb(addCalendarDays(periodEnd, -365)),
      periodEnd: localDateToDb(periodEnd),
    })),
    select: { id: true },
  });
  const planIds = plans.map((p) => p.id);
  ids.push(...planIds);
  const reg = await prisma.regulation.findUniqueOrThrow({ where: { id: s.regulation.id } });
  const terms = grantTermsJson({ ...termsFromRegulation(reg), settlementRequestWeeks: weeks });
  await prisma.decision.createMany({
    data: planIds.map((planId) => ({
      planId,
      outcome: "GRANTED" as const,
      reason: "Het plan voldoet aan de regeling.",
      decidedById: s.decisionMaker.userId,
      decidedAt: new Date("1999-01-04T10:00:00Z"),
      terms,
    })),
  });
  return planIds;
}

async function executingOne(periodEnd: LocalDate, weeks: number): Promise<string> {
  const [id] = await executing(1, periodEnd, weeks);
  if (!id) throw new Error("no plan made");
  return id;
}

const listedOn = async (day: LocalDate, planId: string) => {
  setClock(amsterdamTimeOn(day, 10));
  return (await termsOverview(s.handler)).reportsOverdue.find((r) => r.id === planId);
};

describe("realisation reports overdue on the terms overview", () => {
  it("lists a plan from the day after the grant's weeks end, with the days late, as the applicant's page", async () => {
    // 20 weeks in the grant, 13 in the regulation: the grant's count (decision/terms.ts).
    const id = await executingOne("2001-03-30", 20);
    const due = reportDueOn(localDateToDb("2001-03-30"), 20);
    expect(due).toBe("2001-08-17");
    expect(await listedOn(reportDueOn(localDateToDb("2001-03-30"), 13), id)).toBeUndefined();
    expect(await listedOn(due, id)).toBeUndefined();
    const row = await listedOn(addCalendarDays(due, 1), id);
    expect(row).toMatchObject({ due, periodEnd: "2001-03-30", daysLate: 1, extensionRequested: false });
    expect((await applicantSettlementSummary(id))?.dueOn).toBe(due);
    expect((await listedOn(addCalendarDays(due, 10), id))?.daysLate).toBe(10);
  });

  it("follows the end a verlenging moved, and leaves the plan once the vaststelling is asked", async () => {
    const id = await executingOne("2001-03-30", 13);
    const late = addCalendarDays(reportDueOn(localDateToDb("2001-03-30"), 13), 1);
    expect(await listedOn(late, id)).toMatchObject({ extensionRequested: false });
    // Asked (late) and not yet decided: the row says so, for a granted one moves the day.
    await prisma.planExtension.create({
      data: {
        planId: id,
        requestedMonths: 4,
        motivation: "De laatste scholingen liepen uit.",
        requestedById: s.applicantA.userId,
        requestedAt: new Date("2001-03-20T10:00:00Z"),
        previousPeriodEnd: localDateToDb("2001-03-30"),
      },
    });
    expect(await listedOn(late, id)).toMatchObject({ extensionRequested: true });
    await prisma.planExtension.updateMany({
      where: { planId: id },
      data: { status: "GRANTED", grantedMonths: 4, newPeriodEnd: localDateToDb("2001-07-31") },
    });
    await prisma.plan.update({ where: { id }, data: { periodEnd: localDateToDb("2001-07-31") } });
    expect(await listedOn(late, id)).toBeUndefined();
    const later = addCalendarDays(reportDueOn(localDateToDb("2001-07-31"), 13), 1);
    expect(await listedOn(later, id)).toBeDefined();
    await prisma.plan.update({ where: { id }, data: { status: "SETTLEMENT_REQUESTED" } });
    expect(await listedOn(later, id)).toBeUndefined();
  });

  it("follows the day a late refusal of a verlenging gave the report, not the day the plan's end gives", async () => {
    const id = await executingOne("2001-03-30", 13);
    const old = reportDueOn(localDateToDb("2001-03-30"), 13);
    // The report row holds the later day (extension/workflow-effects.server.ts moveReportAfterRefusal).
    const moved = addCalendarDays(old, 30);
    await prisma.realisationReport.create({ data: { planId: id, dueOn: localDateToDb(moved) } });
    expect(await listedOn(addCalendarDays(old, 1), id)).toBeUndefined();
    expect(await listedOn(addCalendarDays(moved, 1), id)).toMatchObject({ due: moved, daysLate: 1 });
    await prisma.realisationReport.deleteMany({ where: { planId: id } });
  });

  it("counts a term of twelve weeks or less past a weekend (Atw), beyond the query's own sum", async () => {
    // Four weeks after Saturday 1 September 2001 is Saturday 29 September: the Atw moves it to Monday.
    const id = await executingOne("2001-09-01", 4);
    expect(reportDueOn(localDateToDb("2001-09-01"), 4)).toBe("2001-10-01");
    expect(await listedOn("2001-09-30", id)).toBeUndefined();
    expect(await listedOn("2001-10-01", id)).toBeUndefined();
    expect(await listedOn("2001-10-02", id)).toMatchObject({ due: "2001-10-01", daysLate: 1 });
  });

  it("says the list was cut past its limit, earliest first", async () => {
    const planIds = await executing(TERMS_LIST_LIMIT + 1, "1990-01-31", 13);
    setClock(amsterdamTimeOn("2001-12-03", 10));
    const o = await termsOverview(s.handler);
    expect(o.reportsOverdue).toHaveLength(TERMS_LIST_LIMIT);
    expect(o.more.reportsOverdue).toBe(true);
    expect(o.reportsOverdue.every((r) => planIds.includes(r.id))).toBe(true);
    await prisma.decision.deleteMany({ where: { planId: { in: planIds } } });
    await prisma.plan.deleteMany({ where: { id: { in: planIds } } });
  }, 60_000);
});
