import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, Link, useNavigation } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { formatEuro } from "../../domain/money.ts";
import {
  approveBatch,
  cancelBatch,
  FOUR_EYES_BATCH,
  getBatch,
} from "../../domain/payments/batches.server.ts";
import { formatIban } from "../../domain/payments/iban.ts";
import { formatDateNl, formatDateTimeNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { WithReferences } from "../../ui/references.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import { type ActionFailure, actionFailure, throwAsPage, validationFailure } from "../respond.server.ts";
import type { Route } from "./+types/batch";

export const meta = ({ data }: Route.MetaArgs) => [
  { title: `Betaalbatch ${data?.batch.reference ?? ""} — Financiën — Sectorplanportaal` },
];

const STATUS = {
  PREPARED: "Voorbereid, wacht op goedkeuring",
  APPROVED: "Goedgekeurd en betaald",
  CANCELLED: "Geannuleerd",
} as const;
const PAYMENT_STATUS = {
  PLANNED: "gepland",
  IN_BATCH: "in batch",
  PAID: "betaald",
  CANCELLED: "geannuleerd",
} as const;

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  try {
    const b = await getBatch(prisma, params.batchId);
    return {
      batch: {
        id: b.id,
        reference: b.reference,
        status: b.status,
        statusLabel: STATUS[b.status],
        executionDate: formatDateNl(b.executionDate),
        total: formatEuro(b.totalCents),
        count: b.count,
        prepared: `${b.preparedBy}, ${formatDateTimeNl(b.preparedAt)}`,
        approved: b.approvedBy && b.approvedAt ? `${b.approvedBy}, ${formatDateTimeNl(b.approvedAt)}` : null,
        preparedByMe: b.preparedById === user.id,
        fourEyesNote: FOUR_EYES_BATCH,
        payments: b.payments.map((p) => ({
          id: p.id,
          reference: p.reference,
          planId: p.planId,
          planReference: p.planReference,
          payeeName: p.payeeName,
          iban: formatIban(p.iban),
          amount: formatEuro(p.amountCents),
          description: p.description,
          status: PAYMENT_STATUS[p.status],
        })),
      },
    };
  } catch (err) {
    throwAsPage(err);
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const intent = String((await request.formData()).get("intent") ?? "");
  try {
    if (intent === "approve") {
      const { alreadyApproved } = await approveBatch(user.actor, params.batchId);
      return {
        ok: true as const,
        message: alreadyApproved
          ? "Deze batch was al goedgekeurd; er is niets opnieuw geboekt."
          : "De batch is goedgekeurd en de betalingen zijn geboekt. Het SEPA-bestand staat klaar.",
      };
    }
    if (intent === "cancel") {
      await cancelBatch(user.actor, params.batchId);
      return {
        ok: true as const,
        message: "De batch is geannuleerd. De betalingen staan weer bij ‘Te betalen’.",
      };
    }
    return validationFailure({}, "batch");
  } catch (err) {
    return actionFailure(err, "batch");
  }
}

export default function Batch({ loaderData, actionData }: Route.ComponentProps) {
  const { batch } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const base = `/financien/betalingen/${batch.id}/export`;
  return (
    <div className="sp-stack">
      <Paragraph>
        <Link to="/financien/betalingen">Terug naar betalingen</Link>
      </Paragraph>
      <Heading level={1}>Betaalbatch {batch.reference}</Heading>
      <ActionDone message={success} />
      <ErrorSummary errors={summaryOf(failure, "batch")} focusKey={failure} />
      <dl className="sp-facts">
        <dt>Status</dt>
        <dd data-testid="batch-status">{batch.statusLabel}</dd>
        <dt>Uitvoeringsdatum</dt>
        <dd>{batch.executionDate}</dd>
        <dt>Totaal</dt>
        <dd>
          {batch.count} {batch.count === 1 ? "betaling" : "betalingen"}, {batch.total}
        </dd>
        <dt>Voorbereid door</dt>
        <dd>{batch.prepared}</dd>
        {batch.approved ? (
          <>
            <dt>Goedgekeurd door</dt>
            <dd>{batch.approved}</dd>
          </>
        ) : null}
      </dl>

      {batch.status === "PREPARED" ? (
        <section aria-labelledby="approve-title" className="sp-stack">
          <Heading level={2} id="approve-title">
            Goedkeuren
          </Heading>
          {batch.preparedByMe ? (
            <Paragraph>{batch.fourEyesNote} Daarom staat hier geen knop om goed te keuren.</Paragraph>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="approve" />
              <Paragraph>
                Met goedkeuren boekt u de betalingen als uitbetaald en komt het SEPA-bestand voor de bank
                vrij.
              </Paragraph>
              <Button appearance="primary-action-button" type="submit" disabled={busy}>
                Goedkeuren
              </Button>
            </Form>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <Button appearance="secondary-action-button" type="submit" disabled={busy}>
              Annuleren
            </Button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="export-title" className="sp-stack">
        <Heading level={2} id="export-title">
          Bestanden
        </Heading>
        <ul>
          <li>
            <a href={`${base}?format=csv`} download>
              CSV-overzicht ({batch.reference}.csv)
            </a>
          </li>
          {batch.status === "APPROVED" ? (
            <li>
              <a href={`${base}?format=sepa`} download>
                SEPA-bestand voor de bank ({batch.reference}.xml, pain.001.001.03)
              </a>
            </li>
          ) : (
            <li>Het SEPA-bestand komt beschikbaar na goedkeuring.</li>
          )}
        </ul>
      </section>

      <TableScroll>
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">Betalingen in batch {batch.reference}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Betalingskenmerk
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Begunstigde
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                IBAN
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Bedrag
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Omschrijving
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {batch.payments.map((p) => (
              <tr key={p.id} className="utrecht-table__row">
                <th className="utrecht-table__header-cell sp-nowrap" scope="row">
                  {p.reference}
                </th>
                <td className="utrecht-table__cell">{p.payeeName}</td>
                <td className="utrecht-table__cell sp-nowrap">{p.iban}</td>
                <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                  {p.amount}
                </td>
                <td className="utrecht-table__cell">
                  <WithReferences text={p.description} />
                </td>
                <td className="utrecht-table__cell">{p.status}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="row" colSpan={3}>
                Totaal
              </th>
              <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                {batch.total}
              </td>
              <td className="utrecht-table__cell" colSpan={2} />
            </tr>
          </tfoot>
        </table>
      </TableScroll>
    </div>
  );
}
