import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { createInstance, type i18n as I18n } from "i18next";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import type {
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  HandleErrorFunction,
} from "react-router";
import { isRouteErrorResponse, ServerRouter } from "react-router";
import {
  isDatabaseUnavailable,
  logUnavailable,
  unavailableHeaders,
  unavailableResponse,
} from "./db/unavailable.server.ts";
import { UNAVAILABLE_PLAIN, UNAVAILABLE_STATUS } from "./db/unavailable.ts";
import { getLocale } from "./i18n/i18n.server.ts";
import { i18nextOptions, type Language } from "./i18n/resources.ts";
import { currentLog, loggablePath } from "./log.server.ts";

export const streamTimeout = 5_000;

const serverInstances = new Map<Language, I18n>();

/**
 * The i18next instance that renders pages in `lng`: one per language, initialised once and shared
 * by every request in that language (creating and initialising one per request cost ~4% of a
 * page's CPU). Sharing is safe only because nothing changes a server instance's language (the
 * root's changeLanguage runs in an effect, i.e. only in the browser); changeLanguage is therefore
 * made to throw, so a future call fails loudly instead of leaking one user's language into another
 * user's page. entry.server.test.tsx renders both languages interleaved.
 */
export function serverI18n(lng: Language): I18n {
  let instance = serverInstances.get(lng);
  if (!instance) {
    instance = createInstance();
    // initAsync: false and in-memory resources: ready when init returns.
    void instance.use(initReactI18next).init({ ...i18nextOptions, lng });
    instance.changeLanguage = () => {
      throw new Error(`the server's shared "${lng}" i18next instance must not change its language`);
    };
    serverInstances.set(lng, instance);
  }
  return instance;
}

/**
 * Requests in which a loader or action failed because PostgreSQL is away. React Router hands the
 * real error only to handleError and sanitises it before rendering, so the mark is how
 * handleRequest and handleDataRequest learn that the answer is a 503, not a 500.
 */
const databaseUnavailable = new WeakSet<Request>();

export const handleError: HandleErrorFunction = (error, { request }) => {
  // As JSON through the request's logger, so the line carries the request id (ADR 0015); the path
  // without its query or an e-mailed link's token (loggablePath).
  const where = { method: request.method, path: loggablePath(new URL(request.url).pathname) };
  if (isDatabaseUnavailable(error)) {
    databaseUnavailable.add(request);
    logUnavailable(where, error);
    return;
  }
  // The 503 that handleRequest throws below comes back here; it is not a new fault.
  if (error instanceof Response && error.status === UNAVAILABLE_STATUS) return;
  if (request.signal.aborted) return;
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  // React Router's own answer to a request the app does not serve (405: a POST to a page without
  // an action; 404: no such route) is the client's mistake, not a fault: one line saying which,
  // without the router's stack (bots and the access-matrix test send these all day).
  if (isRouteErrorResponse(error) && error.status < 500) {
    const reason = inner instanceof Error ? inner.message : error.statusText;
    currentLog().info({ ...where, status: error.status }, reason);
    return;
  }
  currentLog().error({ ...where, err: inner ?? error }, "error in a loader, an action or a page");
};

/**
 * Pages and their data hold personal data (an organisation's IBAN, colleagues' addresses, a plan
 * in progress): no browser or proxy keeps them, so the Back button after a logout on a shared
 * computer asks the server again, which then sends the next person to the login. A route that
 * sets its own Cache-Control keeps it.
 */
function keepOutOfCaches(headers: Headers): void {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}

function withoutStorage(response: Response): Response {
  try {
    keepOutOfCaches(response.headers);
  } catch {
    // Immutable headers (Response.redirect): a redirect has no personal data to keep.
  }
  return response;
}

/** A client-side navigation or form post: a plain 503 the browser router turns into the error boundary's 503. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  if (!databaseUnavailable.has(request)) return withoutStorage(response);
  void response.body?.cancel();
  return unavailableResponse();
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (databaseUnavailable.has(request)) {
    // Thrown, React Router renders the page again with this as a route error response: a 503
    // that survives into the browser's hydration data, where a sanitised Error would read as a 500.
    if (responseStatusCode !== UNAVAILABLE_STATUS)
      throw new Response(UNAVAILABLE_PLAIN, {
        status: UNAVAILABLE_STATUS,
        statusText: "Service Unavailable",
      });
    unavailableHeaders(responseHeaders);
  }
  keepOutOfCaches(responseHeaders);
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  // Every inline script and preload link must carry the nonce that helmet's CSP allows (stack.md §8.1).
  const nonce = loadContext?.cspNonce || undefined;

  // The same detection as the root loader (?lng=, then the cookie, then Dutch), so SSR and hydration agree.
  const i18n = serverI18n(await getLocale(request));

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(
      () => abort(),
      streamTimeout + 1000,
    );

    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </I18nextProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) currentLog().error({ err: error }, "error while streaming a page");
        },
      },
    );
  });
}
