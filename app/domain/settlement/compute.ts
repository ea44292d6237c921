import { applyRateBp, FULL_RATE_BP, minCents } from "../money.ts";

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

/**
 * One rate class of a year (ADR 0024): the measures co-financed at one rate. Its eligible costs
 * are grantedEligibleCents of the class's planned costs, its actual costs the class's reported ones.
 * `aboveCapCents`: the part of those actual costs above a category's wage-cost cap per participant
 * (art. 4.3, wageCostCap), never eligible; absent is none.
 */
export type RateClassYear = {
  rateBp: number;
  eligibleCents: bigint;
  actualCents: bigint;
  aboveCapCents?: bigint;
};

export type SettlementYear = {
  year: number;
  /** The eligible costs the grant covers in this year (grantedEligibleCents; with classes, their sum). */
  eligibleCents: bigint;
  /** The actual costs reported for this year, all of them (with classes, their sum). */
  actualCents: bigint;
  /** The part of actualCents above a wage-cost cap per participant (with classes, in them). */
  aboveCapCents?: bigint;
  /**
   * With measures at a rate other than the grant's own: the year per rate class. Absent: the year
   * is one class at the grant's own rate (cofinancingRateBp), the plan without categories.
   */
  classes?: readonly RateClassYear[];
};

export type SettlementRule = {
  grantedCents: bigint;
  /** Per year of the plan: what the grant covers and what was reported. */
  years: readonly SettlementYear[];
  /** The grant's own rate: of the measures without a category, and of the overhead. */
  cofinancingRateBp: number;
  settlementThresholdBp: number;
  overheadTiers: readonly OverheadTier[];
};

/** A rate class over all years: what counted of it, and at which rate. */
export type RateClassFigures = {
  rateBp: number;
  eligibleCents: bigint;
  actualCents: bigint;
  countedCents: bigint;
};

export type SettlementFigures = {
  /** What the realisation is measured against: the sum of the years' granted eligible costs. */
  eligibleCostsCents: bigint;
  /** The actual costs as reported, every year in full. */
  reportedCostsCents: bigint;
  /** The actual costs that count (countedActualCents per year, summed): the realisation and the amount's basis. */
  countedCostsCents: bigint;
  /** Of the reported costs, those above a wage-cost cap per participant (art. 4.3): not eligible at all. */
  aboveCapCents: bigint;
  countedPerYear: { year: number; cents: bigint }[];
  /**
   * Per rate class, highest rate first; one class at the own rate for a plan without categories.
   * `mixedRates`: some class has a rate other than the own one, and the amount is worked out per class.
   */
  classes: RateClassFigures[];
  mixedRates: boolean;
  realisationBp: number;
  overheadCents: bigint;
  /** (Σ counted × its class's rate + overhead × own rate) / 10000, rounded down once, before the cap. */
  rateAmountCents: bigint;
  /** min(granted, the rate amount): the most the rule allows at all. */
  cappedCents: bigint;
  belowThreshold: boolean;
  /** What the rule gives: cappedCents, or nil below the threshold unless reduced proportionally. */
  computedCents: bigint;
};

/**
 * The settlement rule. Only the costs the grant covers count (countedActualCents, per year and per
 * rate class: costs do not move between years, nor from a 50% measure to a 100% one), and never
 * those above a category's wage-cost cap per participant (aboveCapCents, art. 4.3), for the
 * realisation as for the amount. The overhead is the tiers on all counted costs, co-financed at the
 * grant's own rate: it is the plan's running cost, not the hire a category subsidises. The amount
 * is rounded down once, so with one rate it is exactly rate × (counted + overhead) as ever. Below
 * the threshold (60% of the granted eligible costs) the subsidy is nil (art. 5.1 lid 3), unless the
 * decision maker chooses a proportional reduction (lid 4): then the formula applies, which is
 * proportional to what was realised, capped by the grant.
 */
export function computeSettlement(
  rule: SettlementRule,
  reduction: "NIL" | "PROPORTIONAL" | null = null,
): SettlementFigures {
  const own = rule.cofinancingRateBp;
  let eligible = 0n;
  let reported = 0n;
  let aboveCap = 0n;
  let weighted = 0n;
  const byRate = new Map<number, RateClassFigures>();
  const countedPerYear = rule.years.map((y) => {
    const classes = y.classes ?? [
      {
        rateBp: own,
        eligibleCents: y.eligibleCents,
        actualCents: y.actualCents,
        aboveCapCents: y.aboveCapCents,
      },
    ];
    let counted = 0n;
    for (const c of classes) {
      // Costs above the wage-cost cap are not eligible (art. 4.3): they neither realise the grant
      // nor are paid, whatever room the year's grant leaves.
      const cut = c.aboveCapCents ?? 0n;
      const cents = countedActualCents(c.actualCents - cut, c.eligibleCents);
      eligible += c.eligibleCents;
      reported += c.actualCents;
      aboveCap += cut;
      counted += cents;
      weighted += cents * BigInt(c.rateBp);
      const sum = byRate.get(c.rateBp) ?? {
        rateBp: c.rateBp,
        eligibleCents: 0n,
        actualCents: 0n,
        countedCents: 0n,
      };
      sum.eligibleCents += c.eligibleCents;
      sum.actualCents += c.actualCents;
      sum.countedCents += cents;
      byRate.set(c.rateBp, sum);
    }
    return { year: y.year, cents: counted };
  });
  const counted = countedPerYear.reduce((t, y) => t + y.cents, 0n);
  const realisation = realisationBp(counted, eligible);
  const overhead = overheadCents(counted, rule.overheadTiers);
  const rateAmount = (weighted + overhead * BigInt(own)) / BigInt(FULL_RATE_BP);
  const capped = minCents(rateAmount, rule.grantedCents);
  const belowThreshold = realisation < rule.settlementThresholdBp;
  const classes = [...byRate.values()].sort((a, b) => b.rateBp - a.rateBp);
  return {
    eligibleCostsCents: eligible,
    reportedCostsCents: reported,
    countedCostsCents: counted,
    aboveCapCents: aboveCap,
    countedPerYear,
    classes,
    mixedRates: classes.some((c) => c.rateBp !== own),
    realisationBp: realisation,
    overheadCents: overhead,
    rateAmountCents: rateAmount,
    cappedCents: capped,
    belowThreshold,
    computedCents: belowThreshold && reduction !== "PROPORTIONAL" ? 0n : capped,
  };
}

/**
 * A category's wage-cost cap on one measure at the vaststelling (art. 4.3: the eligible costs of a
 * hire are at most a share of 12 months' wage costs): reached participants × the most per
 * participant, against the measure's actual costs over all its years, as the wizard held its planned
 * costs to planned participants × the same most.
 *
 * The cut falls on the latest years first: the cap is reached by the costs made first, so what is
 * above it is what was spent last. (It also keeps the cut where the plan's last, settling year is;
 * it changes no total.)
 */
export function wageCostCap(
  perParticipantCents: bigint,
  reachedParticipants: number,
  actualPerYear: readonly { year: number; cents: bigint }[],
): { capCents: bigint; aboveCapCents: bigint; aboveCapPerYear: { year: number; cents: bigint }[] } {
  const capCents = perParticipantCents * BigInt(Math.max(0, reachedParticipants));
  const total = actualPerYear.reduce((t, y) => t + (y.cents > 0n ? y.cents : 0n), 0n);
  let rest = total > capCents ? total - capCents : 0n;
  const cut = new Map<number, bigint>();
  for (const y of [...actualPerYear].sort((a, b) => b.year - a.year)) {
    const take = minCents(rest, y.cents > 0n ? y.cents : 0n);
    cut.set(y.year, take);
    rest -= take;
  }
  return {
    capCents,
    aboveCapCents: total > capCents ? total - capCents : 0n,
    aboveCapPerYear: actualPerYear.map((y) => ({ year: y.year, cents: cut.get(y.year) ?? 0n })),
  };
}
