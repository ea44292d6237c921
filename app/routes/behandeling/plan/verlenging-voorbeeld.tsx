import { zodResolver } from "@hookform/resolvers/zod";
import { requireRole } from "../../../auth/session.server.ts";
import { DomainError, ForbiddenError, NotFoundError, RuleViolation } from "../../../domain/errors.ts";
import { loadExtensions } from "../../../domain/extension/extension.server.ts";
import { previewExtensionLetter } from "../../../domain/extension/preview.server.ts";
import { extensionDecisionSchema, NO_OPEN_EXTENSION } from "../../../domain/extension/rules.ts";
import { flattenErrors } from "../../../ui/error-summary.tsx";
import { throwAsPage } from "../../respond.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/verlenging-voorbeeld";

// The besluit op het verzoek om verlenging for the values in the Verlenging tab's form, as a PDF in
// a new tab: rendered, never stored. POST from the form; GET with the same fields as a query.

async function preview(request: Request, planId: string, formData: FormData): Promise<Response> {
  const user = await requireRole(request, ["DECISION_MAKER"]);
  try {
    // The months asked bound the form's months: the schema is the open request's, as in the action.
    const { open } = await loadExtensions(user.actor, planId);
    if (!open) return refusal([NO_OPEN_EXTENSION], 409);
    const v = await validatedForm(
      formData.entries(),
      zodResolver(extensionDecisionSchema(open.requestedMonths)),
    );
    if (v.errors) return refusal(flattenErrors(v.errors).map((e) => e.message));
    const extensionId = formData.get("extensionId");
    const { filename, bytes } = await previewExtensionLetter(
      user.actor,
      planId,
      v.data,
      typeof extensionId === "string" && extensionId ? extensionId : undefined,
    );
    return new Response(Buffer.from(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof RuleViolation) return refusal([err.message]);
    // What the besluit would refuse as a conflict (decided or withdrawn meanwhile, the plan's
    // state): said here in its words; four eyes and access become the error pages the besluit gives.
    if (err instanceof DomainError && !(err instanceof NotFoundError || err instanceof ForbiddenError))
      return refusal([err.message], err.status);
    throwAsPage(err);
  }
}

/** A 400 (409) in plain words: the preview opens in its own tab, away from the form's error summary. */
function refusal(messages: string[], status = 400): Response {
  const text = [
    "Van deze waarden kan geen voorbeeld van het besluit op het verzoek om verlenging worden gemaakt:",
    ...messages.map((m) => `- ${m}`),
    "",
    "Sluit dit tabblad en verbeter het besluitformulier op het tabblad Verlenging.",
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
