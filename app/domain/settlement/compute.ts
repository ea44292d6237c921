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

/** actual / planned in basis points, rounded down (10000 = 100%); nothing planned counts as 0. */
export function realisationBp(actualCents: bigint, plannedCents: bigint): number {
  if (plannedCents <= 0n) return 0;
  return Number((actualCents * 10_000n) / plannedCents);
}

export type SettlementRule = {
  grantedCents: bigint;
  plannedCostsCents: bigint;
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
 * The settlement rule. Below the threshold (60%) the subsidy is nil (art. 5.1 lid 3), unless the
 * decision maker chooses a proportional reduction (lid 4): then the rate × costs formula applies,
 * which is proportional to what was realised, capped by the grant.
 */
export function computeSettlement(
  rule: SettlementRule,
  reduction: "NIL" | "PROPORTIONAL" | null = null,
): SettlementFigures {
  const realisation = realisationBp(rule.actualCostsCents, rule.plannedCostsCents);
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
