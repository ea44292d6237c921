import { describe, expect, it } from "vitest";
import { MEASURE_CATEGORIES } from "../../../prisma/seed/regulation-data.ts";
import { applyRateBp } from "../money.ts";
import {
  classLabels,
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

describe("the real scheme's categories (prisma/seed/regulation-data.ts)", () => {
  const seeded = parseMeasureCategories(MEASURE_CATEGORIES);
  const real = { rateBp: 5000, categories: seeded };

  it("include BBL at 20% of its wage costs (art. 4.3 lid 4: in afwijking van art. 5.1 lid 1), not the general 50%", () => {
    expect(seeded.find((c) => c.code === "bbl")).toMatchObject({
      rateBp: 2000,
      legalBasis: "artikel 4.3, vierde lid",
      // Neither art. 4.4's share of 12 months' wages nor its ground applies to a BBL.
      maxShareOfWageCostsBp: null,
      requiresNetJobGrowth: false,
    });
    expect(seeded.find((c) => c.code === "kwetsbare-werknemers")).toMatchObject({
      rateBp: 10_000,
      maxShareOfWageCostsBp: 2000,
      requiresNetJobGrowth: true,
    });
  });

  it("co-finance a year of three rates, one below the own rate, at each measure's rate", () => {
    const measures = [
      { category: null, costs: [{ year: 2014, costCents: 100_000n }] },
      { category: "kwetsbare-werknemers", costs: [{ year: 2014, costCents: 10_000n }] },
      { category: "bbl", costs: [{ year: 2014, costCents: 50_000n }] },
    ];
    // 50% of 1000 + 100% of 100 + 20% of 500 = 500 + 100 + 100 euro.
    expect(maxPerYear(real, measures).get(2014)).toBe(70_000n);
    expect(classLabels(real, measures, 2000)).toEqual([
      "Beroepsbegeleidende leerweg (BBL): loonkosten van de eerste twee jaar",
    ]);
  });
});
