import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ledgerCheck } from "../../../scripts/ledger-check.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { revokedScenarioPlan } from "../documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../documents/revocation-letter.server.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { localDateToDb } from "../time/index.ts";
import {
  markRecoveryReceived,
  openRecoveryClaims,
  receivedRecoveryClaims,
  recordRecoveryPart,
  recoveryOutstandingCents,
  recoveryPartErrors,
} from "./recovery.server.ts";

/**
 * A terugvordering paid in parts: each part lowers the principal from its next day (the wettelijke
 * rente runs over what is left), the claim closes when the parts reach its amount, and no part
 * books anything in the ledger (the RECOVERY was booked at the claim). Figures at 3% (2014).
 */

let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

/** A revoked plan's claim of €\u00a060.000, claimed on 10 January 2014 and due on 28 February 2014. */
async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  // Its letter first, as the worker would store it: before it the claim names no day to pay (nor
  // interest), and the letter sets the claim's last day, so the back-dating below comes after it.
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id, amountCents: claim.amountCents };
}

describe("recordRecoveryPart", () => {
  it("keeps the claim open with what is left, then closes it with the interest over what was outstanding each day", async () => {
    const { planId, claimId, amountCents } = await claimOf2014();
    expect(amountCents).toBe(6_000_000n);
    const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });

    const first = await recordRecoveryPart(finance, claimId, {
      amount: "20.000,00",
      receivedOn: "2014-03-10",
    });
    expect(first).toMatchObject({ partCents: 2_000_000n, outstandingCents: 4_000_000n, receipt: null });
    expect(await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
      status: "OPEN",
      receivedOn: null,
      interestCents: null,
    });
    const partAudit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "recovery.part-received", targetId: claimId },
    });
    expect(partAudit.details).toMatchObject({
      planId,
      partCents: "2000000",
      receivedOn: "2014-03-10",
      paidCents: "2000000",
      outstandingCents: "4000000",
    });
    expect(await recoveryOutstandingCents(prisma, claimId)).toEqual({
      amountCents: 6_000_000n,
      paidCents: 2_000_000n,
      outstandingCents: 4_000_000n,
    });

    // What accrued so far, on 30 March: 1–10 March over €\u00a060.000 (€\u00a049,32), 11–30 March over €\u00a040.000 (€\u00a065,75).
    setClock(new Date("2014-03-30T10:00:00Z"));
    const open = (await openRecoveryClaims({ skip: 0, take: 1000 })).rows.find((r) => r.id === claimId);
    expect(open).toMatchObject({
      outstanding: "€\u00a040.000,00",
      parts: [{ amount: "€\u00a020.000,00", receivedOn: "2014-03-10" }],
      interestToDate: { amount: "€\u00a0115,07", belowMinimum: false },
    });

    const last = await recordRecoveryPart(finance, claimId, { amount: "40000", receivedOn: "2014-03-30" });
    setClock(null);
    expect(last.outstandingCents).toBe(0n);
    expect(last.receipt).toMatchObject({ receivedOn: "2014-03-30", interestCents: 11_507n });
    // 6.000.000 × 300 × 10 / 3.650.000 = 4.931,51 → 4.932; 4.000.000 × 300 × 20 / 3.650.000 = 6.575,34 → 6.575.
    expect(last.receipt?.interest?.lines).toEqual([
      {
        from: "2014-03-01",
        until: "2014-03-10",
        days: 10,
        rateBp: 300,
        baseCents: 6_000_000n,
        interestCents: 4_932n,
      },
      {
        from: "2014-03-11",
        until: "2014-03-30",
        days: 20,
        rateBp: 300,
        baseCents: 4_000_000n,
        interestCents: 6_575n,
      },
    ]);
    expect(await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
      status: "RECEIVED",
      receivedOn: localDateToDb("2014-03-30"),
      interestCents: 11_507n,
    });
    const receivedAudit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "recovery.received", targetId: claimId },
    });
    expect(receivedAudit.details).toMatchObject({
      amountCents: "6000000",
      receivedOn: "2014-03-30",
      partCents: "4000000",
      parts: [
        { receivedOn: "2014-03-10", cents: "2000000" },
        { receivedOn: "2014-03-30", cents: "4000000" },
      ],
      interestCents: "11507",
    });
    const received = (await receivedRecoveryClaims({ skip: 0, take: 1000 })).rows.find(
      (r) => r.id === claimId,
    );
    expect(received?.parts).toEqual([
      { amount: "€\u00a020.000,00", receivedOn: "2014-03-10" },
      { amount: "€\u00a040.000,00", receivedOn: "2014-03-30" },
    ]);
    expect(received?.interest).toMatchObject({ kind: "owed", amount: "€\u00a0115,07" });
    // No part books anything: the RECOVERY was booked at the claim (ADR 0012), and the ledger stays sound.
    expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);
    expect((await ledgerCheck(prisma)).problems.filter((p) => p.planId === planId)).toEqual([]);

    await expect(
      recordRecoveryPart(finance, claimId, { amount: "1,00", receivedOn: "2014-03-30" }),
    ).rejects.toThrow("Deze terugvordering is al als ontvangen geregistreerd.");
  });

  it("refuses a part above what is left of the claim, naming what is left, and records nothing", async () => {
    const { claimId } = await claimOf2014();
    const tooMuch = recordRecoveryPart(finance, claimId, { amount: "60.000,01", receivedOn: "2014-03-10" });
    await expect(tooMuch).rejects.toBeInstanceOf(RuleViolation);
    await expect(tooMuch).rejects.toMatchObject({ field: "amount" });
    await expect(tooMuch).rejects.toThrow("nog €\u00a060.000,00 open");

    await recordRecoveryPart(finance, claimId, { amount: "20.000", receivedOn: "2014-03-10" });
    await expect(
      recordRecoveryPart(finance, claimId, { amount: "40.000,01", receivedOn: "2014-03-12" }),
    ).rejects.toThrow("nog €\u00a040.000,00 open (van €\u00a060.000,00 is al €\u00a020.000,00 ontvangen)");
    expect(await prisma.recoveryPayment.count({ where: { claimId } })).toBe(1);
    expect(await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
      status: "OPEN",
    });
  });

  it("gives one part of the whole amount exactly the receipt markRecoveryReceived records", async () => {
    const whole = await claimOf2014();
    const viaReceipt = await claimOf2014();
    const part = await recordRecoveryPart(finance, whole.claimId, {
      amount: "60.000,00",
      receivedOn: "2014-03-30",
    });
    const receipt = await markRecoveryReceived(finance, viaReceipt.claimId, "2014-03-30");
    expect(part.receipt).toEqual({ ...receipt, reference: part.reference });
    expect(part.receipt?.interestCents).toBe(14_795n);
    const details = async (claimId: string) => {
      const a = await prisma.auditLog.findFirstOrThrow({
        where: { action: "recovery.received", targetId: claimId },
      });
      const { planId: _planId, ...rest } = a.details as Record<string, unknown>;
      return rest;
    };
    expect(await details(whole.claimId)).toEqual(await details(viaReceipt.claimId));
    expect(
      await prisma.auditLog.count({ where: { action: "recovery.part-received", targetId: whole.claimId } }),
    ).toBe(0);
  });

  it("lets the receipt after parts record the rest, closing on the latest day a part came in", async () => {
    const { claimId } = await claimOf2014();
    await recordRecoveryPart(finance, claimId, { amount: "30.000", receivedOn: "2014-03-20" });
    const receipt = await markRecoveryReceived(finance, claimId, "2014-03-10");
    expect(receipt.receivedOn).toBe("2014-03-20");
    // 1–10 March over €\u00a060.000, 11–20 March over the €\u00a030.000 left: 4.932 + 2.466 (2.465,75).
    expect(receipt.interestCents).toBe(4_932n + 2_466n);
    expect(
      await prisma.recoveryPayment.findMany({ where: { claimId }, select: { amountCents: true } }),
    ).toEqual(expect.arrayContaining([{ amountCents: 3_000_000n }, { amountCents: 3_000_000n }]));
  });

  it("takes parts paid in time off the principal before the verzuim starts", async () => {
    const { claimId } = await claimOf2014();
    await recordRecoveryPart(finance, claimId, { amount: "50.000", receivedOn: "2014-02-28" });
    const last = await recordRecoveryPart(finance, claimId, { amount: "10.000", receivedOn: "2014-03-30" });
    // Only €\u00a010.000 was late, 30 days: 1.000.000 × 300 × 30 / 3.650.000 = 2.465,75 → €\u00a024,66.
    expect(last.receipt?.interest?.lines).toMatchObject([
      { baseCents: 1_000_000n, days: 30, interestCents: 2_466n },
    ]);
    expect(last.receipt?.interestCents).toBe(2_466n);
  });

  it("refuses what is no amount or no day, each on its field, and staff other than finance", async () => {
    const { claimId } = await claimOf2014();
    expect(recoveryPartErrors({ amount: "twintig", receivedOn: "gisteren" })).toEqual({
      amount: "Vul het ontvangen bedrag in euro's in, bijvoorbeeld 1.250,00.",
      receivedOn: "Vul de ontvangstdatum in als een geldige datum (dag, maand en jaar).",
    });
    expect(recoveryPartErrors({ amount: "0", receivedOn: "2014-03-01" })).toEqual({
      amount: "Het ontvangen bedrag moet meer dan €\u00a00,00 zijn.",
    });
    expect(recoveryPartErrors({ amount: "1.250,00", receivedOn: "2014-03-01" })).toBeNull();
    await expect(
      recordRecoveryPart(finance, claimId, { amount: "", receivedOn: "2014-03-01" }),
    ).rejects.toMatchObject({
      field: "amount",
    });
    await expect(
      recordRecoveryPart(finance, claimId, { amount: "10,00", receivedOn: "2014-01-09" }),
    ).rejects.toMatchObject({ field: "receivedOn" });
    const officer = await s.newUser("CASE_HANDLER");
    await expect(
      recordRecoveryPart(officer, claimId, { amount: "10,00", receivedOn: "2014-03-01" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await prisma.recoveryPayment.count({ where: { claimId } })).toBe(0);
  });
});
