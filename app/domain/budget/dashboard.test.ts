import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma, type Tx } from "../../db/client.server.ts";
import { type Balances, balancesFromEntries } from "./balances.ts";
import {
  breakdown,
  breakdowns,
  drillDown,
  loadDashboard,
  NO_SECTOR,
  potRows,
  timeline,
} from "./dashboard.server.ts";
import { type BudgetFixture, createBudgetFixture, TX_OPTIONS } from "./fixtures.test-support.ts";
import { commitForPlan, disburseForPlan, releaseForPlan, reserveForPlan } from "./ledger.server.ts";
import { checkLedger } from "./reports.server.ts";

const EUR = 100n;

afterAll(async () => {
  await disconnectPrisma();
});

const tx = (fn: (t: Tx) => Promise<unknown>) => prisma.$transaction(fn, TX_OPTIONS);

/**
 * One regulation with a window (1.000.000) and envelopes 2014/2015 (600.000 each):
 *  A sector 3, themes scholing+mobiliteit: reserved 300k/200k, committed, 100k paid
 *  B sector 3, theme scholing: reserved 100k (2014) and left reserved; then asked for a supplement
 *    during assessment (INFO_REQUESTED, found complete before): reserved, not in the pipeline
 *  C sector 7, theme mobiliteit: reserved 50k (2015), then rejected (released: holds nothing)
 *  D no sector: committed 20k (2014)
 *  W waiting for budget (requests 70k/30k), S1..S27 submitted / info requested (pipeline, 1.000,01 each in 2015)
 */
let f: BudgetFixture;
const plans: Record<string, string> = {};

beforeAll(async () => {
  f = await createBudgetFixture({
    windowCeilingCents: 1_000_000n * EUR,
    envelopes: [
      { year: 2014, ceilingCents: 600_000n * EUR },
      { year: 2015, ceilingCents: 600_000n * EUR },
    ],
  });
  await prisma.regulation.update({
    where: { id: f.regulationId },
    data: {
      sectors: [
        { code: "3", label: "Metalektro" },
        { code: "7", label: "Handel" },
      ],
      themes: [
        { code: "scholing", label: "Scholing" },
        { code: "mobiliteit", label: "Mobiliteit" },
      ],
    },
  });
  const make = async (
    name: string,
    years: { year: number; cents: bigint }[],
    sectors: string[],
    themes: string[],
  ) => {
    const id = await f.createPlan(years);
    await prisma.plan.update({
      where: { id },
      data: {
        sectorCodes: sectors,
        measures: {
          create: themes.map((theme, i) => ({
            position: i + 1,
            theme,
            title: `${theme} ${name}`,
            participants: 10,
          })),
        },
      },
    });
    plans[name] = id;
    return id;
  };
  const a = await make(
    "A",
    [
      { year: 2014, cents: 300_000n * EUR },
      { year: 2015, cents: 200_000n * EUR },
    ],
    ["3", "7"],
    ["scholing", "mobiliteit", "scholing"],
  );
  const b = await make("B", [{ year: 2014, cents: 100_000n * EUR }], ["3"], ["scholing"]);
  const c = await make("C", [{ year: 2015, cents: 50_000n * EUR }], ["7"], ["mobiliteit"]);
  const d = await make("D", [{ year: 2014, cents: 20_000n * EUR }], [], []);
  for (const id of [a, b, c, d]) await tx((t) => reserveForPlan(t, { planId: id, actorId: "test" }));
  await tx((t) =>
    commitForPlan(t, {
      planId: a,
      actorId: "test",
      grantedPerYear: [
        { year: 2014, cents: 300_000n * EUR },
        { year: 2015, cents: 200_000n * EUR },
      ],
    }),
  );
  await tx((t) =>
    disburseForPlan(t, {
      planId: a,
      actorId: "test",
      paymentId: randomUUID(),
      amountCents: 100_000n * EUR,
      reason: "Voorschot",
    }),
  );
  await tx((t) => releaseForPlan(t, { planId: c, actorId: "test", reason: "Afgewezen" }));
  await prisma.plan.update({
    where: { id: b },
    data: { status: "INFO_REQUESTED", completeReceivedAt: new Date(Date.UTC(2014, 3, 1)) },
  });
  await tx((t) =>
    commitForPlan(t, { planId: d, actorId: "test", grantedPerYear: [{ year: 2014, cents: 20_000n * EUR }] }),
  );
  const w = await make(
    "W",
    [
      { year: 2014, cents: 70_000n * EUR },
      { year: 2015, cents: 30_000n * EUR },
    ],
    ["7"],
    ["scholing"],
  );
  await prisma.plan.update({ where: { id: w }, data: { status: "WAITING_FOR_BUDGET" } });
  for (let i = 1; i <= 27; i++) {
    const s = await make(`S${i}`, [{ year: 2015, cents: 1_000_01n }], ["3"], ["scholing"]);
    await prisma.plan.update({
      where: { id: s },
      data: {
        status: i % 3 === 0 ? "INFO_REQUESTED" : "SUBMITTED",
        receivedAt: new Date(Date.UTC(2014, 4, i)),
      },
    });
  }
}, 120_000);

describe("pot rows", () => {
  it("carry the balance rows, the waiting list and the pipeline per window and per year", async () => {
    const rows = await potRows(prisma, { regulationId: f.regulationId });
    const byPot = new Map(rows.map((r) => [r.potId, r]));
    expect(byPot.get(f.windowPotId)).toMatchObject({
      kind: "WINDOW",
      reservedCents: 100_000n * EUR,
      committedCents: 520_000n * EUR,
      disbursedCents: 100_000n * EUR,
      availableCents: 380_000n * EUR,
      waitingCount: 1,
      waitingCents: 100_000n * EUR,
      pipelineCount: 27,
      pipelineCents: 27n * 1_000_01n,
    });
    expect(byPot.get(f.yearPot(2014))).toMatchObject({
      year: 2014,
      reservedCents: 100_000n * EUR,
      committedCents: 320_000n * EUR,
      // Earliest year first: the 100k advance lands on 2014.
      disbursedCents: 100_000n * EUR,
      waitingCount: 1,
      waitingCents: 70_000n * EUR,
      pipelineCount: 0,
    });
    expect(byPot.get(f.yearPot(2015))).toMatchObject({
      reservedCents: 0n,
      committedCents: 200_000n * EUR,
      disbursedCents: 0n,
      waitingCents: 30_000n * EUR,
      pipelineCount: 27,
      pipelineCents: 27n * 1_000_01n,
    });
  });

  it("equal what the entries give (checkLedger's arithmetic) for every pot in the database", async () => {
    // On whatever the database holds (the seeded data when run against it), not only this fixture.
    const rows = await potRows(prisma);
    const sums = await prisma.ledgerEntry.groupBy({
      by: ["potId", "kind", "releases"],
      _sum: { amountCents: true },
    });
    for (const row of rows) {
      const fromEntries = balancesFromEntries(
        sums
          .filter((s) => s.potId === row.potId)
          .map((s) => ({ kind: s.kind, releases: s.releases, amountCents: s._sum.amountCents ?? 0n })),
      );
      expect({ pot: row.name, ...pick(row) }).toEqual({ pot: row.name, ...fromEntries });
    }
    const problems = await checkLedger(prisma, { potIds: rows.map((r) => r.potId) });
    expect(problems.filter((p) => p.code === "BALANCE_MISMATCH")).toEqual([]);
  });
});

function sumBy(rows: Balances[]): Balances {
  return rows.reduce(
    (s, r) => ({
      reservedCents: s.reservedCents + r.reservedCents,
      committedCents: s.committedCents + r.committedCents,
      disbursedCents: s.disbursedCents + r.disbursedCents,
    }),
    { reservedCents: 0n, committedCents: 0n, disbursedCents: 0n },
  );
}

function pick(b: Balances) {
  return {
    reservedCents: b.reservedCents,
    committedCents: b.committedCents,
    disbursedCents: b.disbursedCents,
  };
}

describe("breakdown", () => {
  it("by lead sector adds up to the pots of each kind and counts only plans that hold money", async () => {
    const rows = await breakdown(prisma, "sector", { regulationId: f.regulationId });
    const window = rows.filter((r) => r.potKind === "WINDOW");
    expect(
      window.map((r) => [r.code, r.label, r.reservedCents, r.committedCents, r.disbursedCents, r.planCount]),
    ).toEqual([
      [NO_SECTOR, "Geen sector", 0n, 20_000n * EUR, 0n, 1],
      ["3", "Metalektro", 100_000n * EUR, 500_000n * EUR, 100_000n * EUR, 2],
      // C was released in full: it is in the group but holds nothing, so it is not counted.
      ["7", "Handel", 0n, 0n, 0n, 0],
    ]);
    const pots = await potRows(prisma, { regulationId: f.regulationId });
    for (const kind of ["WINDOW", "YEAR"] as const) {
      expect(sumBy(rows.filter((r) => r.potKind === kind))).toEqual(
        sumBy(pots.filter((p) => p.kind === kind)),
      );
    }
  });

  it("by theme counts a plan under every theme of its measures, once per theme", async () => {
    const rows = await breakdown(prisma, "theme", { regulationId: f.regulationId });
    const window = rows.filter((r) => r.potKind === "WINDOW");
    expect(window.map((r) => [r.code, r.label, r.committedCents, r.planCount])).toEqual([
      ["mobiliteit", "Mobiliteit", 500_000n * EUR, 1],
      ["scholing", "Scholing", 500_000n * EUR, 2],
    ]);
  });
  it("for one pot kind (the dashboard's tables) has exactly that kind's rows of both", async () => {
    const scope = { regulationId: f.regulationId };
    const both = await breakdowns(prisma, ["sector", "theme"], scope);
    for (const kind of ["WINDOW", "YEAR"] as const) {
      const one = await breakdowns(prisma, ["sector", "theme"], scope, kind);
      expect(one.sector).toEqual(both.sector.filter((r) => r.potKind === kind));
      expect(one.theme).toEqual(both.theme.filter((r) => r.potKind === kind));
      expect(one.sector.length).toBeGreaterThan(0);
      const dash = await loadDashboard(scope, prisma, kind);
      expect(dash.sectors).toEqual(one.sector);
      expect(dash.themes).toEqual(one.theme);
    }
  });
});

describe("timeline", () => {
  it("is cumulative per month and net of releases and recoveries, counted once (window pots)", async () => {
    const rows = await timeline(prisma, { regulationId: f.regulationId });
    const last = rows.at(-1);
    expect(last?.cumulativeCommittedCents).toBe(520_000n * EUR);
    expect(last?.cumulativeDisbursedCents).toBe(100_000n * EUR);
    expect(rows.reduce((s, r) => s + r.committedCents, 0n)).toBe(520_000n * EUR);
  });
});

describe("drill-down", () => {
  it("lists the plans behind every figure, with totals equal to the figure", async () => {
    const dash = await loadDashboard({ regulationId: f.regulationId });
    const ledgerMeasures = [
      ["reserved", "reservedCents"],
      ["committed", "committedCents"],
      ["disbursed", "disbursedCents"],
    ] as const;
    const measures = [...ledgerMeasures, ["waiting", "waitingCents"], ["pipeline", "pipelineCents"]] as const;
    for (const pot of [...dash.windows, ...dash.years]) {
      for (const [measure, field] of measures) {
        const result = await drillDown({ potId: pot.potId, measure, sort: "amount", page: 1 });
        expect({ pot: pot.name, measure, total: result.totalCents }).toEqual({
          pot: pot.name,
          measure,
          total: pot[field],
        });
      }
    }
    for (const row of [...dash.sectors, ...dash.themes]) {
      const dimension = dash.sectors.includes(row) ? { sector: row.code } : { theme: row.code };
      for (const [measure, field] of ledgerMeasures) {
        const result = await drillDown({
          potKind: row.potKind,
          regulationId: f.regulationId,
          measure,
          ...dimension,
          sort: "receipt",
          page: 1,
        });
        expect(result.totalCents).toBe(row[field]);
      }
      const held = await drillDown({
        potKind: row.potKind,
        regulationId: f.regulationId,
        measure: "held",
        ...dimension,
        sort: "amount",
        page: 1,
      });
      expect(held.total).toBe(row.planCount);
      const pipeline = await drillDown(
        {
          potKind: row.potKind,
          regulationId: f.regulationId,
          measure: "pipeline",
          ...dimension,
          sort: "amount",
          page: 1,
        },
        { limit: null },
      );
      expect([pipeline.total, pipeline.totalCents]).toEqual([row.pipelineCount, row.pipelineCents]);
    }
    // S1..S27 (sector 3, scholing) are the pipeline of the sector and theme tables; B is not.
    expect(
      dash.sectors.filter((r) => r.code === "3").map((r) => [r.potKind, r.pipelineCount, r.pipelineCents]),
    ).toEqual([
      ["WINDOW", 27, 27n * 1_000_01n],
      ["YEAR", 27, 27n * 1_000_01n],
    ]);
  });

  it("pages by 25, in order of receipt or by amount, and names the plan", async () => {
    const page1 = await drillDown({ potId: f.yearPot(2015), measure: "pipeline", sort: "receipt", page: 1 });
    const page2 = await drillDown({ potId: f.yearPot(2015), measure: "pipeline", sort: "receipt", page: 2 });
    expect([page1.total, page1.pageCount, page1.rows.length, page2.rows.length]).toEqual([27, 2, 25, 2]);
    expect(page1.rows[0]?.planId).toBe(plans.S1);
    expect(page2.rows.map((r) => r.planId)).toEqual([plans.S26, plans.S27]);
    expect(page2.totalCents).toBe(27n * 1_000_01n);
    const beyond = await drillDown({ potId: f.yearPot(2015), measure: "pipeline", sort: "receipt", page: 9 });
    expect(beyond.page).toBe(2);

    // B, asked for a supplement during assessment, holds its reservation: it is reserved, and
    // not again in the pipeline of its window or year.
    const reserved = await drillDown({
      potId: f.yearPot(2014),
      measure: "reserved",
      sort: "amount",
      page: 1,
    });
    expect(reserved.rows.map((r) => [r.planId, r.amountCents])).toEqual([[plans.B, 100_000n * EUR]]);
    for (const potId of [f.windowPotId, f.yearPot(2014)]) {
      const pipeline = await drillDown(
        { potId, measure: "pipeline", sort: "amount", page: 1 },
        { limit: null },
      );
      expect(pipeline.rows.map((r) => r.planId)).not.toContain(plans.B);
    }

    const committed = await drillDown({
      potId: f.windowPotId,
      measure: "committed",
      sort: "amount",
      page: 1,
    });
    expect(committed.rows.map((r) => [r.planId, r.amountCents, r.statusLabel])).toEqual([
      [plans.A, 500_000n * EUR, "In beoordeling"],
      [plans.D, 20_000n * EUR, "In beoordeling"],
    ]);
    expect(committed.rows[0]?.organisationName).toBe(`Sectorfonds ${f.tag}`);
  });
});
