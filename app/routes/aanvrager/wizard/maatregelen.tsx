import { Button, FormFieldErrorMessage, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useMemo } from "react";
import { type Control, type UseFormReturn, useFieldArray, useWatch } from "react-hook-form";
import { formatEuro } from "../../../domain/money.ts";
import { DRAFT_LIST_CAP, LONG_TEXT_MAX, TITLE_MAX } from "../../../domain/plan/steps/common.ts";
import {
  categoryFields,
  categoryOf,
  emptyMeasure,
  HIRING_GROUND_LABELS,
  HIRING_GROUNDS,
  hiringGroundOf,
  type MeasuresStepInput,
  measuresStepSchema,
  measureTotals,
} from "../../../domain/plan/steps/measures.ts";
import type { PlanRules } from "../../../domain/plan/steps/rules.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { CharCount } from "../../../ui/char-count.tsx";
import { fieldId } from "../../../ui/error-summary.tsx";
import { SelectField, TextareaField, TextField } from "../../../ui/fields.tsx";
import { TableScroll } from "../../../ui/table.tsx";
import { RadioChoice } from "../../../ui/wizard/choice.tsx";
import { choice, type ErrorAt, field, StepForm } from "../../../ui/wizard/step-form.tsx";
import { useWizard } from "../../../ui/wizard/use-wizard.ts";
import type { Route } from "./+types/maatregelen";
import { stepAction, stepLoader } from "./step-action.server.ts";

export { shouldRevalidate } from "./layout.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  return stepLoader(request, params.planId, "measures");
}

export async function action({ request, params }: Route.ActionArgs) {
  return stepAction(request, params.planId, "measures");
}

export default function MeasuresStep() {
  const wizard = useWizard();
  const years = wizard.context.years;
  const schema = useMemo(() => measuresStepSchema(wizard.rules, { years }), [wizard.rules, years]);
  // A draft saved when step 4 had only the net-growth tick shows that tick as its chosen ground.
  const defaults: MeasuresStepInput =
    wizard.draft.measures.measures.length > 0
      ? { measures: wizard.draft.measures.measures.map((m) => ({ ...m, hiringGround: hiringGroundOf(m) })) }
      : { measures: [emptyMeasure(years)] };
  return (
    <StepForm
      schema={schema}
      defaultValues={defaults}
      version={wizard.plan.version}
      savedAt={wizard.plan.savedAt}
      userId={wizard.userId}
      valuesInHtml
    >
      {(form, errorAt) => <Measures form={form} errorAt={errorAt} years={years} rules={wizard.rules} />}
    </StepForm>
  );
}

function Measures({
  form,
  errorAt,
  years,
  rules,
}: {
  form: UseFormReturn<MeasuresStepInput>;
  errorAt: ErrorAt;
  years: number[];
  rules: PlanRules;
}) {
  const { t, dt } = useI18n();
  const { control } = form;
  const measures = useFieldArray({ control, name: "measures" });
  const listError = errorAt("measures");
  const count = measures.fields.length;
  // The server keeps no more rows than this, so a further one would be dropped without a word.
  const full = count >= DRAFT_LIST_CAP;
  return (
    <>
      <Paragraph>{t("wizard.measures.intro", { count: rules.minThemes })}</Paragraph>
      {years.length === 0 ? <Paragraph>{t("wizard.measures.periodFirst")}</Paragraph> : null}
      <div id="measures" tabIndex={-1}>
        {listError ? (
          <FormFieldErrorMessage id="measures-error">{dt(listError)}</FormFieldErrorMessage>
        ) : null}
      </div>
      {measures.fields.map((row, i) => (
        <fieldset key={row.id} className="sp-measure">
          <legend className="sp-measure__legend">{t("wizard.measures.measure", { number: i + 1 })}</legend>
          <SelectField
            id={fieldId(`measures.${i}.theme`)}
            label={t("wizard.measures.theme")}
            options={rules.themes.map((theme) => ({ value: theme.code, label: dt(theme.label) }))}
            error={errorAt(`measures.${i}.theme`)}
            {...field(form, `measures.${i}.theme`)}
          />
          <TextField
            id={fieldId(`measures.${i}.title`)}
            label={t("wizard.measures.title")}
            description={<Count control={control} name={`measures.${i}.title`} max={TITLE_MAX} />}
            error={errorAt(`measures.${i}.title`)}
            {...field(form, `measures.${i}.title`)}
          />
          <TextareaField
            id={fieldId(`measures.${i}.description`)}
            label={t("wizard.measures.description")}
            description={<Count control={control} name={`measures.${i}.description`} max={LONG_TEXT_MAX} />}
            rows={4}
            error={errorAt(`measures.${i}.description`)}
            {...field(form, `measures.${i}.description`)}
          />
          <TextareaField
            id={fieldId(`measures.${i}.conditions`)}
            label={t("wizard.measures.conditions")}
            description={
              <>
                {t("wizard.measures.conditionsDescription")}{" "}
                <Count control={control} name={`measures.${i}.conditions`} max={LONG_TEXT_MAX} />
              </>
            }
            rows={3}
            error={errorAt(`measures.${i}.conditions`)}
            {...field(form, `measures.${i}.conditions`)}
          />
          <TextField
            id={fieldId(`measures.${i}.executingParty`)}
            label={t("wizard.measures.executingParty")}
            error={errorAt(`measures.${i}.executingParty`)}
            {...field(form, `measures.${i}.executingParty`)}
          />
          <div className="sp-row">
            <TextField
              id={fieldId(`measures.${i}.participants`)}
              label={t("wizard.measures.participants")}
              inputMode="numeric"
              error={errorAt(`measures.${i}.participants`)}
              {...field(form, `measures.${i}.participants`)}
            />
            <TextField
              id={fieldId(`measures.${i}.costPerParticipant`)}
              label={t("wizard.measures.costPerParticipant")}
              description={t("wizard.measures.costPerParticipantDescription")}
              inputMode="decimal"
              error={errorAt(`measures.${i}.costPerParticipant`)}
              {...field(form, `measures.${i}.costPerParticipant`)}
            />
          </div>
          <CategoryFields form={form} errorAt={errorAt} rules={rules} index={i} />
          <CostsPerYear form={form} errorAt={errorAt} years={years} index={i} />
          <MeasureTotal control={control} index={i} years={years} />
          <div className="sp-actions">
            {i > 0 ? (
              <Button appearance="subtle-button" type="button" onClick={() => measures.move(i, i - 1)}>
                {t("wizard.measures.moveUp", { number: i + 1 })}
              </Button>
            ) : null}
            {i < count - 1 ? (
              <Button appearance="subtle-button" type="button" onClick={() => measures.move(i, i + 1)}>
                {t("wizard.measures.moveDown", { number: i + 1 })}
              </Button>
            ) : null}
            {count > 1 ? (
              <Button appearance="subtle-button" type="button" onClick={() => measures.remove(i)}>
                {t("wizard.measures.remove", { number: i + 1 })}
              </Button>
            ) : null}
          </div>
        </fieldset>
      ))}
      <Button
        appearance="secondary-action-button"
        type="button"
        disabled={full}
        aria-describedby={full ? "measures-cap" : undefined}
        onClick={() => measures.append(emptyMeasure(years))}
      >
        {t("wizard.measures.add")}
      </Button>
      {full ? (
        <Paragraph id="measures-cap">{t("wizard.measures.atCap", { max: DRAFT_LIST_CAP })}</Paragraph>
      ) : null}
      <PlanTotals control={control} years={years} />
    </>
  );
}

/**
 * The measure's category, where the regulation has categories with a rate of their own, and the
 * questions the chosen category asks: the wage costs per participant (a category that caps the
 * costs at a share of them) and art. 4.4's ground for the hire. Which of these show follows the
 * category as saved (so the server renders them without JavaScript: choose, save, answer) and as
 * chosen (useWatch). A field the category no longer asks for is emptied, as the server stores it.
 */
function CategoryFields({
  form,
  errorAt,
  rules,
  index: i,
}: {
  form: UseFormReturn<MeasuresStepInput>;
  errorAt: ErrorAt;
  rules: PlanRules;
  index: number;
}) {
  const { t, dt } = useI18n();
  const { control, getValues, setValue } = form;
  const code = useWatch({ control, name: `measures.${i}.category` }) ?? "";
  // A code the regulation dropped still shows the list (with its message), so it can be changed.
  if (rules.measureCategories.length === 0 && !code) return null;
  const category = categoryOf(rules, code);
  const asks = categoryFields(category);
  const select = field(form, `measures.${i}.category`);
  const wageId = fieldId(`measures.${i}.wageCostsPerParticipant`);
  return (
    <>
      <SelectField
        id={fieldId(`measures.${i}.category`)}
        label={t("wizard.measures.category")}
        description={t("wizard.measures.categoryDescription", { rate: rules.rateBp / 100 })}
        placeholder={t("wizard.measures.categoryNone", { rate: rules.rateBp / 100 })}
        options={rules.measureCategories.map((c) => ({
          value: c.code,
          // "<label> — 100%": the same in both languages, so no text of its own.
          label: `${dt(c.label)} — ${c.rateBp / 100}%`,
        }))}
        error={errorAt(`measures.${i}.category`)}
        {...select}
        onChange={(event) => {
          const next = categoryFields(categoryOf(rules, event.target.value));
          if (!next.wageCosts && getValues(`measures.${i}.wageCostsPerParticipant`))
            setValue(`measures.${i}.wageCostsPerParticipant`, "");
          if (!next.hiringGround && getValues(`measures.${i}.hiringGround`))
            setValue(`measures.${i}.hiringGround`, "");
          if (!next.hiringGround && getValues(`measures.${i}.netJobGrowth`))
            setValue(`measures.${i}.netJobGrowth`, false);
          return select.onChange(event);
        }}
      />
      {asks.wageCosts && category ? (
        <TextField
          id={wageId}
          label={t("wizard.measures.wageCosts")}
          description={t("wizard.measures.wageCostsDescription", {
            share: (category.maxShareOfWageCostsBp ?? 0) / 100,
            legalBasis: dt(category.legalBasis),
          })}
          inputMode="decimal"
          error={errorAt(`measures.${i}.wageCostsPerParticipant`)}
          {...field(form, `measures.${i}.wageCostsPerParticipant`)}
        />
      ) : null}
      {asks.hiringGround && category ? (
        <RadioChoice
          id={fieldId(`measures.${i}.hiringGround`)}
          legend={t("wizard.measures.netJobGrowth", { legalBasis: dt(category.legalBasis) })}
          description={t("wizard.measures.hiringGroundDescription")}
          options={HIRING_GROUNDS.map((g) => ({ value: g, label: dt(HIRING_GROUND_LABELS[g]) }))}
          error={errorAt(`measures.${i}.hiringGround`)}
          registration={choice(form, `measures.${i}.hiringGround`)}
        />
      ) : null}
    </>
  );
}

/**
 * One measure's amounts, a group of its own: the group's message (a year missing, no period yet)
 * is named by its legend and read with every amount. The error summary links to the group, and
 * its link focuses the first amount.
 */
function CostsPerYear({
  form,
  errorAt,
  years,
  index: i,
}: {
  form: UseFormReturn<MeasuresStepInput>;
  errorAt: ErrorAt;
  years: number[];
  index: number;
}) {
  const { t, dt } = useI18n();
  const { register } = form;
  const id = fieldId(`measures.${i}.costs`);
  const error = errorAt(`measures.${i}.costs`);
  return (
    <fieldset id={id} tabIndex={-1} className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {t("wizard.measures.costsLegend", { number: i + 1 })}
      </legend>
      {error ? <FormFieldErrorMessage id={`${id}-error`}>{dt(error)}</FormFieldErrorMessage> : null}
      <div className="sp-row">
        {years.map((year, j) => (
          <div key={year}>
            <input type="hidden" value={year} {...register(`measures.${i}.costs.${j}.year`)} />
            <TextField
              id={fieldId(`measures.${i}.costs.${j}.amount`)}
              label={t("wizard.measures.costsYear", { year: String(year) })}
              inputMode="decimal"
              error={errorAt(`measures.${i}.costs.${j}.amount`)}
              describedBy={error ? `${id}-error` : undefined}
              {...field(form, `measures.${i}.costs.${j}.amount`)}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function MeasureTotal({
  control,
  index,
  years,
}: {
  control: Control<MeasuresStepInput>;
  index: number;
  years: number[];
}) {
  const { t } = useI18n();
  const measure = useWatch({ control, name: `measures.${index}` });
  const total = measure ? measureTotals([measure], years).total : 0n;
  return (
    <Paragraph>
      <output aria-live="polite">{t("wizard.measures.measureTotal", { amount: formatEuro(total) })}</output>
    </Paragraph>
  );
}

/** The plan's costs per year and in total, recomputed as the amounts are typed. */
function PlanTotals({ control, years }: { control: Control<MeasuresStepInput>; years: number[] }) {
  const { t } = useI18n();
  const measures = useWatch({ control, name: "measures" }) ?? [];
  const totals = measureTotals(measures, years);
  return (
    <TableScroll>
      <table className="utrecht-table sp-totals" aria-labelledby="kosten-totaal">
        <caption id="kosten-totaal" className="utrecht-table__caption">
          {t("wizard.measures.totalsCaption")}
        </caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              {t("wizard.measures.year")}
            </th>
            <th className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column" scope="col">
              {t("wizard.measures.costs")}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {years.map((year, j) => (
            <tr key={year} className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="row">
                {year}
              </th>
              <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                {formatEuro(totals.perYear[j] ?? 0n)}
              </td>
            </tr>
          ))}
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="row">
              {t("wizard.measures.total")}
            </th>
            <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
              <output aria-live="polite" id="plan-total">
                {formatEuro(totals.total)}
              </output>
            </td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

function Count({
  control,
  name,
  max,
}: {
  control: Control<MeasuresStepInput>;
  name: `measures.${number}.title` | `measures.${number}.description` | `measures.${number}.conditions`;
  max: number;
}) {
  const value = useWatch({ control, name });
  return <CharCount length={typeof value === "string" ? value.length : 0} max={max} />;
}
