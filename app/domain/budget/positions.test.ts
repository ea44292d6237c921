import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { bookOperation, createBudgetFixture, type LedgerOperation } from "./fixtures.test-support.ts";
import { reserveForPlan } from "./ledger.server.ts";

/**
 * PlanPosition and PotMonth (the dashboard's summaries, kept by the triggers on LedgerEntry) must
 * equal a GROUP BY over the entries themselves — after the ledger property test's kind of random
 * operations, after entries are deleted (a test's tampering) and after a plan is deleted (its
 * entries' planId goes NULL). Compared over the whole tables: vitest runs files one at a time.
 */

afterAll(async () => {
  await disconnectPrisma();
});

type Row = Record<string, string>;

/** Rows as strings (bigint/int alike), sorted, so the two sides compare with toEqual. */
async function rows(query: Promise<Row[]>): Promise<string[]> {
  return (await query).map((r) => JSON.stringify(Object.values(r).map(String))).sort();
}

async function expectSummariesEqualEntries(): Promise<void> {
  const positions = rows(prisma.$queryRaw<Row[]>`
    SELECT "planId", "potKind"::text, "entryCount", "reservedCents", "committedCents", "disbursedCents"
    FROM "PlanPosition"`);
  const fromEntries = rows(prisma.$queryRaw<Row[]>`
    SELECT e."planId", pot.kind::text AS kind, COUNT(*)::int AS n,
      SUM(CASE WHEN e.kind = 'RESERVATION' THEN e."amountCents" WHEN e.kind = 'COMMITMENT' THEN -e."amountCents"
               WHEN e.kind = 'RELEASE' AND e.releases = 'RESERVATION' THEN -e."amountCents" ELSE 0 END) AS r,
      SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
               WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END) AS c,
      SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents" WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END) AS d
    FROM "LedgerEntry" e JOIN "BudgetPot" pot ON pot.id = e."potId"
    WHERE e."planId" IS NOT NULL GROUP BY 1, 2`);
  expect(await positions).toEqual(await fromEntries);

  const months = rows(prisma.$queryRaw<Row[]>`
    SELECT "potId", month, "entryCount", "committedCents", "disbursedCents" FROM "PotMonth"`);
  const monthsFromEntries = rows(prisma.$queryRaw<Row[]>`
    SELECT e."potId",
      to_char(date_trunc('month', (e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM') AS m,
      COUNT(*)::int AS n,
      SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
               WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END) AS c,
      SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents" WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END) AS d
    FROM "LedgerEntry" e
    WHERE e.kind IN ('COMMITMENT', 'RELEASE', 'DISBURSEMENT', 'RECOVERY') GROUP BY 1, 2`);
  expect(await months).toEqual(await monthsFromEntries);
}

const YEARS = [2014, 2015] as const;
const pct = fc.integer({ min: 0, max: 110 });
const operation = fc.record({
  op: fc.constantFrom("reserve", "commit", "release", "disburse", "settle"),
  plan: fc.nat({ max: 1 }),
  a: pct,
  b: pct,
});

it("keeps the positions equal to the entries through random bookings, deletions and a plan's deletion", async () => {
  let booked = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(operation, { minLength: 3, maxLength: 12 }),
      fc.tuple(fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 1n, max: 1_000n })),
      async (ops, [a, b]) => {
        const f = await createBudgetFixture({
          windowCeilingCents: 3_000n,
          envelopes: YEARS.map((year) => ({ year, ceilingCents: 1_500n })),
        });
        const plans = [
          await f.createPlan([
            { year: 2014, cents: a },
            { year: 2015, cents: b },
          ]),
          await f.createPlan([
            { year: 2014, cents: b },
            { year: 2015, cents: a },
          ]),
        ];
        for (const o of [{ op: "reserve", plan: 0, a: 0, b: 0 }, ...ops]) {
          const planId = plans[o.plan] as string;
          const operation: LedgerOperation =
            o.op === "commit"
              ? {
                  op: "commit",
                  grantedPerYear: [
                    { year: 2014, cents: (a * BigInt(Math.min(o.a, 100))) / 100n },
                    { year: 2015, cents: (b * BigInt(Math.min(o.b, 100))) / 100n },
                  ],
                }
              : o.op === "disburse"
                ? { op: "disburse", amountCents: BigInt(o.a + 1) }
                : o.op === "settle"
                  ? { op: "settle", settledCents: BigInt(o.a) }
                  : { op: o.op as "reserve" | "release" };
          if (await bookOperation(planId, "pos", operation)) booked += 1;
        }
        await expectSummariesEqualEntries();
      },
    ),
    { numRuns: 8, seed: 20261129, endOnFailure: true },
  );
  expect(booked).toBeGreaterThan(8);

  // Entries written past the ledger (as the ledger tests tamper), moved to no plan (what a plan's
  // deletion does to its entries) and deleted again: the positions follow each step. The
  // tampering entries are gone afterwards, so the shared database's ledger stays consistent.
  const f = await createBudgetFixture({
    windowCeilingCents: 3_000n,
    envelopes: YEARS.map((year) => ({ year, ceilingCents: 1_500n })),
  });
  const planId = await f.createPlan([{ year: 2014, cents: 100n }]);
  await prisma.$transaction((tx) => reserveForPlan(tx, { planId, actorId: "pos" }));
  const windowPot = f.windowPotId;
  const tampered = await prisma.ledgerEntry.createManyAndReturn({
    data: [
      { potId: windowPot, planId, kind: "COMMITMENT", amountCents: 40n, reason: "knoeien" },
      { potId: windowPot, planId, kind: "DISBURSEMENT", amountCents: 7n, reason: "knoeien" },
    ],
    select: { id: true },
  });
  await expectSummariesEqualEntries();
  const ids = tampered.map((t) => t.id);
  await prisma.ledgerEntry.updateMany({ where: { id: { in: ids } }, data: { planId: null } });
  await expectSummariesEqualEntries();
  await prisma.ledgerEntry.updateMany({ where: { id: { in: ids } }, data: { planId } });
  await prisma.ledgerEntry.deleteMany({ where: { id: { in: ids } } });
  await expectSummariesEqualEntries();
  expect(await prisma.planPosition.findMany({ where: { planId }, orderBy: { potKind: "asc" } })).toEqual([
    expect.objectContaining({ potKind: "WINDOW", entryCount: 1, reservedCents: 100n, committedCents: 0n }),
    expect.objectContaining({ potKind: "YEAR", entryCount: 1, reservedCents: 100n, committedCents: 0n }),
  ]);
}, 120_000);
