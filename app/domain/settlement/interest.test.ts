import { describe, expect, it } from "vitest";
import type { LocalDate } from "../time/index.ts";
import {
  AWB_MINIMUM_INTEREST_CENTS,
  type InterestRate,
  interestOwed,
  MissingInterestRateError,
  statutoryInterest,
} from "./interest.ts";

// The published rates of the migration that matter here (6:120 lid 1 BW, niet-handelstransacties).
const RATES: InterestRate[] = [
  { validFrom: "2012-07-01", rateBp: 300 },
  { validFrom: "2015-01-01", rateBp: 200 },
  { validFrom: "2023-01-01", rateBp: 400 },
  { validFrom: "2023-07-01", rateBp: 600 },
  { validFrom: "2024-01-01", rateBp: 700 },
  { validFrom: "2024-07-01", rateBp: 700 },
];
const TEN_THOUSAND = 1_000_000n; // € 10.000,00
const d = (s: string) => s as LocalDate;

describe("statutoryInterest", () => {
  it("one segment: 30 days at 3% over € 10.000 is € 24,66 (24,657… rounded)", () => {
    // 1.000.000 × 300 × 30 / (10.000 × 365) = 2465,75 cents → 2466.
    const r = statutoryInterest(TEN_THOUSAND, d("2014-03-01"), d("2014-03-30"), RATES);
    expect(r).toEqual({
      totalCents: 2466n,
      lines: [
        {
          from: "2014-03-01",
          until: "2014-03-30",
          days: 30,
          rateBp: 300,
          baseCents: TEN_THOUSAND,
          interestCents: 2466n,
        },
      ],
    });
  });

  it("counts the day of receipt: money one day late owes one day", () => {
    // 1.000.000 × 300 × 1 / 3.650.000 = 82,19 → 82.
    expect(statutoryInterest(TEN_THOUSAND, d("2014-03-01"), d("2014-03-01"), RATES).totalCents).toBe(82n);
  });

  it("splits at a rate change: 31 December 2014 at 3%, 1–2 January 2015 at 2%", () => {
    const r = statutoryInterest(TEN_THOUSAND, d("2014-12-31"), d("2015-01-02"), RATES);
    // 1 day × 3%: 82,19 → 82; 2 days × 2%: 109,59 → 110.
    expect(r.lines.map((l) => [l.from, l.until, l.days, l.rateBp, l.interestCents])).toEqual([
      ["2014-12-31", "2014-12-31", 1, 300, 82n],
      ["2015-01-01", "2015-01-02", 2, 200, 110n],
    ]);
    expect(r.totalCents).toBe(192n);
  });

  it("a row that repeats the rate (7% on 1 July 2024) does not split the segment", () => {
    const r = statutoryInterest(TEN_THOUSAND, d("2024-06-01"), d("2024-07-31"), RATES);
    expect(r.lines).toHaveLength(1);
    // 61 days × 7%: 1.000.000 × 700 × 61 / 3.650.000 = 11.698,63 → 11.699.
    expect(r.lines[0]).toMatchObject({ days: 61, rateBp: 700, interestCents: 11_699n });
  });

  it("after a full year of verzuim adds that year's interest to the base (6:119 lid 2)", () => {
    const r = statutoryInterest(TEN_THOUSAND, d("2016-03-01"), d("2017-03-10"), RATES);
    // Year 1, 1 March 2016 – 28 February 2017, 365 days × 2% = 20.000 exactly.
    // Year 2 on € 10.200: 10 days × 2% = 1.020.000 × 200 × 10 / 3.650.000 = 558,90 → 559
    // (without compounding it would be 547,95 → 548).
    expect(r.lines).toEqual([
      {
        from: "2016-03-01",
        until: "2017-02-28",
        days: 365,
        rateBp: 200,
        baseCents: TEN_THOUSAND,
        interestCents: 20_000n,
      },
      {
        from: "2017-03-01",
        until: "2017-03-10",
        days: 10,
        rateBp: 200,
        baseCents: 1_020_000n,
        interestCents: 559n,
      },
    ]);
    expect(r.totalCents).toBe(20_559n);
  });

  it("counts a leap year's 366 days over 365: all of 2016 at 2% is 2,0055% of the sum", () => {
    const r = statutoryInterest(TEN_THOUSAND, d("2016-01-01"), d("2016-12-31"), RATES);
    // 1.000.000 × 200 × 366 / 3.650.000 = 20.054,79 → 20.055; still the first year: one line.
    expect(r.lines).toEqual([
      {
        from: "2016-01-01",
        until: "2016-12-31",
        days: 366,
        rateBp: 200,
        baseCents: TEN_THOUSAND,
        interestCents: 20_055n,
      },
    ]);
  });

  it("is nothing when paid in time (receipt before the first day of verzuim)", () => {
    // Due 31 March: verzuim would start 1 April; the money came on 31 March.
    expect(statutoryInterest(TEN_THOUSAND, d("2014-04-01"), d("2014-03-31"), RATES)).toEqual({
      totalCents: 0n,
      lines: [],
    });
  });

  it("rounds each segment half away from zero", () => {
    // 18.250 × 100 × 1 / 3.650.000 = 0,5 cent → 1.
    const rates = [{ validFrom: d("2020-01-01"), rateBp: 100 }];
    expect(statutoryInterest(18_250n, d("2020-05-05"), d("2020-05-05"), rates).totalCents).toBe(1n);
    // 18.249 → 0,49998 → 0.
    expect(statutoryInterest(18_249n, d("2020-05-05"), d("2020-05-05"), rates).totalCents).toBe(0n);
  });

  it("throws MissingInterestRateError when no rate covers the first day of verzuim", () => {
    expect(() => statutoryInterest(TEN_THOUSAND, d("2012-06-30"), d("2012-07-10"), RATES)).toThrow(
      MissingInterestRateError,
    );
    expect(() => statutoryInterest(TEN_THOUSAND, d("2012-06-30"), d("2012-07-10"), RATES)).toThrow(
      "Er is geen wettelijke rente vastgelegd voor 30 juni 2012.",
    );
  });
});

describe("interestOwed (Awb 4:98 lid 2)", () => {
  it("owes nothing below € 20, all of it from € 20", () => {
    expect(interestOwed(AWB_MINIMUM_INTEREST_CENTS - 1n)).toBe(0n);
    expect(interestOwed(AWB_MINIMUM_INTEREST_CENTS)).toBe(2000n);
    expect(interestOwed(0n)).toBe(0n);
  });
});

describe("statutoryInterest with parts of the principal paid", () => {
  it("lowers the base from the day after each part, splitting the segment there", () => {
    // € 10.000 late from 1 March 2014; € 4.000 paid on 10 March: 10 days over € 10.000, 20 over € 6.000.
    const r = statutoryInterest(TEN_THOUSAND, d("2014-03-01"), d("2014-03-30"), RATES, [
      { on: d("2014-03-10"), cents: 400_000n },
    ]);
    expect(r.lines.map((l) => [l.from, l.until, l.days, l.baseCents, l.interestCents])).toEqual([
      ["2014-03-01", "2014-03-10", 10, 1_000_000n, 822n], // 821,92
      ["2014-03-11", "2014-03-30", 20, 600_000n, 986n], // 986,30
    ]);
    expect(r.totalCents).toBe(1808n);
  });

  it("is the plain computation when the one part is the whole sum on the last day", () => {
    const plain = statutoryInterest(TEN_THOUSAND, d("2014-03-01"), d("2015-06-30"), RATES);
    const inOne = statutoryInterest(TEN_THOUSAND, d("2014-03-01"), d("2015-06-30"), RATES, [
      { on: d("2015-06-30"), cents: TEN_THOUSAND },
    ]);
    expect(inOne).toEqual(plain);
  });

  it("takes a part paid before the verzuim off the start, and keeps the year's interest on what is left", () => {
    const r = statutoryInterest(TEN_THOUSAND, d("2014-03-01"), d("2015-03-10"), RATES, [
      { on: d("2014-02-27"), cents: 500_000n },
      { on: d("2014-09-30"), cents: 250_000n },
    ]);
    expect(r.lines[0]).toMatchObject({ from: "2014-03-01", until: "2014-09-30", baseCents: 500_000n });
    expect(r.lines[1]).toMatchObject({ from: "2014-10-01", until: "2014-12-31", baseCents: 250_000n });
    // 6:119 lid 2: after the first year the year's interest is added to what is left of the principal.
    const firstYear = r.lines.filter((l) => l.from < "2015-03-01").reduce((t, l) => t + l.interestCents, 0n);
    expect(r.lines.at(-1)).toMatchObject({ from: "2015-03-01", baseCents: 250_000n + firstYear });
  });
});
