import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { REVIEW_NOTE_MAX, REVIEW_NOTE_TOO_LONG } from "../../../domain/review/report-read.ts";
import { actionFailure, incompleteForm, planActionMeta, validationFailure } from "../../respond.server.ts";

const readMeta = planActionMeta(["review"] as const);

/**
 * The "gelezen" action of a staff report tab (the interim report after month 12 or 24, the
 * melding onderbesteding over a half-year): a case handler, the plan's version, which report
 * (`keyField`), and an optional note for the organisation. One form per report on the page, named
 * `review-<key>` so that a refusal is shown at the report it is about.
 */
export function reportReadAction(opts: {
  keyField: string;
  keySchema: z.ZodType<string>;
  done: string;
  record: (
    actor: Actor,
    planId: string,
    key: string,
    expectedVersion: number,
    note: string,
  ) => Promise<unknown>;
}) {
  const schema = z.object({
    key: opts.keySchema,
    note: z.string().trim().max(REVIEW_NOTE_MAX, REVIEW_NOTE_TOO_LONG),
  });
  return async ({ request, params }: { request: Request; params: { planId: string } }) => {
    // The role as for the vaststelling's proposal: a case handler.
    const user = await requireRole(request, ["CASE_HANDLER"]);
    const formData = await request.formData();
    const meta = readMeta(formData);
    const key = String(formData.get(opts.keyField) ?? "");
    const form = `review-${key}`;
    if (!meta) return incompleteForm(form);
    const v = schema.safeParse({ key, note: formData.get("note") ?? "" });
    if (!v.success) {
      const errors: Record<string, { type: string; message: string }> = {};
      for (const i of v.error.issues) {
        const field = i.path[0] === "key" ? opts.keyField : String(i.path[0] ?? "root");
        errors[field] ??= { type: "zod", message: i.message };
      }
      return validationFailure(errors, form);
    }
    try {
      await opts.record(user.actor, params.planId, v.data.key, meta.expectedVersion, v.data.note);
      return { ok: true as const, form, message: opts.done };
    } catch (err) {
      return actionFailure(err, form);
    }
  };
}
