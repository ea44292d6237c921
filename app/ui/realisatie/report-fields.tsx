import { Paragraph } from "@rijkshuisstijl-community/components-react";
import type { UseFormReturn } from "react-hook-form";
import type { CostsStepInput, ResultsStepInput } from "../../domain/settlement/report-schemas.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { localeOf } from "../../i18n/resources.ts";
import { TextareaField, TextField } from "../fields.tsx";
import type { ErrorAt } from "../wizard/step-form.tsx";

/**
 * The fields of the two form steps the realisatieverslag and the tussentijds voortgangsverslag
 * share (settlement/report-schemas.ts): participants per measure and a summary, then an amount
 * per measure and year. Each report says in its own words what the figures cover (`intro`,
 * `yearLabel`).
 */

export function ResultsFields({
  form,
  errorAt,
  measures,
  intro,
}: {
  form: UseFormReturn<ResultsStepInput>;
  errorAt: ErrorAt;
  measures: { id: string; title: string; plannedParticipants: number }[];
  intro: string;
}) {
  const { t, lng } = useI18n();
  return (
    <>
      <Paragraph>{intro}</Paragraph>
      {measures.map((m, i) => (
        <div key={m.id}>
          <input type="hidden" {...form.register(`measures.${i}.measureId`)} />
          <TextField
            id={`measures-${i}-participants`}
            label={t("realisation.participants", { measure: m.title })}
            description={t("realisation.planned", {
              number: m.plannedParticipants.toLocaleString(localeOf(lng)),
            })}
            inputMode="numeric"
            error={errorAt(`measures.${i}.participants`)}
            {...form.register(`measures.${i}.participants`)}
          />
        </div>
      ))}
      <TextareaField
        id="summary"
        label={t("realisation.summary")}
        rows={6}
        error={errorAt("summary")}
        {...form.register("summary")}
      />
    </>
  );
}

export function CostsFields({
  form,
  errorAt,
  measures,
  years,
  intro,
  yearLabel,
}: {
  form: UseFormReturn<CostsStepInput>;
  errorAt: ErrorAt;
  measures: { id: string; title: string }[];
  years: number[];
  intro: string;
  yearLabel: (year: number) => string;
}) {
  return (
    <>
      <Paragraph>{intro}</Paragraph>
      {measures.map((m, mi) => (
        <fieldset key={m.id} className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {m.title}
          </legend>
          <div className="sp-row">
            {years.map((year, yi) => {
              const i = mi * years.length + yi;
              return (
                <div key={year}>
                  <input type="hidden" {...form.register(`costs.${i}.measureId`)} />
                  <input type="hidden" {...form.register(`costs.${i}.year`)} />
                  <TextField
                    id={`costs-${i}-amount`}
                    label={yearLabel(year)}
                    inputMode="decimal"
                    error={errorAt(`costs.${i}.amount`)}
                    {...form.register(`costs.${i}.amount`)}
                  />
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
    </>
  );
}
