import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  createClient,
  databaseUrl,
  type PrismaClient,
  QUERY_TIMEOUT_MS,
  queryTimeoutMs,
} from "./client.server.ts";
import { isDatabaseUnavailable } from "./unavailable.server.ts";

/**
 * A connection that stops answering — a network partition, a failover that leaves the old server's
 * sockets open — must fail the request within the pool's query_timeout as "database unavailable"
 * (a 503), not hang until the OS gives up on the socket (about 15 minutes). Shown with a TCP proxy
 * in front of the test database that stops passing bytes on the connections it already has, with
 * the app's own pool settings (createClient) and a short timeout.
 */

type Proxy = { url: string; freeze(): void; server: Server; pairs: [Socket, Socket][] };
const proxies: Proxy[] = [];
const clients: PrismaClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect().catch(() => {})));
  for (const p of proxies) {
    for (const [a, b] of p.pairs) {
      a.destroy();
      b.destroy();
    }
    p.server.close();
  }
});

afterEach(() => {
  delete process.env.DATABASE_QUERY_TIMEOUT_MS;
});

/** Connections made after freeze() pass bytes as usual: only the ones it had go silent. */
async function proxy(): Promise<Proxy> {
  const target = new URL(databaseUrl());
  const pairs: [Socket, Socket][] = [];
  const frozen = new WeakSet<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname);
    pairs.push([inbound, outbound]);
    inbound.on("data", (d) => {
      if (!frozen.has(inbound)) outbound.write(d);
    });
    outbound.on("data", (d) => {
      if (!frozen.has(inbound)) inbound.write(d);
    });
    inbound.on("error", () => {});
    outbound.on("error", () => {});
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const url = new URL(databaseUrl());
  url.hostname = "127.0.0.1";
  url.port = String(typeof address === "object" && address ? address.port : 0);
  const p: Proxy = {
    url: url.toString(),
    server,
    pairs,
    freeze: () => {
      for (const [inbound] of pairs) frozen.add(inbound);
    },
  };
  proxies.push(p);
  return p;
}

function appClient(url: string, queryTimeoutMs: number): PrismaClient {
  const client = createClient({ connectionString: url, queryTimeoutMs });
  clients.push(client);
  return client;
}

/** How the call ended and after how many ms; "still waiting" after `limit` ms. */
async function outcome(call: Promise<unknown>, limit: number): Promise<{ how: string; ms: number }> {
  const started = Date.now();
  const how = await Promise.race([
    call.then(
      () => "answered",
      (e) => (isDatabaseUnavailable(e) ? "unavailable" : `other error: ${String(e)}`),
    ),
    new Promise<string>((r) => setTimeout(() => r("still waiting"), limit)),
  ]);
  return { how, ms: Date.now() - started };
}

describe("a database connection that stops answering", () => {
  it("fails a query within the query timeout as 'unavailable', and the pool then uses a fresh connection", async () => {
    const p = await proxy();
    const db = appClient(p.url, 1_000);
    await db.$queryRaw`SELECT 1`;
    p.freeze();
    const frozen = await outcome(db.user.count(), 8_000);
    expect(frozen.how).toBe("unavailable");
    expect(frozen.ms).toBeLessThan(3_000);
    // The silent connection is not handed out again: the next query gets a new one, which answers.
    const next = await outcome(db.user.count(), 8_000);
    expect(next.how).toBe("answered");
    expect(next.ms).toBeLessThan(1_000);
  });

  it("fails a transaction within one query timeout, its ROLLBACK included, and leaves no silent connection in the pool", async () => {
    const p = await proxy();
    const db = appClient(p.url, 1_500);
    await db.$queryRaw`SELECT 1`;
    const frozen = await outcome(
      db.$transaction(async (tx) => {
        await tx.user.count();
        p.freeze();
        await tx.user.count();
      }),
      8_000,
    );
    expect(frozen.how).toBe("unavailable");
    // Without closing the connection pg would queue the ROLLBACK behind the unanswered query: a
    // second timeout (3 s here), and the silent connection back in the pool for the next request.
    expect(frozen.ms).toBeLessThan(2_500);
    const next = await outcome(db.user.count(), 8_000);
    expect(next.how).toBe("answered");
    expect(next.ms).toBeLessThan(1_000);
  });

  it("does not cut a query that answers within the timeout", async () => {
    const p = await proxy();
    const db = appClient(p.url, 2_000);
    expect((await outcome(db.$queryRawUnsafe("SELECT 1 AS one FROM pg_sleep(0.5)"), 8_000)).how).toBe(
      "answered",
    );
  });
});

describe("queryTimeoutMs", () => {
  it("is 60 s unless DATABASE_QUERY_TIMEOUT_MS says otherwise; 0 is no limit (the long scripts)", () => {
    expect(queryTimeoutMs()).toBe(QUERY_TIMEOUT_MS);
    expect(QUERY_TIMEOUT_MS).toBe(60_000);
    process.env.DATABASE_QUERY_TIMEOUT_MS = "0";
    expect(queryTimeoutMs()).toBe(0);
    process.env.DATABASE_QUERY_TIMEOUT_MS = "120000";
    expect(queryTimeoutMs()).toBe(120_000);
    process.env.DATABASE_QUERY_TIMEOUT_MS = "een minuut";
    expect(() => queryTimeoutMs()).toThrow(/DATABASE_QUERY_TIMEOUT_MS/);
  });
});
