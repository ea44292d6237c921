import { data } from "react-router";
import { requireUser } from "../auth/session.server.ts";
import { readDocument } from "../domain/documents/store.server.ts";
import { canAccessDocument } from "../domain/plan/plans.server.ts";
import type { Route } from "./+types/documenten";

/** Resource route: the PDF itself. Not allowed and not existing look the same (404). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const allowed = await canAccessDocument(user.actor, params.documentId);
  if (!allowed) throw data("Document niet gevonden.", { status: 404 });
  const { doc, bytes } = await readDocument(params.documentId);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": doc.mimeType || "application/pdf",
      "Content-Disposition": contentDisposition(doc.filename),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${doc.sha256}"`,
    },
  });
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so "beschikking-ĳ.pdf" survives. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
