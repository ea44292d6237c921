import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { holdPots, untilWaiting } from "../../test/lock-waits.server.ts";
import {
  activeAdviser,
  declareComplete,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { afterClose, createScenario, EUR, per, type Scenario } from "../../test/scenario.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { BUDGET_SYSTEM_ACTOR, yieldReason } from "../budget/waiting-list.server.ts";
import { setClock } from "../clock.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { verifyChains } from "../workflow/chain.server.ts";
import { budgetImpact } from "./budget-impact.server.ts";
import { decide, wouldDecide } from "./decide.server.ts";
import { endOfWindowRefusals, whatIsLeftForWaiting } from "./engine.server.ts";
import { CEILING_REACHED } from "./grounds.ts";
import { decisionPage } from "./page.server.ts";

/**
 * The end of the window keeps the order of complete receipt, not of the handler's click (regulation
 * art. 1.5, Awb 4:26; design.md §4/§5; ADR 0011): a plan received later but found complete sooner
 * holds a reservation that is room for the first waiting plan, and gives way when that plan is
 * decided — it does not hold the decision back, nor does it get its money first.
 */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const plan = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, reference: true } });
const yieldEvents = (planIds: string[]) =>
  prisma.workflowEvent.findMany({ where: { planId: { in: planIds }, event: "yield_budget" } });
const sum = (list: { cents: bigint }[]) => list.reduce((t, y) => t + y.cents, 0n);

async function adviseAs(
  s: Scenario,
  planId: string,
  version: number,
  amounts: { year: number; amount: bigint }[],
  adviser = s.adviser,
) {
  await activeAdviser(s, planId, adviser);
  const requested = (
    await prisma.planYear.findMany({
      where: { planId },
      orderBy: { year: "asc" },
      select: { requestedCents: true },
    })
  ).map((y) => y.requestedCents);
  const r = await recordAdvice(adviser, planId, version, {
    scores: scenarioScores(),
    recommendation: amounts.every((a, i) => a.amount === requested[i]) ? "GRANT" : "PARTIAL_GRANT",
    text: "Goed.",
    amounts,
  });
  return r.version;
}

async function windowPot(s: Scenario) {
  const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
  return { committed: pot.committedCents, reserved: pot.reservedCents, ceiling: pot.ceilingCents };
}

async function assertInvariant(s: Scenario) {
  const envelopes = await prisma.budgetEnvelope.findMany({ where: { fund: s.regulation.fund } });
  const potIds = [s.windowPotId, ...envelopes.map((e) => e.potId)];
  for (const potId of potIds) {
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: potId } });
    expect(pot.reservedCents + pot.committedCents).toBeLessThanOrEqual(pot.ceilingCents);
  }
  expect(await checkLedger(prisma, { potIds })).toEqual([]);
}

const allocationsAsked = (s: Scenario) =>
  prisma.outboxMessage.count({
    where: { jobName: "allocate-waiting", payload: { path: ["fund"], equals: s.regulation.fund } },
  });

/** What the decision form offers as left for a waiting plan (the page's pre-filled amounts). */
async function leftOffered(planId: string) {
  const years = await prisma.planYear.findMany({
    where: { planId },
    orderBy: { year: "asc" },
    select: { year: true, requestedCents: true },
  });
  const impact = await budgetImpact(prisma, planId);
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { id: true, status: true, window: { select: { closesAt: true } } },
  });
  return whatIsLeftForWaiting(
    prisma,
    { id: plan.id, status: plan.status, windowClosesAt: plan.window?.closesAt ?? null },
    years.map((y) => ({ year: y.year, cents: y.requestedCents })),
    impact.pots,
  );
}

/**
 * The reviewer's case. Window € 1.000.000. Received A (€ 600.000), P (€ 600.000), L (€ 300.000);
 * found complete A, L, then P: P does not fit even with L's € 300.000 (€ 100.000 + € 300.000), so
 * nobody gave way and P waits behind a plan received after it. A is advised, L advised (undecided).
 */
async function clickedOutOfOrder(opts: { askLForSupplement?: boolean } = {}) {
  const s = await createScenario({ windowCeiling: EUR(1_000_000) });
  const a = await submittedPlan(s);
  const p = await submittedPlan(s);
  const l = await submittedPlan(s, "150.000,00");
  const ac = await declareComplete(s.handler, a.id, a.version);
  const lc = await declareComplete(s.handler, l.id, l.version);
  expect(lc.status).toBe("IN_ASSESSMENT");
  const pc = await declareComplete(s.handler, p.id, p.version);
  expect(pc.status).toBe("WAITING_FOR_BUDGET");
  const av = await adviseAs(s, a.id, ac.version, per(s, 300_000, 300_000));
  const pv = await adviseAs(s, p.id, pc.version, per(s, 200_000, 200_000), s.adviser2);
  if (opts.askLForSupplement) {
    await requestSupplement(
      s.handler,
      l.id,
      lc.version,
      supplementRequestSchema.parse({ text: "Vul de begroting aan.", steps: ["budget"], termDays: "14" }),
    );
  } else {
    await adviseAs(s, l.id, lc.version, per(s, 150_000, 150_000));
  }
  afterClose(s);
  await decide(s.decisionMaker, a.id, av, {
    outcome: "GRANT",
    reason: "Ja.",
    amounts: per(s, 300_000, 300_000),
  });
  return { s, a, p: { id: p.id, version: pv }, l: { id: l.id } };
}

describe("end of window: the line is complete receipt, not the handler's click", () => {
  it("gives the earlier-received waiting plan what a later-received undecided plan holds", async () => {
    const { s, p, l } = await clickedOutOfOrder();
    const { reference: pRef } = await plan(p.id);

    // Not held back by L: L's reservation is room for P. € 400.000 is left for it, not € 100.000.
    const refusals = await prisma.$transaction((tx) => endOfWindowRefusals(tx, p.id));
    expect(refusals.partial).toBeNull();
    expect(refusals.grant).toMatch(/past niet meer/);
    expect(refusals.reject).toMatch(/gedeeltelijk verleend voor wat er over is/);
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.canDecide).toBe(true);
    expect(page.waiting?.isFirst).toBe(true);
    expect(await leftOffered(p.id)).toEqual([
      { year: s.year + 1, cents: EUR(300_000) },
      { year: s.year + 2, cents: EUR(100_000) },
    ]);
    // Reading moved nothing.
    expect((await plan(l.id)).status).toBe("ADVISED");
    expect(await yieldEvents([l.id])).toEqual([]);

    // The ceiling's check counts what L gives way with: granting € 200.000 refuses too much.
    await expect(
      decide(s.decisionMaker, p.id, p.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deel.",
        amounts: per(s, 100_000, 100_000),
      }),
    ).rejects.toThrow(/Er is nog €.400\.000,00 over voor dit plan/);
    // The refused decision rolled L's giving way back with it; so does the letter's preview.
    expect((await plan(l.id)).status).toBe("ADVISED");
    await wouldDecide(s.decisionMaker, p.id, {
      outcome: "PARTIAL_GRANT",
      reason: "Deel.",
      amounts: per(s, 300_000, 100_000),
    });
    expect((await plan(l.id)).status).toBe("ADVISED");
    expect(await yieldEvents([l.id])).toEqual([]);

    const r = await decide(s.decisionMaker, p.id, p.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 300_000, 100_000),
    });
    expect(r.status).toBe("PARTIALLY_GRANTED");
    // L gave way (the system's event, in L's chain) and waits at its own place.
    expect((await plan(l.id)).status).toBe("WAITING_FOR_BUDGET");
    const events = await yieldEvents([p.id, l.id]);
    expect(events.map((e) => [e.planId, e.actorId, e.reason])).toEqual([
      [l.id, BUDGET_SYSTEM_ACTOR.userId, yieldReason(pRef)],
    ]);
    expect(await windowPot(s)).toEqual({ committed: EUR(1_000_000), reserved: 0n, ceiling: EUR(1_000_000) });

    // Nothing is left for L: refused because the ceiling is reached.
    const lNow = await plan(l.id);
    const rl = await decide(s.decisionMaker, l.id, lNow.version, {
      outcome: "REJECT",
      ground: CEILING_REACHED,
      reason: "Plafond bereikt.",
      amounts: [],
    });
    expect(rl.status).toBe("REJECTED");
    expect((await verifyChains(prisma, { planIds: [p.id, l.id] })).broken).toEqual([]);
    await assertInvariant(s);
  });

  it("grants the first waiting plan in full when fewer later reservations make it fit: the latest give way", async () => {
    // Window € 960.000. Received A (€ 400.000), P (€ 600.000), L1 and L2 (€ 280.000 each); found
    // complete A, L1, L2, then P (€ 0 + € 560.000 < € 600.000: P waits). After the close A is
    // refused on the merits (€ 400.000 free; the worker has not served the line yet): with L2's
    // € 280.000 P fits whole. L2 gives way, L1 keeps its reservation.
    const s = await createScenario({ windowCeiling: EUR(960_000) });
    const a = await submittedPlan(s, "200.000,00");
    const p = await submittedPlan(s);
    const l1 = await submittedPlan(s, "140.000,00");
    const l2 = await submittedPlan(s, "140.000,00");
    const ac = await declareComplete(s.handler, a.id, a.version);
    for (const l of [l1, l2])
      expect((await declareComplete(s.handler, l.id, l.version)).status).toBe("IN_ASSESSMENT");
    const pc = await declareComplete(s.handler, p.id, p.version);
    expect(pc.status).toBe("WAITING_FOR_BUDGET");
    const av = await adviseAs(s, a.id, ac.version, per(s, 200_000, 200_000));
    const pv = await adviseAs(s, p.id, pc.version, per(s, 300_000, 300_000), s.adviser2);
    afterClose(s);
    await decide(s.decisionMaker, a.id, av, {
      outcome: "REJECT",
      ground: "awb-4-35",
      reason: "Nee.",
      amounts: [],
    });

    expect(sum(await leftOffered(p.id))).toBe(EUR(600_000));
    const before = await allocationsAsked(s);
    const r = await decide(s.decisionMaker, p.id, pv, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    expect(r.status).toBe("GRANTED");
    expect([(await plan(l1.id)).status, (await plan(l2.id)).status]).toEqual([
      "IN_ASSESSMENT",
      "WAITING_FOR_BUDGET",
    ]);
    expect((await yieldEvents([l1.id, l2.id])).map((e) => e.planId)).toEqual([l2.id]);
    expect(await windowPot(s)).toEqual({
      committed: EUR(600_000),
      reserved: EUR(280_000),
      ceiling: EUR(960_000),
    });
    // What P's grant left (€ 80.000) goes back to the line: L2's giving way asked for the allocation.
    expect(await allocationsAsked(s)).toBeGreaterThan(before);
    await assertInvariant(s);
  });

  it("is still held back by a later plan that answers a supplement with its reservation", async () => {
    const { s, p, l } = await clickedOutOfOrder({ askLForSupplement: true });
    const { reference: lRef, status } = await plan(l.id);
    expect(status).toBe("INFO_REQUESTED");
    await expect(
      decide(s.decisionMaker, p.id, p.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deel.",
        amounts: per(s, 50_000, 50_000),
      }),
    ).rejects.toThrow(new RegExp(`over plan ${lRef} is nog niet beslist`));
    expect(sum(await leftOffered(p.id))).toBe(EUR(100_000));
  });
});

describe("end of window: the first plan's grant racing the later plan's decision", () => {
  it("refuses the later plan's grant while the first waiting plan's window has closed; rejecting it stays possible", async () => {
    const { s, p, l } = await clickedOutOfOrder();
    const { reference: pRef } = await plan(p.id);
    const lv = (await plan(l.id)).version;
    // The page says so before the decision maker tries, and keeps the form (a rejection is open).
    const page = await decisionPage(s.decisionMaker, l.id);
    expect(page.firstInLine).toContain(`Beslis eerst over plan ${pRef}`);
    expect(page.canDecide).toBe(true);
    for (const outcome of ["GRANT", "PARTIAL_GRANT"] as const) {
      await expect(
        decide(s.decisionMaker, l.id, lv, {
          outcome,
          reason: "Ja.",
          amounts: outcome === "GRANT" ? per(s, 150_000, 150_000) : per(s, 100_000, 100_000),
          ...(outcome === "PARTIAL_GRANT" ? { ground: "awb-4-35" } : {}),
        }),
      ).rejects.toThrow(`Plan ${pRef} is eerder volledig ontvangen en wacht op budget`);
    }
    expect((await plan(l.id)).status).toBe("ADVISED");
    expect(await windowPot(s)).toMatchObject({
      committed: EUR(300_000) + EUR(300_000),
      reserved: EUR(300_000),
    });
    // Once the first waiting plan is decided, the later one is no longer held back by it.
    await decide(s.decisionMaker, p.id, p.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 300_000, 100_000),
    });
    expect((await decisionPage(s.decisionMaker, l.id)).firstInLine).toBeNull();
    await assertInvariant(s);
  });

  it("lets the later plan be rejected on its merits before the first waiting plan is decided", async () => {
    const { s, p, l } = await clickedOutOfOrder();
    const lv = (await plan(l.id)).version;
    const r = await decide(s.decisionMaker, l.id, lv, {
      outcome: "REJECT",
      ground: "awb-4-35",
      reason: "De activiteiten zullen niet plaatsvinden.",
      amounts: [],
    });
    expect(r.status).toBe("REJECTED");
    // Its reservation is free again: the first waiting plan's grant finds it without anyone giving way.
    const pr = await decide(s.decisionMaker, p.id, p.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 300_000, 100_000),
    });
    expect(pr.status).toBe("PARTIALLY_GRANTED");
    expect(await yieldEvents([l.id])).toEqual([]);
    await assertInvariant(s);
  });

  it("lets the first plan's grant under way win, without a deadlock: the later plan's decision finds it changed", async () => {
    const { s, p, l } = await clickedOutOfOrder();
    const lv = (await plan(l.id)).version;
    const release = await holdPots([s.windowPotId]);
    // P's grant holds P's row, the fund's line and L's row, and waits for the pots; L's grant waits for L's row.
    const pGrant = decide(s.decisionMaker, p.id, p.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 300_000, 100_000),
    });
    await untilWaiting(1);
    const lGrant = decide(s.decisionMaker, l.id, lv, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 150_000, 150_000),
    }).then(
      (x) => x.status,
      (e: Error) => `refused: ${e.constructor.name}`,
    );
    await untilWaiting(2);
    await release();
    expect((await pGrant).status).toBe("PARTIALLY_GRANTED");
    expect(await lGrant).toBe("refused: ConflictError");
    expect((await plan(l.id)).status).toBe("WAITING_FOR_BUDGET");
    expect((await yieldEvents([l.id])).map((e) => e.actorId)).toEqual([BUDGET_SYSTEM_ACTOR.userId]);
    expect(await windowPot(s)).toEqual({ committed: EUR(1_000_000), reserved: 0n, ceiling: EUR(1_000_000) });
    expect((await verifyChains(prisma, { planIds: [p.id, l.id] })).broken).toEqual([]);
    await assertInvariant(s);
  });
});

describe("a later advised plan waits only for the first waiting plan it can give room to", () => {
  const DAY = 86_400_000;

  /** A second window of the scenario's regulation (same fund, same envelopes), closing in `days`. */
  async function secondWindow(s: Scenario, ceiling: bigint, closesInDays: number) {
    const pot = await prisma.budgetPot.create({
      data: { kind: "WINDOW", name: `W2 ${s.tag}`, ceilingCents: ceiling },
    });
    const w = await prisma.applicationWindow.create({
      data: {
        regulationId: s.regulation.id,
        name: `W2 ${s.tag}`,
        opensAt: new Date(Date.now() - DAY),
        closesAt: new Date(Date.now() + closesInDays * DAY),
        potId: pot.id,
      },
    });
    return { ...w, potId: pot.id };
  }
  async function submittedIn(s: Scenario, windowId: string) {
    const p = await submittedPlan(s);
    await prisma.plan.update({ where: { id: p.id }, data: { windowId } });
    return p;
  }
  const grantL = (s: Scenario, id: string, version: number) =>
    decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });

  it("is not held back by a waiting plan that is not the fund's first (which could not be decided before it)", async () => {
    // Window A (open a year, € 100.000) and B (closes in 2 days, ample). Received W0 (A), P (B), L (B);
    // found complete L, W0, P: W0 waits for A's ceiling, P waits behind W0. B closes.
    const s = await createScenario({ windowCeiling: EUR(100_000) });
    const b = await secondWindow(s, EUR(10_000_000), 2);
    const w0 = await submittedIn(s, s.window.id);
    const p = await submittedIn(s, b.id);
    const l = await submittedIn(s, b.id);
    const lc = await declareComplete(s.handler, l.id, l.version);
    expect((await declareComplete(s.handler, w0.id, w0.version)).status).toBe("WAITING_FOR_BUDGET");
    expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
    const lv = await adviseAs(s, l.id, lc.version, per(s, 300_000, 300_000));
    setClock(new Date(b.closesAt.getTime() + 3_600_000));
    expect((await decisionPage(s.decisionMaker, l.id)).firstInLine).toBeNull();
    expect((await grantL(s, l.id, lv)).status).toBe("GRANTED");
    await assertInvariant(s);
  });

  it("is not held back when its money lies in another window's pot than the one the waiting plan lacks", async () => {
    // Window B (P's, € 100.000, closes in 2 days) and A (L's, open, ample). Received P then L; found
    // complete L, then P: P does not fit B and L holds nothing there. B closes.
    const s = await createScenario();
    const b = await secondWindow(s, EUR(100_000), 2);
    const p = await submittedIn(s, b.id);
    const l = await submittedIn(s, s.window.id);
    const lc = await declareComplete(s.handler, l.id, l.version);
    expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
    const lv = await adviseAs(s, l.id, lc.version, per(s, 300_000, 300_000));
    setClock(new Date(b.closesAt.getTime() + 3_600_000));
    expect((await decisionPage(s.decisionMaker, l.id)).firstInLine).toBeNull();
    expect((await grantL(s, l.id, lv)).status).toBe("GRANTED");
    await assertInvariant(s);
  });
});
