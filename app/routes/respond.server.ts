import { data } from "react-router";
import { z } from "zod";
import {
  BudgetShortfallError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RuleViolation,
} from "../domain/errors.ts";

/** In a loader: NotFound → the 404 page, Forbidden → the 403 page; anything else is a real error. */
export function throwAsPage(err: unknown): never {
  if (err instanceof NotFoundError) throw data(err.message, { status: 404 });
  if (err instanceof ForbiddenError) throw data(err.message, { status: 403 });
  throw err;
}

export type ActionFailure = {
  ok: false;
  /** Which form on the page failed, where a page has several. */
  form?: string;
  /** Shown at the top of the form (conflicts, budget shortfalls). */
  formError?: string;
  /** react-hook-form's error shape, so useRemixForm shows them next to the fields. */
  errors?: Record<string, unknown>;
};

/**
 * In an action: the domain's refusals become a re-rendered form with the message; NotFound and
 * Forbidden become error pages; anything else is a bug and propagates (500, logged).
 */
export function actionFailure(err: unknown, form?: string) {
  if (err instanceof NotFoundError || err instanceof ForbiddenError) throwAsPage(err);
  if (err instanceof BudgetShortfallError) {
    return data<ActionFailure>({ ok: false, form, formError: err.message }, { status: 409 });
  }
  if (err instanceof ConflictError) {
    return data<ActionFailure>({ ok: false, form, formError: err.message }, { status: 409 });
  }
  if (err instanceof RuleViolation) {
    const errors = err.field ? { [err.field]: { type: err.code, message: err.message } } : undefined;
    return data<ActionFailure>(
      { ok: false, form, formError: errors ? undefined : err.message, errors },
      { status: 400 },
    );
  }
  if (err instanceof DomainError) {
    return data<ActionFailure>({ ok: false, form, formError: err.message }, { status: err.status });
  }
  throw err;
}

export const INCOMPLETE_FORM =
  "Het formulier is niet volledig verstuurd. Laad de pagina opnieuw en probeer het nog eens.";

/**
 * A post without the fields every form of the page sends (its intent, version or id): cut off, or
 * not sent by the page. Said in words, not as an empty error list that leaves the page unchanged.
 */
export function incompleteForm(form?: string) {
  return data<ActionFailure>({ ok: false, form, formError: INCOMPLETE_FORM }, { status: 400 });
}

export function validationFailure(errors: unknown, form?: string) {
  return data<ActionFailure>({ ok: false, form, errors: errors as ActionFailure["errors"] }, { status: 400 });
}

/** Issues as react-hook-form's error tree ({ measures: { 0: { title: { message } } } }); the first per path wins. */
export function errorTree(issues: { path: string; message: string }[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const issue of issues) {
    const path = issue.path === "" ? ["root"] : issue.path.split(".");
    let node = tree;
    for (const key of path) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    if (typeof node.message !== "string") Object.assign(node, { type: "server", message: issue.message });
  }
  return tree;
}

/**
 * The two fields every plan action posts: what to do, and the plan version the form was read at
 * (a stale version is a conflict, not a lost update). Made once per route, so that zod builds the
 * schema once; the reader answers null when either field is missing or malformed.
 */
export function planActionMeta<const I extends readonly [string, ...string[]]>(intents: I) {
  const schema = z.object({ intent: z.enum(intents), expectedVersion: z.coerce.number().int().positive() });
  return (formData: FormData): { intent: I[number]; expectedVersion: number } | null => {
    const parsed = schema.safeParse({
      intent: formData.get("intent"),
      expectedVersion: formData.get("expectedVersion"),
    });
    return parsed.success ? (parsed.data as { intent: I[number]; expectedVersion: number }) : null;
  };
}
