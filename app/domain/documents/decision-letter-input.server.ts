import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { DecisionOutcome } from "../../generated/prisma/enums.ts";
import {
  cofinancingRatesOf,
  type GrantTerms,
  parseGrantTerms,
  termsFromRegulation,
} from "../decision/terms.ts";
import { NotFoundError } from "../errors.ts";
import { hasOwnRate, hasOwnRates, rateOfMeasure } from "../plan/cofinancing.ts";
import { grantedEligibleCents } from "../settlement/compute.ts";
import type { DecisionLetterInput, DecisionLetterKind } from "./decision-letter.server.ts";
import { amsterdamDate, utcDate } from "./format.ts";
import { signatoryOf } from "./signatory.server.ts";

type Db = PrismaClient | Tx;

export const LETTER_KIND_BY_OUTCOME: Record<DecisionOutcome, DecisionLetterKind> = {
  GRANTED: "GRANT_DECISION",
  PARTIALLY_GRANTED: "PARTIAL_GRANT_DECISION",
  REJECTED: "REJECTION_DECISION",
};

/** Labels from a regulation's code list (a JSON column); an unknown code shows as itself. */
function labelsFor(list: unknown, codes: string[]): string[] {
  const items = Array.isArray(list) ? (list as { code?: unknown; label?: unknown }[]) : [];
  const byCode = new Map(items.map((i) => [String(i.code), String(i.label ?? i.code)]));
  return codes.map((c) => byCode.get(c) ?? c);
}

/** Reads what a decision letter shows, so that rendering itself needs no database. */
export async function loadDecisionLetterInput(db: Db, decisionId: string): Promise<DecisionLetterInput> {
  const decision = await db.decision.findUnique({
    where: { id: decisionId },
    include: { years: { orderBy: { year: "asc" } } },
  });
  if (!decision) throw new NotFoundError("Beschikking niet gevonden.");
  return letterInputForPlan(db, decision.planId, {
    kind: LETTER_KIND_BY_OUTCOME[decision.outcome],
    decisionId: decision.id,
    decidedAt: decision.decidedAt,
    reason: decision.reason,
    decidedById: decision.decidedById,
    granted: decision.years.map((y) => ({ year: y.year, cents: y.grantedCents })),
    // The terms the decision was taken on: a retried job renders the same letter after the
    // regulation changed (design.md §6, the same decision always the same bytes).
    terms: parseGrantTerms(decision.terms),
    interimAuditRequired: decision.interimAuditRequired,
  });
}

/**
 * The letter's input for a plan and a decision that need not exist yet: the stored decision's
 * letter and the preview (decision/preview.server.ts) are made by the same code, so the preview
 * shows exactly what the letter will say.
 */
export async function letterInputForPlan(
  db: Db,
  planId: string,
  d: {
    kind: DecisionLetterKind;
    decisionId: string;
    decidedAt: Date;
    reason: string;
    decidedById: string;
    granted: { year: number; cents: bigint }[];
    /** The stored decision's terms; without them (a preview) the regulation's as they stand. */
    terms?: GrantTerms;
    preview?: boolean;
    /** The grant requires a controleverklaring with the interim report (art. 5.4 lid 4). */
    interimAuditRequired?: boolean;
  },
): Promise<DecisionLetterInput> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: {
      organisation: true,
      regulation: true,
      years: { orderBy: { year: "asc" } },
      measures: {
        orderBy: { position: "asc" },
        include: { costs: { select: { year: true, costCents: true } } },
      },
      // A granted verlenging moved Plan.periodEnd; the beschikking tot verlening keeps the period
      // it granted (a letter made late, or made again, must be the letter the grant made).
      extensions: { where: { status: "GRANTED" }, select: { previousPeriodEnd: true }, take: 1 },
    },
  });
  if (!plan) throw new NotFoundError("Plan niet gevonden.");
  const grantedPeriodEnd = plan.extensions[0]?.previousPeriodEnd ?? plan.periodEnd;
  const reg = plan.regulation;
  const terms = d.terms ?? termsFromRegulation(reg);
  const org = plan.organisation;
  const granted = new Map(d.granted.map((y) => [y.year, y.cents]));
  const requested = new Map(plan.years.map((y) => [y.year, y.requestedCents]));
  const years = [...new Set([...requested.keys(), ...granted.keys()])].sort((a, b) => a - b);
  const themeLabel = (code: string) => labelsFor(reg.themes, [code])[0] ?? code;
  // The subsidiabele kosten the grant covers in a year, as the vaststelling counts them
  // (settlement/propose.server.ts settlementBasisOf): with measures at more than one rate, each rate
  // class's planned costs in the share of the year's request that was granted, summed.
  const rates = cofinancingRatesOf(terms);
  const rateClasses = hasOwnRates(rates, plan.measures)
    ? [...new Set(plan.measures.map((m) => rateOfMeasure(rates, m.category)))]
    : [null];
  const eligibleOfYear = (year: number, requestedCents: bigint, grantedCents: bigint) =>
    rateClasses.reduce((total, rateBp) => {
      const planned = plan.measures
        .filter((m) => rateBp === null || rateOfMeasure(rates, m.category) === rateBp)
        .reduce((s, m) => s + (m.costs.find((c) => c.year === year)?.costCents ?? 0n), 0n);
      return total + grantedEligibleCents(planned, requestedCents, grantedCents);
    }, 0n);

  return {
    kind: d.kind,
    decisionId: d.decisionId,
    decidedAt: d.decidedAt,
    reason: d.reason,
    signatory: await signatoryOf(db, d.decidedById, d.decidedAt),
    ...(d.preview ? { preview: true } : {}),
    // Absent when not required: the input, and so the letter, of every other grant is as before.
    ...(d.interimAuditRequired && d.kind !== "REJECTION_DECISION" ? { interimAuditRequired: true } : {}),
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      submittedOn: plan.submittedAt ? amsterdamDate(plan.submittedAt) : null,
      completeOn: plan.completeReceivedAt ? amsterdamDate(plan.completeReceivedAt) : null,
      periodStart: plan.periodStart ? utcDate(plan.periodStart) : null,
      periodEnd: grantedPeriodEnd ? utcDate(grantedPeriodEnd) : null,
      sectors: labelsFor(reg.sectors, plan.sectorCodes),
      regions: labelsFor(reg.regions, plan.regionCodes),
      advancesRequested: plan.advancesRequested,
      activities: plan.measures.map((m) => ({
        title: m.title,
        theme: themeLabel(m.theme),
        participants: m.participants,
      })),
    },
    addressee: { name: org.name, street: org.street, postalCode: org.postalCode, city: org.city },
    regulation: {
      citationTitle: reg.citationTitle,
      legalBasis: reg.legalBasis,
      publication: reg.publication,
      cofinancingRateBp: terms.cofinancingRateBp,
      objectionAuthority: reg.objectionAuthority,
      objectionAddress: reg.objectionAddress,
      executionStartMonths: terms.executionStartMonths,
      settlementRequestWeeks: terms.settlementRequestWeeks,
      settlementThresholdBp: terms.settlementThresholdBp,
      advanceInitialBp: terms.advanceInitialBp,
      advanceMaxBp: terms.advanceMaxBp,
      advanceIntervalMonths: terms.advanceIntervalMonths,
    },
    years: years.map((year) => {
      const requestedCents = requested.get(year) ?? 0n;
      const grantedCents = granted.get(year) ?? 0n;
      return {
        year,
        requestedCents,
        grantedCents,
        eligibleCents: eligibleOfYear(year, requestedCents, grantedCents),
      };
    }),
    ...rateCategoriesOf(terms, plan.measures),
  };
}

/**
 * The categories of the grant's terms with a rate of their own that the plan's measures fall in,
 * each with its measures, in the plan's order. A code the terms do not know is co-financed at the
 * own rate (rateOfMeasure) and is no category here; nor is a category at the own rate (hasOwnRate),
 * as the decision page's cap and the vaststelling count it. Nothing at all for a plan without one,
 * so that its letter is the same.
 */
function rateCategoriesOf(
  terms: GrantTerms,
  measures: { title: string; category: string | null }[],
): Pick<DecisionLetterInput, "rateCategories"> {
  const rates = cofinancingRatesOf(terms);
  const list = terms.measureCategories
    .filter((c) => hasOwnRate(rates, c))
    .map((c) => ({
      label: c.label,
      rateBp: c.rateBp,
      legalBasis: c.legalBasis,
      measures: measures.filter((m) => m.category === c.code).map((m) => m.title),
    }))
    .filter((c) => c.measures.length > 0);
  return list.length > 0 ? { rateCategories: list } : {};
}
