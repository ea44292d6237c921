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
