import { describe, expect, it } from "vitest";
import { applyRateBp } from "../money.ts";
import {
  maxCostPerParticipant,
  maxPerYear,
  parseMeasureCategories,
  rateOfMeasure,
  weightedCostsPerYear,
} from "./cofinancing.ts";

const rates = { rateBp: 5000, categories: [{ code: "kwetsbare-werknemers", rateBp: 10_000 }] };

describe("co-financing per measure", () => {
  it("gives a measure its category's rate, and the regulation's own without one or for an unknown code", () => {
    expect(rateOfMeasure(rates, "kwetsbare-werknemers")).toBe(10_000);
    expect(rateOfMeasure(rates, null)).toBe(5000);
    expect(rateOfMeasure(rates, "weg")).toBe(5000);
  });

  it("rounds down once per year, over the measures together", () => {
    const measures = [
      {
        category: null,
        costs: [
          { year: 2027, costCents: 101n },
          { year: 2028, costCents: 3n },
        ],
      },
      { category: null, costs: [{ year: 2027, costCents: 101n }] },
      { category: "kwetsbare-werknemers", costs: [{ year: 2028, costCents: 7n }] },
    ];
    // 2027: 202 × 50% = 101 (per measure 50 + 50 would lose a cent); 2028: 1.5 + 7 = 8.5 → 8.
    expect(Object.fromEntries(maxPerYear(rates, measures))).toEqual({ 2027: 101n, 2028: 8n });
    expect(Object.fromEntries(weightedCostsPerYear(rates, measures))).toEqual({
      2027: 1_010_000n,
      2028: 85_000n,
    });
  });

  it("gives exactly applyRateBp for a plan with one rate", () => {
    for (const cost of [0n, 1n, 99_999n, 123_456_789n]) {
      const m = [{ costs: [{ year: 2030, costCents: cost }] }];
      expect(maxPerYear(rates, m).get(2030)).toBe(applyRateBp(cost, 5000));
    }
  });

  it("caps the costs per participant at the category's share of the wage costs, rounded down", () => {
    expect(maxCostPerParticipant({ maxShareOfWageCostsBp: 2000 }, 4_000_001n)).toBe(800_000n);
    expect(maxCostPerParticipant({ maxShareOfWageCostsBp: null }, 4_000_000n)).toBeNull();
  });

  it("refuses a category list with a code twice or a rate above 100%", () => {
    const c = {
      code: "a",
      label: "A",
      rateBp: 10_000,
      maxShareOfWageCostsBp: null,
      requiresNetJobGrowth: false,
      legalBasis: "",
    };
    expect(parseMeasureCategories([c])).toHaveLength(1);
    expect(() => parseMeasureCategories([c, c])).toThrow();
    expect(() => parseMeasureCategories([{ ...c, rateBp: 10_001 }])).toThrow();
  });
});
