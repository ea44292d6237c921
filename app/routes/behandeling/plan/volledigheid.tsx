import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { requireRole } from "../../../auth/session.server.ts";
import { prisma } from "../../../db/client.server.ts";
import { getPlanView, markComplete } from "../../../domain/plan/plans.server.ts";
import { requestSupplement } from "../../../domain/plan/supplement.server.ts";
import { REOPENABLE_STEPS, supplementRequestSchema } from "../../../domain/plan/supplement.ts";
import {
  ChecklistFailed,
  type ChecklistItem,
  completenessChecklist,
  waitingPlace,
} from "../../../domain/review/completeness.server.ts";
import { planTerms, recordDefaultNotice } from "../../../domain/review/deadlines.server.ts";
import { noticeSubjectOf } from "../../../domain/review/decision-term.ts";
import { closeNotConsidered } from "../../../domain/review/lapsed.server.ts";
import { formatDateNl, formatDateTimeNl } from "../../../domain/time/index.ts";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField, TextField } from "../../../ui/fields.tsx";
import { dayCount, daysLeftSentence, formatEuro } from "../../../ui/format.ts";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { DefaultNoticeForm, penaltyText } from "../../../ui/review/default-notice-form.tsx";
import { errorAt, type FormProps, summaryOf } from "../../../ui/review/form-helpers.ts";
import { TableScroll } from "../../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  incompleteForm,
  planActionMeta,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import type { Route } from "./+types/volledigheid";

type PlanTerms = Route.ComponentProps["loaderData"]["terms"];

// The case handler's tab: the completeness checklist and "compleet", the supplement request and
// its lapse ("buiten behandeling"), the terms of the plan and the notice of default (Awb 4:17).

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["CASE_HANDLER"]);
  try {
    const plan = await getPlanView(user.actor, params.planId);
    const [checklist, terms, waiting] = [
      plan.status === "SUBMITTED" ? await completenessChecklist(prisma, plan.id, null) : null,
      await planTerms(prisma, plan.id),
      await waitingPlace(prisma, plan.id),
    ];
    // Cents travel as strings: the page needs no arithmetic on them.
    const exposure = terms.exposure ? { ...terms.exposure, cents: terms.exposure.cents.toString() } : null;
    return { plan, checklist, terms: { ...terms, exposure }, waiting };
  } catch (err) {
    throwAsPage(err);
  }
}

const readMeta = planActionMeta(["complete", "request_info", "not_consider", "default_notice"] as const);
type Intent = NonNullable<ReturnType<typeof readMeta>>["intent"];

const DONE: Record<Intent, string> = {
  complete: "Het plan is compleet verklaard.",
  request_info:
    "Om aanvulling gevraagd. De aanvrager krijgt bericht en een brief; de genoemde stappen staan voor hem open.",
  not_consider: "De aanvraag is buiten behandeling gesteld. De aanvrager krijgt het besluit als brief.",
  default_notice: "De ingebrekestelling is vastgelegd.",
};

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["CASE_HANDLER"]);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!meta) return incompleteForm();
  const { intent, expectedVersion } = meta;
  try {
    if (intent === "complete") {
      const done = await markComplete(user.actor, params.planId, expectedVersion, {
        agreementSigned: formData.get("agreementSigned") === "ja",
      });
      const message =
        done.status === "WAITING_FOR_BUDGET"
          ? "Het plan is compleet, maar het budget kan het nu niet dragen: het wacht op budget, in volgorde van ontvangst."
          : DONE.complete;
      return { ok: true as const, form: intent, message };
    }
    if (intent === "request_info") {
      const parsed = supplementRequestSchema.safeParse({
        text: String(formData.get("text") ?? ""),
        steps: formData.getAll("steps").map(String),
        termDays: String(formData.get("termDays") ?? ""),
      });
      if (!parsed.success)
        return validationFailure(
          errorTree(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))),
          intent,
        );
      await requestSupplement(user.actor, params.planId, expectedVersion, parsed.data);
    } else if (intent === "not_consider") {
      await closeNotConsidered(user.actor, params.planId, expectedVersion);
    } else {
      await recordDefaultNotice(
        user.actor,
        params.planId,
        String(formData.get("receivedOn") ?? "").trim(),
        expectedVersion,
        noticeSubjectOf(formData.get("subject"), formData.get("extensionId")) ?? { kind: "GRANT" },
        formData.has("shownReceivedOn") ? String(formData.get("shownReceivedOn")) : undefined,
      );
    }
    return { ok: true as const, form: intent, message: DONE[intent] };
  } catch (err) {
    if (err instanceof ChecklistFailed)
      return validationFailure(
        errorTree(err.failures.map((f) => ({ path: f.code, message: f.message }))),
        intent,
      );
    return actionFailure(err, intent);
  }
}

export default function Completeness({ loaderData, actionData }: Route.ComponentProps) {
  const { plan, checklist, terms, waiting } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);
  const canComplete = plan.allowedActions.includes("complete");
  const canAsk = plan.allowedActions.includes("request_info");
  const canClose = plan.status === "INFO_REQUESTED" && terms.supplement?.lapsed === true;

  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <TermsSection terms={terms} waiting={waiting} />
      {checklist && canComplete ? (
        <CompleteForm plan={plan} items={checklist} failure={failureFor("complete")} busy={busy} />
      ) : null}
      {canAsk ? <SupplementForm plan={plan} failure={failureFor("request_info")} busy={busy} /> : null}
      {canClose ? (
        <NotConsiderForm plan={plan} terms={terms} failure={failureFor("not_consider")} busy={busy} />
      ) : null}
      {!canComplete && !canAsk && !canClose ? (
        <Paragraph>
          Er is hier nu niets te doen: het plan is niet (meer) in de volledigheidscontrole.
        </Paragraph>
      ) : null}
      {(terms.decisionDue || terms.suspended) && terms.noticeOpen ? (
        <DefaultNoticeForm
          planVersion={plan.version}
          subject={{ kind: "GRANT" }}
          receivedOn={terms.noticeReceivedOn}
          failure={failureFor("default_notice")}
          busy={busy}
          term={terms.noticeTerm}
        />
      ) : null}
    </div>
  );
}

function TermsSection({
  terms,
  waiting,
}: {
  terms: PlanTerms;
  waiting: { place: number; of: number } | null;
}) {
  const rows: [string, string][] = [];
  if (terms.receivedAt) rows.push(["Ontvangen", formatDateTimeNl(terms.receivedAt)]);
  if (terms.completeReceivedAt) rows.push(["Volledig ontvangen", formatDateTimeNl(terms.completeReceivedAt)]);
  if (terms.suspendedSince)
    rows.push([
      "Beslistermijn",
      `staat stil sinds ${formatDateNl(terms.suspendedSince)}: aanvulling gevraagd (Awb 4:15)`,
    ]);
  else if (terms.decisionDue)
    rows.push([
      "Beslistermijn tot en met",
      `${formatDateNl(terms.decisionDue)}${terms.daysLeft !== null ? ` — ${daysLeftSentence(terms.daysLeft)}` : ""}`,
    ]);
  if (terms.suspendedDays > 0) rows.push(["Opgeschort", `${dayCount(terms.suspendedDays)} (Awb 4:15)`]);
  if (terms.supplement)
    rows.push([
      "Hersteltermijn tot en met",
      `${formatDateNl(terms.supplement.due)}${terms.supplement.lapsed ? " — verstreken" : ""}`,
    ]);
  if (terms.supplement?.lapsed)
    rows.push(["Buiten behandeling stellen uiterlijk", formatDateNl(terms.supplement.closeBy)]);
  if (waiting)
    rows.push(["Wacht op budget", `plaats ${waiting.place} van ${waiting.of} in volgorde van ontvangst`]);
  if (terms.noticeReceivedOn)
    rows.push(["Ingebrekestelling ontvangen", formatDateNl(terms.noticeReceivedOn)]);
  if (terms.exposure?.firstDay)
    rows.push([
      "Dwangsom (Awb 4:17)",
      penaltyText({
        ...terms.exposure,
        firstDay: terms.exposure.firstDay,
        amount: formatEuro(terms.exposure.cents),
      }),
    ]);
  return (
    <section aria-labelledby="terms-title" className="sp-stack">
      <Heading level={2} id="terms-title">
        Termijnen
      </Heading>
      {rows.length > 0 ? (
        <dl className="sp-dl">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <Paragraph>De beslistermijn begint zodra de aanvraag compleet is verklaard.</Paragraph>
      )}
    </section>
  );
}

/** The checklist (pass/fail and why) and "Compleet verklaren", refused per failing item. */
function CompleteForm({ plan, items, failure, busy }: FormProps & { items: ChecklistItem[] }) {
  return (
    <section aria-labelledby="complete-title" className="sp-stack">
      <Heading level={2} id="complete-title">
        Volledigheid
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "complete")} focusKey={failure} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="complete" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
        <TableScroll>
          <table className="utrecht-table sp-checklist">
            <caption className="utrecht-table__caption">Controlelijst van de regeling</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Onderdeel
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Uitkomst
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Toelichting
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {items.map((item) => {
                const error = errorAt(failure, item.code);
                return (
                  <tr key={item.code} className="utrecht-table__row" data-check={item.code}>
                    <th scope="row" className="utrecht-table__header-cell">
                      {item.label}
                    </th>
                    <td className="utrecht-table__cell">
                      {item.kind === "manual" && !item.ok && item.reason.startsWith("Bijgevoegd")
                        ? "Bevestigen"
                        : item.ok
                          ? "Voldoet"
                          : "Voldoet niet"}
                    </td>
                    <td className="utrecht-table__cell">
                      <span
                        id={item.code === "agreement" ? undefined : `complete-${item.code}`}
                        tabIndex={-1}
                      >
                        {item.reason}
                      </span>
                      {error && item.code !== "agreement" && error !== item.reason ? (
                        <Paragraph className="utrecht-form-field-error-message">{error}</Paragraph>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
        <div className="utrecht-form-field utrecht-form-field--checkbox">
          {errorAt(failure, "agreement") ? (
            <Paragraph id="complete-agreement-error" className="utrecht-form-field-error-message">
              {errorAt(failure, "agreement")}
            </Paragraph>
          ) : null}
          <input
            type="checkbox"
            id="complete-agreement"
            name="agreementSigned"
            value="ja"
            className="utrecht-checkbox utrecht-checkbox--html-input"
            aria-describedby={errorAt(failure, "agreement") ? "complete-agreement-error" : undefined}
            aria-invalid={errorAt(failure, "agreement") ? true : undefined}
          />{" "}
          <label htmlFor="complete-agreement" className="utrecht-form-label utrecht-form-label--checkbox">
            Ik heb de samenwerkingsovereenkomst bekeken: alle partners hebben haar ondertekend.
          </label>
        </div>
        <Paragraph>
          Voldoet alles? Dan telt dit moment als ontvangst van de volledige aanvraag, begint de beslistermijn
          en wordt het budget gereserveerd, in volgorde van ontvangst. Kan het budget het plan niet dragen,
          dan wacht het op budget.
        </Paragraph>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Compleet verklaren
        </Button>
      </Form>
    </section>
  );
}

const STEP_LABELS: Record<(typeof REOPENABLE_STEPS)[number], string> = {
  lead: "1. Aanvrager en plan",
  partnership: "2. Samenwerkingsverband",
  analysis: "3. Analyse en aanpak",
  measures: "4. Maatregelen",
  budget: "5. Begroting en cofinanciering",
  attachments: "6. Bijlagen",
};

/** "Aanvulling vragen" (Awb 4:5): what is missing, the steps that reopen, the hersteltermijn. */
function SupplementForm({ plan, failure, busy }: FormProps) {
  return (
    <section aria-labelledby="request-info-title" className="sp-stack">
      <Heading level={2} id="request-info-title">
        Aanvulling vragen
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "request_info")} focusKey={failure} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="request_info" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
        <TextareaField
          id="request_info-text"
          name="text"
          label="Wat moet de aanvrager aanvullen?"
          rows={4}
          error={errorAt(failure, "text")}
        />
        <fieldset
          className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"
          id="request_info-steps"
          aria-describedby={errorAt(failure, "steps") ? "request_info-steps-error" : undefined}
        >
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            Welke stappen gaan weer open?
          </legend>
          {errorAt(failure, "steps") ? (
            <Paragraph id="request_info-steps-error" className="utrecht-form-field-error-message">
              {errorAt(failure, "steps")}
            </Paragraph>
          ) : null}
          {REOPENABLE_STEPS.map((key, i) => (
            <div key={key} className="utrecht-form-field utrecht-form-field--checkbox">
              <input
                type="checkbox"
                id={`request_info-step-${i}`}
                name="steps"
                value={key}
                className="utrecht-checkbox utrecht-checkbox--html-input"
              />{" "}
              <label
                htmlFor={`request_info-step-${i}`}
                className="utrecht-form-label utrecht-form-label--checkbox"
              >
                {STEP_LABELS[key]}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField
          id="request_info-termDays"
          name="termDays"
          label="Hersteltermijn (dagen)"
          description="De beslistermijn staat stil vanaf de dag na het verzoek tot de dag waarop de aanvulling binnenkomt, of tot de hersteltermijn ongebruikt verstrijkt (Awb 4:15)."
          inputMode="numeric"
          defaultValue={String(plan.regulation.hersteltermijnDays)}
          error={errorAt(failure, "termDays")}
        />
        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
          Aanvulling vragen
        </Button>
      </Form>
    </section>
  );
}

function NotConsiderForm({ plan, terms, failure, busy }: FormProps & { terms: PlanTerms }) {
  return (
    <section aria-labelledby="not-consider-title" className="sp-stack">
      <Heading level={2} id="not-consider-title">
        Buiten behandeling stellen
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "not_consider")} focusKey={failure} />
      <Paragraph>
        De hersteltermijn is verstreken
        {terms.supplement ? ` op ${formatDateNl(terms.supplement.due)}` : ""} zonder aanvulling. U kunt de
        aanvraag buiten behandeling stellen (Awb 4:5); de aanvrager krijgt het besluit als brief en per
        e-mail.
        {terms.supplement
          ? ` Maak dat besluit uiterlijk ${formatDateNl(terms.supplement.closeBy)} bekend (Awb 4:5 lid 4).`
          : ""}
      </Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value="not_consider" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
          Buiten behandeling stellen
        </Button>
      </Form>
    </section>
  );
}
