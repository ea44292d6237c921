import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { listCases } from "../caselist/list.server.ts";
import { parseListParams } from "../caselist/params.ts";
import { setClock } from "../clock.ts";
import { ConflictError } from "../errors.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { assessmentView } from "./assessment.server.ts";
import { assignAdviser, assignmentOverview, claimPlan, declareInterest } from "./assignment.server.ts";

/**
 * A plan waiting for budget is assessed while it waits: at the end of its window it is granted
 * for what is left only on advice (decision/engine, assessedBeforeWaitingGrant). So advisers are
 * assigned to it, claim it, declare on it and advise on it, and it keeps waiting for budget.
 * Window € 1.000.000, scenario plans € 600.000: the first is reserved, the others wait.
 */

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

async function waitingPlan(s: Scenario) {
  const p = await submittedPlan(s);
  const c = await declareComplete(s.handler, p.id, p.version);
  expect(c.status).toBe("WAITING_FOR_BUDGET");
  planIds.push(p.id);
  const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: p.id } });
  return { id: p.id, version: c.version, reference };
}

const adviserQueue = (actor: Scenario["adviser"], q: string, extra = "") =>
  listCases(actor, parseListParams(new URLSearchParams(`lijst=beoordeling&q=${q}${extra}`)));

describe("advisers on a plan that waits for budget", () => {
  it("are assigned, claim, declare and advise; the plan keeps waiting", async () => {
    const s = await createScenario({ windowCeiling: 100_000_000n });
    const first = await completePlan(s);
    planIds.push(first.id);
    const w1 = await waitingPlan(s);
    const w2 = await waitingPlan(s);

    // The coordinator sees both among the plans that need advisers, marked as waiting.
    const row = async (id: string) =>
      (await assignmentOverview(s.coordinator, { plan: id })).plans.find((p) => p.id === id);
    expect(await row(w1.id)).toMatchObject({ waitingForBudget: true, unassigned: true });
    expect(await row(w2.id)).toMatchObject({ waitingForBudget: true, unassigned: true });
    expect(await row(first.id)).toMatchObject({ waitingForBudget: false });
    // The adviser's work list names them, to be claimed.
    const unassigned = await adviserQueue(s.adviser2, w2.reference, "&behandelaar=geen");
    expect(unassigned.list).toBe("beoordeling");
    expect(unassigned.rows.map((r) => [r.id, r.status])).toEqual([[w2.id, "WAITING_FOR_BUDGET"]]);
    expect(unassigned.rows[0]?.href).toBe(`/behandeling/toewijzing?plan=${w2.id}#plan-${w2.id}`);

    await assignAdviser(s.coordinator, w1.id, s.adviser.userId);
    await claimPlan(s.adviser2, w2.id);
    expect((await declareInterest(s.adviser, w1.id, { conflict: false })).status).toBe("ACTIVE");
    expect((await declareInterest(s.adviser2, w2.id, { conflict: false })).status).toBe("ACTIVE");
    const mine = await adviserQueue(s.adviser2, w2.reference, "&behandelaar=mijn");
    expect(mine.rows[0]?.href).toBe(`/behandeling/plannen/${w2.id}`);

    expect((await assessmentView(s.adviser, w1.id)).mayAdvise).toBe(true);
    const advised = await recordAdvice(s.adviser, w1.id, w1.version, {
      scores: [{ criterion: "analyse", score: 4, motivation: "De analyse is onderbouwd." }],
      recommendation: "GRANT",
      text: "Goed onderbouwd.",
      amounts: [
        { year: s.year + 1, amount: 30_000_000n },
        { year: s.year + 2, amount: 30_000_000n },
      ],
    });
    expect(advised.status).toBe("WAITING_FOR_BUDGET");
    const stored = await prisma.plan.findUniqueOrThrow({ where: { id: w1.id } });
    expect([stored.status, stored.version]).toEqual(["WAITING_FOR_BUDGET", w1.version + 1]);
    expect(await prisma.advice.count({ where: { planId: w1.id, adviserId: s.adviser.userId } })).toBe(1);
    expect(await prisma.ledgerEntry.count({ where: { planId: w1.id } })).toBe(0);
  });

  it("are still refused for a plan past assessment", async () => {
    const s = await createScenario();
    const p = await completePlan(s);
    planIds.push(p.id);
    await advisePlan(s, p.id, p.version);
    const refused = assignAdviser(s.coordinator, p.id, s.adviser2.userId);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(/in beoordeling of een plan dat op budget wacht/);
  });
});
