import { z } from "zod";
import {
  centsOrZero,
  DRAFT_LIST_CAP,
  formatCents,
  LONG_TEXT_MAX,
  optionalMoney,
  optionalText,
  requiredText,
  sameYears,
  TITLE_MAX,
  wholeNumber,
  yearAmount,
} from "./common.ts";
import type { PlanRules, StepContext } from "./rules.ts";

/** Step 4, "Maatregelen": a repeatable list; together the measures cover `minThemes` themes. */
export function measuresStepSchema(rules: PlanRules, context: Pick<StepContext, "years">) {
  const themeCodes = new Set(rules.themes.map((t) => t.code));
  const years = context.years;
  const measure = z.object({
    theme: z.string().refine((c) => themeCodes.has(c), { message: "Kies een thema uit de lijst." }),
    title: requiredText("de titel van de maatregel", TITLE_MAX),
    description: requiredText("de beschrijving van de maatregel", LONG_TEXT_MAX),
    conditions: optionalText("de voorwaarden", LONG_TEXT_MAX),
    executingParty: requiredText("de uitvoerende partij", TITLE_MAX),
    participants: wholeNumber("Vul het aantal deelnemers in als heel getal (ten minste 1)."),
    costPerParticipant: optionalMoney("de kosten per deelnemer"),
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
      });
    });
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
