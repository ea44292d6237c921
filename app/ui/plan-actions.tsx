import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form } from "react-router";
import type { PlanView } from "../domain/plan/plans.server.ts";
import { useI18n } from "../i18n/hooks.ts";
import type { ActionFailure } from "../routes/respond.server.ts";
import { ErrorSummary } from "./error-summary.tsx";
import { TextareaField, TextField } from "./fields.tsx";
import { Link } from "./link.tsx";
import { errorAt, summaryOf } from "./review/form-helpers.ts";

type Props = { plan: PlanView; failure?: ActionFailure; busy: boolean };

/**
 * Intrekken (withdraw) for the applicant: a button, then a confirmation step with an optional
 * reason. A colleague who is no signatory reads why they cannot.
 */
export function WithdrawPlan({ plan, failure, busy, confirming }: Props & { confirming: boolean }) {
  const { t, dt } = useI18n();
  const mine = failure?.form === "intrekken" ? failure : undefined;
  if (plan.withdrawBlockedReason) {
    return (
      <section aria-labelledby="intrekken" className="sp-stack">
        <Heading level={2} id="intrekken">
          {t("planPage.withdraw.heading")}
        </Heading>
        <Paragraph>
          {t("planPage.withdraw.blocked")} {dt(plan.withdrawBlockedReason)}
        </Paragraph>
      </section>
    );
  }
  if (!plan.allowedActions.includes("withdraw")) return null;
  return (
    <section aria-labelledby="intrekken" className="sp-stack">
      <Heading level={2} id="intrekken">
        {t("planPage.withdraw.heading")}
      </Heading>
      {confirming || mine ? (
        <Form
          method="post"
          noValidate
          className="sp-stack"
          action={`/aanvrager/plannen/${plan.id}?intrekken`}
        >
          <ErrorSummary errors={summaryOf(mine, "intrekken")} focusKey={mine} />
          <Paragraph>
            <strong>{t("planPage.withdraw.confirm", { reference: plan.reference })}</strong>{" "}
            {t("planPage.withdraw.consequences")}
          </Paragraph>
          <input type="hidden" name="intent" value="intrekken" />
          <input type="hidden" name="version" value={plan.version} />
          <TextareaField
            id="intrekken-reason"
            name="reason"
            label={t("planPage.withdraw.reason")}
            description={t("planPage.withdraw.reasonDescription")}
            rows={3}
            maxLength={2000}
            error={errorAt(mine, "reason")}
          />
          <div className="sp-actions">
            <Button type="submit" appearance="primary-action-button" disabled={busy}>
              {t("planPage.withdraw.yes")}
            </Button>
            <Link href={`/aanvrager/plannen/${plan.id}`}>{t("planPage.withdraw.no")}</Link>
          </div>
        </Form>
      ) : (
        <>
          <Paragraph>{t("planPage.withdraw.intro")}</Paragraph>
          <Paragraph>
            <Link href={`/aanvrager/plannen/${plan.id}?intrekken#intrekken`}>
              {t("planPage.withdraw.link")}
            </Link>
          </Paragraph>
        </>
      )}
    </section>
  );
}

/**
 * Start van de uitvoering melden (regulation art. 5.2), after a grant, by a signatory: the date
 * decides whether the grant is withdrawn. A colleague who is no signatory reads why, and whom to ask.
 */
export function ReportExecutionStart({ plan, failure, busy, today }: Props & { today: string }) {
  const { t, dt, date } = useI18n();
  const mine = failure?.form === "start" ? failure : undefined;
  if (plan.executionStartedOn) {
    return (
      <section aria-labelledby="uitvoering" className="sp-stack">
        <Heading level={2} id="uitvoering">
          {t("planPage.start.headingDone")}
        </Heading>
        <Paragraph>{t("planPage.start.done", { date: date(plan.executionStartedOn) })}</Paragraph>
      </section>
    );
  }
  if (plan.startBlockedReason) {
    return (
      <section aria-labelledby="uitvoering" className="sp-stack">
        <Heading level={2} id="uitvoering">
          {t("planPage.start.heading")}
        </Heading>
        <Paragraph>{dt(plan.startBlockedReason)}</Paragraph>
        <Paragraph>
          {t("planPage.start.signatoryOnly", { months: plan.regulation.executionStartMonths })}
        </Paragraph>
      </section>
    );
  }
  if (!plan.allowedActions.includes("report_start")) return null;
  return (
    <section aria-labelledby="uitvoering" className="sp-stack">
      <Heading level={2} id="uitvoering">
        {t("planPage.start.heading")}
      </Heading>
      <Paragraph>{t("planPage.start.intro", { months: plan.regulation.executionStartMonths })}</Paragraph>
      <Form method="post" noValidate className="sp-stack">
        <ErrorSummary errors={summaryOf(mine, "start")} focusKey={mine} />
        <input type="hidden" name="intent" value="start" />
        <input type="hidden" name="version" value={plan.version} />
        <TextField
          id="start-startedOn"
          name="startedOn"
          type="date"
          label={t("planPage.start.label")}
          description={
            plan.decidedOn
              ? t("planPage.start.descriptionWithDecision", { date: date(plan.decidedOn) })
              : t("planPage.start.description")
          }
          min={plan.decidedOn ?? undefined}
          max={today}
          required
          error={errorAt(mine, "startedOn")}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("planPage.start.submit")}
        </Button>
      </Form>
    </section>
  );
}
