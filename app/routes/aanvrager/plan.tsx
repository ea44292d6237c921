import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { redirect, useActionData, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { now } from "../../domain/clock.ts";
import { loadExtensions } from "../../domain/extension/extension.server.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { getPlanView } from "../../domain/plan/plans.server.ts";
import { stepByKey } from "../../domain/plan/steps/wizard.ts";
import { WITHDRAWAL_REASON_MAX, withdrawPlan } from "../../domain/plan/withdrawal.server.ts";
import { applicantSettlementSummary } from "../../domain/settlement/view.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { getRequestT } from "../../i18n/i18n.server.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ExtensionSummary, type ExtensionSummaryData } from "../../ui/extension.tsx";
import { Link } from "../../ui/link.tsx";
import { ReportExecutionStart, WithdrawPlan } from "../../ui/plan-actions.tsx";
import { AdviceAndDecision, PlanDocuments, PlanHeader, PlanHistory } from "../../ui/plan-summary.tsx";
import { SettlementSection } from "../../ui/realisatie/settlement-status.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { DraftSummary } from "../../ui/wizard/draft-summary.tsx";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/plan";

export const meta: Route.MetaFunction = ({ data, matches }) => [
  data?.plan.reference
    ? { title: pageTitle(matches, "plan.title", { reference: data.plan.reference }) }
    : { title: pageTitle(matches, "plan.fallbackTitle") },
];

/** A plan with a grant: its period can have been extended, or can be (art. 1.2a). */
const WITH_GRANT: readonly PlanStatus[] = [
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
  "SETTLEMENT_REQUESTED",
  "SETTLED",
];

async function extensionSummary(actor: Actor, planId: string): Promise<ExtensionSummaryData> {
  const view = await loadExtensions(actor, planId);
  return {
    planId,
    periodStart: view.plan.periodStart,
    periodEnd: view.granted?.previousPeriodEnd ?? view.plan.periodEnd,
    extendedTo: view.granted?.newPeriodEnd ?? null,
    link: view.canRequest.ok ? "request" : view.rows.length > 0 ? "view" : null,
  };
}

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
  const search = new URL(request.url).searchParams;
  const t = await getRequestT(request);
  return {
    plan,
    submitted: search.has("ingediend"),
    confirmingWithdrawal: search.has("intrekken"),
    done: search.has("ingetrokken")
      ? t("planPage.withdrawn")
      : search.has("gestart")
        ? t("planPage.started")
        : search.has("vaststelling")
          ? t("realisation.settlement.done")
          : undefined,
    today: amsterdamDate(now()),
    settlement: await applicantSettlementSummary(plan.id),
    // Also for a revoked grant: a request open at the revocation lapsed and stays readable.
    extension:
      WITH_GRANT.includes(plan.status) || plan.revocation
        ? await extensionSummary(user.actor, plan.id)
        : null,
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("intrekken"),
    version: z.coerce.number().int(),
    reason: z
      .string()
      .trim()
      .max(WITHDRAWAL_REASON_MAX, `Gebruik voor de reden ten hoogste ${WITHDRAWAL_REASON_MAX} tekens.`)
      .optional()
      .default(""),
  }),
  z.object({
    intent: z.literal("start"),
    version: z.coerce.number().int(),
    startedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Vul de startdatum in als dag, maand en jaar, bijvoorbeeld 1-3-2027."),
  }),
]);

/** Withdraw (intrekken) and the start of execution; the workflow checks who may and when. */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const form = Object.fromEntries(await request.formData());
  const parsed = Intent.safeParse(form);
  const which = form.intent === "start" ? "start" : "intrekken";
  if (!parsed.success) {
    return validationFailure(
      errorTree(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))),
      which,
    );
  }
  const input = parsed.data;
  try {
    if (input.intent === "intrekken") {
      await withdrawPlan(user.actor, params.planId, input.version, input.reason || null);
      throw redirect(`/aanvrager/plannen/${params.planId}?ingetrokken`);
    }
    await reportExecutionStart(user.actor, params.planId, input.version, input.startedOn);
    throw redirect(`/aanvrager/plannen/${params.planId}?gestart`);
  } catch (err) {
    if (err instanceof Response) throw err;
    return actionFailure(err, which);
  }
}

/** A plan after submission: read-only for the applicant, with its letters, advice and history. */
export default function ApplicantPlan({ loaderData }: Route.ComponentProps) {
  const { plan, submitted, confirmingWithdrawal, done, today, settlement, extension } = loaderData;
  const { t } = useI18n();
  const failure = useActionData<typeof action>() as ActionFailure | undefined;
  const busy = useNavigation().state !== "idle";
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("plan.title", { reference: plan.reference })}</Heading>
      {submitted ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{t("plan.submitted")}</Paragraph>
        </div>
      ) : null}
      <ActionDone message={done} />
      <PlanHeader plan={plan} />
      {/* The message thread with the handler (issue 5, H5), outside a formal supplement request. */}
      <Paragraph>
        <Link href={`/aanvrager/plannen/${plan.id}/berichten`}>{t("planPage.messagesLink")}</Link>
      </Paragraph>
      <AdviceAndDecision plan={plan} />
      {extension ? <ExtensionSummary summary={extension} /> : null}
      <ReportExecutionStart plan={plan} failure={failure} busy={busy} today={today} />
      <SettlementSection planId={plan.id} summary={settlement} />
      <PlanDocuments plan={plan} />
      <WithdrawPlan plan={plan} failure={failure} busy={busy} confirming={confirmingWithdrawal} />
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
