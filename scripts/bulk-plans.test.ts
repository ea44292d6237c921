import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BULK_REGULATION_CODE, seedBulkPlans } from "../prisma/seed/bulk-plans.ts";
import { MEASURE_CATEGORIES } from "../prisma/seed/regulation-data.ts";
import { migrate } from "./migrate.mjs";

/**
 * The bulk data for load tests (`npm run seed -- --plans N`) copies the real scheme's rules onto a
 * regulation of its own: the measure categories with a rate of their own (ADR 0024) are among them,
 * so that the load runs against a regulation as the 2013 one is. On a database of its own: the bulk
 * rows (500 organisations, a ledger) must not meet the other test files' counts.
 */

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm test sets it)");
  return url;
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe("the bulk seed", () => {
  const dbName = `bulk_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  let url: string;

  beforeAll(async () => {
    await withClient(databaseUrl(), (c) => c.query(`CREATE DATABASE "${dbName}"`));
    const u = new URL(databaseUrl());
    u.pathname = `/${dbName}`;
    url = u.toString();
    await migrate(url, { log: () => {} });
    // What the bulk seed builds on: a user to create its plans, and the real scheme as the
    // ordinary seed makes it (the one row it copies the rules from).
    await withClient(url, async (c) => {
      await c.query(
        `INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, 'bulk@test.example', 'Bulk', 'x')`,
        [randomUUID()],
      );
      await c.query(
        `INSERT INTO "Regulation" (id, code, title, "citationTitle", "legalBasis", publication, fund,
           "cofinancingRateBp", "minimumRequestCents", "maxDurationMonths", "overheadTiers", themes,
           "measureCategories", sectors, regions, criteria, "objectionAuthority", "objectionAddress")
         VALUES ($1, 'RCS-2013', 'Regeling cofinanciering sectorplannen', 'Regeling cofinanciering sectorplannen',
           'de Kaderwet SZW-subsidies', 'Stcrt. 2013, 22962', 'Sociaal Akkoord 2013', 5000, 25000000, 24,
           '[{"uptoCents": null, "rateBp": 1500}]', $2, $3, $4, '[]', '[]', 'de minister', 'Postbus 1')`,
        [
          randomUUID(),
          JSON.stringify([
            { code: "scholing", label: "Scholing" },
            { code: "jongeren", label: "Jongeren" },
          ]),
          JSON.stringify(MEASURE_CATEGORIES),
          JSON.stringify([{ code: "3", label: "Metalektro" }]),
        ],
      );
    });
  }, 60_000);

  afterAll(async () => {
    await withClient(databaseUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  });

  it("copies the real scheme's measure categories onto its regulation", async () => {
    const result = await seedBulkPlans(url, { plans: 40, seed: 7 });
    expect(result).toMatchObject({ plans: 40, skipped: false });
    const { rows } = await withClient(url, (c) =>
      c.query<{ measureCategories: unknown }>(
        `SELECT "measureCategories" FROM "Regulation" WHERE code = $1`,
        [BULK_REGULATION_CODE],
      ),
    );
    expect(rows[0]?.measureCategories).toEqual(MEASURE_CATEGORIES);
  }, 60_000);

  it("books every recovery of a settled plan against its terugvordering, as the portal does", async () => {
    // ledger:check reports a RECOVERY with neither a claim nor a returned payment (RETURN_MISMATCH).
    const counts = await withClient(url, async (c) => ({
      claimless: Number(
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM "LedgerEntry" WHERE kind = 'RECOVERY' AND "recoveryClaimId" IS NULL`,
          )
        ).rows[0]?.n,
      ),
      claims: Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "RecoveryClaim"`)).rows[0]?.n),
      // Each claim is booked once on its window's pot and once on a year's pot, for its amount.
      mismatched: Number(
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM "RecoveryClaim" rc
              WHERE (SELECT sum("amountCents") FROM "LedgerEntry" e WHERE e."recoveryClaimId" = rc.id) <> 2 * rc."amountCents"`,
          )
        ).rows[0]?.n,
      ),
    }));
    expect(counts.claimless).toBe(0);
    expect(counts.claims).toBeGreaterThan(0);
    expect(counts.mismatched).toBe(0);
  }, 60_000);
});
