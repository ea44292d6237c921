import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { clientAddress } from "../../auth/client-address.ts";
import { requestPasswordReset } from "../../domain/accounts/password-reset.server.ts";
import { fieldErrorsOf, forgotPasswordSchema, RESET_MINUTES } from "../../domain/accounts/validation.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/wachtwoord-vergeten";
import { formObject, useSchemaForm } from "./form.tsx";

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.forgotPassword.title") },
];

type ActionData = { sent: true } | { sent: false; errors: Record<string, string>; email: string };

export async function action({ request }: Route.ActionArgs) {
  const raw = formObject(await request.formData());
  const parsed = forgotPasswordSchema.safeParse(raw);
  if (!parsed.success)
    return data<ActionData>(
      { sent: false, errors: fieldErrorsOf(parsed.error), email: String(raw.email ?? "") },
      { status: 400 },
    );
  // The same answer whether or not the address has an account, and past the limits too (nothing is
  // sent then): the page must not tell which addresses exist.
  await requestPasswordReset(parsed.data.email, { address: clientAddress(request) });
  return data<ActionData>({ sent: true });
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { t } = useI18n();
  const failure = actionData && !actionData.sent ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(forgotPasswordSchema, failure?.errors, {
    order: ["email"],
  });
  if (actionData?.sent)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.forgotPassword.sentHeading")}</Heading>
        <Paragraph role="status">{t("account.forgotPassword.sent", { minutes: RESET_MINUTES })}</Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.forgotPassword.backToLogin")}</Link>
        </Paragraph>
      </div>
    );
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("account.forgotPassword.title")}</Heading>
      <Paragraph>{t("account.forgotPassword.intro")}</Paragraph>
      <ErrorSummary errors={summary} focusKey={focusKey} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <TextField
          id="email"
          name="email"
          type="email"
          label={t("account.forgotPassword.email")}
          autoComplete="username"
          defaultValue={failure?.email}
          error={errors.email}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("account.forgotPassword.submit")}
        </Button>
      </Form>
    </div>
  );
}
