import { get } from "react-hook-form";
import type { PlanView } from "../../domain/plan/plans.server.ts";
import type { ActionFailure } from "../../routes/respond.server.ts";
import { flattenErrors, type SummaryError } from "../error-summary.tsx";

export type FormProps = { plan: PlanView; failure?: ActionFailure; busy: boolean };

/** The error summary's lines for one form, its field ids prefixed with the form's name. */
export function summaryOf(failure: ActionFailure | undefined, prefix: string): SummaryError[] {
  if (!failure) return [];
  const list = flattenErrors(failure.errors).map((e) => ({ id: `${prefix}-${e.id}`, message: e.message }));
  if (failure.formError) list.unshift({ id: "", message: failure.formError });
  return list;
}

/** The message for one field (or a list's root) in an action's error tree. */
export function errorAt(failure: ActionFailure | undefined, path: string): string | undefined {
  const e = get(failure?.errors ?? {}, path) as
    | { message?: unknown; root?: { message?: unknown } }
    | undefined;
  const m = e?.message ?? e?.root?.message;
  return typeof m === "string" ? m : undefined;
}
