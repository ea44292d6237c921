import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../entry.server.tsx";
import type { Language } from "../i18n/resources.ts";
import Notifications from "./meldingen.tsx";

const TITLE = "Aanvulling gevraagd voor SP-2026-000001";

function page(lng: Language): string {
  const loaderData = {
    items: [
      {
        id: "00000000-0000-4000-8000-000000000001",
        title: TITLE,
        body: "De behandelaar vraagt u de aanvraag aan te vullen.",
        link: null,
        createdAt: "2026-03-02T09:00:00.000Z",
        unread: true,
      },
    ],
  };
  const Stub = createRoutesStub([{ id: "meldingen", path: "/meldingen", Component: Notifications }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub initialEntries={["/meldingen"]} hydrationData={{ loaderData: { meldingen: loaderData } }} />
    </I18nextProvider>,
  );
}

/** The submit button's markup. */
const button = (html: string) => html.match(/<button[^>]*type="submit"[^>]*>.*?<\/button>/g)?.at(-1) ?? "";
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the mark-read button on /meldingen", () => {
  it("names the Dutch melding in content marked lang=nl, not in an English aria-label (WCAG 3.1.2)", () => {
    const en = button(page("en"));
    expect(en).not.toContain("aria-label");
    expect(text(en)).toBe(`Mark as read: ${TITLE}`);
    expect(en).toContain(`<span lang="nl">${TITLE}</span>`);
    // Seen, only the action; the title is for the accessible name.
    expect(en).toMatch(/Mark as read<span class="sp-visually-hidden">: <span lang="nl">/);
  });

  it("gives the Dutch page the same name as before", () => {
    expect(text(button(page("nl")))).toBe(`Markeer als gelezen: ${TITLE}`);
  });
});
