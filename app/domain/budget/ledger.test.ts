import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { RuleViolation } from "../errors.ts";
import { createBudgetFixture, potRow } from "./fixtures.test-support.ts";
import { commitForPlan, disburseForPlan, reserveForPlan, settleForPlan } from "./ledger.server.ts";
import { checkLedger } from "./reports.server.ts";

/** disburseForPlan and settleForPlan: paying out and the vaststelling, per window and per year. */

afterAll(async () => {
  await disconnectPrisma();
});

const K = 100_000n; // € 1.000 in cents
const DUE = new Date("2027-01-15T00:00:00Z");

/** A plan granted 2014 € 300.000 and 2015 € 200.000 (€ 500.000), with payments to book against. */
async function grantedPlan() {
  const f = await createBudgetFixture({
    windowCeilingCents: 1000n * K,
    envelopes: [
      { year: 2014, ceilingCents: 1000n * K },
      { year: 2015, ceilingCents: 1000n * K },
    ],
  });
  const granted = [
    { year: 2014, cents: 300n * K },
    { year: 2015, cents: 200n * K },
  ];
  const planId = await f.createPlan(granted);
  await prisma.$transaction(async (tx) => {
    await reserveForPlan(tx, { planId, actorId: "test" });
    await commitForPlan(tx, { planId, actorId: "test", grantedPerYear: granted });
  });
  let sequence = 0;
  const payment = async (amountCents: bigint) => {
    sequence += 1;
    const p = await prisma.payment.create({
      data: { planId, sequence, kind: "ADVANCE", dueOn: new Date("2014-06-01"), amountCents },
    });
    return p.id;
  };
  const disburse = (paymentId: string, amountCents: bigint) =>
    prisma.$transaction((tx) =>
      disburseForPlan(tx, { planId, actorId: "test", paymentId, amountCents, reason: "Voorschot" }),
    );
  return { f, planId, payment, disburse };
}

describe("disburseForPlan", () => {
  it("pays against the window and fills the earliest year first", async () => {
    const { f, payment, disburse } = await grantedPlan();
    await disburse(await payment(250n * K), 250n * K);
    expect(await potRow(f.windowPotId)).toMatchObject({ committedCents: 500n * K, disbursedCents: 250n * K });
    expect(await potRow(f.yearPot(2014))).toMatchObject({ disbursedCents: 250n * K });
    expect(await potRow(f.yearPot(2015))).toMatchObject({ disbursedCents: 0n });

    // The next € 100.000: € 50.000 finishes 2014, € 50.000 goes to 2015.
    const second = await payment(100n * K);
    await disburse(second, 100n * K);
    expect(await potRow(f.yearPot(2014))).toMatchObject({ disbursedCents: 300n * K });
    expect(await potRow(f.yearPot(2015))).toMatchObject({ disbursedCents: 50n * K });
    const entries = await prisma.ledgerEntry.findMany({
      where: { paymentId: second },
      select: { potId: true, year: true, amountCents: true, kind: true },
      orderBy: { id: "asc" },
    });
    expect(entries).toEqual([
      { potId: f.windowPotId, year: null, amountCents: 100n * K, kind: "DISBURSEMENT" },
      { potId: f.yearPot(2014), year: 2014, amountCents: 50n * K, kind: "DISBURSEMENT" },
      { potId: f.yearPot(2015), year: 2015, amountCents: 50n * K, kind: "DISBURSEMENT" },
    ]);
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("refuses to pay more than is committed and unpaid, and the same payment twice", async () => {
    const { f, payment, disburse } = await grantedPlan();
    const first = await payment(400n * K);
    await disburse(first, 400n * K);
    const err = await disburse(await payment(100n * K + 1n), 100n * K + 1n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleViolation);
    expect((err as Error).message).toContain("€\u00a0100.000,00 verplicht en onbetaald");
    // The unique (paymentId, potId, kind) index: booking one payment twice is refused.
    await expect(disburse(first, 1n * K)).rejects.toThrow();
    await expect(disburse(await payment(0n), 0n)).rejects.toBeInstanceOf(RuleViolation);
    expect(await potRow(f.windowPotId)).toMatchObject({ disbursedCents: 400n * K });
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("refuses to pay a plan that holds only a reservation", async () => {
    const f = await createBudgetFixture({
      windowCeilingCents: 1000n * K,
      envelopes: [{ year: 2014, ceilingCents: 1000n * K }],
    });
    const planId = await f.createPlan([{ year: 2014, cents: 100n * K }]);
    await prisma.$transaction((tx) => reserveForPlan(tx, { planId, actorId: "test" }));
    const p = await prisma.payment.create({
      data: { planId, sequence: 1, kind: "ADVANCE", dueOn: new Date("2014-06-01"), amountCents: 10n * K },
    });
    await expect(
      prisma.$transaction((tx) =>
        disburseForPlan(tx, { planId, actorId: "test", paymentId: p.id, amountCents: 10n * K, reason: "x" }),
      ),
    ).rejects.toBeInstanceOf(RuleViolation);
  });
});

describe("settleForPlan", () => {
  const settle = (planId: string, settledCents: bigint) =>
    prisma.$transaction((tx) =>
      settleForPlan(tx, {
        planId,
        actorId: "test",
        settledCents,
        reason: "Vaststelling",
        recoveryDueOn: DUE,
      }),
    );

  it("releases the commitment above a lower settled amount, latest year first", async () => {
    const { f, planId, payment, disburse } = await grantedPlan();
    await disburse(await payment(200n * K), 200n * K);
    // Settled € 400.000: 2014 keeps € 300.000, 2015 keeps € 100.000, € 100.000 goes back.
    expect(await settle(planId, 400n * K)).toEqual({
      releasedCents: 100n * K,
      recoveredCents: 0n,
      recoveryClaimId: null,
    });
    expect(await potRow(f.windowPotId)).toMatchObject({ committedCents: 400n * K, disbursedCents: 200n * K });
    expect(await potRow(f.yearPot(2014))).toMatchObject({
      committedCents: 300n * K,
      disbursedCents: 200n * K,
    });
    expect(await potRow(f.yearPot(2015))).toMatchObject({ committedCents: 100n * K, disbursedCents: 0n });
    expect(await prisma.recoveryClaim.count({ where: { planId } })).toBe(0);
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("claims back what was advanced above the settled amount, in the same booking", async () => {
    const { f, planId, payment, disburse } = await grantedPlan();
    await disburse(await payment(400n * K), 400n * K);
    // Settled € 250.000 while € 400.000 was paid: € 150.000 is claimed back.
    const result = await settle(planId, 250n * K);
    expect(result).toMatchObject({ releasedCents: 250n * K, recoveredCents: 150n * K });
    const claim = await prisma.recoveryClaim.findUniqueOrThrow({
      where: { id: result.recoveryClaimId ?? "" },
    });
    expect(claim).toMatchObject({ planId, amountCents: 150n * K, dueOn: DUE });
    const recovery = await prisma.ledgerEntry.findMany({
      where: { planId, kind: "RECOVERY" },
      select: { potId: true, amountCents: true, recoveryClaimId: true },
      orderBy: { id: "asc" },
    });
    // 2014 keeps € 250.000 committed and paid; 2015 gives back its € 100.000 paid.
    expect(recovery).toEqual([
      { potId: f.windowPotId, amountCents: 150n * K, recoveryClaimId: claim.id },
      { potId: f.yearPot(2014), amountCents: 50n * K, recoveryClaimId: claim.id },
      { potId: f.yearPot(2015), amountCents: 100n * K, recoveryClaimId: claim.id },
    ]);
    expect(await potRow(f.windowPotId)).toMatchObject({ committedCents: 250n * K, disbursedCents: 250n * K });
    expect(await potRow(f.yearPot(2014))).toMatchObject({
      committedCents: 250n * K,
      disbursedCents: 250n * K,
    });
    expect(await potRow(f.yearPot(2015))).toMatchObject({ committedCents: 0n, disbursedCents: 0n });
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("settles at nil, and refuses more than was granted or a negative amount", async () => {
    const { f, planId, payment, disburse } = await grantedPlan();
    await disburse(await payment(50n * K), 50n * K);
    await expect(settle(planId, 500n * K + 1n)).rejects.toBeInstanceOf(RuleViolation);
    await expect(settle(planId, -1n)).rejects.toBeInstanceOf(RuleViolation);
    expect(await settle(planId, 0n)).toMatchObject({ releasedCents: 500n * K, recoveredCents: 50n * K });
    for (const potId of f.potIds) {
      expect(await potRow(potId)).toMatchObject({
        reservedCents: 0n,
        committedCents: 0n,
        disbursedCents: 0n,
      });
    }
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });
});

describe("checkLedger", () => {
  it("reports a plan paid more than it has committed in a pot, even when the pot as a whole is sound", async () => {
    const { f, planId, payment, disburse } = await grantedPlan();
    const other = await f.createPlan([{ year: 2014, cents: 100n * K }]);
    await prisma.$transaction((tx) => reserveForPlan(tx, { planId: other, actorId: "test" }));
    await disburse(await payment(100n * K), 100n * K);
    // A hand-made entry moves € 100.000 paid from one plan to another: pot totals stay the same.
    const pot = f.yearPot(2014);
    const tampered = await prisma.ledgerEntry.createManyAndReturn({
      data: [
        { potId: pot, planId, kind: "RECOVERY", amountCents: 100n * K, reason: "knoeien" },
        { potId: pot, planId: other, kind: "DISBURSEMENT", amountCents: 100n * K, reason: "knoeien" },
      ],
      select: { id: true },
    });
    try {
      expect(await checkLedger(prisma, { potIds: [pot] })).toEqual([
        expect.objectContaining({ code: "PLAN_OVERPAID", potId: pot, planId: other }),
        // A RECOVERY without a claim is only a bank's return of a RETURNED payment: not this one.
        expect.objectContaining({ code: "RETURN_MISMATCH", potId: pot, planId }),
      ]);
    } finally {
      // Other tests (and ledger:check's) check the whole ledger of this shared database.
      await prisma.ledgerEntry.deleteMany({ where: { id: { in: tampered.map((t) => t.id) } } });
    }
    expect(await checkLedger(prisma, { potIds: [pot] })).toEqual([]);
  });
});
