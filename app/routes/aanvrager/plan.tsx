import { zodResolver } from "@hookform/resolvers/zod";
import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useNavigation } from "react-router";
import { getValidatedFormData } from "remix-hook-form";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { type PlanFormInput, type PlanFormOutput, planFormSchema } from "../../domain/plan/plan-form.ts";
import { getPlanView, savePlanDraft, submitPlan } from "../../domain/plan/plans.server.ts";
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

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.plan.reference ?? "Sectorplan"} — Sectorplanportaal` },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    return { plan: await getPlanView(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Meta = z.object({
  intent: z.enum(["save", "submit"]),
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
    if (meta.data.intent === "submit") {
      await submitPlan(user.actor, params.planId, saved.version);
      return {
        ok: true as const,
        message: "Uw sectorplan is ingediend. De behandelaar controleert nu of de aanvraag compleet is.",
      };
    }
    return { ok: true as const, message: "Het concept is opgeslagen." };
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
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Sectorplan {plan.reference}</Heading>
      {success ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{success}</Paragraph>
        </div>
      ) : null}
      <PlanHeader plan={plan} />
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
