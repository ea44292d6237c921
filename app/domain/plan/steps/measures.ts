import { z } from "zod";
import { formatRateBp, parseEuroInput } from "../../money.ts";
import {
  type CofinancingRates,
  hasOwnRates,
  type MeasureCategory,
  maxCostPerParticipant,
  rateOfMeasure,
  weightedCostsPerYear,
  weightedToCents,
} from "../cofinancing.ts";
import {
  centsOrZero,
  DRAFT_LIST_CAP,
  formatCents,
  INVALID_AMOUNT,
  LONG_TEXT_MAX,
  optionalMoney,
  optionalText,
  requiredText,
  sameYears,
  TITLE_MAX,
  wholeNumber,
  yearAmount,
} from "./common.ts";
import type { PlanRules, StepContext, StepStrictness } from "./rules.ts";

/** The rates a plan is measured against, as the wizard's rules carry them (plan/cofinancing.ts). */
function ratesOfRules(rules: Pick<PlanRules, "rateBp" | "measureCategories">): CofinancingRates {
  return { rateBp: rules.rateBp, categories: rules.measureCategories };
}

/** The category a measure names, or undefined for none and for a code the regulation does not know. */
export function categoryOf(
  rules: Pick<PlanRules, "measureCategories">,
  code: string | undefined,
): MeasureCategory | undefined {
  return code ? rules.measureCategories.find((c) => c.code === code) : undefined;
}

/**
 * Art. 4.4: hiring kwetsbare werknemers qualifies when it brings net job growth (lid 2: more
 * arbeidsjaareenheden than the average of the previous twelve months) or, "in afwijking van het
 * tweede lid", when the vacancy arose not from afvloeiingen but from one of lid 3's grounds. The
 * applicant states which; the first is lid 2, the others lid 3 in its order.
 */
export const HIRING_GROUNDS = [
  "net-growth",
  "resignation",
  "disability",
  "retirement",
  "reduced-hours",
  "dismissal-for-cause",
] as const;
export type HiringGround = (typeof HIRING_GROUNDS)[number];

/** The grounds as the regulation words them (the staff's pages and the PDF; dt() for English). */
export const HIRING_GROUND_LABELS: Record<HiringGround, string> = {
  "net-growth":
    "Nettogroei: de indienstneming leidt tot een netto toename van het aantal arbeidsjaareenheden (artikel 4.4, tweede lid)",
  resignation: "Vacature ontstaan door ontslag op initiatief van de werknemer (artikel 4.4, derde lid)",
  disability: "Vacature ontstaan door handicap (artikel 4.4, derde lid)",
  retirement: "Vacature ontstaan door ouderdomspensionering (artikel 4.4, derde lid)",
  "reduced-hours":
    "Vacature ontstaan door vermindering van werktijd op initiatief van de werknemer (artikel 4.4, derde lid)",
  "dismissal-for-cause":
    "Vacature ontstaan door gewettigd ontslag om dringende redenen (artikel 4.4, derde lid)",
};

export function isHiringGround(value: unknown): value is HiringGround {
  return (HIRING_GROUNDS as readonly unknown[]).includes(value);
}

/**
 * A measure's ground as a draft or snapshot holds it: the choice, or "net-growth" for one stored
 * before the choice existed, when step 4 had only the net-job-growth tick (lid 2). Drafts are never
 * lost and snapshots never rewritten, so their tick keeps reading as what it declared. "" for none.
 */
export function hiringGroundOf(m: {
  hiringGround?: string | null;
  netJobGrowth?: boolean | null;
}): HiringGround | "" {
  if (isHiringGround(m.hiringGround)) return m.hiringGround;
  return m.netJobGrowth === true ? "net-growth" : "";
}

/** Which of a measure's category fields its category asks for (the form shows only those). */
export function categoryFields(category: MeasureCategory | undefined) {
  return {
    wageCosts: category?.maxShareOfWageCostsBp != null,
    // requiresNetJobGrowth (its name kept: it is stored in regulations and decisions) asks art. 4.4's ground.
    hiringGround: category?.requiresNetJobGrowth === true,
  };
}

/**
 * A measure with the category fields its category does not ask for emptied: they are not stored,
 * so a value typed under another category cannot come back when that category is chosen again.
 */
export function withApplicableCategoryFields<M extends MeasureInput>(
  rules: Pick<PlanRules, "measureCategories">,
  m: M,
): M {
  const fields = categoryFields(categoryOf(rules, m.category));
  // The ground as chosen (or an old draft's tick), stored with the tick that mirrors it, so that a
  // draft saved now reads the same to this code and to any that still reads only the tick.
  const ground = fields.hiringGround ? hiringGroundOf(m) : "";
  return {
    ...m,
    wageCostsPerParticipant: fields.wageCosts ? (m.wageCostsPerParticipant ?? "") : "",
    hiringGround: ground,
    netJobGrowth: ground === "net-growth",
  };
}

/** Step 4, "Maatregelen": a repeatable list; together the measures cover `minThemes` themes. */
export function measuresStepSchema(
  rules: PlanRules,
  context: Pick<StepContext, "years">,
  { lenient = false }: StepStrictness = {},
) {
  const themeCodes = new Set(rules.themes.map((t) => t.code));
  const years = context.years;
  const rates = ratesOfRules(rules);
  const measure = z.object({
    theme: z.string().refine((c) => themeCodes.has(c), { message: "Kies een thema uit de lijst." }),
    title: requiredText("de titel van de maatregel", TITLE_MAX),
    description: requiredText("de beschrijving van de maatregel", LONG_TEXT_MAX),
    conditions: optionalText("de voorwaarden", LONG_TEXT_MAX),
    executingParty: requiredText("de uitvoerende partij", TITLE_MAX),
    participants: wholeNumber("Vul het aantal deelnemers in als heel getal (ten minste 1)."),
    costPerParticipant: optionalMoney("de kosten per deelnemer"),
    /** A code of rules.measureCategories, or "" for none (the regulation's own rate). */
    category: z.string().default(""),
    /** Wage costs per participant over 12 months, as typed; read only where the category asks. */
    wageCostsPerParticipant: z.string().default(""),
    /** Art. 4.4's ground (HIRING_GROUNDS), or "" for none; read only where the category asks. */
    hiringGround: z.string().default(""),
    /** The lid-2 tick of drafts saved before the ground was asked; read through hiringGroundOf. */
    netJobGrowth: z.boolean().default(false),
    costs: z.array(yearAmount("de kosten")),
  });
  return z
    .object({
      measures: z
        .array(measure)
        .min(1, "Voeg ten minste één maatregel toe.")
        .max(DRAFT_LIST_CAP, `Voeg hoogstens ${DRAFT_LIST_CAP} maatregelen toe.`),
    })
    .superRefine(
      (v, ctx) => {
        // Runs even when a measure's fields are wrong (`when`), so "two themes" shows at once.
        const list = Array.isArray(v?.measures) ? v.measures : [];
        const themes = new Set(
          list.map((m) => m?.theme).filter((t) => typeof t === "string" && themeCodes.has(t)),
        );
        if (list.length > 0 && themes.size < rules.minThemes)
          ctx.addIssue({
            code: "custom",
            path: ["measures"],
            message: `De maatregelen moeten samen ten minste ${rules.minThemes} verschillende thema's dekken.`,
          });
        // The category's own questions, checked with the rest of the measure's fields.
        list.forEach((m, i) => {
          const code = typeof m?.category === "string" ? m.category : "";
          const category = categoryOf(rules, code);
          if (code !== "" && !category) {
            ctx.addIssue({
              code: "custom",
              path: ["measures", i, "category"],
              // A code posted by hand, or one the regulation no longer has (removed after it was chosen).
              message: `De categorie "${code}" bestaat niet (meer) in deze regeling; kies een categorie uit de lijst of "Geen".`,
            });
            return;
          }
          const fields = categoryFields(category);
          if (fields.wageCosts) {
            const raw =
              typeof m?.wageCostsPerParticipant === "string" ? m.wageCostsPerParticipant.trim() : "";
            if (raw === "")
              ctx.addIssue({
                code: "custom",
                path: ["measures", i, "wageCostsPerParticipant"],
                message: `Vul de loonkosten per deelnemer over 12 maanden in: de categorie ${category?.label} vraagt erom.`,
              });
            else if (parseEuroInput(raw) === null)
              ctx.addIssue({
                code: "custom",
                path: ["measures", i, "wageCostsPerParticipant"],
                message: `Bij de loonkosten per deelnemer ${INVALID_AMOUNT}`,
              });
          }
          if (fields.hiringGround && hiringGroundOf(m ?? {}) === "")
            ctx.addIssue({
              code: "custom",
              path: ["measures", i, "hiringGround"],
              message: `Kies waarom de indienstneming in aanmerking komt: nettogroei van het aantal banen, of een vacature die niet door afvloeiing is ontstaan. De categorie ${category?.label} vraagt erom.`,
            });
        });
      },
      { when: () => true },
    )
    .superRefine((v, ctx) => {
      v.measures.forEach((m, i) => {
        if (years.length === 0) {
          ctx.addIssue({
            code: "custom",
            path: ["measures", i, "costs"],
            message:
              "Vul eerst in stap 1 een geldige looptijd in; dan vraagt dit formulier de kosten per jaar.",
          });
          return;
        }
        if (!sameYears(m.costs, years)) {
          ctx.addIssue({
            code: "custom",
            path: ["measures", i, "costs"],
            message: "Vul de kosten in voor elk kalenderjaar van de looptijd.",
          });
          return;
        }
        const total = m.costs.reduce((sum, c) => sum + c.amount, 0n);
        // zod still runs this refinement when the participants failed their own check (the issue
        // lets parsing continue), then with the raw text: compare only a valid number.
        const validParticipants = Number.isInteger(m.participants) && m.participants >= 1;
        if (m.costPerParticipant !== null && validParticipants) {
          const expected = m.costPerParticipant * BigInt(m.participants);
          if (expected !== total)
            ctx.addIssue({
              code: "custom",
              path: ["measures", i, "costPerParticipant"],
              message: `${m.participants} deelnemers × ${formatCents(m.costPerParticipant)} is ${formatCents(expected)}, maar de kosten van deze maatregel zijn samen ${formatCents(total)}.`,
            });
        }
        // A category that caps the eligible costs at a share of the wage costs (art. 4.3: 20% of
        // 12 months'): the measure's costs over all its years at most participants × that share.
        const category = categoryOf(rules, m.category);
        const wageCosts = parseEuroInput(m.wageCostsPerParticipant.trim());
        const perParticipant =
          category && wageCosts !== null ? maxCostPerParticipant(category, wageCosts) : null;
        if (!lenient && category && perParticipant !== null && validParticipants) {
          const most = perParticipant * BigInt(m.participants);
          if (total > most)
            ctx.addIssue({
              code: "custom",
              path: ["measures", i, "wageCostsPerParticipant"],
              message: `In de categorie ${category.label} zijn de kosten hoogstens ${formatRateBp(category.maxShareOfWageCostsBp ?? 0)} van de loonkosten: ${m.participants} deelnemers × ${formatCents(perParticipant)} is ${formatCents(most)}, maar de kosten van deze maatregel zijn samen ${formatCents(total)}.`,
            });
        }
      });
    })
    .transform((v) => ({
      ...v,
      // What submission stores: the category and only the answers it asks for (null / false else).
      measures: v.measures.map((m) => {
        const category = categoryOf(rules, m.category);
        const fields = categoryFields(category);
        const ground = fields.hiringGround ? hiringGroundOf(m) : "";
        return {
          ...m,
          category: category ? category.code : null,
          rateBp: rateOfMeasure(rates, category?.code),
          wageCostsPerParticipant: fields.wageCosts ? parseEuroInput(m.wageCostsPerParticipant.trim()) : null,
          hiringGround: ground === "" ? null : ground,
          // Measure.netJobGrowth: the lid-2 declaration; a lid-3 ground is in the snapshot (hiringGround).
          netJobGrowth: ground === "net-growth",
        };
      }),
    }));
}
export type MeasuresStepInput = z.input<ReturnType<typeof measuresStepSchema>>;
export type MeasuresStepOutput = z.output<ReturnType<typeof measuresStepSchema>>;
export type MeasureInput = MeasuresStepInput["measures"][number];

export function emptyMeasure(years: number[]): MeasureInput {
  return {
    theme: "",
    title: "",
    description: "",
    conditions: "",
    executingParty: "",
    participants: "",
    costPerParticipant: "",
    category: "",
    wageCostsPerParticipant: "",
    hiringGround: "",
    netJobGrowth: false,
    costs: years.map((year) => ({ year, amount: "" })),
  };
}

export function emptyMeasuresStep(years: number[]): MeasuresStepInput {
  return { measures: [emptyMeasure(years)] };
}

/** Live totals over a draft (invalid amounts count as 0): per measure, and per year for the plan. */
export function measureTotals(measures: MeasureInput[], years: number[]) {
  const perMeasure = measures.map((m) => (m.costs ?? []).reduce((s, c) => s + centsOrZero(c.amount), 0n));
  const perYear = years.map((y) =>
    measures.reduce((s, m) => s + centsOrZero(m.costs?.find((c) => Number(c.year) === y)?.amount), 0n),
  );
  return { perMeasure, perYear, total: perYear.reduce((s, c) => s + c, 0n) };
}

/**
 * Over a draft (invalid amounts count as 0), per year: the most that may be requested (Σ cost ×
 * the measure's rate, rounded down once per year) and the weights the request is split by (the
 * same sum unrounded); and whether some measure has a rate other than the regulation's own. A code
 * the regulation does not know counts at its own rate (cofinancing.ts rateOfMeasure).
 */
export function ratedTotals(
  measures: MeasureInput[],
  years: number[],
  rules: Pick<PlanRules, "rateBp" | "measureCategories">,
) {
  const rates = ratesOfRules(rules);
  const rated = measures.map((m) => ({
    category: m.category,
    costs: years.map((year) => ({
      year,
      costCents: centsOrZero(m.costs?.find((c) => Number(c.year) === year)?.amount),
    })),
  }));
  const weighted = weightedCostsPerYear(rates, rated);
  const weights = years.map((y) => weighted.get(y) ?? 0n);
  return {
    weightedPerYear: weights,
    maxPerYear: weights.map(weightedToCents),
    ownRates: hasOwnRates(rates, measures),
  };
}
