import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { clientAddress } from "../../auth/client-address.ts";
import { loginHeaders } from "../../auth/code-action.server.ts";
import { startLoginFor } from "../../auth/login.server.ts";
import { createUserSession, getSessionUser } from "../../auth/session.server.ts";
import {
  type AcceptWithPasswordResult,
  acceptInvitationAsAccount,
  acceptInvitationWithPassword,
} from "../../domain/accounts/invitation-accept.server.ts";
import {
  acceptInvitation,
  INVITATION_GONE,
  type InvitationRefusal,
  lookUpInvitation,
} from "../../domain/accounts/organisation.server.ts";
import {
  acceptInvitationSchema,
  existingAccountPasswordSchema,
  fieldErrorsOf,
} from "../../domain/accounts/validation.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/uitnodiging";
import { formObject, NewPasswordFields, useSchemaForm } from "./form.tsx";

// A throttled attempt answers 429 with Retry-After; without this export React Router drops it.
export const headers: Route.HeadersFunction = loginHeaders;

// No <meta name="referrer"> although the token is in the URL: the site-wide Referrer-Policy
// "same-origin" (server.mjs) already sends no referrer to other sites, and "no-referrer" here would
// make Chromium send "Origin: null" on the form's post, which the CSRF check refuses.
export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.invitation.title") },
];

type LoaderData = {
  gone: string | null;
  refused: InvitationRefusal | null;
  email: string;
  organisationName: string;
  account: "new" | "existing";
  /** For an address with an account: whether this browser is logged in as it, as another, or not. */
  signedIn: "invited" | "other" | null;
};

export async function loader({ request, params }: Route.LoaderArgs) {
  const inv = await lookUpInvitation(params.token);
  const none = { email: "", organisationName: "", account: "new", signedIn: null } as const;
  if (inv.state === "refused")
    return data<LoaderData>(
      { ...none, gone: null, refused: inv.reason, email: inv.email, organisationName: inv.organisationName },
      { status: 409 },
    );
  if (inv.state !== "open")
    return data<LoaderData>({ ...none, gone: INVITATION_GONE[inv.state], refused: null }, { status: 410 });
  let signedIn: LoaderData["signedIn"] = null;
  if (inv.account === "existing") {
    const me = await getSessionUser(request);
    if (me) signedIn = me.email === inv.email ? "invited" : "other";
  }
  return data<LoaderData>({
    gone: null,
    refused: null,
    email: inv.email,
    organisationName: inv.organisationName,
    account: inv.account,
    signedIn,
  });
}

type ActionData = {
  errors?: Record<string, string>;
  gone?: string;
  refused?: InvitationRefusal;
  /** A key of account.invitation (with {{email}}), shown above the existing account's form. */
  formError?: string;
  name?: string;
};

/** What the page says when an existing account could not accept. */
function existingAnswer(result: Exclude<AcceptWithPasswordResult, { ok: true }>) {
  switch (result.state) {
    case "refused":
      return data<ActionData>({ refused: result.reason }, { status: 409 });
    case "wrong-password":
      return data<ActionData>({ formError: "wrongPassword" }, { status: 401 });
    case "throttled":
      return data<ActionData>(
        { formError: "throttled" },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "other-account":
      return data<ActionData>({ formError: "otherAccountRefused" }, { status: 403 });
    case "no-account":
      return data<ActionData>({ formError: "noAccount" }, { status: 409 });
    default:
      return data<ActionData>({ gone: INVITATION_GONE[result.state] }, { status: 410 });
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const raw = formObject(await request.formData());
  // An address with an account, and this browser logged in as it: a click accepts.
  if (raw.intent === "confirm") {
    const me = await getSessionUser(request);
    if (!me) return data<ActionData>({ formError: "sessionEnded" }, { status: 401 });
    const result = await acceptInvitationAsAccount(params.token, me.id);
    if (!result.ok) return existingAnswer(result);
    return redirect("/aanvrager");
  }
  // An address with an account: its own password, counted as a login attempt.
  if (raw.intent === "password") {
    const parsed = existingAccountPasswordSchema.safeParse(raw);
    if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error) }, { status: 400 });
    const result = await acceptInvitationWithPassword(
      params.token,
      parsed.data.password,
      clientAddress(request),
    );
    if (!result.ok) return existingAnswer(result);
    // As after a login: an applicant's session (a staff account was refused above).
    const started = await startLoginFor(request, result.userId);
    const headers = new Headers();
    for (const c of started.cookies) headers.append("Set-Cookie", c);
    return redirect(started.to, { headers });
  }
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
  const { t, dt } = useI18n();
  const gone = actionData?.gone ?? loaderData.gone;
  const refused = actionData?.refused ?? loaderData.refused;
  if (gone)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.invitation.goneHeading")}</Heading>
        {/* The domain's Dutch reason (INVITATION_GONE, a RuleViolation), in the page's language (ADR 0008). */}
        <Paragraph role="alert">{dt(gone)}</Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.invitation.toLogin")}</Link>
        </Paragraph>
      </div>
    );
  if (refused)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.invitation.refusedHeading")}</Heading>
        <Paragraph role="alert">
          {t(`account.invitation.refused.${refused}`, {
            email: loaderData.email,
            organisation: loaderData.organisationName,
          })}
        </Paragraph>
        <Paragraph>
          <Link href="/login">{t("account.invitation.toLogin")}</Link>
        </Paragraph>
      </div>
    );
  if (loaderData.account === "existing")
    return <ExistingAccount loaderData={loaderData} actionData={actionData} />;
  return <NewAccount loaderData={loaderData} actionData={actionData} />;
}

type Props = { loaderData: LoaderData; actionData: ActionData | undefined };

function NewAccount({ loaderData, actionData }: Props) {
  const navigation = useNavigation();
  const { t } = useI18n();
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(acceptInvitationSchema, actionData?.errors, {
    order: ["name", "password", "passwordRepeat"],
  });
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

/** The address has an account: its password accepts, or a click when logged in as it. */
function ExistingAccount({ loaderData, actionData }: Props) {
  const navigation = useNavigation();
  const { t } = useI18n();
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(
    existingAccountPasswordSchema,
    actionData?.errors,
    { order: ["password"] },
  );
  const formError = actionData?.formError
    ? t(`account.invitation.${actionData.formError}`, { email: loaderData.email })
    : null;
  const allErrors = formError ? [{ id: "password", message: formError }, ...summary] : summary;
  const busy = navigation.state === "submitting";
  const intro = (
    <>
      {t("account.invitation.existingIntroBefore")} <strong>{loaderData.organisationName}</strong>
      {t("account.invitation.existingIntroMiddle")} <strong>{loaderData.email}</strong>
    </>
  );
  // Logged in as the invited account, and no refusal since: a confirmation, no password.
  if (loaderData.signedIn === "invited" && !actionData?.formError)
    return (
      <div className="sp-stack">
        <Heading level={1}>{t("account.invitation.title")}</Heading>
        <Paragraph>
          {intro}
          {t("account.invitation.confirmIntroAfter")}
        </Paragraph>
        <Form method="post" className="sp-stack">
          <input type="hidden" name="intent" value="confirm" />
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            {t("account.invitation.confirmSubmit")}
          </Button>
        </Form>
      </div>
    );
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("account.invitation.title")}</Heading>
      <Paragraph>
        {intro}
        {t("account.invitation.existingIntroAfter")}
      </Paragraph>
      {loaderData.signedIn === "other" ? (
        <Paragraph>{t("account.invitation.otherAccount", { email: loaderData.email })}</Paragraph>
      ) : null}
      <ErrorSummary errors={allErrors} focusKey={`${focusKey}:${formError ?? ""}`} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="password" />
        <TextField
          id="password"
          name="password"
          type="password"
          label={t("account.invitation.existingPassword")}
          autoComplete="current-password"
          error={errors.password ?? formError ?? undefined}
        />
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t("account.invitation.existingSubmit")}
        </Button>
      </Form>
      <Paragraph>
        <Link href="/wachtwoord-vergeten">{t("account.invitation.forgotPassword")}</Link>
      </Paragraph>
    </div>
  );
}
