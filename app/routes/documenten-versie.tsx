import { requireUser } from "../auth/session.server.ts";
import { planVersionPdfFor } from "../domain/documents/plan-version-pdf.server.ts";
import { plainAnswer } from "../i18n/plain-answer.server.ts";
import type { Route } from "./+types/documenten-versie";
import { fileResponse } from "./file-response.server.ts";

/**
 * Resource route: the PDF of one submitted version, rendered from its snapshot. The plan's
 * organisation and staff only; for anyone else it does not exist (404).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const file = await planVersionPdfFor(user.actor, params.planVersionId);
  if (!file) throw await plainAnswer(request, "Document niet gevonden.", 404);
  return fileResponse(file.bytes, {
    filename: file.filename,
    mimeType: "application/pdf",
    sha256: file.sha256,
  });
}
