import { createHash } from "node:crypto";

/**
 * Names for the adapter's prepared statements (ADR 0020). A named statement is parsed once per
 * connection; later uses send only Bind/Execute, and PostgreSQL may keep its plan. Without a name
 * every query is parsed, analysed and planned again: measured, that was about half of
 * PostgreSQL's work for an autosave (three small queries).
 *
 * The name is derived from the SQL text alone, because pg refuses a known name with another text.
 * A prepared statement costs its connection memory for as long as it lives (about 50 KB for a
 * query with a join, measured), so only texts that recur are named:
 * - a text is named from its third use in this process; one-off texts (reports, exports, admin
 *   pages) stay unnamed;
 * - queries with many parameters (Prisma's multi-row inserts, long IN lists) vary with their data
 *   and stay unnamed;
 * - after `MAX_NAMED` texts, new texts stay unnamed. The whole vitest suite, every domain in one
 *   process, used about 600 texts.
 */
export const MAX_PARAMETERS = 32;
export const MAX_NAMED = 500;
export const NAMED_FROM_USE = 3;
/** Texts counted but not yet named; past this many, new texts are no longer counted. */
const MAX_COUNTED = 5_000;

const names = new Map<string, string>();
const uses = new Map<string, number>();

export function statementName(query: { sql: string; args: unknown[] }): string | undefined {
  if (query.args.length > MAX_PARAMETERS) return undefined;
  const known = names.get(query.sql);
  if (known) return known;
  if (names.size >= MAX_NAMED) return undefined;
  const use = (uses.get(query.sql) ?? 0) + 1;
  if (use < NAMED_FROM_USE) {
    if (uses.has(query.sql) || uses.size < MAX_COUNTED) uses.set(query.sql, use);
    return undefined;
  }
  uses.delete(query.sql);
  // 63 bytes is PostgreSQL's limit for a name; 120 bits of SHA-256 cannot collide in practice.
  const name = `s_${createHash("sha256").update(query.sql).digest("hex").slice(0, 30)}`;
  names.set(query.sql, name);
  return name;
}

/**
 * Forgets what was counted and named, for tests only: vitest runs many files in one process
 * (isolate: false), so by the time a test of this module runs, MAX_NAMED may be spent on other
 * files' texts. Safe while connections hold statements: a name is derived from its text alone, so a
 * text named again gets the name it had, which pg knows it already parsed.
 */
export function resetStatementNamesForTests(): void {
  names.clear();
  uses.clear();
}
