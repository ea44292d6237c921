import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { drillDown, MEASURES, type PotRow, potRows } from "./dashboard.server.ts";
import { buildTable } from "./export.server.ts";
import { type BudgetFixture, createBudgetFixture, TX_OPTIONS } from "./fixtures.test-support.ts";
import { reserveForPlan } from "./ledger.server.ts";

/**
 * Two regulations sharing one fund (so its begrotingsjaren), each with a window of its own. The
 * dashboard limited to one of them: a window row is that regulation's, a year row the fund's —
 * every figure of the row, and the plans behind each figure (design.md §5: per pot, with
 * drill-down). Before, a year row showed the fund's balances beside this regulation's waiting list
 * and pipeline, and its links filtered all figures to this regulation.
 *
 *  one: R1 reserved 2014 € 100.000; W1 waiting (2014 € 50.000); S1 submitted (2015 € 10.000)
 *  two: R2 reserved 2014 € 200.000; W2 waiting (2014 € 70.000); S2 submitted (2015 € 20.000)
 */

const EUR = 100n;
let one: BudgetFixture;
let two: BudgetFixture;
const plans: Record<string, string> = {};

afterAll(async () => {
  await disconnectPrisma();
});

beforeAll(async () => {
  one = await createBudgetFixture({
    windowCeilingCents: 1_000_000n * EUR,
    envelopes: [
      { year: 2014, ceilingCents: 600_000n * EUR },
      { year: 2015, ceilingCents: 600_000n * EUR },
    ],
  });
  two = await createBudgetFixture({ windowCeilingCents: 500_000n * EUR, envelopes: [], sharesFundOf: one });
  const make = async (
    name: string,
    f: BudgetFixture,
    year: number,
    cents: bigint,
    status: PlanStatus | "RESERVED",
  ) => {
    const id = await f.createPlan([{ year, cents }]);
    if (status === "RESERVED")
      await prisma.$transaction((tx) => reserveForPlan(tx, { planId: id, actorId: "test" }), TX_OPTIONS);
    else await prisma.plan.update({ where: { id }, data: { status } });
    plans[name] = id;
  };
  await make("R1", one, 2014, 100_000n * EUR, "RESERVED");
  await make("W1", one, 2014, 50_000n * EUR, "WAITING_FOR_BUDGET");
  await make("S1", one, 2015, 10_000n * EUR, "SUBMITTED");
  await make("R2", two, 2014, 200_000n * EUR, "RESERVED");
  await make("W2", two, 2014, 70_000n * EUR, "WAITING_FOR_BUDGET");
  await make("S2", two, 2015, 20_000n * EUR, "SUBMITTED");
}, 60_000);

const FIELD = {
  reserved: "reservedCents",
  committed: "committedCents",
  disbursed: "disbursedCents",
  waiting: "waitingCents",
  pipeline: "pipelineCents",
} as const;

const code = async (f: BudgetFixture) =>
  (await prisma.regulation.findUniqueOrThrow({ where: { id: f.regulationId }, select: { code: true } })).code;

function mine(rows: PotRow[]): PotRow[] {
  const ours = new Set([one.windowPotId, two.windowPotId, ...one.yearPots.values()]);
  return rows.filter((r) => ours.has(r.potId));
}

describe("the dashboard limited to one regulation of a shared fund", () => {
  it("shows a year row as the fund's: balances, waiting list and pipeline of both regulations", async () => {
    const rows = mine(await potRows(prisma, { regulationId: one.regulationId }));
    const byPot = new Map(rows.map((r) => [r.potId, r]));
    // Only this regulation's window; both regulations' plans in the fund's years.
    expect(byPot.has(two.windowPotId)).toBe(false);
    expect(byPot.get(one.windowPotId)).toMatchObject({
      reservedCents: 100_000n * EUR,
      waitingCount: 1,
      waitingCents: 50_000n * EUR,
      pipelineCount: 1,
      pipelineCents: 10_000n * EUR,
      sharedWith: [],
      drillRegulationId: one.regulationId,
    });
    const shared = [{ code: await code(two), title: expect.any(String) }];
    expect(byPot.get(one.yearPot(2014))).toMatchObject({
      reservedCents: 300_000n * EUR,
      waitingCount: 2,
      waitingCents: 120_000n * EUR,
      pipelineCount: 0,
      sharedWith: shared,
      drillRegulationId: null,
    });
    expect(byPot.get(one.yearPot(2015))).toMatchObject({
      reservedCents: 0n,
      waitingCount: 0,
      pipelineCount: 2,
      pipelineCents: 30_000n * EUR,
      sharedWith: shared,
    });

    // The same year rows as without the filter, but for the note naming the other regulation.
    const all = new Map(mine(await potRows(prisma)).map((r) => [r.potId, r]));
    for (const year of [2014, 2015]) {
      const { sharedWith, ...figures } = byPot.get(one.yearPot(year)) as PotRow;
      expect(sharedWith).toHaveLength(1);
      expect({ ...all.get(one.yearPot(year)), sharedWith }).toEqual({ ...figures, sharedWith });
    }
    // And from the other regulation's side, the note names the first.
    const fromTwo = mine(await potRows(prisma, { regulationId: two.regulationId }));
    expect(fromTwo.find((r) => r.potId === one.yearPot(2014))?.sharedWith.map((r) => r.code)).toEqual([
      await code(one),
    ]);
  });

  it("drills down from every figure of a row to plans that add up to it", async () => {
    for (const regulationId of [one.regulationId, two.regulationId]) {
      for (const row of mine(await potRows(prisma, { regulationId }))) {
        for (const measure of MEASURES) {
          if (measure === "held") continue;
          const result = await drillDown(
            {
              potId: row.potId,
              ...(row.drillRegulationId ? { regulationId: row.drillRegulationId } : {}),
              measure,
              sort: "amount",
              page: 1,
            },
            { limit: null },
          );
          expect({ pot: row.name, measure, total: result.totalCents }).toEqual({
            pot: row.name,
            measure,
            total: row[FIELD[measure]],
          });
        }
      }
    }
    const waiting2014 = await drillDown(
      { potId: one.yearPot(2014), measure: "waiting", sort: "receipt", page: 1 },
      { limit: null },
    );
    expect(waiting2014.rows.map((r) => r.planId).sort()).toEqual([plans.W1, plans.W2].sort());
  });

  it("exports the year rows with the regulations they are shared with", async () => {
    const table = await buildTable("years", { scope: { regulationId: one.regulationId } });
    const column = table.columns.findIndex((c) => c.header === "Fonds gedeeld met");
    expect(column).toBeGreaterThan(-1);
    const row = table.rows.find((r) => r[2] === `Begrotingsjaar 2014 (${one.tag})`);
    expect(row?.[column]).toBe(await code(two));
    const waiting = table.columns.findIndex((c) => c.header === "Wachtlijst (plannen)");
    expect(row?.[waiting]).toBe(2);
  });

  it("exports which year budgets are illustrative, as the page's '*' says", async () => {
    const pot = one.yearPot(2014);
    await prisma.budgetEnvelope.updateMany({ where: { potId: pot }, data: { illustrative: true } });
    try {
      const table = await buildTable("years", { scope: { regulationId: one.regulationId } });
      const column = table.columns.findIndex((c) => c.header === "Budget");
      const row = table.rows.find((r) => r[2] === `Begrotingsjaar 2014 (${one.tag})`);
      expect(row?.[column]).toBe("Illustratief: niet het werkelijke budget van dat jaar");
      const real = table.rows.find((r) => r[2] === `Begrotingsjaar 2015 (${one.tag})`);
      expect(real?.[column]).toBe("Werkelijk");
    } finally {
      await prisma.budgetEnvelope.updateMany({ where: { potId: pot }, data: { illustrative: false } });
    }
  });
});
