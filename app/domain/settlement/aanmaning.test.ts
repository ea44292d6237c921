import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import {
  advisePlan,
  completePlan,
  grantPlan,
  payFirstAdvance,
  writeRealisationReport,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { aanmaningOwed, loadAanmaningInput, produceAanmaning } from "../documents/aanmaning-letter.server.ts";
import { produceInterestDecision } from "../documents/interest-decision-letter.server.ts";
import { revokedScenarioPlan } from "../documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../documents/revocation-letter.server.ts";
import { produceSettlementLetter } from "../documents/settlement-letter.server.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { addCalendarDays, amsterdamDate, localDateFromDb, localDateToDb } from "../time/index.ts";
import {
  type AanmaningKind,
  aanmaningDueOn,
  aanmaningKey,
  aanmaningOfKey,
  aanmaningStates,
  sendAanmaning,
} from "./aanmaning.server.ts";
import { decideRecoveryInterest, recordInterestReceived } from "./interest-decision.server.ts";
import { proposeSettlement } from "./propose.server.ts";
import { markRecoveryReceived, recordRecoveryPart } from "./recovery.server.ts";
import { settlePlan } from "./settle.server.ts";
import { recoveryClaimDueOn } from "./terms.ts";

/**
 * The aanmaning (Awb 4:112) of a terugvordering and of its wettelijke rente: finance only, once
 * per claim and kind (also when two press at once), only once the sum's last day passed unpaid,
 * with its audit row and the letter's outbox message in the transaction that records it.
 */

let s: Scenario;
let finance: Actor;
let financeName: string;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
  financeName = (await prisma.user.findUniqueOrThrow({ where: { id: finance.userId } })).name;
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

/** A revoked plan's claim of € 60.000, claimed on 10 January 2014 and due on Friday 28 February 2014. */
async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  // Made known: a claim is urged only after its beschikking was sent (Awb 3:40, 4:87).
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

/**
 * Received 30 days late (€ 147,95 interest), the beschikking made and its letter stored on
 * Wednesday 2 April 2014: the interest is due by Wednesday 14 May 2014.
 */
async function decidedInterest() {
  setClock(null);
  const c = await claimOf2014();
  await markRecoveryReceived(finance, c.claimId, "2014-03-30");
  setClock(new Date("2014-04-02T09:00:00Z"));
  await decideRecoveryInterest(finance, c.claimId);
  await produceInterestDecision(c.claimId);
  setClock(null);
  return c;
}

const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/**
 * A vaststelling at nil (50% realised) on 20 January of year + 3, claiming the € 60.000 advance
 * back; its letter not yet stored by the letters worker.
 */
async function settledClaim() {
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
  await payFirstAdvance(id);
  const settledAt = new Date(`${s.year + 3}-01-20T10:00:00Z`);
  setClock(settledAt);
  await writeRealisationReport(s, id, 17_500_000n);
  await proposeSettlement(s.handler, id, await planVersion(id), {
    amountCents: 0n,
    motivation: "Minder dan 60% gerealiseerd.",
  });
  await settlePlan(s.decisionMaker, id, await planVersion(id), {
    reduction: "NIL",
    reason: "Onder de drempel gebleven.",
  });
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId: id } });
  return { planId: id, claimId: claim.id, settlementId: claim.settlementId as string, settledAt };
}

const letterMessages = (claimId: string, what: AanmaningKind) =>
  prisma.outboxMessage.findMany({
    where: {
      jobName: "render-letter",
      AND: [
        { payload: { path: ["kind"], equals: "AANMANING" } },
        { payload: { path: ["recoveryClaimId"], equals: claimId } },
        { payload: { path: ["aanmaning"], equals: what } },
      ],
    },
  });

const audits = (claimId: string) =>
  prisma.auditLog.findMany({ where: { action: "recovery.aanmaning-sent", targetId: claimId } });

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a refusal");
}

describe("sendAanmaning of the claim", () => {
  it("is refused up to the last day and made the day after, once, with its audit and outbox rows in the claim's transaction", async () => {
    const { planId, claimId } = await claimOf2014();
    const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });

    setClock(new Date("2014-02-28T20:00:00Z")); // 21:00 in Amsterdam: still the last day
    const early = await refusal(sendAanmaning(finance, claimId, "claim"));
    expect(early).toBeInstanceOf(ConflictError);
    expect(early.code).toBe("NOT_OVERDUE");
    expect(early.message).toContain("hoeft pas uiterlijk 28 februari 2014 betaald te zijn");
    expect(early.message).toContain("een aanmaning kan vanaf 1 maart 2014");
    expect(await letterMessages(claimId, "claim")).toHaveLength(0);

    setClock(new Date("2014-03-03T09:00:00Z"));
    const sent = await sendAanmaning(finance, claimId, "claim");
    expect(sent).toMatchObject({ what: "claim", amountCents: 6_000_000n });
    const claim = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(claim.aanmaningAt).toEqual(new Date("2014-03-03T09:00:00Z"));
    expect(claim.aanmaningById).toBe(finance.userId);
    expect(claim.interestAanmaningAt).toBeNull();
    expect((await audits(claimId)).map((a) => a.details)).toEqual([
      { planId, what: "claim", amountCents: "6000000", lapsedOn: "2014-02-28" },
    ]);
    const messages = await letterMessages(claimId, "claim");
    expect(messages.map((m) => m.payload)).toEqual([
      { kind: "AANMANING", planId, recoveryClaimId: claimId, aanmaning: "claim" },
    ]);
    // One transaction: the claim's update, the audit row and the outbox message carry its id.
    const [tx] = await prisma.$queryRaw<{ claim: string; audit: string; outbox: string }[]>`
      SELECT (SELECT xmin::text FROM "RecoveryClaim" WHERE id = ${claimId}) AS claim,
             (SELECT xmin::text FROM "AuditLog" WHERE "targetId" = ${claimId} AND action = 'recovery.aanmaning-sent') AS audit,
             (SELECT xmin::text FROM "OutboxMessage" WHERE id = ${messages[0]?.id}) AS outbox`;
    expect(tx?.audit).toBe(tx?.claim);
    expect(tx?.outbox).toBe(tx?.claim);

    // A second press: a conflict naming the day and who, and nothing twice.
    const again = await refusal(sendAanmaning(finance, claimId, "claim"));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.code).toBe("AANMANING_ALREADY_SENT");
    expect(again.message).toBe(
      `Voor de terugvordering ${sent.reference} is al op 3 maart 2014 een aanmaning gemaakt door ${financeName}. Er is geen tweede gemaakt.`,
    );
    expect(await letterMessages(claimId, "claim")).toHaveLength(1);
    expect(await audits(claimId)).toHaveLength(1);
    // An aanmaning books nothing.
    expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);
  });

  it("makes one aanmaning when finance users press at the same moment, the others told whose it is", async () => {
    const others = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const users = [finance, ...others];
    const names = new Map<string, string>();
    for (const u of users)
      names.set(u.userId, (await prisma.user.findUniqueOrThrow({ where: { id: u.userId } })).name);
    // Two claims, three presses each: a race without the claim's lock shows up in one of them.
    const claims = [await claimOf2014(), await claimOf2014()];
    const results = await Promise.all(
      claims.map((c) => Promise.allSettled(users.map((u) => sendAanmaning(u, c.claimId, "claim")))),
    );
    for (const [i, { claimId }] of claims.entries()) {
      const settled = results[i] ?? [];
      expect(settled.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const claim = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
      for (const r of settled.filter((r) => r.status === "rejected")) {
        expect(r.reason).toBeInstanceOf(ConflictError);
        expect(r.reason.message).toContain(
          `een aanmaning gemaakt door ${names.get(claim.aanmaningById ?? "")}.`,
        );
      }
      expect(await letterMessages(claimId, "claim")).toHaveLength(1);
      expect(await audits(claimId)).toHaveLength(1);
    }
  });

  it("waits for the vaststelling's letter: before its bekendmaking the claim's six weeks have not begun", async () => {
    const { claimId, settlementId, settledAt } = await settledClaim();
    expect(
      (await prisma.settlement.findUniqueOrThrow({ where: { id: settlementId } })).announcedAt,
    ).toBeNull();
    // Past the provisional last day the vaststelling booked, the letter still not stored.
    const provisional = recoveryClaimDueOn(settledAt);
    setClock(new Date(`${addCalendarDays(provisional, 3)}T10:00:00Z`));
    const unsent = await refusal(sendAanmaning(finance, claimId, "claim"));
    expect(unsent).toBeInstanceOf(ConflictError);
    expect(unsent.code).toBe("CLAIM_DECISION_NOT_SENT");
    expect(unsent.message).toContain(
      "is nog niet verzonden: de zes weken om te betalen zijn nog niet begonnen",
    );
    expect((await aanmaningStates([claimId])).get(claimId)?.claim).toEqual({ state: "none" });
    expect(await letterMessages(claimId, "claim")).toHaveLength(0);

    // Stored now: the six weeks run from today (Awb 4:87), and only after them may finance urge.
    const sentAt = new Date(`${addCalendarDays(provisional, 3)}T10:00:00Z`);
    await produceSettlementLetter(settlementId);
    const dueOn = localDateFromDb(
      (await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).dueOn,
    );
    expect(dueOn).toBe(recoveryClaimDueOn(sentAt));
    expect((await refusal(sendAanmaning(finance, claimId, "claim"))).code).toBe("NOT_OVERDUE");
    setClock(new Date(`${addCalendarDays(dueOn, 1)}T10:00:00Z`));
    expect((await aanmaningStates([claimId])).get(claimId)?.claim).toEqual({ state: "due" });
    await expect(sendAanmaning(finance, claimId, "claim")).resolves.toMatchObject({ what: "claim" });
  });

  it("waits for the beschikking tot intrekking too, for a revoked plan's claim", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    // Long past its provisional last day, its letter not stored: nothing to urge yet.
    setClock(new Date(`${addCalendarDays(localDateFromDb(claim.dueOn), 3)}T10:00:00Z`));
    expect((await refusal(sendAanmaning(finance, claim.id, "claim"))).code).toBe("CLAIM_DECISION_NOT_SENT");
    expect((await aanmaningStates([claim.id])).get(claim.id)?.claim).toEqual({ state: "none" });
    await produceRevocationLetter(planId);
    expect((await refusal(sendAanmaning(finance, claim.id, "claim"))).code).toBe("NOT_OVERDUE");
  });

  it("urges what is left of a claim paid in part, in its audit row and its letter, as it stood when made", async () => {
    const { planId, claimId } = await claimOf2014();
    setClock(new Date("2014-03-02T09:00:00Z"));
    await recordRecoveryPart(finance, claimId, { amount: "20.000", receivedOn: "2014-03-01" });
    setClock(new Date("2014-03-03T09:00:00Z"));
    const sent = await sendAanmaning(finance, claimId, "claim");
    expect(sent.amountCents).toBe(4_000_000n);
    expect((await audits(claimId)).map((a) => a.details)).toEqual([
      { planId, what: "claim", amountCents: "4000000", lapsedOn: "2014-02-28" },
    ]);
    // A part recorded after the aanmaning was made does not change what its letter urges.
    setClock(new Date("2014-03-04T09:00:00Z"));
    await recordRecoveryPart(finance, claimId, { amount: "5.000", receivedOn: "2014-03-04" });
    const letter = await loadAanmaningInput(prisma, claimId, "claim", new Date("2014-03-04T10:00:00Z"));
    expect(letter).toMatchObject({ amountCents: 6_000_000n, paidCents: 2_000_000n });
    expect(aanmaningOwed(letter).cents).toBe(4_000_000n);
  });

  it("is finance's only", async () => {
    const { claimId } = await claimOf2014();
    for (const who of [s.handler, s.decisionMaker, s.applicantA])
      for (const what of ["claim", "interest"] as const)
        await expect(sendAanmaning(who, claimId, what)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).aanmaningAt).toBeNull();
  });

  it("refuses a claim already received", async () => {
    const { claimId } = await claimOf2014();
    await markRecoveryReceived(finance, claimId, "2014-03-30");
    const e = await refusal(sendAanmaning(finance, claimId, "claim"));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.code).toBe("ALREADY_RECEIVED");
    expect(e.message).toContain("is al als ontvangen geregistreerd: er valt niets aan te manen");
    expect(await letterMessages(claimId, "claim")).toHaveLength(0);
  });
});

describe("sendAanmaning of the wettelijke rente", () => {
  it("needs the beschikking, its letter sent and its six weeks passed; then once", async () => {
    const { planId, claimId } = await claimOf2014();
    await markRecoveryReceived(finance, claimId, "2014-03-30");
    expect((await refusal(sendAanmaning(finance, claimId, "interest"))).code).toBe("INTEREST_NOT_DECIDED");

    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claimId);
    const unsent = await refusal(sendAanmaning(finance, claimId, "interest"));
    expect(unsent.code).toBe("INTEREST_DECISION_NOT_SENT");
    expect(unsent.message).toContain("is nog niet verzonden");
    await produceInterestDecision(claimId);

    // Six weeks from Wednesday 2 April: Wednesday 14 May is the last day.
    setClock(new Date("2014-05-14T18:00:00Z"));
    const early = await refusal(sendAanmaning(finance, claimId, "interest"));
    expect(early.code).toBe("NOT_OVERDUE");
    expect(early.message).toContain("hoeft pas uiterlijk 14 mei 2014 betaald te zijn");
    expect(early.message).toContain("een aanmaning kan vanaf 15 mei 2014");

    setClock(new Date("2014-05-15T08:00:00Z"));
    const sent = await sendAanmaning(finance, claimId, "interest");
    expect(sent).toMatchObject({ what: "interest", amountCents: 14_795n });
    const claim = await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(claim.interestAanmaningAt).toEqual(new Date("2014-05-15T08:00:00Z"));
    expect(claim.interestAanmaningById).toBe(finance.userId);
    expect(claim.aanmaningAt).toBeNull();
    expect((await audits(claimId)).map((a) => a.details)).toEqual([
      { planId, what: "interest", amountCents: "14795", lapsedOn: "2014-05-14" },
    ]);
    expect((await letterMessages(claimId, "interest")).map((m) => m.payload)).toEqual([
      { kind: "AANMANING", planId, recoveryClaimId: claimId, aanmaning: "interest" },
    ]);
    const again = await refusal(sendAanmaning(finance, claimId, "interest"));
    expect(again.code).toBe("AANMANING_ALREADY_SENT");
    expect(again.message).toContain(
      `Voor de wettelijke rente van de terugvordering ${sent.reference} is al op 15 mei 2014 een aanmaning gemaakt door ${financeName}.`,
    );
    expect(await letterMessages(claimId, "interest")).toHaveLength(1);
    // The claim itself was received: its own aanmaning is refused on that ground.
    expect((await refusal(sendAanmaning(finance, claimId, "claim"))).code).toBe("ALREADY_RECEIVED");
  });

  it("refuses interest already received, and a beschikking of no interest", async () => {
    const paid = await decidedInterest();
    setClock(new Date("2014-05-10T09:00:00Z"));
    await recordInterestReceived(finance, paid.claimId, "2014-05-01");
    setClock(new Date("2014-06-01T09:00:00Z"));
    const e = await refusal(sendAanmaning(finance, paid.claimId, "interest"));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.code).toBe("INTEREST_ALREADY_RECEIVED");
    expect(e.message).toContain("is al geregistreerd: er valt niets aan te manen");

    // Data from before the rule (a beschikking of nothing): refused rather than urging € 0.
    const nothing = await decidedInterest();
    await prisma.recoveryClaim.update({ where: { id: nothing.claimId }, data: { interestCents: 0n } });
    try {
      expect((await refusal(sendAanmaning(finance, nothing.claimId, "interest"))).code).toBe(
        "NO_INTEREST_OWED",
      );
    } finally {
      await prisma.recoveryClaim.update({ where: { id: nothing.claimId }, data: { interestCents: 14_795n } });
    }
    for (const c of [paid, nothing]) expect(await letterMessages(c.claimId, "interest")).toHaveLength(0);
  });
});

describe("aanmaningDueOn", () => {
  it("is two weeks after the day the letter is sent, moved past a closed day (Atw)", () => {
    // Monday 3 March 2014 + 2 weeks = Monday 17 March 2014.
    expect(aanmaningDueOn(new Date("2014-03-03T09:00:00Z"))).toBe("2014-03-17");
    // Late on Sunday 2 March in UTC is Monday 3 March in Amsterdam.
    expect(aanmaningDueOn(new Date("2014-03-02T23:30:00Z"))).toBe("2014-03-17");
    // Thursday 11 December 2025 + 2 weeks = Christmas Day; Boxing Day and the weekend follow:
    // Monday 29 December.
    expect(aanmaningDueOn(new Date("2025-12-11T09:00:00Z"))).toBe("2025-12-29");
    // Saturday 13 December 2025 + 2 weeks = Saturday 27 December → Monday 29 December.
    expect(aanmaningDueOn(new Date("2025-12-13T09:00:00Z"))).toBe("2025-12-29");
  });

  it("has keys that name their claim and kind, and nothing else", () => {
    const id = "00000000-0000-4000-8000-000000000003";
    expect(aanmaningOfKey(aanmaningKey(id, "claim"))).toEqual({ claimId: id, what: "claim" });
    expect(aanmaningOfKey(aanmaningKey(id, "interest"))).toEqual({ claimId: id, what: "interest" });
    expect(aanmaningOfKey(`interest-decision:${id}`)).toBeNull();
  });
});

describe("aanmaningStates", () => {
  it("offers the aanmaning when the action allows it, then names it made, sent and lapsed", async () => {
    const { claimId } = await claimOf2014();
    const state = async () => (await aanmaningStates([claimId])).get(claimId);
    setClock(new Date("2014-02-28T09:00:00Z"));
    expect(await state()).toEqual({ claim: { state: "none" }, interest: { state: "none" } });
    setClock(new Date("2014-03-01T09:00:00Z"));
    expect((await state())?.claim).toEqual({ state: "due" });
    await sendAanmaning(finance, claimId, "claim");
    expect((await state())?.claim).toEqual({ state: "made", madeOn: "2014-03-01" });
    // The worker stores the letter on Monday 3 March: two weeks to Monday 17 March.
    setClock(new Date("2014-03-03T09:00:00Z"));
    const letter = await produceAanmaning(claimId, "claim");
    expect((await state())?.claim).toEqual({
      state: "sent",
      sentOn: "2014-03-03",
      payBy: "2014-03-17",
      lapsed: false,
      documentId: letter.id,
    });
    // The last day itself has not lapsed; the day after it has.
    setClock(new Date("2014-03-17T20:00:00Z"));
    expect((await state())?.claim).toMatchObject({ state: "sent", lapsed: false });
    setClock(new Date("2014-03-18T09:00:00Z"));
    expect((await state())?.claim).toMatchObject({ state: "sent", lapsed: true });
    // The interest is not owed while the claim is open.
    expect((await state())?.interest).toEqual({ state: "none" });
  });
});
