import { requireUser } from "../auth/session.server.ts";
import { readDocument } from "../domain/documents/store.server.ts";
import { canAccessDocument } from "../domain/plan/plans.server.ts";
import { plainAnswer } from "../i18n/plain-answer.server.ts";
import type { Route } from "./+types/documenten";
import { fileResponse } from "./file-response.server.ts";

/** Resource route: the PDF itself. Not allowed and not existing look the same (404). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const allowed = await canAccessDocument(user.actor, params.documentId);
  if (!allowed) throw await plainAnswer(request, "Document niet gevonden.", 404);
  const { doc, bytes } = await readDocument(params.documentId);
  return fileResponse(bytes, {
    filename: doc.filename,
    mimeType: doc.mimeType || "application/pdf",
    sha256: doc.sha256,
  });
}
