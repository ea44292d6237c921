import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, useLoaderData } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../entry.server.tsx";
import type { Language } from "../i18n/resources.ts";
import { IdleWarningNotice } from "./idle-warning.tsx";

/** The warning with the minutes its route's data says (its fetcher form needs a router). */
function Notice() {
  return <IdleWarningNotice minutes={useLoaderData<{ minutes: number }>().minutes} />;
}

/** The warning as a page in `lng` shows it, as text. */
function render(lng: Language, minutes: number): string {
  const Stub = createRoutesStub([{ id: "page", path: "/aanvrager", Component: Notice }]);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub initialEntries={["/aanvrager"]} hydrationData={{ loaderData: { page: { minutes } } }} />
    </I18nextProvider>,
  );
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("the idle-logout warning (WCAG 3.1.2, ADR 0008)", () => {
  it("is in English on an English page, with the minutes as a plural", () => {
    const two = render("en", 2);
    expect(two).toContain("You will be logged out in 2 minutes");
    expect(two).toContain("Stay logged in");
    expect(two).not.toMatch(/uitgelogd|Ingelogd blijven|niets gedaan/);
    expect(render("en", 1)).toContain("You will be logged out in 1 minute ");
  });

  it("stays Dutch on a Dutch page", () => {
    expect(render("nl", 1)).toContain("U wordt over 1 minuut uitgelogd");
    const two = render("nl", 2);
    expect(two).toContain("U wordt over 2 minuten uitgelogd");
    expect(two).toContain("Wat u nog niet heeft opgeslagen, gaat dan verloren.");
    expect(two).toContain("Ingelogd blijven");
  });
});
