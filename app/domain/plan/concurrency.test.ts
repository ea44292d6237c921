import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  advisePlan,
  completePlan,
  declareComplete,
  draftPlan,
  fullAmounts,
  scenarioScores,
} from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { ConflictError } from "../errors.ts";
import { PLAN_CHANGED } from "../workflow/apply-event.server.ts";
import { decidePlan, recordAdvice, submitPlan } from "./plans.server.ts";

/**
 * The walking skeleton's proof of design.md §5 through the real workflow: 20 plans are marked
 * complete at once against pots that hold only some, then decided at once (grants, partial grants,
 * rejections). Afterwards every pot is within its ceiling and equals the sum of its entries.
 */
describe("budget invariant under concurrent workflow events", () => {
  it("holds when 20 plans are completed and then decided concurrently", async () => {
    // Its own timeout: twenty drafts, and twenty completions that may each take a later reservation back.
    // Each plan asks € 300.000 in each of two years (€ 600.000 in all). The window holds 7 plans
    // (€ 4.200.000 + € 100.000 spare), the first year's envelope 9: the window pot is the binding one.
    const s = await createScenario({ windowCeiling: 430_000_000n, yearCeiling: 270_000_000n });
    const requested = fullAmounts(s);

    const plans = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { id, version } = await draftPlan(s);
        const submitted = await submitPlan(s.applicantA, id, version);
        return { id, version: submitted.version };
      }),
    );

    // Completions race for the pots, none fails. The submissions raced too, so the clicks come in
    // another order than the receipts: a plan that reserved may give way to one received earlier
    // and found complete after it. In the end the 7 received first hold the money; the 13 others
    // wait for budget (design.md §2 allocation in order of complete receipt, §4).
    await Promise.all(plans.map((p) => declareComplete(s.handler, p.id, p.version)));
    const after = await prisma.plan.findMany({
      where: { id: { in: plans.map((p) => p.id) } },
      orderBy: [{ completeReceivedAt: "asc" }, { number: "asc" }],
      select: { id: true, status: true, version: true },
    });
    const accepted = after.filter((p) => p.status === "IN_ASSESSMENT");
    expect(accepted.map((p) => p.id)).toEqual(after.slice(0, 7).map((p) => p.id));
    expect(after.slice(7).every((p) => p.status === "WAITING_FOR_BUDGET")).toBe(true);

    const advised = [];
    for (const p of accepted) {
      await activeAdviser(s, p.id);
      const a = await recordAdvice(s.adviser, p.id, p.version, {
        scores: scenarioScores(),
        recommendation: "GRANT",
        text: "Goed plan.",
        amounts: requested,
      });
      advised.push({ id: p.id, version: a.version });
    }
    // Grants in full, partial grants and rejections race each other on the same pots.
    const decisions = await Promise.allSettled(
      advised.map((p, i) =>
        decidePlan(s.decisionMaker, p.id, p.version, {
          outcome: i % 3 === 2 ? "REJECT" : "GRANT",
          // A rejection and a grant in part (half of each year) rest on a ground.
          ground: i % 3 === 0 ? undefined : "awb-4-35",
          reason: "Besluit.",
          amounts:
            i % 3 === 2
              ? []
              : requested.map((r) => ({
                  year: r.year,
                  amount: i % 3 === 1 ? r.amount / 2n : r.amount,
                })),
        }),
      ),
    );
    expect(decisions.every((d) => d.status === "fulfilled")).toBe(true);

    const potIds = [
      s.windowPotId,
      ...(await prisma.budgetEnvelope.findMany({ where: { fund: s.regulation.fund } })).map((e) => e.potId),
    ];
    for (const potId of potIds) {
      const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: potId } });
      expect(pot.reservedCents + pot.committedCents).toBeLessThanOrEqual(pot.ceilingCents);
    }
    expect(await checkLedger(prisma, { potIds })).toEqual([]);

    // 3 full grants, 2 half grants, 2 rejections: window committed = 3×600k + 2×300k, nothing reserved.
    const window = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(window.reservedCents).toBe(0n);
    expect(window.committedCents).toBe(3n * 60_000_000n + 2n * 30_000_000n);
    const statuses = await prisma.plan.groupBy({
      by: ["status"],
      where: { id: { in: plans.map((p) => p.id) } },
      _count: true,
    });
    expect(Object.fromEntries(statuses.map((g) => [g.status, g._count]))).toEqual({
      WAITING_FOR_BUDGET: 13,
      GRANTED: 3,
      PARTIALLY_GRANTED: 2,
      REJECTED: 2,
    });
  }, 60_000);

  it("lets exactly one of two decision makers deciding one plan at once win; the other is told the plan changed", async () => {
    const s = await createScenario();
    const other = await s.newUser("DECISION_MAKER");
    const { id, version } = await completePlan(s);
    const advised = await advisePlan(s, id, version);
    const results = await Promise.allSettled([
      decidePlan(s.decisionMaker, id, advised, { outcome: "GRANT", reason: "Ja.", amounts: fullAmounts(s) }),
      decidePlan(other, id, advised, { outcome: "REJECT", ground: "awb-4-35", reason: "Nee.", amounts: [] }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const loser = lost[0]?.reason as ConflictError;
    expect(loser).toBeInstanceOf(ConflictError);
    expect(loser.message).toBe(PLAN_CHANGED);
    // One decision, one decision event, and the ledger agrees with the winner.
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(1);
    const events = await prisma.workflowEvent.findMany({
      where: { planId: id, event: { in: ["grant", "reject"] } },
    });
    expect(events).toHaveLength(1);
    const status = (await prisma.plan.findUniqueOrThrow({ where: { id } })).status;
    expect(status).toBe(events[0]?.event === "grant" ? "GRANTED" : "REJECTED");
    expect(await checkLedger(prisma, { potIds: [s.windowPotId] })).toEqual([]);
  });
});
