import { zodResolver } from "@hookform/resolvers/zod";
import { requireRole } from "../../../auth/session.server.ts";
import { previewDecisionLetter } from "../../../domain/decision/preview.server.ts";
import { DomainError, ForbiddenError, NotFoundError, RuleViolation } from "../../../domain/errors.ts";
import { decisionFormSchema } from "../../../domain/plan/plan-form.ts";
import { flattenErrors } from "../../../ui/error-summary.tsx";
import { throwAsPage } from "../../respond.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/besluit-voorbeeld";

// The decision letter for the values in the besluit form, as a PDF in a new tab: rendered, never
// stored (no Document row, no blob). POST from the form; GET with the same fields as a query.

async function preview(request: Request, planId: string, formData: FormData): Promise<Response> {
  const user = await requireRole(request, ["DECISION_MAKER"]);
  const v = await validatedForm(formData.entries(), zodResolver(decisionFormSchema));
  if (v.errors) return refusal(flattenErrors(v.errors).map((e) => e.message));
  try {
    const { filename, bytes } = await previewDecisionLetter(user.actor, planId, v.data);
    return new Response(Buffer.from(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof RuleViolation) return refusal([err.message]);
    // What the decision would refuse as a conflict (decided meanwhile, a budget shortfall): said
    // here in its words; four-eyes and access become the error pages the decision gives too.
    if (err instanceof DomainError && !(err instanceof NotFoundError || err instanceof ForbiddenError))
      return refusal([err.message], err.status);
    throwAsPage(err);
  }
}

/** A 400 (409) in plain words: the preview opens in its own tab, away from the form's error summary. */
function refusal(messages: string[], status = 400): Response {
  const text = [
    "Van deze waarden kan geen voorbeeld van de beschikking worden gemaakt:",
    ...messages.map((m) => `- ${m}`),
    "",
    "Sluit dit tabblad en verbeter het besluitformulier.",
  ].join("\n");
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const formData = new FormData();
  for (const [k, v] of new URL(request.url).searchParams) formData.append(k, v);
  return preview(request, params.planId, formData);
}

export async function action({ request, params }: Route.ActionArgs) {
  return preview(request, params.planId, await request.formData());
}
