import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { activeAdviser, completePlan, fullAmounts, scenarioScores } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { decisionPage } from "./page.server.ts";

/**
 * What the decision form starts from (design.md §4: the amounts default to the adviser's
 * recommendation): one advice, or advices that agree — not whichever of two disagreeing advices came
 * last, and never more than the year's most under the rates.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired: 2 } });
});
afterAll(async () => {
  await disconnectPrisma();
});

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const grant = () => ({
  scores: scenarioScores(5),
  recommendation: "GRANT" as const,
  text: "Verlenen.",
  amounts: fullAmounts(s),
});
const reject = () => ({
  scores: scenarioScores(1),
  recommendation: "REJECT" as const,
  text: "Afwijzen.",
  amounts: fullAmounts(s).map((a) => ({ ...a, amount: 0n })),
});

async function advisedBy(advices: [Actor, ReturnType<typeof grant>][]) {
  const { id } = await completePlan(s);
  for (const [who] of advices) await activeAdviser(s, id, who);
  for (const [who, advice] of advices) await recordAdvice(who, id, await version(id), advice);
  return id;
}

describe("the decision form's starting point", () => {
  it("takes over neither of two disagreeing advices, in either order, and says they differ", async () => {
    for (const order of [
      [
        [s.adviser, grant()],
        [s.adviser2, reject()],
      ],
      [
        [s.adviser2, reject()],
        [s.adviser, grant()],
      ],
    ] as [Actor, ReturnType<typeof grant>][][]) {
      const page = await decisionPage(s.decisionMaker, await advisedBy(order));
      expect(page.advices).toHaveLength(2);
      expect(page.advicesDiffer).toBe(true);
      expect(page.recommendation).toBeNull();
    }
  });

  it("takes over advices that agree", async () => {
    const page = await decisionPage(
      s.decisionMaker,
      await advisedBy([
        [s.adviser, grant()],
        [s.adviser2, grant()],
      ]),
    );
    expect(page.advicesDiffer).toBe(false);
    expect(page.recommendation?.outcome).toBe("GRANT");
    expect(page.recommendation?.amounts.map((a) => a.cents)).toEqual(["30000000", "30000000"]);
  });

  it("offers an advised amount only up to the year's most when the rate was lowered since", async () => {
    const id = await advisedBy([
      [s.adviser, grant()],
      [s.adviser2, grant()],
    ]);
    const { cofinancingRateBp } = await prisma.regulation.findUniqueOrThrow({
      where: { id: s.regulation.id },
    });
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { cofinancingRateBp: 4_000 } });
    try {
      const page = await decisionPage(s.decisionMaker, id);
      const most = page.years.map((y) => y.maxCents);
      expect(most.every((m) => BigInt(m) < 30_000_000n)).toBe(true);
      expect(page.recommendation?.amounts.map((a) => a.cents)).toEqual(most);
    } finally {
      await prisma.regulation.update({ where: { id: s.regulation.id }, data: { cofinancingRateBp } });
    }
  });
});
