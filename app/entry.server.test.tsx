import { PassThrough } from "node:stream";
import { Suspense, use } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, useTranslation } from "react-i18next";
import { describe, expect, it } from "vitest";
import { serverI18n } from "./entry.server.tsx";
import type { Language } from "./i18n/resources.ts";

/** Suspends until `wait` resolves, so renders of both languages are in flight at the same time. */
function Late({ wait }: { wait: Promise<void> }) {
  use(wait);
  const { t, i18n } = useTranslation();
  return (
    <p>
      {i18n.language}:{t("bell.label")}:{t("bell.labelUnread", { count: 3 })}
    </p>
  );
}

function Page({ wait }: { wait: Promise<void> }) {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t("bell.label")}</h1>
      <Suspense fallback={null}>
        <Late wait={wait} />
      </Suspense>
    </main>
  );
}

function render(lng: Language, wait: Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    let html = "";
    const { pipe } = renderToPipeableStream(
      <I18nextProvider i18n={serverI18n(lng)}>
        <Page wait={wait} />
      </I18nextProvider>,
      {
        onAllReady() {
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => {
            html += chunk.toString("utf8");
          });
          body.on("end", () => resolve(html));
          pipe(body);
        },
        onShellError: reject,
        onError: reject,
      },
    );
  });
}

const EXPECTED: Record<Language, string[]> = {
  nl: ["<h1>Meldingen</h1>", "nl<!-- -->:<!-- -->Meldingen<!-- -->:<!-- -->Meldingen, 3 ongelezen"],
  en: ["<h1>Notifications</h1>", "en<!-- -->:<!-- -->Notifications<!-- -->:<!-- -->Notifications, 3 unread"],
};

describe("the server's i18next instances (one per language, shared by requests)", () => {
  it("renders Dutch and English pages interleaved, each in its own language", async () => {
    // 40 renders started alternately; each finishes after a random delay, so the first halves and
    // the suspended halves of Dutch and English pages run through each other.
    const langs: Language[] = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? "nl" : "en"));
    const pages = await Promise.all(
      langs.map((lng) =>
        render(lng, new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)))).then((html) => ({
          lng,
          html,
        })),
      ),
    );
    for (const { lng, html } of pages) {
      for (const text of EXPECTED[lng]) expect(html).toContain(text);
      const other = lng === "nl" ? "en" : "nl";
      expect(html).not.toContain(EXPECTED[other][0]);
    }
  });

  it("gives every request in a language the same initialised instance", () => {
    const nl = serverI18n("nl");
    expect(serverI18n("nl")).toBe(nl);
    expect(serverI18n("en")).not.toBe(nl);
    expect(nl.isInitialized).toBe(true);
    expect(nl.language).toBe("nl");
    expect(serverI18n("en").language).toBe("en");
  });

  it("refuses to change a shared instance's language, which would leak into other users' pages", () => {
    expect(() => serverI18n("nl").changeLanguage("en")).toThrow(/must not change its language/);
    expect(serverI18n("nl").language).toBe("nl");
    expect(serverI18n("nl").t("bell.label")).toBe("Meldingen");
  });
});
