import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useTranslation } from "react-i18next";
import { redirect, useActionData } from "react-router";
import { type CodeActionData, codeAction, loginHeaders } from "../../auth/code-action.server.ts";
import { codeStep, ENROL_PATH, pendingState } from "../../auth/login.server.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/tweestapsverificatie";
import { CodeForm } from "./tweestaps-form.tsx";

// The second login step for staff (ADR 0013): only reachable with a pending login from the password step.
export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "login.codeTitle") }];

export const headers: Route.HeadersFunction = loginHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  const state = await pendingState(request);
  if (state === null) throw redirect("/login?reden=verlopen");
  if (state === "enrol") throw redirect(ENROL_PATH);
  return null;
}

export function action({ request }: Route.ActionArgs) {
  return codeAction(request, codeStep);
}

export default function SecondFactor() {
  const result = useActionData<CodeActionData>();
  const { t } = useTranslation();
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("login.codeTitle")}</Heading>
      <Paragraph>{t("login.codeIntro")}</Paragraph>
      <CodeForm result={result} submitLabel={t("login.codeSubmit")} />
      <Paragraph>{t("login.codeNoApp")}</Paragraph>
      <Paragraph>
        <Link href="/login">{t("login.title")}</Link>
      </Paragraph>
    </div>
  );
}
