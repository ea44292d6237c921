import { data } from "react-router";
import { requireUser } from "../auth/session.server.ts";
import { readAttachment } from "../domain/attachments/attachments.server.ts";
import type { Route } from "./+types/bijlagen";
import { fileResponse } from "./file-response.server.ts";

/**
 * Resource route: an applicant's uploaded file, for the plan's organisation and staff only. Not
 * allowed and not existing look the same (404). Always a download with the type its content has
 * (fileResponse sends nosniff), so an upload is never rendered by the browser as a page.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const file = await readAttachment(user.actor, params.attachmentId);
  if (!file) throw data("Deze bijlage bestaat niet of u heeft er geen toegang toe.", { status: 404 });
  return fileResponse(file.bytes, file);
}
