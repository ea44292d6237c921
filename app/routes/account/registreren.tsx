import {
  Button,
  Fieldset,
  FieldsetLegend,
  Heading,
  Paragraph,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { clientAddress } from "../../auth/client-address.ts";
import { loginHeaders } from "../../auth/code-action.server.ts";
import { getSessionUser, homeFor } from "../../auth/session.server.ts";
import { claimAccountLookup } from "../../auth/throttle.server.ts";
import { requestSignUp } from "../../domain/accounts/signup.server.ts";
import {
  fieldErrorsOf,
  LEGAL_FORMS,
  SIGN_UP_CONFIRM_HOURS,
  signUpSchema,
} from "../../domain/accounts/validation.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { getRequestT } from "../../i18n/i18n.server.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/registreren";
import { formObject, NewPasswordFields, useSchemaForm } from "./form.tsx";

// A throttled attempt answers 429 with Retry-After; without this export React Router drops it.
export const headers: Route.HeadersFunction = loginHeaders;

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.signUp.title") },
];

const ORDER = [
  "organisationName",
  "kvkNumber",
  "legalForm",
  "street",
  "postalCode",
  "city",
  "iban",
  "name",
  "email",
  "password",
  "passwordRepeat",
] as const;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(homeFor(user));
  return null;
}

type Values = Partial<Record<(typeof ORDER)[number], string>>;
type ActionData =
  | { sent: true; email: string }
  | { sent?: false; errors: Record<string, string>; formError?: string; values: Values };

export async function action({ request }: Route.ActionArgs) {
  const raw = formObject(await request.formData());
  // Typed values come back to the form; the passwords never do.
  const values: Values = Object.fromEntries(
    ORDER.filter((k) => !k.startsWith("password")).map((k) => [k, typeof raw[k] === "string" ? raw[k] : ""]),
  );
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success)
    return data<ActionData>({ errors: fieldErrorsOf(parsed.error), values }, { status: 400 });
  // Whether the address has an account is never said: the answer is "check your e-mail" either
  // way (ADR 0029). The KvK number is looked up, and each attempt costs a password hash, so every
  // attempt counts per client address, and past the limit the page answers 429 as the login does,
  // before anything is looked up.
  const address = clientAddress(request);
  const throttle = await claimAccountLookup(address);
  if (throttle.blocked) {
    const t = await getRequestT(request);
    return data<ActionData>(
      { errors: {}, formError: t("account.throttled"), values },
      { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    );
  }
  try {
    await requestSignUp(parsed.data, address);
    return data<ActionData>({ sent: true, email: parsed.data.email });
  } catch (err) {
    if (err instanceof RuleViolation && err.field)
      return data<ActionData>({ errors: { [err.field]: err.message }, values }, { status: 400 });
    throw err;
  }
}

export default function SignUp({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { t, dt } = useI18n();
  const failure = actionData && !actionData.sent ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(signUpSchema, failure?.errors, {
    order: ORDER,
  });
  if (actionData?.sent)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.signUp.sentHeading")}</Heading>
        <Paragraph role="status">
          {t("account.signUp.sentBefore")} <strong>{actionData.email}</strong>
          {t("account.signUp.sentAfter", { hours: SIGN_UP_CONFIRM_HOURS })}
        </Paragraph>
        <Paragraph>{t("account.signUp.sentNoMail")}</Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.signUp.backToLogin")}</Link>
        </Paragraph>
      </div>
    );
  const v = failure?.values ?? {};
  const field = (id: (typeof ORDER)[number]) => ({ id, name: id, error: errors[id], defaultValue: v[id] });
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("account.signUp.title")}</Heading>
      <Paragraph>
        {t("account.signUp.intro")} <Link href="/login">{t("account.signUp.loginLink")}</Link>.
      </Paragraph>
      <ErrorSummary
        errors={failure?.formError ? [{ id: "", message: failure.formError }, ...summary] : summary}
        focusKey={failure?.formError ? failure : focusKey}
      />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <Fieldset>
          <FieldsetLegend>{t("account.signUp.organisationLegend")}</FieldsetLegend>
          <TextField
            {...field("organisationName")}
            label={t("account.signUp.organisationName")}
            autoComplete="organization"
          />
          <TextField
            {...field("kvkNumber")}
            label={t("account.signUp.kvkNumber")}
            description={t("account.signUp.kvkNumberHint")}
            inputMode="numeric"
          />
          <SelectField
            {...field("legalForm")}
            label={t("account.signUp.legalForm")}
            // The value stays the Dutch legal form (the domain's enum); only its label is translated.
            options={LEGAL_FORMS.map((f) => ({ value: f, label: dt(f) }))}
          />
          <TextField {...field("street")} label={t("account.signUp.street")} autoComplete="street-address" />
          <TextField
            {...field("postalCode")}
            label={t("account.signUp.postalCode")}
            description={t("account.signUp.postalCodeHint")}
            autoComplete="postal-code"
          />
          <TextField {...field("city")} label={t("account.signUp.city")} autoComplete="address-level2" />
          <TextField
            {...field("iban")}
            label={t("account.signUp.iban")}
            description={t("account.signUp.ibanHint")}
          />
        </Fieldset>
        <Fieldset>
          <FieldsetLegend>{t("account.signUp.accountLegend")}</FieldsetLegend>
          <TextField {...field("name")} label={t("account.signUp.name")} autoComplete="name" />
          <TextField
            {...field("email")}
            type="email"
            label={t("account.signUp.email")}
            autoComplete="email"
          />
          <NewPasswordFields errors={errors} />
        </Fieldset>
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("account.signUp.submit")}
        </Button>
      </Form>
    </div>
  );
}
