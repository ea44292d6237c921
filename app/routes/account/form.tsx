import { type FormEvent, useState } from "react";
import type { z } from "zod";
import { fieldErrorsOf, PASSWORD_MIN } from "../../domain/accounts/validation.ts";
import { useI18n } from "../../i18n/hooks.ts";
import type { SummaryError } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";

/** A form's fields as an object; the keys in `arrays` keep every value (checkbox groups). */
export function formObject(fd: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(fd.keys())) {
    out[key] = arrays.includes(key) ? fd.getAll(key).map(String) : String(fd.get(key) ?? "");
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/**
 * The same zod schema checks the form in the browser before sending (no round trip for a typo) and
 * again in the action. Errors from the browser win until the next submit; then the server's show.
 */
export function useSchemaForm(
  schema: z.ZodType,
  serverErrors: Record<string, string> | undefined,
  opts: { arrays?: readonly string[]; order: readonly string[] },
) {
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const [tick, setTick] = useState(0);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const parsed = schema.safeParse(formObject(new FormData(event.currentTarget), opts.arrays));
    if (parsed.success) {
      setClientErrors(null);
      return;
    }
    event.preventDefault();
    setClientErrors(fieldErrorsOf(parsed.error));
    setTick((t) => t + 1);
  };
  const errors = clientErrors ?? serverErrors ?? {};
  const summary: SummaryError[] = Object.entries(errors)
    .map(([id, message]) => ({ id: id === "form" ? "" : id, message }))
    .sort((a, b) => rank(opts.order, a.id) - rank(opts.order, b.id));
  return { errors, summary, onSubmit, focusKey: `${tick}:${JSON.stringify(serverErrors ?? {})}` };
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

/** A new password and its repetition, as on the invitation and password-reset pages. */
export function NewPasswordFields({
  errors,
  label,
}: {
  errors: Record<string, string | undefined>;
  /** "Wachtwoord" (account.password.label) when not given. */
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        id="password"
        name="password"
        type="password"
        label={label ?? t("account.password.label")}
        description={t("account.password.description", { min: PASSWORD_MIN })}
        autoComplete="new-password"
        error={errors.password}
      />
      <TextField
        id="passwordRepeat"
        name="passwordRepeat"
        type="password"
        label={t("account.password.repeat")}
        autoComplete="new-password"
        error={errors.passwordRepeat}
      />
    </>
  );
}
