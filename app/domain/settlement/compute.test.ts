import { describe, expect, it } from "vitest";
import {
  computeSettlement,
  countedActualCents,
  grantedEligibleCents,
  overheadCents,
  parseOverheadTiers,
  realisationBp,
} from "./compute.ts";

// The regulation's tiers from the 2015-01-12 snapshot: 15% up to € 1M, 7% to € 10M, 1% above.
const TIERS = parseOverheadTiers([
  { uptoCents: "100000000", rateBp: 1500 },
  { uptoCents: "1000000000", rateBp: 700 },
  { uptoCents: null, rateBp: 100 },
]);
const M = 100_000_000n; // € 1M in cents

describe("overhead by tiers", () => {
  it("applies each tier to its own part of the costs", () => {
    expect(overheadCents(0n, TIERS)).toBe(0n);
    expect(overheadCents(M, TIERS)).toBe(15_000_000n);
    // One cent over € 1M: that cent is in the 7% tier, rounded down to nothing.
    expect(overheadCents(M + 1n, TIERS)).toBe(15_000_000n);
    expect(overheadCents(M + 100n, TIERS)).toBe(15_000_007n);
    expect(overheadCents(10n * M, TIERS)).toBe(15_000_000n + 63_000_000n);
    expect(overheadCents(12n * M, TIERS)).toBe(15_000_000n + 63_000_000n + 2_000_000n);
  });
  it("rounds each tier down to the cent", () => {
    // 15% of 7 cents is 1.05 cents.
    expect(overheadCents(7n, TIERS)).toBe(1n);
  });
});

describe("realisation", () => {
  it("is actual/planned in basis points, rounded down", () => {
    expect(realisationBp(2n, 3n)).toBe(6666);
    expect(realisationBp(60n, 100n)).toBe(6000);
    expect(realisationBp(5n, 0n)).toBe(0);
  });
});

describe("the granted eligible costs (the threshold's basis)", () => {
  it("are the planned costs in the share of the request that was granted", () => {
    // Full grant: the whole budget, also when less than the rate was requested (€ 4M of € 10M).
    expect(grantedEligibleCents(10n * M, 5n * M, 5n * M)).toBe(10n * M);
    expect(grantedEligibleCents(10n * M, 4n * M, 4n * M)).toBe(10n * M);
    // € 3M of the € 5M asked (a € 4M measure left out of a € 10M plan): € 6M.
    expect(grantedEligibleCents(10n * M, 5n * M, 3n * M)).toBe(6n * M);
    expect(grantedEligibleCents(10n * M, 5n * M, 0n)).toBe(0n);
    expect(grantedEligibleCents(10n * M, 0n, 0n)).toBe(0n);
  });
  it("round down and never exceed the planned costs", () => {
    // 100 × 1 / 3 = 33.33 cents.
    expect(grantedEligibleCents(100n, 3n, 1n)).toBe(33n);
    expect(grantedEligibleCents(100n, 3n, 4n)).toBe(100n);
  });
  it("keep a partial grant above the threshold when what was granted was realised", () => {
    // Planned € 10M, € 5M asked, € 3M granted; € 5,5M of the € 6M granted costs realised.
    const f = computeSettlement({
      grantedCents: 3n * M,
      years: [
        {
          year: 2014,
          eligibleCents: grantedEligibleCents(10n * M, 5n * M, 3n * M),
          actualCents: 55n * (M / 10n),
        },
      ],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: TIERS,
    });
    expect(f.realisationBp).toBe(9166);
    expect(f.belowThreshold).toBe(false);
    // 50% of (€ 5,5M + € 465.000 overhead), just under the grant.
    expect(f.computedCents).toBe(298_250_000n);
  });
});

describe("the settlement rule", () => {
  // One year: the whole plan's figures, as the rule sums the years.
  const oneYear = (eligibleCents: bigint, actualCents: bigint) => [
    { year: 2014, eligibleCents, actualCents },
  ];
  const rule = {
    grantedCents: 5n * M,
    years: oneYear(10n * M, 8n * M),
    cofinancingRateBp: 5000,
    settlementThresholdBp: 6000,
    overheadTiers: TIERS,
  };
  it("caps rate × (actual + overhead) at the grant", () => {
    const f = computeSettlement(rule);
    // 8M + (150k + 7% of 7M = 490k) = 8.64M; half is 4.32M, under the 5M grant.
    expect(f.overheadCents).toBe(64_000_000n);
    expect(f.rateAmountCents).toBe(432_000_000n);
    expect(f.computedCents).toBe(432_000_000n);
    expect(computeSettlement({ ...rule, years: oneYear(10n * M, 10n * M) }).computedCents).toBe(5n * M);
  });
  it("rounds the rate down to the cent", () => {
    const f = computeSettlement({
      ...rule,
      years: oneYear(3n, 3n),
      grantedCents: 100n,
    });
    // 3 + 0 overhead (15% of 3 cents = 0.45) = 3; half is 1.5 → 1.
    expect(f.computedCents).toBe(1n);
  });
  it("is nil below the threshold unless reduced proportionally", () => {
    const low = { ...rule, years: oneYear(10n * M, 6n * M - 1n) };
    expect(computeSettlement(low).belowThreshold).toBe(true);
    expect(computeSettlement(low).computedCents).toBe(0n);
    expect(computeSettlement(low, "NIL").computedCents).toBe(0n);
    const proportional = computeSettlement(low, "PROPORTIONAL");
    expect(proportional.computedCents).toBe(proportional.cappedCents);
    expect(proportional.computedCents).toBeGreaterThan(0n);
    // Exactly at 60% the rule applies in full.
    expect(computeSettlement({ ...rule, years: oneYear(10n * M, 6n * M) }).belowThreshold).toBe(false);
  });
});

describe("only the costs the grant covers count, year by year", () => {
  it("counts a year's actual costs up to that year's granted eligible costs, nothing of a year left out", () => {
    expect(countedActualCents(7n * M, 3n * M)).toBe(3n * M);
    expect(countedActualCents(2n * M, 3n * M)).toBe(2n * M);
    expect(countedActualCents(7n * M, 0n)).toBe(0n);
    expect(countedActualCents(0n, 3n * M)).toBe(0n);
  });

  // € 3M granted for the first year (covering € 6M of costs), nil for the second.
  const partial = (y1: bigint, y2: bigint) => ({
    grantedCents: 3n * M,
    years: [
      { year: 2014, eligibleCents: 6n * M, actualCents: y1 },
      { year: 2015, eligibleCents: 0n, actualCents: y2 },
    ],
    cofinancingRateBp: 5000,
    settlementThresholdBp: 6000,
    overheadTiers: TIERS,
  });

  it("settles nil when only the year the grant left out was carried out", () => {
    const f = computeSettlement(partial(0n, 7n * M));
    expect(f.reportedCostsCents).toBe(7n * M);
    expect(f.countedCostsCents).toBe(0n);
    expect(f.countedPerYear).toEqual([
      { year: 2014, cents: 0n },
      { year: 2015, cents: 0n },
    ]);
    expect(f.realisationBp).toBe(0);
    expect(f.belowThreshold).toBe(true);
    expect(f.computedCents).toBe(0n);
    // Not even a proportional reduction pays for costs the grant did not cover.
    expect(computeSettlement(partial(0n, 7n * M), "PROPORTIONAL").computedCents).toBe(0n);
  });

  it("does not let the year left out make up for a granted year half done", () => {
    // € 3M of the € 6M granted costs (50%), and € 4M in the year that was not granted.
    const f = computeSettlement(partial(3n * M, 4n * M));
    expect(f.countedCostsCents).toBe(3n * M);
    expect(f.realisationBp).toBe(5000);
    expect(f.belowThreshold).toBe(true);
    // Proportionally: 50% of (€ 3M + € 150k + 7% of € 2M = € 290k), on the counted costs only.
    expect(computeSettlement(partial(3n * M, 4n * M), "PROPORTIONAL").computedCents).toBe(164_500_000n);
  });

  it("does not let overspending in one year make up for another year of a full grant", () => {
    // € 5M covered each year; nothing in the first, € 10M in the second: half of the grant realised.
    const f = computeSettlement({
      grantedCents: 5n * M,
      years: [
        { year: 2014, eligibleCents: 5n * M, actualCents: 0n },
        { year: 2015, eligibleCents: 5n * M, actualCents: 10n * M },
      ],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: TIERS,
    });
    expect(f.eligibleCostsCents).toBe(10n * M);
    expect(f.countedCostsCents).toBe(5n * M);
    expect(f.realisationBp).toBe(5000);
    expect(f.computedCents).toBe(0n);
  });
});
