import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  advisePlan,
  completePlan,
  declareComplete,
  fullAmounts,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { afterClose, createScenario, EUR, per, type Scenario } from "../../test/scenario.server.ts";
import { WAITING_FOR_ADVICE } from "../assessment/assessment.server.ts";
import { allocateWaitingList } from "../budget/allocate-waiting.server.ts";
import { waitingList } from "../budget/waiting-list.server.ts";
import { setClock } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { decide } from "./decide.server.ts";
import { CEILING_REACHED } from "./grounds.ts";
import { decisionPage } from "./page.server.ts";

/**
 * A waiting plan is granted (in full or in part) at the end of its window only on the advice the
 * ADVISED transition asks for (design.md §4: advisers assess before the decision; art. 2.5): it is
 * assessed while it waits and keeps waiting. A refusal because the ceiling is reached needs none.
 * Scenario plans ask € 300.000 a year for two years (€ 600.000).
 */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const plan = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } });

/** Window € 1.000.000: the first plan (€ 600.000) is reserved, the next one waits (€ 400.000 left). */
async function firstGrantedOneWaiting(s: Scenario) {
  const first = await completePlan(s);
  const advised = await advisePlan(s, first.id, first.version);
  const p = await submittedPlan(s);
  const c = await declareComplete(s.handler, p.id, p.version);
  expect(c.status).toBe("WAITING_FOR_BUDGET");
  return { first: { id: first.id, version: advised }, waiting: { id: p.id, version: c.version } };
}

async function adviseWaiting(s: Scenario, planId: string, version: number) {
  await activeAdviser(s, planId, s.adviser2);
  return recordAdvice(s.adviser2, planId, version, {
    scores: scenarioScores(),
    recommendation: "PARTIAL_GRANT",
    text: "Goed onderbouwd; het deel dat past is zinvol.",
    amounts: per(s, 200_000, 200_000),
  });
}

describe("end of window: a waiting plan nobody assessed", () => {
  it("is not granted (in part) without an advice against the criteria of art. 2.5", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const { first, waiting: p } = await firstGrantedOneWaiting(s);
    afterClose(s);
    await decide(s.decisionMaker, first.id, first.version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: fullAmounts(s),
    });
    expect(await prisma.advice.count({ where: { planId: p.id } })).toBe(0);

    const partial = decide(s.decisionMaker, p.id, p.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 200_000, 200_000),
    });
    await expect(partial).rejects.toBeInstanceOf(RuleViolation);
    await expect(partial).rejects.toThrow(WAITING_FOR_ADVICE);
    // Nothing written: no decision, no booking, the plan still waits.
    expect(await prisma.decision.count({ where: { planId: p.id } })).toBe(0);
    expect(await prisma.ledgerEntry.count({ where: { planId: p.id } })).toBe(0);
    expect(await plan(p.id)).toEqual({ status: "WAITING_FOR_BUDGET", version: p.version });

    // The decision page says why no grant is offered: it waits for advice.
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.waiting?.awaitingAdvice).toBe(WAITING_FOR_ADVICE);
    expect(page.waiting?.refusal).toBe(WAITING_FOR_ADVICE);
    expect(page.waiting?.mayGrant).toBe(false);
    expect(page.waiting?.isFirst).toBe(false);
    // The waiting line tells the handler it still needs advisers.
    const [row] = await waitingList(prisma, { windowId: s.window.id });
    expect(row?.advice).toEqual({ enough: false, advisers: 0 });
  });

  it("is not granted in full without advice either, when its whole request fits what is left", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const { first, waiting: p } = await firstGrantedOneWaiting(s);
    afterClose(s);
    await decide(s.decisionMaker, first.id, first.version, {
      outcome: "REJECT",
      ground: "awb-4-35",
      reason: "Nee.",
      amounts: [],
    });
    await expect(
      decide(s.decisionMaker, p.id, p.version, { outcome: "GRANT", reason: "Ja.", amounts: fullAmounts(s) }),
    ).rejects.toThrow(WAITING_FOR_ADVICE);
    expect((await plan(p.id)).status).toBe("WAITING_FOR_BUDGET");
  });

  it("is assessed while it waits, keeps waiting, and is then granted in part for what is left", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const { first, waiting: p } = await firstGrantedOneWaiting(s);
    // While the window is open: assigned, declared, advised — and still waiting for budget.
    const advised = await adviseWaiting(s, p.id, p.version);
    expect(advised.status).toBe("WAITING_FOR_BUDGET");
    expect(await plan(p.id)).toEqual({ status: "WAITING_FOR_BUDGET", version: p.version + 1 });
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId: p.id },
      orderBy: { id: "desc" },
    });
    expect([event.event, event.fromStatus, event.toStatus]).toEqual([
      "advise",
      "WAITING_FOR_BUDGET",
      "WAITING_FOR_BUDGET",
    ]);
    // Nothing was reserved by the advice.
    expect(await prisma.ledgerEntry.count({ where: { planId: p.id } })).toBe(0);
    expect((await waitingList(prisma, { windowId: s.window.id }))[0]?.advice).toEqual({
      enough: true,
      advisers: 1,
    });

    afterClose(s);
    await decide(s.decisionMaker, first.id, first.version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: fullAmounts(s),
    });
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.waiting?.awaitingAdvice).toBeNull();
    expect(page.waiting?.isFirst).toBe(true);
    expect(page.recommendation?.outcome).toBe("PARTIAL_GRANT");
    const r = await decide(s.decisionMaker, p.id, advised.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 200_000, 200_000),
    });
    expect(r.status).toBe("PARTIALLY_GRANTED");
  });

  it("offers what is left only up to each year's most, when the rate fell after submission", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const { first, waiting: p } = await firstGrantedOneWaiting(s);
    const advised = await adviseWaiting(s, p.id, p.version);
    // Costs € 700.000 a year: at 40% a year's most is € 280.000, below the € 300.000 requested.
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { cofinancingRateBp: 4000 } });
    afterClose(s);
    await decide(s.decisionMaker, first.id, first.version, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "Tot het cofinancieringspercentage.",
      amounts: per(s, 280_000, 280_000),
    });
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.years.map((y) => y.maxCents)).toEqual([String(EUR(280_000)), String(EUR(280_000))]);
    // € 440.000 is left in the window: € 280.000 in the first year (not the € 300.000 asked), the rest after.
    expect(page.waiting?.left).toEqual([
      { year: s.year + 1, cents: String(EUR(280_000)) },
      { year: s.year + 2, cents: String(EUR(160_000)) },
    ]);
    // What the page offers is what the decision accepts.
    const r = await decide(s.decisionMaker, p.id, advised.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 280_000, 160_000),
    });
    expect(r.status).toBe("PARTIALLY_GRANTED");
  });

  it("is still refused because the ceiling is reached without any advice", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const { first } = await firstGrantedOneWaiting(s); // its waiting plan is first in line
    const q = await submittedPlan(s);
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET");
    afterClose(s);
    await decide(s.decisionMaker, first.id, first.version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: fullAmounts(s),
    });
    // q is behind p: the ceiling is its ground, whatever its merits.
    const page = await decisionPage(s.decisionMaker, q.id);
    expect(page.waiting?.refusal).toBeNull();
    expect(page.waiting?.awaitingAdvice).toBeNull();
    const r = await decide(s.decisionMaker, q.id, qc.version, {
      outcome: "REJECT",
      ground: CEILING_REACHED,
      reason: "Het subsidieplafond is bereikt.",
      amounts: [],
    });
    expect(r.status).toBe("REJECTED");
    expect(await prisma.advice.count({ where: { planId: q.id } })).toBe(0);
  });

  it("goes straight to ADVISED when money comes free for it and it has its advice already", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const { first, waiting: p } = await firstGrantedOneWaiting(s);
    const advised = await adviseWaiting(s, p.id, p.version);
    expect(advised.status).toBe("WAITING_FOR_BUDGET");
    // The first plan is withdrawn: € 1.000.000 free, the worker serves the line.
    await withdrawPlan(s.applicantA, first.id, first.version, "Wij zien ervan af.");
    await allocateWaitingList(s.regulation.fund);
    expect((await plan(p.id)).status).toBe("ADVISED");
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(pot.reservedCents).toBe(EUR(600_000));
  });
});
