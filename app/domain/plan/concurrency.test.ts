import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { draftPlan, fullAmounts } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { BudgetShortfallError } from "../errors.ts";
import { decidePlan, markComplete, recordAdvice, submitPlan } from "./plans.server.ts";

/**
 * The walking skeleton's proof of design.md §5 through the real workflow: 20 plans are marked
 * complete at once against pots that hold only some, then decided at once (grants, partial grants,
 * rejections). Afterwards every pot is within its ceiling and equals the sum of its entries.
 */
describe("budget invariant under concurrent workflow events", () => {
  it("holds when 20 plans are completed and then decided concurrently", async () => {
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

    const completions = await Promise.allSettled(plans.map((p) => markComplete(s.handler, p.id, p.version)));
    const accepted = completions.flatMap((r, i) =>
      r.status === "fulfilled" ? [{ ...plans[i], ...r.value }] : [],
    );
    const refused = completions.filter((r) => r.status === "rejected");
    expect(accepted).toHaveLength(7);
    expect(refused).toHaveLength(13);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BudgetShortfallError);

    const advised = await Promise.all(
      accepted.map(async (p) => {
        const a = await recordAdvice(s.adviser, p.id as string, p.version, {
          recommendation: "GRANT",
          text: "Goed plan.",
          amounts: requested,
        });
        return { id: p.id as string, version: a.version };
      }),
    );
    // Grants in full, partial grants and rejections race each other on the same pots.
    const decisions = await Promise.allSettled(
      advised.map((p, i) =>
        decidePlan(s.decisionMaker, p.id, p.version, {
          outcome: i % 3 === 2 ? "REJECT" : "GRANT",
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
      SUBMITTED: 13,
      GRANTED: 3,
      PARTIALLY_GRANTED: 2,
      REJECTED: 2,
    });
  });
});
