import { DomainError, ForbiddenError, NotFoundError, RuleViolation } from "../domain/errors.ts";
import { throwAsPage } from "./respond.server.ts";

/**
 * The answers of a letter preview (a besluit's letter for the values of its form, opened in a new
 * tab: rendered, never stored). Shared by the grant's and the verlenging's previews.
 */

/** The fields of a GET preview, as the form's POST would send them. */
export function queryAsFormData(request: Request): FormData {
  const formData = new FormData();
  for (const [k, v] of new URL(request.url).searchParams) formData.append(k, v);
  return formData;
}

export function previewPdf(filename: string, bytes: Uint8Array): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

/**
 * A 400 (409) in plain words: the preview opens in its own tab, away from the form's error
 * summary. `what`: of which letter no preview could be made; `fix`: where to correct the values.
 */
export function previewRefusal(what: string, fix: string, messages: string[], status = 400): Response {
  const text = [
    `Van deze waarden kan geen voorbeeld van ${what} worden gemaakt:`,
    ...messages.map((m) => `- ${m}`),
    "",
    `Sluit dit tabblad en verbeter ${fix}.`,
  ].join("\n");
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * What the besluit would refuse, said in its words: a rule (400) or a conflict (decided or
 * withdrawn meanwhile, a budget shortfall, the plan's state); four eyes and access become the
 * error pages the besluit gives too.
 */
export function previewFailure(err: unknown, what: string, fix: string): Response {
  if (err instanceof RuleViolation) return previewRefusal(what, fix, [err.message]);
  if (err instanceof DomainError && !(err instanceof NotFoundError || err instanceof ForbiddenError))
    return previewRefusal(what, fix, [err.message], err.status);
  throwAsPage(err);
}
