import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useTranslation } from "react-i18next";
import { data, redirect, useActionData } from "react-router";
import { type CodeActionData, codeAction, loginHeaders } from "../../auth/code-action.server.ts";
import { enrolmentOffer, enrolmentStep, pendingState, SECOND_FACTOR_PATH } from "../../auth/login.server.ts";
import { pageTitle } from "../../i18n/translate.ts";
import type { Route } from "./+types/tweestapsverificatie-instellen";
import { CodeForm } from "./tweestaps-form.tsx";

// Enrolment at the first staff login (ADR 0013): a secret is stored only once a code from it is right.
export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "login.enrolTitle") }];

export const headers: Route.HeadersFunction = loginHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  const state = await pendingState(request);
  if (state === null) throw redirect("/login?reden=verlopen");
  if (state === "code") throw redirect(SECOND_FACTOR_PATH);
  const offer = await enrolmentOffer(request);
  if (!offer) throw redirect("/login?reden=verlopen");
  // The secret travels in this page only (and sealed in the pending cookie): never cache it.
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (offer.cookie) headers.append("Set-Cookie", offer.cookie);
  return data({ secret: offer.secret, qrSvg: offer.qrSvg }, { headers });
}

export function action({ request }: Route.ActionArgs) {
  return codeAction(request, enrolmentStep);
}

/** Groups of four, as authenticator apps show keys, so that typing it over is less error-prone. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

export default function Enrol({ loaderData }: Route.ComponentProps) {
  const result = useActionData<CodeActionData>();
  const { t } = useTranslation();
  const qr = `data:image/svg+xml;base64,${btoa(loaderData.qrSvg)}`;
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("login.enrolTitle")}</Heading>
      <Paragraph>{t("login.enrolIntro")}</Paragraph>
      <CodeForm result={result} submitLabel={t("login.enrolSubmit")}>
        <Paragraph>{t("login.enrolScan")}</Paragraph>
        <img src={qr} alt={t("login.enrolQrAlt")} width={200} height={200} />
        <Paragraph>{t("login.enrolManual")}</Paragraph>
        <Paragraph>
          <code data-testid="totp-secret">{grouped(loaderData.secret)}</code>
        </Paragraph>
        <Paragraph>{t("login.enrolConfirm")}</Paragraph>
      </CodeForm>
    </div>
  );
}
