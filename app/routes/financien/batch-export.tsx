import { data } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { ConflictError } from "../../domain/errors.ts";
import { batchFile } from "../../domain/payments/batch-file.server.ts";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/batch-export";

// The batch as a file: CSV for review (also of a prepared batch), SEPA pain.001.001.03 for the bank
// (only once approved: an unapproved batch must never reach the bank). Each download is audited.

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "csv" && format !== "sepa") throw data("Kies het formaat csv of sepa.", { status: 400 });
  try {
    const file = await batchFile(user.actor, params.batchId, format);
    return new Response(new Uint8Array(file.body), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof ConflictError) throw data(err.message, { status: 409 });
    throwAsPage(err);
  }
}
