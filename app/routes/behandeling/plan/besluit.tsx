import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { getValidatedFormData } from "remix-hook-form";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { decisionFormSchema } from "../../../domain/plan/plan-form.ts";
import { decidePlan, getPlanView } from "../../../domain/plan/plans.server.ts";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField } from "../../../ui/fields.tsx";
import { centsToInput } from "../../../ui/format.ts";
import { RadioGroup } from "../../../ui/radio-group.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { AmountFields } from "../../../ui/review/amount-fields.tsx";
import { errorAt, type FormProps, summaryOf } from "../../../ui/review/form-helpers.ts";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import type { Route } from "./+types/besluit";

// The decision maker's tab: the beschikking.

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    return { plan: await getPlanView(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Meta = z.object({
  intent: z.enum(["decide"]),
  expectedVersion: z.coerce.number().int().positive(),
});

const DONE: Record<z.infer<typeof Meta>["intent"], string> = {
  decide: "Het besluit is genomen. De beschikking wordt aangemaakt.",
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
    const v = await getValidatedFormData(formData, zodResolver(decisionFormSchema), true);
    if (v.errors) return validationFailure(v.errors, intent);
    await decidePlan(user.actor, params.planId, expectedVersion, v.data);
    return { ok: true as const, form: intent, message: DONE[intent] };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

export default function Decision({ loaderData, actionData }: Route.ComponentProps) {
  const { plan } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);

  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      {plan.allowedActions.includes("decide") ? (
        <DecisionForm plan={plan} failure={failureFor("decide")} busy={busy} />
      ) : plan.decideBlockedReason ? (
        <Alert type="warning">
          <Paragraph>{plan.decideBlockedReason}</Paragraph>
        </Alert>
      ) : (
        <Paragraph>Er is hier nu niets te doen: het plan wacht niet op een besluit.</Paragraph>
      )}
    </div>
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
