import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { type FormEvent, useState } from "react";
import { Form, useNavigation, useSubmit } from "react-router";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { adviceProgress, assessmentView } from "../../../domain/assessment/assessment.server.ts";
import { costComparison } from "../../../domain/assessment/comparison.server.ts";
import { type AdviceFormInput, adviceFormSchema } from "../../../domain/plan/plan-form.ts";
import { getPlanView, recordAdvice } from "../../../domain/plan/plans.server.ts";
import { unflattenForm } from "../../../domain/plan/steps/form-data.ts";
import type { PlanStatus } from "../../../generated/prisma/enums.ts";
import { Alert } from "../../../ui/alert.tsx";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField } from "../../../ui/fields.tsx";
import { centsToInput, formatDateTime, formatEuro } from "../../../ui/format.ts";
import { RadioGroup } from "../../../ui/radio-group.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { AmountFields } from "../../../ui/review/amount-fields.tsx";
import { errorAt, type FormProps, summaryOf } from "../../../ui/review/form-helpers.ts";
import { ScoresTable } from "../../../ui/review/scores-table.tsx";
import { TableScroll } from "../../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  incompleteForm,
  planActionMeta,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/beoordeling";

// The Actieteam adviser's tab: the scored assessment, the advice, its history, and beside it the
// plan's cost per participant against the other plans of the same theme (design.md §7).

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    // getPlanView checks visibility first: an adviser without an ACTIVE assignment gets a 404.
    const plan = await getPlanView(user.actor, params.planId);
    const [assessment, comparison] = await Promise.all([
      assessmentView(user.actor, params.planId),
      costComparison(params.planId),
    ]);
    return {
      plan,
      assessment,
      comparison: comparison.map((c) => ({
        ...c,
        costPerParticipantCents: c.costPerParticipantCents?.toString() ?? null,
        others: c.others
          ? {
              n: c.others.n,
              q1: c.others.q1.toString(),
              median: c.others.median.toString(),
              q3: c.others.q3.toString(),
            }
          : null,
      })),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const readMeta = planActionMeta(["advise"] as const);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["ADVISER"]);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!meta) return incompleteForm();
  const { intent, expectedVersion } = meta;
  try {
    const v = await validatedForm(formData.entries(), zodResolver(adviceFormSchema));
    if (v.errors) return validationFailure(v.errors, intent);
    const result = await recordAdvice(user.actor, params.planId, expectedVersion, v.data);
    const message =
      result.status === "ADVISED"
        ? "Het advies is vastgelegd. Het plan ligt (nu) bij de beslisser."
        : adviceRecordedMessage(result.status, await adviceProgress(params.planId));
    return { ok: true as const, form: intent, message };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

/**
 * What the adviser is told when the plan did not become ADVISED: a plan in assessment waits for
 * more advice; a plan waiting for budget stays waiting however much advice it has (ADVISED holds a
 * reservation, it holds none), so it waits for budget, and for another adviser only if the advice
 * is not yet enough (as enoughAdvice counts it).
 */
export function adviceRecordedMessage(
  status: PlanStatus,
  { required, given }: { required: number; given: number },
) {
  const missing = Math.max(0, required - given);
  const others =
    missing === 1
      ? required === 2
        ? "een tweede adviseur"
        : "nog één adviseur"
      : `nog ${missing} adviseurs`;
  if (status === "WAITING_FOR_BUDGET")
    return missing === 0
      ? "Het advies is vastgelegd. Het plan heeft het advies dat het nodig heeft en wacht nu alleen nog op budget."
      : `Het advies is vastgelegd. Het plan wacht op budget, en op het advies van ${others}.`;
  return missing === 0
    ? "Het advies is vastgelegd."
    : `Het advies is vastgelegd. Het plan wacht op het advies van ${others}.`;
}

type Data = Route.ComponentProps["loaderData"];

export default function Assessment({ loaderData, actionData }: Route.ComponentProps) {
  const { plan, assessment, comparison } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;

  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <CostComparison rows={comparison} />
      {assessment.mayAdvise ? (
        <AdviceForm plan={plan} assessment={assessment} failure={failure} busy={busy} />
      ) : (
        <Paragraph>Er is hier nu niets te doen: het plan wacht niet op uw advies.</Paragraph>
      )}
      <History history={assessment.history} />
    </div>
  );
}

const OUTLIER_TEXT = {
  HIGH: "Opvallend hoog: meer dan 1,5 × het bovenste kwartiel",
  LOW: "Opvallend laag: minder dan het onderste kwartiel gedeeld door 1,5",
} as const;

function CostComparison({ rows }: { rows: Data["comparison"] }) {
  return (
    <section aria-labelledby="comparison-title" className="sp-stack">
      <Heading level={2} id="comparison-title">
        Kosten per deelnemer naast andere plannen
      </Heading>
      <Paragraph>
        Per maatregel: de kosten over alle jaren gedeeld door het aantal deelnemers, naast de maatregelen met
        hetzelfde thema in de andere ingediende plannen van deze regeling.
      </Paragraph>
      <TableScroll>
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">Kosten per deelnemer per maatregel</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Maatregel
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Thema
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Dit plan
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Andere plannen (aantal)
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Onderste kwartiel
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Mediaan
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Bovenste kwartiel
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Signaal
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {rows.map((r) => (
              <tr key={r.measureId} className="utrecht-table__row" data-outlier={r.outlier ?? undefined}>
                <th className="utrecht-table__header-cell" scope="row">
                  {r.title}
                </th>
                <td className="utrecht-table__cell">{r.theme}</td>
                <td className="utrecht-table__cell">
                  {r.costPerParticipantCents === null
                    ? "geen deelnemers"
                    : formatEuro(r.costPerParticipantCents)}
                </td>
                <td className="utrecht-table__cell">{r.others?.n ?? 0}</td>
                <td className="utrecht-table__cell">{r.others ? formatEuro(r.others.q1) : "–"}</td>
                <td className="utrecht-table__cell">{r.others ? formatEuro(r.others.median) : "–"}</td>
                <td className="utrecht-table__cell">{r.others ? formatEuro(r.others.q3) : "–"}</td>
                <td className="utrecht-table__cell">
                  {r.outlier ? (
                    <strong>{OUTLIER_TEXT[r.outlier]}</strong>
                  ) : r.others && r.others.n >= 4 ? (
                    "Binnen de spreiding"
                  ) : (
                    "Te weinig vergelijkingsmateriaal"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

const SCORE_OPTIONS = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

function AdviceForm({
  plan,
  assessment,
  failure: serverFailure,
  busy,
}: FormProps & { assessment: Data["assessment"] }) {
  // The action's schema runs in the browser first, through react-hook-form's zod resolver: the
  // same messages next to the fields and in the summary, without a round trip. The server parses
  // the post again with the same schema.
  const submit = useSubmit();
  const [clientFailure, setClientFailure] = useState<ActionFailure>();
  const failure = clientFailure ?? serverFailure;
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    event.preventDefault();
    const values = unflattenForm(new FormData(form), ["intent", "expectedVersion"]);
    const result = await zodResolver(adviceFormSchema)(values as AdviceFormInput, undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    if (Object.keys(result.errors).length > 0) {
      setClientFailure({ ok: false, form: "advise", errors: result.errors });
      return;
    }
    setClientFailure(undefined);
    submit(form);
  };
  const years = plan.years.map((y) => y.year);
  const previous = assessment.latestOwn;
  // Advice on an earlier version assessed other amounts: start again from what is requested now.
  const outdated = previous?.onEarlierVersion === true;
  const defaults = new Map(
    previous && !outdated
      ? previous.amounts.map((a) => [a.year, centsToInput(a.cents)])
      : plan.years.map((y) => [y.year, centsToInput(y.requestedCents)]),
  );
  return (
    <section aria-labelledby="advise-title" className="sp-stack">
      <Heading level={2} id="advise-title">
        {previous ? "Beoordeling herzien" : "Beoordeling en advies"}
      </Heading>
      {outdated ? (
        <Alert type="warning">
          <Paragraph>
            Uw vorige advies ging over een eerdere versie van het plan; de aanvrager heeft het sindsdien
            aangevuld. Dat advies telt niet meer mee: beoordeel de huidige versie opnieuw.
          </Paragraph>
        </Alert>
      ) : previous ? (
        <Alert type="info">
          <Paragraph>
            Een nieuwe beoordeling vervangt uw vorige niet: beide blijven in de geschiedenis hieronder.
          </Paragraph>
        </Alert>
      ) : null}
      <ErrorSummary errors={summaryOf(failure, "advise")} focusKey={failure} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="advise" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
        {assessment.criteria.map((c, i) => {
          const before = previous?.scores.find((s) => s.criterion === c.code);
          return (
            <fieldset
              key={c.code}
              className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset sp-stack"
            >
              <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                {c.label} (weging {c.weight})
              </legend>
              <input type="hidden" name={`scores.${i}.criterion`} value={c.code} />
              <RadioGroup
                id={`advise-scores-${i}-score`}
                name={`scores.${i}.score`}
                legend={`Score voor ${c.label} (1 = onvoldoende, 5 = uitstekend)`}
                options={SCORE_OPTIONS}
                defaultValue={before ? String(before.score) : undefined}
                error={errorAt(failure, `scores.${i}.score`)}
              />
              <TextareaField
                id={`advise-scores-${i}-motivation`}
                name={`scores.${i}.motivation`}
                label={`Motivering van de score voor ${c.label}`}
                rows={3}
                defaultValue={before?.motivation ?? ""}
                error={errorAt(failure, `scores.${i}.motivation`)}
              />
            </fieldset>
          );
        })}
        <RadioGroup
          id="advise-recommendation"
          name="recommendation"
          legend="Advies aan de beslisser"
          options={[
            { value: "GRANT", label: "Verlenen (het gevraagde bedrag)" },
            { value: "PARTIAL_GRANT", label: "Gedeeltelijk verlenen (in minstens één jaar minder)" },
            { value: "REJECT", label: "Afwijzen (€ 0,00)" },
          ]}
          defaultValue={previous?.recommendation}
          error={errorAt(failure, "recommendation")}
        />
        <AmountFields
          prefix="advise"
          years={years}
          defaults={defaults}
          failure={failure}
          label="Geadviseerd bedrag"
        />
        <TextareaField
          id="advise-text"
          name="text"
          label="Advies (tekst)"
          rows={6}
          defaultValue={previous?.text ?? ""}
          error={errorAt(failure, "text")}
        />
        <Paragraph>
          Het gewogen totaal rekent de server uit met de wegingen van de regeling.
          {assessment.advisersRequired > 1
            ? ` Dit plan heeft ${assessment.advisersRequired} adviseurs nodig; het gaat naar de beslisser als zij allen hebben geadviseerd.`
            : ""}
        </Paragraph>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Advies vastleggen
        </Button>
      </Form>
    </section>
  );
}

function History({ history }: { history: Data["assessment"]["history"] }) {
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="history-title" className="sp-stack">
      <Heading level={2} id="history-title">
        Uitgebrachte adviezen (nieuwste eerst)
      </Heading>
      {history.map((h) => (
        <article
          key={h.id}
          className="sp-stack"
          aria-label={`Advies van ${h.adviserName}, ${formatDateTime(h.createdAt)}`}
        >
          <Heading level={3}>
            {h.adviserName}, {formatDateTime(h.createdAt)}: {h.recommendationLabel}
            {h.weightedScore ? `, gewogen score ${h.weightedScore}` : ""}
            {h.onEarlierVersion ? " (op een eerdere versie)" : ""}
          </Heading>
          <ScoresTable scores={h.scores} />
          <Paragraph>
            Geadviseerd bedrag: {h.amounts.map((a) => `${a.year}: ${formatEuro(a.cents)}`).join("; ")}
          </Paragraph>
          <Paragraph>{h.text}</Paragraph>
        </article>
      ))}
    </section>
  );
}
