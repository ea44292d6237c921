import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { potSummaries } from "../domain/budget/reports.server.ts";
import { cancelReminders } from "../domain/reminders/reminders.server.ts";
import { watchOverlappingQueries } from "../test/overlapping-queries.server.ts";
import { advisePlan, completePlan, grantPlan } from "../test/plan-steps.server.ts";
import { createScenario } from "../test/scenario.server.ts";
import { databaseUrl, disconnectPrisma, prisma } from "./client.server.ts";
import { SerialClient } from "./serial-client.server.ts";

let trap: ReturnType<typeof watchOverlappingQueries> | undefined;
const watch = () => {
  trap = watchOverlappingQueries();
  return trap;
};
afterEach(() => {
  trap?.stop();
  trap = undefined;
});

const planIds: string[] = [];
afterAll(async () => {
  // Leave no pending reminder behind for a worker on the real clock in a later test file.
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

async function connected<C extends pg.Client>(client: C): Promise<C> {
  await client.connect();
  return client;
}

describe("one query at a time on a connection (pg 9 refuses a second)", () => {
  it("the trap sees two queries at once on a plain pg.Client, so its silence below means something", async () => {
    const client = await connected(new pg.Client({ connectionString: databaseUrl() }));
    const { overlaps } = watch();
    try {
      await Promise.all([client.query("SELECT pg_sleep(0.02)"), client.query("SELECT 2")]);
    } finally {
      await client.end();
    }
    expect(overlaps).toEqual([{ sql: "SELECT 2", running: "SELECT pg_sleep(0.02)" }]);
  });

  it("sends them one after another, in the order called, and a failure in a transaction still aborts the rest", async () => {
    const client = await connected(new SerialClient({ connectionString: databaseUrl() }));
    const { overlaps } = watch();
    try {
      await client.query("BEGIN");
      const [first, failing, after] = await Promise.allSettled([
        client.query("SELECT pg_sleep(0.02), 1 AS n"),
        client.query("SELECT 1 / 0 AS n"),
        client.query("SELECT 3 AS n"),
      ]);
      await client.query("ROLLBACK");
      expect(first.status === "fulfilled" && first.value.rows[0].n).toBe(1);
      expect(failing.status === "rejected" && failing.reason.code).toBe("22012");
      // As with pg's own queue: the statement after a failed one meets the aborted transaction.
      expect(after.status === "rejected" && after.reason.code).toBe("25P02");
      expect((await client.query("SELECT 4 AS n")).rows[0].n).toBe(4);
    } finally {
      await client.end();
    }
    expect(overlaps).toEqual([]);
  });

  it("the portal's client sends a transaction's relation reads (Prisma runs them with Promise.all) one by one", async () => {
    const s = await createScenario();
    const include = { memberships: true, plans: true, invitations: true, ibanChanges: true } as const;
    const outside = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id }, include });
    const { overlaps } = watch();
    const inside = await prisma.$transaction((tx) =>
      tx.organisation.findUniqueOrThrow({ where: { id: s.orgA.id }, include }),
    );
    expect(overlaps).toEqual([]);
    expect(inside).toEqual(outside);
    expect(inside.memberships.length).toBeGreaterThan(0);
  });

  it("completeness, advice, the grant decision and the ledger report send no query while another runs", async () => {
    const s = await createScenario();
    const { overlaps } = watch();
    // completenessChecklist, planToReserve (markComplete), storeAdvice, checkDecisionValues
    // (decidePlan) and potSummaries (npm run ledger:check) each read a plan or pot with its
    // relations inside their transaction: those were the queries pg warned about.
    const { id, version } = await completePlan(s);
    planIds.push(id);
    await grantPlan(s, id, await advisePlan(s, id, version));
    const pots = await prisma.$transaction((tx) => potSummaries(tx), { isolationLevel: "RepeatableRead" });
    expect(overlaps).toEqual([]);
    expect(await prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({
      status: "GRANTED",
    });
    expect(pots.some((p) => p.window?.regulationId === s.regulation.id)).toBe(true);
  });
});
