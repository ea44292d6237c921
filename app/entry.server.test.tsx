import { PassThrough } from "node:stream";
import { Suspense, use } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, useTranslation } from "react-i18next";
import { createStaticHandler, RouterContextProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { handleError, serverI18n } from "./entry.server.tsx";
import type { Language } from "./i18n/resources.ts";
import { createLogger, withRequestContext } from "./log.server.ts";

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

/** Runs handleError as React Router would, inside a request's log context; returns the JSON lines. */
function logged(error: unknown, request: Request): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) }, "info").child({
    requestId: "req-test-0001",
  });
  withRequestContext({ requestId: "req-test-0001", log }, () =>
    handleError(error, { request, params: {}, context: new RouterContextProvider() }),
  );
  return lines;
}

/** The one line handleError writes for `error`, which must carry the request's id. */
function loggedLine(error: unknown, request: Request): Record<string, unknown> {
  const lines = logged(error, request);
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? {};
  expect(line.requestId).toBe("req-test-0001");
  return line;
}

/** The error React Router itself hands to handleError for `request` on a one-route app. */
async function routerError(request: Request, loader: () => unknown): Promise<unknown> {
  const handler = createStaticHandler([{ id: "root", path: "/", loader }]);
  const result = await handler.query(request);
  if (result instanceof Response) throw new Error(`expected a context, got a ${result.status}`);
  return result.errors?.root;
}

describe("handleError: errors as JSON log lines of the request", () => {
  it("logs a fault as one error line with the request id, the path without its query, and the stack", async () => {
    const request = new Request("http://localhost/?token=geheim");
    const error = await routerError(request, () => {
      throw new Error("kapot");
    });
    const line = loggedLine(error, request);
    expect(line).toMatchObject({
      level: 50,
      method: "GET",
      path: "/",
      err: { type: "Error", message: "kapot" },
    });
    expect(String((line.err as { stack?: string }).stack)).toContain("entry.server.test.tsx");
    expect(JSON.stringify(line)).not.toContain("geheim");
  });

  it("logs React Router's 405 for a POST to a page without an action as one info line, without a stack", async () => {
    const request = new Request("http://localhost/", {
      method: "POST",
      body: new URLSearchParams({ a: "b" }),
    });
    const error = await routerError(request, () => null);
    const line = loggedLine(error, request);
    expect(line).toMatchObject({ level: 30, method: "POST", path: "/", status: 405 });
    expect(String(line.msg)).toContain("did not provide an `action`");
    expect(line).not.toHaveProperty("err");
    expect(JSON.stringify(line)).not.toContain("at ");
  });

  it("logs nothing for a request the browser gave up on", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/", { signal: controller.signal });
    controller.abort();
    expect(logged(new Error("te laat"), request)).toEqual([]);
  });
});
