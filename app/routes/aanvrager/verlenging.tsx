import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useMemo, useRef } from "react";
import { type Control, type FieldErrors, get, useForm, useWatch } from "react-hook-form";
import { data, Form, redirect, useNavigation, useSubmit } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { ForbiddenError } from "../../domain/errors.ts";
import {
  loadExtensions,
  requestExtension,
  withdrawExtension,
} from "../../domain/extension/extension.server.ts";
import {
  extensionRequestSchema,
  MOTIVATION_MAX,
  MOTIVATION_MIN,
  NOT_A_SIGNATORY_TO_EXTEND,
} from "../../domain/extension/rules.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { CharCount } from "../../ui/char-count.tsx";
import { ErrorSummary, flattenErrors } from "../../ui/error-summary.tsx";
import { ExtensionRequests, extensionRowData } from "../../ui/extension.tsx";
import { SelectField, TextareaField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import {
  type ActionFailure,
  actionFailure,
  planActionMeta,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import { validatedForm } from "../validated-form.server.ts";
import type { Route } from "./+types/verlenging";

// The applicant's verlenging (regulation art. 1.2a): the plan's period, the requests made and
// their decisions, and — while the grant allows one — the request itself. The rules (who, when,
// how many months) are the domain's (app/domain/extension); this page shows its answer.

export const meta: Route.MetaFunction = ({ data, matches }) => [
  { title: pageTitle(matches, "extension.pageTitle", { reference: data?.plan.reference ?? "" }) },
];

const pageUrl = (planId: string) => `/aanvrager/plannen/${planId}/verlenging`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  let view: Awaited<ReturnType<typeof loadExtensions>>;
  try {
    view = await loadExtensions(user.actor, params.planId);
  } catch (err) {
    throwAsPage(err);
  }
  const search = new URL(request.url).searchParams;
  const granted = view.granted;
  return {
    plan: {
      id: view.plan.id,
      reference: view.plan.reference,
      version: view.plan.version,
      periodStart: view.plan.periodStart,
      // The period as granted: after an extension the plan's end is the new one.
      periodEnd: granted?.previousPeriodEnd ?? view.plan.periodEnd,
      extendedTo: granted?.newPeriodEnd ?? null,
    },
    maxMonths: view.maxMonths,
    rows: view.rows.map(extensionRowData),
    openId: view.open?.id ?? null,
    openDueOn: view.open?.decisionDueOn ?? null,
    canRequest: view.canRequest,
    canWithdraw: view.canWithdraw,
    done: search.has("aangevraagd")
      ? ("requested" as const)
      : search.has("ingetrokken")
        ? ("withdrawn" as const)
        : null,
  };
}

const readMeta = planActionMeta(["request", "withdraw"] as const);
const WithdrawSchema = z.object({
  extensionId: z.string().uuid("Het verzoek om verlenging is niet gevonden. Laad de pagina opnieuw."),
});
// The wording the other applicant forms use, which has its English (domain-messages.ts).
const INCOMPLETE = "Het formulier is niet volledig verstuurd. Probeer het opnieuw.";

/** intent=request|withdraw with the plan version the page was read at; a refusal is shown on the page. */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!meta) return data<ActionFailure>({ ok: false, formError: INCOMPLETE }, { status: 400 });
  const { intent, expectedVersion } = meta;
  try {
    if (intent === "withdraw") {
      const w = WithdrawSchema.safeParse({ extensionId: formData.get("extensionId") ?? "" });
      if (!w.success)
        return data<ActionFailure>(
          { ok: false, form: intent, formError: w.error.issues[0]?.message },
          { status: 400 },
        );
      await withdrawExtension(user.actor, params.planId, expectedVersion, w.data.extensionId);
      return redirect(`${pageUrl(params.planId)}?ingetrokken`);
    }
    // The plan first (another organisation's is not found), then the form against the grant's
    // most months: the same schema the page checks with in the browser.
    const view = await loadExtensions(user.actor, params.planId);
    if (!view.canRequest.ok)
      return data<ActionFailure>(
        { ok: false, form: intent, formError: view.canRequest.reason },
        // Who may ask is a permission (403); when is the plan's state (409).
        { status: view.canRequest.reason === NOT_A_SIGNATORY_TO_EXTEND ? 403 : 409 },
      );
    const v = await validatedForm(formData.entries(), zodResolver(extensionRequestSchema(view.maxMonths)));
    if (v.errors) return validationFailure(v.errors, intent);
    await requestExtension(user.actor, params.planId, expectedVersion, v.data);
    return redirect(`${pageUrl(params.planId)}?aangevraagd`);
  } catch (err) {
    // A colleague who is not tekenbevoegd: the page says why, rather than an error page.
    if (err instanceof ForbiddenError)
      return data<ActionFailure>({ ok: false, form: intent, formError: err.message }, { status: 403 });
    return actionFailure(err, intent);
  }
}

export default function ExtensionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { plan, maxMonths, rows, openId, openDueOn, canRequest, canWithdraw, done } = loaderData;
  const { t, dt, date } = useI18n();
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const failureFor = (form: string) => (failure?.form === form || !failure?.form ? failure : undefined);
  const doneMessage =
    done === "withdrawn"
      ? t("extension.withdrawn")
      : done === "requested"
        ? openDueOn
          ? t("extension.requested", { date: date(openDueOn) })
          : t("extension.requestedNoDate")
        : undefined;
  return (
    <div className="sp-stack">
      <Paragraph className="sp-wizard__caption">
        {t("extension.caption", { reference: plan.reference })}
      </Paragraph>
      <Heading level={1}>{t("extension.heading")}</Heading>
      <ActionDone message={doneMessage} />
      <Paragraph>{t("extension.intro")}</Paragraph>
      <dl className="sp-dl">
        <div className="sp-dl__item">
          <dt>{t("extension.period")}</dt>
          <dd>
            {plan.periodStart && plan.periodEnd
              ? t("extension.periodValue", { start: date(plan.periodStart), end: date(plan.periodEnd) })
              : "—"}
            {plan.extendedTo ? `, ${t("extension.extendedUntil", { date: date(plan.extendedTo) })}` : null}
          </dd>
        </div>
        <div className="sp-dl__item">
          <dt>{t("extension.maxMonths")}</dt>
          <dd>
            {maxMonths > 0 ? t("extension.maxMonthsValue", { count: maxMonths }) : t("extension.noExtension")}
          </dd>
        </div>
      </dl>
      <ExtensionRequests rows={rows} />
      {/* Only a tekenbevoegde withdraws: a colleague is told why, rather than shown a button that fails. */}
      {openId && canWithdraw?.ok ? (
        <WithdrawForm
          planVersion={plan.version}
          extensionId={openId}
          failure={failureFor("withdraw")}
          busy={busy}
        />
      ) : openId && canWithdraw && !canWithdraw.ok ? (
        <Alert type="info">
          <Paragraph>{dt(canWithdraw.reason)}</Paragraph>
        </Alert>
      ) : null}
      {canRequest.ok ? (
        <RequestForm
          planVersion={plan.version}
          maxMonths={maxMonths}
          failure={failureFor("request")}
          busy={busy}
        />
      ) : openId ? null : (
        <Alert type="info">
          <Paragraph>
            {t("extension.form.cannot")} {dt(canRequest.reason)}
          </Paragraph>
        </Alert>
      )}
      <Paragraph>
        <Link href={`/aanvrager/plannen/${plan.id}`}>
          {t("extension.back", { reference: plan.reference })}
        </Link>
      </Paragraph>
    </div>
  );
}

type RequestInput = z.input<ReturnType<typeof extensionRequestSchema>>;

function MotivationCount({ control }: { control: Control<RequestInput> }) {
  const value = useWatch({ control, name: "motivation" });
  return <CharCount length={typeof value === "string" ? value.length : 0} max={MOTIVATION_MAX} />;
}

/**
 * The request: checked in the browser with the domain's schema (react-hook-form), posted as a
 * plain form so that it works without JavaScript too; the server checks again.
 */
function RequestForm({
  planVersion,
  maxMonths,
  failure,
  busy,
}: {
  planVersion: number;
  maxMonths: number;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const { t } = useI18n();
  const schema = useMemo(() => extensionRequestSchema(maxMonths), [maxMonths]);
  const form = useForm<RequestInput, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { months: "", motivation: "" } as RequestInput,
    mode: "onTouched",
    // The error summary takes the focus instead (NL Design System pattern).
    shouldFocusError: false,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const onSubmit = form.handleSubmit(() => {
    if (formRef.current) submit(formRef.current);
  });
  const clientErrors = form.formState.errors as FieldErrors;
  const hasClientErrors = Object.keys(clientErrors).length > 0;
  const err = (path: string): string | undefined => {
    if (hasClientErrors) {
      const e = get(clientErrors, path) as { message?: string } | undefined;
      return e?.message;
    }
    return errorAt(failure, path);
  };
  const summary = hasClientErrors
    ? flattenErrors(clientErrors).map((e) => ({ id: `request-${e.id}`, message: e.message }))
    : summaryOf(failure, "request");
  const options = Array.from({ length: maxMonths }, (_, i) => ({
    value: String(i + 1),
    label: t("extension.form.monthsOption", { count: i + 1 }),
  }));
  return (
    <section aria-labelledby="verlenging-aanvragen" className="sp-stack">
      <Heading level={2} id="verlenging-aanvragen">
        {t("extension.form.heading")}
      </Heading>
      <ErrorSummary errors={summary} focusKey={hasClientErrors ? form.formState.submitCount : failure} />
      <Form method="post" noValidate className="sp-stack" ref={formRef} onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="request" />
        <input type="hidden" name="expectedVersion" value={planVersion} />
        <SelectField
          id="request-months"
          label={t("extension.form.months")}
          description={t("extension.form.monthsDescription", { count: maxMonths })}
          options={options}
          error={err("months")}
          {...form.register("months")}
        />
        <TextareaField
          id="request-motivation"
          label={t("extension.form.motivation")}
          description={
            <>
              {t("extension.form.motivationDescription", { min: MOTIVATION_MIN })}{" "}
              <MotivationCount control={form.control} />
            </>
          }
          rows={6}
          error={err("motivation")}
          {...form.register("motivation")}
        />
        <div>
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            {t("extension.form.submit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function WithdrawForm({
  planVersion,
  extensionId,
  failure,
  busy,
}: {
  planVersion: number;
  extensionId: string;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="verzoek-intrekken" className="sp-stack">
      <Heading level={2} id="verzoek-intrekken">
        {t("extension.withdraw.heading")}
      </Heading>
      <ErrorSummary errors={summaryOf(failure, "withdraw")} focusKey={failure} />
      <Paragraph>{t("extension.withdraw.intro")}</Paragraph>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name="expectedVersion" value={planVersion} />
        <input type="hidden" name="extensionId" value={extensionId} />
        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
          {t("extension.withdraw.submit")}
        </Button>
      </Form>
    </section>
  );
}
