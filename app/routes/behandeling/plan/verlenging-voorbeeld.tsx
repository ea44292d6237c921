import { zodResolver } from "@hookform/resolvers/zod";
import { requireRole } from "../../../auth/session.server.ts";
import { loadExtensions } from "../../../domain/extension/extension.server.ts";
import { previewExtensionLetter } from "../../../domain/extension/preview.server.ts";
import { extensionDecisionSchema, NO_OPEN_EXTENSION } from "../../../domain/extension/rules.ts";
import { flattenErrors } from "../../../ui/error-summary.tsx";
import { previewFailure, previewPdf, previewRefusal, queryAsFormData } from "../../letter-preview.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/verlenging-voorbeeld";

// The besluit op het verzoek om verlenging for the values in the Verlenging tab's form, as a PDF in
// a new tab: rendered, never stored. POST from the form; GET with the same fields as a query.

const WHAT = "het besluit op het verzoek om verlenging";
const FIX = "het besluitformulier op het tabblad Verlenging";

async function preview(request: Request, planId: string, formData: FormData): Promise<Response> {
  const user = await requireRole(request, ["DECISION_MAKER"]);
  try {
    // The months asked bound the form's months: the schema is the open request's, as in the action.
    const { open } = await loadExtensions(user.actor, planId);
    if (!open) return previewRefusal(WHAT, FIX, [NO_OPEN_EXTENSION], 409);
    const v = await validatedForm(
      formData.entries(),
      zodResolver(extensionDecisionSchema(open.requestedMonths)),
    );
    if (v.errors)
      return previewRefusal(
        WHAT,
        FIX,
        flattenErrors(v.errors).map((e) => e.message),
      );
    const extensionId = formData.get("extensionId");
    const { filename, bytes } = await previewExtensionLetter(
      user.actor,
      planId,
      v.data,
      typeof extensionId === "string" && extensionId ? extensionId : undefined,
    );
    return previewPdf(filename, bytes);
  } catch (err) {
    return previewFailure(err, WHAT, FIX);
  }
}

export async function loader({ request, params }: Route.LoaderArgs) {
  return preview(request, params.planId, queryAsFormData(request));
}

export async function action({ request, params }: Route.ActionArgs) {
  return preview(request, params.planId, await request.formData());
}
