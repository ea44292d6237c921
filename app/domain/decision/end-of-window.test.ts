import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { afterClose, createScenario, EUR, per, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { updateRegulationParameters } from "../regulation/setup.server.ts";
import { decide } from "./decide.server.ts";
import { CEILING_REACHED } from "./grounds.ts";

/**
 * The end-of-window rule (design.md §4, ADR 0011): a waiting plan is decided by what is left in its
 * pots, once nothing more can be released in its fund; the fund's line is kept. And no grant above
 * the co-financing rate its decision records (design.md §2/§5, ADR 0023).
 */

const ceilingReject = {
  outcome: "REJECT" as const,
  ground: CEILING_REACHED,
  reason: "Plafond bereikt.",
  amounts: [],
};

async function advise(s: Scenario, planId: string, version: number) {
  await prisma.adviserAssignment.create({
    data: {
      planId,
      adviserId: s.adviser.userId,
      assignedById: s.adviser.userId,
      assignedAt: new Date(),
      status: "ACTIVE",
    },
  });
  const criteria = s.regulation.criteria as { code: string }[];
  const r = await recordAdvice(s.adviser, planId, version, {
    recommendation: "GRANT",
    text: "Goed.",
    amounts: per(s, 300_000, 300_000),
    scores: criteria.map((c) => ({ criterion: c.code, score: 4, motivation: "Voldoende." })),
  });
  return r.version;
}

/** A closed earlier window of the scenario's regulation (so of its fund), with its own pot. */
async function earlierWindow(s: Scenario) {
  const pot = await prisma.budgetPot.create({
    data: { kind: "WINDOW", name: `W1 ${s.tag}`, ceilingCents: EUR(10_000_000) },
  });
  return prisma.applicationWindow.create({
    data: {
      regulationId: s.regulation.id,
      name: `W1 ${s.tag}`,
      opensAt: new Date(Date.now() - 30 * 86_400_000),
      closesAt: s.window.opensAt,
      potId: pot.id,
    },
  });
}
const askBudget = supplementRequestSchema.parse({
  text: "Vul de begroting aan.",
  steps: ["budget"],
  termDays: "14",
});

describe("a waiting plan after its window closed", () => {
  afterEach(() => setClock(null));

  it("is granted in full, never refused for the ceiling, when its whole request fits what is left", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const a = await submittedPlan(s);
    const ac = await declareComplete(s.handler, a.id, a.version);
    const av = await advise(s, a.id, ac.version);
    const b = await submittedPlan(s);
    const bc = await declareComplete(s.handler, b.id, b.version);
    expect(bc.status).toBe("WAITING_FOR_BUDGET");
    // Assessed while it waits (it is granted only on advice), and it keeps waiting.
    const bv = await advise(s, b.id, bc.version);
    afterClose(s);
    // A's 600.000 comes free; the worker has not served the line yet.
    await decide(s.decisionMaker, a.id, av, {
      outcome: "REJECT",
      ground: "awb-4-35",
      reason: "Nee.",
      amounts: [],
    });

    await expect(decide(s.decisionMaker, b.id, bv, ceilingReject)).rejects.toThrow(/past nog/);
    await expect(
      decide(s.decisionMaker, b.id, bv, {
        outcome: "PARTIAL_GRANT",
        reason: "Deel.",
        amounts: per(s, 300_000, 100_000),
      }),
    ).rejects.toThrow(/past nog/);
    const r = await decide(s.decisionMaker, b.id, bv, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    expect(r.status).toBe("GRANTED");
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(pot.committedCents).toBe(EUR(600_000));
  });

  it("is not refused for the ceiling while part of it fits and it is first in line; then granted in part", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const a = await submittedPlan(s);
    const ac = await declareComplete(s.handler, a.id, a.version);
    const av = await advise(s, a.id, ac.version);
    const b = await submittedPlan(s);
    const bc = await declareComplete(s.handler, b.id, b.version);
    const bv = await advise(s, b.id, bc.version);
    afterClose(s);
    await decide(s.decisionMaker, a.id, av, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    // 400.000 left for B's 600.000.
    await expect(decide(s.decisionMaker, b.id, bv, ceilingReject)).rejects.toThrow(/gedeeltelijk verleend/);
    await expect(
      decide(s.decisionMaker, b.id, bv, {
        outcome: "GRANT",
        reason: "Ja.",
        amounts: per(s, 300_000, 300_000),
      }),
    ).rejects.toThrow(/past niet meer/);
    const r = await decide(s.decisionMaker, b.id, bv, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat over is.",
      amounts: per(s, 300_000, 100_000),
    });
    expect(r.status).toBe("PARTIALLY_GRANTED");
  });

  it("waits while a plan of another window of the fund still holds the envelopes", async () => {
    const s = await createScenario({ yearCeiling: EUR(500_000) });
    await earlierWindow(s);
    setClock(new Date(Date.now() - 10 * 86_400_000));
    const a = await submittedPlan(s); // in W1, holds 300.000 of each year's 500.000
    const ac = await declareComplete(s.handler, a.id, a.version);
    expect(ac.status).toBe("IN_ASSESSMENT");
    setClock(null);
    const b = await submittedPlan(s);
    const bc = await declareComplete(s.handler, b.id, b.version);
    expect(bc.status).toBe("WAITING_FOR_BUDGET");
    afterClose(s);
    await expect(decide(s.decisionMaker, b.id, bc.version, ceilingReject)).rejects.toThrow(
      /Er kan nog budget vrijkomen/,
    );
    await expect(
      decide(s.decisionMaker, b.id, bc.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deel.",
        amounts: per(s, 200_000, 200_000),
      }),
    ).rejects.toThrow(/Er kan nog budget vrijkomen/);
  });

  it("is granted in part only when first in the fund's line, whatever its window", async () => {
    const s = await createScenario({ yearCeiling: EUR(500_000) });
    await earlierWindow(s);
    setClock(new Date(Date.now() - 10 * 86_400_000));
    const a = await submittedPlan(s);
    const ac = await declareComplete(s.handler, a.id, a.version);
    setClock(new Date(Date.now() - 9 * 86_400_000));
    const p1 = await submittedPlan(s); // W1, waits first
    const p1c = await declareComplete(s.handler, p1.id, p1.version);
    setClock(null);
    const p2 = await submittedPlan(s); // W2, waits behind P1
    const p2c = await declareComplete(s.handler, p2.id, p2.version);
    expect([p1c.status, p2c.status]).toEqual(["WAITING_FOR_BUDGET", "WAITING_FOR_BUDGET"]);
    afterClose(s);
    const av = await advise(s, a.id, ac.version);
    const p1v = await advise(s, p1.id, p1c.version);
    await decide(s.decisionMaker, a.id, av, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    // Read before the refused decision is started: an await inside toThrow's argument would leave
    // its rejection unhandled meanwhile.
    const { reference: first } = await prisma.plan.findUniqueOrThrow({ where: { id: p1.id } });
    await expect(
      decide(s.decisionMaker, p2.id, p2c.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deel.",
        amounts: per(s, 200_000, 200_000),
      }),
    ).rejects.toThrow(new RegExp(`eerste wachtende plan \\(${first}\\)`));
    const r = await decide(s.decisionMaker, p1.id, p1v, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat over is.",
      amounts: per(s, 200_000, 200_000),
    });
    expect(r.status).toBe("PARTIALLY_GRANTED");
    // Nothing left now: P2 is refused because the ceiling is reached.
    expect((await decide(s.decisionMaker, p2.id, p2c.version, ceilingReject)).status).toBe("REJECTED");
  });

  it("waits while a plan of the fund received before it is not yet checked for completeness", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const x = await submittedPlan(s);
    const xc = await declareComplete(s.handler, x.id, x.version);
    const xv = await advise(s, x.id, xc.version);
    const early = await submittedPlan(s); // received, completeness not yet checked
    const b = await submittedPlan(s);
    const bc = await declareComplete(s.handler, b.id, b.version);
    expect(bc.status).toBe("WAITING_FOR_BUDGET");
    afterClose(s);
    await decide(s.decisionMaker, x.id, xv, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    const ref = (await prisma.plan.findUniqueOrThrow({ where: { id: early.id } })).reference;
    await expect(
      decide(s.decisionMaker, b.id, bc.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deel.",
        amounts: per(s, 300_000, 100_000),
      }),
    ).rejects.toThrow(new RegExp(`Plan ${ref} is eerder ontvangen`));
  });

  it("is not held back by an earlier plan asked to supplement before it was found complete", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    // X is received first and asked to supplement before its completeness was found: its receipt
    // becomes the supplement's arrival (Awb 4:5, art. 1.5), after W's complete receipt.
    const x = await submittedPlan(s);
    const a = await submittedPlan(s);
    const ac = await declareComplete(s.handler, a.id, a.version);
    const av = await advise(s, a.id, ac.version);
    const w = await submittedPlan(s);
    const wc = await declareComplete(s.handler, w.id, w.version);
    expect(wc.status).toBe("WAITING_FOR_BUDGET");
    const wv = await advise(s, w.id, wc.version);
    await requestSupplement(s.handler, x.id, x.version, askBudget);
    afterClose(s);
    await decide(s.decisionMaker, a.id, av, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    const r = await decide(s.decisionMaker, w.id, wv, {
      outcome: "PARTIAL_GRANT",
      ground: CEILING_REACHED,
      reason: "Wat over is.",
      amounts: per(s, 300_000, 100_000),
    });
    expect(r.status).toBe("PARTIALLY_GRANTED");
  });

  it("waits while an earlier complete plan answers a supplement asked during its assessment", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const a = await submittedPlan(s);
    const ac = await declareComplete(s.handler, a.id, a.version);
    const w = await submittedPlan(s);
    const wc = await declareComplete(s.handler, w.id, w.version);
    expect(wc.status).toBe("WAITING_FOR_BUDGET");
    const wv = await advise(s, w.id, wc.version);
    // A keeps its place and its reservation while it answers; its answer may ask less.
    await requestSupplement(s.handler, a.id, ac.version, askBudget);
    afterClose(s);
    const ref = (await prisma.plan.findUniqueOrThrow({ where: { id: a.id } })).reference;
    await expect(
      decide(s.decisionMaker, w.id, wv, {
        outcome: "PARTIAL_GRANT",
        ground: CEILING_REACHED,
        reason: "Wat over is.",
        amounts: per(s, 300_000, 100_000),
      }),
    ).rejects.toThrow(new RegExp(`over plan ${ref} is nog niet beslist`));
  });
});

describe("the co-financing rate the decision records", () => {
  it("refuses a year above the rate of its eligible costs, the rate as it stands at the decision", async () => {
    const s = await createScenario();
    const p = await submittedPlan(s); // 300.000 a year on 700.000 costs a year
    const pc = await declareComplete(s.handler, p.id, p.version);
    const pv = await advise(s, p.id, pc.version);
    const reg = await prisma.regulation.findUniqueOrThrow({ where: { id: s.regulation.id } });
    const finance: Actor = { userId: randomUUID(), roles: ["FINANCE"], organisationIds: [] };
    await updateRegulationParameters(finance, reg.id, {
      cofinancingRate: 4000,
      minimumRequest: reg.minimumRequestCents,
      maxDurationMonths: reg.maxDurationMonths,
      extensionMonths: reg.extensionMonths,
      minThemes: reg.minThemes,
      decisionTermWeeks: reg.decisionTermWeeks,
      hersteltermijnDays: reg.hersteltermijnDays,
      executionStartMonths: reg.executionStartMonths,
      settlementRequestWeeks: reg.settlementRequestWeeks,
      settlementDecisionWeeks: reg.settlementDecisionWeeks,
      advanceInitial: reg.advanceInitialBp,
      advanceMax: reg.advanceMaxBp,
      advanceIntervalMonths: reg.advanceIntervalMonths,
      settlementThreshold: reg.settlementThresholdBp,
      advisersRequired: reg.advisersRequired,
    });
    const grant = (a: number, b: number) =>
      decide(s.decisionMaker, p.id, pv, {
        outcome: "PARTIAL_GRANT",
        reason: "Lager.",
        ground: "art-2.5-analyse",
        amounts: per(s, a, b),
      });
    await expect(
      decide(s.decisionMaker, p.id, pv, {
        outcome: "GRANT",
        reason: "Ja.",
        amounts: per(s, 300_000, 300_000),
      }),
    ).rejects.toThrow(/hoger dan 40% van de subsidiabele kosten in dat jaar \(hoogstens €.280\.000,00\)/);
    await expect(grant(280_000, 280_001)).rejects.toThrow(/hoogstens €.280\.000,00/);
    expect((await grant(280_000, 280_000)).status).toBe("PARTIALLY_GRANTED");
    const d = await prisma.decision.findUniqueOrThrow({ where: { planId: p.id } });
    expect((d.terms as { cofinancingRateBp: number }).cofinancingRateBp).toBe(4000);
  });
});
