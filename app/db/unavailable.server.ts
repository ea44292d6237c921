import { currentLog } from "../log.server.ts";
import { type ErrorFields, someInErrorChain } from "./error-chain.ts";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_PLAIN, UNAVAILABLE_STATUS } from "./unavailable.ts";

/**
 * "The database is unavailable" as one decision, so that every layer (React Router documents and
 * data requests, the Express fallback, /healthz) answers 503 for the same errors and 500 for the
 * rest. Observed with Prisma 7 + @prisma/adapter-pg when PostgreSQL is stopped or restarted
 * (e2e/faults.spec.ts, unavailable.server.test.ts):
 * - the first query on a pooled connection the server closed: P2039 "Database error", its driver
 *   error carrying SQLSTATE 57P01 (admin shutdown);
 * - every later one: P1001, driver error kind "DatabaseNotReachable" (ECONNREFUSED); raw queries
 *   say P2010 with that same driver error; a transaction's BEGIN says P1001 too;
 * - while the server starts: 57P03; a pool that waited past `connectionTimeoutMillis`: pg's plain
 *   Error "timeout exceeded when trying to connect";
 * - a connection that stops answering (network partition, failover): pg's "Query read timeout"
 *   after the pool's query_timeout (client.server.ts), then "Connection terminated unexpectedly"
 *   for what was queued behind it (client.server.test.ts).
 */

/** Prisma's own codes for "could not talk to the server" (P2024: no pooled connection in time). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The adapter's kinds for socket-level failures (adapter-pg's mapSocketError). */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** SQLSTATE: class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up), 53300 (too many connections). */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH"]);
/** pg's own errors carry no code; these are its messages for a lost or never-made connection. */
const PG_MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Client has encountered a connection error and is not queryable",
  // query_timeout: no answer in time. The only query that legitimately runs that long is a
  // script's, which runs without the limit (client.server.ts QUERY_TIMEOUT_MS).
  "Query read timeout",
];

function matches(e: ErrorFields): boolean {
  if (
    typeof e.code === "string" &&
    (PRISMA_CODES.has(e.code) || NODE_CODES.has(e.code) || SQLSTATE.test(e.code))
  )
    return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === "string" && SQLSTATE.test(e.originalCode)) return true;
  return typeof e.message === "string" && PG_MESSAGES.some((m) => (e.message as string).includes(m));
}

/** True when `error` (or what it wraps: cause, Prisma's driver adapter error) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someInErrorChain(error, matches);
}

/**
 * One log line instead of a stack per request: during an outage every request fails the same way.
 * Through the request's logger, so the line carries the request id (ADR 0015); `path` without the
 * query, which may hold a token.
 */
export function logUnavailable(where: { method: string; path: string }, error: unknown): void {
  currentLog().error(where, describeUnavailable(error));
}

function describeUnavailable(error: unknown): string {
  const e = error as ErrorFields;
  const code = typeof e?.code === "string" ? e.code : "";
  const adapter = (e?.meta?.driverAdapterError as ErrorFields | undefined)?.cause as ErrorFields | undefined;
  const detail = adapter?.kind ?? adapter?.originalCode ?? "";
  return `database unavailable${code ? ` (${code}${detail ? ` ${String(detail)}` : ""})` : ""}`;
}

/**
 * The plain-text 503 outside the React pages (data requests, downloads): the same text, status
 * and headers wherever the database outage is noticed.
 */
export function unavailableResponse(): Response {
  return new Response(UNAVAILABLE_PLAIN, {
    status: UNAVAILABLE_STATUS,
    statusText: "Service Unavailable",
    headers: unavailableHeaders(new Headers({ "Content-Type": "text/plain; charset=utf-8" })),
  });
}

/** The headers every 503 of an outage carries: when to try again, and that it must not be cached. */
export function unavailableHeaders(headers: Headers): Headers {
  headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  headers.set("Cache-Control", "no-store");
  return headers;
}
