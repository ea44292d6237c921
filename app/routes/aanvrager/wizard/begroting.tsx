import { FormFieldErrorMessage, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useMemo } from "react";
import { type Control, type UseFormReturn, useWatch } from "react-hook-form";
import { formatEuro, splitProportionally } from "../../../domain/money.ts";
import {
  type BudgetStepInput,
  budgetStepSchema,
  maxRequestPerYear,
} from "../../../domain/plan/steps/budget.ts";
import { centsOrZero, LONG_TEXT_MAX } from "../../../domain/plan/steps/common.ts";
import type { PlanRules, StepContext } from "../../../domain/plan/steps/rules.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { fieldId } from "../../../ui/error-summary.tsx";
import { TextareaField, TextField } from "../../../ui/fields.tsx";
import { CheckboxField } from "../../../ui/wizard/choice.tsx";
import { choice, type ErrorAt, field, StepForm } from "../../../ui/wizard/step-form.tsx";
import { useWizard } from "../../../ui/wizard/use-wizard.ts";
import type { Route } from "./+types/begroting";
import { stepAction, stepLoader } from "./step-action.server.ts";

export { shouldRevalidate } from "./layout.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  return stepLoader(request, params.planId, "budget");
}

export async function action({ request, params }: Route.ActionArgs) {
  return stepAction(request, params.planId, "budget");
}

export default function BudgetStep() {
  const wizard = useWizard();
  const schema = useMemo(
    () => budgetStepSchema(wizard.rules, wizard.context),
    [wizard.rules, wizard.context],
  );
  return (
    <StepForm
      schema={schema}
      defaultValues={wizard.draft.budget}
      version={wizard.plan.version}
      savedAt={wizard.plan.savedAt}
      userId={wizard.userId}
      valuesInHtml
    >
      {(form, errorAt) => (
        <Budget form={form} errorAt={errorAt} rules={wizard.rules} context={wizard.context} />
      )}
    </StepForm>
  );
}

function Budget({
  form,
  errorAt,
  rules,
  context,
}: {
  form: UseFormReturn<BudgetStepInput>;
  errorAt: ErrorAt;
  rules: PlanRules;
  context: StepContext;
}) {
  const { t, dt } = useI18n();
  const { register, control } = form;
  const max = maxRequestPerYear(context);
  const rowsError = errorAt("rows");
  return (
    <>
      <Paragraph>
        {t(context.ownRates ? "wizard.budget.introOwnRates" : "wizard.budget.intro", {
          rate: rules.rateBp / 100,
          minimum: formatEuro(BigInt(rules.minimumRequestCents)),
        })}
      </Paragraph>
      {context.years.length === 0 ? <Paragraph>{t("wizard.budget.periodFirst")}</Paragraph> : null}
      <div id="rows" tabIndex={-1}>
        {rowsError ? <FormFieldErrorMessage id="rows-error">{dt(rowsError)}</FormFieldErrorMessage> : null}
      </div>
      {context.years.map((year, j) => {
        const costs = BigInt(context.costsPerYear[j] ?? "0");
        return (
          <fieldset key={year} className="sp-measure">
            <legend className="sp-measure__legend">{t("wizard.budget.year", { year: String(year) })}</legend>
            <input type="hidden" value={year} {...register(`rows.${j}.year`)} />
            <Paragraph>
              {t("wizard.budget.costsOfYear", { amount: formatEuro(costs) })}{" "}
              {/* With a category's rate among the year's measures, the most is theirs, not rate × costs. */}
              {t(context.ownRates ? "wizard.budget.maxOfYearOwnRates" : "wizard.budget.maxOfYear", {
                amount: formatEuro(max[j] ?? 0n),
                rate: rules.rateBp / 100,
              })}
            </Paragraph>
            <div className="sp-row">
              <TextField
                id={fieldId(`rows.${j}.requested`)}
                label={t("wizard.budget.requested", { year: String(year) })}
                inputMode="decimal"
                error={errorAt(`rows.${j}.requested`)}
                {...field(form, `rows.${j}.requested`)}
              />
              <TextField
                id={fieldId(`rows.${j}.ownContribution`)}
                label={t("wizard.budget.ownContribution", { year: String(year) })}
                inputMode="decimal"
                error={errorAt(`rows.${j}.ownContribution`)}
                {...field(form, `rows.${j}.ownContribution`)}
              />
              <TextField
                id={fieldId(`rows.${j}.otherSources`)}
                label={t("wizard.budget.otherSources", { year: String(year) })}
                inputMode="decimal"
                error={errorAt(`rows.${j}.otherSources`)}
                {...field(form, `rows.${j}.otherSources`)}
              />
            </div>
            <Coverage control={control} index={j} costs={costs} />
          </fieldset>
        );
      })}
      <RequestTotal control={control} context={context} />
      <TextareaField
        id="otherSourcesDescription"
        label={t("wizard.budget.otherSourcesDescription")}
        description={t("wizard.budget.otherSourcesDescriptionHint", { max: LONG_TEXT_MAX })}
        rows={3}
        error={errorAt("otherSourcesDescription")}
        {...field(form, "otherSourcesDescription")}
      />
      <CheckboxField
        id="noDoubleFunding"
        label={t("wizard.budget.noDoubleFunding")}
        error={errorAt("noDoubleFunding")}
        registration={choice(form, "noDoubleFunding")}
      />
      <CheckboxField
        id="advancesRequested"
        label={t("wizard.budget.advancesRequested")}
        error={errorAt("advancesRequested")}
        registration={choice(form, "advancesRequested")}
      />
    </>
  );
}

/** Live: how much of the year's costs the three sources cover. */
function Coverage({
  control,
  index,
  costs,
}: {
  control: Control<BudgetStepInput>;
  index: number;
  costs: bigint;
}) {
  const { t } = useI18n();
  const row = useWatch({ control, name: `rows.${index}` });
  const covered = row
    ? centsOrZero(row.requested) + centsOrZero(row.ownContribution) + centsOrZero(row.otherSources)
    : 0n;
  return (
    <Paragraph>
      <output aria-live="polite">
        {t(covered === costs ? "wizard.budget.covered" : "wizard.budget.notCovered", {
          covered: formatEuro(covered),
          costs: formatEuro(costs),
        })}
      </output>
    </Paragraph>
  );
}

/**
 * Live: the total asked, and how it splits over the years in proportion to their costs as
 * co-financed (the rule; with one rate, simply the costs).
 */
function RequestTotal({ control, context }: { control: Control<BudgetStepInput>; context: StepContext }) {
  const { t } = useI18n();
  const rows = useWatch({ control, name: "rows" }) ?? [];
  const total = rows.reduce((s, r) => s + centsOrZero(r.requested), 0n);
  const weights = context.weightedCostsPerYear.map((w) => BigInt(w));
  const splits = context.years.length > 1 && total > 0n && weights.some((w) => w > 0n);
  const shares = splits ? splitProportionally(total, weights) : [];
  const split = context.years.map((year, i) => `${year}: ${formatEuro(shares[i] ?? 0n)}`).join("; ");
  return (
    <Paragraph>
      <output aria-live="polite" id="request-total">
        {t("wizard.budget.requestTotal", { amount: formatEuro(total) })}
        {splits
          ? ` ${t(context.ownRates ? "wizard.budget.requestSplitOwnRates" : "wizard.budget.requestSplit", { split })}`
          : null}
      </output>
    </Paragraph>
  );
}
