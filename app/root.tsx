import "@rijkshuisstijl-community/design-tokens/dist/index.css";
import "@rijkshuisstijl-community/components-css/dist/index.css";
import "./styles/app.css";
import "./i18n/layout.css";
import { Heading, PageContent, Paragraph, SkipLink } from "@rijkshuisstijl-community/components-react";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import {
  data,
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import { z } from "zod";
import type { Route } from "./+types/root";
import { getSessionUser, sessionIdleMs } from "./auth/session.server.ts";
import { UNAVAILABLE_STATUS, UNAVAILABLE_TEXT } from "./db/unavailable.ts";
import { now } from "./domain/clock.ts";
import { countUnread } from "./domain/notifications/inbox.server.ts";
import { useI18n } from "./i18n/hooks.ts";
import { localeCookie, requestLanguages } from "./i18n/i18n.server.ts";
import { asLanguage, type Language } from "./i18n/resources.ts";
import { fixedT, languageFromMatches } from "./i18n/translate.ts";
import { IdleWarning } from "./ui/idle-warning.tsx";
import { Link as NldsLink } from "./ui/link.tsx";
import { NotFound } from "./ui/not-found.tsx";
import { NotificationBell } from "./ui/notification-bell.tsx";
import { clearStashes } from "./ui/wizard/unsaved-stash.ts";

// zod 4 probes `new Function` for its JIT; under our CSP (no 'unsafe-eval') the browser reports that
// probe as a violation. Root is the first module evaluated, so this runs before any schema.
z.config({ jitless: true });
// zod's own messages reach a user only for a form that was cut short or tampered with (every field a
// page sends has a message of its own); on these pages they should at least not be English.
z.config(z.locales.nl());

export async function loader({ request }: Route.LoaderArgs) {
  const { chosen, page: locale, dutchOnly } = await requestLanguages(request);
  // The cookie keeps a choice made with ?lng= for the next pages (stack.md §8.4), also across a
  // Dutch-only staff page, which offers no switch.
  const headers = { "Set-Cookie": await localeCookie.serialize(chosen) };
  const languageSwitch = !dutchOnly;
  const user = await getSessionUser(request);
  if (!user) return data({ locale, languageSwitch, user: null }, { headers });
  // Revalidated after every action, so the bell follows "mark as read" without a reload.
  const unreadNotifications = await countUnread(user.id);
  // The idle warning counts down from what the server says is left (not from the browser's clock).
  const idle = { remainingMs: user.idleDeadline.getTime() - now().getTime(), idleMs: sessionIdleMs() };
  return data(
    { locale, languageSwitch, user: { name: user.name, roles: user.roles, unreadNotifications, idle } },
    { headers },
  );
}

/** What went wrong, as an error page's heading and its title say it. */
function errorTitle(error: unknown, lng: Language): string {
  const t = fixedT(lng);
  if (!isRouteErrorResponse(error)) return t("errors.unexpectedTitle");
  if (error.status === 404) return t("errors.notFoundTitle");
  if (error.status === 403) return t("errors.forbiddenTitle");
  if (error.status === UNAVAILABLE_STATUS) return UNAVAILABLE_TEXT[lng].title;
  return t("errors.statusTitle", { status: error.status });
}

/**
 * The portal's name, or on an error page (the root boundary, where no page's own meta applies)
 * what went wrong: "Pagina niet gevonden — Sectorplanportaal" (WCAG 2.4.2, a title that says
 * what the page is, also in the browser's history and tabs).
 */
export const meta: Route.MetaFunction = ({ matches, error }) => {
  const lng = languageFromMatches(matches);
  const t = fixedT(lng);
  if (!error) return [{ title: t("common.portalName") }];
  return [{ title: t("common.pageTitle", { page: errorTitle(error, lng) }) }];
};

export function Layout({ children }: { children: ReactNode }) {
  // The error boundary renders inside Layout too, when the root loader may have failed.
  const rootData = useRouteLoaderData<typeof loader>("root");
  const user = rootData?.user ?? null;
  const { t, i18n } = useTranslation();
  // Without loader data (the root loader failed) the language i18next already has is the best guess.
  const lang = asLanguage(rootData?.locale ?? i18n.language);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* public/: browsers ask for /favicon.ico on every site; the SVG is sharper where supported. */}
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body className="rhc-theme">
        <SkipLink href="#inhoud">{t("layout.skipLink")}</SkipLink>
        <header className="sp-header">
          <div className="sp-header__inner">
            <Link to="/" className="sp-header__brand">
              {t("common.portalName")}
              <span className="sp-header__sub">{t("common.regulationName")}</span>
            </Link>
            <nav aria-label={t("layout.mainMenu")} className="sp-header__nav">
              {user ? (
                <>
                  {user.roles.includes("APPLICANT") ? (
                    <Link to="/aanvrager">{t("layout.myPlans")}</Link>
                  ) : null}
                  {user.roles.includes("APPLICANT") ? (
                    <Link to="/aanvrager/organisatie">{t("layout.organisation")}</Link>
                  ) : null}
                  {user.roles.some(
                    (r) => r === "CASE_HANDLER" || r === "ADVISER" || r === "DECISION_MAKER",
                  ) ? (
                    <Link to="/behandeling">{t("layout.caseHandling")}</Link>
                  ) : null}
                  {user.roles.some((r) => r !== "APPLICANT") ? (
                    <Link to="/behandeling/werkproces">{t("layout.workflow")}</Link>
                  ) : null}
                  {user.roles.some((r) => r === "FINANCE" || r === "DECISION_MAKER") ? (
                    <Link to="/financien">{t("layout.finance")}</Link>
                  ) : null}
                  {user.roles.includes("ADMIN") ? <Link to="/beheer">{t("layout.admin")}</Link> : null}
                  <NotificationBell unread={user.unreadNotifications} />
                  <span className="sp-header__user">{user.name}</span>
                  {/* A form the page posts itself: the tab's unsaved copies go with the session. */}
                  <Form method="post" action="/logout" className="sp-inline-form" onSubmit={clearStashes}>
                    <button type="submit" className="utrecht-button utrecht-button--subtle">
                      {t("layout.logout")}
                    </button>
                  </Form>
                </>
              ) : (
                <Link to="/login">{t("layout.login")}</Link>
              )}
              {rootData?.languageSwitch === false ? null : <LanguageSwitch />}
            </nav>
          </div>
        </header>
        {user ? <IdleWarning remainingMs={user.idle.remainingMs} idleMs={user.idle.idleMs} /> : null}
        <main id="inhoud" tabIndex={-1}>
          <PageContent>{children}</PageContent>
        </main>
        <footer className="sp-footer">
          <Paragraph>{t("layout.footerText")}</Paragraph>
          <nav aria-label={t("layout.footerLinks")}>
            <ul className="sp-footer__links">
              <li>
                <Link to="/toegankelijkheid">{t("layout.accessibility")}</Link>
              </li>
              <li>
                <Link to="/privacy">{t("layout.privacy")}</Link>
              </li>
            </ul>
          </nav>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * "English" on a Dutch page, "Nederlands" on an English one: a plain link to the same page with
 * ?lng=, which the root loader turns into the cookie. The link text carries its own `lang`, so a
 * screen reader pronounces it in that language (WCAG 3.1.2).
 */
function LanguageSwitch() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const target = t("layout.switchToLang");
  return (
    <Link
      to={`${pathname}?lng=${target}`}
      hrefLang={target}
      className="sp-header__lang"
      data-testid="language-switch"
    >
      <span lang={target}>{t("layout.switchTo")}</span>
    </Link>
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  const { i18n } = useTranslation();
  const { locale } = loaderData;
  // After a client-side switch (?lng=) the root loader's locale changes; the texts follow it here.
  useEffect(() => {
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t, dt, lng } = useI18n();
  const title = errorTitle(error, lng);
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === "string" && error.data ? error.data : undefined;
    if (error.status === 404) return <NotFound message={message} />;
    if (error.status === UNAVAILABLE_STATUS) {
      // The database is away (entry.server.tsx): say so, and that waiting and reloading helps.
      const text = UNAVAILABLE_TEXT[lng];
      return (
        <>
          <Heading level={1}>{title}</Heading>
          <Paragraph>{text.text}</Paragraph>
          <Paragraph>{text.retry}</Paragraph>
        </>
      );
    }
    return (
      <>
        <Heading level={1}>{title}</Heading>
        <Paragraph>
          {message ? dt(message) : t(error.status === 403 ? "errors.forbiddenText" : "errors.statusText")}
        </Paragraph>
        <Paragraph>
          <NldsLink href="/">{t("common.toHome")}</NldsLink>
        </Paragraph>
      </>
    );
  }
  // Never a stack trace for users; the server log has it.
  if (import.meta.env.DEV && error instanceof Error) {
    return (
      <>
        <Heading level={1}>{title}</Heading>
        <pre className="sp-pre">{error.stack}</pre>
      </>
    );
  }
  return (
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>{t("errors.unexpectedText")}</Paragraph>
    </>
  );
}
