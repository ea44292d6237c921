import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { clientAddress } from "../../auth/client-address.ts";
import { loginHeaders } from "../../auth/code-action.server.ts";
import { createUserSession } from "../../auth/session.server.ts";
import { confirmSignUp, lookUpSignUp, SIGN_UP_GONE } from "../../domain/accounts/signup.server.ts";
import { confirmSignUpSchema, fieldErrorsOf } from "../../domain/accounts/validation.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/registreren-bevestigen";
import { formObject, useSchemaForm } from "./form.tsx";

// A throttled attempt answers 429 with Retry-After; without this export React Router drops it.
export const headers: Route.HeadersFunction = loginHeaders;

// No <meta name="referrer">: the site-wide Referrer-Policy "same-origin" (server.mjs) already sends
// no referrer, so no token, to other sites, and "no-referrer" here would make Chromium send
// "Origin: null" on the form's post, which the CSRF check refuses: the page would need JavaScript.
export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.signUpConfirm.title") },
];

type LoaderData =
  | { gone: string; email?: undefined; organisationName?: undefined; name?: undefined }
  | { gone: null; email: string; organisationName: string; name: string };

/**
 * Shows what the confirmation will make, and makes nothing: mail scanners and link previews open
 * the link, and only the person who presses the button confirms (ADR 0029).
 */
export async function loader({ params }: Route.LoaderArgs) {
  const found = await lookUpSignUp(params.token);
  if (found.state !== "open") return data<LoaderData>({ gone: SIGN_UP_GONE[found.state] }, { status: 410 });
  return data<LoaderData>({
    gone: null,
    email: found.email,
    organisationName: found.organisationName,
    name: found.name,
  });
}

type ActionData = {
  gone?: string;
  taken?: string;
  errors?: Record<string, string>;
  /** A key of account.signUpConfirm, shown at the password field and in the error summary. */
  formError?: "wrongPassword" | "throttled";
};

// Cross-site posts are refused before they get here (sameOrigin in server/app.ts), as for every action.
export async function action({ request, params }: Route.ActionArgs) {
  const parsed = confirmSignUpSchema.safeParse(formObject(await request.formData()));
  if (!parsed.success) {
    // A link that no longer works says so first: no password would help.
    const found = await lookUpSignUp(params.token);
    if (found.state !== "open") return data<ActionData>({ gone: SIGN_UP_GONE[found.state] }, { status: 410 });
    return data<ActionData>({ errors: fieldErrorsOf(parsed.error) }, { status: 400 });
  }
  try {
    const result = await confirmSignUp(params.token, {
      password: parsed.data.password,
      clientAddress: clientAddress(request),
    });
    if (!result.ok) {
      if (result.state === "wrong-password")
        return data<ActionData>({ formError: "wrongPassword" }, { status: 401 });
      if (result.state === "throttled")
        return data<ActionData>(
          { formError: "throttled" },
          { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
        );
      return data<ActionData>({ gone: SIGN_UP_GONE[result.state] }, { status: 410 });
    }
    const cookie = await createUserSession(request, result.userId);
    return redirect("/aanvrager", { headers: { "Set-Cookie": cookie } });
  } catch (err) {
    if (err instanceof RuleViolation) return data<ActionData>({ taken: err.message }, { status: 409 });
    throw err;
  }
}

export default function ConfirmSignUp({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { t, dt } = useI18n();
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(confirmSignUpSchema, actionData?.errors, {
    order: ["password"],
  });
  const formError = actionData?.formError ? t(`account.signUpConfirm.${actionData.formError}`) : null;
  const allErrors = formError ? [{ id: "password", message: formError }, ...summary] : summary;
  const gone = actionData?.gone ?? loaderData.gone;
  if (actionData?.taken)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.signUpConfirm.takenHeading")}</Heading>
        {/* The domain's Dutch reason, in the page's language (ADR 0008). */}
        <Paragraph role="alert">{dt(actionData.taken)}</Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.signUpConfirm.toLogin")}</Link>
        </Paragraph>
        <Paragraph>
          <Link href="/wachtwoord-vergeten">{t("account.signUpConfirm.forgotPassword")}</Link>
        </Paragraph>
      </div>
    );
  if (gone)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.signUpConfirm.goneHeading")}</Heading>
        <Paragraph role="alert">{dt(gone)}</Paragraph>
        <Paragraph>
          <Link href="/registreren">{t("account.signUpConfirm.signUpAgain")}</Link>
        </Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.signUpConfirm.toLogin")}</Link>
        </Paragraph>
      </div>
    );
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("account.signUpConfirm.title")}</Heading>
      <Paragraph>{t("account.signUpConfirm.intro")}</Paragraph>
      <dl className="sp-dl">
        <div className="sp-dl__item">
          <dt>{t("account.signUpConfirm.organisation")}</dt>
          <dd>{loaderData.organisationName}</dd>
        </div>
        <div className="sp-dl__item">
          <dt>{t("account.signUpConfirm.name")}</dt>
          <dd>{loaderData.name}</dd>
        </div>
        <div className="sp-dl__item">
          <dt>{t("account.signUpConfirm.email")}</dt>
          <dd>{loaderData.email}</dd>
        </div>
      </dl>
      <Paragraph>{t("account.signUpConfirm.after")}</Paragraph>
      <ErrorSummary errors={allErrors} focusKey={`${focusKey}:${formError ?? ""}`} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <TextField
          id="password"
          name="password"
          type="password"
          label={t("account.signUpConfirm.password")}
          description={t("account.signUpConfirm.passwordHint")}
          autoComplete="current-password"
          error={errors.password ?? formError ?? undefined}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("account.signUpConfirm.submit")}
        </Button>
      </Form>
    </div>
  );
}
