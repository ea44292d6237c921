import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { now } from "../../domain/clock.ts";
import { formatEuro } from "../../domain/money.ts";
import {
  AANMANING_KINDS,
  type AanmaningKind,
  type AanmaningState,
  aanmaningStates,
  sendAanmaning,
} from "../../domain/settlement/aanmaning.server.ts";
import { AWB_MINIMUM_INTEREST_CENTS, halfYearList } from "../../domain/settlement/interest.ts";
import {
  decideRecoveryInterest,
  recordInterestReceived,
} from "../../domain/settlement/interest-decision.server.ts";
import { halfYearRateCheck } from "../../domain/settlement/interest-rates.server.ts";
import {
  calculateRecoveryInterest,
  type InterestDecisionState,
  markRecoveryReceived,
  openRecoveryClaims,
  type ReceivedInterest,
  type RecoveryReceipt,
  receivedRecoveryClaims,
  recordRecoveryPart,
  recoveryPartErrors,
} from "../../domain/settlement/recovery.server.ts";
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
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  incompleteForm,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/terugvorderingen";

export const meta = () => [{ title: "Terugvorderingen — Financiën — Sectorplanportaal" }];

const PAGE_SIZE = 50;
const PageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);
/** `pagina` pages the open claims, `ontvangen` the received ones: each list keeps its own place. */
const Query = z.object({ pagina: PageNumber, ontvangen: PageNumber });
const pageCountOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

/**
 * The received list's own forms (interest-…, decide-…, interest-received-…): their refusals are
 * summarised above that list, so the page's top summary leaves them out (one summary, one id).
 */
function isReceivedListForm(form: string | undefined): boolean {
  return !!form && (form.startsWith("interest-") || form.startsWith("decide-"));
}

/**
 * The form of an aanmaning: the claim's on the open list, the interest's on the received list
 * (its "interest-" prefix puts its refusals in that list's summary).
 */
function aanmaningForm(what: AanmaningKind, claimId: string): string {
  return what === "claim" ? `aanmaning-${claimId}` : `interest-aanmaning-${claimId}`;
}

/** Where an aanmaning stands (Awb 4:112), dates formatted, its letter linked once sent. */
export type AanmaningView =
  | { state: "none" }
  | { state: "due" }
  | { state: "made"; madeOn: string }
  | { state: "sent"; sentOn: string; payBy: string; lapsed: boolean; letterHref: string };

function aanmaningView(a: AanmaningState | undefined): AanmaningView {
  if (!a) return { state: "none" };
  switch (a.state) {
    case "made":
      return { state: "made", madeOn: formatDateNl(a.madeOn) };
    case "sent":
      return {
        state: "sent",
        sentOn: formatDateNl(a.sentOn),
        payBy: formatDateNl(a.payBy),
        lapsed: a.lapsed,
        letterHref: `/documenten/${a.documentId}`,
      };
    default:
      return a;
  }
}

/** A received claim's wettelijke rente as the page shows it, its lines formatted on the server. */
export type ReceivedInterestView =
  | { kind: "on-time" }
  | { kind: "owed"; amount: string; lines: InterestLineView[] }
  | { kind: "below-minimum"; accrued: string | null; lines: InterestLineView[] }
  | { kind: "pending"; missing: string }
  | { kind: "no-received-on" };

/** Where the beschikking of the interest (Awb 4:99) stands, dates formatted, the letter linked once rendered. */
export type InterestDecisionView = {
  decidedOn: string;
  letterHref: string | null;
  interestReceivedOn: string | null;
  /** The first day "Rente ontvangen" accepts: the day of the beschikking (ISO, for the date field). */
  earliest: string;
};

function interestDecisionView(d: InterestDecisionState | null): InterestDecisionView | null {
  if (!d) return null;
  return {
    decidedOn: formatDateNl(d.decidedOn),
    letterHref: d.documentId ? `/documenten/${d.documentId}` : null,
    interestReceivedOn: d.interestReceivedOn ? formatDateNl(d.interestReceivedOn) : null,
    earliest: d.decidedOn,
  };
}

function receivedInterestView(i: ReceivedInterest): ReceivedInterestView {
  switch (i.kind) {
    case "owed":
      return { ...i, lines: interestLinesView(i.lines) };
    case "below-minimum":
      return { ...i, lines: interestLinesView(i.lines) };
    case "pending":
      return { kind: "pending", missing: halfYearList(i.missing) };
    default:
      return i;
  }
}

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE"]);
  const { pagina, ontvangen } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const today = amsterdamDate(now());
    const openPage = (n: number) => openRecoveryClaims({ skip: (n - 1) * PAGE_SIZE, take: PAGE_SIZE });
    const receivedPage = (n: number) =>
      receivedRecoveryClaims({ skip: (n - 1) * PAGE_SIZE, take: PAGE_SIZE });
    let [open, received, check] = await Promise.all([
      openPage(pagina),
      receivedPage(ontvangen),
      halfYearRateCheck(today),
    ]);
    // A page past the last (a stale link, a list that shrank) shows the last page rather than an
    // empty list that reads as "nothing there"; only then is the page read a second time.
    const pageCount = pageCountOf(open.total);
    const page = Math.min(pagina, pageCount);
    if (page !== pagina) open = await openPage(page);
    const receivedPageCount = pageCountOf(received.total);
    const receivedAt = Math.min(ontvangen, receivedPageCount);
    if (receivedAt !== ontvangen) received = await receivedPage(receivedAt);
    const aanmaningen = await aanmaningStates([...open.rows, ...received.rows].map((r) => r.id));
    return {
      claims: open.rows.map((r) => ({
        ...r,
        parts: r.parts.map((p) => ({ amount: p.amount, receivedOn: formatDateNl(p.receivedOn) })),
        aanmaning: aanmaningView(aanmaningen.get(r.id)?.claim),
      })),
      total: open.total,
      page,
      pageCount,
      received: {
        rows: received.rows.map((r) => ({
          id: r.id,
          planId: r.planId,
          reference: r.reference,
          organisation: r.organisation,
          amount: r.amount,
          dueOn: formatDateNl(r.dueOn),
          receivedOn: formatDateNl(r.receivedOn),
          // Listed only when it came in more than one part: one part is the receipt itself.
          parts:
            r.parts.length > 1
              ? r.parts.map((p) => ({ amount: p.amount, receivedOn: formatDateNl(p.receivedOn) }))
              : [],
          interest: receivedInterestView(r.interest),
          decision: interestDecisionView(r.decision),
          interestAanmaning: aanmaningView(aanmaningen.get(r.id)?.interest),
        })),
        total: received.total,
        page: receivedAt,
        pageCount: receivedPageCount,
      },
      today,
      rateCheck: rateCheckView(check),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

/**
 * How many parts of the claim the page listed: the domain refuses a receipt or a part when another
 * came in meanwhile, so a form sent twice (a resubmit, two finance users booking the same line of
 * the bank statement) records one part, not two that close a claim half paid. Sent by the page
 * itself; without it the form is incomplete.
 */
const PartsSeen = z
  .string()
  .regex(/^\d{1,6}$/)
  .transform(Number);
const Received = z.object({
  intent: z.literal("received"),
  claimId: z.uuid(),
  // Checked as a date by the domain, which answers on this field.
  receivedOn: z.string().max(40).default(""),
  partsSeen: PartsSeen,
});
/** A part of the claim (a betalingsregeling, a short payment): the domain parses amount and day. */
const Part = z.object({
  intent: z.literal("part"),
  claimId: z.uuid(),
  amount: z.string().max(40).default(""),
  receivedOn: z.string().max(40).default(""),
  partsSeen: PartsSeen,
});
const CalculateInterest = z.object({ intent: z.literal("interest"), claimId: z.uuid() });
const DecideInterest = z.object({ intent: z.literal("decide"), claimId: z.uuid() });
const InterestReceived = z.object({
  intent: z.literal("interest-received"),
  claimId: z.uuid(),
  // Checked as a date by the domain, which answers on this field.
  interestReceivedOn: z.string().max(40).default(""),
});
const Intent = z.discriminatedUnion("intent", [
  Received,
  Part,
  CalculateInterest,
  DecideInterest,
  InterestReceived,
]);
const INTENTS = ["received", "part", "interest", "decide", "interest-received"] as const;

const NO_CLAIM =
  "Het formulier noemt geen terugvordering om aan te manen. Laad de pagina opnieuw en probeer het nog eens.";
const UNKNOWN_CLAIM =
  "Het formulier noemt een terugvordering die het portaal niet kent. Laad de pagina opnieuw en probeer het nog eens.";
const NO_KIND =
  "Het formulier zegt niet of de aanmaning de terugvordering of de wettelijke rente betreft. Laad de pagina opnieuw en probeer het nog eens.";

/** The aanmaning's form: the claim and which of its sums the page offered to urge. */
const AanmaningFields = z.object({
  claimId: z.string(NO_CLAIM).trim().min(1, NO_CLAIM).pipe(z.uuid(UNKNOWN_CLAIM)),
  what: z.enum(AANMANING_KINDS, NO_KIND),
});

/**
 * Read apart from the other intents so that each way it can arrive broken gets its own words; a
 * broken claim id is the page's error, a missing kind that claim's form's.
 */
function aanmaningInput(
  raw: Record<string, FormDataEntryValue>,
): { claimId: string; what: AanmaningKind } | { refusal: string; form: string } {
  const parsed = AanmaningFields.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.path[0] === "claimId") return { refusal: issue.message, form: "aanmaning" };
  return { refusal: NO_KIND, form: `aanmaning-${String(raw.claimId).trim()}` };
}

/** What the page shows after a receipt: the interest owed and how it was worked out. */
export type ReceiptView = {
  reference: string;
  amount: string;
  dueOn: string;
  receivedOn: string;
  daysLate: number;
  /** Both null while a half-year of the verzuim has no rate: the interest is worked out later. */
  accrued: string | null;
  owed: string | null;
  belowMinimum: boolean;
  lines: InterestLineView[];
  /** The half-years without a rate, in a sentence; empty when the interest was worked out. */
  missing: string;
};

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const raw = Object.fromEntries(await request.formData());
  if (raw.intent === "aanmaning") {
    const input = aanmaningInput(raw);
    if ("refusal" in input)
      return data<ActionFailure>({ ok: false, form: input.form, formError: input.refusal }, { status: 400 });
    try {
      const r = await sendAanmaning(user.actor, input.claimId, input.what);
      return {
        ok: true as const,
        message: `De aanmaning voor ${r.what === "claim" ? `de terugvordering ${r.reference}` : `de wettelijke rente van ${r.reference}`} (${formatEuro(r.amountCents)}) is gemaakt. De brief wordt opgemaakt en verschijnt zo bij de terugvordering en bij het plan; de tekenbevoegden van de organisatie krijgen er bericht van. Zij moeten binnen twee weken na verzending betalen.`,
        receipt: null,
      };
    } catch (err) {
      return actionFailure(err, aanmaningForm(input.what, input.claimId));
    }
  }
  const parsed = Intent.safeParse(raw);
  if (!parsed.success) return incompleteForm(INTENTS.find((i) => i === raw.intent) ?? "received");
  const input = parsed.data;
  const form = `${input.intent}-${input.claimId}`;
  try {
    if (input.intent === "decide") {
      const r = await decideRecoveryInterest(user.actor, input.claimId);
      return {
        ok: true as const,
        message: `De beschikking wettelijke rente voor ${r.reference} (${formatEuro(r.interestCents)}) is gemaakt. De brief wordt opgemaakt en verschijnt zo bij de terugvordering en bij het plan; de organisatie krijgt er bericht van.`,
        receipt: null,
      };
    }
    if (input.intent === "interest-received") {
      const r = await recordInterestReceived(user.actor, input.claimId, input.interestReceivedOn);
      return {
        ok: true as const,
        message: `De ontvangst van ${formatEuro(r.interestCents)} wettelijke rente voor ${r.reference} op ${formatDateNl(r.interestReceivedOn)} is geregistreerd.`,
        receipt: null,
      };
    }
    if (input.intent === "part") {
      // Both fields at once, so the summary names every mistake of the form in one go.
      const wrong = recoveryPartErrors(input);
      if (wrong)
        return validationFailure(
          errorTree(Object.entries(wrong).map(([path, message]) => ({ path, message }))),
          form,
        );
      const r = await recordRecoveryPart(user.actor, input.claimId, input);
      const part = `Een deel van ${formatEuro(r.partCents)} van ${r.reference}, ontvangen op ${formatDateNl(r.receivedOn)}, is geregistreerd.`;
      if (!r.receipt)
        return {
          ok: true as const,
          message: `${part} Er staat nog ${formatEuro(r.outstandingCents)} open.`,
          receipt: null,
        };
      const receipt = receiptView(r.receipt);
      return {
        ok: true as const,
        message:
          r.receipt.interestCents === null
            ? `${part} Daarmee is de terugvordering volledig terugbetaald. De wettelijke rente is nog niet berekend: voor ${receipt.missing} is nog geen tarief vastgelegd.`
            : r.receipt.interestCents > 0n
              ? `${part} Daarmee is de terugvordering volledig terugbetaald. Er is ${receipt.owed} wettelijke rente verschuldigd.`
              : `${part} Daarmee is de terugvordering volledig terugbetaald. Er is geen wettelijke rente verschuldigd.`,
        receipt,
      };
    }
    if (input.intent === "interest") {
      const r = await calculateRecoveryInterest(user.actor, input.claimId);
      const owed = r.interestCents
        ? `${formatEuro(r.interestCents)} wettelijke rente verschuldigd`
        : "geen wettelijke rente verschuldigd";
      return {
        ok: true as const,
        message: r.alreadyCalculated
          ? `De wettelijke rente van ${r.reference} was al berekend: er is ${owed}. Er is niets gewijzigd.`
          : `De wettelijke rente van ${r.reference} is berekend: er is ${owed}.`,
        receipt: r.interest ? receiptView(r) : null,
      };
    }
    const r = await markRecoveryReceived(user.actor, input.claimId, input.receivedOn, input.partsSeen);
    const receipt = receiptView(r);
    return {
      ok: true as const,
      message:
        r.interestCents === null
          ? `De terugbetaling van ${receipt.reference} is geregistreerd. De wettelijke rente is nog niet berekend: voor ${receipt.missing} is nog geen tarief vastgelegd. Zodra financiën ${r.missingRates.length === 1 ? "dat tarief" : "die tarieven"} heeft vastgelegd, berekent u de rente bij de ontvangen terugvorderingen.`
          : r.interestCents > 0n
            ? `De terugbetaling van ${receipt.reference} is geregistreerd. Er is ${receipt.owed} wettelijke rente verschuldigd.`
            : `De terugbetaling van ${receipt.reference} is geregistreerd. Er is geen wettelijke rente verschuldigd.`,
      receipt,
    };
  } catch (err) {
    return actionFailure(err, form);
  }
}

function receiptView(r: RecoveryReceipt): ReceiptView {
  return {
    reference: r.reference,
    amount: formatEuro(r.amountCents),
    dueOn: formatDateNl(r.dueOn),
    receivedOn: formatDateNl(r.receivedOn),
    daysLate: Math.max(0, daysBetween(r.dueOn, r.receivedOn)),
    accrued: r.interest ? formatEuro(r.interest.totalCents) : null,
    owed: r.interestCents === null ? null : formatEuro(r.interestCents),
    belowMinimum: !!r.interest && r.interest.totalCents > 0n && r.interestCents === 0n,
    lines: r.interest ? interestLinesView(r.interest.lines) : [],
    missing: halfYearList(r.missingRates),
  };
}

export default function RecoveryClaims({ loaderData, actionData }: Route.ComponentProps) {
  const { claims, total, page, pageCount, received, today, rateCheck } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const done = actionData?.ok ? (actionData as { message: string; receipt: ReceiptView | null }) : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Terugvorderingen</Heading>
      <Paragraph>
        Voorschotten die hoger waren dan het vastgestelde bedrag. De terugvordering is bij de vaststelling
        geboekt; registreer hier op welke dag het geld volgens het bankafschrift is terugontvangen. Betaalt de
        organisatie in delen, registreer dan elk deel met bedrag en dag: de terugvordering blijft open tot de
        delen het bedrag bereiken, en de wettelijke rente loopt over wat na elk deel nog openstaat.
      </Paragraph>
      <Paragraph>
        Wie na de uiterste betaaldatum betaalt, is vanaf de dag daarna zonder ingebrekestelling in verzuim en
        is de wettelijke rente verschuldigd tot en met de dag van ontvangst (artikel 4:97 en 4:98 Awb), met de
        tarieven van <Link to="/financien/wettelijke-rente">de wettelijke rente</Link> en rente op rente na
        elk jaar. Onder {formatEuro(AWB_MINIMUM_INTEREST_CENTS)} is geen rente verschuldigd.
      </Paragraph>
      <InterestRateWarning check={rateCheck} linkToRates />
      <ActionDone message={done?.message} />
      {done?.receipt ? <ReceiptInterest receipt={done.receipt} /> : null}
      <ErrorSummary
        errors={isReceivedListForm(failure?.form) ? [] : summaryOf(failure, failure?.form ?? "received")}
        focusKey={failure}
      />
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
                  <td className="utrecht-table__cell">
                    {c.amount}
                    {c.parts.length > 0 ? (
                      <>
                        <span className="sp-block">Nog open: {c.outstanding}</span>
                        <ul aria-label={`Ontvangen delen ${c.reference}`}>
                          {c.parts.map((p, i) => (
                            // Parts have no other identity on the page; the list only grows at its end per day.
                            // biome-ignore lint/suspicious/noArrayIndexKey: two parts may share amount and day
                            <li key={i}>
                              {p.amount} op {p.receivedOn}
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                  </td>
                  <td className="utrecht-table__cell">
                    {c.dueOn ? formatDateNl(c.dueOn) : "volgt uit de beschikking (brief nog niet verstuurd)"}
                  </td>
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
                      <input type="hidden" name="partsSeen" value={c.parts.length} />
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
                    <Form method="post" className="sp-stack" noValidate>
                      <input type="hidden" name="intent" value="part" />
                      <input type="hidden" name="claimId" value={c.id} />
                      <input type="hidden" name="partsSeen" value={c.parts.length} />
                      <TextField
                        id={`part-${c.id}-amount`}
                        name="amount"
                        inputMode="decimal"
                        label={
                          <>
                            Deel ontvangen (bedrag)
                            <span className="sp-visually-hidden"> ({c.reference})</span>
                          </>
                        }
                        error={failure?.form === `part-${c.id}` ? errorAt(failure, "amount") : undefined}
                      />
                      <TextField
                        id={`part-${c.id}-receivedOn`}
                        name="receivedOn"
                        type="date"
                        label={
                          <>
                            Deel ontvangen op<span className="sp-visually-hidden"> ({c.reference})</span>
                          </>
                        }
                        defaultValue={today}
                        max={today}
                        error={failure?.form === `part-${c.id}` ? errorAt(failure, "receivedOn") : undefined}
                      />
                      <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                        Deel ontvangen<span className="sp-visually-hidden"> ({c.reference})</span>
                      </Button>
                    </Form>
                    <Aanmaning
                      claimId={c.id}
                      reference={c.reference}
                      what="claim"
                      aanmaning={c.aanmaning}
                      busy={busy}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(n) => `?pagina=${n}&ontvangen=${received.page}`}
        label="Paginering openstaande terugvorderingen"
      />
      <ReceivedClaims
        received={received}
        openPage={page}
        busy={busy}
        today={today}
        failure={isReceivedListForm(failure?.form) ? failure : undefined}
      />
    </div>
  );
}

type ReceivedList = {
  rows: {
    id: string;
    planId: string;
    reference: string;
    organisation: string;
    amount: string;
    dueOn: string;
    receivedOn: string;
    parts: { amount: string; receivedOn: string }[];
    interest: ReceivedInterestView;
    decision: InterestDecisionView | null;
    interestAanmaning: AanmaningView;
  }[];
  total: number;
  page: number;
  pageCount: number;
};

/**
 * Received claims, the newest receipt first: where finance finds the interest it must claim by
 * beschikking (Awb 4:99) after the receipt, and works out what waited for a rate.
 */
function ReceivedClaims({
  received,
  openPage,
  busy,
  today,
  failure,
}: {
  received: ReceivedList;
  openPage: number;
  busy: boolean;
  today: string;
  failure: ActionFailure | undefined;
}) {
  return (
    <section aria-labelledby="ontvangen-kop" className="sp-stack">
      <Heading level={2} id="ontvangen-kop">
        Ontvangen terugvorderingen
      </Heading>
      <ErrorSummary errors={summaryOf(failure, failure?.form ?? "interest")} focusKey={failure} />
      {received.rows.length === 0 ? (
        <Paragraph>Er zijn nog geen terugvorderingen ontvangen.</Paragraph>
      ) : (
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Ontvangen terugvorderingen, de laatst ontvangen bovenaan ({received.total} in totaal
              {received.pageCount > 1 ? `, pagina ${received.page} van ${received.pageCount}` : ""})
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
                  Ontvangen op
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Wettelijke rente
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {received.rows.map((c) => (
                <tr className="utrecht-table__row" key={c.id}>
                  <th scope="row" className="utrecht-table__header-cell">
                    <Link to={`/behandeling/plannen/${c.planId}`} className="sp-nowrap">
                      {c.reference}
                    </Link>
                  </th>
                  <td className="utrecht-table__cell">{c.organisation}</td>
                  <td className="utrecht-table__cell">{c.amount}</td>
                  <td className="utrecht-table__cell">{c.dueOn}</td>
                  <td className="utrecht-table__cell">
                    {c.receivedOn}
                    {c.parts.length > 0 ? (
                      <ul aria-label={`Ontvangen delen ${c.reference}`}>
                        {c.parts.map((p, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: two parts may share amount and day
                          <li key={i}>
                            {p.amount} op {p.receivedOn}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td className="utrecht-table__cell">
                    <ReceivedInterestCell
                      claimId={c.id}
                      reference={c.reference}
                      interest={c.interest}
                      busy={busy}
                      error={failure?.form === `interest-${c.id}` ? failure.formError : undefined}
                    />
                    {c.interest.kind === "owed" ? (
                      <InterestDecision
                        claimId={c.id}
                        reference={c.reference}
                        decision={c.decision}
                        aanmaning={c.interestAanmaning}
                        busy={busy}
                        today={today}
                        failure={
                          failure?.form === `decide-${c.id}` ||
                          failure?.form === `interest-received-${c.id}` ||
                          failure?.form === aanmaningForm("interest", c.id)
                            ? failure
                            : undefined
                        }
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination
        page={received.page}
        pageCount={received.pageCount}
        href={(n) => `?pagina=${openPage}&ontvangen=${n}`}
        label="Paginering ontvangen terugvorderingen"
      />
    </section>
  );
}

function ReceivedInterestCell({
  claimId,
  reference,
  interest: i,
  busy,
  error,
}: {
  claimId: string;
  reference: string;
  interest: ReceivedInterestView;
  busy: boolean;
  error: string | undefined;
}) {
  switch (i.kind) {
    case "on-time":
      return <>geen (op tijd betaald)</>;
    case "no-received-on":
      return <>niet berekend: de dag van ontvangst is niet vastgelegd</>;
    case "below-minimum":
      return (
        <div className="sp-stack">
          <span>{"geen (minder dan €\u00a020)"}</span>
          {i.accrued ? (
            <span>Opgelopen over de dagen van verzuim: {i.accrued} (artikel 4:98, tweede lid, Awb).</span>
          ) : null}
          {i.lines.length > 0 ? (
            <InterestLines caption={`Berekening van de wettelijke rente (${reference})`} lines={i.lines} />
          ) : null}
        </div>
      );
    case "owed":
      return (
        <div className="sp-stack">
          <span>{i.amount}</span>
          {i.lines.length > 0 ? (
            <InterestLines caption={`Berekening van de wettelijke rente (${reference})`} lines={i.lines} />
          ) : null}
        </div>
      );
    case "pending":
      return (
        <Form method="post" className="sp-stack" noValidate>
          <span>
            {i.missing
              ? `nog niet berekend: tarief ontbreekt voor ${i.missing}`
              : "nog niet berekend: de tarieven zijn nu vastgelegd"}
          </span>
          {error ? (
            <span className="utrecht-form-field-error-message" id={`interest-${claimId}-error`}>
              {error}
            </span>
          ) : null}
          <input type="hidden" name="intent" value="interest" />
          <input type="hidden" name="claimId" value={claimId} />
          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
            Wettelijke rente berekenen<span className="sp-visually-hidden"> ({reference})</span>
          </Button>
        </Form>
      );
  }
}

/**
 * The beschikking of the interest owed (Awb 4:99): the button that has it made, then its day and
 * letter, then the day the interest came in. Nothing here is booked (ADR 0031).
 */
function InterestDecision({
  claimId,
  reference,
  decision: d,
  aanmaning,
  busy,
  today,
  failure,
}: {
  claimId: string;
  reference: string;
  decision: InterestDecisionView | null;
  aanmaning: AanmaningView;
  busy: boolean;
  today: string;
  failure: ActionFailure | undefined;
}) {
  const formError = failure?.formError ? (
    <span className="utrecht-form-field-error-message" id={`${failure.form}-error`}>
      {failure.formError}
    </span>
  ) : null;
  if (!d)
    return (
      <Form method="post" className="sp-stack" noValidate>
        {formError}
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="claimId" value={claimId} />
        <Button type="submit" appearance="secondary-action-button" disabled={busy}>
          Beschikking wettelijke rente maken<span className="sp-visually-hidden"> ({reference})</span>
        </Button>
      </Form>
    );
  return (
    <div className="sp-stack">
      <span>
        Beschikking gemaakt op {d.decidedOn}
        {d.letterHref ? (
          <>
            :{" "}
            <Link to={d.letterHref} reloadDocument>
              beschikking wettelijke rente<span className="sp-visually-hidden"> {reference}</span> (pdf)
            </Link>
          </>
        ) : (
          "; de brief wordt opgemaakt"
        )}
        .
      </span>
      {d.interestReceivedOn ? (
        <span>Rente ontvangen op {d.interestReceivedOn}.</span>
      ) : (
        <Form method="post" className="sp-stack" noValidate>
          {failure?.form === aanmaningForm("interest", claimId) ? null : formError}
          <input type="hidden" name="intent" value="interest-received" />
          <input type="hidden" name="claimId" value={claimId} />
          <TextField
            id={`interest-received-${claimId}-interestReceivedOn`}
            name="interestReceivedOn"
            type="date"
            label={
              <>
                Rente ontvangen op<span className="sp-visually-hidden"> ({reference})</span>
              </>
            }
            defaultValue={today}
            min={d.earliest}
            max={today}
            error={errorAt(failure, "interestReceivedOn")}
          />
          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
            Rente ontvangen<span className="sp-visually-hidden"> ({reference})</span>
          </Button>
        </Form>
      )}
      {d.interestReceivedOn ? null : (
        <>
          {failure?.form === aanmaningForm("interest", claimId) ? formError : null}
          <Aanmaning
            claimId={claimId}
            reference={reference}
            what="interest"
            aanmaning={aanmaning}
            busy={busy}
          />
        </>
      )}
    </div>
  );
}

/**
 * The aanmaning of a sum whose last day passed unpaid (Awb 4:112): the button while one may be
 * sent, then its day and letter and the new last day, and once that passed too, that recovery
 * goes on by dwangbevel (Awb 4:114), outside the portal (ADR 0031).
 */
function Aanmaning({
  claimId,
  reference,
  what,
  aanmaning: a,
  busy,
}: {
  claimId: string;
  reference: string;
  what: AanmaningKind;
  aanmaning: AanmaningView;
  busy: boolean;
}) {
  const name = what === "claim" ? "Aanmaning" : "Aanmaning rente";
  switch (a.state) {
    case "none":
      return null;
    case "due":
      return (
        <Form method="post" className="sp-stack" noValidate>
          <input type="hidden" name="intent" value="aanmaning" />
          <input type="hidden" name="claimId" value={claimId} />
          <input type="hidden" name="what" value={what} />
          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
            {name} sturen<span className="sp-visually-hidden"> ({reference})</span>
          </Button>
        </Form>
      );
    case "made":
      return (
        <span>
          {name} gemaakt op {a.madeOn}; de brief wordt opgemaakt.
        </span>
      );
    case "sent":
      return (
        <div className="sp-stack">
          <span>
            {name} verstuurd op {a.sentOn}; betalen uiterlijk {a.payBy}:{" "}
            <Link to={a.letterHref} reloadDocument>
              {what === "claim" ? "aanmaning" : "aanmaning wettelijke rente"}
              <span className="sp-visually-hidden"> {reference}</span> (pdf)
            </Link>
            .
          </span>
          {a.lapsed ? (
            <span>
              Termijn aanmaning verstreken: invordering bij dwangbevel (Awb 4:114) buiten het portaal.
            </span>
          ) : null}
        </div>
      );
  }
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
        <dd>{r.owed ?? "nog niet berekend"}</dd>
      </dl>
      {r.owed === null ? (
        <Paragraph>
          Voor {r.missing} is nog geen wettelijke rente vastgelegd. De rente wordt berekend zodra financiën{" "}
          {r.missing.includes(" en ") ? "die tarieven" : "dat tarief"} heeft vastgelegd op de pagina{" "}
          <Link to="/financien/wettelijke-rente">Wettelijke rente</Link>; daarna staat bij deze terugvordering
          onder Ontvangen terugvorderingen de knop Wettelijke rente berekenen.
        </Paragraph>
      ) : r.daysLate === 0 ? (
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
              De wettelijke rente wordt bij beschikking vastgesteld (artikel 4:99 Awb): maak de beschikking
              met de knop Beschikking wettelijke rente maken bij deze terugvordering onder Ontvangen
              terugvorderingen. De rente is geen subsidiegeld en wordt niet op de budgetten van de regeling
              geboekt.
            </Paragraph>
          )}
          <InterestLines caption={`Berekening van de wettelijke rente (${r.reference})`} lines={r.lines} />
        </>
      )}
    </section>
  );
}
