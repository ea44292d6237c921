import { zodResolver } from "@hookform/resolvers/zod";
import { requireRole } from "../../../auth/session.server.ts";
import { previewDecisionLetter } from "../../../domain/decision/preview.server.ts";
import { decisionFormSchema } from "../../../domain/plan/plan-form.ts";
import { flattenErrors } from "../../../ui/error-summary.tsx";
import { previewFailure, previewPdf, previewRefusal, queryAsFormData } from "../../letter-preview.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/besluit-voorbeeld";

// The decision letter for the values in the besluit form, as a PDF in a new tab: rendered, never
// stored (no Document row, no blob). POST from the form; GET with the same fields as a query.

const WHAT = "de beschikking";
const FIX = "het besluitformulier";

async function preview(request: Request, planId: string, formData: FormData): Promise<Response> {
  const user = await requireRole(request, ["DECISION_MAKER"]);
  const v = await validatedForm(formData.entries(), zodResolver(decisionFormSchema));
  if (v.errors)
    return previewRefusal(
      WHAT,
      FIX,
      flattenErrors(v.errors).map((e) => e.message),
    );
  try {
    const { filename, bytes } = await previewDecisionLetter(user.actor, planId, v.data);
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
