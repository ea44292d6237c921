import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { termsOverview } from "../review/deadlines.server.ts";
import { interimReportDueDates } from "../settlement/terms.ts";
import { addCalendarDays, amsterdamTimeOn, type LocalDate, localDateToDb } from "../time/index.ts";
import { interimReportsAwaitingReview, overdueInterimReports } from "./overdue.server.ts";

/**
 * The handler's lists of interim progress reports (regulation art. 5.4): late ones, of grants still
 * being carried out, and those handed in that nobody has read. Dates in the 1980s, before any
 * other test's or the seed's, so that these plans come first in the lists ordered by day.
 */
let s: Scenario;
const ids: string[] = [];
let n = 0;

beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.interimReport.deleteMany({ where: { planId: { in: ids } } });
  await prisma.planExtension.deleteMany({ where: { planId: { in: ids } } });
  await prisma.decision.deleteMany({ where: { planId: { in: ids } } });
  await prisma.plan.deleteMany({ where: { id: { in: ids } } });
  await disconnectPrisma();
});

async function plan(start: LocalDate, end: LocalDate, status: PlanStatus = "IN_EXECUTION"): Promise<string> {
  const p = await prisma.plan.create({
    data: {
      reference: `SP-I${s.tag}-${String(n++).padStart(4, "0")}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Tussentijds ${n}`,
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

const overdueOn = async (day: LocalDate) =>
  (await overdueInterimReports({ at: amsterdamTimeOn(day, 10), limit: 1000 })).rows;

describe("interim reports overdue", () => {
  it("lists a report from the day after its day, per report, for granted plans and plans in execution only", async () => {
    // 1 January 1981 to 31 March 1983: reports after month 12 and month 24.
    const id = await plan("1981-01-01", "1983-03-31");
    const [due12, due24] = interimReportDueDates("1981-01-01", "1983-03-31");
    if (!due12 || !due24) throw new Error("two reports expected");
    expect(due12).toBe("1982-02-25");
    expect((await overdueOn(due12)).filter((r) => r.id === id)).toEqual([]);
    const late = (await overdueOn(addCalendarDays(due12, 3))).filter((r) => r.id === id);
    expect(late).toEqual([
      expect.objectContaining({
        afterMonths: 12,
        due: due12,
        daysLate: 3,
        draftStarted: false,
        statusLabel: expect.any(String),
      }),
    ]);
    const both = (await overdueOn(addCalendarDays(due24, 1))).filter((r) => r.id === id);
    expect(both.map((r) => [r.afterMonths, r.due])).toEqual([
      [12, due12],
      [24, due24],
    ]);

    // A granted plan not yet started owes it too; one withdrawn (or revoked), or with the
    // vaststelling asked, or still a request, is not listed.
    const granted = await plan("1981-01-01", "1981-12-31", "GRANTED");
    const others = await Promise.all(
      (["WITHDRAWN", "SETTLEMENT_REQUESTED", "SETTLED", "SUBMITTED", "REJECTED"] as const).map((st) =>
        plan("1981-01-01", "1981-12-31", st),
      ),
    );
    const listed = (await overdueOn("1982-06-01")).map((r) => r.id);
    expect(listed).toContain(granted);
    for (const other of others) expect(listed).not.toContain(other);

    // A plan shorter than 12 months owes none.
    const short = await plan("1981-01-01", "1981-12-30");
    expect((await overdueOn("1982-06-01")).map((r) => r.id)).not.toContain(short);
  });

  it("keeps a started draft on the list and drops a submitted report, which waits to be read", async () => {
    const id = await plan("1982-01-01", "1982-12-31");
    const [due] = interimReportDueDates("1982-01-01", "1982-12-31");
    if (!due) throw new Error("a report expected");
    const after = addCalendarDays(due, 10);
    const report = await prisma.interimReport.create({
      data: { planId: id, afterMonths: 12, dueOn: localDateToDb(due) },
      select: { id: true },
    });
    expect((await overdueOn(after)).find((r) => r.id === id)).toMatchObject({ draftStarted: true });
    const toRead = async () =>
      (await interimReportsAwaitingReview({ limit: 1000 })).rows.filter((r) => r.id === id);
    expect(await toRead()).toEqual([]);

    await prisma.interimReport.update({
      where: { id: report.id },
      data: { submittedAt: amsterdamTimeOn(addCalendarDays(due, 2), 11), submittedById: s.applicantA.userId },
    });
    expect((await overdueOn(after)).find((r) => r.id === id)).toBeUndefined();
    expect(await toRead()).toEqual([
      expect.objectContaining({
        reportId: report.id,
        afterMonths: 12,
        due,
        submittedOn: addCalendarDays(due, 2),
        late: true,
      }),
    ]);

    await prisma.interimReport.update({
      where: { id: report.id },
      data: { reviewedAt: new Date(), reviewedById: s.handler.userId },
    });
    expect(await toRead()).toEqual([]);
  });

  it("follows the day a granted verlenging gives the report it added", async () => {
    // Ten months: no interim report. Extended by four months in a besluit of 20 January 1984: the
    // report after month 12 is due eight weeks after the besluit (16 March), not on the art. 5.4
    // day (Saturday 25 February, moved by the Atw to Monday the 27th).
    const id = await plan("1983-01-01", "1983-10-31");
    expect((await overdueOn("1984-03-01")).find((r) => r.id === id)).toBeUndefined();
    await prisma.planExtension.create({
      data: {
        planId: id,
        status: "GRANTED",
        requestedMonths: 4,
        grantedMonths: 4,
        motivation: "De scholing liep uit.",
        requestedById: s.applicantA.userId,
        requestedAt: new Date("1983-10-01T10:00:00Z"),
        previousPeriodEnd: localDateToDb("1983-10-31"),
        newPeriodEnd: localDateToDb("1984-02-29"),
        decidedById: s.decisionMaker.userId,
        decidedAt: amsterdamTimeOn("1984-01-20", 12),
      },
    });
    await prisma.plan.update({ where: { id }, data: { periodEnd: localDateToDb("1984-02-29") } });
    expect((await overdueOn("1984-03-01")).find((r) => r.id === id)).toBeUndefined();
    expect((await overdueOn("1984-03-16")).find((r) => r.id === id)).toBeUndefined();
    expect((await overdueOn("1984-03-19")).find((r) => r.id === id)).toMatchObject({
      afterMonths: 12,
      due: "1984-03-16",
      daysLate: 3,
    });
  });

  it("counts a report of a grant decided after month 12 from 8 weeks after that decision, not late from the start", async () => {
    // 1 January – 31 December 1986, granted on Sunday 15 March 1987 (a plan that waited for budget):
    // art. 5.4's day, 25 February 1987, had passed. 8 weeks from the decision end on Sunday 10 May:
    // Monday 11 May (Atw), the day the grant letter names.
    const id = await plan("1986-01-01", "1986-12-31", "GRANTED");
    await prisma.decision.create({
      data: {
        planId: id,
        outcome: "GRANTED",
        reason: "Het plan voldoet aan de regeling.",
        decidedById: s.decisionMaker.userId,
        decidedAt: amsterdamTimeOn("1987-03-15", 11),
        terms: {},
      },
    });
    expect((await overdueOn("1987-03-16")).find((r) => r.id === id)).toBeUndefined();
    expect((await overdueOn("1987-05-11")).find((r) => r.id === id)).toBeUndefined();
    expect((await overdueOn("1987-05-12")).find((r) => r.id === id)).toMatchObject({
      afterMonths: 12,
      due: "1987-05-11",
      daysLate: 1,
    });
  });

  it("reads one more than its limit to say the list was cut, earliest first", async () => {
    const a = await plan("1980-01-01", "1980-12-31");
    const b = await plan("1980-01-02", "1981-01-01");
    const c = await plan("1980-01-03", "1981-01-02");
    const at = amsterdamTimeOn("1981-06-01", 10);
    const cut = await overdueInterimReports({ at, limit: 2 });
    expect(cut.rows.map((r) => r.id)).toEqual([a, b]);
    expect(cut.more).toBe(true);
    const all = await overdueInterimReports({ at, limit: 3 });
    expect(all.rows.map((r) => r.id)).toEqual([a, b, c]);
    expect(all.more).toBe(false);
  });

  it("shows both lists on the handler's terms overview, linked by plan", async () => {
    const id = await plan("1984-01-01", "1984-12-31");
    const submitted = await plan("1984-01-02", "1985-01-01");
    await prisma.interimReport.create({
      data: {
        planId: submitted,
        afterMonths: 12,
        dueOn: localDateToDb("1985-02-25"),
        submittedAt: amsterdamTimeOn("1985-02-20", 9),
        submittedById: s.applicantA.userId,
      },
    });
    setClock(amsterdamTimeOn("1985-04-01", 10));
    const o = await termsOverview(s.handler);
    expect(o.interimReportsOverdue.find((r) => r.id === id)).toMatchObject({ afterMonths: 12 });
    expect(o.interimReportsOverdue.find((r) => r.id === submitted)).toBeUndefined();
    expect(o.interimReportsToRead.find((r) => r.id === submitted)).toMatchObject({ late: false });
    expect(o.more).toMatchObject({ interimReportsOverdue: false, interimReportsToRead: false });
  });
});
