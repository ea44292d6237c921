import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { createUserSession } from "../../auth/session.server.ts";
import { confirmSignUp, lookUpSignUp, SIGN_UP_GONE } from "../../domain/accounts/signup.server.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/registreren-bevestigen";

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.signUpConfirm.title") },
  // The token is in the URL: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
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

type ActionData = { gone?: string; taken?: string };

// Cross-site posts are refused before they get here (sameOrigin in server/app.ts), as for every action.
export async function action({ request, params }: Route.ActionArgs) {
  try {
    const result = await confirmSignUp(params.token);
    if (!result.ok) return data<ActionData>({ gone: SIGN_UP_GONE[result.state] }, { status: 410 });
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
      <Form method="post">
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("account.signUpConfirm.submit")}
        </Button>
      </Form>
    </div>
  );
}
