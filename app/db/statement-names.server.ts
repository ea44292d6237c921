import { createHash } from "node:crypto";

/**
 * Names for the adapter's prepared statements (ADR 0020). A named statement is parsed once per
 * connection; later uses send only Bind/Execute, and PostgreSQL may keep its plan. Without a name
 * every query is parsed, analysed and planned again: measured, that was about half of
 * PostgreSQL's work for an autosave (three small queries).
 *
 * The name is derived from the SQL text alone, because pg refuses a known name with another text.
 * Statements stay prepared for the life of a connection, so their number must stay bounded:
 * queries with many parameters (Prisma's multi-row inserts, long IN lists) vary with their data
 * and go unnamed, and so does any text once `MAX_NAMED` texts have been named. The whole vitest
 * suite, every domain in one process, named about 600.
 */
export const MAX_PARAMETERS = 32;
export const MAX_NAMED = 1_000;

const names = new Map<string, string>();

export function statementName(query: { sql: string; args: unknown[] }): string | undefined {
  if (query.args.length > MAX_PARAMETERS) return undefined;
  const known = names.get(query.sql);
  if (known) return known;
  if (names.size >= MAX_NAMED) return undefined;
  // 63 bytes is PostgreSQL's limit for a name; 120 bits of SHA-256 cannot collide in practice.
  const name = `s_${createHash("sha256").update(query.sql).digest("hex").slice(0, 30)}`;
  names.set(query.sql, name);
  return name;
}
