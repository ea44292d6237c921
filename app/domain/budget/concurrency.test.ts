import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma, type Tx } from "../../db/client.server.ts";
import { BudgetShortfallError, ConflictError, RuleViolation } from "../errors.ts";
import { createBudgetFixture, potRow, TX_OPTIONS } from "./fixtures.test-support.ts";
import {
  commitForPlan,
  disburseForPlan,
  releaseForPlan,
  reserveForPlan,
  settleForPlan,
} from "./ledger.server.ts";
import { checkLedger } from "./reports.server.ts";

/**
 * design.md §5: "for every pot at every moment, whatever runs concurrently: reserved + committed
 * <= ceiling". Twenty plans become complete at the same moment against pots that hold only some of
 * them; then decisions and withdrawals race; then the refused plans try again.
 */

const EUR = 100n;
const Y2014 = 300_000n * EUR;
const Y2015 = 200_000n * EUR;

afterAll(async () => {
  await disconnectPrisma();
});

const reserve = (planId: string) =>
  prisma.$transaction((tx) => reserveForPlan(tx, { planId, actorId: "race" }), TX_OPTIONS);

async function settle<T>(work: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(work);
}

async function assertInvariant(potIds: string[]) {
  for (const potId of potIds) {
    const pot = await potRow(potId);
    expect(pot.reservedCents + pot.committedCents).toBeLessThanOrEqual(pot.ceilingCents);
    expect(pot.reservedCents).toBeGreaterThanOrEqual(0n);
    expect(pot.committedCents).toBeGreaterThanOrEqual(0n);
    // Independently of checkLedger: the balance row equals the sum of the pot's entries.
    const [sums] = await prisma.$queryRaw<{ reserved: bigint; committed: bigint }[]>`
      SELECT
        COALESCE(SUM(CASE WHEN kind = 'RESERVATION' THEN "amountCents"
                          WHEN kind = 'COMMITMENT' THEN -"amountCents"
                          WHEN kind = 'RELEASE' AND releases = 'RESERVATION' THEN -"amountCents" ELSE 0 END), 0)::bigint AS reserved,
        COALESCE(SUM(CASE WHEN kind = 'COMMITMENT' THEN "amountCents"
                          WHEN kind = 'RELEASE' AND releases = 'COMMITMENT' THEN -"amountCents" ELSE 0 END), 0)::bigint AS committed
      FROM "LedgerEntry" WHERE "potId" = ${potId}`;
    expect(sums).toEqual({ reserved: pot.reservedCents, committed: pot.committedCents });
  }
  expect(await checkLedger(prisma, { potIds })).toEqual([]);
}

it("keeps every pot within its ceiling when plans reserve, commit and release at the same time", async () => {
  // Per plan: 2014 € 300.000, 2015 € 200.000, window € 500.000.
  // Room: window 13 plans, 2014 11 plans (€ 100.000 left over), 2015 25 plans → 11 fit.
  const f = await createBudgetFixture({
    windowCeilingCents: 13n * (Y2014 + Y2015),
    envelopes: [
      { year: 2014, ceilingCents: 11n * Y2014 + 100_000n * EUR },
      { year: 2015, ceilingCents: 25n * Y2015 },
    ],
  });
  const plans: string[] = [];
  for (let i = 0; i < 20; i++) {
    plans.push(
      await f.createPlan([
        { year: 2014, cents: Y2014 },
        { year: 2015, cents: Y2015 },
      ]),
    );
  }

  // 1. Twenty completions at once.
  const first = await settle(plans.map(reserve));
  const accepted = plans.filter((_, i) => first[i]?.status === "fulfilled");
  const refused = plans.filter((_, i) => first[i]?.status === "rejected");
  expect(accepted).toHaveLength(11);
  for (const r of first) {
    if (r.status === "rejected") {
      expect(r.reason).toBeInstanceOf(BudgetShortfallError);
      expect((r.reason as BudgetShortfallError).shortfalls).toEqual([
        {
          potId: f.yearPot(2014),
          potName: `Begrotingsjaar 2014 (${f.tag})`,
          neededCents: Y2014,
          availableCents: 100_000n * EUR,
        },
      ]);
    }
  }
  expect(await potRow(f.yearPot(2014))).toMatchObject({ reservedCents: 11n * Y2014 });
  expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 11n * (Y2014 + Y2015) });
  for (const planId of refused) expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(0);
  await assertInvariant(f.potIds);

  // 2. Decisions and withdrawals race: 4 full grants, 3 partial, 4 releases.
  const full = accepted.slice(0, 4);
  const partial = accepted.slice(4, 7);
  const withdrawn = accepted.slice(7);
  const lower = [
    { year: 2014, cents: 200_000n * EUR },
    { year: 2015, cents: 100_000n * EUR },
  ];
  const second = await settle<unknown>([
    ...full.map((planId) =>
      prisma.$transaction(
        (tx) =>
          commitForPlan(tx, {
            planId,
            actorId: "race",
            grantedPerYear: [
              { year: 2014, cents: Y2014 },
              { year: 2015, cents: Y2015 },
            ],
          }),
        TX_OPTIONS,
      ),
    ),
    ...partial.map((planId) =>
      prisma.$transaction(
        (tx) => commitForPlan(tx, { planId, actorId: "race", grantedPerYear: lower }),
        TX_OPTIONS,
      ),
    ),
    ...withdrawn.map((planId) =>
      prisma.$transaction(
        (tx) => releaseForPlan(tx, { planId, actorId: "race", reason: "Ingetrokken" }),
        TX_OPTIONS,
      ),
    ),
  ]);
  expect(second.filter((r) => r.status === "rejected")).toEqual([]);
  const committed2014 = 4n * Y2014 + 3n * 200_000n * EUR;
  const committed2015 = 4n * Y2015 + 3n * 100_000n * EUR;
  expect(await potRow(f.yearPot(2014))).toMatchObject({ reservedCents: 0n, committedCents: committed2014 });
  expect(await potRow(f.yearPot(2015))).toMatchObject({ reservedCents: 0n, committedCents: committed2015 });
  expect(await potRow(f.windowPotId)).toMatchObject({
    reservedCents: 0n,
    committedCents: committed2014 + committed2015,
  });
  await assertInvariant(f.potIds);

  // 3. The refused plans try again, each twice at once: 2014 now has room for exactly 5 of them,
  //    and a plan racing itself must not reserve twice.
  const room2014 = 11n * Y2014 + 100_000n * EUR - committed2014;
  const fits = Number(room2014 / Y2014);
  expect(fits).toBe(5);
  const third = await settle([...refused, ...refused].map(reserve));
  const fulfilled = third.filter((r) => r.status === "fulfilled").length;
  expect(fulfilled).toBe(fits);
  for (const r of third) {
    if (r.status === "rejected") {
      expect(r.reason instanceof BudgetShortfallError || r.reason instanceof ConflictError).toBe(true);
    }
  }
  const holders = await prisma.ledgerEntry.groupBy({
    by: ["planId"],
    where: { planId: { in: refused }, kind: "RESERVATION" },
    _count: { _all: true },
  });
  expect(holders).toHaveLength(fits);
  // One reservation on the window and one per year: nobody reserved twice.
  for (const h of holders) expect(h._count._all).toBe(3);
  expect(await potRow(f.yearPot(2014))).toMatchObject({ reservedCents: BigInt(fits) * Y2014 });
  await assertInvariant(f.potIds);
});

it("holds the invariants under more than 50 concurrent reservations, decisions, releases, payments and settlements", async () => {
  const U = 100_000n; // € 1.000
  const both = (cents: bigint) => [
    { year: 2014, cents },
    { year: 2015, cents },
  ];
  // Every plan asks 2014 € 100.000 and 2015 € 100.000. The window holds 30 plans, 2014 only 28.
  const f = await createBudgetFixture({
    windowCeilingCents: 30n * 200n * U,
    envelopes: [
      { year: 2014, ceilingCents: 28n * 100n * U },
      { year: 2015, ceilingCents: 40n * 100n * U },
    ],
  });
  const make = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await f.createPlan(both(100n * U)));
    return ids;
  };
  const granted = await make(10); // committed; each gets two payments of 60 %, only one can be paid
  const pending = await make(12); // reserved; decided or released in the race
  const arriving = await make(16); // become complete in the race; 28 − 22 = 6 fit, more after releases
  for (const planId of [...granted, ...pending]) await reserve(planId);
  for (const planId of granted) {
    await prisma.$transaction((tx) =>
      commitForPlan(tx, { planId, actorId: "race", grantedPerYear: both(100n * U) }),
    );
  }
  const payments = new Map<string, string[]>();
  for (const planId of granted) {
    const ids: string[] = [];
    for (const sequence of [1, 2]) {
      const p = await prisma.payment.create({
        data: { planId, sequence, kind: "ADVANCE", dueOn: new Date("2014-06-01"), amountCents: 120n * U },
      });
      ids.push(p.id);
    }
    payments.set(planId, ids);
  }

  const tx = <T>(work: (t: Tx) => Promise<T>) => prisma.$transaction(work, TX_OPTIONS);
  const [full, partial, released] = [pending.slice(0, 4), pending.slice(4, 8), pending.slice(8)];
  const settled = granted.slice(0, 4);
  const work: Promise<unknown>[] = [
    ...arriving.map((planId) => reserve(planId)),
    ...arriving.slice(0, 2).map((planId) => reserve(planId)), // the same plan twice at once
    ...full.map((planId) =>
      tx((t) => commitForPlan(t, { planId, actorId: "race", grantedPerYear: both(100n * U) })),
    ),
    ...partial.map((planId) =>
      tx((t) => commitForPlan(t, { planId, actorId: "race", grantedPerYear: both(50n * U) })),
    ),
    ...released.map((planId) =>
      tx((t) => releaseForPlan(t, { planId, actorId: "race", reason: "Afgewezen" })),
    ),
    ...granted.flatMap((planId) =>
      (payments.get(planId) ?? []).map((paymentId) =>
        tx((t) =>
          disburseForPlan(t, {
            planId,
            actorId: "race",
            paymentId,
            amountCents: 120n * U,
            reason: "Voorschot",
          }),
        ),
      ),
    ),
    ...settled.map((planId) =>
      tx((t) =>
        settleForPlan(t, {
          planId,
          actorId: "race",
          settledCents: 100n * U,
          reason: "Vaststelling",
          recoveryDueOn: new Date("2015-01-01"),
        }),
      ),
    ),
  ];
  expect(work.length).toBeGreaterThanOrEqual(50);
  const results = await settle(work);
  for (const r of results) {
    if (r.status === "rejected") {
      // Only refusals the rules foresee: no room, reserved twice, paying more than committed.
      expect(
        r.reason instanceof BudgetShortfallError ||
          r.reason instanceof ConflictError ||
          r.reason instanceof RuleViolation,
      ).toBe(true);
    }
  }

  // Every pot: reserved + committed ≤ ceiling, disbursed ≤ committed, balance row = Σ entries.
  for (const potId of f.potIds) {
    const pot = await potRow(potId);
    expect(pot.reservedCents + pot.committedCents).toBeLessThanOrEqual(pot.ceilingCents);
    expect(pot.disbursedCents).toBeLessThanOrEqual(pot.committedCents);
  }
  await assertInvariant(f.potIds);
  // At least the 6 that fitted from the start got their reservation, and nobody reserved twice.
  const reservations = await prisma.ledgerEntry.groupBy({
    by: ["planId"],
    where: { planId: { in: arriving }, kind: "RESERVATION", potId: f.windowPotId },
    _count: { _all: true },
  });
  expect(reservations.length).toBeGreaterThanOrEqual(6);
  for (const r of reservations) expect(r._count._all).toBe(1);
  // Of each plan's two 60 % payments at most one was paid.
  for (const planId of granted) {
    const paid = await prisma.ledgerEntry.count({
      where: { planId, kind: "DISBURSEMENT", potId: f.windowPotId },
    });
    expect(paid).toBeLessThanOrEqual(1);
  }
});
