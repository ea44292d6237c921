import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { now } from "../../domain/clock.ts";
import { formatEuro } from "../../domain/money.ts";
import { AWB_MINIMUM_INTEREST_CENTS } from "../../domain/settlement/interest.ts";
import { halfYearRateCheck } from "../../domain/settlement/interest-rates.server.ts";
import { markRecoveryReceived, openRecoveryClaims } from "../../domain/settlement/recovery.server.ts";
import { amsterdamDate, daysBetween, formatDateNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import {
  InterestLines,
  type InterestLineView,
  InterestRateWarning,
  interestLinesView,
  rateCheckView,
} from "../../ui/finance/interest.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import { type ActionFailure, actionFailure, incompleteForm, throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/terugvorderingen";

export const meta = () => [{ title: "Terugvorderingen — Financiën — Sectorplanportaal" }];

const PAGE_SIZE = 50;
const Query = z.object({ pagina: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE"]);
  const { pagina } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const today = amsterdamDate(now());
    const [{ rows, total }, check] = await Promise.all([
      openRecoveryClaims({ skip: (pagina - 1) * PAGE_SIZE, take: PAGE_SIZE }),
      halfYearRateCheck(today),
    ]);
    return {
      claims: rows,
      total,
      page: pagina,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      today,
      rateCheck: rateCheckView(check),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const Received = z.object({
  intent: z.literal("received"),
  claimId: z.uuid(),
  // Checked as a date by the domain, which answers on this field.
  receivedOn: z.string().max(40).default(""),
});

/** What the page shows after a receipt: the interest owed and how it was worked out. */
export type ReceiptView = {
  reference: string;
  amount: string;
  dueOn: string;
  receivedOn: string;
  daysLate: number;
  accrued: string;
  owed: string;
  belowMinimum: boolean;
  lines: InterestLineView[];
};

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const raw = Object.fromEntries(await request.formData());
  const parsed = Received.safeParse(raw);
  if (!parsed.success) return incompleteForm("received");
  const form = `received-${parsed.data.claimId}`;
  try {
    const r = await markRecoveryReceived(user.actor, parsed.data.claimId, parsed.data.receivedOn);
    const daysLate = Math.max(0, daysBetween(r.dueOn, r.receivedOn));
    const receipt: ReceiptView = {
      reference: r.reference,
      amount: formatEuro(r.amountCents),
      dueOn: formatDateNl(r.dueOn),
      receivedOn: formatDateNl(r.receivedOn),
      daysLate,
      accrued: formatEuro(r.interest.totalCents),
      owed: formatEuro(r.interestCents),
      belowMinimum: r.interest.totalCents > 0n && r.interestCents === 0n,
      lines: interestLinesView(r.interest.lines),
    };
    return {
      ok: true as const,
      message:
        r.interestCents > 0n
          ? `De terugbetaling van ${receipt.reference} is geregistreerd. Er is ${receipt.owed} wettelijke rente verschuldigd.`
          : `De terugbetaling van ${receipt.reference} is geregistreerd. Er is geen wettelijke rente verschuldigd.`,
      receipt,
    };
  } catch (err) {
    return actionFailure(err, form);
  }
}

export default function RecoveryClaims({ loaderData, actionData }: Route.ComponentProps) {
  const { claims, total, page, pageCount, today, rateCheck } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const done = actionData?.ok ? (actionData as { message: string; receipt: ReceiptView }) : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Terugvorderingen</Heading>
      <Paragraph>
        Voorschotten die hoger waren dan het vastgestelde bedrag. De terugvordering is bij de vaststelling
        geboekt; registreer hier op welke dag het geld volgens het bankafschrift is terugontvangen.
      </Paragraph>
      <Paragraph>
        Wie na de uiterste betaaldatum betaalt, is vanaf de dag daarna zonder ingebrekestelling in verzuim en
        is de wettelijke rente verschuldigd tot en met de dag van ontvangst (artikel 4:97 en 4:98 Awb), met de
        tarieven van <Link to="/financien/wettelijke-rente">de wettelijke rente</Link> en rente op rente na
        elk jaar. Onder {formatEuro(AWB_MINIMUM_INTEREST_CENTS)} is geen rente verschuldigd.
      </Paragraph>
      <InterestRateWarning check={rateCheck} linkToRates />
      <ActionDone message={done?.message} />
      {done ? <ReceiptInterest receipt={done.receipt} /> : null}
      <ErrorSummary errors={summaryOf(failure, failure?.form ?? "received")} focusKey={failure} />
      {claims.length === 0 ? (
        <Paragraph>Er zijn geen openstaande terugvorderingen.</Paragraph>
      ) : (
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Openstaande terugvorderingen, de eerst vervallende bovenaan ({total} in totaal
              {pageCount > 1 ? `, pagina ${page} van ${pageCount}` : ""})
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Plan
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Organisatie
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Bedrag
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Te betalen uiterlijk
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Wettelijke rente tot vandaag
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Actie
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {claims.map((c) => (
                <tr className="utrecht-table__row" key={c.id}>
                  <th scope="row" className="utrecht-table__header-cell">
                    <Link to={`/behandeling/plannen/${c.planId}`} className="sp-nowrap">
                      {c.reference}
                    </Link>
                  </th>
                  <td className="utrecht-table__cell">{c.organisation}</td>
                  <td className="utrecht-table__cell">{c.amount}</td>
                  <td className="utrecht-table__cell">{formatDateNl(c.dueOn)}</td>
                  <td className="utrecht-table__cell">
                    {c.interestToDate === null ? (
                      "—"
                    ) : "problem" in c.interestToDate ? (
                      c.interestToDate.problem
                    ) : (
                      <>
                        {c.interestToDate.amount}
                        {c.interestToDate.belowMinimum ? (
                          <span className="sp-block">
                            (onder {formatEuro(AWB_MINIMUM_INTEREST_CENTS)}: niet verschuldigd)
                          </span>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td className="utrecht-table__cell">
                    <Form method="post" className="sp-stack" noValidate>
                      <input type="hidden" name="intent" value="received" />
                      <input type="hidden" name="claimId" value={c.id} />
                      <TextField
                        id={`received-${c.id}-receivedOn`}
                        name="receivedOn"
                        type="date"
                        label={
                          <>
                            Ontvangen op<span className="sp-visually-hidden"> ({c.reference})</span>
                          </>
                        }
                        defaultValue={today}
                        max={today}
                        error={
                          failure?.form === `received-${c.id}` ? errorAt(failure, "receivedOn") : undefined
                        }
                      />
                      <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                        Ontvangen<span className="sp-visually-hidden"> ({c.reference})</span>
                      </Button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pageCount={pageCount} href={(n) => `?pagina=${n}`} />
    </div>
  );
}

/** After a receipt: whether interest is owed, and how it was worked out, for finance's claim of it. */
function ReceiptInterest({ receipt: r }: { receipt: ReceiptView }) {
  return (
    <section aria-labelledby="ontvangst-rente" className="sp-stack sp-card">
      <Heading level={2} id="ontvangst-rente">
        Wettelijke rente: {r.reference}
      </Heading>
      <dl className="sp-facts">
        <dt>Terugbetaald bedrag</dt>
        <dd>{r.amount}</dd>
        <dt>Te betalen uiterlijk</dt>
        <dd>{r.dueOn}</dd>
        <dt>Ontvangen op</dt>
        <dd>{r.receivedOn}</dd>
        <dt>Dagen te laat</dt>
        <dd>{r.daysLate}</dd>
        <dt>Wettelijke rente verschuldigd</dt>
        <dd>{r.owed}</dd>
      </dl>
      {r.daysLate === 0 ? (
        <Paragraph>Op tijd betaald: er is geen wettelijke rente verschuldigd.</Paragraph>
      ) : (
        <>
          {r.belowMinimum ? (
            <Paragraph>
              De rente over de dagen van verzuim komt op {r.accrued}: minder dan{" "}
              {formatEuro(AWB_MINIMUM_INTEREST_CENTS)}, en daarom niet verschuldigd (artikel 4:98, tweede lid,
              Awb).
            </Paragraph>
          ) : (
            <Paragraph>
              Stel de wettelijke rente bij beschikking vast en vorder haar in (artikel 4:99 Awb). De rente is
              geen subsidiegeld en wordt niet op de budgetten van de regeling geboekt.
            </Paragraph>
          )}
          <InterestLines caption={`Berekening van de wettelijke rente (${r.reference})`} lines={r.lines} />
        </>
      )}
    </section>
  );
}
