import { zodResolver } from "@hookform/resolvers/zod";
import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, useNavigation } from "react-router";
import { getValidatedFormData } from "remix-hook-form";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { isSignatoryForPlan } from "../../domain/accounts/organisation.server.ts";
import { requestSignOff } from "../../domain/accounts/sign-off.server.ts";
import { type PlanFormInput, type PlanFormOutput, planFormSchema } from "../../domain/plan/plan-form.ts";
import { getPlanView, savePlanDraft, submitPlan } from "../../domain/plan/plans.server.ts";
import { NOT_A_SIGNATORY } from "../../domain/workflow/definition.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { PlanForm } from "../../ui/plan-form.tsx";
import {
  AdviceAndDecision,
  PlanContent,
  PlanDocuments,
  PlanHeader,
  PlanHistory,
} from "../../ui/plan-summary.tsx";
import { type ActionFailure, actionFailure, throwAsPage, validationFailure } from "../respond.server.ts";
import type { Route } from "./+types/plan";

export const meta: Route.MetaFunction = ({ data, matches }) => [
  data?.plan.reference
    ? { title: pageTitle(matches, "plan.title", { reference: data.plan.reference }) }
    : { title: pageTitle(matches, "plan.fallbackTitle") },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const plan = await getPlanView(user.actor, params.planId);
    return { plan, isSignatory: await isSignatoryForPlan(user.id, plan.id) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Meta = z.object({
  intent: z.enum(["save", "submit", "sign-off"]),
  expectedVersion: z.coerce.number().int().positive(),
});

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const formData = await request.formData();
  // remix-hook-form sends every value JSON-encoded.
  const meta = Meta.safeParse({
    intent: parseJson(formData.get("intent")),
    expectedVersion: parseJson(formData.get("expectedVersion")),
  });
  if (!meta.success) return validationFailure({});
  try {
    // The rules come from the server's own view, never from the browser.
    const view = await getPlanView(user.actor, params.planId);
    const { data: values, errors } = await getValidatedFormData<PlanFormInput, unknown, PlanFormOutput>(
      formData,
      zodResolver(planFormSchema(view.formRules)),
    );
    if (errors) return validationFailure(errors);
    const saved = await savePlanDraft(user.actor, params.planId, meta.data.expectedVersion, values);
    if (meta.data.intent === "sign-off") {
      await requestSignOff(user.actor, params.planId);
      return { ok: true as const, message: "plan.signOffRequested" };
    }
    if (meta.data.intent === "submit") {
      // The engine refuses a non-signatory too (workflow guard); asking first turns it into a form
      // message with 400 instead of an error page, and the draft just saved is kept.
      if (!(await isSignatoryForPlan(user.id, params.planId)))
        return data<ActionFailure>({ ok: false, formError: NOT_A_SIGNATORY }, { status: 400 });
      await submitPlan(user.actor, params.planId, saved.version);
      // A key, not a text: the page renders it in its current language.
      return { ok: true as const, message: "plan.submitted" };
    }
    return { ok: true as const, message: "plan.saved" };
  } catch (err) {
    return actionFailure(err);
  }
}

function parseJson(v: FormDataEntryValue | null): unknown {
  if (typeof v !== "string") return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export default function ApplicantPlan({ loaderData, actionData }: Route.ComponentProps) {
  const { plan } = loaderData;
  const navigation = useNavigation();
  const { t } = useI18n();
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("plan.title", { reference: plan.reference })}</Heading>
      {success ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{t(success)}</Paragraph>
        </div>
      ) : null}
      <PlanHeader plan={plan} />
      {plan.canEdit && !loaderData.isSignatory ? <Paragraph>{t("planForm.signOffHint")}</Paragraph> : null}
      {plan.canEdit ? (
        <PlanForm
          // A new version (after a save) must reset the form to what the server stored.
          key={plan.version}
          rules={plan.formRules}
          defaultValues={plan.formValues}
          version={plan.version}
          formError={failure?.formError}
          actionResult={failure}
          busy={navigation.state !== "idle"}
          canSubmit={loaderData.isSignatory}
        />
      ) : (
        <PlanContent plan={plan} />
      )}
      <AdviceAndDecision plan={plan} />
      <PlanDocuments plan={plan} />
      <PlanHistory plan={plan} />
    </div>
  );
}
