import { describe, expect, it } from "vitest";
import { prisma } from "./client.server.ts";
import { MAX_PARAMETERS, statementName } from "./statement-names.server.ts";

describe("prepared statement names (ADR 0020)", () => {
  it("names a text by its content: the same text the same name, another text another", () => {
    const a = statementName({ sql: 'SELECT 1 FROM "Plan" WHERE id = $1', args: ["x"] });
    expect(a).toMatch(/^s_[0-9a-f]{30}$/);
    expect(statementName({ sql: 'SELECT 1 FROM "Plan" WHERE id = $1', args: ["y"] })).toBe(a);
    expect(statementName({ sql: 'SELECT 2 FROM "Plan" WHERE id = $1', args: ["x"] })).not.toBe(a);
  });

  it("leaves a query with many parameters unnamed, so that data-shaped texts cannot pile up", () => {
    const args = Array.from({ length: MAX_PARAMETERS + 1 }, (_, i) => i);
    const sql = `SELECT * FROM "Plan" WHERE id IN (${args.map((_, i) => `$${i + 1}`).join(", ")})`;
    expect(statementName({ sql, args })).toBeUndefined();
  });

  it("is what the portal's Prisma client uses: its queries stay prepared on the connection", async () => {
    const statements = await prisma.$transaction(async (tx) => {
      // A transaction keeps one connection, so the second query sees what the first prepared.
      await tx.regulation.findFirst({ where: { code: "NO-SUCH-CODE" }, select: { id: true } });
      return tx.$queryRaw<{ name: string; statement: string }[]>`
        SELECT name, statement FROM pg_prepared_statements`;
    });
    const lookup = statements.find((s) => s.statement.includes('FROM "public"."Regulation"'));
    expect(lookup?.name).toMatch(/^s_[0-9a-f]{30}$/);
    expect(lookup?.name).toBe(statementName({ sql: lookup?.statement ?? "", args: [] }));
  });
});
