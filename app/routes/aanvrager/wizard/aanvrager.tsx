import { Fieldset, FieldsetLegend } from "@rijkshuisstijl-community/components-react";
import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { requireRole } from "../../../auth/session.server.ts";
import { LEGAL_FORMS } from "../../../domain/accounts/validation.ts";
import { LONG_TEXT_MAX, TITLE_MAX } from "../../../domain/plan/steps/common.ts";
import { type LeadStepInput, leadStepSchema } from "../../../domain/plan/steps/lead.ts";
import { leadPrefill } from "../../../domain/plan/wizard.server.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { CharCount } from "../../../ui/char-count.tsx";
import { SelectField, TextareaField, TextField } from "../../../ui/fields.tsx";
import { CheckboxChoice, RadioChoice } from "../../../ui/wizard/choice.tsx";
import { choice, field, StepForm } from "../../../ui/wizard/step-form.tsx";
import { useWizard } from "../../../ui/wizard/use-wizard.ts";
import type { Route } from "./+types/aanvrager";
import { openStep, stepAction } from "./step-action.server.ts";

export { shouldRevalidate } from "./layout.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  await openStep(user, params.planId, "lead");
  return { step: "lead" as const, prefill: await leadPrefill(params.planId, user) };
}

export async function action({ request, params }: Route.ActionArgs) {
  return stepAction(request, params.planId, "lead");
}

export default function LeadStep({ loaderData }: Route.ComponentProps) {
  const wizard = useWizard();
  const { t, dt, date } = useI18n();
  const schema = useMemo(() => leadStepSchema(wizard.rules), [wizard.rules]);
  const defaults: LeadStepInput = wizard.draft.saved.includes("lead")
    ? wizard.draft.lead
    : {
        ...wizard.draft.lead,
        ...loaderData.prefill,
        leadLegalForm: loaderData.prefill.leadLegalForm as LeadStepInput["leadLegalForm"],
      };
  return (
    <StepForm
      schema={schema}
      defaultValues={defaults}
      version={wizard.plan.version}
      savedAt={wizard.plan.savedAt}
      userId={wizard.userId}
      valuesInHtml
      first
    >
      {(form, errorAt) => {
        const { control } = form;
        return (
          <>
            <Fieldset>
              <FieldsetLegend>{t("wizard.lead.planLegend")}</FieldsetLegend>
              <TextField
                id="title"
                label={t("wizard.lead.title")}
                description={<Count control={control} name="title" max={TITLE_MAX} />}
                error={errorAt("title")}
                {...field(form, "title")}
              />
              <TextareaField
                id="summary"
                label={t("wizard.lead.summary")}
                description={
                  <>
                    {t("wizard.lead.summaryDescription")}{" "}
                    <Count control={control} name="summary" max={LONG_TEXT_MAX} />
                  </>
                }
                rows={4}
                error={errorAt("summary")}
                {...field(form, "summary")}
              />
              <div className="sp-row">
                <TextField
                  id="periodStart"
                  type="date"
                  label={t("wizard.lead.periodStart")}
                  description={t("wizard.lead.periodStartDescription", {
                    date: date(wizard.rules.earliestStart),
                  })}
                  error={errorAt("periodStart")}
                  {...field(form, "periodStart")}
                />
                <TextField
                  id="periodEnd"
                  type="date"
                  label={t("wizard.lead.periodEnd")}
                  description={t("wizard.lead.periodEndDescription", {
                    months: wizard.rules.maxDurationMonths,
                    date: date(wizard.rules.latestEnd),
                  })}
                  error={errorAt("periodEnd")}
                  {...field(form, "periodEnd")}
                />
              </div>
            </Fieldset>
            <Fieldset>
              <FieldsetLegend>{t("wizard.lead.leadLegend")}</FieldsetLegend>
              <TextField
                id="leadName"
                label={t("wizard.lead.leadName")}
                autoComplete="organization"
                error={errorAt("leadName")}
                {...field(form, "leadName")}
              />
              <TextField
                id="leadKvk"
                label={t("wizard.lead.leadKvk")}
                description={t("wizard.lead.leadKvkDescription")}
                inputMode="numeric"
                error={errorAt("leadKvk")}
                {...field(form, "leadKvk")}
              />
              <SelectField
                id="leadLegalForm"
                label={t("wizard.lead.leadLegalForm")}
                options={LEGAL_FORMS.map((f) => ({ value: f, label: dt(f) }))}
                error={errorAt("leadLegalForm")}
                {...field(form, "leadLegalForm")}
              />
              <TextField
                id="leadAddress"
                label={t("wizard.lead.leadAddress")}
                autoComplete="street-address"
                error={errorAt("leadAddress")}
                {...field(form, "leadAddress")}
              />
              <TextField
                id="leadIban"
                label={t("wizard.lead.leadIban")}
                description={t("wizard.lead.leadIbanDescription")}
                error={errorAt("leadIban")}
                {...field(form, "leadIban")}
              />
              <div className="sp-row">
                <TextField
                  id="contactName"
                  label={t("wizard.lead.contactName")}
                  autoComplete="name"
                  error={errorAt("contactName")}
                  {...field(form, "contactName")}
                />
                <TextField
                  id="contactEmail"
                  type="email"
                  label={t("wizard.lead.contactEmail")}
                  autoComplete="email"
                  error={errorAt("contactEmail")}
                  {...field(form, "contactEmail")}
                />
              </div>
            </Fieldset>
            <Fieldset>
              <FieldsetLegend>{t("wizard.lead.securityLegend")}</FieldsetLegend>
              <RadioChoice
                id="securityKind"
                legend={t("wizard.lead.securityKind")}
                description={t("wizard.lead.securityDescription", {
                  percent: wizard.rules.securityMinBp / 100,
                })}
                options={[
                  { value: "EQUITY", label: t("wizard.lead.equity") },
                  { value: "GUARANTEE", label: t("wizard.lead.guarantee") },
                ]}
                error={errorAt("securityKind")}
                registration={choice(form, "securityKind")}
              />
              <TextField
                id="securityAmount"
                label={t("wizard.lead.securityAmount")}
                description={t("wizard.lead.amountDescription")}
                inputMode="decimal"
                error={errorAt("securityAmount")}
                {...field(form, "securityAmount")}
              />
            </Fieldset>
            <Fieldset>
              <FieldsetLegend>{t("wizard.lead.coverageLegend")}</FieldsetLegend>
              <RadioChoice
                id="coverage"
                legend={t("wizard.lead.coverage")}
                options={[
                  { value: "SECTORS", label: t("wizard.lead.coverageSectors") },
                  { value: "REGIONS", label: t("wizard.lead.coverageRegions") },
                ]}
                error={errorAt("coverage")}
                registration={choice(form, "coverage")}
              />
              <Coverage control={control}>
                {(coverage) =>
                  coverage === "REGIONS" ? (
                    <CheckboxChoice
                      id="regionCodes"
                      legend={t("wizard.lead.regions")}
                      options={wizard.rules.regions.map((r) => ({ value: r.code, label: dt(r.label) }))}
                      error={errorAt("regionCodes")}
                      registration={choice(form, "regionCodes")}
                    />
                  ) : (
                    <CheckboxChoice
                      id="sectorCodes"
                      legend={t("wizard.lead.sectors")}
                      options={wizard.rules.sectors.map((s) => ({ value: s.code, label: dt(s.label) }))}
                      error={errorAt("sectorCodes")}
                      registration={choice(form, "sectorCodes")}
                    />
                  )
                }
              </Coverage>
              <TextField
                id="employeesInScope"
                label={t("wizard.lead.employeesInScope")}
                inputMode="numeric"
                error={errorAt("employeesInScope")}
                {...field(form, "employeesInScope")}
              />
            </Fieldset>
          </>
        );
      }}
    </StepForm>
  );
}

function Coverage({
  control,
  children,
}: {
  control: import("react-hook-form").Control<LeadStepInput>;
  children: (coverage: string) => React.ReactNode;
}) {
  const coverage = useWatch({ control, name: "coverage" });
  return <>{children(coverage)}</>;
}

function Count({
  control,
  name,
  max,
}: {
  control: import("react-hook-form").Control<LeadStepInput>;
  name: "title" | "summary";
  max: number;
}) {
  const value = useWatch({ control, name });
  return <CharCount length={typeof value === "string" ? value.length : 0} max={max} />;
}
