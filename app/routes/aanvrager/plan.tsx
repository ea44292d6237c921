import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Link as RouterLink, redirect, useActionData, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { now } from "../../domain/clock.ts";
import { loadExtensions } from "../../domain/extension/extension.server.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { getPlanView, type PlanView } from "../../domain/plan/plans.server.ts";
import { STEPS, stepByKey } from "../../domain/plan/steps/wizard.ts";
import { WITHDRAWAL_REASON_MAX, withdrawPlan } from "../../domain/plan/withdrawal.server.ts";
import { applicantSettlementSummary } from "../../domain/settlement/view.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { meldingStatusesForPlan } from "../../domain/underspending/melding.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { getRequestT } from "../../i18n/i18n.server.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { ExtensionSummary, type ExtensionSummaryData } from "../../ui/extension.tsx";
import { Link } from "../../ui/link.tsx";
import { ReportExecutionStart, WithdrawPlan } from "../../ui/plan-actions.tsx";
import { InterimReports } from "../../ui/plan-interim.tsx";
import { AdviceAndDecision, PlanDocuments, PlanHeader, PlanHistory } from "../../ui/plan-summary.tsx";
import { UnderspendingMeldingen } from "../../ui/plan-underspending.tsx";
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
    // Not yet or no longer (art. 1.2a lid 2, the period's end): said, rather than no link at all.
    notice: view.requestTiming,
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
  // A plan still being written opens in the wizard, at the step where its writer left off. A plan
  // asked for a supplement does not: the applicant must still reach its letters (the request with
  // its hersteltermijn), the messages, the history and the withdrawal (design.md §4), which the
  // wizard does not offer; the page leads to the wizard from its notice instead.
  if (plan.canEdit && plan.status === "DRAFT") {
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
    // The half-years that ended of a plan in scope of art. 5.3, with their meldingen.
    meldingen: WITH_GRANT.includes(plan.status) ? await meldingStatusesForPlan(user.actor, plan.id) : [],
    // Also for a revoked grant: a request open at the revocation lapsed and stays readable.
    extension:
      WITH_GRANT.includes(plan.status) || plan.revocation
        ? await extensionSummary(user.actor, plan.id)
        : null,
  };
}

const START_DATE_FORMAT = "Vul de startdatum in als dag, maand en jaar, bijvoorbeeld 1-3-2027.";

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
    // A post without the field asks for the date in the form's words, not zod's "expected string".
    startedOn: z.string({ error: START_DATE_FORMAT }).regex(/^\d{4}-\d{2}-\d{2}$/, START_DATE_FORMAT),
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
  const { plan, submitted, confirmingWithdrawal, done, today, settlement, extension, meldingen } = loaderData;
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
      <SupplementNotice plan={plan} />
      <PlanHeader plan={plan} />
      {/* The message thread with the handler (issue 5, H5), outside a formal supplement request. */}
      <Paragraph>
        <Link href={`/aanvrager/plannen/${plan.id}/berichten`}>{t("planPage.messagesLink")}</Link>
      </Paragraph>
      <AdviceAndDecision plan={plan} />
      {extension ? <ExtensionSummary summary={extension} /> : null}
      <ReportExecutionStart plan={plan} failure={failure} busy={busy} today={today} />
      <InterimReports plan={plan} />
      <UnderspendingMeldingen planId={plan.id} meldingen={meldingen} />
      <SettlementSection planId={plan.id} summary={settlement} />
      <PlanDocuments plan={plan} />
      <WithdrawPlan plan={plan} failure={failure} busy={busy} confirming={confirmingWithdrawal} />
      {/* While a supplement is asked the draft holds changes not yet sent: not what was submitted. */}
      {plan.supplement ? null : (
        <DraftSummary
          draft={plan.content.draft}
          rules={plan.content.rules}
          context={plan.content.context}
          attachments={plan.attachments}
        />
      )}
      <PlanHistory plan={plan} />
    </div>
  );
}

/**
 * The supplement request the plan waits on (Awb 4:5): what was asked, which steps are open again,
 * the hersteltermijn's last day, and the way into the wizard to answer it.
 */
function SupplementNotice({ plan }: { plan: PlanView }) {
  const { t, date } = useI18n();
  const request = plan.supplement;
  if (!request) return null;
  const steps = STEPS.filter((s) => request.steps.includes(s.key))
    .map((s) => `${s.number}. ${t(`wizard.steps.${s.key}`)}`)
    .join(", ");
  return (
    <section aria-labelledby="aanvulling" data-testid="supplement-notice">
      <Alert type="info">
        <Heading level={2} id="aanvulling">
          {t("planPage.supplement.heading", { date: date(request.dueOn) })}
        </Heading>
        <Paragraph>{t("planPage.supplement.asked", { date: date(request.requestedAt) })}</Paragraph>
        {/* Staff write in Dutch (ADR 0008): marked so on an English page. */}
        <Paragraph className="sp-pre" lang="nl">
          {request.text}
        </Paragraph>
        <Paragraph>{t("planPage.supplement.steps", { steps })}</Paragraph>
        <Paragraph>{t("planPage.supplement.due", { date: date(request.dueOn) })}</Paragraph>
        {plan.canEdit ? (
          <Paragraph>
            <RouterLink
              to={`/aanvrager/plannen/${plan.id}/stap/${stepByKey(request.resumeStep).slug}`}
              className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
            >
              {t("planPage.supplement.answer")}
            </RouterLink>
          </Paragraph>
        ) : null}
        <Paragraph>{t("planPage.supplement.contents")}</Paragraph>
      </Alert>
    </section>
  );
}
