import { Button, Heading } from "@rijkshuisstijl-community/components-react";
import { Form } from "react-router";
import type { NoticeSubject, NoticeTermState } from "../../domain/review/decision-term.ts";
import { addCalendarDays, formatDateNl, type LocalDate } from "../../domain/time/index.ts";
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
  term = null,
}: {
  planVersion: number;
  subject: NoticeSubject;
  /** The day already recorded, to correct. */
  receivedOn: LocalDate | null;
  failure?: ActionFailure;
  busy: boolean;
  level?: 2 | 3;
  /** Where the besluit's term stands, when the page has it: the form says from which day a notice counts. */
  term?: NoticeTermState | null;
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
          description={noticeHint(term)}
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

/**
 * What the handler is told before sending (Awb 4:17): a notice counts only when received after the
 * term's last day, so recordDefaultNotice refuses an earlier one; say that day up front.
 */
export function noticeHint(term: NoticeTermState | null): string {
  const owed = "Twee weken na ontvangst is een dwangsom verschuldigd zolang er geen besluit is (Awb 4:17).";
  if (!term)
    return `Een ingebrekestelling telt pas als zij na het einde van de beslistermijn is ontvangen. ${owed}`;
  if (term.state === "ends")
    return `Een ingebrekestelling telt pas als zij na het einde van de beslistermijn (${formatDateNl(term.due)}) is ontvangen: op of na ${formatDateNl(addCalendarDays(term.due, 1))}. ${owed}`;
  if (term.state === "suspended")
    return `De beslistermijn staat sinds ${formatDateNl(term.since)} stil (Awb 4:15): een ingebrekestelling die nu binnenkomt, is te vroeg en telt niet. Een ingebrekestelling telt pas als zij na het einde van de beslistermijn is ontvangen.`;
  return "De beslistermijn is nog niet begonnen: een ingebrekestelling telt pas als zij na het einde ervan is ontvangen.";
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
