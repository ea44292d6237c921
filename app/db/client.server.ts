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

function createClient(): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg(
      {
        connectionString: databaseUrl(),
        // With PostgreSQL away a request must fail fast (a 503 page), not wait for the OS's TCP
        // timeout. The wait includes queueing for a free pooled client, so it must also cover a
        // burst of concurrent transactions on a loaded machine: 10 s (5 s made such tests flaky).
        connectionTimeoutMillis: 10_000,
        // Inside a transaction Prisma sends a read's relation queries (include, nested select) to the
        // one connection all at once; pg 9 refuses a query while another runs (serial-client.server.ts).
        Client: SerialClient,
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

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  // Lazy so that importing a module never needs a database (typegen, build, pure unit tests).
  get(_target, prop, receiver) {
    globalForPrisma.__prisma ??= createClient();
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
