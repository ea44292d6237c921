import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Fragment } from "react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { money } from "../../../domain/plan/steps/common.ts";
import { recordDefaultNotice } from "../../../domain/review/deadlines.server.ts";
import { proposeSettlement } from "../../../domain/settlement/propose.server.ts";
import { settlePlan } from "../../../domain/settlement/settle.server.ts";
import { settlementPage } from "../../../domain/settlement/view.server.ts";
import { formatDateNl, formatDateTimeNl } from "../../../domain/time/index.ts";
import { Alert } from "../../../ui/alert.tsx";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField, TextField } from "../../../ui/fields.tsx";
import { daysLeftSentence } from "../../../ui/format.ts";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { DefaultNoticeForm, penaltyText } from "../../../ui/review/default-notice-form.tsx";
import { errorAt, summaryOf } from "../../../ui/review/form-helpers.ts";
import { TableScroll } from "../../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  incompleteForm,
  planActionMeta,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import type { Route } from "./+types/vaststelling";

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    return { page: await settlementPage(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const readMeta = planActionMeta(["propose", "settle", "default_notice"] as const);
const ProposeSchema = z.object({
  amount: money("het voorgestelde bedrag"),
  motivation: z.string().trim().min(10, "Motiveer het voorstel in ten minste 10 tekens.").max(10_000),
});
const SettleSchema = z.object({
  reduction: z.enum(["", "NIL", "PROPORTIONAL"]),
  reason: z.string().trim().min(10, "Motiveer de vaststelling in ten minste 10 tekens.").max(10_000),
});

function zodErrors(issues: { path: PropertyKey[]; message: string }[]) {
  const errors: Record<string, { type: string; message: string }> = {};
  for (const i of issues) errors[String(i.path[0] ?? "root")] ??= { type: "zod", message: i.message };
  return errors;
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["CASE_HANDLER", "DECISION_MAKER"]);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!meta) return incompleteForm();
  const { intent, expectedVersion } = meta;
  try {
    if (intent === "default_notice") {
      // The applicant's ingebrekestelling on a late vaststelling (Awb 4:17), as on the grant's tab.
      await recordDefaultNotice(
        user.actor,
        params.planId,
        String(formData.get("receivedOn") ?? "").trim(),
        expectedVersion,
        { kind: "SETTLEMENT" },
        formData.has("shownReceivedOn") ? String(formData.get("shownReceivedOn")) : undefined,
      );
      return { ok: true as const, form: intent, message: "De ingebrekestelling is vastgelegd." };
    }
    if (intent === "propose") {
      const v = ProposeSchema.safeParse({
        amount: formData.get("amount") ?? "",
        motivation: formData.get("motivation") ?? "",
      });
      if (!v.success) return validationFailure(zodErrors(v.error.issues), intent);
      await proposeSettlement(user.actor, params.planId, expectedVersion, {
        amountCents: v.data.amount,
        motivation: v.data.motivation,
      });
      return { ok: true as const, form: intent, message: "Het voorstel tot vaststelling is opgeslagen." };
    }
    const v = SettleSchema.safeParse({
      reduction: formData.get("reduction") ?? "",
      reason: formData.get("reason") ?? "",
    });
    if (!v.success) return validationFailure(zodErrors(v.error.issues), intent);
    await settlePlan(user.actor, params.planId, expectedVersion, {
      reduction: v.data.reduction === "" ? null : v.data.reduction,
      reason: v.data.reason,
    });
    return {
      ok: true as const,
      form: intent,
      message: "De subsidie is vastgesteld. De beschikking wordt gemaakt en naar de aanvrager gestuurd.",
    };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

type Page = Route.ComponentProps["loaderData"]["page"];

export default function Settlement({ loaderData, actionData }: Route.ComponentProps) {
  const { page } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);
  const s = page.settlement;
  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <Heading level={2}>Vaststelling</Heading>
      {page.report ? (
        <Paragraph>
          Realisatieverslag ingediend op {formatDateTimeNl(new Date(page.report.submittedAt))}
          {page.report.dueOn ? `; uiterste datum was ${formatDateNl(page.report.dueOn)}` : ""}
          {page.report.late ? " — te laat ingediend." : "."} Bereikte deelnemers:{" "}
          {page.report.participantsReached?.toLocaleString("nl-NL") ?? "—"}.
        </Paragraph>
      ) : (
        <Paragraph>Er is nog geen realisatieverslag ingediend.</Paragraph>
      )}
      {page.report?.summary ? (
        <Paragraph style={{ whiteSpace: "pre-wrap" }}>{page.report.summary}</Paragraph>
      ) : null}
      <DecisionTerm page={page} />
      <Figures page={page} />
      {s ? (
        <section aria-labelledby="voorstel-kop" className="sp-stack">
          <Heading level={3} id="voorstel-kop">
            Voorstel van de behandelaar
          </Heading>
          <Paragraph>
            {s.proposed}, voorgesteld door {s.proposedBy} op {formatDateTimeNl(new Date(s.proposedAt))}.
          </Paragraph>
          <Paragraph style={{ whiteSpace: "pre-wrap" }}>{s.motivation}</Paragraph>
        </section>
      ) : null}
      {s?.settled ? <Outcome page={page} /> : null}
      {!page.proposeRefusal ? <ProposeForm page={page} failure={failureFor("propose")} busy={busy} /> : null}
      {!page.settleRefusal ? (
        <SettleForm page={page} failure={failureFor("settle")} busy={busy} />
      ) : page.plan.status === "SETTLEMENT_REQUESTED" && page.proposeRefusal ? (
        <Alert type="info">
          <Paragraph>{page.settleRefusal}</Paragraph>
        </Alert>
      ) : null}
      {page.decisionTerm?.canRecordNotice ? (
        <DefaultNoticeForm
          planVersion={page.plan.version}
          subject={{ kind: "SETTLEMENT" }}
          receivedOn={page.decisionTerm.noticeReceivedOn}
          failure={failureFor("default_notice")}
          busy={busy}
          level={3}
          term={{ state: "ends", due: page.decisionTerm.due }}
        />
      ) : null}
    </div>
  );
}

/**
 * The besluit's term (regulation art. 5.5, 22 weeks unless the grant says otherwise), its days
 * left while it runs, and the applicant's ingebrekestelling with the penalty (Awb 4:17).
 */
function DecisionTerm({ page }: { page: Page }) {
  const t = page.decisionTerm;
  if (!t) return null;
  return (
    <dl className="sp-facts" aria-label="Beslistermijn van de vaststelling">
      <dt>Beslistermijn tot en met</dt>
      <dd>
        {formatDateNl(t.due)}
        {t.daysLeft !== null ? (
          <>
            {" — "}
            {t.daysLeft < 0 ? (
              <strong className="sp-overdue">{daysLeftSentence(t.daysLeft)}</strong>
            ) : (
              daysLeftSentence(t.daysLeft)
            )}
          </>
        ) : null}
      </dd>
      {t.noticeReceivedOn ? (
        <>
          <dt>Ingebrekestelling ontvangen</dt>
          <dd>{formatDateNl(t.noticeReceivedOn)}</dd>
        </>
      ) : null}
      {t.penalty ? (
        <>
          <dt>Dwangsom (Awb 4:17)</dt>
          <dd>{penaltyText(t.penalty)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Figures({ page }: { page: Page }) {
  const f = page.figures;
  return (
    <>
      <div className="sp-table-scroll">
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">Verleend, begroot en werkelijk per jaar</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Maatregel
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Deelnemers (bereikt van gepland)
                </th>
                {page.years.map((y) => (
                  <th
                    key={y}
                    scope="col"
                    className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                  >
                    {y}: begroot / werkelijk
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {page.measures.map((m) => (
                <tr key={m.id} className="utrecht-table__row">
                  <th scope="row" className="utrecht-table__header-cell">
                    {m.title}
                    {m.rate ? ` (${m.rate})` : ""}
                  </th>
                  <td className="utrecht-table__cell">{m.participants}</td>
                  {m.years.map((y) => (
                    <td
                      key={y.year}
                      className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                    >
                      {y.planned} / {y.actual}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot className="utrecht-table__footer">
              <tr className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell" colSpan={2}>
                  Verleend
                </th>
                {page.years.map((y) => (
                  <td
                    key={y}
                    className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    {page.grantedPerYear.find((g) => g.year === y)?.amount ?? "—"}
                  </td>
                ))}
              </tr>
              <tr className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell" colSpan={2}>
                  Subsidiabele kosten in de verlening
                </th>
                {page.years.map((y) => (
                  <td
                    key={y}
                    className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    {page.eligiblePerYear.find((g) => g.year === y)?.amount ?? "—"}
                  </td>
                ))}
              </tr>
              <tr className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell" colSpan={2}>
                  Meegeteld van de werkelijke kosten
                </th>
                {page.years.map((y) => (
                  <td
                    key={y}
                    className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                  >
                    {page.countedPerYear.find((g) => g.year === y)?.amount ?? "—"}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      </div>
      {page.measures.some((m) => m.aboveCap) ? (
        <ul>
          {page.measures
            .filter((m) => m.aboveCap)
            .map((m) => (
              <li key={m.id}>
                {m.title}: {m.aboveCap}
              </li>
            ))}
        </ul>
      ) : null}
      <dl className="sp-facts">
        <dt>Verleend bedrag</dt>
        <dd>{f.granted}</dd>
        <dt>Begrote kosten</dt>
        <dd>{f.planned}</dd>
        <dt>Subsidiabele kosten in de verlening</dt>
        <dd>
          {f.eligible} (de begrote kosten naar rato van het verleende deel van de aangevraagde subsidie)
        </dd>
        <dt>Werkelijke kosten (opgegeven)</dt>
        <dd>{f.actual}</dd>
        <dt>Meegetelde kosten</dt>
        <dd>
          {f.counted} (per jaar ten hoogste de subsidiabele kosten in de verlening van dat jaar
          {f.aboveCap ? `; ${f.aboveCap} ligt boven de loonkostengrens per deelnemer en telt niet mee` : ""}
          {f.notCounted ? `; ${f.notCounted} valt buiten de verlening en telt niet mee` : ""})
        </dd>
        <dt>Realisatie</dt>
        <dd>
          {f.realisation} van de subsidiabele kosten in de verlening (drempel {f.threshold})
        </dd>
        {f.mixedRates ? (
          <>
            {f.classes.map((c) => (
              <Fragment key={c.rate}>
                <dt>
                  Meegeteld tegen {c.rate}
                  {c.labels.length > 0 ? ` (${c.labels.join(", ")})` : ""}
                </dt>
                <dd>
                  {c.counted} van {c.eligible} subsidiabel in de verlening
                </dd>
              </Fragment>
            ))}
            <dt>Overhead (staffel), tegen {f.rate}</dt>
            <dd>{f.overhead}</dd>
            <dt>Meegetelde kosten maal hun percentage, met de overhead maal {f.rate}</dt>
            <dd>{f.rateAmount} (naar beneden afgerond)</dd>
          </>
        ) : (
          <>
            <dt>Overhead (staffel)</dt>
            <dd>{f.overhead}</dd>
            <dt>{f.rate} van meegetelde kosten met overhead</dt>
            <dd>{f.rateAmount}</dd>
          </>
        )}
        <dt>Berekend bedrag</dt>
        <dd>
          {f.computed}
          {f.belowThreshold ? ` (onder de drempel; bij evenredige verlaging ${f.capped})` : ""}
        </dd>
        <dt>Betaalde voorschotten</dt>
        <dd>{f.paid}</dd>
      </dl>
    </>
  );
}

function Outcome({ page }: { page: Page }) {
  const s = page.settlement;
  if (!s?.settled) return null;
  return (
    <section aria-labelledby="vastgesteld-kop" className="sp-stack">
      <Heading level={3} id="vastgesteld-kop">
        Vastgesteld
      </Heading>
      <Paragraph>
        Vastgesteld op {s.settled} door {s.settledBy}
        {s.settledAt ? ` op ${formatDateTimeNl(new Date(s.settledAt))}` : ""}
        {s.reduction === "PROPORTIONAL" ? " (evenredig verlaagd)" : s.reduction === "NIL" ? " (nihil)" : ""}.
      </Paragraph>
      {page.finalPayment ? <Paragraph>Slotbetaling: {page.finalPayment.amount}.</Paragraph> : null}
      {page.recovery ? (
        <Paragraph>
          {/* The day counts from the letter's sending: none is named before the letter exists. */}
          {page.recovery.dueOn
            ? `Terugvordering: ${page.recovery.amount}, te betalen uiterlijk ${formatDateNl(page.recovery.dueOn)}.`
            : `Terugvordering: ${page.recovery.amount}; de uiterste betaaldatum volgt uit de beschikking.`}
        </Paragraph>
      ) : null}
      {page.letter ? (
        <Paragraph>
          <a href={`/documenten/${page.letter.id}`}>{page.letter.title} (PDF)</a>
        </Paragraph>
      ) : (
        <Paragraph>De beschikking wordt gemaakt.</Paragraph>
      )}
    </section>
  );
}

function ProposeForm({ page, failure, busy }: { page: Page; failure?: ActionFailure; busy: boolean }) {
  return (
    <Form method="post" className="sp-stack" noValidate>
      <Heading level={3}>Vaststelling voorstellen</Heading>
      <ErrorSummary errors={summaryOf(failure, "propose")} focusKey={failure} />
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="expectedVersion" value={page.plan.version} />
      <TextField
        id="propose-amount"
        name="amount"
        label="Voorgesteld bedrag (€)"
        description={
          (page.figures.mixedRates
            ? `Ten hoogste ${page.figures.capped}: het verleende bedrag of de meegetelde kosten maal hun percentage met de overhead maal ${page.figures.rate}, wat lager is.`
            : `Ten hoogste ${page.figures.capped}: het verleende bedrag of ${page.figures.rate} van de meegetelde kosten met overhead, wat lager is.`) +
          (page.figures.aboveCap
            ? ` De ${page.figures.aboveCap} boven de loonkostengrens per deelnemer telt niet mee.`
            : "")
        }
        inputMode="decimal"
        defaultValue={page.figures.cappedInput}
        error={errorAt(failure, "amount")}
      />
      <TextareaField
        id="propose-motivation"
        name="motivation"
        label="Motivering"
        rows={4}
        error={errorAt(failure, "motivation")}
      />
      <div>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Voorstel opslaan
        </Button>
      </div>
    </Form>
  );
}

function SettleForm({ page, failure, busy }: { page: Page; failure?: ActionFailure; busy: boolean }) {
  const below = page.figures.belowThreshold;
  const reductionError = errorAt(failure, "reduction");
  return (
    <Form method="post" className="sp-stack" noValidate>
      <Heading level={3}>Subsidie vaststellen</Heading>
      <ErrorSummary errors={summaryOf(failure, "settle")} focusKey={failure} />
      <input type="hidden" name="intent" value="settle" />
      <input type="hidden" name="expectedVersion" value={page.plan.version} />
      {below ? (
        <fieldset
          id="settle-reduction"
          className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${reductionError ? " utrecht-form-fieldset--invalid" : ""}`}
          aria-describedby={reductionError ? "settle-reduction-error" : undefined}
        >
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            De realisatie ligt onder de drempel van {page.figures.threshold}
          </legend>
          {reductionError ? (
            <p id="settle-reduction-error" className="utrecht-form-field-error-message">
              {reductionError}
            </p>
          ) : null}
          <div>
            <input type="radio" id="settle-reduction-nil" name="reduction" value="NIL" />{" "}
            <label htmlFor="settle-reduction-nil">Vaststellen op nihil</label>
          </div>
          <div>
            <input type="radio" id="settle-reduction-proportional" name="reduction" value="PROPORTIONAL" />{" "}
            <label htmlFor="settle-reduction-proportional">
              Evenredig verlagen (ten hoogste {page.figures.capped}, en niet meer dan voorgesteld)
            </label>
          </div>
        </fieldset>
      ) : (
        <>
          <input type="hidden" name="reduction" value="" />
          <Paragraph>
            U stelt de subsidie vast op het voorgestelde bedrag, {page.settlement?.proposed}.
          </Paragraph>
        </>
      )}
      <TextareaField
        id="settle-reason"
        name="reason"
        label="Motivering"
        rows={4}
        error={errorAt(failure, "reason")}
      />
      <div>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Vaststellen
        </Button>
      </div>
    </Form>
  );
}
