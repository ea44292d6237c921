import { extractText, getDocumentProxy } from "unpdf";
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
import { setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../documents/revocation-letter.server.ts";
import { produceSettlementLetter } from "../documents/settlement-letter.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import {
  amsterdamDate,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
  termEnd,
} from "../time/index.ts";
import { interestPaymentDueOn } from "./interest-decision.server.ts";
import { proposeSettlement } from "./propose.server.ts";
import { markRecoveryReceived } from "./recovery.server.ts";
import { settlePlan } from "./settle.server.ts";
import { RECOVERY_TERM_WEEKS, recoveryClaimDueOn } from "./terms.ts";

/**
 * The last day to pay a terugvordering back is six weeks after the beschikking was made known (Awb
 * 4:87 lid 1): the moment the letters worker stores its letter, not the vaststelling or intrekking
 * that may lie days before it. The decision's own day stays on the claim until the letter exists.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

async function letterText(documentId: string): Promise<string> {
  const doc = await prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, " ");
}

const claimDueOn = async (planId: string): Promise<LocalDate> =>
  localDateFromDb((await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } })).dueOn);

const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** A granted plan in execution with an advance of € 60.000 paid, its realisation report in. */
async function reportedPlan(): Promise<string> {
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
  await payFirstAdvance(id);
  setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
  await writeRealisationReport(s, id, 25_000_000n);
  return id;
}

describe("the terugvordering of a vaststelling", () => {
  it("falls due six weeks after its letter is stored, the day the letter states; a second run moves nothing", async () => {
    const planId = await reportedPlan();
    await proposeSettlement(s.handler, planId, await planVersion(planId), {
      amountCents: 3_000_000n,
      motivation: "Veel kosten niet aanvaard; vastgesteld op dit bedrag.",
    });
    // Settled on 23 January; the letters worker stores the beschikking three days later.
    const settledAt = new Date(`${s.year + 3}-01-23T16:00:00Z`);
    setClock(settledAt);
    await settlePlan(s.decisionMaker, planId, await planVersion(planId), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    // Until the letter exists, the decision's own six weeks.
    expect(await claimDueOn(planId)).toBe(recoveryClaimDueOn(settledAt));

    const sentAt = new Date(`${s.year + 3}-01-26T09:00:00Z`);
    setClock(sentAt);
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId } });
    const doc = await produceSettlementLetter(settlement.id);
    const announced = await prisma.settlement.findUniqueOrThrow({ where: { planId } });
    // One moment: the stored letter, its bekendmaking, and the start of the six weeks.
    expect(doc.createdAt).toEqual(sentAt);
    expect(announced.announcedAt).toEqual(sentAt);
    const dueOn = await claimDueOn(planId);
    expect(dueOn).toBe(termEnd(sentAt, { weeks: RECOVERY_TERM_WEEKS }));
    expect(dueOn > recoveryClaimDueOn(settledAt)).toBe(true);
    expect(await letterText(doc.id)).toContain(
      `Betaal dit bedrag uiterlijk ${formatDateNl(dueOn)} op rekening`,
    );

    setClock(new Date(`${s.year + 3}-02-02T09:00:00Z`));
    expect((await produceSettlementLetter(settlement.id)).id).toBe(doc.id);
    expect(await prisma.document.count({ where: { planId, kind: "SETTLEMENT_DECISION" } })).toBe(1);
    expect(await claimDueOn(planId)).toBe(dueOn);
    expect((await prisma.settlement.findUniqueOrThrow({ where: { planId } })).announcedAt).toEqual(sentAt);
  });
});

describe("the terugvordering of an intrekking", () => {
  it("falls due six weeks after its letter is stored: paid on that day, no verzuim and no interest", async () => {
    const plan = await revocableScenarioPlan(s, 30_000_000n);
    // Revoked on 3 September; the letters worker stores the beschikking three days later. Six weeks
    // on, mid-October, has no feestdag: the Atw cannot make the two last days one.
    const revokedAt = new Date(`${s.year + 1}-09-03T10:00:00Z`);
    setClock(revokedAt);
    await revokeGrant(s.decisionMaker, plan.planId, plan.version, REVOCATION_REASON);
    expect(await claimDueOn(plan.planId)).toBe(recoveryClaimDueOn(revokedAt));

    const sentAt = new Date(`${s.year + 1}-09-06T09:00:00Z`);
    setClock(sentAt);
    const doc = await produceRevocationLetter(plan.planId);
    expect(doc.createdAt).toEqual(sentAt);
    const dueOn = await claimDueOn(plan.planId);
    // The same six weeks as the interest beschikking's, counted from the same stored moment.
    expect(dueOn).toBe(interestPaymentDueOn(doc.createdAt));
    expect(dueOn > recoveryClaimDueOn(revokedAt)).toBe(true);
    const text = await letterText(doc.id);
    expect(text).toContain(`uiterlijk ${formatDateNl(dueOn)} op rekening`);
    expect(text).toContain(`Betaalt u niet uiterlijk ${formatDateNl(dueOn)}, dan bent u vanaf de dag daarna`);

    setClock(new Date(`${s.year + 1}-09-13T09:00:00Z`));
    expect((await produceRevocationLetter(plan.planId)).id).toBe(doc.id);
    expect(await prisma.document.count({ where: { planId: plan.planId, kind: "REVOCATION_DECISION" } })).toBe(
      1,
    );
    expect(await claimDueOn(plan.planId)).toBe(dueOn);

    // Paid on the last day the letter gives: in time (Awb 4:97), so no wettelijke rente.
    const halfYear = localDateToDb(`${s.year + 1}-07-01` as LocalDate);
    await prisma.statutoryInterestRate.upsert({
      where: { validFrom: halfYear },
      create: { validFrom: halfYear, rateBp: 400, source: "test", createdById: s.decisionMaker.userId },
      update: {},
    });
    setClock(new Date(`${s.year + 1}-11-30T10:00:00Z`));
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId: plan.planId } });
    const receipt = await markRecoveryReceived(await s.newUser("FINANCE"), claim.id, dueOn);
    expect(receipt.interestCents).toBe(0n);
  });
});
