import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "../scripts/migrate.mjs";
import { expect, test } from "./fixtures.ts";
import { E2E_SESSION_SECRET, sessionCookieFor } from "./session.ts";

/**
 * Issue 7: "PostgreSQL restarted while the web server runs: requests answer a clear 503 page
 * meanwhile and recover without a restart of the app." The test stops a real PostgreSQL under the
 * real production server (`node server.mjs` on the build), so it starts both itself: its own
 * PostgreSQL (scripts/services.mjs, a temporary cluster on a free port) and its own server on
 * another free port. The shared test database and the suite's server are never touched. Playwright,
 * not vitest, because the build exists only after the vitest stage of `npm test`; the `request`
 * fixture, because nothing here needs a browser.
 */

type Services = { databaseUrl: string; stop(): Promise<void> };
type StartServices = (options: {
  dataDir: string;
  pgPort: number;
  needRedis: boolean;
  durable: boolean;
  log: (line: string) => void;
}) => Promise<Services>;

// A plain JavaScript module without declarations: typed here by what this test uses of it.
const SERVICES_MODULE = "../scripts/services.mjs";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

/** startServices uses DATABASE_URL as it is when set; unset for the call, it starts its own server. */
async function startPostgres(dataDir: string, pgPort: number): Promise<Services> {
  const { startServices } = (await import(SERVICES_MODULE)) as { startServices: StartServices };
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    return await startServices({ dataDir, pgPort, needRedis: false, durable: false, log: () => {} });
  } finally {
    process.env.DATABASE_URL = saved;
  }
}

/** An applicant of a fresh organisation, and the session cookie that logs it in. */
async function applicantSession(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const org = await client.query<{ id: string }>(
      `INSERT INTO "Organisation" (id, name, "kvkNumber", "legalForm", street, "postalCode", city, iban)
       VALUES (gen_random_uuid(), 'Storingsfonds', '99999999', 'Stichting', 'Straat 1', '1234 AB', 'Utrecht', 'NL91ABNA0417164300')
       RETURNING id`,
    );
    const user = await client.query<{ id: string }>(
      `INSERT INTO "User" (id, email, name, "passwordHash") VALUES (gen_random_uuid(), 'storing@example.nl', 'Storing', 'x') RETURNING id`,
    );
    await client.query(
      `INSERT INTO "RoleMembership" (id, "userId", role, "organisationId", "isSignatory") VALUES (gen_random_uuid(), $1, 'APPLICANT', $2, true)`,
      [user.rows[0]?.id, org.rows[0]?.id],
    );
  } finally {
    await client.end();
  }
  // sessionCookieFor writes the session into process.env.DATABASE_URL's database.
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    return await sessionCookieFor("storing@example.nl");
  } finally {
    process.env.DATABASE_URL = saved;
  }
}

function startServer(
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: E2E_SESSION_SECRET,
      // The suite's metrics port, if set, belongs to the suite's server.
      METRICS_PORT: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  return { child, output: () => output };
}

test("PostgreSQL restarted under the running server: a clear 503 meanwhile, 200 again without a restart", async ({
  request,
}) => {
  test.setTimeout(test.info().timeout * (5 / 3));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sp-faults-"));
  // PostgreSQL runs as user postgres when the tests run as root: it must reach its directory.
  chmodSync(dataDir, 0o755);
  const pgPort = await freePort();
  let services: Services | undefined;
  let server: ReturnType<typeof startServer> | undefined;
  try {
    services = await startPostgres(dataDir, pgPort);
    const databaseUrl = services.databaseUrl;
    await migrate(databaseUrl, { log: () => {} });
    const cookie = `__session=${await applicantSession(databaseUrl)}`;

    const port = await freePort();
    server = startServer(port, databaseUrl);
    const output = server.output;
    await expect.poll(() => /luistert op/.test(output()), { timeout: 30_000 }).toBe(true);
    const base = `http://127.0.0.1:${port}`;
    // Generous: the first renders of a fresh server on a loaded 2-core machine take seconds.
    const page = (p: string, headers: Record<string, string> = {}) =>
      request.get(`${base}${p}`, { headers, maxRedirects: 0, timeout: 30_000 });

    // Healthy: the public page (its table comes from PostgreSQL) and a logged-in page.
    expect((await page("/open-data")).status()).toBe(200);
    expect((await page("/open-data/toegekend.csv")).status()).toBe(200);
    const mine = await page("/aanvrager", { cookie });
    expect(mine.status()).toBe(200);
    expect(await mine.text()).toContain("Storing");

    await services.stop();

    for (const [p, headers] of [
      ["/open-data", {}],
      ["/aanvrager", { cookie }],
    ] as const) {
      const started = Date.now();
      const res = await page(p, headers);
      expect(res.status(), `${p} while PostgreSQL is down`).toBe(503);
      // Not a hang (a lost server can hold a TCP connect for minutes): the pool gives up after its
      // connectionTimeoutMillis; the bound is generous so that a slow machine does not fail it.
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(res.headers()["retry-after"]).toBe("30");
      expect(res.headers()["content-type"]).toContain("text/html");
      const html = await res.text();
      expect(html).toContain("tijdelijk niet beschikbaar");
      expect(html).toContain("Probeer het over een halve minuut opnieuw");
      // Never a stack trace or the driver's words.
      expect(html).not.toMatch(/PrismaClient|DatabaseNotReachable|ECONNREFUSED|\n\s+at /);
    }
    // Outside React Router: /metrics's admin guard reads the session in Express middleware
    // (server/healthz.ts databaseUnavailableHandler, mounted last in server/app.ts).
    const metrics = await page("/metrics", { cookie });
    expect(metrics.status()).toBe(503);
    expect(metrics.headers()["retry-after"]).toBe("30");
    expect(await metrics.text()).toContain("tijdelijk niet beschikbaar");
    // A download (a resource route: no page to render) is the same plain 503, not a last-resort 500.
    const csv = await page("/open-data/toegekend.csv");
    expect(csv.status()).toBe(503);
    expect(csv.headers()["retry-after"]).toBe("30");
    expect(await csv.text()).toContain("tijdelijk niet beschikbaar");
    // A client-side navigation asks for the loader data: a plain 503 the browser router shows as that page.
    const data = await page("/open-data.data");
    expect(data.status()).toBe(503);
    expect(data.headers()["retry-after"]).toBe("30");
    expect(await data.text()).toContain("tijdelijk niet beschikbaar");
    // The health check names what is down.
    const health = await page("/healthz");
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ status: "degraded", database: "down" });
    // The server lives on: no crash on the pool's lost connections.
    expect(server.child.exitCode).toBeNull();

    services = await startPostgres(dataDir, pgPort);

    // The same server, the same pool: new connections as soon as PostgreSQL answers again.
    await expect.poll(async () => (await page("/open-data")).status(), { timeout: 20_000 }).toBe(200);
    const back = await page("/aanvrager", { cookie });
    expect(back.status()).toBe(200);
    expect(await back.text()).toContain("Storing");
    expect(await (await page("/healthz")).json()).toMatchObject({ database: "ok" });
    expect((await page("/open-data/toegekend.csv")).status()).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(output()).toContain("database unavailable");
  } finally {
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server?.child.once("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
    }
    await services?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("Redis away: the admin's queue pages say so within seconds, and show what waits in the outbox", async ({
  request,
}) => {
  // A port nothing listens on: the server's Redis client keeps reconnecting, and a read would wait
  // for ever without the pages' own time limit (workers/queue-admin.ts).
  const redisPort = await freePort();
  const port = await freePort();
  const databaseUrl = process.env.DATABASE_URL ?? "";
  const server = startServer(port, databaseUrl, { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  try {
    await expect.poll(() => /luistert op/.test(server.output()), { timeout: 30_000 }).toBe(true);
    const cookie = `__session=${await sessionCookieFor("beheer@example.nl")}`;
    const page = (p: string) =>
      request.get(`http://127.0.0.1:${port}${p}`, { headers: { cookie }, maxRedirects: 0, timeout: 30_000 });

    const started = Date.now();
    const overview = await page("/beheer/wachtrijen");
    expect(overview.status()).toBe(503);
    expect(Date.now() - started).toBeLessThan(20_000);
    const html = await overview.text();
    expect(html).toContain("De wachtrijen zijn nu niet te lezen: Redis antwoordt niet.");
    // PostgreSQL still answers: the outbox is read and shown.
    expect(html).toContain("Nog niet in een wachtrij");
    expect(html).not.toMatch(/ECONNREFUSED|\n\s+at /);

    const letters = await page("/beheer/wachtrijen/letters");
    expect(letters.status()).toBe(503);
    expect(await letters.text()).toContain("De wachtrij is nu niet te lezen: Redis antwoordt niet.");
    expect(server.child.exitCode).toBeNull();
  } finally {
    if (server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
    }
  }
});
