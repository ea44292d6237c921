import { describe, expect, it } from "vitest";
import { parseLocalDate } from "../time/index.ts";
import { noticeCounts, PENALTY_RATES_CENTS, penaltyExposure, penaltyForDays } from "./penalty.ts";

const d = parseLocalDate;

describe("penaltyForDays (Awb 4:17 lid 2)", () => {
  it("charges the current € 23, then € 35, then € 45 a day, 14 days each, € 1.442 at most", () => {
    expect(PENALTY_RATES_CENTS).toEqual([2_300n, 3_500n, 4_500n]);
    expect(penaltyForDays(0)).toBe(0n);
    expect(penaltyForDays(1)).toBe(2_300n);
    expect(penaltyForDays(14)).toBe(32_200n);
    expect(penaltyForDays(15)).toBe(35_700n);
    expect(penaltyForDays(28)).toBe(81_200n);
    expect(penaltyForDays(29)).toBe(85_700n);
    expect(penaltyForDays(42)).toBe(144_200n);
    expect(penaltyForDays(100)).toBe(144_200n);
  });

  it("charges € 20, € 30 and € 40 (at most € 1.260) for days before 1 January 2019", () => {
    expect(penaltyForDays(1, d("2015-06-01"))).toBe(2_000n);
    expect(penaltyForDays(15, d("2015-06-01"))).toBe(31_000n);
    expect(penaltyForDays(42, d("2015-06-01"))).toBe(126_000n);
    expect(penaltyForDays(42, d("2019-01-01"))).toBe(144_200n);
  });

  it("charges each day at the amounts in force on it, in the tier of its place in the 42", () => {
    // From Tuesday 25 December 2018: 7 days at € 20 (25–31 Dec), then 7 at € 23, 14 at € 35, 14 at € 45.
    expect(penaltyForDays(14, d("2018-12-25"))).toBe(7n * 2_000n + 7n * 2_300n);
    expect(penaltyForDays(42, d("2018-12-25"))).toBe(7n * 2_000n + 7n * 2_300n + 14n * 3_500n + 14n * 4_500n);
    // The third fortnight starting on 1 January 2019: the first two at the old amounts.
    expect(penaltyForDays(42, d("2018-12-04"))).toBe(14n * 2_000n + 14n * 3_000n + 14n * 4_500n);
  });
});

describe("penaltyExposure", () => {
  // Term ends Monday 1 June 2026; the applicant's notice arrives Wednesday 3 June.
  const base = { decisionDue: d("2026-06-01"), noticeReceivedOn: d("2026-06-03") };

  it("is nothing without a notice of default, however late the decision is", () => {
    const r = penaltyExposure({ ...base, noticeReceivedOn: null, today: d("2026-12-31") });
    expect(r).toEqual({ firstDay: null, days: 0, cents: 0n, capped: false });
  });

  it("is nothing during the two weeks after the notice; owed from the day two weeks have passed", () => {
    expect(penaltyExposure({ ...base, today: d("2026-06-16") }).cents).toBe(0n);
    const first = penaltyExposure({ ...base, today: d("2026-06-17") });
    expect(first.firstDay).toBe("2026-06-17");
    expect(first.days).toBe(1);
    expect(first.cents).toBe(2_300n);
  });

  it("owes nothing for a notice received on or before the term's last day: it is premature (Awb 4:17)", () => {
    // Recorded before recordDefaultNotice refused such a day: it starts no clock, not even from the
    // day after the term, however late the decision comes.
    for (const early of ["2026-05-20", "2026-06-01"] as const) {
      const r = penaltyExposure({
        decisionDue: d("2026-06-01"),
        noticeReceivedOn: d(early),
        today: d("2026-12-31"),
      });
      expect(r).toEqual({ firstDay: null, days: 0, cents: 0n, capped: false });
    }
    // The day after the last day counts: owed two weeks on.
    const counted = penaltyExposure({
      decisionDue: d("2026-06-01"),
      noticeReceivedOn: d("2026-06-02"),
      today: d("2026-06-16"),
    });
    expect(counted).toMatchObject({ firstDay: "2026-06-16", days: 1 });
  });

  it("noticeCounts: only a notice received after the last day of the term", () => {
    expect(noticeCounts(d("2026-06-01"), d("2026-05-31"))).toBe(false);
    expect(noticeCounts(d("2026-06-01"), d("2026-06-01"))).toBe(false);
    expect(noticeCounts(d("2026-06-01"), d("2026-06-02"))).toBe(true);
  });

  it("rises to € 35 and € 45 a day and stops at 42 days (€ 1.442)", () => {
    expect(penaltyExposure({ ...base, today: d("2026-07-01") }).cents).toBe(35_700n); // day 15
    expect(penaltyExposure({ ...base, today: d("2026-07-28") }).cents).toBe(144_200n); // day 42
    const late = penaltyExposure({ ...base, today: d("2026-12-01") });
    expect(late.days).toBe(42);
    expect(late.capped).toBe(true);
    expect(late.cents).toBe(144_200n);
  });

  it("owes a penalty that ran in 2015 at the amounts of then, € 1.260 at most", () => {
    const r = penaltyExposure({
      decisionDue: d("2015-06-01"),
      noticeReceivedOn: d("2015-06-03"),
      today: d("2015-12-01"),
    });
    expect(r.firstDay).toBe("2015-06-17");
    expect(r.cents).toBe(126_000n);
  });

  it("stops on the day of the decision, which itself is not owed", () => {
    const r = penaltyExposure({ ...base, decidedOn: d("2026-06-20"), today: d("2026-09-01") });
    expect(r.days).toBe(3); // 17, 18, 19 June
    expect(r.cents).toBe(6_900n);
    const inTime = penaltyExposure({ ...base, decidedOn: d("2026-06-10"), today: d("2026-09-01") });
    expect(inTime.cents).toBe(0n);
  });
});
