import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { formatDateNl, formatDateTimeNl } from "../../../domain/time/index.ts";
import {
  meldingenForStaff,
  reviewMelding,
  type StaffMelding,
} from "../../../domain/underspending/review.server.ts";
import { halfYearOf } from "../../../domain/underspending/rules.ts";
import { Alert } from "../../../ui/alert.tsx";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField } from "../../../ui/fields.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../../ui/review/form-helpers.ts";
import { TableScroll } from "../../../ui/table.tsx";
import { type ActionFailure, throwAsPage } from "../../respond.server.ts";
import type { Route } from "./+types/onderbesteding";
import { reportReadAction } from "./report-read-action.server.ts";

// The melding onderbesteding (art. 5.3) on the staff plan page: the submitted meldingen read-only,
// the half-year's planned against actual costs and the percentage, and the handler's "gelezen".

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    return { page: await meldingenForStaff(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

export const action = reportReadAction({
  keyField: "halfYear",
  keySchema: z.string().regex(/^[1-9][0-9]?$/, { message: "Kies de melding die u gelezen heeft." }),
  done: "Vastgelegd dat de melding gelezen is. De tekenbevoegden van de aanvrager krijgen bericht.",
  record: (actor, planId, key, version, note) =>
    reviewMelding(actor, planId, halfYearOf(key) ?? 1, version, note),
});

type Page = Route.ComponentProps["loaderData"]["page"];

export default function UnderspendingTab({ loaderData, actionData }: Route.ComponentProps) {
  const { page } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <Heading level={2}>Melding onderbesteding</Heading>
      <Paragraph>
        Bij voorschotten van gemiddeld € 200.000 of meer per jaar meldt de organisatie binnen twee maanden na
        een halfjaar als de subsidiabele kosten in dat halfjaar op of onder 75% van de begroting bleven
        (regeling art. 5.3).
      </Paragraph>
      {page.meldingen.length === 0 ? (
        <Paragraph>Er is nog geen melding onderbesteding ingediend.</Paragraph>
      ) : null}
      {page.meldingen.length > 0 ? (
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Begrote en gemaakte subsidiabele kosten per gemeld halfjaar
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Halfjaar
                </th>
                <th
                  scope="col"
                  className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                >
                  Begroot
                </th>
                <th
                  scope="col"
                  className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                >
                  Gemaakt
                </th>
                <th
                  scope="col"
                  className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                >
                  Percentage
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {page.meldingen.map((m) => (
                <tr key={m.halfYear} className="utrecht-table__row">
                  <th scope="row" className="utrecht-table__header-cell">
                    {m.halfYear} ({formatDateNl(m.startsOn)} – {formatDateNl(m.endsOn)})
                  </th>
                  <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                    {m.planned}
                  </td>
                  <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                    {m.actual}
                  </td>
                  <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                    {m.percent === null ? "—" : `${m.percent}%`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {page.meldingen.map((m) => (
        <Melding
          key={m.halfYear}
          melding={m}
          page={page}
          failure={failure?.form === `review-${m.halfYear}` ? failure : undefined}
          busy={busy}
        />
      ))}
    </div>
  );
}

function Melding({
  melding: m,
  page,
  failure,
  busy,
}: {
  melding: StaffMelding;
  page: Page;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const id = `onderbesteding-${m.halfYear}`;
  return (
    <section aria-labelledby={id} className="sp-stack">
      <Heading level={3} id={id}>
        Halfjaar {m.halfYear}
      </Heading>
      <Paragraph>
        Ingediend op {formatDateTimeNl(new Date(m.submittedAt))} door {m.submittedBy}; uiterste datum was{" "}
        {formatDateNl(m.dueOn)}
        {m.late ? " — te laat ingediend." : "."} Gemaakt {m.actual} van {m.planned} begroot
        {m.percent === null ? "." : ` (${m.percent}%).`}
      </Paragraph>
      <Heading level={4}>Oorzaken</Heading>
      <Paragraph style={{ whiteSpace: "pre-wrap" }}>{m.causes}</Paragraph>
      <Heading level={4}>Wat de organisatie doet en verwacht</Heading>
      <Paragraph style={{ whiteSpace: "pre-wrap" }}>{m.outlook}</Paragraph>
      {m.reviewedAt ? (
        <Paragraph>
          Gelezen op {formatDateTimeNl(new Date(m.reviewedAt))} door {m.reviewedBy}
          {m.reviewNote ? ", met de opmerking:" : ", zonder opmerking."}
        </Paragraph>
      ) : null}
      {m.reviewNote ? <Paragraph style={{ whiteSpace: "pre-wrap" }}>{m.reviewNote}</Paragraph> : null}
      {!m.reviewedAt && page.reviewRefusal ? (
        <Alert type="info">
          <Paragraph>{page.reviewRefusal}</Paragraph>
        </Alert>
      ) : null}
      {!m.reviewedAt && !page.reviewRefusal ? (
        <ReviewForm halfYear={m.halfYear} version={page.plan.version} failure={failure} busy={busy} />
      ) : null}
    </section>
  );
}

function ReviewForm({
  halfYear,
  version,
  failure,
  busy,
}: {
  halfYear: number;
  version: number;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const prefix = `review-${halfYear}`;
  return (
    <Form method="post" className="sp-stack" noValidate>
      <Heading level={4}>Gelezen</Heading>
      <ErrorSummary errors={summaryOf(failure, prefix)} focusKey={failure} />
      <input type="hidden" name="intent" value="review" />
      <input type="hidden" name="halfYear" value={halfYear} />
      <input type="hidden" name="expectedVersion" value={version} />
      <TextareaField
        id={`${prefix}-note`}
        name="note"
        label="Opmerking voor de aanvrager (niet verplicht)"
        description="De tekenbevoegden van de aanvrager krijgen bericht dat de melding gelezen is, met deze opmerking."
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
