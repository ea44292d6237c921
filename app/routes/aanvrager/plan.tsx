import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { redirect } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { getPlanView } from "../../domain/plan/plans.server.ts";
import { stepByKey } from "../../domain/plan/steps/wizard.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { AdviceAndDecision, PlanDocuments, PlanHeader, PlanHistory } from "../../ui/plan-summary.tsx";
import { DraftSummary } from "../../ui/wizard/draft-summary.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/plan";

export const meta: Route.MetaFunction = ({ data, matches }) => [
  data?.plan.reference
    ? { title: pageTitle(matches, "plan.title", { reference: data.plan.reference }) }
    : { title: pageTitle(matches, "plan.fallbackTitle") },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  let plan: Awaited<ReturnType<typeof getPlanView>>;
  try {
    plan = await getPlanView(user.actor, params.planId);
  } catch (err) {
    throwAsPage(err);
  }
  // A plan still being written opens in the wizard, at the step where its writer left off.
  if (plan.canEdit) {
    throw redirect(`/aanvrager/plannen/${plan.id}/stap/${stepByKey(plan.content.draft.lastStep).slug}`);
  }
  return { plan, submitted: new URL(request.url).searchParams.has("ingediend") };
}

/** A plan after submission: read-only for the applicant, with its letters, advice and history. */
export default function ApplicantPlan({ loaderData }: Route.ComponentProps) {
  const { plan, submitted } = loaderData;
  const { t } = useI18n();
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("plan.title", { reference: plan.reference })}</Heading>
      {submitted ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{t("plan.submitted")}</Paragraph>
        </div>
      ) : null}
      <PlanHeader plan={plan} />
      <AdviceAndDecision plan={plan} />
      <PlanDocuments plan={plan} />
      <DraftSummary
        draft={plan.content.draft}
        rules={plan.content.rules}
        context={plan.content.context}
        attachments={plan.attachments}
      />
      <PlanHistory plan={plan} />
    </div>
  );
}
