import type { z } from "zod";
import { applyRateBpUp, FULL_RATE_BP, formatRateBp } from "../../money.ts";
import { capText } from "../../text.ts";
import {
  type AnalysisStepInput,
  type AnalysisStepOutput,
  analysisStepSchema,
  emptyAnalysisStep,
} from "./analysis.ts";
import { type BudgetStepInput, type BudgetStepOutput, budgetStepSchema, emptyBudgetStep } from "./budget.ts";
import { DRAFT_LIST_CAP, DRAFT_TEXT_CAP, formatCents, planYears } from "./common.ts";
import { type DeclarationsInput, declarationsSchema, emptyDeclarations } from "./declarations.ts";
import { emptyLeadStep, type LeadStepInput, type LeadStepOutput, leadStepSchema } from "./lead.ts";
import {
  emptyMeasure,
  emptyMeasuresStep,
  type MeasuresStepInput,
  type MeasuresStepOutput,
  measuresStepSchema,
  measureTotals,
  ratedTotals,
} from "./measures.ts";
import {
  emptyPartner,
  emptyPartnershipStep,
  type PartnershipStepInput,
  type PartnershipStepOutput,
  partnershipStepSchema,
} from "./partnership.ts";
import type { PlanRules, StepContext } from "./rules.ts";

/**
 * The wizard of design.md §3: seven steps, each its own route (the slug) and schema. A draft keeps
 * what was typed per step, valid or not; only submission needs every step valid.
 */
export const STEPS = [
  { key: "lead", slug: "aanvrager", number: 1 },
  { key: "partnership", slug: "samenwerking", number: 2 },
  { key: "analysis", slug: "analyse", number: 3 },
  { key: "measures", slug: "maatregelen", number: 4 },
  { key: "budget", slug: "begroting", number: 5 },
  { key: "attachments", slug: "bijlagen", number: 6 },
  { key: "submit", slug: "indienen", number: 7 },
] as const;
export type StepKey = (typeof STEPS)[number]["key"];
export type StepSlug = (typeof STEPS)[number]["slug"];
/** The steps with a form of their own (attachments are uploads; step 7 holds the declarations). */
export type FormStepKey = "lead" | "partnership" | "analysis" | "measures" | "budget" | "submit";

export function stepBySlug(slug: string | undefined) {
  return STEPS.find((s) => s.slug === slug);
}
export function stepByKey(key: StepKey) {
  return STEPS.find((s) => s.key === key) as (typeof STEPS)[number];
}

export type PlanDraft = {
  lead: LeadStepInput;
  partnership: PartnershipStepInput;
  analysis: AnalysisStepInput;
  measures: MeasuresStepInput;
  budget: BudgetStepInput;
  submit: DeclarationsInput;
  /** Steps saved at least once: the step list shows "done" or "with errors" only for those. */
  saved: StepKey[];
  /** Where the applicant was, to resume there. */
  lastStep: StepKey;
};

export type StepInputs = {
  lead: LeadStepInput;
  partnership: PartnershipStepInput;
  analysis: AnalysisStepInput;
  measures: MeasuresStepInput;
  budget: BudgetStepInput;
  submit: DeclarationsInput;
};

export function emptyDraft(): PlanDraft {
  return {
    lead: emptyLeadStep(),
    partnership: emptyPartnershipStep(),
    analysis: emptyAnalysisStep(),
    measures: emptyMeasuresStep([]),
    budget: emptyBudgetStep([]),
    submit: emptyDeclarations(),
    saved: [],
    lastStep: "lead",
  };
}

// ── Lenient reading of stored or posted drafts ─────────────────────────────────────────────────
/** Element templates of the draft's lists, by the list's field name. */
const LIST_ITEMS: Record<string, unknown> = {
  partners: emptyPartner(),
  measures: emptyMeasure([]),
  costs: { year: 0, amount: "" },
  rows: { year: 0, requested: "", ownContribution: "", otherSources: "" },
  sectorCodes: "",
  regionCodes: "",
};

/**
 * Shapes any JSON like `template`: strings stay strings (capped), booleans booleans, numbers
 * integers, lists are read element by element; unknown keys are dropped and missing ones take the
 * template's value. This is how a draft may be invalid yet never malformed.
 */
function shapeLike(template: unknown, raw: unknown, key = ""): unknown {
  if (typeof template === "string") return typeof raw === "string" ? capText(raw, DRAFT_TEXT_CAP) : template;
  if (typeof template === "boolean") return typeof raw === "boolean" ? raw : raw === "on" || raw === "true";
  if (typeof template === "number") {
    const n = typeof raw === "number" ? raw : Number(raw);
    return Number.isInteger(n) ? n : template;
  }
  if (Array.isArray(template)) {
    const item = LIST_ITEMS[key];
    // A checkbox group with one box ticked posts a single value, not a list.
    if (typeof raw === "string" && typeof item === "string") return [capText(raw, DRAFT_TEXT_CAP)];
    if (!Array.isArray(raw) || item === undefined) return template;
    // Sparse lists (a removed row posted no fields) are compacted.
    return raw
      .filter((r) => r !== undefined && r !== null)
      .slice(0, DRAFT_LIST_CAP)
      .map((r) => shapeLike(item, r));
  }
  if (template && typeof template === "object") {
    const src = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    return Object.fromEntries(
      Object.entries(template as Record<string, unknown>).map(([k, t]) => [k, shapeLike(t, src[k], k)]),
    );
  }
  return template;
}

const STEP_TEMPLATES: { [K in FormStepKey]: () => StepInputs[K] } = {
  lead: emptyLeadStep,
  partnership: emptyPartnershipStep,
  analysis: emptyAnalysisStep,
  measures: () => ({ measures: [] }),
  budget: () => emptyBudgetStep([]),
  submit: emptyDeclarations,
};

/** One step's posted or stored values, shaped as its form holds them (never trusted, never thrown at). */
export function shapeStepInput<K extends FormStepKey>(key: K, raw: unknown): StepInputs[K] {
  return shapeLike(STEP_TEMPLATES[key](), raw) as StepInputs[K];
}

const STEP_KEYS = STEPS.map((s) => s.key) as StepKey[];

/** A stored draft (Plan.draftData) as a complete PlanDraft. */
export function readDraft(raw: unknown): PlanDraft {
  const src = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const draft = emptyDraft();
  for (const key of Object.keys(STEP_TEMPLATES) as FormStepKey[]) {
    if (src[key] !== undefined) (draft as Record<FormStepKey, unknown>)[key] = shapeStepInput(key, src[key]);
  }
  draft.saved = Array.isArray(src.saved) ? STEP_KEYS.filter((k) => (src.saved as unknown[]).includes(k)) : [];
  draft.lastStep = STEP_KEYS.includes(src.lastStep as StepKey) ? (src.lastStep as StepKey) : "lead";
  return withPeriodYears(draft);
}

/**
 * The per-year rows of measures and budget follow the period of step 1: a year that stays keeps
 * what was typed, a new year starts empty, a year outside the period goes.
 */
export function withPeriodYears(draft: PlanDraft): PlanDraft {
  const years = planYears(draft.lead.periodStart, draft.lead.periodEnd);
  if (years.length === 0) return draft;
  const follow = <R extends { year: unknown }>(rows: R[], blank: (year: number) => R): R[] =>
    years.map((year) => rows.find((r) => Number(r.year) === year) ?? blank(year));
  return {
    ...draft,
    measures: {
      measures: draft.measures.measures.map((m) => ({
        ...m,
        costs: follow(m.costs, (year) => ({ year, amount: "" })),
      })),
    },
    budget: {
      ...draft.budget,
      rows: follow(draft.budget.rows, (year) => ({
        year,
        requested: "",
        ownContribution: "",
        otherSources: "0",
      })),
    },
  };
}

/**
 * What the measures and budget steps need from the other steps: the years, and per year the costs,
 * the most that may be requested and the split's weights, at the rates of `rules` (the
 * regulation's own, a category's where a measure names one).
 */
export function stepContext(
  draft: PlanDraft,
  rules: Pick<PlanRules, "rateBp" | "measureCategories">,
): StepContext {
  const years = planYears(draft.lead.periodStart, draft.lead.periodEnd);
  const { perYear } = measureTotals(draft.measures.measures, years);
  const rated = ratedTotals(draft.measures.measures, years, rules);
  return {
    years,
    costsPerYear: perYear.map(String),
    maxPerYear: rated.maxPerYear.map(String),
    weightedCostsPerYear: rated.weightedPerYear.map(String),
    ownRates: rated.ownRates,
  };
}

// ── Validation of the whole plan ──────────────────────────────────────────────────────────────
export type StepIssue = { path: string; message: string };
export type PlanIssues = Record<StepKey, StepIssue[]>;

export type PlanValues = {
  lead: LeadStepOutput;
  partnership: PartnershipStepOutput;
  analysis: AnalysisStepOutput;
  measures: MeasuresStepOutput;
  budget: BudgetStepOutput;
};

export type AttachmentFacts = { kinds: string[] };

function issuesOf(result: z.ZodSafeParseResult<unknown>): StepIssue[] {
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** The schema of a form step, given the rules and (for measures and budget) the other steps. */
export function stepSchema(key: FormStepKey, rules: PlanRules, context: StepContext) {
  switch (key) {
    case "lead":
      return leadStepSchema(rules);
    case "partnership":
      return partnershipStepSchema();
    case "analysis":
      return analysisStepSchema();
    case "measures":
      return measuresStepSchema(rules, context);
    case "budget":
      return budgetStepSchema(rules, context);
    case "submit":
      return declarationsSchema();
  }
}

/**
 * Every step checked, plus the rules that span steps: the partnership agreement is attached, the
 * lead applicant's equity or guarantee covers `securityMinBp` of the request. `values` is set only
 * when nothing is wrong (declarations aside when `withDeclarations` is false).
 */
export function validatePlan(
  draft: PlanDraft,
  rules: PlanRules,
  attachments: AttachmentFacts,
  options: {
    withDeclarations: boolean;
    securityOn?: "lead" | "budget";
    /** Steps read `lenient`ly (rules.ts StepStrictness): a supplement answer's closed steps. */
    lenient?: { measures: boolean; budget: boolean };
  } = {
    withDeclarations: true,
  },
): { issues: PlanIssues; values?: PlanValues } {
  const context = stepContext(draft, rules);
  const lead = leadStepSchema(rules).safeParse(draft.lead);
  const partnership = partnershipStepSchema().safeParse(draft.partnership);
  const analysis = analysisStepSchema().safeParse(draft.analysis);
  const measures = measuresStepSchema(rules, context, { lenient: options.lenient?.measures }).safeParse(
    draft.measures,
  );
  const budget = budgetStepSchema(rules, context, { lenient: options.lenient?.budget }).safeParse(
    draft.budget,
  );
  const declarations = declarationsSchema().safeParse(draft.submit);
  const issues: PlanIssues = {
    lead: issuesOf(lead),
    partnership: issuesOf(partnership),
    analysis: issuesOf(analysis),
    measures: issuesOf(measures),
    budget: issuesOf(budget),
    attachments: [],
    submit: options.withDeclarations ? issuesOf(declarations) : [],
  };
  if (!attachments.kinds.includes("PARTNERSHIP_AGREEMENT"))
    issues.attachments.push({
      path: "file-PARTNERSHIP_AGREEMENT",
      message: "Voeg de ondertekende samenwerkingsovereenkomst toe.",
    });
  if (lead.success && budget.success) {
    const requested = budget.data.rows.reduce((s, r) => s + r.requested, 0n);
    // A minimum the applicant must reach: rounded up, or a security a fraction of a cent short passes.
    const needed = applyRateBpUp(requested, rules.securityMinBp);
    const security = lead.data.securityAmount;
    if (security < needed && options.securityOn === "budget") {
      // The most a request may be that this security covers: ceil(request × bp / 10000) ≤ security,
      // that is request × bp ≤ security × 10000.
      const most = (security * BigInt(FULL_RATE_BP)) / BigInt(rules.securityMinBp);
      issues.budget.push({
        path: "rows",
        message: `Het eigen vermogen of de garantie uit stap 1 (${formatCents(security)}) moet ten minste ${formatRateBp(rules.securityMinBp)} van de gevraagde subsidie zijn; vraag samen hoogstens ${formatCents(most)}.`,
      });
    } else if (security < needed)
      issues.lead.push({
        path: "securityAmount",
        message: `Het eigen vermogen of de garantie moet ten minste ${formatRateBp(rules.securityMinBp)} van de gevraagde subsidie zijn: ${formatCents(needed)}.`,
      });
  }
  const clean = Object.values(issues).every((list) => list.length === 0);
  if (
    !clean ||
    !lead.success ||
    !partnership.success ||
    !analysis.success ||
    !measures.success ||
    !budget.success
  )
    return { issues };
  return {
    issues,
    values: {
      lead: lead.data,
      partnership: partnership.data,
      analysis: analysis.data,
      measures: measures.data,
      budget: budget.data,
    },
  };
}

/**
 * An answer to a supplement request (Awb 4:5) is checked in the steps it reopened, against today's
 * rules. The steps it left closed were checked at submission and cannot have changed since; a rule
 * changed meanwhile (a later publication date, a shorter maximum duration, a higher minimum) may
 * make them fail today, and the applicant, who cannot open them, could then never answer: the
 * application would lapse at the end of its hersteltermijn for a fault not its own. A lowered rate
 * or wage-cost share does the same to the closed measures and budget steps. So the closed steps do
 * not block the answer: their values are read with the regulation's bounds opened up and without
 * its rates and caps (`lenient`), and the handler judges the plan against today's rules at the
 * completeness check, as for any application (and may reopen the step).
 *
 * Step 5's amounts per year rest on step 4's costs (sources = costs, the rate's cap, the split over
 * the years). With step 4 open and step 5 closed they are held strictly, and what no longer fits is
 * said on step 4, where it was changed; only with both closed are the rates not held against them.
 * `closedYears` are the calendar years a closed step 4 or 5 holds as stored (closedStepYears): a
 * period in other years could never be answered, so step 1 says so.
 */
export function validateSupplementAnswer(
  draft: PlanDraft,
  rules: PlanRules,
  attachments: AttachmentFacts,
  reopened: readonly StepKey[],
  closedYears: readonly number[] = [],
): { issues: PlanIssues; values?: PlanValues } {
  const open = (step: StepKey) => step === "submit" || reopened.includes(step);
  // The equity or guarantee (step 1) must cover the request (step 5): a rule across two steps,
  // held where the applicant can mend it. With step 1 closed and step 5 open it is said on step 5,
  // or a higher request would go in unchecked; with both closed, neither changed since submission.
  const securityOn = !open("lead") && open("budget") ? "budget" : "lead";
  const strict = validatePlan(draft, rules, attachments, { withDeclarations: true, securityOn });
  const years = planYears(draft.lead.periodStart, draft.lead.periodEnd);
  // A closed step 4 or 5 keeps its amounts for the years it was submitted with (drafts.server.ts
  // keepClosedSteps).
  const yearsMoved =
    open("lead") && closedYears.length > 0 && years.length > 0 && years.join() !== closedYears.join();
  if (strict.values && !yearsMoved) return strict;
  const issues = Object.fromEntries(
    STEPS.map((s) => [s.key, open(s.key) ? strict.issues[s.key] : []]),
  ) as PlanIssues;
  if (yearsMoved) issues.lead.push({ path: "periodEnd", message: periodYearsKeptMessage(closedYears) });
  if (open("measures") && !open("budget") && strict.issues.budget.length > 0)
    issues.measures.push({ path: "measures", message: COSTS_AGAINST_CLOSED_BUDGET });
  if (Object.values(issues).some((list) => list.length > 0)) return { issues };
  const opened: PlanRules = {
    ...rules,
    minThemes: 0,
    maxDurationMonths: 1200,
    minimumRequestCents: "0",
    securityMinBp: open("lead") || open("budget") ? rules.securityMinBp : 0,
    earliestStart: "0001-01-01",
    latestEnd: "9999-12-31",
    publishedOn: null,
    envelopeYears: [...new Set([...rules.envelopeYears, ...years])].sort((a, b) => a - b),
  };
  const lenient = validatePlan(draft, opened, attachments, {
    withDeclarations: true,
    securityOn,
    lenient: { measures: !open("measures"), budget: !open("measures") && !open("budget") },
  });
  return lenient.values ? { issues, values: lenient.values } : { issues: strict.issues };
}

function periodYearsKeptMessage(years: readonly number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  const span = first === last ? `het kalenderjaar ${first}` : `de kalenderjaren ${first}–${last}`;
  return `De bedragen per jaar (stap 4 en 5) zijn niet alle heropend en gelden voor ${span}. Kies een looptijd in dezelfde kalenderjaren, of vraag de behandelaar om ook die stappen te heropenen.`;
}

/**
 * A stored draft as the wizard shows it and submission checks it: the whole plan, or, while a
 * supplement request reopened some steps, the answer (validateSupplementAnswer) with the years its
 * closed steps were stored with. `stored` is Plan.draftData as stored, `draft` its readDraft.
 */
export function validateStoredDraft(
  draft: PlanDraft,
  stored: unknown,
  rules: PlanRules,
  attachments: AttachmentFacts,
  reopened: readonly StepKey[] | null,
): { issues: PlanIssues; values?: PlanValues } {
  if (!reopened) return validatePlan(draft, rules, attachments);
  return validateSupplementAnswer(draft, rules, attachments, reopened, closedStepYears(stored, reopened));
}

/** Said on a reopened step 4 when the closed step 5's amounts per year no longer fit its costs. */
export const COSTS_AGAINST_CLOSED_BUDGET =
  "De begroting (stap 5) is niet heropend en past niet meer bij deze kosten: houd de kosten per kalenderjaar (en per percentage) zoals ze waren, of vraag de behandelaar om ook stap 5 te heropenen.";

/**
 * The calendar years a supplement request's closed step 5 (else its closed step 4) holds as stored,
 * before readDraft makes them follow the period; [] when both are open. Those steps are stored as
 * they were (drafts.server.ts keepClosedSteps), so these are the years they were submitted with.
 */
export function closedStepYears(raw: unknown, reopened: readonly StepKey[]): number[] {
  const src = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const years = (list: { year: unknown }[]) =>
    [...new Set(list.map((r) => Number(r.year)).filter((y) => Number.isInteger(y)))].sort((a, b) => a - b);
  if (!reopened.includes("budget")) return years(shapeStepInput("budget", src.budget).rows);
  if (!reopened.includes("measures"))
    return years(shapeStepInput("measures", src.measures).measures.flatMap((m) => m.costs));
  return [];
}

export type StepState = "todo" | "done" | "errors";

/**
 * The step list's marks: never saved is "todo"; saved is "done" or "errors". The attachments step
 * has no form: it counts as saved once something was uploaded.
 */
export function stepStates(
  draft: PlanDraft,
  issues: PlanIssues,
  attachments: { count: number } = { count: 0 },
): Record<StepKey, StepState> {
  const saved = (key: StepKey) => (key === "attachments" ? attachments.count > 0 : draft.saved.includes(key));
  return Object.fromEntries(
    STEPS.map((s) => [s.key, !saved(s.key) ? "todo" : issues[s.key].length > 0 ? "errors" : "done"]),
  ) as Record<StepKey, StepState>;
}
