import { prisma } from "../../db/client.server.ts";
import { grantedJson, grantedTable, OPEN_DATA_CACHE_CONTROL } from "../../domain/opendata/granted.server.ts";

// Public open data (domain-facts.md §5): no login; any site may fetch it (CORS *), it holds nothing private.
export async function loader() {
  const body = JSON.stringify(grantedJson(await grantedTable(prisma)), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": OPEN_DATA_CACHE_CONTROL,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
