import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { revokedScenarioPlan } from "../documents/revocation.test-support.ts";
import { ConflictError, ForbiddenError, RuleViolation } from "../errors.ts";
import { localDateFromDb, localDateToDb } from "../time/index.ts";
import {
  decideRecoveryInterest,
  interestPaymentDueOn,
  recordInterestReceived,
} from "./interest-decision.server.ts";
import { markRecoveryReceived, receivedRecoveryClaims } from "./recovery.server.ts";

/**
 * The beschikking that sets the wettelijke rente of a late repayment (Awb 4:99), and the receipt of
 * that interest: finance only, once, only for interest owed, with the letter's outbox message in
 * the same transaction, and nothing in the ledger (ADR 0031).
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

/** A revoked plan's claim of € 60.000, claimed on 10 January 2014 and due on 28 February 2014. */
async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

/** Received 30 days late: € 147,95 wettelijke rente owed (3% over 1–30 March 2014). */
async function lateClaim() {
  const c = await claimOf2014();
  await markRecoveryReceived(finance, c.claimId, "2014-03-30");
  return c;
}

const letterMessages = (claimId: string) =>
  prisma.outboxMessage.findMany({
    where: {
      jobName: "render-letter",
      AND: [
        { payload: { path: ["kind"], equals: "INTEREST_DECISION" } },
        { payload: { path: ["recoveryClaimId"], equals: claimId } },
      ],
    },
  });

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string; field?: string };
  }
  throw new Error("expected a refusal");
}

describe("decideRecoveryInterest", () => {
  it("records the beschikking once, audited with the stored computation, and writes the letter's outbox message", async () => {
    const { planId, claimId } = await lateClaim();
    const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });
    setClock(new Date("2014-04-02T09:00:00Z"));

    const decided = await decideRecoveryInterest(finance, claimId);
    expect(decided).toMatchObject({ interestCents: 14_795n });
    const claim = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(claim.interestDecidedAt).toEqual(new Date("2014-04-02T09:00:00Z"));
    expect(claim.interestDecidedById).toBe(finance.userId);
    const audits = await prisma.auditLog.findMany({
      where: { action: "recovery.interest-decided", targetId: claimId },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({
      planId,
      interestCents: "14795",
      interestLines: [
        { from: "2014-03-01", until: "2014-03-30", days: 30, rateBp: 300, interestCents: "14795" },
      ],
    });
    const messages = await letterMessages(claimId);
    expect(messages.map((m) => m.payload)).toEqual([
      { kind: "INTEREST_DECISION", planId, recoveryClaimId: claimId },
    ]);

    // A second press: a conflict naming the day, and nothing twice.
    const again = await refusal(decideRecoveryInterest(finance, claimId));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.code).toBe("INTEREST_ALREADY_DECIDED");
    expect(again.message).toContain("al op 2 april 2014 een beschikking gemaakt");
    expect(await letterMessages(claimId)).toHaveLength(1);
    expect(
      await prisma.auditLog.count({ where: { action: "recovery.interest-decided", targetId: claimId } }),
    ).toBe(1);
    // The interest is no subsidy money: no booking.
    expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);

    // The received list names the beschikking; the letter is not there until the worker rendered it.
    const { rows } = await receivedRecoveryClaims({ skip: 0, take: 10_000 });
    expect(rows.find((r) => r.id === claimId)?.decision).toEqual({
      decidedOn: "2014-04-02",
      documentId: null,
      interestReceivedOn: null,
    });
  });

  it("makes one beschikking when two finance users press at the same moment", async () => {
    const { claimId } = await lateClaim();
    const other = await s.newUser("FINANCE");
    const results = await Promise.allSettled([
      decideRecoveryInterest(finance, claimId),
      decideRecoveryInterest(other, claimId),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ConflictError);
    expect(await letterMessages(claimId)).toHaveLength(1);
  });

  it("is finance's only", async () => {
    const { claimId } = await lateClaim();
    for (const who of [s.handler, s.decisionMaker, s.applicantA]) {
      await expect(decideRecoveryInterest(who, claimId)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).interestDecidedAt).toBe(
      null,
    );
  });

  it("refuses a claim not yet received, one paid in time, and one whose interest is under € 20", async () => {
    const open = await claimOf2014();
    const notReceived = await refusal(decideRecoveryInterest(finance, open.claimId));
    expect(notReceived.code).toBe("NOT_RECEIVED");

    const inTime = await claimOf2014();
    await markRecoveryReceived(finance, inTime.claimId, "2014-02-28");
    const none = await refusal(decideRecoveryInterest(finance, inTime.claimId));
    expect(none).toBeInstanceOf(ConflictError);
    expect(none.code).toBe("NO_INTEREST_OWED");
    expect(none.message).toContain("geen wettelijke rente verschuldigd");

    // Four days late: € 19,73 accrued, under the Awb's € 20: nothing owed.
    const small = await claimOf2014();
    await markRecoveryReceived(finance, small.claimId, "2014-03-04");
    expect((await refusal(decideRecoveryInterest(finance, small.claimId))).code).toBe("NO_INTEREST_OWED");

    for (const c of [open, inTime, small]) expect(await letterMessages(c.claimId)).toHaveLength(0);
  });

  it("refuses a claim received before the portal recorded the day of receipt, naming why and no button", async () => {
    const { claimId } = await lateClaim();
    await prisma.recoveryClaim.update({
      where: { id: claimId },
      data: { receivedOn: null, interestCents: null },
    });
    try {
      const e = await refusal(decideRecoveryInterest(finance, claimId));
      expect(e).toBeInstanceOf(ConflictError);
      expect(e.code).toBe("NO_RECEIVED_ON");
      expect(e.message).toContain("is de dag van ontvangst niet vastgelegd");
      expect(e.message).not.toContain("Wettelijke rente berekenen");
      expect(await letterMessages(claimId)).toHaveLength(0);
    } finally {
      // Files share a worker's database: a received claim without its day would upset another
      // file's list of received claims (ordered by that day).
      await prisma.recoveryClaim.update({
        where: { id: claimId },
        data: { receivedOn: localDateToDb("2014-03-30"), interestCents: 14_795n },
      });
    }
  });

  it("refuses a receipt whose interest waits for a rate", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    // 2098: no test records a rate for it.
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { createdAt: new Date("2097-11-01T10:00:00Z"), dueOn: localDateToDb("2097-12-31") },
    });
    setClock(new Date("2098-03-01T10:00:00Z"));
    await markRecoveryReceived(finance, claim.id, "2098-02-28");
    const pending = await refusal(decideRecoveryInterest(finance, claim.id));
    expect(pending.code).toBe("INTEREST_NOT_CALCULATED");
    expect(pending.message).toContain("Wettelijke rente berekenen");
  });
});

describe("recordInterestReceived", () => {
  it("records the day the interest came in: not before the beschikking, not after today, a date, once", async () => {
    const { planId, claimId } = await lateClaim();
    const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });

    // Before the beschikking there is nothing to receive.
    const early = await refusal(recordInterestReceived(finance, claimId, "2014-04-01"));
    expect(early.code).toBe("INTEREST_NOT_DECIDED");

    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claimId);
    setClock(new Date("2014-05-10T09:00:00Z"));

    await expect(recordInterestReceived(s.handler, claimId, "2014-05-01")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const cases: [string, string][] = [
      ["", "Vul de dag in waarop de wettelijke rente volgens het bankafschrift is ontvangen."],
      ["01-05-2014", "Vul de dag waarop de wettelijke rente is ontvangen in als een geldige datum"],
      ["2014-02-30", "Vul de dag waarop de wettelijke rente is ontvangen in als een geldige datum"],
      ["2014-05-11", "kan niet na vandaag (10 mei 2014) liggen"],
      ["2014-04-01", "kan niet vóór de beschikking (2 april 2014) liggen"],
    ];
    for (const [day, message] of cases) {
      const e = await refusal(recordInterestReceived(finance, claimId, day));
      expect(e, day).toBeInstanceOf(RuleViolation);
      expect(e.field).toBe("interestReceivedOn");
      expect(e.message).toContain(message);
    }
    expect(
      (await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).interestReceivedOn,
    ).toBeNull();

    // The day of the beschikking itself is allowed.
    const done = await recordInterestReceived(finance, claimId, "2014-04-02");
    expect(done).toMatchObject({ interestCents: 14_795n, interestReceivedOn: "2014-04-02" });
    const claim = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(localDateFromDb(claim.interestReceivedOn as Date)).toBe("2014-04-02");
    const again = await refusal(recordInterestReceived(finance, claimId, "2014-05-01"));
    expect(again.code).toBe("INTEREST_ALREADY_RECEIVED");
    const audits = await prisma.auditLog.findMany({
      where: { action: "recovery.interest-received", targetId: claimId },
    });
    expect(audits.map((a) => a.details)).toEqual([
      { planId, interestCents: "14795", interestReceivedOn: "2014-04-02" },
    ]);
    expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);
  });
});

describe("interestPaymentDueOn", () => {
  it("is six weeks after the day of the beschikking, moved past a closed day (Atw)", () => {
    // Wednesday 2 April 2014 + 6 weeks = Wednesday 14 May 2014.
    expect(interestPaymentDueOn(new Date("2014-04-02T09:00:00Z"))).toBe("2014-05-14");
    // Saturday 15 November 2025 + 6 weeks = Saturday 27 December 2025 → Monday 29 December.
    expect(interestPaymentDueOn(new Date("2025-11-15T09:00:00Z"))).toBe("2025-12-29");
  });
});
