import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useMemo } from "react";
import { data, redirect } from "react-router";
import { requestSignOff } from "../../../domain/accounts/sign-off.server.ts";
import { RuleViolation } from "../../../domain/errors.ts";
import { submitPlan } from "../../../domain/plan/plans.server.ts";
import { declarationsSchema } from "../../../domain/plan/steps/declarations.ts";
import { STEPS, type StepKey } from "../../../domain/plan/steps/wizard.ts";
import { getWizard } from "../../../domain/plan/wizard.server.ts";
import { NOT_A_SIGNATORY } from "../../../domain/workflow/definition.server.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { Alert } from "../../../ui/alert.tsx";
import { fieldId } from "../../../ui/error-summary.tsx";
import { Link } from "../../../ui/link.tsx";
import { CheckboxField } from "../../../ui/wizard/choice.tsx";
import { DraftSummary } from "../../../ui/wizard/draft-summary.tsx";
import { choice, StepForm } from "../../../ui/wizard/step-form.tsx";
import { useWizard } from "../../../ui/wizard/use-wizard.ts";
import { actionFailure } from "../../respond.server.ts";
import type { Route } from "./+types/indienen";
import { errorTree, type StepActionResult, stepAction, stepLoader } from "./step-action.server.ts";

export { shouldRevalidate } from "./layout.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  return stepLoader(request, params.planId, "submit");
}

/**
 * Step 7: the declarations are saved like any step; "Indienen" then checks every step (the
 * errors of all steps come back as one list), the signatory and the window, and submits.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const planId = params.planId;
  return stepAction(request, planId, "submit", async ({ user, intent, version }) => {
    const wizard = await getWizard(user.actor, user.id, planId);
    if (intent === "submit" && !wizard.window && !wizard.supplement)
      return data<StepActionResult>(
        { ok: false, version, formError: "Het aanvraagtijdvak is gesloten; indienen is niet meer mogelijk." },
        { status: 400 },
      );
    const problems = STEPS.flatMap((s) => wizard.issues[s.key].map((i) => ({ step: s.key, ...i })));
    if (intent === "submit" && problems.length > 0) {
      return data<StepActionResult>(
        {
          ok: false,
          version,
          formError:
            "Het plan is nog niet compleet. Hieronder staat per stap wat nog ontbreekt of niet klopt.",
          errors: errorTree(wizard.issues.submit),
        },
        { status: 400 },
      );
    }
    try {
      if (intent === "sign-off") {
        try {
          await requestSignOff(user.actor, planId);
        } catch (err) {
          // The step was saved first: the refusal carries its new version, or the next save would be
          // answered as a conflict (actionFailure's answer has no version).
          if (err instanceof RuleViolation)
            return data<StepActionResult>({ ok: false, version, formError: err.message }, { status: 400 });
          throw err;
        }
        return {
          ok: true as const,
          intent: "save" as const,
          version,
          savedAt: new Date().toISOString(),
          signOff: true,
        };
      }
      // The engine refuses a non-signatory too (workflow guard); asking first gives a form message (400).
      if (!wizard.isSignatory)
        return data<StepActionResult>({ ok: false, version, formError: NOT_A_SIGNATORY }, { status: 400 });
      await submitPlan(user.actor, planId, version);
      return redirect(`/aanvrager/plannen/${planId}?ingediend=1`);
    } catch (err) {
      return actionFailure(err);
    }
  });
}

export default function SubmitStep({ actionData }: Route.ComponentProps) {
  const wizard = useWizard();
  const { t, dt, date } = useI18n();
  const schema = useMemo(() => declarationsSchema(), []);
  const problems = STEPS.filter((s) => s.key !== "submit").flatMap((s) =>
    wizard.issues[s.key].map((i) => ({ step: s, ...i })),
  );
  const signOffSent = !!actionData && "signOff" in actionData;
  const base = `/aanvrager/plannen/${wizard.plan.id}/stap`;
  return (
    <>
      {signOffSent ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{t("plan.signOffRequested")}</Paragraph>
        </div>
      ) : null}
      <Paragraph>{t("wizard.submit.intro")}</Paragraph>
      {wizard.supplement ? null : wizard.window ? (
        <Paragraph>{t("wizard.submit.windowOpen", { date: date(wizard.window.lastDay) })}</Paragraph>
      ) : (
        <Alert type="warning">
          <Paragraph>{t("wizard.submit.windowClosed")}</Paragraph>
        </Alert>
      )}
      <section aria-labelledby="nog-te-doen" className="sp-stack">
        <Heading level={2} id="nog-te-doen">
          {problems.length > 0
            ? t("wizard.submit.problems", { count: problems.length })
            : t("wizard.submit.noProblems")}
        </Heading>
        {problems.length > 0 ? (
          <ul className="utrecht-unordered-list" id="stap-fouten">
            {problems.map((p) => (
              <li key={`${p.step.key}:${p.path}:${p.message}`} className="utrecht-unordered-list__item">
                <a
                  className="utrecht-link"
                  href={`${base}/${p.step.slug}${p.path ? `#${fieldId(p.path)}` : ""}`}
                >
                  {t("wizard.submit.problemAt", {
                    step: p.step.number,
                    title: t(`wizard.steps.${p.step.key as StepKey}`),
                  })}
                  : {dt(p.message)}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {/* Whatever step 1 names, payments go to the organisation's approved account (wizard.server.ts payeeOf). */}
      <Paragraph id="betaalrekening">
        {wizard.payee.state === "notPaid"
          ? t("wizard.submit.payeeNotPaid")
          : t("wizard.submit.payee", { iban: wizard.payee.iban, holder: wizard.payee.holder })}
        {wizard.payee.state === "awaitingCheck" ? <> {t("wizard.submit.payeeUnchecked")}</> : null}
        {wizard.payee.state === "changePending" ? (
          <>
            {" "}
            {t("wizard.submit.payeeChangePending", {
              newIban: wizard.payee.newIban,
              newHolder: wizard.payee.newHolder,
            })}
          </>
        ) : null}{" "}
        {/* Only a signatory may ask for another account (requestIbanChange); the others are told who can. */}
        {wizard.isSignatory ? (
          <Link href={`/aanvrager/organisatie?organisatie=${wizard.payee.organisationId}`}>
            {t("wizard.submit.payeeChange")}
          </Link>
        ) : (
          t("wizard.submit.payeeChangeBySignatory")
        )}
      </Paragraph>
      <DraftSummary
        draft={wizard.draft}
        rules={wizard.rules}
        context={wizard.context}
        attachments={wizard.attachments}
        editBase={base}
      />
      <StepForm
        schema={schema}
        defaultValues={wizard.draft.submit}
        version={wizard.plan.version}
        savedAt={wizard.plan.savedAt}
        userId={wizard.userId}
        valuesInHtml
        actions={({ busy }) =>
          wizard.isSignatory ? (
            <Button
              appearance="primary-action-button"
              type="submit"
              name="intent"
              value="submit"
              disabled={busy}
            >
              {wizard.supplement ? t("wizard.supplement.send") : t("wizard.submit.submit")}
            </Button>
          ) : (
            <Button
              appearance="primary-action-button"
              type="submit"
              name="intent"
              value="sign-off"
              disabled={busy}
            >
              {t("wizard.submit.signOff")}
            </Button>
          )
        }
      >
        {(form, errorAt) => (
          <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
            <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
              {t("wizard.submit.declarations")}
            </legend>
            <CheckboxField
              id="truthful"
              label={t("wizard.submit.truthful")}
              error={errorAt("truthful")}
              registration={choice(form, "truthful")}
            />
            <CheckboxField
              id="stateAid"
              label={t("wizard.submit.stateAid")}
              error={errorAt("stateAid")}
              registration={choice(form, "stateAid")}
            />
            {wizard.isSignatory ? null : <Paragraph>{t("planForm.signOffHint")}</Paragraph>}
          </fieldset>
        )}
      </StepForm>
      {/* The other way out of the last step: a draft that will not be sent. A supplement is withdrawn instead. */}
      {wizard.editable && wizard.plan.status === "DRAFT" ? (
        <Paragraph>
          <Link href={`/aanvrager/plannen/${wizard.plan.id}/verwijderen`}>{t("draftDelete.link")}</Link>
        </Paragraph>
      ) : null}
    </>
  );
}
