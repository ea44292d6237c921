import {
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { useTranslation } from "react-i18next";
import { getSessionUser } from "../auth/session.server.ts";
import { fixedT, languageFromMatches } from "../i18n/translate.ts";
import { Link } from "../ui/link.tsx";
import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: fixedT(languageFromMatches(matches))("common.portalName") },
];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  return { user: user ? { name: user.name, roles: user.roles } : null };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { user } = loaderData;
  const { t } = useTranslation();
  const has = (r: string) => user?.roles.some((x) => x === r) ?? false;
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("common.portalName")}</Heading>
      <Paragraph lead>{t("home.lead")}</Paragraph>
      <Paragraph>{t("home.intro")}</Paragraph>
      {user ? (
        <>
          <Heading level={2}>{t("home.welcome", { name: user.name })}</Heading>
          <UnorderedList>
            {has("APPLICANT") ? (
              <UnorderedListItem>
                <Link href="/aanvrager">{t("home.myPlans")}</Link>
              </UnorderedListItem>
            ) : null}
            {has("CASE_HANDLER") ? (
              <UnorderedListItem>
                <Link href="/behandeling#volledigheid">{t("home.completeness")}</Link>
              </UnorderedListItem>
            ) : null}
            {has("ADVISER") ? (
              <UnorderedListItem>
                <Link href="/behandeling#beoordeling">{t("home.assess")}</Link>
              </UnorderedListItem>
            ) : null}
            {has("DECISION_MAKER") ? (
              <UnorderedListItem>
                <Link href="/behandeling#besluit">{t("home.decide")}</Link>
              </UnorderedListItem>
            ) : null}
            {has("CASE_HANDLER") || has("DECISION_MAKER") || has("FINANCE") ? (
              <UnorderedListItem>
                <Link href="/behandeling/verlengingen">{t("home.extensions")}</Link>
              </UnorderedListItem>
            ) : null}
            {has("FINANCE") || has("DECISION_MAKER") ? (
              <UnorderedListItem>
                <Link href="/financien">{t("home.finance")}</Link>
              </UnorderedListItem>
            ) : null}
            {has("FINANCE") || has("ADMIN") ? (
              <UnorderedListItem>
                <Link href="/financien/regelingen">{t("home.setup")}</Link>
              </UnorderedListItem>
            ) : null}
          </UnorderedList>
        </>
      ) : (
        <Paragraph>
          <Link href="/login">{t("home.loginLink")}</Link>
          {t("home.loginRest")}
        </Paragraph>
      )}
      <Paragraph>
        <Link href="/open-data">{t("home.openData")}</Link>
      </Paragraph>
    </div>
  );
}
