import { expect } from "vitest";
import { prisma } from "../db/client.server.ts";

/**
 * Forcing an interleaving of transactions, not hoping for one: one side is held inside its
 * transaction (a gate, or a test transaction holding pot rows) until PostgreSQL shows the other
 * waiting for a lock. Each vitest worker has a database of its own, so the waiters counted are
 * that worker's. Used by the race tests of payments and budget.
 */

export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Backends of this database waiting for a row, transaction or advisory lock. */
export async function lockWaiters(): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`;
  return Number(row?.n ?? 0n);
}

export const untilWaiting = (n: number) =>
  expect.poll(lockWaiters, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(n);

/** A test transaction holding these pots' balance rows until the returned function is called. */
export async function holdPots(potIds: string[]) {
  const held = gate();
  const release = gate();
  const done = prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "BudgetPot" WHERE id = ANY(${potIds}::text[]) ORDER BY id FOR UPDATE`;
    held.open();
    await release.opened;
  });
  await held.opened;
  return async () => {
    release.open();
    await done;
  };
}
