import { describe, expect, it } from "vitest";
import { extendedPeriodEnd } from "../extension/rules.ts";
import { addCalendarDays, type LocalDate } from "../time/index.ts";
import {
  beforeGrantMessage,
  draftMayBeOwed,
  halfYears,
  inScope,
  meldingClosedReason,
  meldingOwed,
  meldingStatuses,
  NOT_IN_SCOPE,
  NOT_RUNNING,
  periodMonths,
  plannedForHalfYear,
  spentPercent,
} from "./rules.ts";

const d = (s: string) => s as LocalDate;

describe("the scope of art. 5.3: advances of on average € 200.000 or more a year", () => {
  const plan = (advancesCents: bigint, periodEnd = "2016-12-31") => ({
    advancesRequested: true,
    advancesCents,
    periodStart: d("2015-01-01"),
    periodEnd: d(periodEnd),
  });
  it("is in scope at exactly € 200.000 a year, and not a cent below", () => {
    // Two years: € 400.000 in advances is exactly € 200.000 a year (2016's 29 February not counted).
    expect(inScope(plan(40_000_000n))).toBe(true);
    expect(inScope(plan(39_999_999n))).toBe(false);
    // One leap year on its own is one year too.
    expect(inScope({ ...plan(20_000_000n), periodStart: d("2016-01-01"), periodEnd: d("2016-12-31") })).toBe(
      true,
    );
  });
  it("counts calendar months, so 18 months with € 300.000 is exactly € 200.000 a year", () => {
    // 1 January 2015 – 30 June 2016: 18 months (546 days, which would have put the line at € 299.178,08).
    expect(inScope(plan(30_000_000n, "2016-06-30"))).toBe(true);
    expect(inScope(plan(29_999_999n, "2016-06-30"))).toBe(false);
    // 1 July 2015 – 31 December 2016 (549 days): 18 months too.
    expect(inScope({ ...plan(30_000_000n, "2016-12-31"), periodStart: d("2015-07-01") })).toBe(true);
  });
  it("counts a month begun by its days (the review's case: 23 + 15/31 months, € 201.874 a year)", () => {
    expect(inScope(plan(39_500_000n, "2016-12-15"))).toBe(true);
    // 23 + 15/31 = 728/31 months at € 200.000 a year is € 391.397,85 (rounded up); a cent less is below.
    expect(inScope(plan(39_139_785n, "2016-12-15"))).toBe(true);
    expect(inScope(plan(39_139_784n, "2016-12-15"))).toBe(false);
  });
  it("needs advances asked for, and a verlenging lowers the average", () => {
    expect(inScope({ ...plan(40_000_000n), advancesRequested: false })).toBe(false);
    // The same advances over 30 months: € 160.000 a year.
    expect(inScope(plan(40_000_000n, "2017-06-30"))).toBe(false);
  });
  it("measures the period in whole months and the part of the last one", () => {
    expect(periodMonths(d("2015-01-01"), d("2016-12-31"))).toEqual({ whole: 24, partDays: 0, stepDays: 31 });
    expect(periodMonths(d("2015-01-01"), d("2016-12-15"))).toEqual({ whole: 23, partDays: 15, stepDays: 31 });
    expect(periodMonths(d("2016-01-01"), d("2016-12-31"))).toEqual({ whole: 12, partDays: 0, stepDays: 31 });
  });
  it("reads a month from the 31st as a verlenging does: it ends on the last day of a shorter month", () => {
    // 31 January – 28 February 2015 is one month (extendedPeriodEnd: from 31 January, one month, to
    // 28 February); the next is 1 – 30 March (30 days).
    expect(periodMonths(d("2015-01-31"), d("2015-02-28"))).toEqual({ whole: 1, partDays: 0, stepDays: 30 });
    expect(periodMonths(d("2015-01-31"), d("2015-03-01"))).toEqual({ whole: 1, partDays: 1, stepDays: 30 });
    expect(periodMonths(d("2015-01-31"), d("2015-03-30"))).toEqual({ whole: 2, partDays: 0, stepDays: 31 });
    // In a leap year the month from 31 January ends on 29 February; 28 February is 29 of its 30 days.
    expect(periodMonths(d("2016-01-31"), d("2016-02-29"))).toEqual({ whole: 1, partDays: 0, stepDays: 30 });
    expect(periodMonths(d("2016-01-31"), d("2016-02-28"))).toEqual({ whole: 0, partDays: 29, stepDays: 30 });
  });
  it("counts n months from any day as extendedPeriodEnd counts them: n whole months", () => {
    for (const start of [
      "2015-01-31",
      "2015-08-31",
      "2015-03-30",
      "2015-01-29",
      "2015-05-15",
      "2015-12-31",
    ]) {
      for (const months of [1, 2, 6, 11, 12, 13, 18, 23, 24]) {
        const end = extendedPeriodEnd(addCalendarDays(d(start), -1), months);
        expect([start, months, periodMonths(d(start), end)]).toEqual([
          start,
          months,
          expect.objectContaining({ whole: months, partDays: 0 }),
        ]);
      }
    }
  });
  it("puts a verlenging of one month from 31 January, to 28 February, at exactly one month more", () => {
    // A plan of 31 January 2014 – 30 January 2015 (12 months) lengthened by one month: 31 January –
    // 28 February 2015 is its 13th, of 29 days.
    const extended = extendedPeriodEnd(d("2015-01-30"), 1);
    expect(extended).toBe("2015-02-28");
    expect(periodMonths(d("2014-01-31"), d("2015-01-30"))).toEqual({ whole: 12, partDays: 0, stepDays: 29 });
    expect(periodMonths(d("2014-01-31"), extended)).toMatchObject({ whole: 13, partDays: 0 });
  });
});

describe("the half-years of the period", () => {
  it("steps six calendar months from the first day, the melding due two months after each", () => {
    const h = halfYears(d("2015-01-01"), d("2016-12-31"));
    expect(h.map((x) => [x.n, x.startsOn, x.endsOn])).toEqual([
      [1, "2015-01-01", "2015-06-30"],
      [2, "2015-07-01", "2015-12-31"],
      [3, "2016-01-01", "2016-06-30"],
      [4, "2016-07-01", "2016-12-31"],
    ]);
    // 30 June + 2 months = 30 August 2015, a Sunday: the Atw moves it to Monday 31 August.
    expect(h[0]?.dueOn).toBe("2015-08-31");
    expect(h[0]?.opensOn).toBe("2015-07-01");
    // 31 December 2015 + 2 months = 29 February 2016 (a Monday).
    expect(h[1]?.dueOn).toBe("2016-02-29");
  });
  it("makes the last one shorter when the period does not end on a half-year", () => {
    const h = halfYears(d("2015-03-15"), d("2016-01-31"));
    expect(h.map((x) => [x.startsOn, x.endsOn])).toEqual([
      ["2015-03-15", "2015-09-14"],
      ["2015-09-15", "2016-01-31"],
    ]);
  });
  it("follows a verlenging: the period as it stands now lengthens the last one or adds one", () => {
    const before = halfYears(d("2015-01-01"), d("2016-12-31"));
    const after = halfYears(d("2015-01-01"), d("2017-03-31"));
    expect(after).toHaveLength(before.length + 1);
    expect(after[4]).toMatchObject({ n: 5, startsOn: "2017-01-01", endsOn: "2017-03-31" });
  });
  it("keeps the 31st where a month has it (each step counted from the first day)", () => {
    const h = halfYears(d("2015-08-31"), d("2016-08-30"));
    expect(h.map((x) => x.startsOn)).toEqual(["2015-08-31", "2016-02-29"]);
    expect(h[0]?.endsOn).toBe("2016-02-28");
  });
});

describe("the planned costs of a half-year", () => {
  const period = { start: d("2015-01-01"), end: d("2016-12-31") };
  const budget = [
    { year: 2015, cents: 36_500_000n },
    { year: 2016, cents: 36_600_000n },
  ];
  it("spreads each year's budget by days over the period's part of the year", () => {
    // 181 of 365 days of 2015 at € 1.000 a day.
    expect(plannedForHalfYear({ startsOn: d("2015-01-01"), endsOn: d("2015-06-30") }, period, budget)).toBe(
      18_100_000n,
    );
    // 2016 is a leap year: 184 of its 366 days.
    expect(plannedForHalfYear({ startsOn: d("2016-07-01"), endsOn: d("2016-12-31") }, period, budget)).toBe(
      18_400_000n,
    );
  });
  it("takes a half-year across two years from both, each over the period's days in it", () => {
    const p = { start: d("2015-07-01"), end: d("2016-06-30") };
    // 2015: 184 days in the period, 92 of them in the half-year; 2016: 182 days, 91 in it.
    const planned = plannedForHalfYear({ startsOn: d("2015-10-01"), endsOn: d("2016-03-31") }, p, [
      { year: 2015, cents: 18_400_000n },
      { year: 2016, cents: 18_200_000n },
    ]);
    expect(planned).toBe(9_200_000n + 9_100_000n);
  });
  it("rounds down per year", () => {
    expect(
      plannedForHalfYear({ startsOn: d("2015-01-01"), endsOn: d("2015-01-01") }, period, [
        { year: 2015, cents: 100n },
      ]),
    ).toBe(0n);
  });
});

describe("the 75% line", () => {
  it("owes a melding at exactly 75% and not a cent above", () => {
    expect(meldingOwed(7_500_000n, 10_000_000n)).toBe(true);
    expect(meldingOwed(7_500_001n, 10_000_000n)).toBe(false);
    expect(meldingOwed(0n, 10_000_000n)).toBe(true);
  });

  it("shows a percentage on the same side of the line as the rule: 75.5% is 76%, 75% and 74.9% stay", () => {
    expect(spentPercent(7_550_000n, 10_000_000n)).toBe(76);
    expect(spentPercent(7_500_001n, 10_000_000n)).toBe(76);
    expect(spentPercent(7_500_000n, 10_000_000n)).toBe(75);
    expect(spentPercent(7_499_999n, 10_000_000n)).toBe(74);
    expect(spentPercent(8_000_000n, 10_000_000n)).toBe(80);
    expect(spentPercent(0n, 10_000_000n)).toBe(0);
    expect(spentPercent(1n, 0n)).toBeNull();
  });
});

describe("when a melding can be made", () => {
  const base = halfYears(d("2015-01-01"), d("2016-12-31"))[0];
  const half = base && { ...base, plannedCents: 10_000_000n, inScope: true, beforeGrant: false };
  const running = { status: "IN_EXECUTION" as const };
  it("opens the day after the half-year, while the grant runs and the half-year is in scope", () => {
    expect(meldingClosedReason(running, half, 1, false, d("2015-06-30"))).toBe(
      "Over halfjaar 1 kunt u pas melden vanaf 1 juli 2015.",
    );
    expect(meldingClosedReason(running, half, 1, false, d("2015-07-01"))).toBeNull();
    // Late is accepted: still open after the day.
    expect(meldingClosedReason(running, half, 1, false, d("2015-12-01"))).toBeNull();
    expect(meldingClosedReason(running, half && { ...half, inScope: false }, 1, false, d("2015-07-01"))).toBe(
      NOT_IN_SCOPE,
    );
    expect(meldingClosedReason({ status: "SETTLED" }, half, 1, false, d("2015-07-01"))).toBe(NOT_RUNNING);
    expect(meldingClosedReason(running, undefined, 9, false, d("2015-07-01"))).toBe(
      "De periode van dit plan heeft geen halfjaar 9.",
    );
    expect(meldingClosedReason(running, half, 1, true, d("2015-07-01"))).toBe(
      "De melding onderbesteding over halfjaar 1 is al ingediend.",
    );
  });
  it("is not offered over a half-year that ended on or before the grant's day", () => {
    expect(
      meldingClosedReason(running, half && { ...half, beforeGrant: true }, 1, false, d("2015-10-01")),
    ).toBe(beforeGrantMessage(1));
  });
});

describe("the half-years on the plan page", () => {
  const [h1, h2] = halfYears(d("2015-01-01"), d("2016-12-31")).map((h) => ({
    ...h,
    plannedCents: 10_000_000n,
    inScope: true,
    beforeGrant: false,
  }));
  const opts = {
    running: true,
    today: d("2015-09-15"),
    dueOf: (x: Date) => x.toISOString().slice(0, 10) as never,
  };
  const row = (actualCents: bigint | null) => ({
    halfYear: 1,
    dueOn: new Date("2015-08-31"),
    actualCents,
    submittedAt: null,
    reviewedAt: null,
    reviewNote: null,
  });
  it("marks a passed day only while a melding may be owed: no draft, or a draft empty or at or below 75%", () => {
    const halves = [h1, h2].filter((h) => h !== undefined);
    const passed = (rows: ReturnType<typeof row>[]) => meldingStatuses(halves, rows, opts)[0]?.termPassed;
    expect(passed([])).toBe(true);
    expect(passed([row(null)])).toBe(true);
    expect(passed([row(7_500_000n)])).toBe(true);
    expect(passed([row(7_500_001n)])).toBe(false);
    expect(draftMayBeOwed(7_500_001n, 10_000_000n)).toBe(false);
  });
  it("leaves out a half-year that ended before the grant or is out of scope", () => {
    const lines = (over: object) =>
      meldingStatuses([{ ...(h1 as NonNullable<typeof h1>), ...over }], [], opts).map((m) => m.n);
    expect(lines({})).toEqual([1]);
    expect(lines({ beforeGrant: true })).toEqual([]);
    expect(lines({ inScope: false })).toEqual([]);
  });
});
