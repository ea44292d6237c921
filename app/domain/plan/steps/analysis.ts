import { z } from "zod";
import { LONG_TEXT_MAX, requiredText } from "./common.ts";

/**
 * The texts of step 3, in the order of the form: key, the Dutch label used in messages ("Vul … in."),
 * and the heading documents print above the text.
 */
export const ANALYSIS_FIELDS = [
  [
    "bottlenecksNow",
    "de tekst over de acute knelpunten op de arbeidsmarkt",
    "Acute knelpunten op de arbeidsmarkt",
  ],
  [
    "bottlenecksExpected",
    "de tekst over de verwachte knelpunten in de komende vijf jaar",
    "Verwachte knelpunten in de komende vijf jaar",
  ],
  ["targetGroups", "de tekst over de doelgroepen", "Doelgroepen"],
  ["goals", "de tekst over de doelen en meetbare resultaten", "Doelen en meetbare resultaten"],
  ["organisation", "de tekst over de organisatie en planning", "Organisatie en planning"],
  ["continuation", "de tekst over de voortzetting na de subsidie", "Voortzetting na de subsidie"],
] as const;
export type AnalysisField = (typeof ANALYSIS_FIELDS)[number][0];

/** Step 3, "Analyse en aanpak": six long texts, each required and at most 10,000 characters. */
export function analysisStepSchema() {
  return z.object(
    Object.fromEntries(
      ANALYSIS_FIELDS.map(([key, label]) => [key, requiredText(label, LONG_TEXT_MAX)]),
    ) as Record<AnalysisField, ReturnType<typeof requiredText>>,
  );
}
export type AnalysisStepInput = Record<AnalysisField, string>;
export type AnalysisStepOutput = Record<AnalysisField, string>;

export function emptyAnalysisStep(): AnalysisStepInput {
  return Object.fromEntries(ANALYSIS_FIELDS.map(([key]) => [key, ""])) as AnalysisStepInput;
}
