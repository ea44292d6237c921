import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import {
  interimReportsForStaff,
  reviewInterimReport,
  type StaffInterimReport,
} from "../../../domain/interim/review.server.ts";
import { interimMonthsOf } from "../../../domain/interim/status.ts";
import { formatDateNl, formatDateTimeNl } from "../../../domain/time/index.ts";
import { Alert } from "../../../ui/alert.tsx";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField } from "../../../ui/fields.tsx";
import { formatFileSize } from "../../../ui/format.ts";
import { Link } from "../../../ui/link.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../../ui/review/form-helpers.ts";
import { TableScroll } from "../../../ui/table.tsx";
import { type ActionFailure, throwAsPage } from "../../respond.server.ts";
import type { Route } from "./+types/tussentijds";
import { reportReadAction } from "./report-read-action.server.ts";

// The tussentijds voortgangsverslag (art. 5.4) on the staff plan page: the submitted reports
// read-only, their costs so far against the plan's budget, and the handler's "gelezen".

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    return { page: await interimReportsForStaff(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

export const action = reportReadAction({
  keyField: "afterMonths",
  keySchema: z.enum(["12", "24"], { message: "Kies het verslag dat u gelezen heeft." }),
  done: "Vastgelegd dat het verslag gelezen is. De tekenbevoegden van de aanvrager krijgen bericht.",
  record: (actor, planId, key, version, note) =>
    reviewInterimReport(actor, planId, interimMonthsOf(key) ?? 12, version, note),
});

type Page = Route.ComponentProps["loaderData"]["page"];

export default function InterimReportsTab({ loaderData, actionData }: Route.ComponentProps) {
  const { page } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <Heading level={2}>Tussentijds voortgangsverslag</Heading>
      {page.reports.length === 0 ? (
        <Paragraph>Er is nog geen tussentijds voortgangsverslag ingediend.</Paragraph>
      ) : null}
      {page.reports.map((r) => (
        <Report
          key={r.afterMonths}
          report={r}
          page={page}
          failure={failure?.form === `review-${r.afterMonths}` ? failure : undefined}
          busy={busy}
        />
      ))}
    </div>
  );
}

function Report({
  report: r,
  page,
  failure,
  busy,
}: {
  report: StaffInterimReport;
  page: Page;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const id = `tussentijds-${r.afterMonths}`;
  return (
    <section aria-labelledby={id} className="sp-stack">
      <Heading level={3} id={id}>
        Na de {r.afterMonths}e maand
      </Heading>
      <Paragraph>
        Ingediend op {formatDateTimeNl(new Date(r.submittedAt))} door {r.submittedBy}; uiterste datum was{" "}
        {formatDateNl(r.dueOn)}
        {r.late ? " — te laat ingediend." : "."} Bereikte deelnemers tot nu toe:{" "}
        {r.participantsReached?.toLocaleString("nl-NL") ?? "—"}.
      </Paragraph>
      {r.summary ? <Paragraph style={{ whiteSpace: "pre-wrap" }}>{r.summary}</Paragraph> : null}
      <AuditReport report={r} />
      <div className="sp-table-scroll">
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Begroot en tot nu toe gemaakt per maatregel en jaar
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Maatregel
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Deelnemers (bereikt van gepland)
                </th>
                {r.years.map((y) => (
                  <th
                    key={y}
                    scope="col"
                    className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                  >
                    {y}: begroot / tot nu toe
                  </th>
                ))}
                <th
                  scope="col"
                  className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                >
                  Totaal: begroot / tot nu toe
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {r.measures.map((m) => (
                <tr key={m.id} className="utrecht-table__row">
                  <th scope="row" className="utrecht-table__header-cell">
                    {m.title}
                  </th>
                  <td className="utrecht-table__cell">
                    {m.participants.toLocaleString("nl-NL")} van{" "}
                    {m.plannedParticipants.toLocaleString("nl-NL")}
                  </td>
                  {m.years.map((y) => (
                    <td
                      key={y.year}
                      className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                    >
                      {y.planned} / {y.actual}
                    </td>
                  ))}
                  <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                    {m.planned} / {m.actual}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot className="utrecht-table__footer">
              <tr className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell" colSpan={r.years.length + 2}>
                  Totaal
                </th>
                <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                  {r.total.planned} / {r.total.actual}
                </td>
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      </div>
      {r.reviewedAt ? (
        <Paragraph>
          Gelezen op {formatDateTimeNl(new Date(r.reviewedAt))} door {r.reviewedBy}
          {r.reviewNote ? ", met de opmerking:" : ", zonder opmerking."}
        </Paragraph>
      ) : null}
      {r.reviewNote ? <Paragraph style={{ whiteSpace: "pre-wrap" }}>{r.reviewNote}</Paragraph> : null}
      {!r.reviewedAt && page.reviewRefusal ? (
        <Alert type="info">
          <Paragraph>{page.reviewRefusal}</Paragraph>
        </Alert>
      ) : null}
      {!r.reviewedAt && !page.reviewRefusal ? (
        <ReviewForm months={r.afterMonths} version={page.plan.version} failure={failure} busy={busy} />
      ) : null}
    </section>
  );
}

/** The controleverklaring the grant required (art. 5.4 lid 4), or nothing when it did not. */
function AuditReport({ report: r }: { report: StaffInterimReport }) {
  if (!r.audit.required && !r.audit.document) return null;
  const doc = r.audit.document;
  return (
    <Paragraph data-testid={`interim-audit-${r.afterMonths}`}>
      De beschikking vereist bij dit verslag een controleverklaring van een accountant (artikel 5.4, vierde
      lid, van de regeling; artikel 2:393, eerste lid, BW).{" "}
      {doc ? (
        <>
          <Link href={`/documenten/${doc.id}`} download>
            {doc.title} downloaden
          </Link>{" "}
          ({formatFileSize(doc.byteSize, "nl")}).
        </>
      ) : (
        // Submission refuses a report without it; only a report submitted before the rule has none.
        "Er is geen controleverklaring bij het verslag gevoegd."
      )}
    </Paragraph>
  );
}

function ReviewForm({
  months,
  version,
  failure,
  busy,
}: {
  months: number;
  version: number;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const prefix = `review-${months}`;
  return (
    <Form method="post" className="sp-stack" noValidate>
      <Heading level={4}>Gelezen</Heading>
      <ErrorSummary errors={summaryOf(failure, prefix)} focusKey={failure} />
      <input type="hidden" name="intent" value="review" />
      <input type="hidden" name="afterMonths" value={months} />
      <input type="hidden" name="expectedVersion" value={version} />
      <TextareaField
        id={`${prefix}-note`}
        name="note"
        label="Opmerking voor de aanvrager (niet verplicht)"
        description="De tekenbevoegden van de aanvrager krijgen bericht dat het verslag gelezen is, met deze opmerking."
        rows={4}
        error={errorAt(failure, "note")}
      />
      <div>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Vastleggen: gelezen
        </Button>
      </div>
    </Form>
  );
}
