import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { now } from "../../domain/clock.ts";
import { formatEuro } from "../../domain/money.ts";
import {
  duePayments,
  listBatches,
  paymentKindLabel,
  prepareBatch,
} from "../../domain/payments/batches.server.ts";
import { formatIban } from "../../domain/payments/iban.ts";
import { amsterdamDate, formatDateNl, formatDateTimeNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { namesInBrief } from "../../ui/format.ts";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/betalingen";

export const meta = () => [{ title: "Betalingen — Financiën — Sectorplanportaal" }];

const STATUS = { PREPARED: "voorbereid, wacht op goedkeuring", APPROVED: "goedgekeurd en betaald" } as const;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE"]);
  try {
    const today = amsterdamDate(now());
    const [due, { batches, approvedShown, approvedTotal }] = await Promise.all([
      duePayments(prisma, today),
      listBatches(prisma),
    ]);
    return {
      today,
      due: due.map((p) => ({
        ...p,
        amountCents: undefined,
        amount: formatEuro(p.amountCents),
        iban: formatIban(p.iban),
        dueOn: formatDateNl(p.dueOn),
        sharedWith: namesInBrief(p.sharedWith),
        what: paymentKindLabel(p.kind, p.sequence, p.originalSequence),
      })),
      dueTotal: formatEuro(due.filter((p) => !p.blocked).reduce((t, p) => t + p.amountCents, 0n)),
      batches: batches
        .filter((b) => b.status !== "CANCELLED")
        .map((b) => ({
          id: b.id,
          reference: b.reference,
          status: STATUS[b.status as keyof typeof STATUS],
          executionDate: formatDateNl(b.executionDate),
          total: formatEuro(b.totalCents),
          count: b.count,
          prepared: `${b.preparedBy}, ${formatDateTimeNl(b.preparedAt)}`,
          approved: b.approvedBy && b.approvedAt ? `${b.approvedBy}, ${formatDateTimeNl(b.approvedAt)}` : "—",
        })),
      approvedShown,
      approvedTotal,
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const PrepareForm = z.object({
  paymentIds: z.array(z.uuid()).min(1, "Kies ten minste één betaling voor de batch."),
  executionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Vul de uitvoeringsdatum in als dag-maand-jaar."),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const f = await request.formData();
  const parsed = PrepareForm.safeParse({
    paymentIds: f.getAll("paymentId").map(String),
    executionDate: String(f.get("executionDate") ?? ""),
  });
  if (!parsed.success)
    return validationFailure(
      errorTree(parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ""), message: i.message }))),
      "batch",
    );
  try {
    const batch = await prepareBatch(user.actor, parsed.data);
    return redirect(`/financien/betalingen/${batch.id}`);
  } catch (err) {
    return actionFailure(err, "batch");
  }
}

export default function Payments({ loaderData, actionData }: Route.ComponentProps) {
  const { today, due, dueTotal, batches, approvedShown, approvedTotal } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData as ActionFailure | undefined;
  const payable = due.filter((p) => !p.blocked);
  return (
    <div className="sp-stack">
      <Heading level={1}>Betalingen</Heading>
      <Paragraph>
        Voorschotten die vandaag of eerder verschuldigd zijn. Een batch wordt voorbereid door één medewerker
        van Financiën en goedgekeurd door een ander; pas bij de goedkeuring wordt de betaling geboekt.
      </Paragraph>
      <ErrorSummary errors={summaryOf(failure, "batch")} focusKey={failure} />
      <section aria-labelledby="due-title" className="sp-stack">
        <Heading level={2} id="due-title">
          Te betalen
        </Heading>
        {due.length === 0 ? (
          <Paragraph>Er zijn geen verschuldigde betalingen.</Paragraph>
        ) : (
          <Form method="post" className="sp-stack" noValidate>
            <fieldset
              id="batch-paymentIds"
              className="sp-stack"
              aria-describedby={errorAt(failure, "paymentIds") ? "batch-paymentIds-error" : undefined}
            >
              <legend>Betalingen in de batch (alle betaalbare zijn gekozen)</legend>
              {errorAt(failure, "paymentIds") ? (
                <p id="batch-paymentIds-error" className="utrecht-form-field-error-message">
                  {errorAt(failure, "paymentIds")}
                </p>
              ) : null}
              <TableScroll>
                <table className="utrecht-table">
                  <caption className="utrecht-table__caption">
                    Verschuldigde betalingen: {payable.length} betaalbaar, samen {dueTotal}
                  </caption>
                  <thead className="utrecht-table__header">
                    <tr className="utrecht-table__row">
                      <th className="utrecht-table__header-cell" scope="col">
                        Kiezen
                      </th>
                      <th className="utrecht-table__header-cell" scope="col">
                        Kenmerk
                      </th>
                      <th className="utrecht-table__header-cell" scope="col">
                        Organisatie
                      </th>
                      <th className="utrecht-table__header-cell" scope="col">
                        IBAN
                      </th>
                      <th className="utrecht-table__header-cell" scope="col">
                        Bedrag
                      </th>
                      <th className="utrecht-table__header-cell" scope="col">
                        Verschuldigd op
                      </th>
                    </tr>
                  </thead>
                  <tbody className="utrecht-table__body">
                    {due.map((p) => (
                      <tr key={p.id} className="utrecht-table__row">
                        <td className="utrecht-table__cell">
                          <input
                            type="checkbox"
                            name="paymentId"
                            value={p.id}
                            id={`pay-${p.id}`}
                            defaultChecked={!p.blocked}
                            disabled={!!p.blocked}
                            aria-label={`${p.planReference}, ${p.what}, in de batch`}
                          />
                        </td>
                        <th className="utrecht-table__header-cell" scope="row">
                          <span className="sp-nowrap">{p.planReference}</span> ({p.what})
                        </th>
                        <td className="utrecht-table__cell">
                          {p.organisationName}
                          {p.blocked ? (
                            <strong className="sp-block"> Niet te betalen: {p.blocked}</strong>
                          ) : null}
                        </td>
                        <td className="utrecht-table__cell">
                          <span className="sp-nowrap">{p.iban}</span>
                          {p.payeeName !== p.organisationName ? (
                            <span className="sp-block">t.n.v. {p.payeeName}</span>
                          ) : null}
                          {p.sharedWith ? (
                            <strong className="sp-block"> IBAN komt ook voor bij {p.sharedWith}</strong>
                          ) : null}
                        </td>
                        <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                          {p.amount}
                        </td>
                        <td className="utrecht-table__cell">{p.dueOn}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </fieldset>
            <TextField
              id="batch-executionDate"
              name="executionDate"
              type="date"
              label="Uitvoeringsdatum"
              description="De dag waarop de bank de overboekingen uitvoert: vandaag of later."
              defaultValue={today}
              min={today}
              error={errorAt(failure, "executionDate")}
            />
            <Button appearance="primary-action-button" type="submit" disabled={busy || payable.length === 0}>
              Batch voorbereiden
            </Button>
          </Form>
        )}
      </section>
      <section aria-labelledby="batches-title" className="sp-stack">
        <Heading level={2} id="batches-title">
          Betaalbatches
        </Heading>
        {batches.length === 0 ? (
          <Paragraph>Er zijn nog geen betaalbatches.</Paragraph>
        ) : (
          <TableScroll>
            <table className="utrecht-table">
              <caption className="utrecht-table__caption">
                Voorbereide en goedgekeurde betaalbatches
                {approvedShown < approvedTotal
                  ? ` (alle voorbereide; de nieuwste ${approvedShown} van ${approvedTotal} goedgekeurde)`
                  : ""}
              </caption>
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="col">
                    Batch
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Status
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Uitvoeringsdatum
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Aantal
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Totaal
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Voorbereid
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Goedgekeurd
                  </th>
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {batches.map((b) => (
                  <tr key={b.id} className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="row">
                      <Link to={`/financien/betalingen/${b.id}`} className="sp-nowrap">
                        {b.reference}
                      </Link>
                    </th>
                    <td className="utrecht-table__cell">{b.status}</td>
                    <td className="utrecht-table__cell">{b.executionDate}</td>
                    <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                      {b.count}
                    </td>
                    <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                      {b.total}
                    </td>
                    <td className="utrecht-table__cell">{b.prepared}</td>
                    <td className="utrecht-table__cell">{b.approved}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
