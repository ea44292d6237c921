import pg from "pg";

/**
 * A trap for two queries on one connection at once (pg 8 warns "Calling client.query() when the
 * client is already executing a query", pg 9 refuses). Every pg.Client, pooled ones included, is
 * watched from `watchOverlappingQueries()` until `stop()`: a query called while an earlier one on
 * the same client has not settled is recorded with its SQL and the SQL still running.
 */
export type Overlap = { sql: string; running: string };

export function watchOverlappingQueries(): { overlaps: Overlap[]; stop(): void } {
  const overlaps: Overlap[] = [];
  const running = new WeakMap<object, string[]>();
  const original = pg.Client.prototype.query;
  // The start of the text is enough to tell the queries apart in a failure message.
  const text = (config: unknown) =>
    String(typeof config === "string" ? config : (config as { text?: unknown } | null)?.text).slice(0, 120);
  // biome-ignore lint/suspicious/noExplicitAny: wraps every overload of pg.Client#query
  pg.Client.prototype.query = function watched(this: pg.Client, ...args: any[]): any {
    const sql = text(args[0]);
    const mine = running.get(this) ?? [];
    running.set(this, mine);
    const first = mine[0];
    if (first !== undefined) overlaps.push({ sql, running: first });
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      mine.push(sql);
      const done = () => {
        mine.splice(mine.indexOf(sql), 1);
      };
      result.then(done, done);
    }
    return result;
  } as typeof original;
  return {
    overlaps,
    stop() {
      pg.Client.prototype.query = original;
    },
  };
}
