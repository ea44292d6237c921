import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form } from "react-router";
import type { PlanView } from "../domain/plan/plans.server.ts";
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
  const mine = failure?.form === "intrekken" ? failure : undefined;
  if (plan.withdrawBlockedReason) {
    return (
      <section aria-labelledby="intrekken" className="sp-stack">
        <Heading level={2} id="intrekken">
          Aanvraag intrekken
        </Heading>
        <Paragraph>U kunt deze aanvraag niet intrekken. {plan.withdrawBlockedReason}</Paragraph>
      </section>
    );
  }
  if (!plan.allowedActions.includes("withdraw")) return null;
  return (
    <section aria-labelledby="intrekken" className="sp-stack">
      <Heading level={2} id="intrekken">
        Aanvraag intrekken
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
            <strong>Weet u zeker dat u de aanvraag {plan.reference} wilt intrekken?</strong> Er wordt dan niet
            meer over beslist en een reservering van budget vervalt. Dit kunt u niet ongedaan maken; wilt u
            later toch subsidie, dan dient u een nieuwe aanvraag in.
          </Paragraph>
          <input type="hidden" name="intent" value="intrekken" />
          <input type="hidden" name="version" value={plan.version} />
          <TextareaField
            id="intrekken-reason"
            name="reason"
            label="Reden (niet verplicht)"
            description="De reden komt in de bevestigingsbrief en in het dossier."
            rows={3}
            maxLength={2000}
            error={errorAt(mine, "reason")}
          />
          <div className="sp-actions">
            <Button type="submit" appearance="primary-action-button" disabled={busy}>
              Ja, aanvraag intrekken
            </Button>
            <Link href={`/aanvrager/plannen/${plan.id}`}>Nee, terug naar de aanvraag</Link>
          </div>
        </Form>
      ) : (
        <>
          <Paragraph>
            Zolang er geen besluit is, kunt u uw aanvraag intrekken. U krijgt daarvan een bevestiging.
          </Paragraph>
          <Paragraph>
            <Link href={`/aanvrager/plannen/${plan.id}?intrekken#intrekken`}>Aanvraag intrekken</Link>
          </Paragraph>
        </>
      )}
    </section>
  );
}

/** Start van de uitvoering melden (regulation art. 5.2), after a grant. */
export function ReportExecutionStart({ plan, failure, busy, today }: Props & { today: string }) {
  const mine = failure?.form === "start" ? failure : undefined;
  if (plan.executionStartedOn) {
    return (
      <section aria-labelledby="uitvoering" className="sp-stack">
        <Heading level={2} id="uitvoering">
          Uitvoering
        </Heading>
        <Paragraph>U heeft gemeld dat de uitvoering is begonnen op {plan.executionStartedOn}.</Paragraph>
      </section>
    );
  }
  if (!plan.allowedActions.includes("report_start")) return null;
  return (
    <section aria-labelledby="uitvoering" className="sp-stack">
      <Heading level={2} id="uitvoering">
        Start van de uitvoering melden
      </Heading>
      <Paragraph>
        De uitvoering moet binnen zes maanden na de verlening beginnen. Meld hier op welke dag u bent
        begonnen.
      </Paragraph>
      <Form method="post" noValidate className="sp-stack">
        <ErrorSummary errors={summaryOf(mine, "start")} focusKey={mine} />
        <input type="hidden" name="intent" value="start" />
        <input type="hidden" name="version" value={plan.version} />
        <TextField
          id="start-startedOn"
          name="startedOn"
          type="date"
          label="Startdatum van de uitvoering"
          description={`Niet vóór de datum van het besluit${plan.decidedOn ? ` (${plan.decidedOn})` : ""} en niet na vandaag.`}
          min={plan.decidedOn ?? undefined}
          max={today}
          required
          error={errorAt(mine, "startedOn")}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          Start melden
        </Button>
      </Form>
    </section>
  );
}
