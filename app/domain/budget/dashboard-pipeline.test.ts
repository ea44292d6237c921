import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma, type Tx } from "../../db/client.server.ts";
import { type BreakdownRow, breakdowns, drillDown, NO_SECTOR, potRows } from "./dashboard.server.ts";
import { buildTable } from "./export.server.ts";
import { type BudgetFixture, createBudgetFixture, TX_OPTIONS } from "./fixtures.test-support.ts";
import { commitForPlan, reserveForPlan } from "./ledger.server.ts";

/**
 * The pipeline per sector and per theme (design.md §5: "submitted, not yet complete — per window,
 * year, sector and theme"), and the window pipeline's drill-down for a plan without years.
 *  G  sector 3, theme scholing: granted (booked money only)
 *  P1 sector 7, themes mobiliteit + scholing (+ mobiliteit again): submitted, 5.000 in 2014
 *  P2 sector 7, theme mobiliteit: submitted, no years yet (per window: 1 plan, €0)
 *  P3 no sector, theme werkbehoud: info requested, never complete, 2.000 in 2015
 *  C  sector 9: info requested after it was found complete (holds its reservation: not pipeline)
 *  W  sector 8: waiting for budget (the waiting list, not the pipeline)
 */
const EUR = 100n;
let f: BudgetFixture;
const plans: Record<string, string> = {};
const tx = (fn: (t: Tx) => Promise<unknown>) => prisma.$transaction(fn, TX_OPTIONS);

afterAll(async () => {
  await disconnectPrisma();
});

beforeAll(async () => {
  f = await createBudgetFixture({
    windowCeilingCents: 1_000_000n * EUR,
    envelopes: [
      { year: 2014, ceilingCents: 600_000n * EUR },
      { year: 2015, ceilingCents: 600_000n * EUR },
    ],
  });
  plans.G = await f.createPlan([{ year: 2014, cents: 10_000n * EUR }], {
    sectorCodes: ["3"],
    themes: ["scholing"],
  });
  await tx((t) => reserveForPlan(t, { planId: plans.G as string, actorId: "test" }));
  await tx((t) =>
    commitForPlan(t, {
      planId: plans.G as string,
      actorId: "test",
      grantedPerYear: [{ year: 2014, cents: 10_000n * EUR }],
    }),
  );
  plans.P1 = await f.createPlan([{ year: 2014, cents: 5_000n * EUR }], {
    sectorCodes: ["7", "3"],
    themes: ["mobiliteit", "scholing", "mobiliteit"],
    status: "SUBMITTED",
  });
  plans.P2 = await f.createPlan([], { sectorCodes: ["7"], themes: ["mobiliteit"], status: "SUBMITTED" });
  plans.P3 = await f.createPlan([{ year: 2015, cents: 2_000n * EUR }], {
    themes: ["werkbehoud"],
    status: "INFO_REQUESTED",
  });
  plans.C = await f.createPlan([{ year: 2015, cents: 3_000n * EUR }], {
    sectorCodes: ["9"],
    themes: ["zorg"],
  });
  await tx((t) => reserveForPlan(t, { planId: plans.C as string, actorId: "test" }));
  await prisma.plan.update({
    where: { id: plans.C },
    data: { status: "INFO_REQUESTED", completeReceivedAt: new Date(Date.UTC(2014, 3, 1)) },
  });
  plans.W = await f.createPlan([{ year: 2014, cents: 4_000n * EUR }], {
    sectorCodes: ["8"],
    themes: ["waiting"],
    status: "WAITING_FOR_BUDGET",
  });
}, 120_000);

const pipelineOf = (rows: BreakdownRow[]) =>
  rows.map((r) => [r.potKind, r.code, r.planCount, r.pipelineCount, r.pipelineCents]);

describe("pipeline per sector and per theme", () => {
  it("counts a submitted plan never found complete under its lead sector, rows with only such plans included", async () => {
    const { sector } = await breakdowns(prisma, ["sector"], { regulationId: f.regulationId });
    expect(pipelineOf(sector)).toEqual([
      // C holds its reservation (reserved, so a row of its own) and is not in the pipeline again.
      ["WINDOW", NO_SECTOR, 0, 1, 2_000n * EUR],
      ["WINDOW", "3", 1, 0, 0n],
      ["WINDOW", "7", 0, 2, 5_000n * EUR],
      ["WINDOW", "9", 1, 0, 0n],
      // Per year only the plans that request something for a year: P2 has no years yet.
      ["YEAR", NO_SECTOR, 0, 1, 2_000n * EUR],
      ["YEAR", "3", 1, 0, 0n],
      ["YEAR", "7", 0, 1, 5_000n * EUR],
      ["YEAR", "9", 1, 0, 0n],
    ]);
  });

  it("adds up per sector to the pipeline of the window and of the years", async () => {
    const scope = { regulationId: f.regulationId };
    const { sector } = await breakdowns(prisma, ["sector"], scope);
    const pots = await potRows(prisma, scope);
    const sum = (rows: { pipelineCents: bigint }[]) => rows.reduce((s, r) => s + r.pipelineCents, 0n);
    for (const kind of ["WINDOW", "YEAR"] as const) {
      expect(sum(sector.filter((r) => r.potKind === kind))).toBe(sum(pots.filter((p) => p.kind === kind)));
    }
    const window = pots.find((p) => p.potId === f.windowPotId);
    expect(sector.filter((r) => r.potKind === "WINDOW").reduce((n, r) => n + r.pipelineCount, 0)).toBe(
      window?.pipelineCount,
    );
  });

  it("exports the sector table with the same pipeline figures as the page", async () => {
    const scope = { regulationId: f.regulationId };
    const { sector } = await breakdowns(prisma, ["sector"], scope);
    const table = await buildTable("sectors", { scope });
    const count = table.columns.findIndex((c) => c.header === "In behandeling, niet volledig (plannen)");
    const cents = table.columns.findIndex((c) => c.header === "In behandeling aangevraagd (EUR)");
    expect(count).toBeGreaterThan(0);
    expect(table.rows.map((r) => [r[1], r[count], r[cents]])).toEqual(
      sector.map((r) => [r.code, r.pipelineCount, r.pipelineCents]),
    );
  });

  it("counts a plan's whole request once under every theme of its measures, as the booked money", async () => {
    const { theme } = await breakdowns(prisma, ["theme"], { regulationId: f.regulationId }, "WINDOW");
    expect(pipelineOf(theme)).toEqual([
      ["WINDOW", "mobiliteit", 0, 2, 5_000n * EUR],
      ["WINDOW", "scholing", 1, 1, 5_000n * EUR],
      ["WINDOW", "werkbehoud", 0, 1, 2_000n * EUR],
      ["WINDOW", "zorg", 1, 0, 0n],
    ]);
  });

  it("links every pipeline figure to the plans behind it: the drill-down's count and total are the figure", async () => {
    const both = await breakdowns(prisma, ["sector", "theme"], { regulationId: f.regulationId });
    for (const by of ["sector", "theme"] as const) {
      for (const row of both[by]) {
        const result = await drillDown(
          {
            potKind: row.potKind,
            regulationId: f.regulationId,
            measure: "pipeline",
            [by]: row.code,
            sort: "amount",
            page: 1,
          },
          { limit: null },
        );
        expect({ by, kind: row.potKind, code: row.code, n: result.total, cents: result.totalCents }).toEqual({
          by,
          kind: row.potKind,
          code: row.code,
          n: row.pipelineCount,
          cents: row.pipelineCents,
        });
      }
    }
  });
});

describe("window pipeline drill-down", () => {
  it("lists a submitted plan without years (€0), as the window's pipeline counts it", async () => {
    const row = (await potRows(prisma, { regulationId: f.regulationId })).find(
      (p) => p.potId === f.windowPotId,
    );
    const drill = await drillDown(
      { potId: f.windowPotId, measure: "pipeline", sort: "receipt", page: 1, regulationId: f.regulationId },
      { limit: null },
    );
    expect({ count: drill.total, cents: drill.totalCents }).toEqual({
      count: row?.pipelineCount,
      cents: row?.pipelineCents,
    });
    expect(drill.rows.find((r) => r.planId === plans.P2)?.amountCents).toBe(0n);
    const byKind = await drillDown(
      { potKind: "WINDOW", measure: "pipeline", sort: "receipt", page: 1, regulationId: f.regulationId },
      { limit: null },
    );
    expect(byKind.rows.map((r) => r.planId)).toContain(plans.P2);
  });

  it("still leaves it out of a year: it requests nothing for one", async () => {
    for (const potId of [f.yearPot(2014), f.yearPot(2015)]) {
      const drill = await drillDown({ potId, measure: "pipeline", sort: "amount", page: 1 }, { limit: null });
      expect(drill.rows.map((r) => r.planId)).not.toContain(plans.P2);
    }
    const byKind = await drillDown(
      { potKind: "YEAR", measure: "pipeline", sort: "receipt", page: 1, regulationId: f.regulationId },
      { limit: null },
    );
    expect(byKind.rows.map((r) => r.planId).sort()).toEqual([plans.P1, plans.P3].sort());
  });
});
