import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "./client.server.ts";
import {
  MAX_PARAMETERS,
  NAMED_FROM_USE,
  resetStatementNamesForTests,
  statementName,
} from "./statement-names.server.ts";

const nameAfterUses = (sql: string, args: unknown[] = ["x"]) => {
  let name: string | undefined;
  for (let i = 0; i < NAMED_FROM_USE; i++) name = statementName({ sql, args });
  return name;
};

describe("prepared statement names (ADR 0020)", () => {
  // Other files in this process may have spent MAX_NAMED already (isolate: false).
  beforeEach(() => resetStatementNamesForTests());

  it("names a text from its third use, by its content: the same text the same name", () => {
    const sql = 'SELECT 1 FROM "Plan" WHERE id = $1 AND title = $2';
    expect(statementName({ sql, args: ["x", "y"] })).toBeUndefined();
    expect(statementName({ sql, args: ["x", "y"] })).toBeUndefined();
    const name = statementName({ sql, args: ["z", "y"] });
    expect(name).toMatch(/^s_[0-9a-f]{30}$/);
    expect(statementName({ sql, args: ["x", "w"] })).toBe(name);
    expect(nameAfterUses('SELECT 2 FROM "Plan" WHERE id = $1 AND title = $2')).not.toBe(name);
  });

  it("leaves a query with many parameters unnamed, so that data-shaped texts cannot pile up", () => {
    const args = Array.from({ length: MAX_PARAMETERS + 1 }, (_, i) => i);
    const sql = `SELECT * FROM "Plan" WHERE id IN (${args.map((_, i) => `$${i + 1}`).join(", ")})`;
    expect(nameAfterUses(sql, args)).toBeUndefined();
  });

  it("is what the portal's Prisma client uses: its queries stay prepared on the connection", async () => {
    const code = `NO-SUCH-CODE-${Date.now()}`;
    const statements = await prisma.$transaction(async (tx) => {
      // A transaction keeps one connection, so the last query sees what the others prepared.
      for (let i = 0; i < NAMED_FROM_USE; i++)
        await tx.regulation.findFirst({ where: { code }, select: { id: true } });
      return tx.$queryRaw<{ name: string; statement: string }[]>`
        SELECT name, statement FROM pg_prepared_statements`;
    });
    // This test's look-up, named from its third use. The pooled connection may also hold statements
    // prepared by earlier files (before the reset), so look for ours rather than the first match.
    const lookups = statements.filter(
      (s) => s.statement.includes('FROM "public"."Regulation"') && s.statement.includes('"code"'),
    );
    const ours = lookups.filter(
      (s) => /^s_[0-9a-f]{30}$/.test(s.name) && s.name === statementName({ sql: s.statement, args: [] }),
    );
    expect(ours).not.toHaveLength(0);
  });
});
