import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { allocateWaitingList } from "../budget/allocate-waiting.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { produceWithdrawalConfirmation } from "./produce.server.ts";
import { readDocument } from "./store.server.ts";
import { WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION } from "./withdrawal-confirmation.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});

async function letterText(planId: string): Promise<string> {
  const doc = await produceWithdrawalConfirmation(planId);
  expect(doc.templateVersion).toBe(WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION);
  const pdf = await getDocumentProxy(new Uint8Array((await readDocument(doc.id)).bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const M = 1_000_000n;
/** The handlers' notice of the withdrawal (every case handler while nobody took the plan). */
const handlerNotice = async (planId: string) =>
  (await prisma.notification.findFirstOrThrow({ where: { planId, title: { endsWith: "ingetrokken" } } }))
    .body;
const state = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } });
const withdraw = async (s: Scenario, id: string) =>
  withdrawPlan(s.applicantA, id, (await state(id)).version, null);
const withdrawEvent = (planId: string) =>
  prisma.workflowEvent.findFirstOrThrow({ where: { planId, event: "withdraw" } });

/**
 * Window € 1.200.000, plans of € 600.000 each: a and b fit; c, received after a but found complete
 * before it, gives its reservation way to a (yield_budget, a RELEASE of c's), waits, and is reserved
 * again once b is withdrawn.
 */
async function reservedAfterGivingWay(): Promise<{ s: Scenario; planId: string }> {
  const s = await createScenario({ windowCeiling: 120n * M });
  const a = await submittedPlan(s);
  const b = await submittedPlan(s);
  const c = await submittedPlan(s);
  await declareComplete(s.handler, b.id, b.version);
  await declareComplete(s.handler, c.id, c.version);
  await declareComplete(s.handler, a.id, a.version);
  expect((await state(c.id)).status).toBe("WAITING_FOR_BUDGET");
  await withdraw(s, b.id);
  await allocateWaitingList(s.regulation.fund);
  expect((await state(c.id)).status).toBe("IN_ASSESSMENT");
  return { s, planId: c.id };
}

describe("the withdrawal confirmation names what the withdrawal itself released", () => {
  it("a plan that gave way and was reserved again frees its one reservation, not its history's releases", async () => {
    const { s, planId } = await reservedAfterGivingWay();
    await withdraw(s, planId);
    expect((await withdrawEvent(planId)).payload).toMatchObject({ releasedCents: String(60n * M) });
    const text = await letterText(planId);
    expect(text).toContain(
      "Het bedrag dat voor uw aanvraag was gereserveerd (€ 600.000,00), is weer beschikbaar voor andere aanvragen.",
    );
    expect(text).not.toContain("€ 1.200.000,00");
    expect(await handlerNotice(planId)).toContain("de reservering is vrijgegeven");
  });

  it("a plan withdrawn while it waits (it gave its reservation way before) freed nothing, and says nothing of it", async () => {
    const s = await createScenario({ windowCeiling: 60n * M });
    const a = await submittedPlan(s);
    const c = await submittedPlan(s);
    await declareComplete(s.handler, c.id, c.version);
    await declareComplete(s.handler, a.id, a.version);
    expect((await state(c.id)).status).toBe("WAITING_FOR_BUDGET");
    await withdraw(s, c.id);
    expect((await withdrawEvent(c.id)).payload).toMatchObject({ releasedCents: "0" });
    const text = await letterText(c.id);
    expect(text).not.toContain("is weer beschikbaar");
    expect(text).not.toContain("gereserveerd");
    // Nor does the handler's notice.
    expect(await handlerNotice(c.id)).toBe(
      "De aanvrager heeft de aanvraag ingetrokken. Er volgt geen besluit.",
    );
  });

  it("a withdrawal recorded before its event carried the amount: the window pot's releases booked by it", async () => {
    const { s, planId } = await reservedAfterGivingWay();
    await withdraw(s, planId);
    // As the event of an older release wrote it (the outbox job may run after the update).
    const event = await withdrawEvent(planId);
    await prisma.workflowEvent.update({ where: { id: event.id }, data: { payload: {} } });
    const text = await letterText(planId);
    expect(text).toContain("(€ 600.000,00), is weer beschikbaar");
    expect(text).not.toContain("€ 1.200.000,00");
  });
});
