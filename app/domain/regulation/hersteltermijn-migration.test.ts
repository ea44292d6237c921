import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { HERSTELTERMIJN_MAX_DAYS } from "../plan/supplement.ts";
import { regulationParamsSchema } from "./setup-schemas.ts";

/**
 * The data migration 20261201020443_hersteltermijn_default_at_most_90: a regulation stored with a
 * default hersteltermijn above the form's 90 days (allowed before 430fd2e) could not be saved again
 * and prefilled the handler's supplement form with a term that form refuses. Its SQL file run as the
 * migrator runs it, in one transaction with nothing but `pg`, twice.
 */
const MIGRATION = path.resolve(
  import.meta.dirname,
  "../../../prisma/migrations/20261201020443_hersteltermijn_default_at_most_90/migration.sql",
);

afterAll(async () => {
  await disconnectPrisma();
});

async function runMigration(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(readFileSync(MIGRATION, "utf8"));
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

describe("the hersteltermijn_default_at_most_90 migration", () => {
  it("lowers a default above 90 days to 90 with an audit row, leaves others alone, and does it once", async () => {
    const long = await createScenario();
    const short = await createScenario();
    await prisma.regulation.update({ where: { id: long.regulation.id }, data: { hersteltermijnDays: 120 } });
    await prisma.regulation.update({ where: { id: short.regulation.id }, data: { hersteltermijnDays: 21 } });
    const ours = [long.regulation.id, short.regulation.id];

    await runMigration();
    await runMigration();

    const days = await prisma.regulation.findMany({
      where: { id: { in: ours } },
      select: { id: true, hersteltermijnDays: true },
    });
    expect(Object.fromEntries(days.map((r) => [r.id, r.hersteltermijnDays]))).toEqual({
      [long.regulation.id]: HERSTELTERMIJN_MAX_DAYS,
      [short.regulation.id]: 21,
    });
    const audit = await prisma.auditLog.findMany({
      where: { targetType: "Regulation", targetId: { in: ours } },
      select: { actorId: true, action: true, targetId: true, details: true },
    });
    expect(audit).toEqual([
      {
        actorId: null,
        action: "regulation.parameters.changed",
        targetId: long.regulation.id,
        details: {
          before: { hersteltermijnDays: "120" },
          after: { hersteltermijnDays: "90" },
          reden: "migratie: de standaard hersteltermijn is ten hoogste 90 dagen",
        },
      },
    ]);
    // The value the migration leaves is one the regulation's own form accepts again.
    expect(
      regulationParamsSchema.shape.hersteltermijnDays.safeParse(String(HERSTELTERMIJN_MAX_DAYS)).success,
    ).toBe(true);
  });
});
