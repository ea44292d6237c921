// Proves the finance dashboard stays fast at 10,000 plans and 100,000 ledger entries (issue 6):
// inserts that many into the database at DATABASE_URL (a seeded scratch database; never
// production: the rows do not balance with the pots' balance rows), then runs EXPLAIN ANALYZE on
// the exact SQL that the dashboard, the drill-down and the export send, and prints the timings.
//   DATABASE_URL=… node --import tsx scripts/dashboard-explain.ts [--no-insert]
// Not a timed test: it prints, a person judges.
import { PrismaPg } from "@prisma/adapter-pg";
import { type DrillParams, drillDown, loadDashboard } from "../app/domain/budget/dashboard.server.ts";
import { PrismaClient } from "../app/generated/prisma/client.ts";

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

const PLANS = 10_000;
const ENTRIES_PER_PLAN = 10; // → 100,000 ledger entries

const reg = await db.regulation.findFirstOrThrow({
  where: { windows: { some: {} } },
  orderBy: { createdAt: "asc" },
  select: { id: true, fund: true, windows: { select: { id: true, potId: true } } },
});
const yearPots = await db.budgetEnvelope.findMany({ where: { fund: reg.fund }, select: { potId: true } });

if (!process.argv.includes("--no-insert")) {
  const user = await db.user.findFirstOrThrow({ select: { id: true } });
  await db.$executeRawUnsafe(`
    INSERT INTO "Organisation" (id, name, "kvkNumber", "legalForm", street, "postalCode", city, iban)
    SELECT gen_random_uuid(), 'Benchfonds ' || i, 'DASH' || i, 'Stichting', 'Straat 1', '1234 AB', 'Den Haag',
           'NL91ABNA0417164300'
    FROM generate_series(1, 500) i`);
  // Statuses as a real year might spread them; most plans hold money, some wait or are in the pipeline.
  await db.$executeRawUnsafe(
    `
    WITH orgs AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM "Organisation" WHERE "kvkNumber" LIKE 'DASH%'),
         wins AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM unnest($2::text[]) id)
    INSERT INTO "Plan" (id, reference, "organisationId", "regulationId", "windowId", status, title, "createdById",
                        "sectorCodes", "submittedAt", "receivedAt", "completeReceivedAt", "updatedAt")
    SELECT gen_random_uuid(), 'SP-DASH-' || lpad(i::text, 6, '0'), o.id, $1, w.id,
           (ARRAY['GRANTED','GRANTED','IN_EXECUTION','PARTIALLY_GRANTED','IN_ASSESSMENT','ADVISED',
                  'WAITING_FOR_BUDGET','SUBMITTED','INFO_REQUESTED','REJECTED'])[i % 10 + 1]::"PlanStatus",
           'Benchplan ' || i, $3, ARRAY[(i % 21 + 1)::text], ts, ts, ts, now()
    FROM generate_series(1, ${PLANS}) i
    CROSS JOIN LATERAL (SELECT timestamp '2014-01-01' + (i * interval '37 minutes') AS ts) t
    JOIN orgs o ON o.k = i % 500 + 1
    JOIN wins w ON w.k = i % cardinality($2::text[]) + 1`,
    reg.id,
    reg.windows.map((w) => w.id),
    user.id,
  );
  await db.$executeRawUnsafe(`
    INSERT INTO "PlanYear" ("planId", year, "requestedCents")
    SELECT p.id, y, 10000000 + p.number FROM "Plan" p CROSS JOIN generate_series(2014, 2015) y
    WHERE p.reference LIKE 'SP-DASH-%'`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Measure" (id, "planId", position, theme, title, participants)
    SELECT gen_random_uuid(), p.id, j,
           (ARRAY['scholing','mobiliteit','instroom','behoud','arbeidsmarkt'])[(p.number + j) % 5 + 1],
           'Maatregel ' || j, 10
    FROM "Plan" p CROSS JOIN generate_series(1, 3) j WHERE p.reference LIKE 'SP-DASH-%'`);
  // Ten entries per plan: reservations, commitments, payments, a release and a recovery, on the
  // plan's window pot and on the fund's year pots, spread over 2014–2016.
  await db.$executeRawUnsafe(
    `
    WITH pl AS (SELECT p.id, p.number, w."potId" AS window_pot FROM "Plan" p
                JOIN "ApplicationWindow" w ON w.id = p."windowId" WHERE p.reference LIKE 'SP-DASH-%')
    INSERT INTO "LedgerEntry" ("potId", "planId", kind, releases, year, "amountCents", "createdAt")
    SELECT CASE WHEN j IN (1, 4, 7, 9) THEN pl.window_pot
                ELSE ($1::text[])[(pl.number + j) % cardinality($1::text[]) + 1] END,
           pl.id,
           (ARRAY['RESERVATION','RESERVATION','RESERVATION','COMMITMENT','COMMITMENT','COMMITMENT',
                  'DISBURSEMENT','DISBURSEMENT','RELEASE','RECOVERY'])[j]::"LedgerKind",
           CASE WHEN j = 9 THEN 'COMMITMENT'::"LedgerKind" END,
           CASE WHEN j IN (1, 4, 7, 9) THEN NULL ELSE 2014 + j % 2 END,
           100000 + pl.number + j,
           timestamp '2014-01-01' + pl.number * interval '80 minutes' + j * interval '9 days'
    FROM pl CROSS JOIN generate_series(1, ${ENTRIES_PER_PLAN}) j`,
    yearPots.map((p) => p.potId),
  );
  await db.$executeRawUnsafe(
    `ANALYZE "Plan"; ANALYZE "PlanYear"; ANALYZE "Measure"; ANALYZE "LedgerEntry"; ANALYZE "Organisation"`,
  );
}
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
