import { z } from "zod";
import { Prisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus, PotKind } from "../../generated/prisma/enums.ts";
import { lastDayOf } from "../regulation/setup.server.ts";
import type { LocalDate } from "../time/index.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";
import { availableCents } from "./balances.ts";
import type { Db } from "./reports.server.ts";

/**
 * The finance dashboard (design.md §5, issue 6 "Dashboard"): figures per tijdvak, per
 * begrotingsjaar, per sector and per theme, the chart over time, and the drill-down to the plans
 * behind every figure. Everything is aggregated in PostgreSQL (GROUP BY/SUM over the ledger), one
 * query per table, so the page costs the same at 100 plans and at 10,000.
 *
 * The ledger arithmetic is the one of balances.ts, written out in SQL (LEDGER_SUMS); the test
 * compares both on the same entries.
 */

export const WAITING: readonly PlanStatus[] = ["WAITING_FOR_BUDGET"];
/**
 * Submitted but not yet complete: what may still come to the budget. Only while never found
 * complete (completeReceivedAt null): a plan asked for a supplement during assessment is
 * INFO_REQUESTED too, but holds its reservation and counts under "reserved" already.
 */
export const PIPELINE: readonly PlanStatus[] = ["SUBMITTED", "INFO_REQUESTED"];

export const MEASURES = ["reserved", "committed", "disbursed", "held", "waiting", "pipeline"] as const;
/** The code under which plans without a sector are counted (and drilled into). */
export const NO_SECTOR = "-";

export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABEL: Record<Measure, string> = {
  reserved: "Gereserveerd",
  committed: "Verplicht",
  disbursed: "Betaald",
  held: "Plannen met een bedrag in de pot",
  waiting: "Wachtlijst (aangevraagd)",
  pipeline: "In behandeling, nog niet volledig (aangevraagd)",
};

/** Limit the dashboard to one regulation (its windows, its fund's envelopes, its plans); empty = all. */
export type DashboardScope = { regulationId?: string };

// balances.ts as SQL: reserved = RES − COM − REL(RES); committed = COM − REL(COM); disbursed = DIS − REC.
const RESERVED_SQL = Prisma.sql`SUM(CASE
    WHEN e.kind = 'RESERVATION' THEN e."amountCents"
    WHEN e.kind = 'COMMITMENT' THEN -e."amountCents"
    WHEN e.kind = 'RELEASE' AND e.releases = 'RESERVATION' THEN -e."amountCents"
    ELSE 0 END)`;
const COMMITTED_SQL = Prisma.sql`SUM(CASE
    WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
    WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents"
    ELSE 0 END)`;
const DISBURSED_SQL = Prisma.sql`SUM(CASE
    WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
    WHEN e.kind = 'RECOVERY' THEN -e."amountCents"
    ELSE 0 END)`;
const LEDGER_SUMS = Prisma.sql`${RESERVED_SQL}::bigint AS reserved, ${COMMITTED_SQL}::bigint AS committed,
  ${DISBURSED_SQL}::bigint AS disbursed`;

type Pipeline = { waitingCount: number; waitingCents: bigint; pipelineCount: number; pipelineCents: bigint };

export type PotRow = Pipeline & {
  potId: string;
  kind: PotKind;
  name: string;
  ceilingCents: bigint;
  reservedCents: bigint;
  committedCents: bigint;
  disbursedCents: bigint;
  availableCents: bigint;
  /** Window rows: the window's name, the regulation and the period; year rows: fund and year. */
  windowName: string | null;
  regulationCode: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  /** The window's last day (closesAt is exclusive: a window closing at 1 June 00:00 ends on 31 May). */
  lastDay: LocalDate | null;
  fund: string | null;
  year: number | null;
  illustrative: boolean;
  /**
   * Year rows on a dashboard limited to one regulation whose fund other regulations share: those
   * others. The row is the fund's all the same (see potRows), so it says whose money it counts.
   */
  sharedWith: { code: string; title: string }[];
  /** The regulation the row's drill-down links filter on: the scope of its figures. */
  drillRegulationId: string | null;
};

const NO_PIPELINE: Pipeline = { waitingCount: 0, waitingCents: 0n, pipelineCount: 0, pipelineCents: 0n };

type PipelineSql = {
  key: string;
  waiting_count: bigint;
  waiting_cents: bigint;
  pipeline_count: bigint;
  pipeline_cents: bigint;
};

function toPipeline(r: PipelineSql): Pipeline {
  return {
    waitingCount: Number(r.waiting_count),
    waitingCents: r.waiting_cents,
    pipelineCount: Number(r.pipeline_count),
    pipelineCents: r.pipeline_cents,
  };
}

/**
 * One row per pot: the figures of its balance row (what the bookings keep up to date and
 * checkLedger verifies) plus the waiting list and the pipeline of the open plans.
 * Window pots: the plans received in that tijdvak, their whole request. Year pots: the plans of the
 * envelope's fund that request something for that year, that year's share.
 *
 * Every figure of a row has the row's scope. A window belongs to one regulation. A year's envelope
 * belongs to a fund, which several regulations may share: its ceiling and balances are the fund's
 * and cannot be split by regulation, and its plans wait in one line per fund (ADR 0011). So a year
 * row stays the fund's when the dashboard is limited to one regulation — waiting list, pipeline and
 * drill-down included — and names the other regulations that count in it (sharedWith).
 */
export async function potRows(db: Db, scope: DashboardScope = {}): Promise<PotRow[]> {
  const fund = scope.regulationId
    ? (await db.regulation.findUnique({ where: { id: scope.regulationId }, select: { fund: true } }))?.fund
    : undefined;
  if (scope.regulationId && fund === undefined) return [];
  const others = scope.regulationId
    ? await db.regulation.findMany({
        where: { fund: fund ?? "", id: { not: scope.regulationId } },
        select: { code: true, title: true },
        orderBy: { code: "asc" },
      })
    : [];
  const pots = await db.budgetPot.findMany({
    where: scope.regulationId
      ? { OR: [{ window: { regulationId: scope.regulationId } }, { envelope: { fund: fund ?? "" } }] }
      : {},
    select: {
      id: true,
      kind: true,
      name: true,
      ceilingCents: true,
      reservedCents: true,
      committedCents: true,
      disbursedCents: true,
      window: {
        select: {
          id: true,
          name: true,
          opensAt: true,
          closesAt: true,
          regulation: { select: { code: true } },
        },
      },
      envelope: { select: { fund: true, year: true, illustrative: true } },
    },
  });
  // The fund's regulations: the window rows are this regulation's windows anyway (keyed by window),
  // the year rows count every plan of the fund.
  // Only the window and year sides: the sector and theme sides are breakdowns()'.
  const regulationFilter = scope.regulationId
    ? Prisma.sql`WHERE side IN ('W', 'Y') AND "regulationId" IN (SELECT id FROM "Regulation" WHERE fund = ${fund})`
    : Prisma.sql`WHERE side IN ('W', 'Y')`;
  const columns = Prisma.sql`"regulationId", side, key, "waitingCount", "waitingCents", "pipelineCount", "pipelineCents"`;
  // PipelineTotal plus the deltas not yet folded in, in one statement (one snapshot): kept by
  // triggers on Plan and PlanYear (migration dashboard_pipeline), so no view sums the open plans'
  // years. Per window a plan counts once with its whole request; per year each of its years counts.
  const pipeline = await db.$queryRaw<(PipelineSql & { side: "W" | "Y" })[]>`
    SELECT t.side, CASE WHEN t.side = 'W' THEN t.key ELSE reg.fund || '|' || t.key END AS key,
           SUM(t."waitingCount")::bigint AS waiting_count, SUM(t."waitingCents")::bigint AS waiting_cents,
           SUM(t."pipelineCount")::bigint AS pipeline_count, SUM(t."pipelineCents")::bigint AS pipeline_cents
    FROM (SELECT ${columns} FROM "PipelineTotal" ${regulationFilter}
          UNION ALL
          SELECT ${columns} FROM "PipelineDelta" ${regulationFilter}) t
    JOIN "Regulation" reg ON reg.id = t."regulationId"
    GROUP BY 1, 2`;
  const perWindow = pipeline.filter((r) => r.side === "W");
  const perYear = pipeline.filter((r) => r.side === "Y");
  const byWindow = new Map(perWindow.map((r) => [r.key, toPipeline(r)]));
  const byYear = new Map(perYear.map((r) => [r.key, toPipeline(r)]));
  const rows: PotRow[] = pots.map((p) => ({
    potId: p.id,
    kind: p.kind,
    name: p.name,
    ceilingCents: p.ceilingCents,
    reservedCents: p.reservedCents,
    committedCents: p.committedCents,
    disbursedCents: p.disbursedCents,
    availableCents: availableCents(p),
    windowName: p.window?.name ?? null,
    regulationCode: p.window?.regulation.code ?? null,
    opensAt: p.window?.opensAt ?? null,
    closesAt: p.window?.closesAt ?? null,
    lastDay: p.window ? lastDayOf(p.window.closesAt) : null,
    fund: p.envelope?.fund ?? null,
    year: p.envelope?.year ?? null,
    illustrative: p.envelope?.illustrative ?? false,
    sharedWith: p.envelope ? others : [],
    drillRegulationId: p.window ? (scope.regulationId ?? null) : null,
    ...((p.window
      ? byWindow.get(p.window.id)
      : p.envelope
        ? byYear.get(`${p.envelope.fund}|${p.envelope.year}`)
        : undefined) ?? NO_PIPELINE),
  }));
  return rows.sort(
    (a, b) =>
      (a.opensAt?.getTime() ?? 0) - (b.opensAt?.getTime() ?? 0) ||
      (a.fund ?? "").localeCompare(b.fund ?? "") ||
      (a.year ?? 0) - (b.year ?? 0) ||
      a.name.localeCompare(b.name),
  );
}

export type BreakdownBy = "sector" | "theme";

export type BreakdownRow = {
  potKind: PotKind;
  code: string;
  label: string;
  reservedCents: bigint;
  committedCents: bigint;
  disbursedCents: bigint;
  /** Plans that hold a non-zero amount (reserved, committed or disbursed) in pots of this kind. */
  planCount: number;
  /**
   * The pipeline (design.md §5): plans submitted and never found complete, counted once each with
   * their whole request as the pots of this kind count it (tijdvak: the plans with a window, a
   * plan without years with €0; begrotingsjaar: the plans with years, all their years).
   */
  pipelineCount: number;
  pipelineCents: bigint;
};

type BreakdownSql = {
  pot_kind: PotKind;
  code: string;
  reserved: bigint;
  committed: bigint;
  disbursed: bigint;
  plans: bigint;
  pipeline_count: bigint;
  pipeline_cents: bigint;
};

/**
 * Per pot kind (tijdvak / begrotingsjaar) and sector or theme: what the plans hold. First per plan
 * (so that a plan whose money was released entirely does not count), then per group.
 * Sector: the plan's first sector (the lead sector), so the sector rows add up to the pots.
 * Theme: a plan counts in full under every theme of its measures, so theme rows do NOT add up
 * (splitting a plan's money over its measures would need the measures' costs per year and a
 * rounding rule nobody decided; the page says so under the table). The pipeline follows the same
 * rules: a plan's whole request under its lead sector and under every theme of its measures.
 */
export async function breakdown(
  db: Db,
  by: BreakdownBy,
  scope: DashboardScope = {},
): Promise<BreakdownRow[]> {
  return (await breakdowns(db, [by], scope))[by];
}

/**
 * The sector and/or theme tables in one query and one read of the labels; the dashboard asks for
 * both, an export for its own. The sums come from BreakdownTotal plus the BreakdownDelta rows not
 * yet folded in: kept by triggers on PlanPosition in the booking's own transaction, as
 * PlanPosition is kept on the ledger entries (migrations ledger_positions and breakdown_totals;
 * positions.test.ts compares each with what it is derived from). So a view reads a few hundred
 * rows instead of scanning the ledger, the plans' positions or the measures.
 */
export async function breakdowns(
  db: Db,
  which: readonly BreakdownBy[],
  scope: DashboardScope = {},
  /** Only the rows of this pot kind; both when absent (the exports). */
  potKind?: PotKind,
): Promise<Record<BreakdownBy, BreakdownRow[]>> {
  const filters = [
    Prisma.sql`"groupBy" IN (${Prisma.join(which)})`,
    ...(scope.regulationId ? [Prisma.sql`"regulationId" = ${scope.regulationId}`] : []),
    ...(potKind ? [Prisma.sql`"potKind" = CAST(${potKind} AS "PotKind")`] : []),
  ];
  const where = Prisma.join(filters, " AND ");
  const columns = Prisma.sql`"groupBy", "potKind", code, positions, plans,
    "reservedCents", "committedCents", "disbursedCents", 0, 0`;
  // The pipeline per lead sector and per theme: PipelineTotal's sides S (sector) and T (theme) by
  // W (tijdvak pots) and Y (begrotingsjaar pots), kept by triggers on Plan, PlanYear and Measure
  // (migration pipeline_per_group, ADR 0033) with the rules above: a plan's whole request under its
  // lead sector and under every theme of its measures; per window only plans with a window (EUR 0
  // without years), per year only plans with years.
  const kinds: readonly PotKind[] = potKind ? [potKind] : ["WINDOW", "YEAR"];
  const sides = which.flatMap((by) =>
    kinds.map((k) => `${by === "sector" ? "S" : "T"}${k === "WINDOW" ? "W" : "Y"}`),
  );
  const pipelineWhere = Prisma.join(
    [
      Prisma.sql`side IN (${Prisma.join(sides)})`,
      ...(scope.regulationId ? [Prisma.sql`"regulationId" = ${scope.regulationId}`] : []),
    ],
    " AND ",
  );
  const pipelineColumns = Prisma.sql`CASE WHEN left(side, 1) = 'S' THEN 'sector' ELSE 'theme' END,
    CASE WHEN right(side, 1) = 'W' THEN 'WINDOW'::"PotKind" ELSE 'YEAR'::"PotKind" END, key,
    0, 0, 0, 0, 0, "pipelineCount", "pipelineCents"`;
  const [rows, labels] = await Promise.all([
    // One statement, so the totals and the deltas not yet folded in are read in one snapshot.
    db.$queryRaw<(BreakdownSql & { by: BreakdownBy })[]>`
      SELECT "by", pot_kind, code,
             SUM(reserved)::bigint AS reserved, SUM(committed)::bigint AS committed,
             SUM(disbursed)::bigint AS disbursed, SUM(plans)::bigint AS plans,
             SUM(pipeline_count)::bigint AS pipeline_count, SUM(pipeline_cents)::bigint AS pipeline_cents
      FROM (SELECT ${columns} FROM "BreakdownTotal" WHERE ${where}
            UNION ALL
            SELECT ${columns} FROM "BreakdownDelta" WHERE ${where}
            UNION ALL
            SELECT ${pipelineColumns} FROM "PipelineTotal" WHERE ${pipelineWhere}
            UNION ALL
            SELECT ${pipelineColumns} FROM "PipelineDelta" WHERE ${pipelineWhere}
           ) t ("by", pot_kind, code, positions, plans, reserved, committed, disbursed, pipeline_count,
                pipeline_cents)
      GROUP BY 1, 2, 3
      HAVING SUM(positions) > 0 OR SUM(pipeline_count) > 0
      ORDER BY 1, 2, 3`,
    labelMaps(db, scope.regulationId),
  ]);
  const out: Record<BreakdownBy, BreakdownRow[]> = { sector: [], theme: [] };
  for (const r of rows) {
    out[r.by].push({
      potKind: r.pot_kind,
      code: r.code,
      label: labelOfCode(r.by === "sector" ? labels.sectors : labels.themes, r.code),
      reservedCents: r.reserved,
      committedCents: r.committed,
      disbursedCents: r.disbursed,
      planCount: Number(r.plans),
      pipelineCount: Number(r.pipeline_count),
      pipelineCents: r.pipeline_cents,
    });
  }
  return out;
}

function labelOfCode(labels: Map<string, string>, code: string): string {
  return code === NO_SECTOR ? "Geen sector" : (labels.get(code) ?? code);
}

/** The label of one sector or theme code, as the breakdown tables name it (the drill-down's heading). */
export async function codeLabel(
  list: "sectors" | "themes",
  code: string,
  regulationId: string | undefined,
  db: Db = prisma,
): Promise<string> {
  return labelOfCode((await labelMaps(db, regulationId))[list], code);
}

/** Code → label from the regulations' lists: the scoped regulation's first, then the oldest's. */
async function labelMaps(
  db: Db,
  regulationId: string | undefined,
): Promise<Record<"sectors" | "themes", Map<string, string>>> {
  const all = await db.regulation.findMany({
    select: { id: true, sectors: true, themes: true },
    orderBy: { createdAt: "asc" },
  });
  const regs = [...all.filter((r) => r.id === regulationId), ...all.filter((r) => r.id !== regulationId)];
  const maps = { sectors: new Map<string, string>(), themes: new Map<string, string>() };
  for (const list of ["sectors", "themes"] as const) {
    const labels = maps[list];
    for (const reg of regs) {
      const items = reg[list];
      if (!Array.isArray(items)) continue;
      for (const item of items as { code?: unknown; label?: unknown }[]) {
        if (typeof item.code === "string" && typeof item.label === "string" && !labels.has(item.code)) {
          labels.set(item.code, item.label);
        }
      }
    }
  }
  return maps;
}

export type TimelineRow = {
  /** "2026-11": the month in Europe/Amsterdam. */
  month: string;
  committedCents: bigint;
  disbursedCents: bigint;
  cumulativeCommittedCents: bigint;
  cumulativeDisbursedCents: bigint;
};

/**
 * Commitments and disbursements per month, net as balances.ts defines them (commitments minus
 * released commitments; payments minus recoveries), and cumulative. Counted on the window pots
 * only: every booking lands on the window pot in full and again on the year pots in shares, so
 * counting both would double it. Months without bookings are filled in so the line is continuous.
 */
export async function timeline(db: Db, scope: DashboardScope = {}): Promise<TimelineRow[]> {
  const regulationFilter = scope.regulationId
    ? Prisma.sql`AND w."regulationId" = ${scope.regulationId}`
    : Prisma.empty;
  // PotMonth: the entries of these kinds summed per pot and month by the ledger's triggers (see
  // breakdowns); a row exists while the month has such entries, even when they net to zero.
  const rows = await db.$queryRaw<{ month: string; committed: bigint; disbursed: bigint }[]>`
    SELECT pm.month, SUM(pm."committedCents")::bigint AS committed, SUM(pm."disbursedCents")::bigint AS disbursed
    FROM "PotMonth" pm
    JOIN "ApplicationWindow" w ON w."potId" = pm."potId"
    WHERE TRUE ${regulationFilter}
    GROUP BY 1 ORDER BY 1`;
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const out: TimelineRow[] = [];
  const first = rows[0]?.month;
  const last = rows.at(-1)?.month;
  if (!first || !last) return out;
  let committed = 0n;
  let disbursed = 0n;
  for (let month = first; month <= last; month = nextMonth(month)) {
    const r = byMonth.get(month);
    committed += r?.committed ?? 0n;
    disbursed += r?.disbursed ?? 0n;
    out.push({
      month,
      committedCents: r?.committed ?? 0n,
      disbursedCents: r?.disbursed ?? 0n,
      cumulativeCommittedCents: committed,
      cumulativeDisbursedCents: disbursed,
    });
  }
  return out;
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export type Dashboard = {
  windows: PotRow[];
  years: PotRow[];
  sectors: BreakdownRow[];
  themes: BreakdownRow[];
  timeline: TimelineRow[];
};

export async function loadDashboard(
  scope: DashboardScope = {},
  db: Db = prisma,
  /** The pot kind of the sector and theme tables; both when absent. */
  breakdownKind?: PotKind,
): Promise<Dashboard> {
  const [pots, { sector: sectors, theme: themes }, months] = await Promise.all([
    potRows(db, scope),
    breakdowns(db, ["sector", "theme"], scope, breakdownKind),
    timeline(db, scope),
  ]);
  return {
    windows: pots.filter((p) => p.kind === "WINDOW"),
    years: pots.filter((p) => p.kind === "YEAR"),
    sectors,
    themes,
    timeline: months,
  };
}

// ---------------------------------------------------------------------------------------------
// Drill-down

export const DRILL_PAGE_SIZE = 25;

export type DrillParams = {
  /** One pot, or all pots of a kind (the sector and theme tables are per pot kind). */
  potId?: string;
  potKind?: PotKind;
  measure: Measure;
  sector?: string;
  theme?: string;
  regulationId?: string;
  sort: "amount" | "receipt";
  page: number;
};

export type DrillRow = {
  planId: string;
  reference: string;
  title: string;
  organisationName: string;
  status: PlanStatus;
  statusLabel: string;
  receivedAt: Date | null;
  amountCents: bigint;
};

export type DrillResult = {
  rows: DrillRow[];
  total: number;
  totalCents: bigint;
  page: number;
  pageCount: number;
  /** What the filter is, in words, for the heading. */
  potName: string | null;
};

type DrillSql = {
  id: string;
  reference: string;
  title: string;
  organisation: string;
  status: PlanStatus;
  received_at: Date | null;
  amount: bigint;
  total: bigint;
  total_cents: bigint;
};

/**
 * The plans behind one figure: for ledger measures the plan's net amount in the pot(s) (non-zero
 * only, as the figure sums them), for waiting/pipeline the requested amount that the figure
 * counts. One query per page: the count and the total come along as window functions, so they
 * are the figure clicked by construction. `limit: null` returns every row (the export).
 */
export async function drillDown(
  params: DrillParams,
  options: { db?: Db; limit?: number | null } = {},
): Promise<DrillResult> {
  const db = options.db ?? prisma;
  const limit = options.limit === undefined ? DRILL_PAGE_SIZE : options.limit;
  const pot = params.potId
    ? await db.budgetPot.findUnique({
        where: { id: params.potId },
        select: {
          id: true,
          name: true,
          kind: true,
          window: { select: { id: true } },
          envelope: { select: { fund: true, year: true } },
        },
      })
    : null;
  if (params.potId && !pot) {
    return { rows: [], total: 0, totalCents: 0n, page: 1, pageCount: 1, potName: null };
  }
  const kindPotIds =
    !pot && params.potKind
      ? (await db.budgetPot.findMany({ where: { kind: params.potKind }, select: { id: true } })).map(
          (p) => p.id,
        )
      : [];
  const query = (page: number) => db.$queryRaw<DrillSql[]>`
    ${drillSql(params, pot, kindPotIds)}
    ORDER BY ${params.sort === "amount" ? Prisma.sql`amount DESC,` : Prisma.empty}
             COALESCE(p."completeReceivedAt", p."receivedAt") ASC NULLS LAST, p.number ASC
    ${limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit} OFFSET ${(page - 1) * limit}`}`;
  let page = Math.max(1, params.page);
  let rows = await query(page);
  if (rows.length === 0 && page > 1 && limit !== null) {
    // Past the end (the list shrank, or a hand-made URL): show the last page instead.
    const [first] = await db.$queryRaw<DrillSql[]>`${drillSql(params, pot, kindPotIds)} LIMIT 1`;
    page = Math.max(1, Math.ceil(Number(first?.total ?? 0) / limit));
    rows = await query(page);
  }
  const total = Number(rows[0]?.total ?? 0);
  // A revoked grant (its advances claimed back) is not an application its applicant withdrew.
  const statusLabel = await statusLabeller(db, rows);
  return {
    rows: rows.map((r) => ({
      planId: r.id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisation,
      status: r.status,
      statusLabel: statusLabel(r),
      receivedAt: r.received_at,
      amountCents: r.amount,
    })),
    total,
    totalCents: rows[0]?.total_cents ?? 0n,
    page,
    pageCount: limit === null ? 1 : Math.max(1, Math.ceil(total / limit)),
    potName: pot?.name ?? null,
  };
}

type DrillPot = {
  id: string;
  kind: PotKind;
  window: { id: string } | null;
  envelope: { fund: string; year: number } | null;
} | null;

function drillSql(params: DrillParams, pot: DrillPot, kindPotIds: string[]): Prisma.Sql {
  const filters: Prisma.Sql[] = [];
  if (params.regulationId) filters.push(Prisma.sql`p."regulationId" = ${params.regulationId}`);
  if (params.sector !== undefined) {
    filters.push(
      params.sector === NO_SECTOR
        ? Prisma.sql`cardinality(p."sectorCodes") = 0`
        : Prisma.sql`p."sectorCodes"[1] = ${params.sector}`,
    );
  }
  if (params.theme !== undefined) {
    filters.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Measure" m WHERE m."planId" = p.id AND m.theme = ${params.theme})`,
    );
  }
  const where = filters.length ? Prisma.sql`AND ${Prisma.join(filters, " AND ")}` : Prisma.empty;
  const select = Prisma.sql`SELECT p.id, p.reference, p.title, o.name AS organisation, p.status,
      COALESCE(p."completeReceivedAt", p."receivedAt") AS received_at, x.amount,
      COUNT(*) OVER () AS total, (SUM(x.amount) OVER ())::bigint AS total_cents`;

  if (params.measure === "waiting" || params.measure === "pipeline") {
    const statuses = params.measure === "waiting" ? WAITING : PIPELINE;
    const notComplete =
      params.measure === "pipeline" ? Prisma.sql`AND p."completeReceivedAt" IS NULL` : Prisma.empty;
    const potFilter: Prisma.Sql[] = [];
    let yearFilter = Prisma.empty;
    if (pot?.window) potFilter.push(Prisma.sql`p."windowId" = ${pot.window.id}`);
    else if (pot?.envelope) {
      potFilter.push(
        Prisma.sql`EXISTS (SELECT 1 FROM "Regulation" reg WHERE reg.id = p."regulationId" AND reg.fund = ${pot.envelope.fund})`,
      );
      yearFilter = Prisma.sql`AND y.year = ${pot.envelope.year}`;
    } else if (params.potKind === "WINDOW") potFilter.push(Prisma.sql`p."windowId" IS NOT NULL`);
    const potWhere = potFilter.length ? Prisma.sql`AND ${Prisma.join(potFilter, " AND ")}` : Prisma.empty;
    // Per window a plan counts once, €0 when it has no years yet (pipeline_plan_delta); per year
    // only the plans requesting something for a year are counted.
    const windowSide = pot ? pot.window !== null : params.potKind === "WINDOW";
    return Prisma.sql`${select}
      FROM "Plan" p
      JOIN "Organisation" o ON o.id = p."organisationId"
      CROSS JOIN LATERAL (SELECT ${windowSide ? Prisma.sql`COALESCE(SUM(y."requestedCents"), 0)` : Prisma.sql`SUM(y."requestedCents")`}::bigint AS amount
                          FROM "PlanYear" y WHERE y."planId" = p.id ${yearFilter}) x
      WHERE p.status::text IN (${Prisma.join([...statuses])}) ${windowSide ? Prisma.empty : Prisma.sql`AND x.amount IS NOT NULL`}
        ${notComplete} ${potWhere} ${where}`;
  }

  const potWhere = pot
    ? Prisma.sql`e."potId" = ${pot.id}`
    : params.potKind
      ? // The pot ids as values, not a subquery: BudgetPot is too small for autovacuum to ever
        // analyse it, and without statistics the planner guesses 0.5% of the entries and loops.
        Prisma.sql`e."potId" IN (${Prisma.join(kindPotIds.length ? kindPotIds : ["-"])})`
      : Prisma.sql`TRUE`;
  const amount =
    params.measure === "reserved"
      ? Prisma.sql`pp.reserved`
      : params.measure === "committed"
        ? Prisma.sql`pp.committed`
        : params.measure === "disbursed"
          ? Prisma.sql`pp.disbursed`
          : Prisma.sql`pp.reserved + pp.committed`;
  const nonZero =
    params.measure === "held"
      ? Prisma.sql`(pp.reserved <> 0 OR pp.committed <> 0 OR pp.disbursed <> 0)`
      : Prisma.sql`${amount} <> 0`;
  // The plan filters go into the aggregation too, so a sector's drill-down sums only its plans'
  // entries; as IN (…) on the entry's plan, which PostgreSQL runs as one hashed semi-join each.
  const entryFilters: Prisma.Sql[] = [];
  if (params.regulationId) {
    entryFilters.push(
      Prisma.sql`e."planId" IN (SELECT id FROM "Plan" WHERE "regulationId" = ${params.regulationId})`,
    );
  }
  if (params.sector !== undefined) {
    entryFilters.push(
      params.sector === NO_SECTOR
        ? Prisma.sql`e."planId" IN (SELECT id FROM "Plan" WHERE cardinality("sectorCodes") = 0)`
        : Prisma.sql`e."planId" IN (SELECT id FROM "Plan" WHERE "sectorCodes"[1] = ${params.sector})`,
    );
  }
  if (params.theme !== undefined) {
    entryFilters.push(
      Prisma.sql`e."planId" IN (SELECT "planId" FROM "Measure" WHERE theme = ${params.theme})`,
    );
  }
  const planWhere = entryFilters.length
    ? Prisma.sql`AND ${Prisma.join(entryFilters, " AND ")}`
    : Prisma.empty;
  return Prisma.sql`${select}
    FROM (SELECT e."planId", ${LEDGER_SUMS} FROM "LedgerEntry" e
          WHERE e."planId" IS NOT NULL AND ${potWhere} ${planWhere} GROUP BY e."planId") pp
    CROSS JOIN LATERAL (SELECT (${amount})::bigint AS amount) x
    JOIN "Plan" p ON p.id = pp."planId"
    JOIN "Organisation" o ON o.id = p."organisationId"
    WHERE ${nonZero}`;
}

// ---------------------------------------------------------------------------------------------
// Query parameters (the dashboard, the drill-down and the exports share them)

const uuid = (message: string) => z.string().uuid({ message });
// A sector or theme code is printable text; a control character (a NUL, %00, which PostgreSQL
// refuses with an error) comes from an edited address, never from the dashboard's links.
const optionalText = z
  .string()
  .max(100, { message: "Een code is hooguit 100 tekens." })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, {
    message: "Deze code bevat een ongeldig teken: gebruik een link van het dashboard.",
  })
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const ScopeQuery = z.object({
  regeling: z
    .union([z.literal(""), uuid("Kies een regeling uit de lijst.")])
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
});

const DrillQuery = ScopeQuery.extend({
  pot: z
    .union([z.literal(""), uuid("Deze pot bestaat niet: gebruik een link van het dashboard.")])
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
  potKind: z.enum(["WINDOW", "YEAR"], { message: "Soort pot is WINDOW of YEAR." }).optional(),
  measure: z.enum(MEASURES, { message: "Kies een bedrag van het dashboard (bijvoorbeeld verplicht)." }),
  sector: optionalText,
  theme: optionalText,
  sort: z
    .enum(["amount", "receipt"], { message: "Sorteer op bedrag (amount) of ontvangst (receipt)." })
    .default("amount"),
  page: z.coerce
    .number({ message: "Het paginanummer is een getal." })
    .int({ message: "Het paginanummer is een heel getal." })
    .min(1, { message: "Het paginanummer is 1 of hoger." })
    .max(100_000, { message: "Zoveel pagina's zijn er niet." })
    .default(1),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

function firstIssue(error: z.ZodError): { ok: false; field: string; message: string } {
  const issue = error.issues[0];
  return { ok: false, field: String(issue?.path[0] ?? ""), message: issue?.message ?? "Ongeldige vraag." };
}

export function parseScope(search: URLSearchParams): ParseResult<DashboardScope> {
  const parsed = ScopeQuery.safeParse({ regeling: search.get("regeling") ?? undefined });
  if (!parsed.success) return firstIssue(parsed.error);
  return { ok: true, value: parsed.data.regeling ? { regulationId: parsed.data.regeling } : {} };
}

export function parseDrillParams(search: URLSearchParams): ParseResult<DrillParams> {
  const raw = Object.fromEntries(
    ["regeling", "pot", "potKind", "measure", "sector", "theme", "sort", "page"].flatMap((k) => {
      const v = search.get(k);
      return v === null ? [] : [[k, v]];
    }),
  );
  const parsed = DrillQuery.safeParse(raw);
  if (!parsed.success) return firstIssue(parsed.error);
  const q = parsed.data;
  if (!q.pot && !q.potKind) {
    return {
      ok: false,
      field: "pot",
      message: "Kies een pot of een soort pot: gebruik een link van het dashboard.",
    };
  }
  return {
    ok: true,
    value: {
      ...(q.pot ? { potId: q.pot } : { potKind: q.potKind }),
      measure: q.measure,
      ...(q.sector !== undefined ? { sector: q.sector } : {}),
      ...(q.theme !== undefined ? { theme: q.theme } : {}),
      ...(q.regeling ? { regulationId: q.regeling } : {}),
      sort: q.sort,
      page: q.page,
    },
  };
}

/** The month table behind the dashboard's chart (/financien/verloop), for one regulation or all. */
export async function loadTimeline(
  scope: DashboardScope = {},
  db: Db = prisma,
): Promise<{ rows: TimelineRow[]; regulationLabel: string | null }> {
  const [rows, regulations] = await Promise.all([timeline(db, scope), regulationOptions(db)]);
  const regulation = regulations.find((r) => r.id === scope.regulationId);
  return { rows, regulationLabel: regulation?.label ?? null };
}

/** The regulations to filter on (the dashboard's select). */
export async function regulationOptions(db: Db = prisma): Promise<{ id: string; label: string }[]> {
  const regs = await db.regulation.findMany({
    select: { id: true, code: true, title: true },
    orderBy: [{ isDemonstration: "asc" }, { code: "asc" }],
  });
  return regs.map((r) => ({ id: r.id, label: `${r.code} — ${r.title}` }));
}
