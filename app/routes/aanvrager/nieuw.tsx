import {
  Button,
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { useEffect, useMemo, useRef } from "react";
import { data, Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { actorOrganisations } from "../../domain/accounts/organisation.server.ts";
import { fieldErrorsOf } from "../../domain/accounts/validation.ts";
import { formatEuro } from "../../domain/money.ts";
import { createDraftPlan } from "../../domain/plan/plans.server.ts";
import {
  checkEligibility,
  type EligibilityReason,
  eligibilityContext,
} from "../../domain/regulation/eligibility.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { Link } from "../../ui/link.tsx";
import { RadioGroup } from "../../ui/radio-group.tsx";
import { formObject, useSchemaForm } from "../account/form.tsx";
import { actionFailure } from "../respond.server.ts";
import type { Route } from "./+types/nieuw";

/**
 * The check before a draft exists (issue 4, "eligibility up front"). The zod messages are i18n
 * keys: the page shows them in its own language (nl.ts / en.ts, "eligibility.*").
 */
const answer = (key: string) => z.enum(["ja", "nee"], { error: key });
const eligibilitySchema = z.object({
  employersOrganisation: answer("eligibility.answerEmployers"),
  employeesOrganisation: answer("eligibility.answerEmployees"),
  meetsMinimum: answer("eligibility.answerMinimum"),
});
const FIELDS = ["employersOrganisation", "employeesOrganisation", "meetsMinimum"] as const;
/** Asked only of someone in more than one organisation: the plan is that organisation's. */
const ORGANISATION_FIELD = "organisationId";
type Answers = Partial<Record<(typeof FIELDS)[number] | typeof ORGANISATION_FIELD, string>>;

/** The check, with the choice of organisation when there is one to make (more than one). */
function newPlanSchema(organisationIds: readonly string[]) {
  const [first, ...rest] = organisationIds;
  if (first === undefined || rest.length === 0) return eligibilitySchema;
  return eligibilitySchema.extend({
    [ORGANISATION_FIELD]: z.enum([first, ...rest], { error: "eligibility.chooseOrganisation" }),
  });
}

type ActionData =
  | { kind: "invalid"; errors: Record<string, string>; values: Answers }
  | { kind: "not-eligible"; reasons: EligibilityReason[]; values: Answers };

export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "eligibility.title") }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const organisations = user.organisationIds.length > 1 ? await actorOrganisations(user.actor) : [];
  // One key per rendered form: sent twice, it makes one draft (createDraftPlan).
  return { context: await eligibilityContext(prisma), organisations, formKey: crypto.randomUUID() };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const raw = formObject(await request.formData());
  const choose = user.organisationIds.length > 1;
  const values: Answers = Object.fromEntries(
    [...FIELDS, ...(choose ? [ORGANISATION_FIELD] : [])].map((f) => [f, String(raw[f] ?? "")]),
  );
  // The organisations of the session as it stands: one whose membership ended is no choice.
  const parsed = newPlanSchema(choose ? user.organisationIds : []).safeParse(raw);
  if (!parsed.success) {
    return data<ActionData>(
      { kind: "invalid", errors: fieldErrorsOf(parsed.error), values },
      { status: 400 },
    );
  }
  const reasons = await checkEligibility(prisma, {
    employersOrganisation: parsed.data.employersOrganisation === "ja",
    employeesOrganisation: parsed.data.employeesOrganisation === "ja",
    meetsMinimum: parsed.data.meetsMinimum === "ja",
  });
  // A "no" is a valid answer, not bad input: the page answers (200) with why one cannot apply yet.
  if (reasons.length > 0) return data<ActionData>({ kind: "not-eligible", reasons, values });
  try {
    // createDraftPlan picks the same open regulation as the check, and refuses if it closed meanwhile.
    const formKey = z.string().uuid().safeParse(raw.formKey);
    const { id } = await createDraftPlan(user.actor, {
      organisationId: choose ? values.organisationId : undefined,
      formKey: formKey.success ? formKey.data : undefined,
    });
    return redirect(`/aanvrager/plannen/${id}`);
  } catch (err) {
    return actionFailure(err);
  }
}

export default function NewPlanCheck({ loaderData, actionData }: Route.ComponentProps) {
  const { context, organisations, formKey } = loaderData;
  const { t, date, dt } = useI18n();
  const navigation = useNavigation();
  const result = actionData && "kind" in actionData ? actionData : undefined;
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  const invalid = result?.kind === "invalid" ? result.errors : undefined;
  const schema = useMemo(() => newPlanSchema(organisations.map((o) => o.id)), [organisations]);
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(schema, invalid, {
    order: [ORGANISATION_FIELD, ...FIELDS],
  });
  const reasons = result?.kind === "not-eligible" ? result.reasons : [];
  const minimum = context.minimumRequestCents ? formatEuro(BigInt(context.minimumRequestCents)) : null;
  const reasonText = (r: EligibilityReason) =>
    r.code === "WINDOW_NOT_YET_OPEN"
      ? t("eligibility.reason.WINDOW_NOT_YET_OPEN", { window: r.params.window, date: date(r.params.opensOn) })
      : r.code === "BELOW_MINIMUM"
        ? t("eligibility.reason.BELOW_MINIMUM", { minimum: formatEuro(BigInt(r.params.minimumCents)) })
        : t(`eligibility.reason.${r.code}`);
  const fieldError = (field: (typeof FIELDS)[number] | typeof ORGANISATION_FIELD) => {
    const reason = reasons.find((r) => r.field === field);
    if (reason) return reasonText(reason);
    return errors[field] ? t(errors[field]) : undefined;
  };
  const values = result?.values ?? {};
  const yesNo = [
    { value: "ja", label: t("eligibility.yes") },
    { value: "nee", label: t("eligibility.no") },
  ];

  return (
    <div className="sp-stack">
      <Heading level={1}>{t("eligibility.title")}</Heading>
      <Paragraph>{t("eligibility.intro")}</Paragraph>
      <Paragraph>
        {context.open
          ? t("eligibility.windowOpen", {
              window: context.open.window,
              regulation: context.open.regulationTitle,
              date: date(context.open.lastDay),
            })
          : context.next
            ? t("eligibility.windowNext", { window: context.next.window, date: date(context.next.opensOn) })
            : t("eligibility.windowNone")}
      </Paragraph>
      {formError ? <Paragraph role="alert">{dt(formError)}</Paragraph> : null}
      <NotEligible reasons={reasons} text={reasonText} />
      <ErrorSummary errors={summary.map((e) => ({ ...e, message: t(e.message) }))} focusKey={focusKey} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <input type="hidden" name="formKey" value={formKey} />
        {organisations.length > 1 ? (
          <RadioGroup
            id={ORGANISATION_FIELD}
            name={ORGANISATION_FIELD}
            legend={t("eligibility.organisationQuestion")}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            defaultValue={values.organisationId}
            error={fieldError(ORGANISATION_FIELD)}
          />
        ) : null}
        <RadioGroup
          id="employersOrganisation"
          name="employersOrganisation"
          legend={t("eligibility.employersQuestion")}
          options={yesNo}
          defaultValue={values.employersOrganisation}
          error={fieldError("employersOrganisation")}
        />
        <RadioGroup
          id="employeesOrganisation"
          name="employeesOrganisation"
          legend={t("eligibility.employeesQuestion")}
          options={yesNo}
          defaultValue={values.employeesOrganisation}
          error={fieldError("employeesOrganisation")}
        />
        <RadioGroup
          id="meetsMinimum"
          name="meetsMinimum"
          legend={
            minimum ? t("eligibility.minimumQuestion", { minimum }) : t("eligibility.minimumQuestionUnknown")
          }
          options={yesNo}
          defaultValue={values.meetsMinimum}
          error={fieldError("meetsMinimum")}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("eligibility.start")}
        </Button>
      </Form>
      <Paragraph>
        <Link href="/aanvrager">{t("eligibility.back")}</Link>
      </Paragraph>
    </div>
  );
}

/** Why one cannot apply yet: takes the focus after a POST, like the error summary, with links to the questions. */
function NotEligible({
  reasons,
  text,
}: {
  reasons: EligibilityReason[];
  text: (r: EligibilityReason) => string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  // A new action answer is a new array, so the alert takes the focus after every POST.
  useEffect(() => {
    if (reasons.length > 0) ref.current?.focus();
  }, [reasons]);
  if (reasons.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="sp-error-summary" id="niet-aanvragen">
      <Alert type="warning">
        <Heading level={2}>{t("eligibility.notYetHeading")}</Heading>
        <UnorderedList>
          {reasons.map((r) => (
            <UnorderedListItem key={r.code}>
              {r.field ? <Link href={`#${r.field}`}>{text(r)}</Link> : text(r)}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      </Alert>
    </div>
  );
}
