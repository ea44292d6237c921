import { describe, expect, it } from "vitest";
import { applyRateBp, minCents } from "../money.ts";
import {
  computeSettlement,
  countedActualCents,
  grantedEligibleCents,
  type OverheadTier,
  overheadCents,
  parseOverheadTiers,
  realisationBp,
  wageCostCap,
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

describe("the settlement rule with rate classes (ADR 0024)", () => {
  const K = 100_000n; // € 1.000 in cents
  const FLAT_15 = parseOverheadTiers([{ uptoCents: null, rateBp: 1500 }]);

  it("counts each class up to what the grant covers in it, and the overhead at the own rate", () => {
    // Per year: a 50% measure of € 580.000 and a 100% measure of € 120.000 (the kwetsbare
    // werknemers), so € 410.000 may be asked per year. Year 1: € 205.000 of the € 410.000 asked is
    // granted (a partial grant), year 2 in full.
    const e50y1 = grantedEligibleCents(580n * K, 410n * K, 205n * K);
    const e100y1 = grantedEligibleCents(120n * K, 410n * K, 205n * K);
    const e50y2 = grantedEligibleCents(580n * K, 410n * K, 410n * K);
    const e100y2 = grantedEligibleCents(120n * K, 410n * K, 410n * K);
    expect([e50y1, e100y1, e50y2, e100y2]).toEqual([290n * K, 60n * K, 580n * K, 120n * K]);
    const f = computeSettlement({
      grantedCents: 615n * K,
      years: [
        {
          year: 2014,
          eligibleCents: e50y1 + e100y1,
          actualCents: 340n * K,
          classes: [
            // The 100% class overspent in year 1: € 90.000 of which € 60.000 counts.
            { rateBp: 10_000, eligibleCents: e100y1, actualCents: 90n * K },
            { rateBp: 5000, eligibleCents: e50y1, actualCents: 250n * K },
          ],
        },
        {
          year: 2015,
          eligibleCents: e50y2 + e100y2,
          actualCents: 400n * K,
          classes: [
            { rateBp: 10_000, eligibleCents: e100y2, actualCents: 100n * K },
            // Underspent: the 100% class's € 20.000 left in year 2 may not be filled by the 50% class.
            { rateBp: 5000, eligibleCents: e50y2, actualCents: 300n * K },
          ],
        },
      ],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: FLAT_15,
    });
    // Counted: year 1 € 60.000 + € 250.000, year 2 € 100.000 + € 300.000.
    expect(f.countedPerYear).toEqual([
      { year: 2014, cents: 310n * K },
      { year: 2015, cents: 400n * K },
    ]);
    expect(f.eligibleCostsCents).toBe(1050n * K);
    expect(f.reportedCostsCents).toBe(740n * K);
    expect(f.countedCostsCents).toBe(710n * K);
    // 710 / 1050 = 67,61…%.
    expect(f.realisationBp).toBe(6761);
    expect(f.classes).toEqual([
      { rateBp: 10_000, eligibleCents: 180n * K, actualCents: 190n * K, countedCents: 160n * K },
      { rateBp: 5000, eligibleCents: 870n * K, actualCents: 550n * K, countedCents: 550n * K },
    ]);
    expect(f.mixedRates).toBe(true);
    // Overhead 15% of € 710.000 = € 106.500, at 50%.
    expect(f.overheadCents).toBe(1065n * (K / 10n));
    // 100% × € 160.000 + 50% × € 550.000 + 50% × € 106.500 = € 160.000 + € 275.000 + € 53.250.
    expect(f.rateAmountCents).toBe(48_825_000n);
    expect(f.cappedCents).toBe(48_825_000n);
    expect(f.computedCents).toBe(48_825_000n);
    // At one 50% rate the same costs would give 50% × (€ 710.000 + € 106.500) = € 408.250.
    expect(f.rateAmountCents).not.toBe(applyRateBp(f.countedCostsCents + f.overheadCents, 5000));
  });

  it("caps the classes' amount by the grant", () => {
    const f = computeSettlement({
      grantedCents: 100n * K,
      years: [
        {
          year: 2014,
          eligibleCents: 200n * K,
          actualCents: 200n * K,
          classes: [
            { rateBp: 10_000, eligibleCents: 100n * K, actualCents: 100n * K },
            { rateBp: 5000, eligibleCents: 100n * K, actualCents: 100n * K },
          ],
        },
      ],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: FLAT_15,
    });
    // € 100.000 + € 50.000 + 50% of € 30.000.
    expect(f.rateAmountCents).toBe(165n * K);
    expect(f.cappedCents).toBe(100n * K);
  });

  it("rounds down once, not per class", () => {
    // One cent at 50% and one cent of overhead at 50%: a cent together, nothing rounded apart.
    const f = computeSettlement({
      grantedCents: 100n,
      years: [
        {
          year: 2014,
          eligibleCents: 2n,
          actualCents: 2n,
          classes: [
            { rateBp: 10_000, eligibleCents: 1n, actualCents: 1n },
            { rateBp: 5000, eligibleCents: 1n, actualCents: 1n },
          ],
        },
      ],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: parseOverheadTiers([{ uptoCents: "1", rateBp: 10_000 }]),
    });
    expect(f.overheadCents).toBe(1n);
    // 1 × 100% + 1 × 50% + 1 × 50% = 2 cents; per class rounded it would be 1 + 0 + 0.
    expect(f.rateAmountCents).toBe(2n);
  });
});

/** The rule as it stood before rate classes (commit d33ff16): single-rate plans must keep it. */
function todaysSettlement(rule: {
  grantedCents: bigint;
  years: { year: number; eligibleCents: bigint; actualCents: bigint }[];
  cofinancingRateBp: number;
  settlementThresholdBp: number;
  overheadTiers: OverheadTier[];
}) {
  let eligible = 0n;
  let reported = 0n;
  const countedPerYear = rule.years.map((y) => {
    eligible += y.eligibleCents;
    reported += y.actualCents;
    return { year: y.year, cents: countedActualCents(y.actualCents, y.eligibleCents) };
  });
  const counted = countedPerYear.reduce((t, y) => t + y.cents, 0n);
  const overhead = overheadCents(counted, rule.overheadTiers);
  const rateAmount = applyRateBp(counted + overhead, rule.cofinancingRateBp);
  return {
    eligibleCostsCents: eligible,
    reportedCostsCents: reported,
    countedCostsCents: counted,
    countedPerYear,
    realisationBp: realisationBp(counted, eligible),
    overheadCents: overhead,
    rateAmountCents: rateAmount,
    cappedCents: minCents(rateAmount, rule.grantedCents),
  };
}

describe("a single-rate plan settles as before", () => {
  it("gives today's figures for random plans, with or without one explicit class", () => {
    // A fixed seed (mulberry32): a failure is reproducible.
    let seed = 20261130;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const cents = (max: number) => BigInt(Math.floor(random() * max));
    const rates = [0, 1, 2500, 3333, 5000, 7499, 10_000];
    for (let i = 0; i < 500; i++) {
      const rate = rates[Math.floor(random() * rates.length)] ?? 5000;
      const years = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, j) => ({
        year: 2014 + j,
        eligibleCents: cents(2e11),
        actualCents: cents(2e11),
      }));
      const rule = {
        grantedCents: cents(2e11),
        years,
        cofinancingRateBp: rate,
        settlementThresholdBp: 6000,
        overheadTiers: TIERS,
      };
      const expected = todaysSettlement(rule);
      expect(computeSettlement(rule)).toMatchObject(expected);
      // The same plan given as one class at the own rate, as a plan whose only category has the own rate.
      const asClass = {
        ...rule,
        years: years.map((y) => ({ ...y, classes: [{ rateBp: rate, ...y }] })),
      };
      expect(computeSettlement(asClass)).toMatchObject({ ...expected, mixedRates: false });
    }
  });
});

describe("a category's wage-cost cap per participant (art. 4.3)", () => {
  const K = 100_000n; // € 1.000 in cents
  const FLAT_15 = parseOverheadTiers([{ uptoCents: null, rateBp: 1500 }]);

  it("cuts what is above reached participants × the most per participant, latest year first", () => {
    // 5 hires at € 8.000 each (20% of € 40.000): € 40.000 eligible of € 240.000 reported.
    const cap = wageCostCap(8n * K, 5, [
      { year: 2014, cents: 120n * K },
      { year: 2015, cents: 120n * K },
    ]);
    expect(cap).toEqual({
      capCents: 40n * K,
      aboveCapCents: 200n * K,
      // The first € 40.000 spent (in 2014) count; all of 2015 and € 80.000 of 2014 do not.
      aboveCapPerYear: [
        { year: 2014, cents: 80n * K },
        { year: 2015, cents: 120n * K },
      ],
    });
    // Under the cap: nothing is cut.
    expect(wageCostCap(8n * K, 30, [{ year: 2014, cents: 240n * K }]).aboveCapCents).toBe(0n);
    // No participant reached: nothing is eligible.
    expect(wageCostCap(8n * K, 0, [{ year: 2014, cents: 10n * K }]).aboveCapPerYear).toEqual([
      { year: 2014, cents: 10n * K },
    ]);
  });

  it("counts nothing above the cap at the category's rate, however much the grant covers", () => {
    // The 100% class's grant covers € 120.000 a year; € 120.000 a year was reported, of which the
    // cap lets € 40.000 count (cut as above). The 50% class is spent as planned.
    const f = computeSettlement({
      grantedCents: 820n * K,
      years: [
        {
          year: 2014,
          eligibleCents: 700n * K,
          actualCents: 700n * K,
          classes: [
            { rateBp: 10_000, eligibleCents: 120n * K, actualCents: 120n * K, aboveCapCents: 80n * K },
            { rateBp: 5000, eligibleCents: 580n * K, actualCents: 580n * K },
          ],
        },
        {
          year: 2015,
          eligibleCents: 700n * K,
          actualCents: 700n * K,
          classes: [
            { rateBp: 10_000, eligibleCents: 120n * K, actualCents: 120n * K, aboveCapCents: 120n * K },
            { rateBp: 5000, eligibleCents: 580n * K, actualCents: 580n * K },
          ],
        },
      ],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: FLAT_15,
    });
    expect(f.classes[0]).toMatchObject({ rateBp: 10_000, countedCents: 40n * K });
    expect(f.aboveCapCents).toBe(200n * K);
    expect(f.reportedCostsCents).toBe(1400n * K);
    // Counted € 1.200.000 of € 1.400.000: 85,71%. Amount: 100% × 40k + 50% × 1.160k + 50% × 15% × 1.200k.
    expect(f.countedCostsCents).toBe(1200n * K);
    expect(f.realisationBp).toBe(8571);
    expect(f.rateAmountCents).toBe(40n * K + 580n * K + 90n * K);
  });

  it("applies in a plan with one rate too (a category at the own rate keeps its cap)", () => {
    const f = computeSettlement({
      grantedCents: 1000n * K,
      years: [{ year: 2014, eligibleCents: 100n * K, actualCents: 100n * K, aboveCapCents: 30n * K }],
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      overheadTiers: [],
    });
    expect(f.countedCostsCents).toBe(70n * K);
    expect(f.realisationBp).toBe(7000);
    expect(f.rateAmountCents).toBe(35n * K);
  });
});
