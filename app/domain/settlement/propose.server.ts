import { prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { cofinancingRatesOf, REGULATION_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { classLabels, hasOwnRates, rateOfMeasure } from "../plan/cofinancing.ts";
import { assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import {
  computeSettlement,
  grantedEligibleCents,
  type OverheadTier,
  type RateClassYear,
  type SettlementRule,
} from "./compute.ts";

type Db = typeof prisma | Tx;

/** The facts the settlement rule works on, read from the grant, the plan and the report. */
export type SettlementBasis = {
  rule: SettlementRule;
  grantedPerYear: { year: number; cents: bigint }[];
  /** The plan's budget: every measure's planned costs, also those the grant left out. */
  plannedPerYear: { year: number; cents: bigint }[];
  plannedCostsCents: bigint;
  /** The costs the grant covers (grantedEligibleCents), against which the realisation is measured. */
  eligiblePerYear: { year: number; cents: bigint }[];
  /** The actual costs as reported; what counts of them is computeSettlement's countedPerYear. */
  actualPerYear: { year: number; cents: bigint }[];
  /**
   * With measures at a rate other than the grant's own: the rate classes, highest first, each with
   * the categories it holds (labels from the grant's terms) and its measures. Empty otherwise.
   */
  rateClasses: { rateBp: number; labels: string[]; measureIds: string[] }[];
  measures: {
    id: string;
    title: string;
    /** The measure's rate under the grant's terms (rateOfMeasure). */
    rateBp: number;
    plannedParticipants: number;
    reachedParticipants: number;
    years: { year: number; plannedCents: bigint; actualCents: bigint }[];
  }[];
  paidCents: bigint;
  participantsReached: number | null;
  reportSummary: string;
  reportSubmittedAt: Date | null;
  reportDueOn: Date | null;
  tiers: OverheadTier[];
};

export async function loadSettlementBasis(db: Db, planId: string): Promise<SettlementBasis> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      years: { select: { year: true, requestedCents: true }, orderBy: { year: "asc" } },
      decision: {
        select: {
          terms: true,
          years: { select: { year: true, grantedCents: true }, orderBy: { year: "asc" } },
        },
      },
      measures: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          title: true,
          participants: true,
          category: true,
          costs: { select: { year: true, costCents: true } },
          realisedCosts: { select: { year: true, actualCents: true, participants: true } },
        },
      },
      realisationReport: {
        select: { participantsReached: true, summary: true, submittedAt: true, dueOn: true },
      },
      payments: { where: { status: "PAID" }, select: { amountCents: true } },
      regulation: { select: REGULATION_TERMS_SELECT },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet.");
  const years = plan.years.map((y) => y.year);
  const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);
  // The rate, threshold, overhead and categories the grant was made on (Awb 4:46: the vaststelling
  // follows the verlening), not the regulation's of today.
  const terms = termsOf(plan);
  const rates = cofinancingRatesOf(terms);
  const measures = plan.measures.map((m) => ({
    id: m.id,
    title: m.title,
    rateBp: rateOfMeasure(rates, m.category),
    plannedParticipants: m.participants,
    reachedParticipants: m.realisedCosts.reduce((s, c) => s + c.participants, 0),
    years: years.map((year) => ({
      year,
      plannedCents: m.costs.find((c) => c.year === year)?.costCents ?? 0n,
      actualCents: m.realisedCosts.find((c) => c.year === year)?.actualCents ?? 0n,
    })),
  }));
  const perYear = (pick: (y: { plannedCents: bigint; actualCents: bigint }) => bigint) =>
    years.map((year) => ({
      year,
      cents: sum(
        measures.map((m) =>
          pick(m.years.find((y) => y.year === year) ?? { plannedCents: 0n, actualCents: 0n }),
        ),
      ),
    }));
  const grantedPerYear = (plan.decision?.years ?? []).map((y) => ({ year: y.year, cents: y.grantedCents }));
  const tiers = terms.overheadTiers;
  const plannedPerYear = perYear((y) => y.plannedCents);
  const actualPerYear = perYear((y) => y.actualCents);
  const eligibleOf = (year: number, planned: bigint) =>
    grantedEligibleCents(
      planned,
      plan.years.find((y) => y.year === year)?.requestedCents ?? 0n,
      grantedPerYear.find((g) => g.year === year)?.cents ?? 0n,
    );
  // With more than one rate, each rate class of a year is covered in the share of the request that
  // was granted (ADR 0024); with one, the year as a whole, as ever.
  const rateList = hasOwnRates(rates, plan.measures)
    ? [...new Set(measures.map((m) => m.rateBp))].sort((a, b) => b - a)
    : [];
  const classesPerYear = new Map<number, RateClassYear[]>(
    years.map((year) => [
      year,
      rateList.map((rateBp) => {
        const of = measures
          .filter((m) => m.rateBp === rateBp)
          .map((m) => m.years.find((y) => y.year === year) ?? { plannedCents: 0n, actualCents: 0n });
        return {
          rateBp,
          eligibleCents: eligibleOf(year, sum(of.map((y) => y.plannedCents))),
          actualCents: sum(of.map((y) => y.actualCents)),
        };
      }),
    ]),
  );
  const eligiblePerYear = plannedPerYear.map((p) => {
    const classes = classesPerYear.get(p.year) ?? [];
    return {
      year: p.year,
      cents: classes.length > 0 ? sum(classes.map((c) => c.eligibleCents)) : eligibleOf(p.year, p.cents),
    };
  });
  const rateClasses = rateList.map((rateBp) => {
    const of = plan.measures.filter((m) => rateOfMeasure(rates, m.category) === rateBp);
    return {
      rateBp,
      labels: classLabels(rates, of, rateBp),
      measureIds: of.map((m) => m.id),
    };
  });
  return {
    rule: {
      grantedCents: sum(grantedPerYear.map((g) => g.cents)),
      // Per year, so that computeSettlement counts a year's costs only up to what the grant covers in it.
      years: eligiblePerYear.map((e) => {
        const classes = classesPerYear.get(e.year) ?? [];
        return {
          year: e.year,
          eligibleCents: e.cents,
          actualCents: actualPerYear.find((a) => a.year === e.year)?.cents ?? 0n,
          ...(classes.length > 0 ? { classes } : {}),
        };
      }),
      cofinancingRateBp: terms.cofinancingRateBp,
      settlementThresholdBp: terms.settlementThresholdBp,
      overheadTiers: tiers,
    },
    grantedPerYear,
    plannedPerYear,
    plannedCostsCents: sum(plannedPerYear.map((y) => y.cents)),
    eligiblePerYear,
    actualPerYear,
    rateClasses,
    measures,
    paidCents: sum(plan.payments.map((p) => p.amountCents)),
    participantsReached: plan.realisationReport?.participantsReached ?? null,
    reportSummary: plan.realisationReport?.summary ?? "",
    reportSubmittedAt: plan.realisationReport?.submittedAt ?? null,
    reportDueOn: plan.realisationReport?.dueOn ?? null,
    tiers,
  };
}

export const MOTIVATION_MIN = 10;

/**
 * The handler's proposal (voorstel tot vaststelling). The amount may be lower than the rule gives
 * (costs found not eligible on review) but never higher than min(grant, rate × (actual + overhead)):
 * more than the rate of the realised costs is not allowed by art. 5.1, more than the grant not by
 * Awb 4:46. Below the threshold the proposal is what a proportional reduction would pay; the
 * decision maker still chooses between nil and that. A proposal may be revised until settled.
 */
export async function proposeSettlement(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  input: { amountCents: bigint; motivation: string },
): Promise<{ settlementId: string }> {
  if (!actor.roles.includes("CASE_HANDLER"))
    throw new ForbiddenError("Alleen een behandelaar stelt een vaststelling voor.");
  const motivation = input.motivation.trim();
  if (motivation.length < MOTIVATION_MIN)
    throw new RuleViolation(`Motiveer het voorstel in ten minste ${MOTIVATION_MIN} tekens.`, "motivation");
  return prisma.$transaction(async (tx) => {
    const visible = await tx.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    const facts = await lockPlan(tx, planId);
    assertVersion(facts, expectedVersion);
    if (facts.status !== "SETTLEMENT_REQUESTED")
      throw new ConflictError(
        "Er is geen aanvraag tot vaststelling die op een voorstel wacht.",
        "WRONG_STATE",
      );
    const existing = await tx.settlement.findUnique({ where: { planId }, select: { settledAt: true } });
    if (existing?.settledAt) throw new ConflictError("De subsidie is al vastgesteld.", "WRONG_STATE");
    const basis = await loadSettlementBasis(tx, planId);
    const figures = computeSettlement(basis.rule);
    if (input.amountCents < 0n || input.amountCents > figures.cappedCents)
      throw new RuleViolation(
        `Het voorgestelde bedrag kan niet hoger zijn dan ${formatEuro(figures.cappedCents)}: het verleende bedrag of ` +
          "het cofinancieringspercentage van de meegetelde werkelijke kosten met overhead, wat lager is.",
        "amount",
      );
    const at = now();
    const data = {
      // The column's meaning (schema.prisma): the eligible costs the grant was based on, and the
      // actual costs the realisation and the amount were computed on: those the grant covers.
      plannedCostsCents: figures.eligibleCostsCents,
      actualCostsCents: figures.countedCostsCents,
      realisationBp: figures.realisationBp,
      overheadCents: figures.overheadCents,
      computedCents: figures.computedCents,
      proposedCents: input.amountCents,
      proposedById: actor.userId,
      proposedAt: at,
      proposalMotivation: motivation,
    };
    const settlement = await tx.settlement.upsert({
      where: { planId },
      create: { planId, ...data, createdAt: at },
      update: data,
      select: { id: true },
    });
    // A new proposal is a change of the plan's case: bump its version so an open settle form is stale.
    await tx.plan.update({ where: { id: planId }, data: { version: facts.version + 1 } });
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "settlement.proposed" satisfies AuditAction,
        targetType: "Plan",
        targetId: planId,
        details: {
          settlementId: settlement.id,
          proposedCents: input.amountCents.toString(),
          computedCents: figures.computedCents.toString(),
          realisationBp: figures.realisationBp,
        },
        createdAt: at,
      },
    });
    return { settlementId: settlement.id };
  });
}
