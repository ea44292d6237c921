import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { now } from "../../domain/clock.ts";
import { formatEuro } from "../../domain/money.ts";
import {
  approveBatch,
  cancelBatch,
  confirmExecutionDate,
  EXECUTION_DATE_MAX_DAYS_AHEAD,
  executionDateProposal,
  FOUR_EYES_BATCH,
  FOUR_EYES_REDATE,
  getBatch,
  proposeExecutionDate,
} from "../../domain/payments/batches.server.ts";
import { formatIban } from "../../domain/payments/iban.ts";
import { RETURN_NOTE_MAX, RETURN_REASONS } from "../../domain/payments/return-reasons.ts";
import { recordPaymentReturn, returnsOfBatch } from "../../domain/payments/returns.server.ts";
import { sepaFileHandedOut, sepaFileRefusal } from "../../domain/payments/sepa.server.ts";
import { addCalendarDays, amsterdamDate, formatDateNl, formatDateTimeNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { SelectField, TextareaField, TextField } from "../../ui/fields.tsx";
import { WithReferences } from "../../ui/references.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  incompleteForm,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
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
  RETURNED: "teruggeboekt door de bank",
} as const;

const REASON_OPTIONS = Object.entries(RETURN_REASONS).map(([value, label]) => ({ value, label }));

/** One form per paid payment: its errors are shown at that payment's form (form "return-<id>"). */
const ReturnForm = z.object({
  paymentId: z.uuid("Deze betaling bestaat niet."),
  reasonCode: z.enum(Object.keys(RETURN_REASONS) as [string, ...string[]], {
    error: "Kies de reden die de bank opgeeft voor de terugboeking.",
  }),
  note: z
    .string()
    .trim()
    .max(RETURN_NOTE_MAX, `De toelichting is te lang (ten hoogste ${RETURN_NOTE_MAX} tekens).`),
});

/** A new execution date (form "redate"): proposed by one finance user, confirmed by another. */
const DateForm = z.object({
  executionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Vul de uitvoeringsdatum in als dag-maand-jaar."),
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  try {
    const b = await getBatch(prisma, params.batchId);
    const returns = new Map((await returnsOfBatch(prisma, b.id)).map((r) => [r.paymentId, r]));
    // The first SEPA file after the execution day is refused (sepaFileRefusal): the page says so and
    // offers the new date in place of the link, with the open proposal if there is one.
    const today = amsterdamDate(now());
    const sepaRefusal =
      b.status === "APPROVED" && b.executionDate < today
        ? sepaFileRefusal(b, await sepaFileHandedOut(prisma, b.id), today)
        : null;
    const proposal = sepaRefusal ? await executionDateProposal(prisma, b.id) : null;
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
        redate: sepaRefusal
          ? {
              refusal: sepaRefusal,
              today,
              latest: addCalendarDays(today, EXECUTION_DATE_MAX_DAYS_AHEAD),
              proposal: proposal
                ? {
                    date: proposal.date,
                    dateLabel: formatDateNl(proposal.date),
                    by: `${proposal.proposedBy}, ${formatDateTimeNl(proposal.proposedAt)}`,
                    mine: proposal.proposedById === user.id,
                    passed: proposal.date < today,
                  }
                : null,
              fourEyesNote: FOUR_EYES_REDATE,
            }
          : null,
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
          // The bank can send back only what an approved batch paid.
          returnable: b.status === "APPROVED" && p.status === "PAID",
          returned: returns.get(p.id) ?? null,
        })),
      },
    };
  } catch (err) {
    throwAsPage(err);
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "return") return returnAction(user.actor, form);
  if (intent === "propose-date" || intent === "confirm-date") {
    const parsed = DateForm.safeParse({ executionDate: String(form.get("executionDate") ?? "") });
    if (!parsed.success)
      return validationFailure(
        errorTree(parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ""), message: i.message }))),
        "redate",
      );
    try {
      if (intent === "propose-date") {
        const proposed = await proposeExecutionDate(user.actor, params.batchId, parsed.data);
        return {
          ok: true as const,
          message: `De nieuwe uitvoeringsdatum ${formatDateNl(proposed)} is voorgesteld. Een andere medewerker van Financiën moet hem bevestigen; daarna komt het SEPA-bestand vrij.`,
        };
      }
      const confirmed = await confirmExecutionDate(user.actor, params.batchId, parsed.data);
      return {
        ok: true as const,
        message: `De uitvoeringsdatum is nu ${formatDateNl(confirmed)}. Het SEPA-bestand staat klaar.`,
      };
    } catch (err) {
      return actionFailure(err, "redate");
    }
  }
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
    return incompleteForm("batch");
  } catch (err) {
    return actionFailure(err, "batch");
  }
}

async function returnAction(actor: Parameters<typeof recordPaymentReturn>[0], form: FormData) {
  const paymentId = String(form.get("paymentId") ?? "");
  const formName = `return-${paymentId}`;
  const parsed = ReturnForm.safeParse({
    paymentId,
    reasonCode: String(form.get("reasonCode") ?? ""),
    note: String(form.get("note") ?? ""),
  });
  if (!parsed.success)
    return validationFailure(
      errorTree(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))),
      formName,
    );
  try {
    const result = await recordPaymentReturn(actor, parsed.data.paymentId, parsed.data);
    if (result.alreadyReturned)
      return {
        ok: true as const,
        message: `Deze terugboeking was al geregistreerd op ${formatDateTimeNl(result.returnedAt)}; er is niets opnieuw geboekt.`,
      };
    const next = result.replacement
      ? result.ibanToCheck
        ? "Een nieuwe betaling van hetzelfde bedrag staat klaar, maar wordt aangehouden tot Financiën het rekeningnummer van de organisatie opnieuw heeft goedgekeurd (zie Rekeningnummers). De tekenbevoegden van de organisatie zijn gevraagd hun rekeningnummer te controleren."
        : "Een nieuwe betaling van hetzelfde bedrag staat vandaag klaar bij ‘Te betalen’."
      : "De subsidie staat niet meer open voor betaling (de verlening is ingetrokken): er is geen nieuwe betaling aangemaakt.";
    return {
      ok: true as const,
      message: `De terugboeking is geregistreerd en de uitbetaling is in het grootboek teruggedraaid. ${next}`,
    };
  } catch (err) {
    return actionFailure(err, formName);
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
      <ErrorSummary errors={summaryOf(failure, failure?.form ?? "batch")} focusKey={failure} />
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
          {batch.redate ? (
            <li data-testid="sepa-refused">SEPA-bestand voor de bank: niet beschikbaar, zie hieronder.</li>
          ) : batch.status === "APPROVED" ? (
            <li>
              <a href={`${base}?format=sepa`} download>
                SEPA-bestand voor de bank ({batch.reference}.xml, pain.001.001.03)
              </a>
            </li>
          ) : (
            <li>Het SEPA-bestand komt beschikbaar na goedkeuring.</li>
          )}
        </ul>
        {batch.redate ? (
          <RedateSection
            redate={batch.redate}
            failure={failure?.form === "redate" ? failure : undefined}
            busy={busy}
          />
        ) : null}
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

      {batch.payments.some((p) => p.returnable || p.returned) ? (
        <section aria-labelledby="returns-title" className="sp-stack">
          <Heading level={2} id="returns-title">
            Terugboekingen door de bank
          </Heading>
          <Paragraph>
            Stuurt de bank een betaling terug (storno), registreer dat hier. De uitbetaling wordt dan in het
            grootboek teruggedraaid en er komt een nieuwe betaling van hetzelfde bedrag klaar. Bij een reden
            over de rekening (AC01, AC04, AC06) wordt die pas betaald als Financiën het rekeningnummer opnieuw
            heeft goedgekeurd.
          </Paragraph>
          {batch.payments.map((p) =>
            p.returned ? (
              <div key={p.id} data-testid={`returned-${p.id}`}>
                <Heading level={3}>{p.reference}: teruggeboekt door de bank</Heading>
                <dl className="sp-facts">
                  <dt>Reden</dt>
                  <dd>{p.returned.reason}</dd>
                  <dt>Geregistreerd</dt>
                  <dd>
                    {p.returned.returnedOn} door {p.returned.returnedBy}
                  </dd>
                  {p.returned.note ? (
                    <>
                      <dt>Toelichting</dt>
                      <dd>{p.returned.note}</dd>
                    </>
                  ) : null}
                  <dt>Nieuwe betaling</dt>
                  <dd>
                    {p.returned.replacement ? (
                      <>
                        {p.returned.replacement.reference} ({p.returned.replacement.status}), plan{" "}
                        <Link to={`/behandeling/plannen/${p.returned.replacement.planId}`}>
                          {p.planReference}
                        </Link>
                      </>
                    ) : (
                      "geen: de subsidie staat niet meer open voor betaling"
                    )}
                  </dd>
                </dl>
              </div>
            ) : p.returnable ? (
              <ReturnPaymentForm
                key={p.id}
                payment={p}
                failure={failure?.form === `return-${p.id}` ? failure : undefined}
                busy={busy}
              />
            ) : null,
          )}
        </section>
      ) : null}
    </div>
  );
}

function RedateSection({
  redate,
  failure,
  busy,
}: {
  redate: {
    refusal: string;
    today: string;
    latest: string;
    proposal: { date: string; dateLabel: string; by: string; mine: boolean; passed: boolean } | null;
    fourEyesNote: string;
  };
  failure: ActionFailure | undefined;
  busy: boolean;
}) {
  const proposal = redate.proposal;
  return (
    <div className="sp-stack" data-testid="redate">
      <Heading level={3}>Nieuwe uitvoeringsdatum</Heading>
      <Paragraph>{redate.refusal}</Paragraph>
      {failure?.formError ? (
        <Paragraph className="utrecht-form-field-error-message">{failure.formError}</Paragraph>
      ) : null}
      {proposal && !proposal.passed ? (
        <div className="sp-stack" data-testid="redate-proposal">
          <Paragraph>
            Voorgesteld: {proposal.dateLabel} (door {proposal.by}).
          </Paragraph>
          {proposal.mine ? (
            <Paragraph>{redate.fourEyesNote} Daarom staat hier geen knop om te bevestigen.</Paragraph>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="confirm-date" />
              <input type="hidden" name="executionDate" value={proposal.date} />
              <Button appearance="primary-action-button" type="submit" disabled={busy}>
                Uitvoeringsdatum {proposal.dateLabel} bevestigen
              </Button>
            </Form>
          )}
        </div>
      ) : null}
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="propose-date" />
        <TextField
          id="redate-executionDate"
          name="executionDate"
          type="date"
          label={proposal && !proposal.passed ? "Of stel een andere datum voor" : "Nieuwe uitvoeringsdatum"}
          description="De dag waarop de bank de overboekingen uitvoert: vandaag of later."
          defaultValue={redate.today}
          min={redate.today}
          max={redate.latest}
          error={errorAt(failure, "executionDate")}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
          Uitvoeringsdatum voorstellen
        </Button>
      </Form>
    </div>
  );
}

function ReturnPaymentForm({
  payment,
  failure,
  busy,
}: {
  payment: { id: string; reference: string; amount: string; payeeName: string };
  failure: ActionFailure | undefined;
  busy: boolean;
}) {
  const id = `return-${payment.id}`;
  return (
    <details open={failure ? true : undefined} data-testid={id}>
      <summary>
        {payment.reference} ({payment.amount}, {payment.payeeName}): teruggeboekt door de bank
      </summary>
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="return" />
        <input type="hidden" name="paymentId" value={payment.id} />
        {failure?.formError ? (
          <Paragraph className="utrecht-form-field-error-message">{failure.formError}</Paragraph>
        ) : null}
        <SelectField
          id={`${id}-reasonCode`}
          name="reasonCode"
          label="Reden van de bank"
          options={REASON_OPTIONS}
          placeholder="Kies de reden"
          error={errorAt(failure, "reasonCode")}
        />
        <TextareaField
          id={`${id}-note`}
          name="note"
          label="Toelichting (niet verplicht)"
          description="Bijvoorbeeld de datum en het kenmerk van de terugboeking op het bankafschrift."
          rows={2}
          maxLength={RETURN_NOTE_MAX}
          error={errorAt(failure, "note")}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
          Teruggeboekt door de bank
        </Button>
      </Form>
    </details>
  );
}
