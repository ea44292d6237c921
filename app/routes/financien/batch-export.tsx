import { data } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { ConflictError } from "../../domain/errors.ts";
import { getBatch } from "../../domain/payments/batches.server.ts";
import { batchCsv } from "../../domain/payments/csv.server.ts";
import { batchSepaXml } from "../../domain/payments/sepa.server.ts";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/batch-export";

// The batch as a file: CSV for review (also of a prepared batch), SEPA pain.001.001.03 for the bank
// (only once approved: an unapproved batch must never reach the bank).

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE"]);
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "csv" && format !== "sepa") throw data("Kies het formaat csv of sepa.", { status: 400 });
  try {
    const batch = await getBatch(prisma, params.batchId);
    const body = format === "csv" ? `\uFEFF${batchCsv(batch)}` : batchSepaXml(batch);
    const filename = format === "csv" ? `${batch.reference}.csv` : `${batch.reference}.xml`;
    return new Response(body, {
      headers: {
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/xml; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof ConflictError) throw data(err.message, { status: 409 });
    throwAsPage(err);
  }
}
