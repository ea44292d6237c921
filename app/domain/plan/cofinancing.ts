import { z } from "zod";
import { FULL_RATE_BP } from "../money.ts";

/**
 * The co-financing rate per measure (design.md §2: "50% of eligible costs; a measure category may
 * carry its own rate, e.g. the 100% of the state-aid category for hiring vulnerable workers"). The
 * 2013 regulation's chapter 4 subsidises hiring kwetsbare werknemers at 100% of at most 20% of
 * their wage costs over 12 months (art. 4.4, 5.1 lid 2), with net job growth or into a vacancy not
 * left by afvloeiing (art. 4.4 lid 2 and 3), and a BBL at 20% (art. 4.3 lid 4): a category's rate
 * may be above or below the regulation's own.
 *
 * One rule for every reader (wizard, completeness, decision, settlement, letters): a year's most is
 * Σ over its measures of cost × the measure's rate, rounded down to the cent once per year (design.md
 * §5: a rate is applied per year and rounded down, so the state never pays more than the rate).
 * With one rate this is exactly applyRateBp(costs, rate), so plans without categories keep their
 * figures to the cent.
 */

/** One entry of Regulation.measureCategories. */
export const MeasureCategorySchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  label: z.string().min(1),
  rateBp: z.number().int().min(0).max(FULL_RATE_BP),
  /** Eligible costs per participant at most this share of 12 months' wage costs (art. 4.3: 2000), or null. */
  maxShareOfWageCostsBp: z.number().int().min(1).max(FULL_RATE_BP).nullable(),
  /**
   * The applicant must state art. 4.4's ground for the hire: net job growth (lid 2) or a vacancy
   * left for one of lid 3's reasons (steps/measures.ts HIRING_GROUNDS). Named for lid 2 alone when
   * only that was asked; the name stays, as regulations and decisions store it.
   */
  requiresNetJobGrowth: z.boolean(),
  /** Where the regulation says so, for the letter and the form ("art. 4.4 en 5.1, tweede lid"). */
  legalBasis: z.string(),
});
export type MeasureCategory = z.infer<typeof MeasureCategorySchema>;

export const MeasureCategoriesSchema = z
  .array(MeasureCategorySchema)
  .refine(
    (list) => new Set(list.map((c) => c.code)).size === list.length,
    "Elke categorie heeft een eigen code.",
  );

/** Reads Regulation.measureCategories; a row that does not parse is a fault to see, not a default. */
export function parseMeasureCategories(json: unknown): MeasureCategory[] {
  return MeasureCategoriesSchema.parse(json);
}

/** The rates a plan is measured against: the regulation's own, and its categories'. */
export type CofinancingRates = {
  rateBp: number;
  categories: readonly Pick<MeasureCategory, "code" | "rateBp">[];
};

/**
 * A measure's rate: its category's, or the regulation's own when it has none. A code the rates do
 * not know (a category removed after submission) gets the regulation's own rate, never more.
 */
export function rateOfMeasure(rates: CofinancingRates, category: string | null | undefined): number {
  if (!category) return rates.rateBp;
  const found = rates.categories.find((c) => c.code === category);
  return found ? found.rateBp : rates.rateBp;
}

/** Whether a measure's category is one the rates know (null: no category, always known). */
export function isKnownCategory(rates: CofinancingRates, category: string | null | undefined): boolean {
  return !category || rates.categories.some((c) => c.code === category);
}

export type RatedMeasure = {
  category?: string | null;
  costs: readonly { year: number; costCents: bigint }[];
};

/**
 * Per year: Σ cost × rate in cent-basis-points (unrounded). Divided by 10,000 and rounded down it
 * is the most that may be requested or granted for that year (maxPerYear); as it stands it is the
 * weight by which a subsidy is split over the years (design.md §2: in proportion to the costs; with
 * mixed rates, to the costs the rates co-finance).
 */
export function weightedCostsPerYear(
  rates: CofinancingRates,
  measures: readonly RatedMeasure[],
): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const m of measures) {
    const rate = BigInt(rateOfMeasure(rates, m.category));
    for (const c of m.costs) out.set(c.year, (out.get(c.year) ?? 0n) + c.costCents * rate);
  }
  return out;
}

/** A weighted figure (cents × bp) as cents, rounded down: the state never pays more than the rate. */
export function weightedToCents(weighted: bigint): bigint {
  return weighted / BigInt(FULL_RATE_BP);
}

/** The most that may be requested or granted per year: Σ cost × rate, rounded down once per year. */
export function maxPerYear(rates: CofinancingRates, measures: readonly RatedMeasure[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const [year, w] of weightedCostsPerYear(rates, measures)) out.set(year, weightedToCents(w));
  return out;
}

/**
 * Whether a category has a rate of its own: one other than the regulation's. A category a policy
 * officer set to the own rate co-finances as no category does, so every reader that names rates
 * (the cap's classes, the grant letter, the vaststelling) counts its measures with "the others".
 */
export function hasOwnRate(rates: CofinancingRates, category: Pick<MeasureCategory, "rateBp">): boolean {
  return category.rateBp !== rates.rateBp;
}

/** The rates with the categories' labels, to name a rate class by. */
export type LabelledRates = {
  rateBp: number;
  categories: readonly { code: string; label: string; rateBp: number }[];
};

/**
 * The labels of the categories that make up one rate class: those at `rateBp` that some of
 * `measures` fall in, in the rates' order. None for the own rate: a category at the regulation's own
 * rate is no class of its own, its measures count with the others (hasOwnRate).
 */
export function classLabels(
  rates: LabelledRates,
  measures: readonly { category?: string | null }[],
  rateBp: number,
): string[] {
  if (rateBp === rates.rateBp) return [];
  return rates.categories
    .filter((c) => c.rateBp === rateBp && measures.some((m) => m.category === c.code))
    .map((c) => c.label);
}

/** Whether any measure is co-financed at a rate other than the regulation's own. */
export function hasOwnRates(
  rates: CofinancingRates,
  measures: readonly { category?: string | null }[],
): boolean {
  return measures.some((m) => rateOfMeasure(rates, m.category) !== rates.rateBp);
}

/**
 * The most a category allows per participant over the plan: floor(wage costs × share), or null
 * when the category has no such cap (art. 4.3: 20% of 12 months' wage costs).
 */
export function maxCostPerParticipant(
  category: Pick<MeasureCategory, "maxShareOfWageCostsBp">,
  wageCostsCents: bigint,
): bigint | null {
  if (category.maxShareOfWageCostsBp === null) return null;
  return (wageCostsCents * BigInt(category.maxShareOfWageCostsBp)) / BigInt(FULL_RATE_BP);
}
