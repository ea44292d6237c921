import { Prisma, type PrismaClient, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { regulationOptions } from "../budget/dashboard.server.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { WITH_GRANT_STATUSES } from "../workflow/labels.ts";

/**
 * design.md §7, for the Actieteam's outreach: which of a regulation's sectors and
 * arbeidsmarktregio's already have a plan, and which have none yet. Every code of the
 * regulation's lists is a row, also one without any plan; the counts come from PostgreSQL
 * (unnest of Plan.sectorCodes / regionCodes), never from loading the plans.
 *
 * A plan covers either sectors or regions (the lead step's "coverage"; the other list is stored
 * empty). A plan of several sectors or regions counts once under each. A sector plan names no
 * region: it is landelijk, counted once in the regions table's own row and under no region; a
 * regional plan names no sector: sectoroverstijgend, likewise counted once beside the sectors.
 */

/**
 * Ingediend: received and still an application or grant. Not a DRAFT (never sent; a deleted draft
 * is gone altogether) and not WITHDRAWN: an application withdrawn by its applicant, or a grant
 * revoked (the revoke event leaves the plan WITHDRAWN too), no longer covers anyone. A rejected
 * plan or one not considered was still received, so it counts here and not under granted.
 */
export const NOT_SUBMITTED: readonly PlanStatus[] = ["DRAFT", "WITHDRAWN"];

/** Toegekend: a grant decision in force (WITH_GRANT_STATUSES, as the open data register's). */
export const GRANTED: readonly PlanStatus[] = WITH_GRANT_STATUSES;

export type CoverageCount = { submitted: number; granted: number };
export type CoverageRow = CoverageCount & { code: string; label: string };

export type Coverage = {
  regulation: { id: string; code: string; title: string };
  /** Every regulation, for the page's choice; the selected one among them. */
  regulations: { id: string; label: string }[];
  sectors: CoverageRow[];
  regions: CoverageRow[];
  /** Regional plans: no sector chosen, so under no sector row. */
  crossSector: CoverageCount;
  /** Sector plans: no region chosen (landelijk), so under no region row. */
  national: CoverageCount;
  /** Distinct plans of the regulation, each once. */
  total: CoverageCount;
};

type Db = PrismaClient;

/**
 * The regulation the page opens on without a choice: the one whose tijdvak opened last (an open
 * window first of all, as that is where applications come in now); without any window, the first
 * of the list the finance pages show.
 */
async function currentRegulationId(db: Db): Promise<string | null> {
  const latest = await db.applicationWindow.findFirst({
    where: { opensAt: { lte: now() } },
    orderBy: [{ opensAt: "desc" }, { id: "asc" }],
    select: { regulationId: true },
  });
  if (latest) return latest.regulationId;
  const [first] = await regulationOptions(db);
  return first?.id ?? null;
}

type Row = {
  kind: "SECTOR" | "REGION" | "NO_SECTOR" | "NO_REGION" | "TOTAL";
  code: string;
  label: string;
} & CoverageCount;

/**
 * The coverage of `regulationId`, or of the current regulation without one; null when there is no
 * regulation at all. An unknown id is a NotFoundError.
 */
export async function regulationCoverage(
  regulationId: string | undefined,
  db: Db = prisma,
): Promise<Coverage | null> {
  const id = regulationId ?? (await currentRegulationId(db));
  if (!id) return null;
  const regulation = await db.regulation.findUnique({
    where: { id },
    select: { id: true, code: true, title: true },
  });
  if (!regulation) throw new NotFoundError("Deze regeling bestaat niet.");
  const notSubmitted = Prisma.join([...NOT_SUBMITTED]);
  const granted = Prisma.join([...GRANTED]);
  // COUNT(DISTINCT): a code entered twice in one plan still counts that plan once.
  const [rows, regulations] = await Promise.all([
    db.$queryRaw<Row[]>(Prisma.sql`
      WITH plans AS (
        SELECT p.id, p."sectorCodes", p."regionCodes", p.status::text IN (${granted}) AS granted
          FROM "Plan" p
         WHERE p."regulationId" = ${id}
           AND p.status::text NOT IN (${notSubmitted})
      ),
      per_sector AS (
        SELECT code, COUNT(DISTINCT id)::int AS submitted,
               COUNT(DISTINCT id) FILTER (WHERE granted)::int AS granted
          FROM plans, unnest(plans."sectorCodes") AS code
         GROUP BY code
      ),
      per_region AS (
        SELECT code, COUNT(DISTINCT id)::int AS submitted,
               COUNT(DISTINCT id) FILTER (WHERE granted)::int AS granted
          FROM plans, unnest(plans."regionCodes") AS code
         GROUP BY code
      ),
      listed AS (
        SELECT 'SECTOR' AS kind, s.ord, s.item->>'code' AS code, s.item->>'label' AS label
          FROM "Regulation" r, jsonb_array_elements(r.sectors) WITH ORDINALITY AS s(item, ord)
         WHERE r.id = ${id}
        UNION ALL
        SELECT 'REGION', g.ord, g.item->>'code', g.item->>'label'
          FROM "Regulation" r, jsonb_array_elements(r.regions) WITH ORDINALITY AS g(item, ord)
         WHERE r.id = ${id}
      )
      SELECT l.kind, l.ord, l.code, l.label,
             COALESCE(CASE l.kind WHEN 'SECTOR' THEN ps.submitted ELSE pr.submitted END, 0) AS submitted,
             COALESCE(CASE l.kind WHEN 'SECTOR' THEN ps.granted ELSE pr.granted END, 0) AS granted
        FROM listed l
        LEFT JOIN per_sector ps ON l.kind = 'SECTOR' AND ps.code = l.code
        LEFT JOIN per_region pr ON l.kind = 'REGION' AND pr.code = l.code
      UNION ALL
      SELECT k.kind, 0, '', '', k.submitted, k.granted
        FROM (
          SELECT 'NO_SECTOR' AS kind,
                 (COUNT(*) FILTER (WHERE cardinality("sectorCodes") = 0))::int AS submitted,
                 (COUNT(*) FILTER (WHERE cardinality("sectorCodes") = 0 AND granted))::int AS granted
            FROM plans
          UNION ALL
          SELECT 'NO_REGION',
                 (COUNT(*) FILTER (WHERE cardinality("regionCodes") = 0))::int,
                 (COUNT(*) FILTER (WHERE cardinality("regionCodes") = 0 AND granted))::int
            FROM plans
          UNION ALL
          SELECT 'TOTAL', COUNT(*)::int, (COUNT(*) FILTER (WHERE granted))::int FROM plans
        ) k
      ORDER BY kind, ord`),
    regulationOptions(db),
  ]);
  // The lists keep the regulation's own order (its ordinality), not the code's.
  const listed = (kind: Row["kind"]) =>
    rows
      .filter((r) => r.kind === kind)
      .map(({ code, label, submitted, granted }) => ({ code, label, submitted, granted }));
  const count = (kind: Row["kind"]): CoverageCount => {
    const r = rows.find((x) => x.kind === kind);
    return { submitted: r?.submitted ?? 0, granted: r?.granted ?? 0 };
  };
  return {
    regulation,
    regulations,
    sectors: listed("SECTOR"),
    regions: listed("REGION"),
    crossSector: count("NO_SECTOR"),
    national: count("NO_REGION"),
    total: count("TOTAL"),
  };
}
