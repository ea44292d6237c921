import "@rijkshuisstijl-community/design-tokens/dist/index.css";
import "@rijkshuisstijl-community/components-css/dist/index.css";
import "./styles/app.css";
import {
  Heading,
  Link as NldsLink,
  PageContent,
  Paragraph,
  SkipLink,
} from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import { z } from "zod";
import type { Route } from "./+types/root";
import { getSessionUser } from "./auth/session.server.ts";
import { countUnread } from "./domain/notifications/inbox.server.ts";
import { NotFound } from "./ui/not-found.tsx";
import { NotificationBell } from "./ui/notification-bell.tsx";

// zod 4 probes `new Function` for its JIT; under our CSP (no 'unsafe-eval') the browser reports that
// probe as a violation. Root is the first module evaluated, so this runs before any schema.
z.config({ jitless: true });

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  if (!user) return { user: null };
  // Revalidated after every action, so the bell follows "mark as read" without a reload.
  const unreadNotifications = await countUnread(user.id);
  return { user: { name: user.name, roles: user.roles, unreadNotifications } };
}

export const meta: Route.MetaFunction = () => [{ title: "Sectorplanportaal" }];

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  // The error boundary renders inside Layout too, when the root loader may have failed.
  const data = useRouteLoaderData<RootData>("root");
  const user = data?.user ?? null;
  return (
    <html lang="nl">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="rhc-theme">
        <SkipLink href="#inhoud">Ga naar de inhoud</SkipLink>
        <header className="sp-header">
          <div className="sp-header__inner">
            <Link to="/" className="sp-header__brand">
              Sectorplanportaal
              <span className="sp-header__sub">Regeling cofinanciering sectorplannen</span>
            </Link>
            <nav aria-label="Hoofdmenu" className="sp-header__nav">
              {user ? (
                <>
                  {user.roles.includes("APPLICANT") ? <Link to="/aanvrager">Mijn sectorplannen</Link> : null}
                  {user.roles.some(
                    (r) => r === "CASE_HANDLER" || r === "ADVISER" || r === "DECISION_MAKER",
                  ) ? (
                    <Link to="/behandeling">Behandeling</Link>
                  ) : null}
                  {user.roles.includes("ADMIN") ? <Link to="/beheer">Beheer</Link> : null}
                  <NotificationBell unread={user.unreadNotifications} />
                  <span className="sp-header__user">{user.name}</span>
                  <Form method="post" action="/logout" className="sp-inline-form">
                    <button type="submit" className="utrecht-button utrecht-button--subtle">
                      Uitloggen
                    </button>
                  </Form>
                </>
              ) : (
                <Link to="/login">Inloggen</Link>
              )}
            </nav>
          </div>
        </header>
        <main id="inhoud" tabIndex={-1}>
          <PageContent>{children}</PageContent>
        </main>
        <footer className="sp-footer">
          <Paragraph>
            Ministerie van Sociale Zaken en Werkgelegenheid — Regeling cofinanciering sectorplannen (2013)
          </Paragraph>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === "string" && error.data ? error.data : undefined;
    if (error.status === 404) return <NotFound message={message} />;
    if (error.status === 403) {
      return (
        <>
          <Heading level={1}>Geen toegang</Heading>
          <Paragraph>{message ?? "U heeft geen toegang tot deze pagina."}</Paragraph>
          <Paragraph>
            <NldsLink href="/">Naar de startpagina</NldsLink>
          </Paragraph>
        </>
      );
    }
    return (
      <>
        <Heading level={1}>Er ging iets mis ({error.status})</Heading>
        <Paragraph>{message ?? "Het verzoek kon niet worden verwerkt."}</Paragraph>
      </>
    );
  }
  // Never a stack trace for users; the server log has it.
  if (import.meta.env.DEV && error instanceof Error) {
    return (
      <>
        <Heading level={1}>Er ging iets mis</Heading>
        <pre className="sp-pre">{error.stack}</pre>
      </>
    );
  }
  return (
    <>
      <Heading level={1}>Er ging iets mis</Heading>
      <Paragraph>
        Er is een onverwachte fout opgetreden. Probeer het later opnieuw. Blijft het probleem bestaan, neem
        dan contact op met de helpdesk.
      </Paragraph>
    </>
  );
}
