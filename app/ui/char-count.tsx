import { useEffect, useState } from "react";
import { useI18n } from "../i18n/hooks.ts";
import { localeOf } from "../i18n/resources.ts";

/** How long typing must pause before the remaining count is announced. */
const ANNOUNCE_AFTER_MS = 1000;

/**
 * "12 van 200 tekens" under a text field. The visible count is NOT a live region: the field points
 * at it with aria-describedby (render it inside the field's description), so a screen reader
 * reads it when the field gets focus, not on every keystroke. Only near the limit (the last 10 %)
 * or over it does a separate polite live region speak, and only once typing pauses — the pattern
 * of the GOV.UK character count.
 */
export function CharCount({ length, max }: { length: number; max: number }) {
  const { t, lng } = useI18n();
  // "10.000" in Dutch, "10,000" in English.
  const number = new Intl.NumberFormat(localeOf(lng));
  const remaining = max - length;
  const near = remaining <= Math.ceil(max / 10);
  const message = !near
    ? ""
    : remaining >= 0
      ? t("charCount.remaining", { count: remaining })
      : t("charCount.over", { count: -remaining });
  const [announced, setAnnounced] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(message), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <>
      <span className={`sp-char-count${remaining < 0 ? " sp-char-count--over" : ""}`} data-char-count="">
        {t("charCount.count", { length: number.format(length), max: number.format(max) })}
        {remaining < 0 ? ` — ${message}` : ""}
      </span>
      <span className="sp-visually-hidden" aria-live="polite" aria-atomic="true">
        {announced}
      </span>
    </>
  );
}
