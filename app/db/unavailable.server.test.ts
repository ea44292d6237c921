import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../generated/prisma/client.ts";
import { databaseUrl, prisma } from "./client.server.ts";
import { isDatabaseUnavailable } from "./unavailable.server.ts";

/**
 * The classifier against the errors Prisma 7 + adapter-pg really throw, not hand-made look-alikes:
 * a port where nothing listens, a server that accepts but never answers, a backend terminated in
 * the middle of a query; and ordinary database errors, which must stay 500s.
 */

const clients: PrismaClient[] = [];
const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
  for (const s of servers) s.close();
});

function clientAt(url: string, connectionTimeoutMillis = 2_000): PrismaClient {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis }, { onPoolError: () => {} }),
  });
  clients.push(client);
  return client;
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

function withPort(port: number): string {
  const url = new URL(databaseUrl());
  url.port = String(port);
  return url.toString();
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected the database call to fail");
}

describe("isDatabaseUnavailable", () => {
  it("recognises a server that is not there: queries, raw queries and transactions", async () => {
    // A port that was free a moment ago: nothing listens on it any more.
    const port = await listen(createServer());
    servers.pop()?.close();
    const db = clientAt(withPort(port));
    for (const call of [
      () => db.user.count(),
      () => db.$queryRaw`SELECT 1`,
      () => db.$transaction(async (tx) => tx.user.count()),
    ]) {
      const error = await errorOf(call());
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it("recognises a server that accepts but never answers, after the pool's connection timeout", async () => {
    const silent = createServer(() => {});
    const db = clientAt(withPort(await listen(silent)), 300);
    const started = Date.now();
    const error = await errorOf(db.user.count());
    expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("recognises a connection the server ends in the middle of a query (57P01)", async () => {
    const db = clientAt(databaseUrl());
    const marker = `unavailable-test-${Date.now()}`;
    const slow = errorOf(db.$queryRawUnsafe(`SELECT pg_sleep(10) /* ${marker} */`));
    await expect
      .poll(
        async () =>
          (
            await prisma.$queryRawUnsafe<{ n: bigint }[]>(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%${marker}%' AND pid <> pg_backend_pid()`,
            )
          )[0]?.n,
        { timeout: 5_000, interval: 50 },
      )
      .toBe(1n);
    await prisma.$queryRawUnsafe(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${marker}%' AND pid <> pg_backend_pid()`,
    );
    const error = await slow;
    expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it("leaves ordinary errors alone: a unique violation, a syntax error, a plain Error", async () => {
    // Its own user: the worker's database may hold none when this file runs first.
    const user = await prisma.user.create({
      data: { email: `dubbel-${Date.now()}@example.nl`, name: "Eerste", passwordHash: "x" },
    });
    const duplicate = await errorOf(
      prisma.user.create({ data: { email: user.email, name: "Dubbel", passwordHash: "x" } }),
    );
    expect(isDatabaseUnavailable(duplicate), String(duplicate)).toBe(false);
    const syntax = await errorOf(prisma.$queryRawUnsafe("SELEC 1"));
    expect(isDatabaseUnavailable(syntax), String(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error("Er ging iets mis"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
