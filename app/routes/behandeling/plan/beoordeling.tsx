import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { getValidatedFormData } from "remix-hook-form";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { adviceFormSchema } from "../../../domain/plan/plan-form.ts";
import { getPlanView, recordAdvice } from "../../../domain/plan/plans.server.ts";
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
import type { Route } from "./+types/beoordeling";

// The Actieteam adviser's tab: the assessment and the advice.

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    return { plan: await getPlanView(user.actor, params.planId) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Meta = z.object({
  intent: z.enum(["advise"]),
  expectedVersion: z.coerce.number().int().positive(),
});

const DONE: Record<z.infer<typeof Meta>["intent"], string> = {
  advise: "Het advies is vastgelegd.",
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
    // Plain form fields: keep them strings (amounts like "1000" must not become numbers).
    const v = await getValidatedFormData(formData, zodResolver(adviceFormSchema), true);
    if (v.errors) return validationFailure(v.errors, intent);
    await recordAdvice(user.actor, params.planId, expectedVersion, v.data);
    return { ok: true as const, form: intent, message: DONE[intent] };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

export default function Assessment({ loaderData, actionData }: Route.ComponentProps) {
  const { plan } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);

  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      {plan.allowedActions.includes("advise") ? (
        <AdviceForm plan={plan} failure={failureFor("advise")} busy={busy} />
      ) : (
        <Paragraph>Er is hier nu niets te doen: het plan wacht niet op uw advies.</Paragraph>
      )}
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
