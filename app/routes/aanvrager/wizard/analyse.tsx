import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { useMemo } from "react";
import { type Control, useWatch } from "react-hook-form";
import {
  ANALYSIS_FIELDS,
  type AnalysisField,
  type AnalysisStepInput,
  analysisStepSchema,
} from "../../../domain/plan/steps/analysis.ts";
import { LONG_TEXT_MAX } from "../../../domain/plan/steps/common.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { CharCount } from "../../../ui/char-count.tsx";
import { TextareaField } from "../../../ui/fields.tsx";
import { field, StepForm } from "../../../ui/wizard/step-form.tsx";
import { useWizard } from "../../../ui/wizard/use-wizard.ts";
import type { Route } from "./+types/analyse";
import { stepAction, stepLoader } from "./step-action.server.ts";

export { shouldRevalidate } from "./layout.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  return stepLoader(request, params.planId, "analysis");
}

export async function action({ request, params }: Route.ActionArgs) {
  return stepAction(request, params.planId, "analysis");
}

export default function AnalysisStep() {
  const wizard = useWizard();
  const { t } = useI18n();
  const schema = useMemo(() => analysisStepSchema(), []);
  return (
    <StepForm
      schema={schema}
      defaultValues={wizard.draft.analysis}
      version={wizard.plan.version}
      savedAt={wizard.plan.savedAt}
      userId={wizard.userId}
      valuesInHtml
    >
      {(form, errorAt) => (
        <>
          <Paragraph>{t("wizard.analysis.intro")}</Paragraph>
          {ANALYSIS_FIELDS.map(([key]) => (
            <TextareaField
              key={key}
              id={key}
              label={t(`wizard.analysis.${key}`)}
              description={
                <>
                  {t(`wizard.analysis.${key}Description`)} <Count control={form.control} name={key} />
                </>
              }
              rows={6}
              error={errorAt(key)}
              {...field(form, key)}
            />
          ))}
        </>
      )}
    </StepForm>
  );
}

function Count({ control, name }: { control: Control<AnalysisStepInput>; name: AnalysisField }) {
  const value = useWatch({ control, name });
  return <CharCount length={typeof value === "string" ? value.length : 0} max={LONG_TEXT_MAX} />;
}
