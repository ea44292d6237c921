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

export type SettlementRule = {
  grantedCents: bigint;
  /** What the realisation is measured against: the sum of grantedEligibleCents over the years. */
  eligibleCostsCents: bigint;
  actualCostsCents: bigint;
  cofinancingRateBp: number;
  settlementThresholdBp: number;
  overheadTiers: readonly OverheadTier[];
};

export type SettlementFigures = {
  realisationBp: number;
  overheadCents: bigint;
  /** rate × (actual + overhead), rounded down, before the cap. */
  rateAmountCents: bigint;
  /** min(granted, rate × (actual + overhead)): the most the rule allows at all. */
  cappedCents: bigint;
  belowThreshold: boolean;
  /** What the rule gives: cappedCents, or nil below the threshold unless reduced proportionally. */
  computedCents: bigint;
};

/**
 * The settlement rule. Below the threshold (60% of the granted eligible costs) the subsidy is nil
 * (art. 5.1 lid 3), unless the decision maker chooses a proportional reduction (lid 4): then the
 * rate × costs formula applies, which is proportional to what was realised, capped by the grant.
 */
export function computeSettlement(
  rule: SettlementRule,
  reduction: "NIL" | "PROPORTIONAL" | null = null,
): SettlementFigures {
  const realisation = realisationBp(rule.actualCostsCents, rule.eligibleCostsCents);
  const overhead = overheadCents(rule.actualCostsCents, rule.overheadTiers);
  const rateAmount = applyRateBp(rule.actualCostsCents + overhead, rule.cofinancingRateBp);
  const capped = minCents(rateAmount, rule.grantedCents);
  const belowThreshold = realisation < rule.settlementThresholdBp;
  return {
    realisationBp: realisation,
    overheadCents: overhead,
    rateAmountCents: rateAmount,
    cappedCents: capped,
    belowThreshold,
    computedCents: belowThreshold && reduction !== "PROPORTIONAL" ? 0n : capped,
  };
}
