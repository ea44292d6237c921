import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client.ts";
import {
  type LabelledRates,
  type MeasureCategory,
  MeasureCategorySchema,
  parseMeasureCategories,
} from "../plan/cofinancing.ts";
import type { OverheadTier } from "../settlement/compute.ts";

/**
 * The terms a grant is made on: the regulation's parameters that still govern a plan after its
 * decision — the start of execution and the revocation, the advances, the settlement's rate,
 * threshold and overhead, and the settlement's terms. The regulation's text as it stood governs the
 * grants made under it (domain-facts.md §1, art. 7.2 lid 2), and the vaststelling follows the
 * verlening (Awb 4:46): a policy officer who changes a parameter later changes it for the plans
 * decided after that, not for a grant whose letter already says otherwise.
 *
 * decide() copies them from the regulation onto Decision.terms in the decision's own transaction;
 * every reader of a decided plan reads them from there (termsOf), an undecided plan from its
 * regulation. The objection term is no parameter at all: Awb 6:7 fixes it (OBJECTION_TERM_WEEKS).
 */

const bp = z.number().int().min(0).max(10_000);
const atLeastOne = z.number().int().min(1);

/** As Regulation.overheadTiers stores them: cents as a decimal string (JSON has no bigint). */
const storedTier = z
  .object({
    uptoCents: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).nullable(),
    rateBp: bp,
  })
  .transform(
    (t): OverheadTier => ({
      uptoCents: t.uptoCents === null ? null : BigInt(t.uptoCents),
      rateBp: t.rateBp,
    }),
  );

/**
 * A measure category as the grant records it: what the letter and the vaststelling need of it (the
 * rate, the label and legal basis to name it by, and the share of wage costs that caps its eligible
 * costs per participant). The share governs the vaststelling too: art. 4.3 makes costs above it not
 * eligible, so the costs reported for a hire count at most up to it (ADR 0024). The net-job-growth
 * declaration is a condition of the application, checked before the decision; it is not recorded.
 *
 * `maxShareOfWageCostsBp` is optional only for the decisions taken before the grant recorded it
 * (absent: "not recorded", never "no cap"); wageCostShareOf() reads those.
 */
const grantCategory = MeasureCategorySchema.pick({
  code: true,
  label: true,
  rateBp: true,
  legalBasis: true,
}).extend({ maxShareOfWageCostsBp: MeasureCategorySchema.shape.maxShareOfWageCostsBp.optional() });

export const grantTermsSchema = z.object({
  cofinancingRateBp: bp,
  /**
   * The regulation's categories with a rate of their own, as they stood at the decision (ADR 0024).
   * Required: the migration wrote [] into the terms of the decisions taken before categories
   * existed, so a row without the key is a fault to see, not a grant to read at the own rate.
   */
  measureCategories: z.array(grantCategory),
  settlementThresholdBp: bp,
  overheadTiers: z.array(storedTier),
  executionStartMonths: atLeastOne,
  extensionMonths: z.number().int().min(0),
  settlementRequestWeeks: atLeastOne,
  settlementDecisionWeeks: atLeastOne,
  advanceInitialBp: bp,
  advanceMaxBp: bp,
  advanceIntervalMonths: atLeastOne,
});
export type GrantTerms = z.output<typeof grantTermsSchema>;

/** The Regulation columns the terms are copied from (a Prisma select). */
export const REGULATION_TERMS_SELECT = {
  cofinancingRateBp: true,
  measureCategories: true,
  settlementThresholdBp: true,
  overheadTiers: true,
  executionStartMonths: true,
  extensionMonths: true,
  settlementRequestWeeks: true,
  settlementDecisionWeeks: true,
  advanceInitialBp: true,
  advanceMaxBp: true,
  advanceIntervalMonths: true,
} as const satisfies Prisma.RegulationSelect;

/** What a plan query selects so that termsOf() can answer for it, decided or not. */
export const PLAN_TERMS_SELECT = {
  decision: { select: { terms: true } },
  regulation: { select: REGULATION_TERMS_SELECT },
} as const satisfies Prisma.PlanSelect;

export type RegulationTermsRow = Prisma.RegulationGetPayload<{ select: typeof REGULATION_TERMS_SELECT }>;

/** The terms a decision taken now would be made on. */
export function termsFromRegulation(reg: RegulationTermsRow): GrantTerms {
  return grantTermsSchema.parse({
    cofinancingRateBp: reg.cofinancingRateBp,
    // grantCategory keeps the five fields a grant records (a z.object drops the others).
    measureCategories: parseMeasureCategories(reg.measureCategories),
    settlementThresholdBp: reg.settlementThresholdBp,
    overheadTiers: reg.overheadTiers,
    executionStartMonths: reg.executionStartMonths,
    extensionMonths: reg.extensionMonths,
    settlementRequestWeeks: reg.settlementRequestWeeks,
    settlementDecisionWeeks: reg.settlementDecisionWeeks,
    advanceInitialBp: reg.advanceInitialBp,
    advanceMaxBp: reg.advanceMaxBp,
    advanceIntervalMonths: reg.advanceIntervalMonths,
  });
}

/** Decision.terms as stored. A row that does not parse is a fault to see, never a default to guess. */
export function parseGrantTerms(json: unknown): GrantTerms {
  return grantTermsSchema.parse(json);
}

/** GrantTerms as Decision.terms stores them (the tiers' cents as strings, as the regulation has them). */
export function grantTermsJson(terms: GrantTerms): Prisma.InputJsonObject {
  return {
    cofinancingRateBp: terms.cofinancingRateBp,
    measureCategories: terms.measureCategories.map((c) => ({
      code: c.code,
      label: c.label,
      rateBp: c.rateBp,
      legalBasis: c.legalBasis,
      // Absent stays absent: a decision that did not record the share is not made to say "no cap".
      ...(c.maxShareOfWageCostsBp === undefined ? {} : { maxShareOfWageCostsBp: c.maxShareOfWageCostsBp }),
    })),
    settlementThresholdBp: terms.settlementThresholdBp,
    overheadTiers: terms.overheadTiers.map((t) => ({
      uptoCents: t.uptoCents === null ? null : t.uptoCents.toString(),
      rateBp: t.rateBp,
    })),
    executionStartMonths: terms.executionStartMonths,
    extensionMonths: terms.extensionMonths,
    settlementRequestWeeks: terms.settlementRequestWeeks,
    settlementDecisionWeeks: terms.settlementDecisionWeeks,
    advanceInitialBp: terms.advanceInitialBp,
    advanceMaxBp: terms.advanceMaxBp,
    advanceIntervalMonths: terms.advanceIntervalMonths,
  };
}

/**
 * The terms that govern a plan: its decision's once it is decided, its regulation's before (what
 * the application pages and the decision's preview show). Select PLAN_TERMS_SELECT for it.
 */
export function termsOf(plan: {
  decision: { terms: unknown } | null;
  regulation: RegulationTermsRow;
}): GrantTerms {
  return plan.decision ? parseGrantTerms(plan.decision.terms) : termsFromRegulation(plan.regulation);
}

/** The rates a grant's terms co-finance at, with the categories' labels: its own, and its categories' (plan/cofinancing.ts). */
export function cofinancingRatesOf(
  terms: Pick<GrantTerms, "cofinancingRateBp" | "measureCategories">,
): LabelledRates {
  return { rateBp: terms.cofinancingRateBp, categories: terms.measureCategories };
}

/**
 * The share of 12 months' wage costs that caps a measure's eligible costs per participant under a
 * grant (art. 4.3: 20%), or null: no category, a category the grant does not know, or one without
 * such a cap.
 *
 * A decision taken before the grant recorded the share (between ADR 0024 and its amendment) is read
 * with the share of the regulation's category of the same code as it stands: art. 4.3 is the
 * regulation's text, and it is the share the wizard held the plan to when it was submitted. Reading
 * such a grant as uncapped would pay the category's rate (100%) on costs the regulation never made
 * eligible. A share changed on the policy page since is in the audit trail
 * (regulation.parameters.changed), to be corrected by hand as ADR 0023's backfill. A category the
 * regulation no longer knows leaves no share to read: no cap, and the class's granted eligible costs
 * still bound what counts.
 */
export function wageCostShareOf(
  terms: Pick<GrantTerms, "measureCategories">,
  regulationCategories: readonly Pick<MeasureCategory, "code" | "maxShareOfWageCostsBp">[],
  code: string | null | undefined,
): number | null {
  if (!code) return null;
  const granted = terms.measureCategories.find((c) => c.code === code);
  if (!granted) return null;
  if (granted.maxShareOfWageCostsBp !== undefined) return granted.maxShareOfWageCostsBp;
  return regulationCategories.find((c) => c.code === code)?.maxShareOfWageCostsBp ?? null;
}
