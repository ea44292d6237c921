import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { get } from "react-hook-form";
import { Form, useNavigation } from "react-router";
import { getValidatedFormData } from "remix-hook-form";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { adviceFormSchema, decisionFormSchema } from "../../domain/plan/plan-form.ts";
import {
  decidePlan,
  getPlanView,
  markComplete,
  type PlanView,
  recordAdvice,
} from "../../domain/plan/plans.server.ts";
import { requestSupplement } from "../../domain/plan/supplement.server.ts";
import { REOPENABLE_STEPS, supplementRequestSchema } from "../../domain/plan/supplement.ts";
import { ErrorSummary, flattenErrors, type SummaryError } from "../../ui/error-summary.tsx";
import { TextareaField, TextField } from "../../ui/fields.tsx";
import { centsToInput } from "../../ui/format.ts";
import { AdviceAndDecision, PlanDocuments, PlanHeader, PlanHistory } from "../../ui/plan-summary.tsx";
import { RadioGroup } from "../../ui/radio-group.tsx";
import { DraftSummary } from "../../ui/wizard/draft-summary.tsx";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/plan";

const STAFF = ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"] as const;

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.plan.reference ?? "Sectorplan"} — Behandeling — Sectorplanportaal` },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...STAFF]);
  try {
    return { plan: await getPlanView(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Meta = z.object({
  intent: z.enum(["complete", "request_info", "advise", "decide"]),
  expectedVersion: z.coerce.number().int().positive(),
});

const DONE: Record<z.infer<typeof Meta>["intent"], string> = {
  complete: "Het plan is compleet verklaard.",
  request_info:
    "Om aanvulling gevraagd. De aanvrager krijgt bericht; de genoemde stappen staan voor hem open.",
  advise: "Het advies is vastgelegd.",
  decide: "Het besluit is genomen. De beschikking wordt aangemaakt.",
};

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, [...STAFF]);
  const formData = await request.formData();
  const meta = Meta.safeParse({
    intent: formData.get("intent"),
    expectedVersion: formData.get("expectedVersion"),
  });
  if (!meta.success) return validationFailure({});
  const { intent, expectedVersion } = meta.data;
  try {
    if (intent === "complete") {
      await markComplete(user.actor, params.planId, expectedVersion);
    } else if (intent === "request_info") {
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
    } else if (intent === "advise") {
      // Plain form fields: keep them strings (amounts like "1000" must not become numbers).
      const v = await getValidatedFormData(formData, zodResolver(adviceFormSchema), true);
      if (v.errors) return validationFailure(v.errors, intent);
      await recordAdvice(user.actor, params.planId, expectedVersion, v.data);
    } else {
      const v = await getValidatedFormData(formData, zodResolver(decisionFormSchema), true);
      if (v.errors) return validationFailure(v.errors, intent);
      await decidePlan(user.actor, params.planId, expectedVersion, v.data);
    }
    return { ok: true as const, form: intent, message: DONE[intent] };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

export default function StaffPlan({ loaderData, actionData }: Route.ComponentProps) {
  const { plan } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);

  return (
    <div className="sp-stack">
      <Heading level={1}>Sectorplan {plan.reference}</Heading>
      {success ? (
        <div role="status">
          <Alert type="ok">
            <Paragraph>{success}</Paragraph>
          </Alert>
        </div>
      ) : null}
      <PlanHeader plan={plan} />
      {plan.allowedActions.includes("complete") ? (
        <CompleteForm plan={plan} failure={failureFor("complete")} busy={busy} />
      ) : null}
      {plan.allowedActions.includes("request_info") ? (
        <SupplementForm plan={plan} failure={failureFor("request_info")} busy={busy} />
      ) : null}
      {plan.allowedActions.includes("advise") ? (
        <AdviceForm plan={plan} failure={failureFor("advise")} busy={busy} />
      ) : null}
      {plan.allowedActions.includes("decide") ? (
        <DecisionForm plan={plan} failure={failureFor("decide")} busy={busy} />
      ) : plan.decideBlockedReason ? (
        <Alert type="warning">
          <Paragraph>{plan.decideBlockedReason}</Paragraph>
        </Alert>
      ) : null}
      <DraftSummary
        draft={plan.content.draft}
        rules={plan.content.rules}
        context={plan.content.context}
        attachments={plan.attachments}
      />
      <AdviceAndDecision plan={plan} />
      <PlanDocuments plan={plan} />
      <PlanHistory plan={plan} />
    </div>
  );
}

type FormProps = { plan: PlanView; failure?: ActionFailure; busy: boolean };

function summaryOf(failure: ActionFailure | undefined, prefix: string): SummaryError[] {
  if (!failure) return [];
  const list = flattenErrors(failure.errors).map((e) => ({ id: `${prefix}-${e.id}`, message: e.message }));
  if (failure.formError) list.unshift({ id: "", message: failure.formError });
  return list;
}

function errorAt(failure: ActionFailure | undefined, path: string): string | undefined {
  const e = get(failure?.errors ?? {}, path) as
    | { message?: unknown; root?: { message?: unknown } }
    | undefined;
  const m = e?.message ?? e?.root?.message;
  return typeof m === "string" ? m : undefined;
}

function CompleteForm({ plan, failure, busy }: FormProps) {
  return (
    <section aria-labelledby="complete-title" className="sp-stack">
      <Heading level={2} id="complete-title">
        Volledigheid
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "complete")} focusKey={failure} />
      <Paragraph>
        Is de aanvraag volledig? Dan telt dit moment als ontvangst van de volledige aanvraag en wordt het
        budget gereserveerd, in volgorde van ontvangst.
      </Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value="complete" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
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
          description="De beslistermijn loopt niet zolang de aanvulling uitstaat (Awb 4:15)."
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

function AmountFields({
  prefix,
  years,
  defaults,
  failure,
  label,
}: {
  prefix: string;
  years: number[];
  defaults: Map<number, string>;
  failure?: ActionFailure;
  label: string;
}) {
  const groupError = errorAt(failure, "amounts");
  return (
    <div id={`${prefix}-amounts`} tabIndex={-1} className="sp-stack">
      {groupError ? <Paragraph className="utrecht-form-field-error-message">{groupError}</Paragraph> : null}
      <div className="sp-row">
        {years.map((year, i) => (
          <div key={year}>
            <input type="hidden" name={`amounts.${i}.year`} value={year} />
            <TextField
              id={`${prefix}-amounts-${i}-amount`}
              name={`amounts.${i}.amount`}
              label={`${label} ${year} (€)`}
              inputMode="decimal"
              defaultValue={defaults.get(year) ?? ""}
              error={errorAt(failure, `amounts.${i}.amount`)}
            />
          </div>
        ))}
      </div>
    </div>
  );
}

function AdviceForm({ plan, failure, busy }: FormProps) {
  const years = plan.years.map((y) => y.year);
  const defaults = new Map(plan.years.map((y) => [y.year, centsToInput(y.requestedCents)]));
  return (
    <section aria-labelledby="advise-title" className="sp-stack">
      <Heading level={2} id="advise-title">
        Advies
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "advise")} focusKey={failure} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="advise" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
        <RadioGroup
          id="advise-recommendation"
          name="recommendation"
          legend="Advies aan de beslisser"
          options={[
            { value: "GRANT", label: "Verlenen" },
            { value: "PARTIAL_GRANT", label: "Gedeeltelijk verlenen" },
            { value: "REJECT", label: "Afwijzen" },
          ]}
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
          label="Motivering"
          rows={6}
          error={errorAt(failure, "text")}
        />
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Advies vastleggen
        </Button>
      </Form>
    </section>
  );
}

function DecisionForm({ plan, failure, busy }: FormProps) {
  const years = plan.years.map((y) => y.year);
  // Pre-filled with the adviser's recommendation (design.md §4), else with the request.
  const source = plan.advice?.amounts ?? plan.years.map((y) => ({ year: y.year, cents: y.requestedCents }));
  const defaults = new Map(source.map((a) => [a.year, centsToInput(a.cents)]));
  return (
    <section aria-labelledby="decide-title" className="sp-stack">
      <Heading level={2} id="decide-title">
        Besluit
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "decide")} focusKey={failure} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="expectedVersion" value={plan.version} />
        <RadioGroup
          id="decide-outcome"
          name="outcome"
          legend="Besluit"
          options={[
            { value: "GRANT", label: "Verlenen" },
            { value: "REJECT", label: "Afwijzen" },
          ]}
          defaultValue={plan.advice?.recommendation === "REJECT" ? "REJECT" : undefined}
          error={errorAt(failure, "outcome")}
        />
        <AmountFields
          prefix="decide"
          years={years}
          defaults={defaults}
          failure={failure}
          label="Te verlenen bedrag"
        />
        <TextareaField
          id="decide-reason"
          name="reason"
          label="Motivering"
          rows={6}
          error={errorAt(failure, "reason")}
        />
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Besluit nemen
        </Button>
      </Form>
    </section>
  );
}
