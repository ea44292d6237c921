/** The fields of an error (or what it wraps) that say what went wrong, as Prisma 7, pg and Node fill them. */
export type ErrorFields = {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
  errors?: unknown;
};

/**
 * Whether `test` holds for `error` or anything it wraps: its cause, Prisma's driver adapter error
 * (meta.driverAdapterError, where the SQLSTATE of a failed query is), an AggregateError's errors.
 * Prisma wraps a PostgreSQL error two or three levels deep, and how deep differs per query kind.
 */
export function someInErrorChain(error: unknown, test: (e: ErrorFields) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const fields = e as ErrorFields;
    if (test(fields)) return true;
    queue.push(fields.cause, fields.meta?.driverAdapterError);
    if (Array.isArray(fields.errors)) queue.push(...fields.errors);
  }
  return false;
}
