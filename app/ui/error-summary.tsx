import { Heading, UnorderedList, UnorderedListItem } from "@rijkshuisstijl-community/components-react";
import { type MouseEvent, useEffect, useRef } from "react";
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
 * Following a summary link focuses the field and scrolls its label, or its group's legend, into
 * view, as GOV.UK's error summary does. A plain jump to "#id" puts the input at the window's top
 * edge with its label out of sight above it, and adds a history entry (a "back" that only
 * scrolls). Without JavaScript the link is still an ordinary "#id" link.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  const control = target.matches("input, select, textarea")
    ? target
    : // A group may start with hidden inputs (a year beside its amount); they take no focus.
      target.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea');
  if (!control) return;
  event.preventDefault();
  const legend = target === control ? null : target.querySelector("legend");
  const label = control.id ? document.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
  (legend ?? label ?? control).scrollIntoView();
  control.focus({ preventScroll: true });
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
              {e.id ? (
                <Link href={`#${e.id}`} onClick={(event) => focusField(event, e.id)}>
                  {dt(e.message)}
                </Link>
              ) : (
                dt(e.message)
              )}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      </Alert>
    </div>
  );
}
