import { describe, expect, it } from "vitest";
import { parseLocalDate } from "../time/index.ts";
import { penaltyExposure, penaltyForDays } from "./penalty.ts";

const d = parseLocalDate;

describe("penaltyForDays (Awb 4:17 lid 2)", () => {
  it("charges € 20, then € 30, then € 40 a day, 14 days each, € 1.260 at most", () => {
    expect(penaltyForDays(0)).toBe(0n);
    expect(penaltyForDays(1)).toBe(2_000n);
    expect(penaltyForDays(14)).toBe(28_000n);
    expect(penaltyForDays(15)).toBe(31_000n);
    expect(penaltyForDays(28)).toBe(70_000n);
    expect(penaltyForDays(29)).toBe(74_000n);
    expect(penaltyForDays(42)).toBe(126_000n);
    expect(penaltyForDays(100)).toBe(126_000n);
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
    expect(first.cents).toBe(2_000n);
  });

  it("counts a notice sent before the term passed from the first day after the term", () => {
    const r = penaltyExposure({
      decisionDue: d("2026-06-01"),
      noticeReceivedOn: d("2026-05-20"),
      today: d("2026-06-16"),
    });
    expect(r.firstDay).toBe("2026-06-16");
    expect(r.days).toBe(1);
  });

  it("rises to € 30 and € 40 a day and stops at 42 days (€ 1.260)", () => {
    expect(penaltyExposure({ ...base, today: d("2026-07-01") }).cents).toBe(31_000n); // day 15
    expect(penaltyExposure({ ...base, today: d("2026-07-28") }).cents).toBe(126_000n); // day 42
    const late = penaltyExposure({ ...base, today: d("2026-12-01") });
    expect(late.days).toBe(42);
    expect(late.capped).toBe(true);
    expect(late.cents).toBe(126_000n);
  });

  it("stops on the day of the decision, which itself is not owed", () => {
    const r = penaltyExposure({ ...base, decidedOn: d("2026-06-20"), today: d("2026-09-01") });
    expect(r.days).toBe(3); // 17, 18, 19 June
    expect(r.cents).toBe(6_000n);
    const inTime = penaltyExposure({ ...base, decidedOn: d("2026-06-10"), today: d("2026-09-01") });
    expect(inTime.cents).toBe(0n);
  });
});
