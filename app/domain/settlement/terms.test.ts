import { describe, expect, it } from "vitest";
import type { LocalDate } from "../time/index.ts";
import { interimReportDueDates, recoveryClaimDueOn } from "./terms.ts";

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
