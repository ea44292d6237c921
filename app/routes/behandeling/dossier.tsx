import { data } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { PLAN_READER_ROLES } from "../../domain/actor.ts";
import { caseFileFor } from "../../domain/documents/case-file.server.ts";
import { fileResponse } from "../file-response.server.ts";
import type { Route } from "./+types/dossier";

/** Resource route: the plan's whole case file as a zip, for staff (applicants get 403). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...PLAN_READER_ROLES]);
  const file = await caseFileFor(user.actor, params.planId);
  if (!file) throw data("Dossier niet gevonden.", { status: 404 });
  const zipEntry = file.entries.find((e) => e.path === "inhoud.txt");
  return fileResponse(file.bytes, {
    filename: file.filename,
    mimeType: "application/zip",
    // The ETag only needs to change with the content; the manifest lists every entry's hash.
    sha256: zipEntry?.sha256 ?? "",
  });
}
