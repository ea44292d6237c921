import { Button, Heading } from "@rijkshuisstijl-community/components-react";
import { Form } from "react-router";
import type { NoticeSubject } from "../../domain/review/decision-term.ts";
import { formatDateNl, type LocalDate } from "../../domain/time/index.ts";
import type { ActionFailure } from "../../routes/respond.server.ts";
import { ErrorSummary } from "../error-summary.tsx";
import { TextField } from "../fields.tsx";
import { dayCount } from "../format.ts";
import { errorAt, summaryOf } from "./form-helpers.ts";

/**
 * The applicant's ingebrekestelling (Awb 4:17): the day it was received starts the penalty's clock.
 * One form for every besluit a notice can be about — the grant (Volledigheid tab), a request for
 * verlenging, the vaststelling — each on the tab where that besluit is handled. It posts intent
 * `default_notice` with the subject, so a page left open after the besluit is told so, not recorded.
 */
export function DefaultNoticeForm({
  planVersion,
  subject,
  receivedOn,
  failure,
  busy,
  level = 2,
}: {
  planVersion: number;
  subject: NoticeSubject;
  /** The day already recorded, to correct. */
  receivedOn: LocalDate | null;
  failure?: ActionFailure;
  busy: boolean;
  level?: 2 | 3;
}) {
  return (
    <section aria-labelledby="default-notice-title" className="sp-stack">
      <Heading level={level} id="default-notice-title">
        Ingebrekestelling
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "default_notice")} focusKey={failure} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="default_notice" />
        <input type="hidden" name="expectedVersion" value={planVersion} />
        <input type="hidden" name="subject" value={subject.kind} />
        {/* The day this page shows as recorded: a colleague's recording meanwhile is a conflict. */}
        <input type="hidden" name="shownReceivedOn" value={receivedOn ?? ""} />
        {subject.kind === "EXTENSION" ? (
          <input type="hidden" name="extensionId" value={subject.extensionId} />
        ) : null}
        <TextField
          id="default_notice-receivedOn"
          name="receivedOn"
          type="date"
          label="Ontvangen op"
          description="Twee weken na ontvangst is een dwangsom verschuldigd zolang de beslistermijn is verstreken (Awb 4:17)."
          defaultValue={receivedOn ?? ""}
          error={errorAt(failure, "receivedOn")}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
          Ingebrekestelling vastleggen
        </Button>
      </Form>
    </section>
  );
}

/** The penalty as the terms rows say it, with the amount already in euro. */
export function penaltyText(p: {
  firstDay: LocalDate;
  days: number;
  amount: string;
  capped: boolean;
}): string {
  return p.days > 0
    ? `${p.amount} over ${dayCount(p.days)}${p.capped ? " (maximum)" : ""}`
    : `nog niets; loopt vanaf ${formatDateNl(p.firstDay)} als er dan nog geen besluit is`;
}
