import { prisma } from "../../db/client.server.ts";
import type { Db } from "./reports.server.ts";

/**
 * Folds the committed dashboard deltas (BreakdownDelta, PipelineDelta) into their totals
 * (compact_dashboard_totals(), migrations breakdown_totals and dashboard_pipeline). The dashboard's
 * figures are the same before and after: it reads totals and deltas in one statement; folding only
 * keeps the number of delta rows a view sums small. Safe at any time and beside itself (deltas are
 * deleted and added in one statement, totals upserted in key order). Returns the rows folded in.
 */
export async function compactDashboardTotals(db: Db = prisma): Promise<number> {
  const [row] = await db.$queryRaw<{ folded: number }[]>`SELECT compact_dashboard_totals() AS folded`;
  return row?.folded ?? 0;
}
