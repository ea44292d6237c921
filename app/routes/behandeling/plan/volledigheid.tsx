import { Alert, Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { getPlanView, markComplete } from "../../../domain/plan/plans.server.ts";
import { requestSupplement } from "../../../domain/plan/supplement.server.ts";
import { REOPENABLE_STEPS, supplementRequestSchema } from "../../../domain/plan/supplement.ts";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField, TextField } from "../../../ui/fields.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { errorAt, type FormProps, summaryOf } from "../../../ui/review/form-helpers.ts";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import type { Route } from "./+types/volledigheid";

// The case handler's tab: completeness (ontvankelijkheid) and the supplement request.

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    return { plan: await getPlanView(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Meta = z.object({
  intent: z.enum(["complete", "request_info"]),
  expectedVersion: z.coerce.number().int().positive(),
});

const DONE: Record<z.infer<typeof Meta>["intent"], string> = {
  complete: "Het plan is compleet verklaard.",
  request_info:
    "Om aanvulling gevraagd. De aanvrager krijgt bericht; de genoemde stappen staan voor hem open.",
};

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
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
    } else {
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
    }
    return { ok: true as const, form: intent, message: DONE[intent] };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

export default function Completeness({ loaderData, actionData }: Route.ComponentProps) {
  const { plan } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);

  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      {plan.allowedActions.includes("complete") ? (
        <CompleteForm plan={plan} failure={failureFor("complete")} busy={busy} />
      ) : null}
      {plan.allowedActions.includes("request_info") ? (
        <SupplementForm plan={plan} failure={failureFor("request_info")} busy={busy} />
      ) : null}
      {!plan.allowedActions.includes("complete") && !plan.allowedActions.includes("request_info") ? (
        <Paragraph>
          Er is hier nu niets te doen: het plan is niet (meer) in de volledigheidscontrole.
        </Paragraph>
      ) : null}
    </div>
  );
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
