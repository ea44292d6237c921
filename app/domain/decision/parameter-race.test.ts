import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, lockWaiters, untilWaiting } from "../../test/lock-waits.server.ts";
import { advisePlan, completePlan, fullAmounts, grantPlan } from "../../test/plan-steps.server.ts";
import { changeParams } from "../../test/regulation-params.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { parseGrantTerms } from "./terms.ts";

/**
 * A parameter change (updateRegulationParameters, FOR UPDATE on the regulation's row) against a
 * decision being taken: the decision reads its terms once, under that row held FOR SHARE before
 * the plan's row, and caps the amounts by the same terms it records (Decision.terms). The
 * interleavings are forced by holding the plans' rows (test/lock-waits.server.ts).
 */

afterAll(async () => {
  await disconnectPrisma();
});

/** A test transaction holding these plans' rows until the returned function is called. */
async function holdPlans(planIds: string[]) {
  const held = gate();
  const release = gate();
  const done = prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ANY(${planIds}::text[]) ORDER BY id FOR UPDATE`;
      held.open();
      await release.opened;
    },
    { timeout: 60_000 },
  );
  await held.opened;
  return async () => {
    release.open();
    await done;
  };
}

async function advised(s: Scenario) {
  const { id, version } = await completePlan(s);
  return { id, version: await advisePlan(s, id, version) };
}

async function recorded(planId: string) {
  const d = await prisma.decision.findUniqueOrThrow({
    where: { planId },
    select: { terms: true, years: { select: { grantedCents: true } } },
  });
  const costs = await prisma.measureCost.findMany({ where: { measure: { planId } } });
  return {
    rateBp: parseGrantTerms(d.terms).cofinancingRateBp,
    grantedCents: d.years.reduce((sum, y) => sum + y.grantedCents, 0n),
    eligibleCents: costs.reduce((sum, c) => sum + c.costCents, 0n),
  };
}

describe("a rate change while a grant is being decided", () => {
  it("waits for the decision, which records the rate its amounts were checked against", async () => {
    const s = await createScenario();
    const plan = await advised(s);
    const release = await holdPlans([plan.id]);
    // The decision maker grants the whole request, 50% of the costs, at the scenario's 50%.
    const decision = grantPlan(s, plan.id, plan.version);
    await untilWaiting(1);
    // Finance lowers the rate to 40% meanwhile: it waits for the decision that holds the regulation.
    let changed = false;
    const change = changeParams(s.regulation.id, { cofinancingRate: "40" }).then(() => {
      changed = true;
    });
    await untilWaiting(2);
    expect(changed).toBe(false);
    await release();
    await decision;
    await change;
    const d = await recorded(plan.id);
    expect(d.rateBp).toBe(5000);
    expect(d.grantedCents).toBe(fullAmounts(s).reduce((sum, y) => sum + y.amount, 0n));
    // The grant is within the rate its letter names (and the vaststelling will settle at).
    expect(d.grantedCents * 10_000n <= d.eligibleCents * BigInt(d.rateBp)).toBe(true);
    // The change did land, for the decisions taken after it.
    const reg = await prisma.regulation.findUniqueOrThrow({ where: { id: s.regulation.id } });
    expect(reg.cofinancingRateBp).toBe(4000);
  });

  it("lets two decisions and a parameter change of their regulation all finish", async () => {
    const s = await createScenario();
    const a = await advised(s);
    const b = await advised(s);
    const release = await holdPlans([a.id, b.id]);
    const decisions = Promise.all([grantPlan(s, a.id, a.version), grantPlan(s, b.id, b.version)]);
    await untilWaiting(2);
    const change = changeParams(s.regulation.id, { cofinancingRate: "60", advanceInitial: "20" });
    await untilWaiting(3);
    await release();
    // No cycle among the regulation's row, the plans' rows and the pots: all three finish.
    await Promise.all([decisions, change]);
    expect(await lockWaiters()).toBe(0);
    for (const id of [a.id, b.id]) {
      const d = await recorded(id);
      expect(d.rateBp).toBe(5000);
      expect(d.grantedCents * 10_000n <= d.eligibleCents * BigInt(d.rateBp)).toBe(true);
    }
    const reg = await prisma.regulation.findUniqueOrThrow({ where: { id: s.regulation.id } });
    expect([reg.cofinancingRateBp, reg.advanceInitialBp]).toEqual([6000, 2000]);
    expect(await checkLedger(prisma, { potIds: [s.windowPotId] })).toEqual([]);
  });
});
