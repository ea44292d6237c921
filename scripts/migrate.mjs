// Applies prisma/migrations/*/migration.sql with nothing but `pg`, recording them in Prisma's own
// `_prisma_migrations` table so that `prisma migrate deploy`/`status` on a machine with internet
// sees the same history (docs/decisions/0002-prisma-migrations-offline.md).
//   node scripts/migrate.mjs            (uses DATABASE_URL)
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../prisma/migrations");

// Prisma's own advisory lock key: it also keeps a real `prisma migrate deploy` out while we run,
// and makes two processes that start at once (web + worker, parallel CI jobs) apply each file once.
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** @returns {{ name: string, sql: string, checksum: string }[]} in the order they must run */
export function readMigrations(migrationsDir = MIGRATIONS_DIR) {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(migrationsDir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies every pending migration, each in its own transaction.
 * @param {string} databaseUrl
 * @param {{ migrationsDir?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<string[]>} the names of the migrations applied by this call
 */
export async function migrate(databaseUrl, options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const migrations = readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
    if (failed.length > 0) {
      throw new Error(
        `Refusing to migrate: migration(s) ${failed.join(", ")} started but never finished. ` +
          'Inspect the database, then mark them rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE ...) or finished.',
      );
    }
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined && checksum !== m.checksum) {
        log(`warning: migration ${m.name} was changed after it was applied (checksum differs)`);
      }
    }
    for (const m of migrations.filter((x) => !done.has(x.name))) {
      const started = Date.now();
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
           VALUES ($1, $2, now(), $3, 1, $4)`,
          [randomUUID(), m.checksum, m.name, new Date(started)],
        );
        await client.query("COMMIT");
      } catch (error) {
        // The whole file ran in one transaction, so the rollback leaves nothing half-applied and
        // no "failed" row is recorded: fix the file and run again.
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed and was rolled back: ${error.message}`, { cause: error });
      }
      applied.push(m.name);
      log(`applied migration ${m.name} (${Date.now() - started} ms)`);
    }
  } finally {
    // Ending the session releases the advisory lock as well, even after an error.
    await client.end();
  }
  return applied;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set (or run: npm run db:migrate)");
    process.exit(64);
  }
  try {
    const applied = await migrate(url);
    if (applied.length === 0) console.log("migrations: up to date");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
