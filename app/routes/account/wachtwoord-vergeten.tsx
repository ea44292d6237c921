import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { requestPasswordReset } from "../../domain/accounts/password-reset.server.ts";
import { fieldErrorsOf, forgotPasswordSchema, RESET_MINUTES } from "../../domain/accounts/validation.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/wachtwoord-vergeten";
import { formObject, useSchemaForm } from "./form.tsx";

export const meta: Route.MetaFunction = () => [{ title: "Wachtwoord vergeten — Sectorplanportaal" }];

type ActionData = { sent: true } | { sent: false; errors: Record<string, string>; email: string };

export async function action({ request }: Route.ActionArgs) {
  const raw = formObject(await request.formData());
  const parsed = forgotPasswordSchema.safeParse(raw);
  if (!parsed.success)
    return data<ActionData>(
      { sent: false, errors: fieldErrorsOf(parsed.error), email: String(raw.email ?? "") },
      { status: 400 },
    );
  // The same answer whether or not the address has an account: the page must not tell which exist.
  await requestPasswordReset(parsed.data.email);
  return data<ActionData>({ sent: true });
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const failure = actionData && !actionData.sent ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(forgotPasswordSchema, failure?.errors, {
    order: ["email"],
  });
  if (actionData?.sent)
    return (
      <div className="sp-stack">
        <Heading level={1}>Kijk in uw e-mail</Heading>
        <Paragraph role="status">
          Als er een account bij dit e-mailadres hoort, hebben wij een e-mail gestuurd met een link om een
          nieuw wachtwoord te kiezen. De link is {RESET_MINUTES} minuten geldig en werkt één keer.
        </Paragraph>
        <Paragraph>
          <Link href="/login">Terug naar inloggen</Link>
        </Paragraph>
      </div>
    );
  return (
    <div className="sp-stack">
      <Heading level={1}>Wachtwoord vergeten</Heading>
      <Paragraph>
        Vul het e-mailadres van uw account in. U krijgt een e-mail met een link om een nieuw wachtwoord te
        kiezen.
      </Paragraph>
      <ErrorSummary errors={summary} focusKey={focusKey} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <TextField
          id="email"
          name="email"
          type="email"
          label="E-mailadres"
          autoComplete="username"
          defaultValue={failure?.email}
          error={errors.email}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          Link versturen
        </Button>
      </Form>
    </div>
  );
}
