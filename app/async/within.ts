/**
 * A promise that rejects after `ms` if `work` has not settled by then. The timer is cleared as soon
 * as either side settles, so a fast answer leaves no pending timer behind (a process exits on time,
 * and thousands of calls a second leave no heap of timers). The work itself is not cancelled: the
 * callers (health checks, metrics, queue reads, outbox hand-offs) only need to stop waiting for a
 * dependency that does not answer.
 */
export function within<T>(work: Promise<T>, ms: number, what = "the call"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}
