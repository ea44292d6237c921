import { requireRole } from "../../../auth/session.server.ts";
import { PLAN_READER_ROLES } from "../../../domain/actor.ts";
import { getPlanView } from "../../../domain/plan/plans.server.ts";
import { AdviceAndDecision, PlanDocuments, PlanHistory } from "../../../ui/plan-summary.tsx";
import { DraftSummary } from "../../../ui/wizard/draft-summary.tsx";
import { throwAsPage } from "../../respond.server.ts";
import type { Route } from "./+types/overzicht";

/** The plan as submitted, the advice and decision, the documents and the history. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...PLAN_READER_ROLES]);
  try {
    return { plan: await getPlanView(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

export default function StaffPlanOverview({ loaderData }: Route.ComponentProps) {
  const { plan } = loaderData;
  return (
    <div className="sp-stack">
      <DraftSummary
        draft={plan.content.draft}
        rules={plan.content.rules}
        context={plan.content.context}
        attachments={plan.attachments}
      />
      <AdviceAndDecision plan={plan} />
      <PlanDocuments plan={plan} />
      <PlanHistory plan={plan} />
    </div>
  );
}
