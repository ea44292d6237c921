import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { createUserSession } from "../../auth/session.server.ts";
import {
  acceptInvitation,
  INVITATION_GONE,
  lookUpInvitation,
} from "../../domain/accounts/organisation.server.ts";
import { acceptInvitationSchema, fieldErrorsOf } from "../../domain/accounts/validation.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/uitnodiging";
import { formObject, NewPasswordFields, useSchemaForm } from "./form.tsx";

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.invitation.title") },
  // The token is in the URL: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: Route.LoaderArgs) {
  const inv = await lookUpInvitation(params.token);
  if (inv.state !== "open") return data({ gone: INVITATION_GONE[inv.state] } as const, { status: 410 });
  return { gone: null, email: inv.email, organisationName: inv.organisationName };
}

type ActionData = { errors?: Record<string, string>; gone?: string; name?: string };

export async function action({ request, params }: Route.ActionArgs) {
  const raw = formObject(await request.formData());
  const parsed = acceptInvitationSchema.safeParse(raw);
  if (!parsed.success)
    return data<ActionData>(
      { errors: fieldErrorsOf(parsed.error), name: String(raw.name ?? "") },
      { status: 400 },
    );
  try {
    const result = await acceptInvitation(params.token, parsed.data);
    if (!result.ok) return data<ActionData>({ gone: INVITATION_GONE[result.state] }, { status: 410 });
    const cookie = await createUserSession(request, result.userId);
    return redirect("/aanvrager", { headers: { "Set-Cookie": cookie } });
  } catch (err) {
    if (err instanceof RuleViolation) return data<ActionData>({ gone: err.message }, { status: 400 });
    throw err;
  }
}

export default function AcceptInvitation({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { t, dt } = useI18n();
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(acceptInvitationSchema, actionData?.errors, {
    order: ["name", "password", "passwordRepeat"],
  });
  const gone = actionData?.gone ?? loaderData.gone;
  if (gone || loaderData.gone !== null)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.invitation.goneHeading")}</Heading>
        {/* The domain's Dutch reason (INVITATION_GONE, a RuleViolation), in the page's language (ADR 0008). */}
        <Paragraph role="alert">{gone ? dt(gone) : gone}</Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.invitation.toLogin")}</Link>
        </Paragraph>
      </div>
    );
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("account.invitation.title")}</Heading>
      <Paragraph>
        {t("account.invitation.introBefore")} <strong>{loaderData.organisationName}</strong>
        {t("account.invitation.introMiddle")} <strong>{loaderData.email}</strong>
        {t("account.invitation.introAfter")}
      </Paragraph>
      <ErrorSummary errors={summary} focusKey={focusKey} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <TextField
          id="name"
          name="name"
          label={t("account.invitation.name")}
          autoComplete="name"
          defaultValue={actionData?.name}
          error={errors.name}
        />
        <NewPasswordFields errors={errors} />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("account.invitation.submit")}
        </Button>
      </Form>
    </div>
  );
}
