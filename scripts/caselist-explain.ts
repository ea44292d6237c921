// Proves the staff lists stay fast at 10,000 plans (issue 5): inserts 10,000 plans into the
// database at DATABASE_URL (a scratch database; never production), then runs EXPLAIN ANALYZE on
// the exact SQL that listCases sends for a few typical requests and prints plan and timings.
//   DATABASE_URL=… node --import tsx scripts/caselist-explain.ts [--no-insert]
// Not a timed test: benchmarks with limits come with issue 7.
import { PrismaPg } from "@prisma/adapter-pg";
import { listCases } from "../app/domain/caselist/list.server.ts";
import { parseListParams } from "../app/domain/caselist/params.ts";
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

const N = 10_000;
if (!process.argv.includes("--no-insert")) {
  const reg = await db.regulation.findFirstOrThrow({ select: { id: true } });
  const win = await db.applicationWindow.findFirst({ where: { regulationId: reg.id }, select: { id: true } });
  const user = await db.user.findFirstOrThrow({ select: { id: true } });
  const handlers = await db.user.findMany({
    where: { memberships: { some: { role: "CASE_HANDLER" } } },
    select: { id: true },
  });
  await db.$executeRawUnsafe(`
    INSERT INTO "Organisation" (id, name, "kvkNumber", "legalForm", street, "postalCode", city, iban)
    SELECT gen_random_uuid(), 'Benchstichting ' || i || ' ' || substr(md5(i::text), 1, 8), 'BENCH' || i,
           'Stichting', 'Straat 1', '1234 AB', 'Den Haag', 'NL91ABNA0417164300'
    FROM generate_series(1, 500) i`);
  await db.$executeRawUnsafe(
    `
    WITH orgs AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM "Organisation" WHERE "kvkNumber" LIKE 'BENCH%'),
         st AS (SELECT s, row_number() OVER () AS k FROM unnest(enum_range(NULL::"PlanStatus")) s WHERE s <> 'DRAFT')
    INSERT INTO "Plan" (id, reference, "organisationId", "regulationId", "windowId", status, title, "createdById",
                        "sectorCodes", "submittedAt", "receivedAt", "completeReceivedAt", "decisionDueOn",
                        "handlerId", "updatedAt")
    SELECT gen_random_uuid(), 'SP-BENCH-' || lpad(i::text, 6, '0'), o.id, $1, $2, st.s, 'Benchplan ' || i, $3,
           ARRAY[(i % 21 + 1)::text], ts, ts, CASE WHEN st.s = 'SUBMITTED' THEN NULL ELSE ts END,
           CASE WHEN st.s = 'SUBMITTED' THEN NULL ELSE (ts + interval '91 days')::date END,
           CASE WHEN st.s = 'SUBMITTED' OR $4::text[] = '{}' THEN NULL ELSE ($4::text[])[i % cardinality($4::text[]) + 1] END,
           now()
    FROM generate_series(1, ${N}) i
    CROSS JOIN LATERAL (SELECT timestamp '2026-01-01' + (i * interval '17 minutes') AS ts) t
    JOIN orgs o ON o.k = i % 500 + 1
    JOIN st ON st.k = i % 13 + 1`,
    reg.id,
    win?.id ?? null,
    user.id,
    handlers.map((h) => h.id),
  );
  await db.$executeRawUnsafe(`ANALYZE "Plan"; ANALYZE "Organisation"`);
}
console.log(`plans in the database: ${await db.plan.count()}`);

const handler = await db.user.findFirstOrThrow({
  where: { memberships: { some: { role: "CASE_HANDLER" } } },
  select: { id: true },
});
const actor = { userId: handler.id, roles: ["CASE_HANDLER" as const], organisationIds: [] };
const cases = [
  "lijst=volledigheid",
  "lijst=alle",
  "lijst=alle&pagina=300",
  "lijst=alle&q=benchstichting 42",
  "lijst=alle&q=SP-BENCH-0099",
  "lijst=alle&sorteer=organisatie&richting=af&pagina=50",
  "lijst=alle&termijn=verlopen&sorteer=termijn",
  "lijst=alle&behandelaar=mijn&status=ADVISED",
  "lijst=alle&sector=7",
];
for (const qs of cases) {
  // The second run is timed: the first one also warms connections and Prisma's query cache.
  await listCases(actor, parseListParams(new URLSearchParams(qs)), { db });
  captured = [];
  const t0 = performance.now();
  const result = await listCases(actor, parseListParams(new URLSearchParams(qs)), { db });
  const ms = performance.now() - t0;
  console.log(
    `\n=== ${qs}: ${result.total} plans, page ${result.page}/${result.pageCount}, listCases ${ms.toFixed(1)} ms`,
  );
  for (const q of captured.filter((c) => /FROM "public"\."Plan"/.test(c.query))) {
    const params = JSON.parse(q.params) as unknown[];
    const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) ${q.query}`,
      ...params,
    );
    const lines = rows.map((r) => r["QUERY PLAN"]);
    const kind = /COUNT\(/i.test(q.query) ? "count" : "page";
    const scans = lines
      .filter((l) => /Scan|Sort|Limit/.test(l))
      .map((l) => l.trim().replace(/\s+\(cost.*$/, ""))
      .slice(0, 6);
    console.log(
      `  ${kind}: ${lines.filter((l) => /Execution Time/.test(l)).join("")} — ${scans.join(" | ")}`,
    );
  }
}
await db.$disconnect();
