import { Button, FormFieldErrorMessage, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useMemo } from "react";
import { type UseFormReturn, useFieldArray } from "react-hook-form";
import { DRAFT_LIST_CAP } from "../../../domain/plan/steps/common.ts";
import {
  emptyPartner,
  PARTNER_KINDS,
  type PartnershipStepInput,
  partnershipStepSchema,
} from "../../../domain/plan/steps/partnership.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { fieldId } from "../../../ui/error-summary.tsx";
import { SelectField, TextField } from "../../../ui/fields.tsx";
import { type ErrorAt, field, StepForm } from "../../../ui/wizard/step-form.tsx";
import { useWizard } from "../../../ui/wizard/use-wizard.ts";
import type { Route } from "./+types/samenwerking";
import { stepAction, stepLoader } from "./step-action.server.ts";

export { shouldRevalidate } from "./layout.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  return stepLoader(request, params.planId, "partnership");
}

export async function action({ request, params }: Route.ActionArgs) {
  return stepAction(request, params.planId, "partnership");
}

export default function PartnershipStep() {
  const wizard = useWizard();
  const schema = useMemo(() => partnershipStepSchema(), []);
  const hasAgreement = wizard.attachments.some((a) => a.kind === "PARTNERSHIP_AGREEMENT");
  return (
    <StepForm
      schema={schema}
      defaultValues={wizard.draft.partnership}
      version={wizard.plan.version}
      savedAt={wizard.plan.savedAt}
      userId={wizard.userId}
      valuesInHtml
    >
      {(form, errorAt) => (
        <Partners form={form} errorAt={errorAt} hasAgreement={hasAgreement} planId={wizard.plan.id} />
      )}
    </StepForm>
  );
}

function Partners({
  form,
  errorAt,
  hasAgreement,
  planId,
}: {
  form: UseFormReturn<PartnershipStepInput>;
  errorAt: ErrorAt;
  hasAgreement: boolean;
  planId: string;
}) {
  const { t, dt } = useI18n();
  const partners = useFieldArray({ control: form.control, name: "partners" });
  const listError = errorAt("partners");
  // The server keeps no more rows than this, so a further one would be dropped without a word.
  const full = partners.fields.length >= DRAFT_LIST_CAP;
  return (
    <>
      <Paragraph>{t("wizard.partnership.intro")}</Paragraph>
      <div id="partners" tabIndex={-1}>
        {listError ? (
          <FormFieldErrorMessage id="partners-error">{dt(listError)}</FormFieldErrorMessage>
        ) : null}
      </div>
      {partners.fields.map((row, i) => (
        <fieldset key={row.id} className="sp-measure">
          <legend className="sp-measure__legend">{t("wizard.partnership.partner", { number: i + 1 })}</legend>
          <SelectField
            id={fieldId(`partners.${i}.kind`)}
            label={t("wizard.partnership.kind")}
            options={PARTNER_KINDS.map((k) => ({ value: k, label: t(`wizard.partnership.kinds.${k}`) }))}
            error={errorAt(`partners.${i}.kind`)}
            {...field(form, `partners.${i}.kind`)}
          />
          <TextField
            id={fieldId(`partners.${i}.name`)}
            label={t("wizard.partnership.name")}
            error={errorAt(`partners.${i}.name`)}
            {...field(form, `partners.${i}.name`)}
          />
          <div className="sp-row">
            <TextField
              id={fieldId(`partners.${i}.contactName`)}
              label={t("wizard.partnership.contactName")}
              error={errorAt(`partners.${i}.contactName`)}
              {...field(form, `partners.${i}.contactName`)}
            />
            <TextField
              id={fieldId(`partners.${i}.contactEmail`)}
              type="email"
              label={t("wizard.partnership.contactEmail")}
              error={errorAt(`partners.${i}.contactEmail`)}
              {...field(form, `partners.${i}.contactEmail`)}
            />
          </div>
          {partners.fields.length > 1 ? (
            <Button appearance="subtle-button" type="button" onClick={() => partners.remove(i)}>
              {t("wizard.partnership.remove", { number: i + 1 })}
            </Button>
          ) : null}
        </fieldset>
      ))}
      <Button
        appearance="secondary-action-button"
        type="button"
        disabled={full}
        aria-describedby={full ? "partners-cap" : undefined}
        onClick={() => partners.append(emptyPartner())}
      >
        {t("wizard.partnership.add")}
      </Button>
      {full ? (
        <Paragraph id="partners-cap">{t("wizard.partnership.atCap", { max: DRAFT_LIST_CAP })}</Paragraph>
      ) : null}
      <Paragraph>
        {hasAgreement ? t("wizard.partnership.agreementPresent") : t("wizard.partnership.agreementMissing")}{" "}
        <a className="utrecht-link" href={`/aanvrager/plannen/${planId}/stap/bijlagen`}>
          {t("wizard.partnership.toAttachments")}
        </a>
      </Paragraph>
    </>
  );
}
