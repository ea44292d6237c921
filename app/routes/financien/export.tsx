import { data } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { parseDrillParams, parseScope } from "../../domain/budget/dashboard.server.ts";
import { buildTable, TABLES, type TableName, toCsv, toXlsx } from "../../domain/budget/export.server.ts";
import { now } from "../../domain/clock.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import type { Route } from "./+types/export";

/** /financien/export/:table?format=csv|xlsx&…: one dashboard table as a file (resource route). */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE", "DECISION_MAKER"]);
  const table = params.table as TableName;
  if (!TABLES.includes(table)) {
    throw data(`Onbekende tabel "${params.table}": kies uit ${TABLES.join(", ")}.`, { status: 404 });
  }
  const search = new URL(request.url).searchParams;
  const format = search.get("format") ?? "xlsx";
  if (format !== "csv" && format !== "xlsx") {
    throw data("Kies als formaat csv of xlsx.", { status: 400 });
  }
  const scope = parseScope(search);
  if (!scope.ok) throw data(scope.message, { status: 400 });
  let drill: ReturnType<typeof parseDrillParams> | undefined;
  if (table === "plans") {
    drill = parseDrillParams(search);
    if (!drill.ok) throw data(drill.message, { status: 400 });
  }
  const built = await buildTable(table, {
    scope: scope.value,
    ...(drill?.ok ? { drill: drill.value } : {}),
  });
  const filename = `${built.name}-${amsterdamDate(now())}.${format}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "private, no-store",
  };
  if (format === "csv") {
    return new Response(toCsv(built), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  }
  return new Response(new Uint8Array(await toXlsx(built)), {
    headers: {
      ...headers,
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
  });
}
