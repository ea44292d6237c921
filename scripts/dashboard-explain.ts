// Proves the finance dashboard stays fast at 10,000 plans and ~100,000 ledger entries (issue 6):
// adds the bulk data of prisma/seed/bulk-plans.ts (seed 42) to the seeded database at
// DATABASE_URL (a scratch database; never production), then runs EXPLAIN ANALYZE on
// the exact SQL that the dashboard, the drill-down and the export send, and prints the timings.
//   DATABASE_URL=… node --import tsx scripts/dashboard-explain.ts [--no-insert]
// Not a timed test: it prints, a person judges.
import { PrismaPg } from "@prisma/adapter-pg";
import { type DrillParams, drillDown, loadDashboard } from "../app/domain/budget/dashboard.server.ts";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { BULK_REGULATION_CODE, seedBulkPlans } from "../prisma/seed/bulk-plans.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(64);
}
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: url }),
  log: [{ emit: "event", level: "query" }],
});
let captured: { query: string; params: string }[] = [];
db.$on("query", (e) => captured.push({ query: e.query, params: e.params }));

if (!process.argv.includes("--no-insert")) {
  const r = await seedBulkPlans(url, { plans: 10_000, seed: 42 });
  console.log(
    r.skipped ? "bulk data already there" : `inserted ${r.plans} plans, ${r.entries} ledger entries`,
  );
}
const reg = await db.regulation.findUniqueOrThrow({
  where: { code: BULK_REGULATION_CODE },
  select: { id: true, fund: true, windows: { select: { id: true, potId: true } } },
});
const yearPots = await db.budgetEnvelope.findMany({ where: { fund: reg.fund }, select: { potId: true } });
console.log(
  `plans: ${await db.plan.count()}, ledger entries: ${await db.ledgerEntry.count()}, measures: ${await db.measure.count()}`,
);

const windowPot = reg.windows[0]?.potId ?? "";
const yearPot = yearPots[0]?.potId ?? "";
const drills: [string, DrillParams][] = [
  ["window pot, committed, by amount", { potId: windowPot, measure: "committed", sort: "amount", page: 1 }],
  ["window pot, committed, page 100", { potId: windowPot, measure: "committed", sort: "receipt", page: 100 }],
  ["year pot, disbursed", { potId: yearPot, measure: "disbursed", sort: "amount", page: 1 }],
  [
    "year pots, sector 5, plans held",
    { potKind: "YEAR", measure: "held", sector: "5", sort: "amount", page: 1 },
  ],
  [
    "window pots, theme scholing",
    { potKind: "WINDOW", measure: "reserved", theme: "scholing", sort: "amount", page: 1 },
  ],
  ["window pot, waiting list", { potId: windowPot, measure: "waiting", sort: "receipt", page: 1 }],
  ["year pot, pipeline", { potId: yearPot, measure: "pipeline", sort: "receipt", page: 1 }],
];
const cases: [string, () => Promise<unknown>][] = [
  ["dashboard (all regulations)", () => loadDashboard({}, db)],
  ["dashboard (one regulation)", () => loadDashboard({ regulationId: reg.id }, db)],
  ...drills.map(
    ([name, p]) => [`drill-down: ${name}`, () => drillDown(p, { db })] as [string, () => Promise<unknown>],
  ),
  ["export of a drill-down (every row)", () => drillDown(drills[0]?.[1] as DrillParams, { db, limit: null })],
];

for (const [name, run] of cases) {
  await run(); // warms connections and Prisma's caches; the second run is timed
  captured = [];
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  console.log(`\n=== ${name}: ${ms.toFixed(1)} ms in all (${captured.length} queries)`);
  for (const q of captured.filter(
    (c) => /^\s*(SELECT|WITH)/i.test(c.query) && !/^\s*SELECT\s+1\b/i.test(c.query),
  )) {
    const params = JSON.parse(q.params) as unknown[];
    const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) ${q.query}`,
      ...params,
    );
    const lines = rows.map((r) => r["QUERY PLAN"]);
    const scans = [
      ...new Set(
        lines
          .filter((l) => /Scan on|Index Only Scan|Sort {2}|Limit/.test(l))
          .map((l) =>
            l
              .trim()
              .replace(/^->\s*/, "")
              .replace(/\s+\(cost.*$/, ""),
          ),
      ),
    ].slice(0, 6);
    const what = q.query.replace(/\s+/g, " ").slice(0, 70);
    console.log(
      `  ${lines.find((l) => /Execution Time/.test(l))?.trim()} — ${what}…\n      ${scans.join(" | ")}`,
    );
  }
}
await db.$disconnect();
