import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffMigrationsToSchema, SCHEMA_PATH } from "./lib/schema-engine.ts";
import { migrate, readMigrations } from "./migrate.mjs";

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm test sets it)");
  return url;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("schema drift", () => {
  it("the migrations directory produces exactly prisma/schema.prisma", async () => {
    const missing = await diffMigrationsToSchema(databaseUrl());
    // On failure this shows the SQL a new migration needs: npm run db:new-migration -- <name>
    expect(missing).toBe("");
  });

  it("reports a model that no migration creates", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "drift-"));
    try {
      const schemaPath = path.join(dir, "schema.prisma");
      const extra = "\nmodel DriftProbe {\n  id   String @id\n  note String?\n}\n";
      await writeFile(schemaPath, (await readFile(SCHEMA_PATH, "utf8")) + extra);
      const missing = await diffMigrationsToSchema(databaseUrl(), { schemaPath });
      expect(missing).toContain('CREATE TABLE "DriftProbe"');
      expect(missing).not.toContain('CREATE TABLE "Regulation"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("migrate()", () => {
  const dbName = `migrate_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  let url: string;

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${dbName}"`);
    const u = new URL(databaseUrl());
    u.pathname = `/${dbName}`;
    url = u.toString();
  });

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  });

  it("applies each migration once, also when three processes start at the same time", async () => {
    const quiet = () => {};
    const runs = await Promise.all([1, 2, 3].map(() => migrate(url, { log: quiet })));
    const names = readMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(runs.flat().sort()).toEqual(names);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      expect(rows.map((r) => r.checksum)).toEqual(readMigrations().map((m) => m.checksum));
      expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
      const tables = await client.query(`SELECT to_regclass('public."Regulation"') AS t`);
      expect(tables.rows[0].t).toBe('"Regulation"');
    } finally {
      await client.end();
    }
    expect(await migrate(url, { log: quiet })).toEqual([]);
  });

  it("refuses to run after a migration that started but never finished", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, 'x', '99999999999999_broken')`,
        [randomUUID()],
      );
      await expect(migrate(url, { log: () => {} })).rejects.toThrow(/99999999999999_broken/);
    } finally {
      await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '99999999999999_broken'`);
      await client.end();
    }
  });
});
