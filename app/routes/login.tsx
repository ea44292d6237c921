import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useActionData, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { loginHeaders } from "../auth/code-action.server.ts";
import { passwordStep } from "../auth/login.server.ts";
import { getSessionUser, homeFor, safeRedirect } from "../auth/session.server.ts";
import { getRequestT } from "../i18n/i18n.server.ts";
import { pageTitle } from "../i18n/translate.ts";
import { ErrorSummary, type SummaryError } from "../ui/error-summary.tsx";
import { TextField } from "../ui/fields.tsx";
import type { Route } from "./+types/login";

// Messages are translation keys: the action renders them in the request's language.
const loginSchema = z.object({
  email: z.string("login.emailRequired").trim().min(1, "login.emailRequired").email("login.emailInvalid"),
  password: z
    .string("login.passwordRequired")
    .min(1, "login.passwordRequired")
    .max(1000, "login.passwordTooLong"),
  redirectTo: z.string().optional(),
});

// One message for an unknown address and a wrong password: the page must not tell which addresses exist.
const WRONG = "login.wrong";

export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "login.title") }];

export const headers: Route.HeadersFunction = loginHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  if (user) {
    const to = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(to, homeFor(user)));
  }
  return null;
}

type ActionData = { fieldErrors: { email?: string; password?: string }; formError?: string; email: string };

export async function action({ request }: Route.ActionArgs) {
  const form = Object.fromEntries(await request.formData());
  const t = await getRequestT(request);
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) {
    const fieldErrors: ActionData["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = t(issue.message);
    }
    return data<ActionData>({ fieldErrors, email }, { status: 400 });
  }
  const result = await passwordStep(request, parsed.data);
  if (result.kind === "throttled")
    return data<ActionData>(
      { fieldErrors: {}, formError: t("login.throttled"), email },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  if (result.kind !== "redirect")
    return data<ActionData>({ fieldErrors: {}, formError: t(WRONG), email }, { status: 401 });
  // Staff go on to the code page with a pending-login cookie; everyone else has a session now.
  const headers = new Headers();
  for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
  return redirect(result.to, { headers });
}

export default function Login() {
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors: SummaryError[] = [];
  if (result?.formError) errors.push({ id: "email", message: result.formError });
  if (result?.fieldErrors.email) errors.push({ id: "email", message: result.fieldErrors.email });
  if (result?.fieldErrors.password) errors.push({ id: "password", message: result.fieldErrors.password });

  return (
    <div className="sp-stack">
      <Heading level={1}>{t("login.title")}</Heading>
      <Paragraph>{t("login.intro")}</Paragraph>
      {params.get("reden") === "inactief" && !result ? (
        <Paragraph role="status">{t("login.idleLoggedOut")}</Paragraph>
      ) : null}
      {params.get("reden") === "verlopen" && !result ? (
        <Paragraph role="status">{t("login.codeExpired")}</Paragraph>
      ) : null}
      <ErrorSummary errors={errors} focusKey={result} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField
          id="email"
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          defaultValue={result?.email}
          error={result?.fieldErrors.email}
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          error={result?.fieldErrors.password}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </Button>
      </Form>
      <Paragraph>
        <Link to="/wachtwoord-vergeten">{t("login.forgot")}</Link>
      </Paragraph>
      <Paragraph>
        <Link to="/registreren">{t("login.signUp")}</Link>
      </Paragraph>
    </div>
  );
}
