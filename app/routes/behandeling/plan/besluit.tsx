import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useEffect, useRef } from "react";
import { type FieldErrors, get, useForm } from "react-hook-form";
import { Form, useNavigation, useSubmit } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { revokeGrant } from "../../../domain/decision/decide.server.ts";
import { CEILING_REACHED } from "../../../domain/decision/grounds.ts";
import { availableAfter, availableBefore, type ImpactPot } from "../../../domain/decision/impact.ts";
import { type DecisionPage, decisionPage } from "../../../domain/decision/page.server.ts";
import { parseEuroInput } from "../../../domain/money.ts";
import {
  type DecisionFormInput,
  type DecisionFormOutput,
  decisionFormSchema,
} from "../../../domain/plan/plan-form.ts";
import { decidePlan } from "../../../domain/plan/plans.server.ts";
import { Alert } from "../../../ui/alert.tsx";
import { ErrorSummary, flattenErrors } from "../../../ui/error-summary.tsx";
import { SelectField, TextareaField, TextField } from "../../../ui/fields.tsx";
import { centsToInput, formatDate, formatDateTime, formatEuro } from "../../../ui/format.ts";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../../ui/review/form-helpers.ts";
import { ScoresTable } from "../../../ui/review/scores-table.tsx";
import { TableScroll } from "../../../ui/table.tsx";
import { CheckboxField } from "../../../ui/wizard/choice.tsx";
import {
  type ActionFailure,
  actionFailure,
  incompleteForm,
  planActionMeta,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/besluit";

// The decision maker's tab: the advice, the live budget impact, the beschikking (with a preview of
// its letter), and the intrekking of a grant whose execution did not start in time.

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["DECISION_MAKER"]);
  try {
    return { page: await decisionPage(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const readMeta = planActionMeta(["decide", "revoke"] as const);

const RevokeSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Schrijf waarom de verlening wordt ingetrokken.")
    .max(10_000, "De motivering mag hoogstens 10000 tekens hebben."),
});

const DONE = {
  decide: "Het besluit is genomen. De beschikking wordt aangemaakt.",
  revoke: "De verlening is ingetrokken.",
} as const;

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["DECISION_MAKER"]);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!meta) return incompleteForm();
  const { intent, expectedVersion } = meta;
  try {
    if (intent === "revoke") {
      const r = RevokeSchema.safeParse({ reason: formData.get("reason") ?? "" });
      if (!r.success)
        return validationFailure({ reason: { type: "zod", message: r.error.issues[0]?.message } }, intent);
      await revokeGrant(user.actor, params.planId, expectedVersion, r.data.reason);
    } else {
      const v = await validatedForm(formData.entries(), zodResolver(decisionFormSchema));
      if (v.errors) return validationFailure(v.errors, intent);
      await decidePlan(user.actor, params.planId, expectedVersion, v.data);
    }
    return { ok: true as const, form: intent, message: DONE[intent] };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

const RECOMMENDATION: Record<string, string> = {
  GRANT: "Verlenen",
  PARTIAL_GRANT: "Gedeeltelijk verlenen",
  REJECT: "Afwijzen",
};

export default function Decision({ loaderData, actionData }: Route.ComponentProps) {
  const { page } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);

  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <AdviceSection page={page} />
      {page.blockedReason ? (
        <Alert type="warning">
          <Heading level={2}>U kunt over dit plan niet beslissen</Heading>
          <Paragraph>{page.blockedReason}</Paragraph>
        </Alert>
      ) : null}
      {page.waiting ? <WaitingSection page={page} /> : null}
      {page.firstInLine ? (
        <Alert type="warning">
          <Heading level={2}>Nog niet verlenen</Heading>
          <Paragraph>{page.firstInLine}</Paragraph>
        </Alert>
      ) : null}
      {page.canDecide && !page.waiting?.refusal ? (
        <DecisionForm key={page.version} page={page} failure={failureFor("decide")} busy={busy} />
      ) : page.status === "ADVISED" || page.waiting ? (
        <BudgetImpact page={page} granted={[]} />
      ) : page.revoke ? null : (
        <Paragraph>Er is hier nu niets te doen: het plan wacht niet op een besluit.</Paragraph>
      )}
      {page.revoke ? <RevokeSection page={page} failure={failureFor("revoke")} busy={busy} /> : null}
    </div>
  );
}

function AdviceSection({ page }: { page: DecisionPage }) {
  return (
    <section aria-labelledby="advice-title" className="sp-stack">
      <Heading level={2} id="advice-title">
        Advies van het Actieteam
      </Heading>
      {page.advices.length === 0 ? <Paragraph>Er is (nog) geen advies uitgebracht.</Paragraph> : null}
      {page.advicesDiffer ? (
        <Alert type="warning">
          <Paragraph>
            De adviezen lopen uiteen: de adviseurs adviseren een andere uitkomst of andere bedragen. Het
            besluitformulier neemt daarom geen van beide over. Kies de uitkomst en de bedragen zelf en vermeld
            in de motivering welk advies u volgt, en waarom.
          </Paragraph>
        </Alert>
      ) : null}
      {page.advices.map((a) => (
        <article key={a.id} className="sp-stack" aria-label={`Advies van ${a.adviserName}`}>
          <Heading level={3}>
            {RECOMMENDATION[a.recommendation] ?? a.recommendation} — {a.adviserName}
            {a.onEarlierVersion ? " (op een eerdere versie)" : ""}
          </Heading>
          {a.onEarlierVersion ? (
            <Alert type="warning">
              <Paragraph>
                Dit advies gaat over een eerdere versie van het plan: de aanvrager heeft het daarna aangevuld.
                Het telt niet mee als advies over het plan zoals het nu is, en het besluitformulier neemt de
                bedragen ervan niet over.
              </Paragraph>
            </Alert>
          ) : null}
          <Paragraph>
            Uitgebracht op {formatDateTime(a.createdAt)}
            {a.weightedScore !== null
              ? `; gewogen score ${(a.weightedScore / 100).toFixed(2).replace(".", ",")} van 5`
              : ""}
            .
          </Paragraph>
          <ScoresTable scores={a.scores} />
          <TableScroll>
            <table className="utrecht-table">
              <caption className="utrecht-table__caption">Geadviseerd bedrag per jaar</caption>
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th scope="col" className="utrecht-table__header-cell">
                    Jaar
                  </th>
                  <th scope="col" className="utrecht-table__header-cell">
                    Gevraagd
                  </th>
                  <th scope="col" className="utrecht-table__header-cell">
                    Geadviseerd
                  </th>
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {page.years.map((y) => (
                  <tr className="utrecht-table__row" key={y.year}>
                    <th scope="row" className="utrecht-table__header-cell">
                      {y.year}
                    </th>
                    <td className="utrecht-table__cell">{formatEuro(y.requestedCents)}</td>
                    <td className="utrecht-table__cell">
                      {formatEuro(a.amounts.find((m) => m.year === y.year)?.cents ?? "0")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Paragraph style={{ whiteSpace: "pre-wrap" }}>{a.text}</Paragraph>
        </article>
      ))}
    </section>
  );
}

/** Amount columns: right-aligned in tabular figures, the portal's sp-money. */
const NUMERIC = "utrecht-table__cell sp-money";
const NUMERIC_HEADER = "utrecht-table__header-cell sp-money";

function potOf(p: DecisionPage["impact"]["pots"][number]): ImpactPot {
  return {
    ...p,
    ceilingCents: BigInt(p.ceilingCents),
    reservedCents: BigInt(p.reservedCents),
    committedCents: BigInt(p.committedCents),
    planReservedCents: BigInt(p.planReservedCents),
  };
}

/**
 * What each pot holds before and after the decision, recomputed as the amounts are typed; the
 * server recomputes everything when the decision is taken (the ledger refuses what does not fit).
 */
function BudgetImpact({ page, granted }: { page: DecisionPage; granted: { year: number; cents: bigint }[] }) {
  const { pots, earlier, earlierCount } = page.impact;
  // One line per fund (ADR 0011): a plan of another window of the fund says which window it is of.
  const otherWindows = earlier.some((e) => e.otherWindowName !== null);
  // The window's pot holds the plan's whole reservation (the year pots each hold a year's share).
  const windowPot = pots.find((p) => p.year === null);
  const reserved = windowPot ? BigInt(windowPot.planReservedCents) : 0n;
  return (
    <section aria-labelledby="impact-title" className="sp-stack">
      <Heading level={2} id="impact-title">
        Gevolgen voor het budget
      </Heading>
      <TableScroll>
        <table className="utrecht-table" aria-live="polite">
          <caption className="utrecht-table__caption">Per budgetpot: nu en na dit besluit</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">
                Pot
              </th>
              <th scope="col" className={NUMERIC_HEADER}>
                Plafond
              </th>
              <th scope="col" className={NUMERIC_HEADER}>
                Gereserveerd
              </th>
              <th scope="col" className={NUMERIC_HEADER}>
                Verplicht
              </th>
              <th scope="col" className={NUMERIC_HEADER}>
                Beschikbaar nu
              </th>
              <th scope="col" className={NUMERIC_HEADER}>
                Beschikbaar na besluit
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {pots.map((raw) => {
              const p = potOf(raw);
              const after = availableAfter(p, granted);
              return (
                <tr className="utrecht-table__row" key={p.potId}>
                  <th scope="row" className="utrecht-table__header-cell">
                    {p.year === null ? `${p.name} (tijdvak)` : p.name}
                  </th>
                  <td className={NUMERIC}>{formatEuro(p.ceilingCents)}</td>
                  <td className={NUMERIC}>{formatEuro(p.reservedCents)}</td>
                  <td className={NUMERIC}>{formatEuro(p.committedCents)}</td>
                  <td className={NUMERIC}>{formatEuro(availableBefore(p))}</td>
                  <td className={NUMERIC}>
                    {formatEuro(after)}
                    {after < 0n ? " — te weinig budget" : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {reserved > 0n ? (
        <Paragraph>
          Voor dit plan is {formatEuro(reserved)} gereserveerd sinds het volledig is ontvangen; dat bedrag is
          al van ‘Beschikbaar nu’ afgetrokken. Verlenen zet de reservering om in een verplichting. Wat u
          minder verleent dan gereserveerd, komt weer beschikbaar.
        </Paragraph>
      ) : null}
      <Heading level={3}>Eerder volledig ontvangen plannen zonder besluit</Heading>
      {earlier.length === 0 ? (
        <Paragraph>
          Er staan geen plannen zonder besluit voor dit plan in de rij van het fonds (alle tijdvakken van de
          regeling, in volgorde van volledige ontvangst).
        </Paragraph>
      ) : (
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              {earlierCount} {earlierCount === 1 ? "plan" : "plannen"} voor dit plan in de rij van het fonds
              (alle tijdvakken), in volgorde van volledige ontvangst
              {earlierCount > earlier.length ? ` (de eerste ${earlier.length})` : ""}
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Kenmerk
                </th>
                {otherWindows ? (
                  <th scope="col" className="utrecht-table__header-cell">
                    Tijdvak
                  </th>
                ) : null}
                <th scope="col" className="utrecht-table__header-cell">
                  Organisatie
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Status
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Volledig ontvangen
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Gevraagd
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {earlier.map((e) => (
                <tr className="utrecht-table__row" key={e.id}>
                  <th scope="row" className="utrecht-table__header-cell sp-nowrap">
                    {e.reference}
                  </th>
                  {otherWindows ? (
                    <td className="utrecht-table__cell">{e.otherWindowName ?? "dit tijdvak"}</td>
                  ) : null}
                  <td className="utrecht-table__cell">{e.organisationName}</td>
                  <td className="utrecht-table__cell">{e.statusLabel}</td>
                  <td className="utrecht-table__cell">{formatDateTime(e.completeReceivedAt)}</td>
                  <td className="utrecht-table__cell">{formatEuro(e.requestedCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function WaitingSection({ page }: { page: DecisionPage }) {
  const w = page.waiting;
  if (!w) return null;
  return (
    <section aria-labelledby="waiting-title" className="sp-stack">
      <Heading level={2} id="waiting-title">
        Wacht op budget
      </Heading>
      {!w.windowClosed ? (
        <>
          <Paragraph>
            Het tijdvak loopt tot en met {formatDate(w.windowLastDay)}. Tot dan krijgt dit plan budget zodra
            er geld vrijkomt; pas daarna kan het gedeeltelijk worden verleend of worden afgewezen omdat het
            subsidieplafond is bereikt.
          </Paragraph>
          {w.mayRejectOnMerits ? <MeritsParagraph /> : null}
        </>
      ) : w.refusal ? (
        <Alert type="info">
          <Paragraph>{w.refusal}</Paragraph>
        </Alert>
      ) : w.awaitingAdvice ? (
        <Alert type="info">
          <Paragraph>{w.awaitingAdvice}</Paragraph>
        </Alert>
      ) : w.isFirst ? (
        <Paragraph>
          Het tijdvak is gesloten en er kan geen budget meer vrijkomen. Dit is het eerste wachtende plan: u
          kunt het gedeeltelijk verlenen voor wat er over is (het subsidieplafond is bereikt), of afwijzen.
        </Paragraph>
      ) : w.mayGrant ? (
        <Paragraph>
          Het tijdvak is gesloten en het gevraagde bedrag past in wat er over is: u kunt het plan verlenen.
        </Paragraph>
      ) : w.ceilingRefusal ? (
        <>
          <Alert type="info">
            <Paragraph>{w.ceilingRefusal}</Paragraph>
          </Alert>
          <MeritsParagraph />
        </>
      ) : (
        <Paragraph>
          Het tijdvak is gesloten en er kan geen budget meer vrijkomen. Alleen het eerste wachtende plan (
          {w.firstReference}) kan nog gedeeltelijk worden verleend; dit plan wordt afgewezen omdat het
          subsidieplafond is bereikt.
        </Paragraph>
      )}
    </section>
  );
}

/** A refusal on the merits does not wait for the window or the money (ADR 0011). */
function MeritsParagraph() {
  return (
    <Paragraph>
      Het advies is er: u kunt het plan nu al afwijzen op een grond uit de regeling (artikel 2.5) of de Awb.
      Zijn plaats op de wachtlijst gaat dan naar het volgende plan.
    </Paragraph>
  );
}

type Outcome = DecisionFormInput["outcome"];

/**
 * The outcome the decision form starts from: the advice on the current version (design.md §4); for
 * a waiting plan what its options allow, a refusal on the merits only when so advised. When the
 * advices differ none: the page says the form takes over neither advice, and a pre-selected grant
 * would be one advice taken over all the same.
 */
export function defaultOutcome(
  page: Pick<DecisionPage, "waiting" | "recommendation" | "advicesDiffer">,
): Outcome | undefined {
  const { waiting, recommendation: advice } = page;
  if (page.advicesDiffer) return undefined;
  if (!waiting) return advice ? (advice.outcome as Outcome) : undefined;
  if (advice?.outcome === "REJECT" && waiting.mayRejectOnMerits) return "REJECT";
  if (waiting.mayGrant) return "GRANT";
  return waiting.isFirst ? "PARTIAL_GRANT" : "REJECT";
}

function DecisionForm({
  page,
  failure,
  busy,
}: {
  page: DecisionPage;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const waiting = page.waiting;
  // A waiting plan is refused for the ceiling, or on the merits once advised (ADR 0011): the ground
  // is chosen only when more than the ceiling is open.
  const rejectGrounds = waiting?.rejectGrounds ?? [];
  const onlyCeiling = !!waiting && rejectGrounds.length === 1 && rejectGrounds[0]?.code === CEILING_REACHED;
  const options: { value: Outcome; label: string }[] = waiting
    ? [
        ...(waiting.mayGrant ? [{ value: "GRANT" as const, label: "Verlenen zoals gevraagd" }] : []),
        ...(waiting.isFirst
          ? [{ value: "PARTIAL_GRANT" as const, label: "Gedeeltelijk verlenen voor wat er over is" }]
          : []),
        ...(rejectGrounds.length > 0
          ? [
              {
                value: "REJECT" as const,
                label: onlyCeiling ? "Afwijzen: subsidieplafond bereikt" : "Afwijzen",
              },
            ]
          : []),
      ]
    : [
        { value: "GRANT", label: "Verlenen zoals gevraagd" },
        { value: "PARTIAL_GRANT", label: "Gedeeltelijk verlenen" },
        { value: "REJECT", label: "Afwijzen" },
      ];
  // Pre-filled with the adviser's recommendation on the current version (design.md §4), else the
  // request; a waiting plan with what is left in its pots.
  const advice = page.recommendation;
  const source = waiting
    ? waiting.left
    : (advice?.amounts ?? page.years.map((y) => ({ year: y.year, cents: y.requestedCents })));

  const form = useForm<DecisionFormInput, unknown, DecisionFormOutput>({
    resolver: zodResolver(decisionFormSchema),
    defaultValues: {
      outcome: defaultOutcome(page),
      ground: onlyCeiling ? CEILING_REACHED : "",
      reason: "",
      interimAuditRequired: false,
      amounts: page.years.map((y) => ({
        year: y.year,
        amount: centsToInput(source.find((s) => s.year === y.year)?.cents ?? "0"),
      })),
    },
  });
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const onSubmit = form.handleSubmit(() => {
    if (formRef.current) submit(formRef.current);
  });

  const values = form.watch();
  const outcome = values.outcome;
  // With more than the ceiling to choose from, the ground follows the outcome: a waiting plan's
  // partial grant refuses the rest for the ceiling (checkDecisionValues), a refusal is chosen.
  useEffect(() => {
    if (waiting && !onlyCeiling) form.setValue("ground", outcome === "PARTIAL_GRANT" ? CEILING_REACHED : "");
  }, [waiting, onlyCeiling, outcome, form]);
  const granted =
    outcome === "REJECT"
      ? []
      : (values.amounts ?? []).map((a) => ({
          year: Number(a.year),
          cents: parseEuroInput(String(a.amount ?? "")) ?? 0n,
        }));

  const clientErrors = form.formState.errors as FieldErrors;
  const hasClientErrors = Object.keys(clientErrors).length > 0;
  const err = (path: string): string | undefined => {
    if (hasClientErrors) {
      const e = get(clientErrors, path) as { message?: string; root?: { message?: string } } | undefined;
      return e?.message ?? e?.root?.message;
    }
    return errorAt(failure, path);
  };
  const summary = hasClientErrors
    ? flattenErrors(clientErrors).map((e) => ({ id: `decide-${e.id}`, message: e.message }))
    : summaryOf(failure, "decide");
  const previewAction = `/behandeling/plannen/${page.id}/besluit/voorbeeld`;

  return (
    <>
      <BudgetImpact page={page} granted={granted} />
      <section aria-labelledby="decide-title" className="sp-stack">
        <Heading level={2} id="decide-title">
          Besluit
        </Heading>
        <ErrorSummary errors={summary} focusKey={hasClientErrors ? form.formState.submitCount : failure} />
        <Form method="post" noValidate className="sp-stack" ref={formRef} onSubmit={onSubmit}>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="expectedVersion" value={page.version} />
          <fieldset
            className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${err("outcome") ? " utrecht-form-fieldset--invalid" : ""}`}
            aria-describedby={err("outcome") ? "decide-outcome-error" : undefined}
          >
            <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
              Besluit
            </legend>
            {err("outcome") ? (
              <p id="decide-outcome-error" className="utrecht-form-field-error-message">
                {err("outcome")}
              </p>
            ) : null}
            {options.map((o, i) => {
              const id = i === 0 ? "decide-outcome" : `decide-outcome-${i}`;
              return (
                <div key={o.value} className="utrecht-form-field utrecht-form-field--radio">
                  <input
                    type="radio"
                    id={id}
                    value={o.value}
                    className="utrecht-radio-button utrecht-radio-button--html-input"
                    {...form.register("outcome")}
                  />{" "}
                  <label htmlFor={id} className="utrecht-form-label utrecht-form-label--radio">
                    {o.label}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <div id="decide-amounts" tabIndex={-1} className="sp-stack" hidden={outcome === "REJECT"}>
            {err("amounts") ? (
              <Paragraph id="decide-amounts-error" className="utrecht-form-field-error-message">
                {err("amounts")}
              </Paragraph>
            ) : null}
            <div className="sp-row">
              {page.years.map((y, i) => (
                <div key={y.year}>
                  <input type="hidden" {...form.register(`amounts.${i}.year`)} />
                  <TextField
                    id={`decide-amounts-${i}-amount`}
                    label={`Te verlenen bedrag ${y.year} (€)`}
                    description={`Gevraagd: ${formatEuro(y.requestedCents)}. Ten hoogste te verlenen: ${formatEuro(y.maxCents)} (${y.maxBasis}).`}
                    inputMode="decimal"
                    error={err(`amounts.${i}.amount`)}
                    describedBy={err("amounts") ? "decide-amounts-error" : undefined}
                    {...form.register(`amounts.${i}.amount`)}
                  />
                </div>
              ))}
            </div>
          </div>
          {onlyCeiling ? (
            <input type="hidden" {...form.register("ground")} />
          ) : (
            // A waiting plan's partial grant refuses the rest for the ceiling, whatever is chosen here.
            <div hidden={outcome === "GRANT" || (!!waiting && outcome !== "REJECT")}>
              <SelectField
                id="decide-ground"
                label={outcome === "REJECT" ? "Grond van de afwijzing" : "Grond voor het niet verleende deel"}
                description="Uit artikel 2.5 van de regeling of de Algemene wet bestuursrecht."
                placeholder="Kies een grond"
                options={(waiting ? rejectGrounds : page.grounds).map((g) => ({
                  value: g.code,
                  label: `${g.label} (${g.basis})`,
                }))}
                error={err("ground")}
                {...form.register("ground")}
              />
            </div>
          )}
          {/* Art. 5.4 lid 4: imposed in the grant, so not offered with a refusal. */}
          <div hidden={outcome === "REJECT"}>
            {/* Refused: the box cannot be ticked, and its description says why. */}
            <CheckboxField
              id="decide-interimAuditRequired"
              label="Controleverklaring van een accountant vereisen bij het tussentijds voortgangsverslag (art. 5.4 lid 4; regeling 2015: art. 4.4 lid 4)"
              error={err("interimAuditRequired")}
              registration={form.register("interimAuditRequired")}
              disabled={page.interimAudit.refusal !== null}
              description={
                page.interimAudit.refusal ??
                "Alleen bij voorschotten en een plan van 12 maanden of langer. De organisatie voegt de controleverklaring (artikel 2:393, eerste lid, BW), volgens het model dat de minister voorschrijft, als PDF bij het verslag; zonder kan zij het verslag niet indienen. De beschikking vermeldt de verplichting."
              }
            />
          </div>
          <TextareaField
            id="decide-reason"
            label={
              outcome === "PARTIAL_GRANT" ? "Motivering (waarom niet alles wordt verleend)" : "Motivering"
            }
            rows={6}
            error={err("reason")}
            {...form.register("reason")}
          />
          <div className="sp-row">
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              Besluit nemen
            </Button>
            <Button appearance="secondary-action-button" type="submit" form="decide-preview">
              Voorbeeld van de beschikking (opent in een nieuw tabblad)
            </Button>
          </div>
        </Form>
        {/* The preview posts the form's current values to the letter route in a new tab; nothing is stored. */}
        <form id="decide-preview" method="post" action={previewAction} target="_blank" hidden rel="noopener">
          <input type="hidden" name="outcome" value={outcome ?? ""} />
          <input type="hidden" name="ground" value={values.ground ?? ""} />
          <input type="hidden" name="reason" value={values.reason ?? ""} />
          <input
            type="hidden"
            name="interimAuditRequired"
            value={values.interimAuditRequired === true ? "true" : ""}
          />
          {(values.amounts ?? []).map((a, i) => (
            <span key={String(a.year)}>
              <input type="hidden" name={`amounts.${i}.year`} value={String(a.year)} />
              <input type="hidden" name={`amounts.${i}.amount`} value={String(a.amount ?? "")} />
            </span>
          ))}
        </form>
      </section>
    </>
  );
}

function RevokeSection({
  page,
  failure,
  busy,
}: {
  page: DecisionPage;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const revoke = page.revoke;
  if (!revoke) return null;
  return (
    <section aria-labelledby="revoke-title" className="sp-stack">
      <Heading level={2} id="revoke-title">
        Verlening intrekken
      </Heading>
      {revoke.refusal ? (
        <Paragraph>{revoke.refusal}</Paragraph>
      ) : (
        <>
          <Paragraph>
            De uitvoering is niet binnen de termijn van de regeling begonnen (artikel 5.2). U kunt de
            verlening intrekken; schrijf waarom.
          </Paragraph>
          <ErrorSummary errors={summaryOf(failure, "revoke")} focusKey={failure} />
          <Form method="post" noValidate className="sp-stack">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="expectedVersion" value={page.version} />
            <TextareaField
              id="revoke-reason"
              name="reason"
              label="Reden van de intrekking"
              rows={4}
              error={errorAt(failure, "reason")}
            />
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              Verlening intrekken
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}
