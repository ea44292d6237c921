// vitest's global set-up: one database per worker, so that two test files run side by side without
// one counting or summing the other's rows. Each is a copy of the migrated DATABASE_URL, made with
// CREATE DATABASE … TEMPLATE (a file copy, a fraction of a second); app/test/vitest-setup.ts points
// each worker at its own. Redis is shared: each worker gets its own BullMQ prefix there.
import pg from "pg";

/** Test files at once: one per core of the 2-core CI machine. vitest.config.ts uses it too. */
export const VITEST_WORKERS = 2;

export function workerDatabaseUrl(base: string, worker: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/^\//, "")}_vt${worker}`;
  return url.toString();
}

export default async function setup(): Promise<void> {
  const base = process.env.DATABASE_URL;
  // Unit tests alone need no database; a test that does says so itself (app/db/client.server.ts).
  if (!base) return;
  const template = decodeURIComponent(new URL(base).pathname.replace(/^\//, ""));
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (let w = 1; w <= VITEST_WORKERS; w++) {
      const name = decodeURIComponent(new URL(workerDatabaseUrl(base, String(w))).pathname.slice(1));
      const quoted = (n: string) => `"${n.replace(/"/g, '""')}"`;
      await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoted(name)} TEMPLATE ${quoted(template)}`).catch((e: Error) => {
        // PostgreSQL copies a database only while nobody is connected to it.
        throw new Error(
          `vitest: could not copy ${template} for worker ${w} (${e.message}). The tests need a database ` +
            "nobody else is connected to, and a user who may create databases; npm test makes its own.",
        );
      });
    }
  } finally {
    await client.end();
  }
}
