import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { revokedScenarioPlan } from "../documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../documents/revocation-letter.server.ts";
import { ConflictError, ForbiddenError, RuleViolation } from "../errors.ts";
import { type LocalDate, localDateToDb } from "../time/index.ts";
import {
  addInterestRate,
  currentHalfYearUnconfirmed,
  halfYearRateCheck,
  listInterestRates,
  missingHalfYears,
  missingHalfYearsBetween,
  RATES_EVERY_HALF_YEAR_FROM,
} from "./interest-rates.server.ts";
import {
  calculateRecoveryInterest,
  markRecoveryReceived,
  openRecoveryClaims,
  receivedRecoveryClaims,
} from "./recovery.server.ts";

/**
 * The wettelijke rente at the receipt of a terugvordering (Awb 4:97–4:99), with the published
 * rates of the migration, and finance's table of rates. Each claim is moved to 2014 by hand, so
 * the figures are the hand-computed ones of 3% (the rate from 1 July 2012 to 2015).
 */

let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterEach(() => setClock(null));
/** The rates this file adds lie far ahead (2090–2093): no other test computes with them. */
const OWN_RATES = { validFrom: { gte: localDateToDb("2090-01-01"), lt: localDateToDb("2094-01-01") } };
beforeAll(async () => {
  // What a run that broke off left behind.
  await prisma.statutoryInterestRate.deleteMany({ where: OWN_RATES });
});
afterAll(async () => {
  await prisma.statutoryInterestRate.deleteMany({ where: OWN_RATES });
  await disconnectPrisma();
});

/** A revoked plan's claim of € 60.000, claimed on 10 January 2014 and due on 28 February 2014. */
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

describe("markRecoveryReceived", () => {
  it("works out and stores the wettelijke rente of a late receipt, in the audit row too, and books nothing", async () => {
    const { planId, claimId, amountCents } = await claimOf2014();
    expect(amountCents).toBe(6_000_000n);
    const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });

    // Verzuim 1–30 March 2014, 30 days at 3%: 6.000.000 × 300 × 30 / 3.650.000 = 14.794,52 → € 147,95.
    const receipt = await markRecoveryReceived(finance, claimId, "2014-03-30");
    expect(receipt).toMatchObject({ receivedOn: "2014-03-30", dueOn: "2014-02-28", interestCents: 14_795n });
    expect(receipt.interest?.lines).toEqual([
      {
        from: "2014-03-01",
        until: "2014-03-30",
        days: 30,
        rateBp: 300,
        baseCents: 6_000_000n,
        interestCents: 14_795n,
      },
    ]);

    const stored = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(stored.status).toBe("RECEIVED");
    expect(stored.receivedOn).toEqual(localDateToDb("2014-03-30"));
    expect(stored.interestCents).toBe(14_795n);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "recovery.received", targetId: claimId },
    });
    expect(audit.details).toMatchObject({
      planId,
      amountCents: "6000000",
      receivedOn: "2014-03-30",
      interestCents: "14795",
      interestLines: [{ from: "2014-03-01", until: "2014-03-30", days: 30, rateBp: 300 }],
    });
    // The interest is no subsidy money: no ledger entry for it (nor for the receipt).
    expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);

    await expect(markRecoveryReceived(finance, claimId, "2014-03-30")).rejects.toThrow(
      "Deze terugvordering is al als ontvangen geregistreerd.",
    );
  });

  it("stores no interest for money received on the last day to pay", async () => {
    const { claimId } = await claimOf2014();
    const receipt = await markRecoveryReceived(finance, claimId, "2014-02-28");
    expect(receipt.interestCents).toBe(0n);
    expect(receipt.interest?.lines).toEqual([]);
    const stored = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(stored).toMatchObject({ status: "RECEIVED", interestCents: 0n });
  });

  it("owes nothing when the interest stays under € 20 (Awb 4:98 lid 2), but records what accrued", async () => {
    const { claimId } = await claimOf2014();
    // One day late: 6.000.000 × 300 / 3.650.000 = 493,15 → € 4,93, under € 20.
    const receipt = await markRecoveryReceived(finance, claimId, "2014-03-01");
    expect(receipt.interest?.totalCents).toBe(493n);
    expect(receipt.interestCents).toBe(0n);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "recovery.received", targetId: claimId },
    });
    expect(audit.details).toMatchObject({ interestCents: "0", accruedInterestCents: "493" });
  });

  it("refuses a receipt after today, before the claim, or not a date, and a user who is not finance", async () => {
    const { claimId } = await claimOf2014();
    setClock(new Date("2014-04-15T10:00:00Z"));
    const refused = async (day: string) => {
      const err = await markRecoveryReceived(finance, claimId, day).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RuleViolation);
      expect((err as RuleViolation).field).toBe("receivedOn");
      return (err as RuleViolation).message;
    };
    expect(await refused("2014-04-16")).toBe(
      "De ontvangstdatum kan niet na vandaag (15 april 2014) liggen: vul de dag in waarop het geld volgens het bankafschrift is bijgeschreven.",
    );
    expect(await refused("2014-01-09")).toBe(
      "De ontvangstdatum kan niet vóór de terugvordering (10 januari 2014) liggen.",
    );
    expect(await refused("2014-02-30")).toBe(
      "Vul de ontvangstdatum in als een geldige datum (dag, maand en jaar).",
    );
    expect(await refused("")).toBe("Vul de ontvangstdatum in als een geldige datum (dag, maand en jaar).");
    await expect(markRecoveryReceived(s.handler, claimId, "2014-03-30")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const stored = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(stored).toMatchObject({ status: "OPEN", receivedOn: null, interestCents: null });
    // The day the claim was made is allowed.
    expect((await markRecoveryReceived(finance, claimId, "2014-01-10")).interestCents).toBe(0n);
  });
});

describe("openRecoveryClaims", () => {
  it("gives the interest accrued up to today for a claim past its last day, and none before", async () => {
    const { planId } = await claimOf2014();
    setClock(new Date("2014-03-31T10:00:00Z"));
    const row = (await openRecoveryClaims({ skip: 0, take: 10_000 })).rows.find((r) => r.planId === planId);
    // 1–31 March, 31 days at 3%: 6.000.000 × 300 × 31 / 3.650.000 = 15.287,67 → € 152,88.
    expect(row?.interestToDate).toEqual({ amount: "€\u00a0152,88", belowMinimum: false });

    setClock(new Date("2014-03-01T10:00:00Z"));
    const early = (await openRecoveryClaims({ skip: 0, take: 10_000 })).rows.find((r) => r.planId === planId);
    expect(early?.interestToDate).toEqual({ amount: "€\u00a04,93", belowMinimum: true });

    setClock(new Date("2014-02-28T10:00:00Z"));
    const due = (await openRecoveryClaims({ skip: 0, take: 10_000 })).rows.find((r) => r.planId === planId);
    expect(due?.interestToDate).toBeNull();
  });
});

describe("the table of rates", () => {
  it("lists the published rates and tells whether today's half-year has one", async () => {
    const rates = await listInterestRates();
    expect(rates[0]).toMatchObject({ validFrom: "2012-07-01", rateBp: 300 });
    expect(rates).toContainEqual(expect.objectContaining({ validFrom: "2015-01-01", rateBp: 200 }));
    expect(await currentHalfYearUnconfirmed("2024-08-01")).toBe(false);
    expect(await currentHalfYearUnconfirmed("2024-12-31")).toBe(false);
    // Far beyond any row this suite adds (2090, 2095).
    expect(await currentHalfYearUnconfirmed("2097-02-01")).toBe(true);
    expect(await halfYearRateCheck("2097-08-01")).toMatchObject({ halfYearStart: "2097-07-01" });
  });

  it("adds a rate for 1 January or 1 July, audited, and refuses another day, a duplicate, a bad rate or a non-finance user", async () => {
    setClock(new Date("2089-12-01T10:00:00Z"));
    const input = { validFrom: "2090-01-01", ratePercent: "6,25", source: "Staatsblad 2089, 500" };
    await expect(addInterestRate(s.handler, input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addInterestRate(s.decisionMaker, input)).rejects.toBeInstanceOf(ForbiddenError);

    const refused = async (over: Partial<typeof input>) => {
      const err = await addInterestRate(finance, { ...input, ...over }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RuleViolation);
      return { field: (err as RuleViolation).field, message: (err as RuleViolation).message };
    };
    expect(await refused({ validFrom: "2090-02-01" })).toEqual({
      field: "validFrom",
      message:
        "De wettelijke rente wordt per halfjaar vastgesteld: vul 1 januari of 1 juli als ingangsdatum in.",
    });
    expect(await refused({ validFrom: "2090-07-01" })).toEqual({
      field: "validFrom",
      message:
        "Een tarief wordt kort voor het halfjaar bekendgemaakt: vul een ingangsdatum tot en met 1 januari 2090 in.",
    });
    expect((await refused({ ratePercent: "20,5" })).field).toBe("ratePercent");
    expect((await refused({ ratePercent: "4,255" })).field).toBe("ratePercent");
    expect((await refused({ source: "  " })).field).toBe("source");
    expect(
      await prisma.statutoryInterestRate.count({ where: { validFrom: localDateToDb("2090-01-01") } }),
    ).toBe(0);

    expect(await addInterestRate(finance, input)).toEqual({
      validFrom: "2090-01-01",
      rateBp: 625,
      source: "Staatsblad 2089, 500",
    });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "interest-rate.added", targetId: "2090-01-01" },
    });
    expect(audit).toMatchObject({
      actorId: finance.userId,
      details: { validFrom: "2090-01-01", rateBp: 625 },
    });

    expect(await refused({ ratePercent: "7" })).toEqual({
      field: "validFrom",
      message:
        "Voor 1 januari 2090 is al een wettelijke rente vastgelegd (6,25%). Een vastgelegd tarief wordt niet overschreven.",
    });
    const row = await prisma.statutoryInterestRate.findUniqueOrThrow({
      where: { validFrom: localDateToDb("2090-01-01") },
    });
    expect(row.rateBp).toBe(625);
  });
});

/** A claim of € 60.000 moved to the given days (the scenario makes it today). */
async function claimOn(createdAt: string, dueOn: LocalDate) {
  const { planId } = await revokedScenarioPlan(s);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date(createdAt), dueOn: localDateToDb(dueOn) },
  });
  return { planId, claimId: claim.id };
}

describe("half-years without a rate", () => {
  it("a rate for the next half-year does not count for the current one", async () => {
    await prisma.statutoryInterestRate.create({
      data: { validFrom: localDateToDb("2091-07-01"), rateBp: 500, source: "test" },
    });
    // 1 January 2091 has no row; the row of 1 July 2091 (recorded ahead) does not cover March.
    expect(await currentHalfYearUnconfirmed("2091-03-01")).toBe(true);
    expect(await halfYearRateCheck("2091-03-01")).toMatchObject({ halfYearStart: "2091-01-01" });
    expect(await currentHalfYearUnconfirmed("2091-08-01")).toBe(false);
  });

  it("lists every half-year from 1 July 2024 on up to today's that has no row, and only those", async () => {
    expect(RATES_EVERY_HALF_YEAR_FROM).toBe("2024-07-01");
    // Before 1 July 2024 the migration holds only the changes: no gap is reported there.
    expect(await missingHalfYears("2024-03-01")).toEqual([]);
    expect(await missingHalfYears("2024-12-31")).toEqual([]);
    expect(await missingHalfYearsBetween("2016-01-01", "2022-12-31")).toEqual([]);
    // This file adds rates from 2090 on only; 2025–2026 stay as migrated.
    expect(await missingHalfYears("2026-12-01")).toEqual([
      "2025-01-01",
      "2025-07-01",
      "2026-01-01",
      "2026-07-01",
    ]);
    expect(await missingHalfYearsBetween("2025-03-01", "2025-07-01")).toEqual(["2025-01-01", "2025-07-01"]);
    const check = await halfYearRateCheck("2026-12-01");
    expect(check).toMatchObject({
      halfYearStart: "2026-07-01",
      missing: ["2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01"],
      latest: { validFrom: "2024-07-01", rateBp: 700 },
    });
  });

  it("records a receipt over a half-year without a rate but leaves the interest to work out later, once", async () => {
    const { planId, claimId } = await claimOn("2092-11-01T10:00:00Z", "2092-12-31");
    const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });
    setClock(new Date("2093-03-01T10:00:00Z"));
    const receipt = await markRecoveryReceived(finance, claimId, "2093-02-28");
    // Without the rate of 1 January 2093 the receipt would run on at the 7% of 1 July 2024.
    expect(receipt).toMatchObject({ interestCents: null, interest: null, missingRates: ["2093-01-01"] });
    const stored = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(stored).toMatchObject({ status: "RECEIVED", interestCents: null });
    expect(stored.receivedOn).toEqual(localDateToDb("2093-02-28"));
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "recovery.received", targetId: claimId },
    });
    expect(audit.details).toMatchObject({
      receivedOn: "2093-02-28",
      interestCents: null,
      missingRateHalfYears: ["2093-01-01"],
    });
    const listed = async () =>
      (await receivedRecoveryClaims({ skip: 0, take: 10_000 })).rows.find((r) => r.id === claimId);
    expect((await listed())?.interest).toEqual({ kind: "pending", missing: ["2093-01-01"] });

    // Pressed before the rate is there: refused, naming the half-year; nothing stored.
    await expect(calculateRecoveryInterest(s.handler, claimId)).rejects.toBeInstanceOf(ForbiddenError);
    const early = await calculateRecoveryInterest(finance, claimId).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ConflictError);
    expect((early as ConflictError).message).toBe(
      `De wettelijke rente van ${receipt.reference} kan nog niet worden berekend: voor 1 januari 2093 is nog geen tarief vastgelegd. Leg dat tarief eerst vast op de pagina Wettelijke rente.`,
    );
    expect((await listed())?.interest).toEqual({ kind: "pending", missing: ["2093-01-01"] });

    // Finance records the rate; 59 days at 5%: 6.000.000 × 500 × 59 / 3.650.000 = 48.493,15 → € 484,93.
    await addInterestRate(finance, { validFrom: "2093-01-01", ratePercent: "5", source: "Stb. 2092, test" });
    expect((await listed())?.interest).toEqual({ kind: "pending", missing: [] });
    const done = await calculateRecoveryInterest(finance, claimId);
    expect(done).toMatchObject({ interestCents: 48_493n, alreadyCalculated: false });
    expect(done.interest?.lines).toEqual([
      expect.objectContaining({ from: "2093-01-01", until: "2093-02-28", days: 59, rateBp: 500 }),
    ]);
    expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).interestCents).toBe(
      48_493n,
    );
    const calc = await prisma.auditLog.findMany({
      where: { action: "recovery.interest-calculated", targetId: claimId },
    });
    expect(calc).toHaveLength(1);
    expect(calc[0]?.details).toMatchObject({
      interestCents: "48493",
      interestLines: [
        { from: "2093-01-01", until: "2093-02-28", days: 59, rateBp: 500, interestCents: "48493" },
      ],
    });
    expect((await listed())?.interest).toEqual({
      kind: "owed",
      amount: "€\u00a0484,93",
      lines: [expect.objectContaining({ days: 59, rateBp: 500, interestCents: "48493" })],
    });

    // A second press changes nothing and says so.
    expect(await calculateRecoveryInterest(finance, claimId)).toMatchObject({
      interestCents: 48_493n,
      alreadyCalculated: true,
    });
    expect(
      await prisma.auditLog.count({ where: { action: "recovery.interest-calculated", targetId: claimId } }),
    ).toBe(1);
    // The interest is no subsidy money: still no ledger entry.
    expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);
  });

  it("lists a received claim with its interest as the receipt worked it out, or why there is none", async () => {
    const late = await claimOf2014();
    await markRecoveryReceived(finance, late.claimId, "2014-03-30");
    const onTime = await claimOf2014();
    await markRecoveryReceived(finance, onTime.claimId, "2014-02-28");
    const small = await claimOf2014();
    await markRecoveryReceived(finance, small.claimId, "2014-03-01");
    const { rows, total } = await receivedRecoveryClaims({ skip: 0, take: 10_000 });
    expect(total).toBe(rows.length);
    const row = (id: string) => rows.find((r) => r.id === id);
    expect(row(late.claimId)).toMatchObject({
      planId: late.planId,
      amount: "€\u00a060.000,00",
      dueOn: "2014-02-28",
      receivedOn: "2014-03-30",
      interest: {
        kind: "owed",
        amount: "€\u00a0147,95",
        lines: [{ from: "2014-03-01", until: "2014-03-30", days: 30, rateBp: 300, interestCents: "14795" }],
      },
    });
    expect(row(onTime.claimId)?.interest).toEqual({ kind: "on-time" });
    expect(row(small.claimId)?.interest).toEqual({
      kind: "below-minimum",
      accrued: "€\u00a04,93",
      lines: [expect.objectContaining({ days: 1, interestCents: "493" })],
    });
    // Newest receipt first.
    const days = rows.map((r) => r.receivedOn);
    expect(days).toEqual([...days].sort().reverse());
  });
});
