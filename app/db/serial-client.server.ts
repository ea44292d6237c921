import pg from "pg";

/**
 * A pg.Client that sends its queries one after another, never while one is still running.
 *
 * Prisma runs the child queries of an `include` (the query plan's "join" node) with `Promise.all`.
 * Outside a transaction each of them takes its own pooled connection; inside `$transaction` they all
 * go to the transaction's one connection at once. pg 8 queues them itself and warns ("Calling
 * client.query() when the client is already executing a query is deprecated"); pg 9 drops that
 * queue, and then such a query fails. The adapter (@prisma/adapter-pg 7.10) does not serialise
 * them, and application code cannot reach that `Promise.all`, so the connection does: each query
 * waits for the one before it to settle, whatever its outcome, in the order they were called. That
 * is the order pg's own queue used, so what PostgreSQL receives does not change; a query after a
 * failed one in a transaction still fails as "current transaction is aborted", as before.
 *
 * A connection outside a transaction (pool.query) has one query at a time anyway and sends at once.
 * Callback-style queries and submittables (pg-cursor, pg-query-stream) go to pg unchanged: the
 * adapter uses neither.
 */
export class SerialClient extends pg.Client {
  /** Settles when the last query called so far has; undefined while none is outstanding. */
  #tail: Promise<void> | undefined;

  // pg's overloads cannot all be restated; the adapter calls query(config) and awaits the result.
  // biome-ignore lint/suspicious/noExplicitAny: overrides every overload of pg.Client#query
  override query(config: any, values?: any, callback?: any): any {
    if (
      callback !== undefined ||
      typeof values === "function" ||
      (config !== null && typeof config === "object" && typeof config.submit === "function")
    ) {
      return super.query(config, values, callback);
    }
    const previous = this.#tail;
    const send = (): Promise<unknown> => super.query(config, values);
    const result = previous === undefined ? send() : previous.then(send);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tail = tail;
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
    return result;
  }
}
