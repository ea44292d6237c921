import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { currentLog } from "../log.server.ts";
import { SerialClient } from "./serial-client.server.ts";
import { statementName } from "./statement-names.server.ts";

export type { PrismaClient } from "../generated/prisma/client.ts";
export { Prisma } from "../generated/prisma/client.ts";

/** The one Prisma client of a process. Cached on globalThis so that Vite's dev reloads and
 * vitest's module graph do not open a new pool each time. */
const globalForPrisma = globalThis as unknown as { __prisma?: PrismaClient };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start and npm test set it for you).");
  return url;
}

/**
 * How long one query may go unanswered before the connection is given up: a connection that stops
 * answering (network partition, failover to another server) would otherwise hold its request until
 * the OS gives up on the socket, about 15 minutes. No query of a request or job may legitimately
 * take longer than its transaction may: 30 s by default (below), 60 s for the allocation of the
 * waiting list (allocate-waiting.server.ts), whose pot locks may be held by a burst of decisions.
 * Queries outside a transaction (exports, dashboards) are reads of seconds at most. The scripts
 * that read the whole ledger or every event chain at once (ledger:check, audit:verify) set
 * DATABASE_QUERY_TIMEOUT_MS=0: no limit; backup and restore use a pg.Client of their own, the bulk
 * seed and the bench pools of their own.
 */
export const QUERY_TIMEOUT_MS = 60_000;

/** pg's error for a query that went unanswered for `query_timeout` (unavailable.server.ts: a 503). */
export const QUERY_READ_TIMEOUT = "Query read timeout";

/**
 * The portal's connection: SerialClient, and a connection whose query timed out is closed. pg gives
 * up on waiting but leaves the unanswered query in place, so every later query on that connection —
 * the transaction's ROLLBACK, the next request that gets it from the pool — would wait as long
 * again. Closed, its queued queries fail at once ("Connection terminated") and the pool replaces it.
 */
class PortalClient extends SerialClient {
  // biome-ignore lint/suspicious/noExplicitAny: overrides every overload of pg.Client#query
  override query(config: any, values?: any, callback?: any): any {
    // The pool's own query (the adapter outside a transaction) passes a callback; a transaction's
    // queries are awaited.
    if (typeof values === "function") return super.query(config, this.#closingOnTimeout(values));
    if (typeof callback === "function") return super.query(config, values, this.#closingOnTimeout(callback));
    const result = super.query(config, values);
    if (result instanceof Promise) result.catch((error: unknown) => this.#closeOnTimeout(error));
    return result;
  }

  #closingOnTimeout<A extends unknown[]>(callback: (error: unknown, ...rest: A) => void) {
    return (error: unknown, ...rest: A) => {
      this.#closeOnTimeout(error);
      callback(error, ...rest);
    };
  }

  #closeOnTimeout(error: unknown): void {
    if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) this.connection.stream.destroy();
  }
}

export type ClientOptions = {
  connectionString: string;
  /** Per query; 0 or undefined: no limit. */
  queryTimeoutMs?: number;
};

/** The pool settings of the process's client; tests make one against a proxy with a short timeout. */
export function createClient({ connectionString, queryTimeoutMs }: ClientOptions): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg(
      {
        connectionString,
        // With PostgreSQL away a request must fail fast (a 503 page), not wait for the OS's TCP
        // timeout. The wait includes queueing for a free pooled client, so it must also cover a
        // burst of concurrent transactions on a loaded machine: 10 s (5 s made such tests flaky).
        connectionTimeoutMillis: 10_000,
        // An idle pooled connection to a server that went away (partition, failover) is noticed
        // within about 20 s (Node probes every second after the delay, ten times) and replaced,
        // instead of being handed to the next request. A query already sent is guarded by
        // query_timeout: keepalive probes wait while data is unacknowledged.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        query_timeout: queryTimeoutMs || undefined,
        // Inside a transaction Prisma sends a read's relation queries (include, nested select) to the
        // one connection all at once; pg 9 refuses a query while another runs (serial-client.server.ts).
        Client: PortalClient,
      },
      {
        // A pooled connection the server closed (restart, failover) is dropped by the pool and
        // replaced on next use; without a listener pg's 'error' event would end the process.
        onPoolError: (err) => currentLog().warn(`database: idle connection lost: ${err.message}`),
        onConnectionError: (err) => currentLog().warn(`database: connection lost: ${err.message}`),
        // Prepared statements by name, parsed once per connection (ADR 0020). pg sends a query
        // without a name (undefined) unnamed, as before; the adapter's type says string only.
        statementNameGenerator: (query) => statementName(query) as string,
      },
    ),
    // Budget bookings queue on locked pot rows (design.md §5); under a burst of decisions a
    // transaction may wait for the pool and the locks longer than Prisma's 2 s / 5 s defaults.
    transactionOptions: { maxWait: 15_000, timeout: 30_000 },
  });
}

/** DATABASE_QUERY_TIMEOUT_MS when set (0: no limit), else QUERY_TIMEOUT_MS. */
export function queryTimeoutMs(): number {
  const value = process.env.DATABASE_QUERY_TIMEOUT_MS?.trim();
  if (!value) return QUERY_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`DATABASE_QUERY_TIMEOUT_MS must be a whole number of milliseconds, not "${value}".`);
  return ms;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  // Lazy so that importing a module never needs a database (typegen, build, pure unit tests).
  get(_target, prop, receiver) {
    globalForPrisma.__prisma ??= createClient({
      connectionString: databaseUrl(),
      queryTimeoutMs: queryTimeoutMs(),
    });
    const value = Reflect.get(globalForPrisma.__prisma, prop, receiver);
    return typeof value === "function" ? value.bind(globalForPrisma.__prisma) : value;
  },
});

/** A transaction client, as passed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

export async function disconnectPrisma(): Promise<void> {
  await globalForPrisma.__prisma?.$disconnect();
  globalForPrisma.__prisma = undefined;
}
