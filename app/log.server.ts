import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { type DestinationStream, type Logger, pino } from "pino";

/**
 * One JSON logger for the web server and the worker (ADR 0015). Lines go to stdout; the process
 * manager collects them. LOG_LEVEL sets the level; tests are silent unless LOG_LEVEL says otherwise.
 */
function defaultLevel(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  return process.env.VITEST || process.env.NODE_ENV === "test" ? "silent" : "info";
}

export function createLogger(destination?: DestinationStream, level = defaultLevel()): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      // A session cookie or a reset link in a log would be a working credential.
      redact: {
        paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
        censor: "[weggelaten]",
      },
    },
    destination,
  );
}

export const logger: Logger = createLogger();

/** What follows a request (and the jobs it caused) through async code: its id and its logger. */
export type RequestContext = { requestId: string; log: Logger };

// On globalThis: server.mjs, the built app and Vite's reloaded modules must share one store.
const STORE_KEY = Symbol.for("sectorplan.requestContext");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
holder[STORE_KEY] ??= new AsyncLocalStorage();
const storage: AsyncLocalStorage<RequestContext> = holder[STORE_KEY];

export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The id of the request (or of the job's originating request) this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The logger of the current request or job, carrying its ids; the base logger outside one. */
export function currentLog(): Logger {
  return storage.getStore()?.log ?? logger;
}

// Letters, digits and a few separators, as proxies and tracing systems make them; anything else
// (a very long value, spaces, control characters) could forge or flood log lines.
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/;

/** The incoming X-Request-Id when it looks like one, else a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_ID.test(value) ? value : randomUUID();
}

/** The routes whose last path segment is a credential (routes.ts): an e-mailed link's token. */
const TOKEN_IN_PATH = /^(\/(?:uitnodiging|wachtwoord-herstellen|registreren\/bevestigen))\/[^/]+?(\.data)?$/;

/**
 * A request's path as it may be logged: without its query (which may hold personal data), and
 * with an invitation's, password reset's or sign-up confirmation's token replaced. Such a token in
 * a log line is a working credential for as long as the link lives (72 hours for a new staff
 * member's first password, who then also enrols the second factor).
 */
export function loggablePath(url: string): string {
  const q = url.search(/[?#]/);
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(TOKEN_IN_PATH, (_m, route: string, data?: string) => `${route}/:token${data ?? ""}`);
}
