import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
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
import { amsterdamDate, formatDateNl, type LocalDate } from "../time/index.ts";
import { proposeSettlement } from "./propose.server.ts";
import { settlePlan } from "./settle.server.ts";
import { applicantSettlementSummary, settlementPage } from "./view.server.ts";

/**
 * A terugvordering falls due six weeks after its beschikking was made known (Awb 4:87, with the
 * Atw): the moment the letters worker stores the letter. Until then the claim holds a provisional
 * day from the decision, which the pages showed and the letter then contradicted: they name no day
 * before the letter exists, and the letter's once it does.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(disconnectPrisma);

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

async function letterText(documentId: string): Promise<string> {
  const doc = await prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, " ");
}

it("the vaststelling's claim: no day to pay before the beschikking's letter, the letter's day after", async () => {
  const { id, version: v } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, v));
  await reportExecutionStart(s.applicantA, id, await version(id), amsterdamDate(new Date()));
  await payFirstAdvance(id, 6_000_000n); // € 60.000 advanced
  setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
  await writeRealisationReport(s, id, 25_000_000n);
  // A lowered vaststelling: € 50.000, below the € 60.000 advanced: € 10.000 is claimed back.
  await proposeSettlement(s.handler, id, await version(id), {
    amountCents: 5_000_000n,
    motivation: "Een deel van de kosten is bij controle niet aanvaard.",
  });
  // Settled late in the evening (Dutch time); the letters worker stores the letter after midnight.
  setClock(new Date(`${s.year + 3}-02-02T22:50:00Z`)); // 23:50 in Amsterdam
  await settlePlan(s.decisionMaker, id, await version(id), {
    reduction: null,
    reason: "Vastgesteld op het voorstel.",
  });
  const before = await applicantSettlementSummary(id);
  expect(before?.recovery).toMatchObject({ amount: expect.stringContaining("10.000,00"), dueOn: null });
  expect(before?.recovery?.interestSince).toBeNull();
  // Nor does it say the beschikking is among the documents before its letter is.
  expect(before).toMatchObject({ status: "SETTLED", letterSent: false });
  expect((await settlementPage(s.handler, id)).recovery?.dueOn).toBeNull();

  setClock(new Date(`${s.year + 3}-02-02T23:10:00Z`)); // 00:10 the next day
  const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: id } });
  const doc = await produceSettlementLetter(settlement.id);
  const letterDay = (await applicantSettlementSummary(id))?.recovery?.dueOn as LocalDate;
  expect(letterDay).toBeTruthy();
  expect((await applicantSettlementSummary(id))?.letterSent).toBe(true);
  expect(await letterText(doc.id)).toContain(`Betaal dit bedrag uiterlijk ${formatDateNl(letterDay)}`);
  expect((await settlementPage(s.handler, id)).recovery?.dueOn).toBe(letterDay);
});

it("the intrekking's claim: no day to pay before the beschikking's letter, the letter's day after", async () => {
  const plan = await revocableScenarioPlan(s, 30_000_000n);
  setClock(new Date(`${s.year + 1}-09-03T10:00:00Z`));
  await revokeGrant(s.decisionMaker, plan.planId, plan.version, REVOCATION_REASON);
  const before = await applicantSettlementSummary(plan.planId);
  expect(before?.recovery).toMatchObject({ dueOn: null, interestSince: null });

  setClock(new Date(`${s.year + 1}-09-06T09:00:00Z`));
  const doc = await produceRevocationLetter(plan.planId);
  const letterDay = (await applicantSettlementSummary(plan.planId))?.recovery?.dueOn as LocalDate;
  expect(letterDay).toBeTruthy();
  expect(await letterText(doc.id)).toContain(`uiterlijk ${formatDateNl(letterDay)} op rekening`);
});
