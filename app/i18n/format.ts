import { formatRateBp } from "../domain/money.ts";
import { formatDate, formatDateTime } from "../ui/format.ts";
import type { Language } from "./resources.ts";

/**
 * Dates in the page's language: nl-NL in Dutch ("28 november 2026 om 14:05"), en-GB in English
 * ("28 November 2026 at 14:05"), always in Europe/Amsterdam. Money is NOT localised: amounts stay
 * "€ 1.234,56" in both languages, because the money fields accept only that notation (ADR 0008).
 */
const englishDateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  dateStyle: "long",
  timeStyle: "short",
});
const englishDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", dateStyle: "long" });

export function formatDateTimeIn(lng: Language, at: Date | string | null | undefined): string {
  if (lng !== "en" || !at) return formatDateTime(at);
  return englishDateTime.format(typeof at === "string" ? new Date(at) : at);
}

export function formatDateIn(lng: Language, at: Date | string | null | undefined): string {
  if (lng !== "en" || !at) return formatDate(at);
  return englishDate.format(typeof at === "string" ? new Date(at) : at);
}

const englishRate = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/**
 * A rate in basis points as the page writes a percentage: "72,5%" in Dutch (formatRateBp, as the
 * letters have it), "72.5%" in English. Not money, so it follows the language (ADR 0008).
 */
export function formatRateIn(lng: Language, bp: number): string {
  if (lng !== "en") return formatRateBp(bp);
  return `${englishRate.format(bp / 100)}%`;
}
