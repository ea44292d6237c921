import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { waitingPlace } from "../review/completeness.server.ts";
import { verifyChains } from "../workflow/chain.server.ts";
import { allocateWaitingList } from "./allocate-waiting.server.ts";
import { checkLedger } from "./reports.server.ts";
import { BUDGET_SYSTEM_ACTOR, waitingList } from "./waiting-list.server.ts";

/**
 * Allocation in order of complete receipt (regulation art. 1.5): a plan that does not fit waits,
 * a later plan never overtakes it, and released money goes to the waiting plans in order.
 * Scenario plans ask € 300.000 a year for two years (€ 600.000) unless told otherwise; the
 * minimum request is € 250.000. Only the window's ceiling binds here (the envelopes are large).
 */

afterAll(async () => {
  await disconnectPrisma();
});

const M = 1_000_000n; // € 10.000 in cents
const status = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

async function complete(s: Scenario, perYear: string) {
  const { id, version: v } = await submittedPlan(s, perYear);
  await declareComplete(s.handler, id, v);
  return id;
}

async function allocationMessages(fund: string) {
  const rows = await prisma.outboxMessage.findMany({ where: { jobName: "allocate-waiting" } });
  return rows.filter((r) => (r.payload as { fund?: string }).fund === fund);
}

describe("waiting list", () => {
  it("gives released money to the waiting plans in order of receipt, never to a later one first", async () => {
    // Window € 1.000.000: a (€ 300.000) and b (€ 600.000) fit, € 100.000 is left.
    const s = await createScenario({ windowCeiling: 100n * M });
    const fund = s.regulation.fund;
    const a = await complete(s, "150.000,00");
    const b = await complete(s, "300.000,00");
    expect([await status(a), await status(b)]).toEqual(["IN_ASSESSMENT", "IN_ASSESSMENT"]);

    const c = await complete(s, "300.000,00"); // € 600.000: does not fit → waits
    const d = await complete(s, "150.000,00"); // € 300.000: does not fit either
    expect([await status(c), await status(d)]).toEqual(["WAITING_FOR_BUDGET", "WAITING_FOR_BUDGET"]);
    expect((await waitingList(prisma, { fund })).map((r) => [r.position, r.planId, r.fits])).toEqual([
      [1, c, false],
      [2, d, false],
    ]);

    // a withdraws: € 400.000 left. d (€ 300.000) would fit, but c (€ 600.000) is first in line.
    await withdrawPlan(s.applicantA, a, await version(a), "Wij zien ervan af.");
    expect(await allocationMessages(fund)).toHaveLength(1);
    const list = await waitingList(prisma, { fund });
    expect(list.map((r) => [r.planId, r.fits])).toEqual([
      [c, false],
      [d, true],
    ]);
    expect(list[0]?.needs.find((n) => n.year === null)).toMatchObject({
      potId: s.windowPotId,
      neededCents: 60n * M,
      availableCents: 40n * M,
    });
    // A newly complete plan that fits does not overtake the line either.
    const e = await complete(s, "125.000,00");
    expect(await status(e)).toBe("WAITING_FOR_BUDGET");

    expect(await allocateWaitingList(fund)).toEqual({ reserved: [], stillWaiting: 3 });
    expect([await status(c), await status(d), await status(e)]).toEqual([
      "WAITING_FOR_BUDGET",
      "WAITING_FOR_BUDGET",
      "WAITING_FOR_BUDGET",
    ]);

    // b withdraws too: € 1.000.000 free. c, then d; e (€ 250.000) no longer fits (€ 100.000 left).
    await withdrawPlan(s.applicantA, b, await version(b), null);
    const ref = async (id: string) =>
      (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { reference: true } })).reference;
    expect(await allocateWaitingList(fund)).toEqual({
      reserved: [await ref(c), await ref(d)],
      stillWaiting: 1,
    });
    expect([await status(c), await status(d), await status(e)]).toEqual([
      "IN_ASSESSMENT",
      "IN_ASSESSMENT",
      "WAITING_FOR_BUDGET",
    ]);
    // Running the job again changes nothing.
    expect(await allocateWaitingList(fund)).toEqual({ reserved: [], stillWaiting: 1 });
    expect(await prisma.ledgerEntry.count({ where: { planId: c, kind: "RESERVATION" } })).toBe(3);

    // The move is a workflow event of the system actor, in the plan's hash chain; its decision term runs on.
    const moved = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId: c, event: "budget_available" },
    });
    expect(moved).toMatchObject({
      fromStatus: "WAITING_FOR_BUDGET",
      toStatus: "IN_ASSESSMENT",
      actorId: BUDGET_SYSTEM_ACTOR.userId,
      actorRole: "FINANCE",
    });
    expect(
      await prisma.reminder.count({ where: { planId: c, kind: "DECISION_TERM_WARNING", cancelledAt: null } }),
    ).toBe(1);
    expect((await verifyChains(prisma, { planIds: [a, b, c, d, e] })).broken).toEqual([]);

    const window = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(window.reservedCents).toBe(90n * M);
    const potIds = [
      s.windowPotId,
      ...(await prisma.budgetEnvelope.findMany({ where: { fund } })).map((x) => x.potId),
    ];
    expect(await checkLedger(prisma, { potIds })).toEqual([]);
  });
});

describe("the handler's place in line (Volledigheid: 'Wacht op budget: plaats X van Y')", () => {
  it("is the place in the fund's line, every window of the fund, as /financien/wachtlijst shows it", async () => {
    // Envelopes of € 500.000 a year: A holds € 300.000 of each, so B and C (each € 300.000 a year) wait.
    const s = await createScenario({ yearCeiling: 50n * M });
    // A second window of the same regulation: the same fund and envelopes, its own pot.
    const pot = await prisma.budgetPot.create({
      data: { kind: "WINDOW", name: `W2 ${s.tag}`, ceilingCents: 1000n * M },
    });
    const w2 = await prisma.applicationWindow.create({
      data: {
        regulationId: s.regulation.id,
        name: `W2 ${s.tag}`,
        opensAt: new Date(Date.now() - 86_400_000),
        closesAt: new Date(Date.now() + 86_400_000),
        potId: pot.id,
      },
    });
    // Submission puts a plan in an open window; each is put in the window the test means.
    const inWindow = async (windowId: string) => {
      const { id, version: v } = await submittedPlan(s, "300.000,00");
      await prisma.plan.update({ where: { id }, data: { windowId } });
      await declareComplete(s.handler, id, v);
      return id;
    };
    await inWindow(s.window.id);
    const b = await inWindow(s.window.id);
    const c = await inWindow(w2.id);
    expect([await status(b), await status(c)]).toEqual(["WAITING_FOR_BUDGET", "WAITING_FOR_BUDGET"]);
    const line = await waitingList(prisma, { fund: s.regulation.fund });
    expect(line.map((r) => [r.planId, r.position])).toEqual([
      [b, 1],
      [c, 2],
    ]);
    expect(await waitingPlace(prisma, b)).toEqual({ place: 1, of: 2 });
    expect(await waitingPlace(prisma, c)).toEqual({ place: 2, of: 2 });
  });
});
