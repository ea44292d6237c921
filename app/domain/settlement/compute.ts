import { applyRateBp, minCents } from "../money.ts";

/**
 * The vaststelling's arithmetic (design.md §2 settlement rule, regulation art. 5.1 and 5.6), pure so
 * that the proposal page, the settlement and the letter compute the same figures. Integer cents;
 * every step is rounded down, so the state never pays more than the rate allows.
 */

/** A tier of the overhead surcharge: `rateBp` on the part of the costs up to `uptoCents` (null: no upper end). */
export type OverheadTier = { uptoCents: bigint | null; rateBp: number };

/** Regulation.overheadTiers as stored ([{ uptoCents: "100000000", rateBp: 1500 }, …]). */
export function parseOverheadTiers(json: unknown): OverheadTier[] {
  if (!Array.isArray(json)) throw new Error("overheadTiers is not a list");
  return json.map((t) => {
    const tier = t as { uptoCents?: unknown; rateBp?: unknown };
    if (typeof tier.rateBp !== "number" || !Number.isInteger(tier.rateBp) || tier.rateBp < 0)
      throw new Error(`overhead tier without a valid rateBp: ${JSON.stringify(t)}`);
    const upto = tier.uptoCents;
    return {
      uptoCents: upto === null || upto === undefined ? null : BigInt(upto as string | number),
      rateBp: tier.rateBp,
    };
  });
}

/**
 * Overhead on the actual eligible costs, marginal like income tax: 15% of the first € 1M, 7% of the
 * part from € 1M to € 10M, 1% of the rest (art. 5.6). Each tier's part is rounded down to the cent.
 */
export function overheadCents(actualCents: bigint, tiers: readonly OverheadTier[]): bigint {
  let total = 0n;
  let lower = 0n;
  for (const tier of tiers) {
    if (actualCents <= lower) break;
    const upper = tier.uptoCents === null || tier.uptoCents > actualCents ? actualCents : tier.uptoCents;
    if (upper > lower) total += applyRateBp(upper - lower, tier.rateBp);
    if (tier.uptoCents === null) break;
    lower = tier.uptoCents;
  }
  return total;
}

/**
 * The eligible costs the grant covers in one year: art. 5.1 lid 3 measures the realisation against
 * "de in de beschikking tot subsidieverlening opgenomen subsidiabele kosten", not against the
 * budget the application asked for. The Decision keeps only amounts, so the year's planned costs
 * are taken in the share of the request that was granted: a full grant covers the whole budget
 * (also when less than the co-financing rate was requested), a grant that leaves out half the
 * request covers half the costs. Rounded down: a cent of rounding must never push a plan under the
 * threshold. Never more than planned, and nothing when nothing was requested for the year.
 */
export function grantedEligibleCents(
  plannedCents: bigint,
  requestedCents: bigint,
  grantedCents: bigint,
): bigint {
  if (requestedCents <= 0n || plannedCents <= 0n || grantedCents <= 0n) return 0n;
  return minCents((plannedCents * grantedCents) / requestedCents, plannedCents);
}

/** actual / planned in basis points, rounded down (10000 = 100%); nothing planned counts as 0. */
export function realisationBp(actualCents: bigint, plannedCents: bigint): number {
  if (plannedCents <= 0n) return 0;
  return Number((actualCents * 10_000n) / plannedCents);
}

/**
 * The actual costs that count for the settlement in one year: what was spent, but never more than
 * the eligible costs the grant covers in that year (grantedEligibleCents). A year the grant left
 * out (granted nil) counts nothing, however much was spent in it.
 *
 * Why per year and not over the whole period: the beschikking tot subsidieverlening grants an
 * amount per year (DecisionYear), may exclude or reduce cost items (domain-facts.md §6, art. 2.4),
 * and the subsidy is the yearly envelope's share of that year's costs (design.md §2: "split over
 * the calendar years of its period, in proportion to its costs in each year; each year's share
 * must fit that year's envelope"). Neither the regulation's text (domain-facts.md §8–§10) nor the
 * design lets costs move from one year to another; art. 5.1 lid 3 measures the realisation against
 * "de in de beschikking opgenomen subsidiabele kosten", so costs outside what the beschikking
 * covers are no realisation of it. Overspending in one year thus never makes up for a year that
 * was not carried out, and costs of a year that was not granted are never paid.
 */
export function countedActualCents(actualCents: bigint, eligibleCents: bigint): bigint {
  if (actualCents <= 0n || eligibleCents <= 0n) return 0n;
  return minCents(actualCents, eligibleCents);
}

export type SettlementYear = {
  year: number;
  /** The eligible costs the grant covers in this year (grantedEligibleCents). */
  eligibleCents: bigint;
  /** The actual costs reported for this year, all of them. */
  actualCents: bigint;
};

export type SettlementRule = {
  grantedCents: bigint;
  /** Per year of the plan: what the grant covers and what was reported. */
  years: readonly SettlementYear[];
  cofinancingRateBp: number;
  settlementThresholdBp: number;
  overheadTiers: readonly OverheadTier[];
};

export type SettlementFigures = {
  /** What the realisation is measured against: the sum of the years' granted eligible costs. */
  eligibleCostsCents: bigint;
  /** The actual costs as reported, every year in full. */
  reportedCostsCents: bigint;
  /** The actual costs that count (countedActualCents per year, summed): the realisation and the amount's basis. */
  countedCostsCents: bigint;
  countedPerYear: { year: number; cents: bigint }[];
  realisationBp: number;
  overheadCents: bigint;
  /** rate × (counted + overhead), rounded down, before the cap. */
  rateAmountCents: bigint;
  /** min(granted, rate × (counted + overhead)): the most the rule allows at all. */
  cappedCents: bigint;
  belowThreshold: boolean;
  /** What the rule gives: cappedCents, or nil below the threshold unless reduced proportionally. */
  computedCents: bigint;
};

/**
 * The settlement rule. Only the costs the grant covers count (countedActualCents, per year), for
 * the realisation as for the amount. Below the threshold (60% of the granted eligible costs) the
 * subsidy is nil (art. 5.1 lid 3), unless the decision maker chooses a proportional reduction (lid
 * 4): then the rate × costs formula applies, which is proportional to what was realised, capped by
 * the grant.
 */
export function computeSettlement(
  rule: SettlementRule,
  reduction: "NIL" | "PROPORTIONAL" | null = null,
): SettlementFigures {
  let eligible = 0n;
  let reported = 0n;
  const countedPerYear = rule.years.map((y) => {
    eligible += y.eligibleCents;
    reported += y.actualCents;
    return { year: y.year, cents: countedActualCents(y.actualCents, y.eligibleCents) };
  });
  const counted = countedPerYear.reduce((t, y) => t + y.cents, 0n);
  const realisation = realisationBp(counted, eligible);
  const overhead = overheadCents(counted, rule.overheadTiers);
  const rateAmount = applyRateBp(counted + overhead, rule.cofinancingRateBp);
  const capped = minCents(rateAmount, rule.grantedCents);
  const belowThreshold = realisation < rule.settlementThresholdBp;
  return {
    eligibleCostsCents: eligible,
    reportedCostsCents: reported,
    countedCostsCents: counted,
    countedPerYear,
    realisationBp: realisation,
    overheadCents: overhead,
    rateAmountCents: rateAmount,
    cappedCents: capped,
    belowThreshold,
    computedCents: belowThreshold && reduction !== "PROPORTIONAL" ? 0n : capped,
  };
}
