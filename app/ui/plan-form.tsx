import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormFieldErrorMessage,
  Heading,
  Paragraph,
} from "@rijkshuisstijl-community/components-react";
import { useEffect, useMemo, useState } from "react";
import { type Control, type FieldErrors, get, useFieldArray, useWatch } from "react-hook-form";
import { useSubmit } from "react-router";
import { createFormData, useRemixForm } from "remix-hook-form";
import {
  LONG_TEXT_MAX,
  type PlanFormInput,
  type PlanFormOutput,
  type PlanFormRules,
  planFormSchema,
  planYears,
  TITLE_MAX,
} from "../domain/plan/plan-form.ts";
import { useI18n } from "../i18n/hooks.ts";
import { CharCount } from "./char-count.tsx";
import { ErrorSummary, fieldId, flattenErrors } from "./error-summary.tsx";
import { SelectField, TextareaField, TextField } from "./fields.tsx";

export type PlanIntent = "save" | "submit" | "sign-off";

type Props = {
  rules: PlanFormRules;
  defaultValues: PlanFormInput;
  version: number;
  /** From the action: a message that belongs to no field (conflict, budget). */
  formError?: string;
  actionResult?: unknown;
  busy: boolean;
  /** False for a colleague who is not a signatory: "Ter ondertekening aanbieden" replaces "Indienen". */
  canSubmit?: boolean;
};

function errorAt(errors: FieldErrors<PlanFormInput>, path: string): string | undefined {
  const e = get(errors, path) as { message?: unknown; root?: { message?: unknown } } | undefined;
  const m = e?.message ?? e?.root?.message;
  return typeof m === "string" ? m : undefined;
}

/**
 * The plan form. The same zod schema validates here and again in the route action; what is sent
 * is the raw input (the parsed output holds bigint cents, which do not serialise), with the
 * intent taken from the button that was pressed.
 */
export function PlanForm({
  rules,
  defaultValues,
  version,
  formError,
  actionResult,
  busy,
  canSubmit = true,
}: Props) {
  const schema = useMemo(() => planFormSchema(rules), [rules]);
  const { t, dt } = useI18n();
  const submit = useSubmit();
  // Bumped after every failed submit (in the browser or from the server) to move focus to the summary.
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    if (actionResult) setFocusTick((t) => t + 1);
  }, [actionResult]);
  const form = useRemixForm<PlanFormInput, unknown, PlanFormOutput>({
    resolver: zodResolver(schema),
    defaultValues,
    mode: "onSubmit",
    reValidateMode: "onChange",
    // The error summary takes focus instead (NL Design System pattern); its links lead to the fields.
    shouldFocusError: false,
    submitHandlers: {
      onValid: (_data, event) => {
        const submitter = (event?.nativeEvent as SubmitEvent | undefined)
          ?.submitter as HTMLButtonElement | null;
        const intent: PlanIntent =
          submitter?.value === "submit" || submitter?.value === "sign-off" ? submitter.value : "save";
        submit(createFormData({ ...form.getValues(), intent, expectedVersion: version }), { method: "post" });
      },
      onInvalid: () => setFocusTick((t) => t + 1),
    },
  });
  const { register, control, formState, setValue, getValues } = form;
  const errors = formState.errors;
  const measures = useFieldArray({ control, name: "measures" });
  const requested = useFieldArray({ control, name: "requested" });

  const [periodStart, periodEnd] = useWatch({ control, name: ["periodStart", "periodEnd"] });
  const years = useMemo(() => planYears(periodStart ?? "", periodEnd ?? ""), [periodStart, periodEnd]);
  const yearsKey = years.join(",");

  // The per-year amounts follow the period: keep what was typed for a year that stays.
  // biome-ignore lint/correctness/useExhaustiveDependencies: yearsKey stands for years.
  useEffect(() => {
    const current = getValues("requested") ?? [];
    if (sameYears(current, years)) return;
    requested.replace(years.map((y) => ({ year: y, amount: amountFor(current, y) })));
    getValues("measures").forEach((m, i) => {
      if (!sameYears(m.costs, years)) {
        setValue(
          `measures.${i}.costs`,
          years.map((y) => ({ year: y, amount: amountFor(m.costs, y) })),
        );
      }
    });
  }, [yearsKey]);

  const summary = flattenErrors(errors);
  if (formError) summary.unshift({ id: "", message: formError });

  return (
    <form
      method="post"
      noValidate
      onSubmit={form.handleSubmit}
      className="sp-stack"
      aria-labelledby="formulier"
    >
      <Heading level={2} id="formulier">
        {t("planForm.heading")}
      </Heading>
      <ErrorSummary errors={summary} focusKey={focusTick} />
      <TextField
        id="title"
        label={t("planForm.title")}
        description={<WatchedCount control={control} name="title" max={TITLE_MAX} />}
        error={errorAt(errors, "title")}
        {...register("title")}
      />
      <TextareaField
        id="summary"
        label={t("planForm.summary")}
        description={
          <>
            {t("planForm.summaryDescription")}{" "}
            <WatchedCount control={control} name="summary" max={LONG_TEXT_MAX} />
          </>
        }
        error={errorAt(errors, "summary")}
        rows={4}
        {...register("summary")}
      />
      <SelectField
        id="sectorCode"
        label={t("planForm.sector")}
        options={rules.sectors.map((s) => ({ value: s.code, label: dt(s.label) }))}
        error={errorAt(errors, "sectorCode")}
        {...register("sectorCode")}
      />
      <div className="sp-row">
        <TextField
          id="periodStart"
          type="date"
          label={t("planForm.periodStart")}
          description={t("planForm.periodStartDescription", { date: rules.earliestStart })}
          error={errorAt(errors, "periodStart")}
          {...register("periodStart")}
        />
        <TextField
          id="periodEnd"
          type="date"
          label={t("planForm.periodEnd")}
          description={t("planForm.periodEndDescription", { months: rules.maxDurationMonths })}
          error={errorAt(errors, "periodEnd")}
          {...register("periodEnd")}
        />
      </div>
      <div className="utrecht-form-field utrecht-form-field--checkbox">
        <Checkbox id="advancesRequested" {...register("advancesRequested")} />{" "}
        <label htmlFor="advancesRequested" className="utrecht-form-label utrecht-form-label--checkbox">
          {t("planForm.advances")}
        </label>
      </div>

      <Fieldset id="measures" aria-describedby={errorAt(errors, "measures") ? "measures-error" : undefined}>
        <FieldsetLegend>{t("planForm.measures")}</FieldsetLegend>
        <Paragraph>
          {t("planForm.measuresIntro", { count: rules.minThemes })}
          {years.length === 0 ? t("planForm.measuresIntroNoPeriod") : ""}.
        </Paragraph>
        {errorAt(errors, "measures") ? (
          <FormFieldErrorMessage id="measures-error">
            {dt(errorAt(errors, "measures") ?? "")}
          </FormFieldErrorMessage>
        ) : null}
        {measures.fields.map((field, i) => (
          <fieldset key={field.id} className="sp-measure">
            <legend className="sp-measure__legend">{t("planForm.measure", { number: i + 1 })}</legend>
            <SelectField
              id={fieldId(`measures.${i}.theme`)}
              label={t("planForm.theme")}
              options={rules.themes.map((theme) => ({ value: theme.code, label: dt(theme.label) }))}
              error={errorAt(errors, `measures.${i}.theme`)}
              {...register(`measures.${i}.theme`)}
            />
            <TextField
              id={fieldId(`measures.${i}.title`)}
              label={t("planForm.measureTitle")}
              description={<WatchedCount control={control} name={`measures.${i}.title`} max={TITLE_MAX} />}
              error={errorAt(errors, `measures.${i}.title`)}
              {...register(`measures.${i}.title`)}
            />
            <TextField
              id={fieldId(`measures.${i}.participants`)}
              label={t("planForm.participants")}
              inputMode="numeric"
              error={errorAt(errors, `measures.${i}.participants`)}
              {...register(`measures.${i}.participants`)}
            />
            <MeasureCosts control={control} index={i} errors={errors} register={register} />
            {measures.fields.length > 1 ? (
              <Button appearance="subtle-button" type="button" onClick={() => measures.remove(i)}>
                {t("planForm.removeMeasure", { number: i + 1 })}
              </Button>
            ) : null}
          </fieldset>
        ))}
        <Button
          appearance="secondary-action-button"
          type="button"
          onClick={() =>
            measures.append({
              theme: "",
              title: "",
              participants: "",
              costs: years.map((y) => ({ year: y, amount: "" })),
            })
          }
        >
          {t("planForm.addMeasure")}
        </Button>
      </Fieldset>

      <Fieldset
        id="requested"
        aria-describedby={errorAt(errors, "requested") ? "requested-error" : undefined}
      >
        <FieldsetLegend>{t("planForm.requested")}</FieldsetLegend>
        <Paragraph>{t("planForm.requestedIntro", { rate: rules.rateBp / 100 })}</Paragraph>
        {errorAt(errors, "requested") ? (
          <FormFieldErrorMessage id="requested-error">
            {dt(errorAt(errors, "requested") ?? "")}
          </FormFieldErrorMessage>
        ) : null}
        {requested.fields.length === 0 ? <Paragraph>{t("planForm.periodFirst")}</Paragraph> : null}
        <div className="sp-row">
          {requested.fields.map((field, j) => (
            <TextField
              key={field.id}
              id={fieldId(`requested.${j}.amount`)}
              label={t("planForm.requestedYear", { year: String(field.year) })}
              inputMode="decimal"
              error={errorAt(errors, `requested.${j}.amount`)}
              {...register(`requested.${j}.amount`)}
            />
          ))}
        </div>
      </Fieldset>

      <div className="sp-actions">
        <Button appearance="secondary-action-button" type="submit" name="intent" value="save" disabled={busy}>
          {t("planForm.save")}
        </Button>
        {canSubmit ? (
          <Button
            appearance="primary-action-button"
            type="submit"
            name="intent"
            value="submit"
            disabled={busy}
          >
            {t("planForm.submit")}
          </Button>
        ) : (
          <Button
            appearance="primary-action-button"
            type="submit"
            name="intent"
            value="sign-off"
            disabled={busy}
          >
            {t("planForm.signOff")}
          </Button>
        )}
      </div>
    </form>
  );
}

function MeasureCosts({
  control,
  index,
  errors,
  register,
}: {
  control: Control<PlanFormInput, unknown, PlanFormOutput>;
  index: number;
  errors: FieldErrors<PlanFormInput>;
  register: ReturnType<typeof useRemixForm<PlanFormInput, unknown, PlanFormOutput>>["register"];
}) {
  const costs = useFieldArray({ control, name: `measures.${index}.costs` });
  const { t, dt } = useI18n();
  const groupError = errorAt(errors, `measures.${index}.costs`);
  return (
    <div id={fieldId(`measures.${index}.costs`)} tabIndex={-1}>
      {groupError ? <FormFieldErrorMessage>{dt(groupError)}</FormFieldErrorMessage> : null}
      <div className="sp-row">
        {costs.fields.map((field, j) => (
          <TextField
            key={field.id}
            id={fieldId(`measures.${index}.costs.${j}.amount`)}
            label={t("planForm.costsYear", { year: String(field.year) })}
            inputMode="decimal"
            error={errorAt(errors, `measures.${index}.costs.${j}.amount`)}
            {...register(`measures.${index}.costs.${j}.amount`)}
          />
        ))}
      </div>
    </div>
  );
}

function sameYears(rows: { year: unknown }[] | undefined, years: number[]): boolean {
  return !!rows && rows.length === years.length && rows.every((r, i) => Number(r.year) === years[i]);
}

function amountFor(rows: { year: unknown; amount: string }[] | undefined, year: number): string {
  return rows?.find((r) => Number(r.year) === year)?.amount ?? "";
}

/** The live character count of one text field of the form (issue 4: titles 200, long texts 10,000). */
function WatchedCount({
  control,
  name,
  max,
}: {
  control: Control<PlanFormInput, unknown, PlanFormOutput>;
  name: "title" | "summary" | `measures.${number}.title`;
  max: number;
}) {
  const value = useWatch({ control, name });
  return <CharCount length={typeof value === "string" ? value.length : 0} max={max} />;
}
