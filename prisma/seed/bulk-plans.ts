/**
 * Bulk data for load tests and EXPLAIN (issue 7): `npm run seed -- --plans 10000 [--seed 42]`,
 * `npm run bench` and scripts/dashboard-explain.ts. On top of the normal seed it adds a regulation
 * of its own ("BULK", a copy of the real scheme's sectors, themes and rules) with eight windows and
 * six year envelopes, 500 organisations besides the seeded ones, and `plans` plans spread over
 * statuses the way a busy year would (most submitted, complete, advised or decided), each with its
 * years, measures and the ledger entries the workflow would have booked: reservations at
 * completeness, commitments or releases at the decision, advances and payments, a recovery at
 * settlement (about 9 entries a plan).
 *
 * Deterministic: every id, amount, date and status comes from a PRNG seeded with `seed`, so the
 * same seed gives the same rows. Fast: rows are built in memory and sent as multi-row INSERTs
 * (`INSERT … SELECT FROM unnest($1::text[], …)`), a few thousand per statement. The bulk pots'
 * balance rows are then set from their entries and their ceilings to what they hold plus some room,
 * so `npm run ledger:check` stays "In orde". The seeded pots and plans are not touched.
 */
import { createHash } from "node:crypto";
import { composeIBAN } from "ibantools";
import pg from "pg";
import { addMonths, localDate, startOfAmsterdamDay } from "../../app/domain/time/index.ts";

export type BulkOptions = { plans: number; seed: number; log?: (line: string) => void };
export type BulkResult = { plans: number; entries: number; measures: number; skipped: boolean };

export const BULK_REGULATION_CODE = "BULK";
const ORGANISATIONS = 500;
const WINDOWS = 8;
const FIRST_YEAR = 2019;
const CHUNK = 5_000;

/** mulberry32: small, fast and good enough to spread test data; not for anything secret. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rand() * 4)] ?? "8";
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

type Status =
  | "SUBMITTED"
  | "INFO_REQUESTED"
  | "IN_ASSESSMENT"
  | "ADVISED"
  | "WAITING_FOR_BUDGET"
  | "GRANTED"
  | "PARTIALLY_GRANTED"
  | "IN_EXECUTION"
  | "REJECTED"
  | "SETTLEMENT_REQUESTED"
  | "SETTLED"
  | "WITHDRAWN"
  | "NOT_CONSIDERED";

/** Percent of plans per status: a year in which most of the work has been received and decided. */
const STATUS_SHARE: [Status, number][] = [
  ["SUBMITTED", 6],
  ["INFO_REQUESTED", 3],
  ["IN_ASSESSMENT", 12],
  ["ADVISED", 9],
  ["WAITING_FOR_BUDGET", 3],
  ["GRANTED", 20],
  ["PARTIALLY_GRANTED", 7],
  ["IN_EXECUTION", 20],
  ["REJECTED", 9],
  ["SETTLEMENT_REQUESTED", 5],
  ["SETTLED", 4],
  ["WITHDRAWN", 1],
  ["NOT_CONSIDERED", 1],
];

function pickStatus(r: number): Status {
  let acc = 0;
  for (const [status, share] of STATUS_SHARE) {
    acc += share;
    if (r * 100 < acc) return status;
  }
  return "GRANTED";
}

type Entry = {
  potId: string;
  planId: string;
  kind: "RESERVATION" | "COMMITMENT" | "RELEASE" | "DISBURSEMENT" | "RECOVERY";
  releases: "RESERVATION" | "COMMITMENT" | null;
  year: number | null;
  amount: bigint;
  at: Date;
  /** For a RECOVERY: the claim it books (every recovery of the portal has one). */
  claimId?: string;
};

/** A settled plan's terugvordering, already paid back. */
type Claim = { id: string; planId: string; amount: bigint; dueOn: Date; receivedAt: Date; createdAt: Date };

/** An id derived from a name, not drawn from the generator: adding one leaves every other row as it was. */
function uuidOf(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const DAY = 86_400_000;
const STREETS = ["Stationsplein", "Kerkstraat", "Handelskade", "Industrieweg", "Laan van Zuid", "Markt"];
const CITIES = ["Den Haag", "Utrecht", "Zwolle", "Eindhoven", "Groningen", "Rotterdam", "Arnhem", "Breda"];
const KINDS = ["Opleidingsfonds", "Arbeidsmarktfonds", "Sectorinstituut", "Ontwikkelingsfonds"];

/** Inserts the bulk data unless the BULK regulation is there already (then nothing is done). */
export async function seedBulkPlans(databaseUrl: string, options: BulkOptions): Promise<BulkResult> {
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM "Regulation" WHERE code = $1', [BULK_REGULATION_CODE]);
    if (exists.rowCount) return { plans: 0, entries: 0, measures: 0, skipped: true };
    await client.query("BEGIN");
    const result = await insertAll(client, options, log);
    await client.query("COMMIT");
    // What the worker's minute job would do: fold the load's dashboard deltas into their totals.
    await client.query("SELECT compact_dashboard_totals()");
    await client.query(
      'ANALYZE "Plan"; ANALYZE "PlanYear"; ANALYZE "Measure"; ANALYZE "LedgerEntry"; ANALYZE "Organisation"; ANALYZE "BudgetPot"; ANALYZE "PlanPosition"',
    );
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** Runs `sql` once per chunk of rows: the scalars are $1…$k, the columns (as arrays) follow. */
async function insertRows(
  client: pg.Client,
  sql: string,
  columns: unknown[][],
  scalars: unknown[] = [],
): Promise<void> {
  const n = columns[0]?.length ?? 0;
  for (let from = 0; from < n; from += CHUNK) {
    await client.query(sql, [...scalars, ...columns.map((c) => c.slice(from, from + CHUNK))]);
  }
}

async function insertAll(
  client: pg.Client,
  { plans: planCount, seed }: BulkOptions,
  log: (line: string) => void,
): Promise<BulkResult> {
  const rand = prng(seed);
  const id = () => uuidFrom(rand);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

  const real = await client.query<{ sectors: { code: string; label: string }[]; themes: { code: string }[] }>(
    `SELECT sectors, themes FROM "Regulation" WHERE code = 'RCS-2013'`,
  );
  const template = real.rows[0];
  if (!template) throw new Error("bulk-plans: de regeling RCS-2013 ontbreekt; eerst de gewone seed draaien");
  const sectors = template.sectors.map((s) => s.code);
  const themes = template.themes.map((t) => t.code);
  const users = await client.query<{ email: string; id: string }>(
    `SELECT email, id FROM "User" WHERE email IN ('aanvrager.metaal@example.nl', 'aanvrager.bouw@example.nl', 'behandelaar@example.nl')`,
  );
  const userId = (email: string) => users.rows.find((u) => u.email === email)?.id;
  const creator =
    userId("aanvrager.metaal@example.nl") ??
    (await client.query('SELECT id FROM "User" LIMIT 1')).rows[0]?.id;
  const handler = userId("behandelaar@example.nl") ?? null;
  const seededOrgs = await client.query<{ id: string; kvk: string }>(
    `SELECT id, "kvkNumber" AS kvk FROM "Organisation" WHERE "kvkNumber" IN ('41152337', '27275183') ORDER BY "kvkNumber" DESC`,
  );

  const regulationId = id();
  await client.query(
    `INSERT INTO "Regulation" (id, code, title, "citationTitle", "legalBasis", publication, fund, "cofinancingRateBp",
       "minimumRequestCents", "maxDurationMonths", "overheadTiers", themes, "measureCategories", sectors, regions,
       criteria, "objectionAuthority", "objectionAddress", "createdAt")
     SELECT $1, $2, 'Benchmarkregeling sectorplannen (bulkdata)', 'Benchmarkregeling sectorplannen', "legalBasis",
       'bulkdata voor belastingtests', $2, "cofinancingRateBp", "minimumRequestCents", "maxDurationMonths",
       "overheadTiers", themes, "measureCategories", sectors, regions, criteria, "objectionAuthority",
       "objectionAddress", timestamp '2018-12-01'
     FROM "Regulation" WHERE code = 'RCS-2013'`,
    [regulationId, BULK_REGULATION_CODE],
  );

  // Pots first with a zero ceiling: set from their entries at the end.
  const windows: { id: string; potId: string; opensAt: Date; closesAt: Date; year: number }[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    const year = FIRST_YEAR + Math.floor(w / 2);
    // Windows open and close at midnight in the Netherlands, as the regulation's setup stores them
    // (at UTC midnight the last day shown, lastDayOf, would be the day the window closed).
    const opens = localDate(year, w % 2 === 0 ? 2 : 9, 1);
    const [opensAt, closesAt] = [opens, addMonths(opens, 3)].map(startOfAmsterdamDay) as [Date, Date];
    windows.push({ id: id(), potId: id(), opensAt, closesAt, year });
  }
  const yearPots = new Map<number, string>();
  for (let y = FIRST_YEAR; y < FIRST_YEAR + WINDOWS / 2 + 3; y++) yearPots.set(y, id());
  await insertRows(
    client,
    `INSERT INTO "BudgetPot" (id, kind, name, "ceilingCents", "updatedAt")
     SELECT p, k::"PotKind", n, 0, timestamp '2018-12-01' FROM unnest($1::text[], $2::text[], $3::text[]) AS t(p, k, n)`,
    [
      [...windows.map((w) => w.potId), ...yearPots.values()],
      [...windows.map(() => "WINDOW"), ...[...yearPots.keys()].map(() => "YEAR")],
      [
        ...windows.map((w, k) => `Subsidieplafond bulktijdvak ${k + 1} (${w.year})`),
        ...[...yearPots.keys()].map((y) => `Begrotingsjaar ${y} (bulk)`),
      ],
    ],
  );
  await client.query(
    `INSERT INTO "ApplicationWindow" (id, "regulationId", name, "opensAt", "closesAt", "potId")
     SELECT w, $1, n, o, c, p FROM unnest($2::text[], $3::text[], $4::timestamp[], $5::timestamp[], $6::text[]) AS t(w, n, o, c, p)`,
    [
      regulationId,
      windows.map((w) => w.id),
      windows.map((w, k) => `Bulktijdvak ${k + 1} (${w.year})`),
      windows.map((w) => w.opensAt),
      windows.map((w) => w.closesAt),
      windows.map((w) => w.potId),
    ],
  );
  await client.query(
    `INSERT INTO "BudgetEnvelope" (id, fund, year, illustrative, note, "potId")
     SELECT i, $1, y, true, 'bulkdata', p FROM unnest($2::text[], $3::int[], $4::text[]) AS t(i, y, p)`,
    [
      BULK_REGULATION_CODE,
      [...yearPots.keys()].map(() => id()),
      [...yearPots.keys()],
      [...yearPots.values()],
    ],
  );

  const orgIds: string[] = [];
  const orgSector: string[] = [];
  const org = {
    id: [] as string[],
    name: [] as string[],
    kvk: [] as string[],
    iban: [] as string[],
    street: [] as string[],
    city: [] as string[],
  };
  for (let k = 0; k < ORGANISATIONS; k++) {
    const sector = sectors[k % sectors.length] ?? "1";
    const oid = id();
    org.id.push(oid);
    org.name.push(`Stichting ${KINDS[k % KINDS.length]} ${sector}-${String(k + 1).padStart(3, "0")}`);
    org.kvk.push(String(90_000_000 + k + 1));
    // An account of its own, as real organisations have: one IBAN shared by all 500 made every
    // row of the payments page warn about 499 others.
    org.iban.push(composeIBAN({ countryCode: "NL", bban: `ABNA${String(4_170_000_000 + k + 1)}` }) ?? "");
    org.street.push(`${STREETS[int(0, STREETS.length - 1)]} ${int(1, 200)}`);
    org.city.push(CITIES[int(0, CITIES.length - 1)] ?? "Den Haag");
    orgIds.push(oid);
    orgSector.push(sector);
  }
  // Their accounts checked by finance when they signed up (the payments page pays them).
  await client.query(
    `INSERT INTO "Organisation" (id, name, "kvkNumber", "legalForm", street, "postalCode", city, iban, "createdAt", "ibanCheckedAt")
     SELECT i, n, k, 'Stichting', s, '2500 AA', c, b, timestamp '2018-12-01', timestamp '2018-12-01'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(i, n, k, s, c, b)`,
    [org.id, org.name, org.kvk, org.street, org.city, org.iban],
  );
  // The seed's Metaal (OOM, sector 3) and Bouw (Fundeon, sector 5) organisations get plans too, so
  // that the seeded applicants see a long list.
  const seeded = seededOrgs.rows.map((r) => ({ id: r.id, sector: r.kvk === "41152337" ? "3" : "5" }));

  const p = {
    id: [] as string[],
    ref: [] as string[],
    org: [] as string[],
    win: [] as string[],
    status: [] as string[],
    title: [] as string[],
    sector: [] as string[],
    employees: [] as number[],
    start: [] as string[],
    end: [] as string[],
    submitted: [] as Date[],
    complete: [] as (Date | null)[],
    due: [] as (string | null)[],
    handler: [] as (string | null)[],
  };
  const years = { plan: [] as string[], year: [] as number[], cents: [] as string[] };
  const measures = {
    id: [] as string[],
    plan: [] as string[],
    pos: [] as number[],
    theme: [] as string[],
    title: [] as string[],
    n: [] as number[],
  };
  const entries: Entry[] = [];
  const claims: Claim[] = [];

  for (let i = 1; i <= planCount; i++) {
    const planId = id();
    const w = windows[int(0, WINDOWS - 1)] ?? (windows[0] as (typeof windows)[number]);
    const status = pickStatus(rand());
    const useSeeded = seeded.length > 0 && i % 50 < seeded.length;
    const o = useSeeded
      ? (seeded[i % 50] as { id: string; sector: string })
      : { id: orgIds[int(0, ORGANISATIONS - 1)] ?? "", sector: "" };
    const sector = o.sector || orgSector[orgIds.indexOf(o.id)] || "1";
    const submitted = new Date(w.opensAt.getTime() + int(0, 88) * DAY + int(0, 86_399) * 1000);
    const complete = ["SUBMITTED", "INFO_REQUESTED", "NOT_CONSIDERED", "WITHDRAWN"].includes(status)
      ? null
      : new Date(submitted.getTime() + int(0, 20) * DAY);
    const planYears = [w.year + 1, w.year + 2, w.year + 3];
    // 250,000 to 2,400,000 euros, whole hundreds.
    const total = BigInt(int(2_500, 24_000)) * 10_000n;
    const perYear = [total / 3n, total / 3n, total - 2n * (total / 3n)];

    p.id.push(planId);
    p.ref.push(`SP-${w.year}-B${String(i).padStart(6, "0")}`);
    p.org.push(o.id);
    p.win.push(w.id);
    p.status.push(status);
    p.title.push(`Sectorplan ${sector}: ${themes[i % themes.length]} en instroom ${i}`);
    p.sector.push(sector);
    p.employees.push(int(500, 150_000));
    p.start.push(`${w.year + 1}-01-01`);
    p.end.push(`${w.year + 3}-12-31`);
    p.submitted.push(submitted);
    p.complete.push(complete);
    p.due.push(complete ? new Date(complete.getTime() + 91 * DAY).toISOString().slice(0, 10) : null);
    p.handler.push(status !== "SUBMITTED" && rand() < 0.6 ? handler : null);
    planYears.forEach((y, k) => {
      years.plan.push(planId);
      years.year.push(y);
      years.cents.push(String(perYear[k]));
    });
    const measureCount = int(2, 4);
    for (let m = 1; m <= measureCount; m++) {
      measures.id.push(id());
      measures.plan.push(planId);
      measures.pos.push(m);
      measures.theme.push(themes[(i + m) % themes.length] ?? "scholing");
      measures.title.push(`Maatregel ${m}`);
      measures.n.push(int(10, 800));
    }

    if (!complete || status === "WAITING_FOR_BUDGET") continue;
    const yearPot = (k: number) => yearPots.get(planYears[k] ?? 0) ?? "";
    const at = (days: number) => new Date((complete as Date).getTime() + days * DAY);
    const book = (
      potId: string,
      kind: Entry["kind"],
      amount: bigint,
      year: number | null,
      when: Date,
      releases: Entry["releases"] = null,
      claimId?: string,
    ) => {
      if (amount > 0n)
        entries.push({
          potId,
          planId,
          kind,
          releases,
          year,
          amount,
          at: when,
          ...(claimId ? { claimId } : {}),
        });
    };
    const byYear = (
      amounts: bigint[],
      kind: Entry["kind"],
      days: number,
      releases: Entry["releases"] = null,
    ) => {
      for (const [k, a] of amounts.entries())
        book(yearPot(k), kind, a, planYears[k] ?? null, at(days), releases);
    };
    // At completeness: the window's ceiling and each year's envelope.
    book(w.potId, "RESERVATION", total, null, at(0));
    byYear(perYear, "RESERVATION", 0);
    if (status === "IN_ASSESSMENT" || status === "ADVISED") continue;
    if (status === "REJECTED") {
      book(w.potId, "RELEASE", total, null, at(60), "RESERVATION");
      byYear(perYear, "RELEASE", 60, "RESERVATION");
      continue;
    }
    // Decided: in full, or 80% of each year with the rest released.
    const granted = perYear.map((a) => (status === "PARTIALLY_GRANTED" ? (a * 8n) / 10n : a));
    const grantedTotal = granted.reduce((x, y) => x + y, 0n);
    book(w.potId, "COMMITMENT", grantedTotal, null, at(70));
    byYear(granted, "COMMITMENT", 70);
    if (status === "PARTIALLY_GRANTED") {
      book(w.potId, "RELEASE", total - grantedTotal, null, at(70), "RESERVATION");
      byYear(
        perYear.map((a, k) => a - (granted[k] ?? 0n)),
        "RELEASE",
        70,
        "RESERVATION",
      );
    }
    // The first advance (10%), paid from the first year.
    const advance = grantedTotal / 10n;
    book(w.potId, "DISBURSEMENT", advance, null, at(85));
    book(yearPot(0), "DISBURSEMENT", advance, planYears[0] ?? null, at(85));
    if (status === "GRANTED" || status === "PARTIALLY_GRANTED") continue;
    // In execution and later: the rest of the first year and 40% of the others.
    const paid = [
      (granted[0] ?? 0n) - advance,
      ((granted[1] ?? 0n) * 4n) / 10n,
      ((granted[2] ?? 0n) * 4n) / 10n,
    ];
    paid.forEach((a, k) => {
      book(w.potId, "DISBURSEMENT", a, null, at(200 + 180 * k));
      book(yearPot(k), "DISBURSEMENT", a, planYears[k] ?? null, at(200 + 180 * k));
    });
    if (status !== "SETTLED") continue;
    // Settled: the remaining commitment paid, then 10% of the last year recovered and released.
    for (const k of [1, 2]) {
      const rest = (granted[k] ?? 0n) - (paid[k] ?? 0n);
      book(w.potId, "DISBURSEMENT", rest, null, at(900));
      book(yearPot(k), "DISBURSEMENT", rest, planYears[k] ?? null, at(900));
    }
    const back = (granted[2] ?? 0n) / 10n;
    if (back > 0n) {
      const claimId = uuidOf(`bulk-recovery:${planId}`);
      claims.push({
        id: claimId,
        planId,
        amount: back,
        dueOn: at(1042),
        receivedAt: at(1030),
        createdAt: at(1000),
      });
      book(w.potId, "RECOVERY", back, null, at(1000), null, claimId);
      book(yearPot(2), "RECOVERY", back, planYears[2] ?? null, at(1000), null, claimId);
    }
    book(w.potId, "RELEASE", back, null, at(1000), "COMMITMENT");
    book(yearPot(2), "RELEASE", back, planYears[2] ?? null, at(1000), "COMMITMENT");
  }

  log(`bulk: ${planCount} plannen, ${measures.id.length} maatregelen, ${entries.length} boekingen invoegen`);
  await insertRows(
    client,
    `INSERT INTO "Plan" (id, reference, "organisationId", "regulationId", "windowId", status, title, summary, "createdById",
       "sectorCodes", "employeesInScope", "periodStart", "periodEnd", "submittedAt", "receivedAt", "completeReceivedAt",
       "decisionDueOn", "decisionTermWeeks", "advisersRequired", "handlerId", "createdAt", "updatedAt")
     SELECT i, r, o, $1, w, s::"PlanStatus", t, 'Bulkdata voor belastingtests.', $2, ARRAY[sec], e,
       ps::date, pe::date, sub, sub, c, d::date,
       -- A complete plan keeps the regulation's term and advisers as the complete event copies them.
       CASE WHEN c IS NOT NULL THEN (SELECT "decisionTermWeeks" FROM "Regulation" WHERE id = $1) END,
       CASE WHEN c IS NOT NULL THEN (SELECT "advisersRequired" FROM "Regulation" WHERE id = $1) END,
       h, sub - interval '10 days', coalesce(c, sub)
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[],
                 $11::text[], $12::text[], $13::timestamp[], $14::timestamp[], $15::text[], $16::text[])
       AS t(i, r, o, w, s, t, sec, e, ps, pe, sub, c, d, h)`,
    [
      p.id,
      p.ref,
      p.org,
      p.win,
      p.status,
      p.title,
      p.sector,
      p.employees,
      p.start,
      p.end,
      p.submitted,
      p.complete,
      p.due,
      p.handler,
    ],
    [regulationId, creator],
  );
  await insertRows(
    client,
    `INSERT INTO "PlanYear" ("planId", year, "requestedCents")
     SELECT p, y, c::bigint FROM unnest($1::text[], $2::int[], $3::text[]) AS t(p, y, c)`,
    [years.plan, years.year, years.cents],
  );
  await insertRows(
    client,
    `INSERT INTO "Measure" (id, "planId", position, theme, title, participants)
     SELECT i, p, n, t, ti, pa FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[]) AS t(i, p, n, t, ti, pa)`,
    [measures.id, measures.plan, measures.pos, measures.theme, measures.title, measures.n],
  );
  await insertRows(
    client,
    `INSERT INTO "RecoveryClaim" (id, "planId", "amountCents", status, "dueOn", "receivedAt", "createdAt")
     SELECT i, p, a::bigint, 'RECEIVED', d::date, r, c
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[], $5::timestamp[], $6::timestamp[]) AS t(i, p, a, d, r, c)`,
    [
      claims.map((c) => c.id),
      claims.map((c) => c.planId),
      claims.map((c) => String(c.amount)),
      claims.map((c) => c.dueOn),
      claims.map((c) => c.receivedAt),
      claims.map((c) => c.createdAt),
    ],
  );
  await insertRows(
    client,
    `INSERT INTO "LedgerEntry" ("potId", "planId", kind, releases, year, "amountCents", reason, "createdAt", "recoveryClaimId")
     SELECT po, pl, k::"LedgerKind", r::"LedgerKind", y, a::bigint, 'bulkdata', c, rc
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamp[], $8::text[]) AS t(po, pl, k, r, y, a, c, rc)`,
    [
      entries.map((e) => e.potId),
      entries.map((e) => e.planId),
      entries.map((e) => e.kind),
      entries.map((e) => e.releases),
      entries.map((e) => e.year),
      entries.map((e) => String(e.amount)),
      entries.map((e) => e.at),
      entries.map((e) => e.claimId ?? null),
    ],
  );
  // Balance rows from the entries (the arithmetic of app/domain/budget/balances.ts); each
  // ceiling leaves 10% room above what the pot holds.
  await client.query(
    `WITH s AS (
       SELECT "potId",
         sum(CASE WHEN kind = 'RESERVATION' THEN "amountCents" WHEN kind = 'COMMITMENT' THEN -"amountCents"
                  WHEN kind = 'RELEASE' AND releases = 'RESERVATION' THEN -"amountCents" ELSE 0 END) AS reserved,
         sum(CASE WHEN kind = 'COMMITMENT' THEN "amountCents"
                  WHEN kind = 'RELEASE' AND releases = 'COMMITMENT' THEN -"amountCents" ELSE 0 END) AS committed,
         sum(CASE WHEN kind = 'DISBURSEMENT' THEN "amountCents" WHEN kind = 'RECOVERY' THEN -"amountCents" ELSE 0 END) AS disbursed
       FROM "LedgerEntry" WHERE "potId" = ANY($1::text[]) GROUP BY "potId")
     UPDATE "BudgetPot" b SET "reservedCents" = s.reserved, "committedCents" = s.committed, "disbursedCents" = s.disbursed,
       "ceilingCents" = ((s.reserved + s.committed) * 11 / 10 / 100000000 + 1) * 100000000
     FROM s WHERE b.id = s."potId"`,
    [[...windows.map((w) => w.potId), ...yearPots.values()]],
  );
  await client.query(
    `UPDATE "BudgetPot" SET "ceilingCents" = 100000000000 WHERE id = ANY($1::text[]) AND "ceilingCents" = 0`,
    [[...windows.map((w) => w.potId), ...yearPots.values()]],
  );
  return { plans: planCount, entries: entries.length, measures: measures.id.length, skipped: false };
}
