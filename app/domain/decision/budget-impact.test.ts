import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, EUR, type Scenario } from "../../test/scenario.server.ts";
import { waitingList } from "../budget/waiting-list.server.ts";
import { setClock } from "../clock.ts";
import { budgetImpact } from "./budget-impact.server.ts";

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const reference = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { reference: true } })).reference;

/** A window of the scenario's regulation (so of its fund) that ran until the scenario's window opened. */
async function earlierWindow(s: Scenario) {
  const pot = await prisma.budgetPot.create({
    data: { kind: "WINDOW", name: `Eerder tijdvak ${s.tag}`, ceilingCents: EUR(10_000_000) },
  });
  return prisma.applicationWindow.create({
    data: {
      regulationId: s.regulation.id,
      name: `Eerder tijdvak ${s.tag}`,
      opensAt: new Date(Date.now() - 30 * 86_400_000),
      closesAt: s.window.opensAt,
      potId: pot.id,
    },
  });
}

// design.md §7: the decision page says "which earlier plans in the queue are still ahead of it" —
// the fund's one line (ADR 0011), the same the engine refuses a decision by.
describe("budget impact: the plans ahead in the fund's line", () => {
  it("lists an undecided plan of another window of the fund, and names that window", async () => {
    const s = await createScenario({ yearCeiling: EUR(500_000) });
    const w1 = await earlierWindow(s);
    setClock(new Date(Date.now() - 10 * 86_400_000));
    const a = await submittedPlan(s); // the earlier window: holds 300k of each year's 500k
    await declareComplete(s.handler, a.id, a.version);
    setClock(new Date(Date.now() - 9 * 86_400_000));
    const p1 = await submittedPlan(s); // the earlier window: first in the fund's waiting line
    expect((await declareComplete(s.handler, p1.id, p1.version)).status).toBe("WAITING_FOR_BUDGET");
    setClock(null);
    const p2 = await submittedPlan(s); // the scenario's window: behind P1
    expect((await declareComplete(s.handler, p2.id, p2.version)).status).toBe("WAITING_FOR_BUDGET");
    expect((await waitingList(prisma, { fund: s.regulation.fund })).map((r) => r.planId)).toEqual([
      p1.id,
      p2.id,
    ]);

    const impact = await budgetImpact(prisma, p2.id);
    expect(impact.earlier.map((e) => [e.reference, e.otherWindowName])).toEqual([
      [await reference(a.id), w1.name],
      [await reference(p1.id), w1.name],
    ]);
    expect(impact.earlierCount).toBe(2);
    // Nothing of the fund is ahead of the first plan but the one holding its reservation.
    expect((await budgetImpact(prisma, a.id)).earlier).toEqual([]);
    expect((await budgetImpact(prisma, p1.id)).earlier.map((e) => e.reference)).toEqual([
      await reference(a.id),
    ]);
  });

  it("lists a plan received at the same moment with a lower number (the line's tie-break), not one with a higher", async () => {
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const a = await submittedPlan(s);
    await declareComplete(s.handler, a.id, a.version); // 600k of 1.000k
    setClock(new Date(Date.now() + 60_000));
    const x = await submittedPlan(s);
    const y = await submittedPlan(s);
    setClock(null);
    expect((await declareComplete(s.handler, x.id, x.version)).status).toBe("WAITING_FOR_BUDGET");
    expect((await declareComplete(s.handler, y.id, y.version)).status).toBe("WAITING_FOR_BUDGET");
    const [px, py] = await Promise.all(
      [x.id, y.id].map((id) =>
        prisma.plan.findUniqueOrThrow({ where: { id }, select: { completeReceivedAt: true, number: true } }),
      ),
    );
    expect(py?.completeReceivedAt).toEqual(px?.completeReceivedAt);
    expect(px && py && px.number < py.number).toBe(true);
    expect((await waitingList(prisma, { fund: s.regulation.fund })).map((r) => r.planId)).toEqual([
      x.id,
      y.id,
    ]);

    const ofY = await budgetImpact(prisma, y.id);
    expect(ofY.earlier.map((e) => [e.reference, e.otherWindowName])).toEqual([
      [await reference(a.id), null],
      [await reference(x.id), null],
    ]);
    expect(ofY.earlierCount).toBe(2);
    expect((await budgetImpact(prisma, x.id)).earlier.map((e) => e.reference)).toEqual([
      await reference(a.id),
    ]);
  });

  it("lists no plan of another fund", async () => {
    const other = await createScenario();
    await submittedPlan(other).then((p) => declareComplete(other.handler, p.id, p.version));
    const s = await createScenario();
    const p = await submittedPlan(s);
    await declareComplete(s.handler, p.id, p.version);
    const impact = await budgetImpact(prisma, p.id);
    expect(impact.earlier).toEqual([]);
    expect(impact.earlierCount).toBe(0);
  });
});
