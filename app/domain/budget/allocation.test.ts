import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { BudgetShortfallError, ConflictError, RuleViolation } from "../errors.ts";
import { createBudgetFixture, potRow, TX_OPTIONS } from "./fixtures.test-support.ts";
import { commitForPlan, releaseForPlan, reserveForPlan } from "./ledger.server.ts";
import { checkLedger, planBudgetPosition, potSummaries } from "./reports.server.ts";

const EUR = 100n;

afterAll(async () => {
  await disconnectPrisma();
});

async function standardFixture() {
  return createBudgetFixture({
    windowCeilingCents: 1_000_000n * EUR,
    envelopes: [
      { year: 2014, ceilingCents: 600_000n * EUR },
      { year: 2015, ceilingCents: 600_000n * EUR },
    ],
  });
}

const reserve = (planId: string, perYear?: { year: number; cents: bigint }[]) =>
  prisma.$transaction((tx) => reserveForPlan(tx, { planId, actorId: "test-actor", perYear }), TX_OPTIONS);
const commit = (planId: string, grantedPerYear: { year: number; cents: bigint }[]) =>
  prisma.$transaction(
    (tx) => commitForPlan(tx, { planId, actorId: "test-actor", grantedPerYear }),
    TX_OPTIONS,
  );
const release = (planId: string) =>
  prisma.$transaction(
    (tx) => releaseForPlan(tx, { planId, actorId: "test-actor", reason: "Ingetrokken" }),
    TX_OPTIONS,
  );

describe("reserveForPlan", () => {
  it("books the whole amount on the window pot and each year's share on its envelope", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([
      { year: 2014, cents: 300_000n * EUR },
      { year: 2015, cents: 200_000n * EUR },
    ]);
    await reserve(plan);

    expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 500_000n * EUR, committedCents: 0n });
    expect(await potRow(f.yearPot(2014))).toMatchObject({ reservedCents: 300_000n * EUR });
    expect(await potRow(f.yearPot(2015))).toMatchObject({ reservedCents: 200_000n * EUR });
    const position = await planBudgetPosition(prisma, plan);
    expect(position.map((p) => [p.year, p.kind, p.reservedCents, p.committedCents])).toEqual([
      [null, "WINDOW", 500_000n * EUR, 0n],
      [2014, "YEAR", 300_000n * EUR, 0n],
      [2015, "YEAR", 200_000n * EUR, 0n],
    ]);
    const entries = await prisma.ledgerEntry.findMany({ where: { planId: plan }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.kind, e.year, e.amountCents, e.actorId])).toEqual([
      ["RESERVATION", null, 500_000n * EUR, "test-actor"],
      ["RESERVATION", 2014, 300_000n * EUR, "test-actor"],
      ["RESERVATION", 2015, 200_000n * EUR, "test-actor"],
    ]);
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("refuses, naming the pot and what is left, and writes nothing when a pot lacks room", async () => {
    const f = await standardFixture();
    const first = await f.createPlan([{ year: 2014, cents: 450_000n * EUR }]);
    const second = await f.createPlan([
      { year: 2014, cents: 200_000n * EUR },
      { year: 2015, cents: 100_000n * EUR },
    ]);
    await reserve(first);

    const error = await reserve(second).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetShortfallError);
    const shortfall = error as BudgetShortfallError;
    expect(shortfall.shortfalls).toEqual([
      {
        potId: f.yearPot(2014),
        potName: `Begrotingsjaar 2014 (${f.tag})`,
        neededCents: 200_000n * EUR,
        availableCents: 150_000n * EUR,
      },
    ]);
    expect(shortfall.message).toContain("nog beschikbaar € 150.000,00");
    expect(await prisma.ledgerEntry.count({ where: { planId: second } })).toBe(0);
    expect(await potRow(f.yearPot(2015))).toMatchObject({ reservedCents: 0n });
    expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 450_000n * EUR });
  });

  it("refuses a year without an envelope, and a plan that already holds money", async () => {
    const f = await standardFixture();
    const noEnvelope = await f.createPlan([
      { year: 2014, cents: 1n },
      { year: 2016, cents: 1n },
    ]);
    await expect(reserve(noEnvelope)).rejects.toThrow(RuleViolation);
    await expect(reserve(noEnvelope)).rejects.toThrow(/begrotingsjaar 2016/);

    const plan = await f.createPlan([{ year: 2014, cents: 10n }]);
    await reserve(plan);
    await expect(reserve(plan)).rejects.toThrow(ConflictError);
    expect(await potRow(f.yearPot(2014))).toMatchObject({ reservedCents: 10n });
  });

  it("reserves a part when asked, never more than requested", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([
      { year: 2014, cents: 300_000n * EUR },
      { year: 2015, cents: 200_000n * EUR },
    ]);
    await expect(reserve(plan, [{ year: 2014, cents: 300_001n * EUR }])).rejects.toThrow(RuleViolation);
    await reserve(plan, [
      { year: 2014, cents: 100_000n * EUR },
      { year: 2015, cents: 0n },
    ]);
    expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 100_000n * EUR });
    expect(await potRow(f.yearPot(2015))).toMatchObject({ reservedCents: 0n });
  });

  it("refuses before writing, so the caller can catch the shortfall and go on in the same transaction", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([{ year: 2014, cents: 600_000n * EUR + 1n }]);
    await prisma.$transaction(async (tx) => {
      const error = await reserveForPlan(tx, { planId: plan, actorId: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BudgetShortfallError);
      // What the workflow does next: the plan waits for budget.
      await tx.plan.update({ where: { id: plan }, data: { status: "WAITING_FOR_BUDGET" } });
    }, TX_OPTIONS);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan } })).status).toBe("WAITING_FOR_BUDGET");
    expect(await prisma.ledgerEntry.count({ where: { planId: plan } })).toBe(0);
  });

  it("is undone with the caller's transaction", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([{ year: 2014, cents: 1_000n }]);
    await expect(
      prisma.$transaction(async (tx) => {
        await reserveForPlan(tx, { planId: plan, actorId: null });
        throw new Error("the workflow failed after reserving");
      }, TX_OPTIONS),
    ).rejects.toThrow("the workflow failed");
    expect(await prisma.ledgerEntry.count({ where: { planId: plan } })).toBe(0);
    expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 0n });
  });
});

describe("commitForPlan and releaseForPlan", () => {
  it("commits the granted amounts and releases the rest of the reservation", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([
      { year: 2014, cents: 300_000n * EUR },
      { year: 2015, cents: 200_000n * EUR },
    ]);
    await reserve(plan);
    await expect(commit(plan, [{ year: 2014, cents: 300_000n * EUR + 1n }])).rejects.toThrow(RuleViolation);
    await expect(commit(plan, [{ year: 2016, cents: 1n }])).rejects.toThrow(RuleViolation);
    await expect(
      commit(plan, [
        { year: 2014, cents: 1n },
        { year: 2014, cents: 1n },
      ]),
    ).rejects.toThrow(RuleViolation);

    await commit(plan, [
      { year: 2014, cents: 250_000n * EUR },
      { year: 2015, cents: 200_000n * EUR },
    ]);
    expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 0n, committedCents: 450_000n * EUR });
    expect(await potRow(f.yearPot(2014))).toMatchObject({
      reservedCents: 0n,
      committedCents: 250_000n * EUR,
    });
    expect(await potRow(f.yearPot(2015))).toMatchObject({
      reservedCents: 0n,
      committedCents: 200_000n * EUR,
    });
    const releases = await prisma.ledgerEntry.findMany({
      where: { planId: plan, kind: "RELEASE" },
      orderBy: { id: "asc" },
    });
    expect(releases.map((e) => [e.potId, e.releases, e.amountCents])).toEqual([
      [f.windowPotId, "RESERVATION", 50_000n * EUR],
      [f.yearPot(2014), "RESERVATION", 50_000n * EUR],
    ]);

    await expect(commit(plan, [])).rejects.toThrow(ConflictError);
    // A release after the decision leaves the commitment alone.
    await release(plan);
    expect(await potRow(f.windowPotId)).toMatchObject({ reservedCents: 0n, committedCents: 450_000n * EUR });
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("releases a rejected plan's reservation, once", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([
      { year: 2014, cents: 300_000n * EUR },
      { year: 2015, cents: 200_000n * EUR },
    ]);
    await release(plan); // nothing held yet: nothing happens
    await reserve(plan);
    await release(plan);
    await release(plan);
    for (const potId of f.potIds)
      expect(await potRow(potId)).toMatchObject({ reservedCents: 0n, committedCents: 0n });
    expect(await prisma.ledgerEntry.count({ where: { planId: plan, kind: "RELEASE" } })).toBe(3);
    expect((await planBudgetPosition(prisma, plan)).every((p) => p.reservedCents === 0n)).toBe(true);
    // A reject decision through commitForPlan (all zeros) after release books nothing more.
    await commit(plan, []);
    expect(await prisma.ledgerEntry.count({ where: { planId: plan } })).toBe(6);
  });
});

describe("potSummaries and checkLedger", () => {
  it("reports every pot with what is available", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([{ year: 2015, cents: 100_000n * EUR }]);
    await reserve(plan);
    const mine = (await potSummaries(prisma)).filter((s) => f.potIds.includes(s.potId));
    expect(
      mine.map((s) => [s.kind, s.window?.name ?? s.envelope?.year, s.reservedCents, s.availableCents]),
    ).toEqual([
      ["WINDOW", `Tijdvak ${f.tag}`, 100_000n * EUR, 900_000n * EUR],
      ["YEAR", 2014, 0n, 600_000n * EUR],
      ["YEAR", 2015, 100_000n * EUR, 500_000n * EUR],
    ]);
    expect(mine[0]?.window?.regulationCode).toBe(`TEST-${f.tag}`);
    expect(mine[2]?.envelope?.fund).toBe(f.fund);
  });

  it("finds a balance row that no longer matches its entries, and a broken invariant", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([{ year: 2014, cents: 100n }]);
    await reserve(plan);
    await prisma.budgetPot.update({
      where: { id: f.yearPot(2014) },
      data: { reservedCents: { increment: 1n } },
    });
    await prisma.budgetPot.update({ where: { id: f.windowPotId }, data: { ceilingCents: 50n } });
    const bad = await prisma.ledgerEntry.create({
      data: {
        potId: f.yearPot(2015),
        planId: plan,
        kind: "COMMITMENT",
        releases: "RESERVATION",
        amountCents: 0n,
      },
    });

    try {
      const problems = await checkLedger(prisma, { potIds: f.potIds });
      expect(problems.map((p) => [p.code, p.potId]).sort()).toEqual(
        [
          ["BAD_ENTRY", f.yearPot(2015)],
          ["BALANCE_MISMATCH", f.yearPot(2014)],
          ["INVARIANT", f.windowPotId],
        ].sort(),
      );
    } finally {
      // Put the ledger right again: ledger:check's test and the dashboard's check the whole database.
      await prisma.ledgerEntry.delete({ where: { id: bad.id } });
      await prisma.budgetPot.update({
        where: { id: f.yearPot(2014) },
        data: { reservedCents: { decrement: 1n } },
      });
      await prisma.budgetPot.update({
        where: { id: f.windowPotId },
        data: { ceilingCents: 1_000_000n * EUR },
      });
    }
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("finds a plan that released more than it held", async () => {
    const f = await standardFixture();
    const plan = await f.createPlan([{ year: 2014, cents: 100n }]);
    const bad = await prisma.ledgerEntry.create({
      data: {
        potId: f.yearPot(2014),
        planId: plan,
        kind: "RELEASE",
        releases: "RESERVATION",
        amountCents: 5n,
      },
    });
    await prisma.budgetPot.update({ where: { id: f.yearPot(2014) }, data: { reservedCents: -5n } });
    try {
      const codes = (await checkLedger(prisma, { potIds: f.potIds })).map((p) => p.code).sort();
      expect(codes).toEqual(["INVARIANT", "PLAN_NEGATIVE"]);
    } finally {
      await prisma.ledgerEntry.delete({ where: { id: bad.id } });
      await prisma.budgetPot.update({ where: { id: f.yearPot(2014) }, data: { reservedCents: 0n } });
    }
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });
});
