import { Heading, UnorderedList, UnorderedListItem } from "@rijkshuisstijl-community/components-react";
import { useEffect, useRef } from "react";
import type { FieldErrors, FieldValues } from "react-hook-form";
import { useI18n } from "../i18n/hooks.ts";
import { Alert } from "./alert.tsx";
import { Link } from "./link.tsx";

export type SummaryError = { id: string; message: string };

/** A form path ("measures.0.title") as the id of its input ("measures-0-title"). */
export function fieldId(path: string): string {
  return path.replace(/\./g, "-");
}

/** Every message in a react-hook-form error tree, with the id of the field it belongs to. */
export function flattenErrors(
  errors: FieldErrors<FieldValues> | Record<string, unknown> | undefined,
): SummaryError[] {
  const out: SummaryError[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (typeof n.message === "string" && n.message)
      out.push({ id: fieldId(path.join(".")), message: n.message });
    for (const [key, child] of Object.entries(n)) {
      if (key === "ref" || key === "message" || key === "type" || key === "types") continue;
      walk(child, key === "root" ? path : [...path, key]);
    }
  };
  walk(errors, []);
  // A list-level message can sit both on the list and on its `root` (react-hook-form): once is enough.
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = `${e.id}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The summary at the top of a form. It takes focus whenever `focusKey` changes and there are
 * errors, so that a screen-reader user hears what went wrong after a failed submit.
 */
export function ErrorSummary({ errors, focusKey }: { errors: SummaryError[]; focusKey?: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const { t, dt } = useI18n();
  const count = errors.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey is the trigger on purpose.
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [focusKey, count]);
  if (count === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="sp-error-summary" id="foutmeldingen">
      <Alert type="error">
        <Heading level={2}>{t("errorSummary.heading", { count })}</Heading>
        <UnorderedList>
          {errors.map((e) => (
            <UnorderedListItem key={`${e.id}:${e.message}`}>
              {/* Domain messages are Dutch; dt() renders them in the page's language (ADR 0008). */}
              {e.id ? <Link href={`#${e.id}`}>{dt(e.message)}</Link> : dt(e.message)}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      </Alert>
    </div>
  );
}
