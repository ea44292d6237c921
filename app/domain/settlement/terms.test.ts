import { describe, expect, it } from "vitest";
import { type LocalDate, localDateToDb } from "../time/index.ts";
import {
  grantInterimReportDueDates,
  interimReportDueDates,
  interimReportsDue,
  recoveryClaimDueOn,
  reportDueOn,
  settlementDecisionDueOn,
} from "./terms.ts";

const due = (start: string, end: string) => interimReportDueDates(start as LocalDate, end as LocalDate);

describe("the interim progress reports (regulation art. 5.4)", () => {
  it("asks one report 8 weeks after month 12 of a plan of 12 months or more", () => {
    expect(due("2014-01-01", "2015-12-31")).toEqual(["2015-02-25"]);
    expect(due("2014-01-01", "2014-12-31")).toEqual(["2015-02-25"]);
    expect(due("2014-01-01", "2014-12-30")).toEqual([]);
  });

  it("asks a second one after month 24 of an extended plan only", () => {
    expect(due("2014-01-01", "2016-06-30")).toEqual(["2015-02-25", "2016-02-25"]);
  });

  it("moves a day that falls on a weekend to the next working day (Atw)", () => {
    // Month 12 ends Saturday 6 March 2027; 8 weeks later is Saturday 1 May: Monday 3 May.
    expect(due("2026-03-07", "2028-03-06")).toEqual(["2027-05-03"]);
  });

  it("moves a day that falls on Goede Vrijdag past Easter (Atw art. 3 lid 2)", () => {
    // Month 12 of a plan from 7 February 2025 ends Friday 6 February 2026; 8 weeks later is Friday
    // 3 April 2026, Goede Vrijdag: Tuesday 7 April, after Easter and Tweede Paasdag.
    expect(due("2025-02-07", "2027-02-06")).toEqual(["2026-04-07"]);
  });
});

describe("the interim reports a grant imposes: never before 8 weeks after its decision", () => {
  const start = "2014-01-01" as LocalDate;
  const end = "2015-12-31" as LocalDate;

  it("keeps art. 5.4's day for a grant decided in time", () => {
    expect(grantInterimReportDueDates(start, end, new Date("2014-05-11T23:30:00Z"))).toEqual(["2015-02-25"]);
    // Decided 31 December 2014: its 8 weeks end on the art. 5.4 day itself.
    expect(grantInterimReportDueDates(start, end, new Date("2014-12-31T10:00:00Z"))).toEqual(["2015-02-25"]);
    expect(grantInterimReportDueDates(start, end, null)).toEqual(["2015-02-25"]);
  });

  it("gives a grant decided late 8 weeks from its decision, moved past a closed day (Atw)", () => {
    // A waiting plan decided on Sunday 15 March 2015, after month 12 ended: 8 weeks later is Sunday
    // 10 May, moved to Monday 11 May; not 25 February, a day already past when the letter is made.
    const decidedAt = new Date("2015-03-15T10:00:00Z");
    expect(grantInterimReportDueDates(start, end, decidedAt)).toEqual(["2015-05-11"]);
    // The portal's schedule (plan page, reminders, late flag, the report's row) has the same day.
    expect(interimReportsDue(localDateToDb(start), localDateToDb(end), null, decidedAt)).toEqual([
      { afterMonths: 12, dueOn: "2015-05-11" },
    ]);
    // A report a verlenging adds keeps the day of that later besluit.
    expect(
      interimReportsDue(
        localDateToDb(start),
        localDateToDb("2016-06-30"),
        {
          previousPeriodEnd: localDateToDb(end),
          newPeriodEnd: localDateToDb("2016-06-30"),
          decidedAt: new Date("2016-01-20T11:00:00Z"),
        },
        decidedAt,
      ),
    ).toEqual([
      { afterMonths: 12, dueOn: "2015-05-11" },
      { afterMonths: 24, dueOn: "2016-03-16" },
    ]);
  });
});

describe("the realisation report and the settlement decision (regulation art. 5.5; Atw art. 4 sub a)", () => {
  it("the 13-week report term ends on its calendar day, a Sunday too", () => {
    // Plan ends Sunday 30 August 2026 + 13 weeks = Sunday 29 November 2026.
    expect(reportDueOn(localDateToDb("2026-08-30"), 13)).toBe("2026-11-29");
    // Plan ends 25 September 2026 + 13 weeks = Friday 25 December 2026: Christmas Day, and it stays.
    expect(reportDueOn(localDateToDb("2026-09-25"), 13)).toBe("2026-12-25");
  });

  it("the 22-week decision term ends on its calendar day, a Saturday too", () => {
    // Request received Saturday 7 March 2026 + 22 weeks = Saturday 8 August 2026.
    expect(settlementDecisionDueOn("2026-03-07", 22)).toBe("2026-08-08");
  });
});

describe("the day a recovery claim falls due", () => {
  it("is six weeks later, moved past a closed day (Atw)", () => {
    // 13 November 2029 + 6 weeks = Tuesday 25 December; Boxing Day too is closed: Thursday 27th.
    expect(recoveryClaimDueOn(new Date("2029-11-13T10:00:00Z"))).toBe("2029-12-27");
    expect(recoveryClaimDueOn(new Date("2029-11-14T10:00:00Z"))).toBe("2029-12-27");
    expect(recoveryClaimDueOn(new Date("2029-11-15T10:00:00Z"))).toBe("2029-12-27");
    expect(recoveryClaimDueOn(new Date("2029-11-08T10:00:00Z"))).toBe("2029-12-20");
  });
});
