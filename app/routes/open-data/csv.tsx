import { prisma } from "../../db/client.server.ts";
import { grantedCsv, grantedTable, OPEN_DATA_CACHE_CONTROL } from "../../domain/opendata/granted.server.ts";

// Public open data (domain-facts.md §5): no login, no cookies read.
export async function loader() {
  const csv = grantedCsv(await grantedTable(prisma));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": 'attachment; filename="toegekend.csv"',
      "Cache-Control": OPEN_DATA_CACHE_CONTROL,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
