import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { cofinancingRatesOf, REGULATION_TERMS_SELECT, termsOf, wageCostShareOf } from "../decision/terms.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro, formatRateBp } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import {
  classLabels,
  hasOwnRates,
  maxCostPerParticipant,
  parseMeasureCategories,
  rateOfMeasure,
} from "../plan/cofinancing.ts";
import { assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import {
  computeSettlement,
  grantedEligibleCents,
  type OverheadTier,
  type RateClassYear,
  type SettlementRule,
  wageCostCap,
} from "./compute.ts";

type Db = typeof prisma | Tx;

/** A measure's cut under its category's wage-cost cap (art. 4.3), as the vaststelling applied it. */
export type WageCostCut = {
  /** The category's share of 12 months' wage costs (2000: 20%), under the grant's terms. */
  shareBp: number;
  /** The measure's wage costs per participant, as the application stated them (granted on). */
  wageCostsCents: bigint;
  /** The most per participant: floor(wage costs × share) (maxCostPerParticipant). */
  perParticipantCents: bigint;
  /** Participants reached × the most per participant. */
  capCents: bigint;
  /** The measure's actual costs above the cap: reported, not eligible (latest year first, wageCostCap). */
  aboveCapCents: bigint;
};

/**
 * "€ 200.000,00 telt niet mee: boven € 8.000,00 per deelnemer (20% van € 40.000,00 loonkosten over
 * 12 maanden; 5 deelnemers bereikt, samen € 40.000,00)". The letter words it the same way.
 */
export function wageCapText(cut: WageCostCut, reached: number): string {
  return (
    `${formatEuro(cut.aboveCapCents)} telt niet mee: boven ${formatEuro(cut.perParticipantCents)} per deelnemer ` +
    `(${formatRateBp(cut.shareBp)} van ${formatEuro(cut.wageCostsCents)} loonkosten over 12 maanden; ` +
    `${reached.toLocaleString("nl-NL")} ${reached === 1 ? "deelnemer" : "deelnemers"} bereikt, samen ${formatEuro(cut.capCents)})`
  );
}

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
    years: { year: number; plannedCents: bigint; actualCents: bigint; aboveCapCents: bigint }[];
    /** Its category caps the eligible costs per participant (art. 4.3), and how; null otherwise. */
    wageCap: WageCostCut | null;
  }[];
  paidCents: bigint;
  participantsReached: number | null;
  reportSummary: string;
  reportSubmittedAt: Date | null;
  reportDueOn: Date | null;
  tiers: OverheadTier[];
};

/**
 * What the settlement rule needs of a plan before any report: its years and request, its grant and
 * the terms it was made on, and its measures. The applicant's report overview reads the same, to
 * show the realisation the vaststelling will measure (report.server.ts).
 */
export const GRANT_FACTS_SELECT = {
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
      wageCostsPerParticipantCents: true,
      costs: { select: { year: true, costCents: true } },
    },
  },
  regulation: { select: REGULATION_TERMS_SELECT },
} as const satisfies Prisma.PlanSelect;

export type GrantFacts = Prisma.PlanGetPayload<{ select: typeof GRANT_FACTS_SELECT }>;

/** What the report says per measure: the actual costs of a year and the participants reached. */
export type ReportedFigures = {
  actualCents: (measureId: string, year: number) => bigint;
  participants: (measureId: string) => number;
};

type BasisCore = Pick<
  SettlementBasis,
  | "rule"
  | "grantedPerYear"
  | "plannedPerYear"
  | "plannedCostsCents"
  | "eligiblePerYear"
  | "actualPerYear"
  | "rateClasses"
  | "measures"
  | "tiers"
>;

/**
 * The settlement's basis from the grant and the reported figures (pure): what loadSettlementBasis
 * gives from the submitted report, and the report overview from the draft.
 */
export function settlementBasisOf(plan: GrantFacts, reported: ReportedFigures): BasisCore {
  const years = plan.years.map((y) => y.year);
  const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);
  // The rate, threshold, overhead and categories the grant was made on (Awb 4:46: the vaststelling
  // follows the verlening), not the regulation's of today.
  const terms = termsOf(plan);
  const rates = cofinancingRatesOf(terms);
  const regulationCategories = parseMeasureCategories(plan.regulation.measureCategories);
  const measures = plan.measures.map((m) => {
    const reached = reported.participants(m.id);
    const actual = years.map((year) => ({ year, cents: reported.actualCents(m.id, year) }));
    // Art. 4.3: a capped category's costs count at most up to reached participants × the most per
    // participant. No wage costs on the measure: its category did not ask for them when the plan
    // was submitted, so the applicant was never held to a cap and none can be computed.
    const shareBp = wageCostShareOf(terms, regulationCategories, m.category);
    const wageCosts = m.wageCostsPerParticipantCents;
    const perParticipant =
      shareBp !== null && wageCosts !== null
        ? maxCostPerParticipant({ maxShareOfWageCostsBp: shareBp }, wageCosts)
        : null;
    const cap = perParticipant !== null ? wageCostCap(perParticipant, reached, actual) : null;
    return {
      id: m.id,
      title: m.title,
      rateBp: rateOfMeasure(rates, m.category),
      plannedParticipants: m.participants,
      reachedParticipants: reached,
      years: actual.map(({ year, cents }) => ({
        year,
        plannedCents: m.costs.find((c) => c.year === year)?.costCents ?? 0n,
        actualCents: cents,
        aboveCapCents: cap?.aboveCapPerYear.find((y) => y.year === year)?.cents ?? 0n,
      })),
      wageCap:
        cap && shareBp !== null && wageCosts !== null && perParticipant !== null
          ? {
              shareBp,
              wageCostsCents: wageCosts,
              perParticipantCents: perParticipant,
              capCents: cap.capCents,
              aboveCapCents: cap.aboveCapCents,
            }
          : null,
    };
  });
  type Year = (typeof measures)[number]["years"][number];
  const none: Omit<Year, "year"> = { plannedCents: 0n, actualCents: 0n, aboveCapCents: 0n };
  const yearOf = (m: (typeof measures)[number], year: number) => m.years.find((y) => y.year === year) ?? none;
  const perYear = (pick: (y: Omit<Year, "year">) => bigint) =>
    years.map((year) => ({ year, cents: sum(measures.map((m) => pick(yearOf(m, year)))) }));
  const grantedPerYear = (plan.decision?.years ?? []).map((y) => ({ year: y.year, cents: y.grantedCents }));
  const tiers = terms.overheadTiers;
  const plannedPerYear = perYear((y) => y.plannedCents);
  const actualPerYear = perYear((y) => y.actualCents);
  const aboveCapPerYear = perYear((y) => y.aboveCapCents);
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
        const of = measures.filter((m) => m.rateBp === rateBp).map((m) => yearOf(m, year));
        return {
          rateBp,
          eligibleCents: eligibleOf(year, sum(of.map((y) => y.plannedCents))),
          actualCents: sum(of.map((y) => y.actualCents)),
          aboveCapCents: sum(of.map((y) => y.aboveCapCents)),
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
          aboveCapCents: aboveCapPerYear.find((a) => a.year === e.year)?.cents ?? 0n,
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
    tiers,
  };
}

export async function loadSettlementBasis(db: Db, planId: string): Promise<SettlementBasis> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      ...GRANT_FACTS_SELECT,
      measures: {
        ...GRANT_FACTS_SELECT.measures,
        select: {
          ...GRANT_FACTS_SELECT.measures.select,
          realisedCosts: { select: { year: true, actualCents: true, participants: true } },
        },
      },
      realisationReport: {
        select: { participantsReached: true, summary: true, submittedAt: true, dueOn: true },
      },
      // The advances: once settled, a paid final payment is no advance (the tab and the letter
      // name "betaalde voorschotten").
      payments: { where: { status: "PAID", kind: "ADVANCE" }, select: { amountCents: true } },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet.");
  const realised = new Map(plan.measures.map((m) => [m.id, m.realisedCosts]));
  const core = settlementBasisOf(plan, {
    actualCents: (id, year) => realised.get(id)?.find((c) => c.year === year)?.actualCents ?? 0n,
    // As the submitted report recorded them (acceptRealisationReport keeps them on one row).
    participants: (id) => (realised.get(id) ?? []).reduce((s, c) => s + c.participants, 0),
  });
  return {
    ...core,
    paidCents: plan.payments.reduce((s, p) => s + p.amountCents, 0n),
    participantsReached: plan.realisationReport?.participantsReached ?? null,
    reportSummary: plan.realisationReport?.summary ?? "",
    reportSubmittedAt: plan.realisationReport?.submittedAt ?? null,
    reportDueOn: plan.realisationReport?.dueOn ?? null,
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
          aboveCapCents: figures.aboveCapCents.toString(),
          realisationBp: figures.realisationBp,
        },
        createdAt: at,
      },
    });
    return { settlementId: settlement.id };
  });
}
