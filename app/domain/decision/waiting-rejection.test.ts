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
import { afterClose, createScenario, EUR, type Scenario } from "../../test/scenario.server.ts";
import { allocateWaitingList } from "../budget/allocate-waiting.server.ts";
import { setClock } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { decide } from "./decide.server.ts";
import { firstWaitingPlan, MERITS_NEED_ADVICE, WINDOW_STILL_OPEN } from "./engine.server.ts";
import { CEILING_REACHED } from "./grounds.ts";
import { decisionPage } from "./page.server.ts";
import { previewDecisionLetter } from "./preview.server.ts";

/**
 * A waiting plan that fails the regulation's criteria is refused on that ground at any time (ADR
 * 0011; Awb 4:35, art. 2.5): a refusal on the merits is no refusal for the ceiling, so neither the
 * window nor what is left stands in its way — only the advice it rests on. Its place in the line
 * goes to the next plan. Scenario plans ask € 300.000 a year for two years (€ 600.000).
 */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const MERITS = "art-2.5-analyse";
const onMerits = {
  outcome: "REJECT" as const,
  ground: MERITS,
  reason: "De analyse schiet tekort.",
  amounts: [],
};
const forCeiling = {
  outcome: "REJECT" as const,
  ground: CEILING_REACHED,
  reason: "Het subsidieplafond is bereikt.",
  amounts: [],
};
const plan = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } });

async function waitingPlan(s: Scenario, perYear?: string) {
  const p = await submittedPlan(s, perYear);
  const c = await declareComplete(s.handler, p.id, p.version);
  expect(c.status).toBe("WAITING_FOR_BUDGET");
  return { id: p.id, version: c.version };
}

/** The adviser finds the waiting plan short of the regulation's criteria; it keeps waiting. */
async function adviseReject(s: Scenario, planId: string, version: number): Promise<number> {
  await activeAdviser(s, planId, s.adviser2);
  const r = await recordAdvice(s.adviser2, planId, version, {
    scores: scenarioScores(1),
    recommendation: "REJECT",
    text: "De arbeidsmarktanalyse is niet onderbouwd.",
    amounts: [
      { year: s.year + 1, amount: 0n },
      { year: s.year + 2, amount: 0n },
    ],
  });
  expect(r.status).toBe("WAITING_FOR_BUDGET");
  return r.version;
}

describe("a waiting plan refused on the merits", () => {
  it("is refused while its window is open, once advised, and the next plan moves up", async () => {
    // € 1.000.000: the first plan holds € 600.000; p (€ 600.000) waits, q (€ 300.000) would fit but
    // may not overtake p.
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    await completePlan(s);
    const p = await waitingPlan(s);
    const q = await waitingPlan(s, "150.000,00");

    // Nobody assessed p yet: no refusal on the merits, and the page offers none.
    const early = decide(s.decisionMaker, p.id, p.version, onMerits);
    await expect(early).rejects.toBeInstanceOf(RuleViolation);
    await expect(early).rejects.toThrow(MERITS_NEED_ADVICE);
    const before = await decisionPage(s.decisionMaker, p.id);
    expect(before.canDecide).toBe(false);
    expect(before.waiting?.mayRejectOnMerits).toBe(false);
    expect(before.waiting?.refusal).toBe(WINDOW_STILL_OPEN);

    const version = await adviseReject(s, p.id, p.version);
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.canDecide).toBe(true);
    expect(page.waiting?.refusal).toBeNull();
    expect(page.waiting?.mayRejectOnMerits).toBe(true);
    expect(page.waiting?.mayGrant).toBe(false);
    expect(page.waiting?.isFirst).toBe(false);
    const codes = page.waiting?.rejectGrounds?.map((g) => g.code) ?? [];
    expect(codes).toContain(MERITS);
    expect(codes).toContain("awb-4-35");
    // The ceiling keeps its own rule: not while the window is open.
    expect(codes).not.toContain(CEILING_REACHED);
    await expect(decide(s.decisionMaker, p.id, version, forCeiling)).rejects.toThrow(WINDOW_STILL_OPEN);
    expect(await plan(p.id)).toEqual({ status: "WAITING_FOR_BUDGET", version });

    const outbox = () =>
      prisma.outboxMessage.count({ where: { payload: { path: ["fund"], equals: s.regulation.fund } } });
    const requested = await outbox();
    const r = await decide(s.decisionMaker, p.id, version, onMerits);
    expect(r.status).toBe("REJECTED");
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: p.id } });
    expect(decision.groundCode).toBe(MERITS);
    expect(decision.reason).toMatch(/^Grond: De analyse is ontoereikend \(artikel 2\.5 van de regeling\)/);
    // Nothing was held for it, nothing stays held; the line is served again, and q, now first, fits.
    expect(await prisma.ledgerEntry.count({ where: { planId: p.id } })).toBe(0);
    expect(await outbox()).toBeGreaterThan(requested);
    expect((await firstWaitingPlan(prisma, s.regulation.fund))?.id).toBe(q.id);
    await allocateWaitingList(s.regulation.fund);
    expect((await plan(q.id)).status).toBe("IN_ASSESSMENT");
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(pot.reservedCents).toBe(EUR(900_000));
  });

  it("is refused after its window closed although money is left for it, not for the ceiling", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const first = await completePlan(s);
    const firstVersion = await advisePlan(s, first.id, first.version);
    const p = await waitingPlan(s);
    const version = await adviseReject(s, p.id, p.version);
    afterClose(s);
    await decide(s.decisionMaker, first.id, firstVersion, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: fullAmounts(s),
    });

    // € 400.000 is left for p, the fund's first waiting plan: the ceiling is not its ground.
    await expect(decide(s.decisionMaker, p.id, version, forCeiling)).rejects.toThrow(
      /Er is nog budget over voor dit plan/,
    );
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.waiting?.refusal).toBeNull();
    expect(page.waiting?.isFirst).toBe(true);
    expect(page.waiting?.ceilingRefusal).toMatch(/Er is nog budget over voor dit plan/);
    const codes = page.waiting?.rejectGrounds?.map((g) => g.code) ?? [];
    expect(codes).toContain(MERITS);
    expect(codes).not.toContain(CEILING_REACHED);

    const r = await decide(s.decisionMaker, p.id, version, onMerits);
    expect(r.status).toBe("REJECTED");
    expect((await prisma.decision.findUniqueOrThrow({ where: { planId: p.id } })).groundCode).toBe(MERITS);
    expect(await prisma.ledgerEntry.count({ where: { planId: p.id } })).toBe(0);
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect([pot.reservedCents, pot.committedCents]).toEqual([0n, EUR(600_000)]);
  });

  it("has no letter previewed for a refusal on the merits without advice, and one once advised, storing nothing", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    await completePlan(s);
    const p = await waitingPlan(s);
    const outbox = () =>
      prisma.outboxMessage.count({ where: { payload: { path: ["planId"], equals: p.id } } });

    // The preview refuses what the decision refuses, in its words: no letter for a refusal that
    // nobody can take.
    const early = previewDecisionLetter(s.decisionMaker, p.id, onMerits);
    await expect(early).rejects.toBeInstanceOf(RuleViolation);
    await expect(early).rejects.toThrow(MERITS_NEED_ADVICE);

    const version = await adviseReject(s, p.id, p.version);
    const advisedOutbox = await outbox();
    const { bytes } = await previewDecisionLetter(s.decisionMaker, p.id, onMerits);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    // The trial decision was rolled back: the plan still waits, undecided, with nothing sent.
    expect(await plan(p.id)).toEqual({ status: "WAITING_FOR_BUDGET", version });
    expect(await prisma.decision.count({ where: { planId: p.id } })).toBe(0);
    expect(await prisma.workflowEvent.count({ where: { planId: p.id, event: "reject" } })).toBe(0);
    expect(await outbox()).toBe(advisedOutbox);
    // The ceiling keeps its own rule in the preview too: not while the window is open.
    await expect(previewDecisionLetter(s.decisionMaker, p.id, forCeiling)).rejects.toThrow(WINDOW_STILL_OPEN);
  });

  it("is not refused on the merits without advice after the window closed either", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const first = await completePlan(s);
    const firstVersion = await advisePlan(s, first.id, first.version);
    const p = await waitingPlan(s);
    afterClose(s);
    await decide(s.decisionMaker, first.id, firstVersion, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: fullAmounts(s),
    });
    await expect(decide(s.decisionMaker, p.id, p.version, onMerits)).rejects.toThrow(MERITS_NEED_ADVICE);
    const page = await decisionPage(s.decisionMaker, p.id);
    expect(page.waiting?.mayRejectOnMerits).toBe(false);
    expect(page.waiting?.rejectGrounds).toEqual([]);
    expect(await plan(p.id)).toEqual({ status: "WAITING_FOR_BUDGET", version: p.version });
    expect(await prisma.decision.count({ where: { planId: p.id } })).toBe(0);
  });
});
