import { z } from "zod";
import { LONG_TEXT_MAX, money, wholeNumber } from "../plan/steps/common.ts";

/**
 * The realisatieverslag's form steps, each one zod schema used by react-hook-form in the browser
 * and by the action on the server (as the plan wizard does). Inputs are what the form posts
 * (strings); outputs are numbers and cents.
 */

export const REPORT_STEPS = [
  { key: "results", slug: "resultaten", label: "Resultaten" },
  { key: "costs", slug: "kosten", label: "Kosten" },
  { key: "submit", slug: "indienen", label: "Indienen" },
] as const;
export type ReportStepKey = (typeof REPORT_STEPS)[number]["key"];

export function reportStepBySlug(slug: string | undefined) {
  return REPORT_STEPS.find((s) => s.slug === slug);
}

export const resultsStepSchema = z.object({
  measures: z.array(
    z.object({
      measureId: z.string().min(1),
      participants: wholeNumber("Vul het aantal bereikte deelnemers in: een heel getal, 0 of meer.", 0),
    }),
  ),
  summary: z
    .string()
    .trim()
    .min(20, "Beschrijf in ten minste 20 tekens wat volgens plan ging en wat niet.")
    .max(LONG_TEXT_MAX, `De toelichting mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
});
export type ResultsStepInput = z.input<typeof resultsStepSchema>;
export type ResultsStepOutput = z.output<typeof resultsStepSchema>;

export const costsStepSchema = z.object({
  costs: z.array(
    z.object({
      measureId: z.string().min(1),
      year: z.coerce.number().int(),
      amount: money("de werkelijke kosten"),
    }),
  ),
});
export type CostsStepInput = z.input<typeof costsStepSchema>;
export type CostsStepOutput = z.output<typeof costsStepSchema>;

export const submitStepSchema = z.object({
  declaration: z.boolean().refine((v) => v, {
    message:
      "Verklaar dat het verslag en de kosten naar waarheid zijn ingevuld en uit de administratie blijken.",
  }),
});
export type SubmitStepInput = z.input<typeof submitStepSchema>;

/** The drafts as stored in RealisationReport.draftData: what was typed, valid or not. */
export type ReportDraft = {
  results?: ResultsStepInput;
  costs?: CostsStepInput;
};
