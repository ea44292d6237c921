import { prisma } from "../../db/client.server.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/**
 * design.md §7: each measure's cost per participant beside the other plans' measures of the same
 * theme, so that an outlier is visible when "effectiveness and efficiency" is scored. The
 * statistics are computed in PostgreSQL (one aggregate per theme), never by loading all plans.
 */

/** Fewer comparable measures than this and a quartile says little: no outlier flag. */
export const MIN_SAMPLE = 4;

export type Outlier = "HIGH" | "LOW" | null;

/**
 * HIGH above 1,5 × the upper quartile, LOW below the lower quartile ÷ 1,5 (integer arithmetic:
 * 2·x > 3·q3, 3·x < 2·q1); null inside, or when the sample is too small.
 */
export function outlierOf(costCents: bigint, stats: { n: number; q1: bigint; q3: bigint }): Outlier {
  if (stats.n < MIN_SAMPLE) return null;
  if (2n * costCents > 3n * stats.q3) return "HIGH";
  if (3n * costCents < 2n * stats.q1) return "LOW";
  return null;
}

type ThemeStats = { theme: string; n: number; q1: bigint; median: bigint; q3: bigint };

/**
 * The plan's measures, each with its cost per participant (its costs over all years ÷ its
 * participants, rounded down to the cent) and the same theme's quartiles over the measures of every
 * other submitted plan of the same regulation (percentile_disc: real values, no floating point).
 */
export async function costComparison(planId: string) {
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      regulationId: true,
      measures: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          theme: true,
          title: true,
          participants: true,
          costs: { select: { costCents: true } },
        },
      },
    },
  });
  const themes = [...new Set(plan.measures.map((m) => m.theme))];
  const stats =
    themes.length === 0
      ? []
      : await prisma.$queryRaw<ThemeStats[]>(Prisma.sql`
          WITH per_measure AS (
            SELECT m.theme, floor(SUM(c."costCents") / m.participants)::bigint AS cpp
            FROM "Measure" m
            JOIN "Plan" p ON p.id = m."planId"
            JOIN "MeasureCost" c ON c."measureId" = m.id
            WHERE p."regulationId" = ${plan.regulationId}
              AND p.status <> 'DRAFT'
              AND p.id <> ${planId}
              AND m.participants > 0
              AND m.theme IN (${Prisma.join(themes)})
            GROUP BY m.id, m.theme, m.participants
          )
          SELECT theme,
                 COUNT(*)::int AS n,
                 percentile_disc(0.25) WITHIN GROUP (ORDER BY cpp) AS q1,
                 percentile_disc(0.5) WITHIN GROUP (ORDER BY cpp) AS median,
                 percentile_disc(0.75) WITHIN GROUP (ORDER BY cpp) AS q3
          FROM per_measure
          GROUP BY theme`);
  const byTheme = new Map(stats.map((s) => [s.theme, s]));
  return plan.measures.map((m) => {
    const total = m.costs.reduce((sum, c) => sum + c.costCents, 0n);
    const costPerParticipant = m.participants > 0 ? total / BigInt(m.participants) : null;
    const s = byTheme.get(m.theme);
    return {
      measureId: m.id,
      title: m.title,
      theme: m.theme,
      participants: m.participants,
      costPerParticipantCents: costPerParticipant,
      others: s ? { n: s.n, q1: BigInt(s.q1), median: BigInt(s.median), q3: BigInt(s.q3) } : null,
      outlier: costPerParticipant !== null && s ? outlierOf(costPerParticipant, s) : null,
    };
  });
}
export type CostComparison = Awaited<ReturnType<typeof costComparison>>;
