import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import ConfirmSignUp, { meta as confirmMeta } from "./registreren-bevestigen.tsx";
import { meta as invitationMeta } from "./uitnodiging.tsx";
import { meta as resetMeta } from "./wachtwoord-herstellen.tsx";

const OPEN = {
  gone: null,
  email: "roos@example.nl",
  organisationName: "Stichting Route",
  name: "Roos Route",
};

function render(lng: Language, actionData?: Record<string, unknown>): string {
  const Stub = createRoutesStub([
    { id: "bevestigen", path: "/registreren/bevestigen/:token", Component: ConfirmSignUp as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub
        initialEntries={["/registreren/bevestigen/t"]}
        hydrationData={{
          loaderData: { bevestigen: OPEN },
          ...(actionData ? { actionData: { bevestigen: actionData } } : {}),
        }}
      />
    </I18nextProvider>,
  );
}

/** The number of times `needle` occurs in `haystack`. */
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("the confirmation page asks the password chosen at sign-up (ADR 0029, rb F2)", () => {
  it("has a labelled password field, in Dutch and in English", () => {
    const nl = render("nl");
    expect(nl).toMatch(/<label[^>]*for="password"[^>]*>Wachtwoord dat u bij de aanmelding heeft gekozen/);
    expect(nl).toMatch(
      /<input[^>]*name="password"[^>]*type="password"|<input[^>]*type="password"[^>]*name="password"/,
    );
    expect(nl).toContain("Stichting Route");
    expect(render("en")).toMatch(/<label[^>]*for="password"[^>]*>Password you chose when you registered/);
  });

  it("shows a wrong password next to the field and in the error summary", () => {
    const nl = render("nl", { formError: "wrongPassword" });
    expect(count(nl, "Dit is niet het wachtwoord dat bij deze aanmelding is gekozen.")).toBe(2);
    expect(nl).toContain('href="#password"');
    const en = render("en", { formError: "throttled" });
    expect(count(en, "Too many failed attempts. Please try again in fifteen minutes.")).toBe(2);
  });

  it("shows a missing password in the page's language", () => {
    const en = render("en", {
      errors: { password: "Vul het wachtwoord in dat u bij de aanmelding heeft gekozen." },
    });
    expect(count(en, "Enter the password you chose when you registered.")).toBe(2);
  });
});

describe("the pages behind an e-mailed link (rb F7)", () => {
  it("set no referrer policy of their own: 'no-referrer' made Chromium post 'Origin: null', which the CSRF check refuses", () => {
    for (const meta of [confirmMeta, invitationMeta, resetMeta]) {
      const tags = (meta as unknown as (a: { matches: unknown[] }) => Record<string, string>[])({
        matches: [],
      });
      expect(tags.some((t) => "title" in t)).toBe(true);
      expect(tags.filter((t) => t.name === "referrer")).toEqual([]);
    }
  });
});
