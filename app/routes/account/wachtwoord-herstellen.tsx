import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { startLoginFor } from "../../auth/login.server.ts";
import { lookUpResetToken, RESET_GONE, resetPassword } from "../../domain/accounts/password-reset.server.ts";
import { fieldErrorsOf, resetPasswordSchema } from "../../domain/accounts/validation.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/wachtwoord-herstellen";
import { formObject, NewPasswordFields, useSchemaForm } from "./form.tsx";

// No <meta name="referrer"> although the token is in the URL: the site-wide Referrer-Policy
// "same-origin" (server.mjs) already sends no referrer to other sites, and "no-referrer" here would
// make Chromium send "Origin: null" on the form's post, which the CSRF check refuses.
export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.resetPassword.title") },
];

export async function loader({ params }: Route.LoaderArgs) {
  const t = await lookUpResetToken(params.token);
  if (t.state !== "open") return data({ gone: RESET_GONE[t.state] }, { status: 410 });
  return { gone: null };
}

type ActionData = { errors?: Record<string, string>; gone?: string };

export async function action({ request, params }: Route.ActionArgs) {
  const parsed = resetPasswordSchema.safeParse(formObject(await request.formData()));
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error) }, { status: 400 });
  const result = await resetPassword(params.token, parsed.data.password);
  if (!result.ok) return data<ActionData>({ gone: RESET_GONE[result.state] }, { status: 410 });
  // Every other session ended with the reset. This browser logs in as after a password: staff still
  // need their second factor (or enrol), so a reset link alone never makes a staff session.
  const started = await startLoginFor(request, result.userId);
  const headers = new Headers();
  for (const c of started.cookies) headers.append("Set-Cookie", c);
  return redirect(started.to, { headers });
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { t, dt } = useI18n();
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(resetPasswordSchema, actionData?.errors, {
    order: ["password", "passwordRepeat"],
  });
  const gone = actionData?.gone ?? loaderData.gone;
  if (gone)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.resetPassword.goneHeading")}</Heading>
        {/* The domain's Dutch reason (RESET_GONE), in the page's language (ADR 0008). */}
        <Paragraph role="alert">{dt(gone)}</Paragraph>
        <Paragraph>
          <Link href="/wachtwoord-vergeten">{t("account.resetPassword.newLink")}</Link>
        </Paragraph>
      </div>
    );
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("account.resetPassword.title")}</Heading>
      <Paragraph>{t("account.resetPassword.intro")}</Paragraph>
      <ErrorSummary errors={summary} focusKey={focusKey} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <NewPasswordFields errors={errors} label={t("account.resetPassword.newPassword")} />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("account.resetPassword.submit")}
        </Button>
      </Form>
    </div>
  );
}
