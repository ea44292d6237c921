import { formatEuroDigits, formatEuro as formatEuroOfCents } from "../domain/money.ts";
import { joinDutch } from "../domain/words.ts";
import { type Language, localeOf } from "../i18n/resources.ts";

/**
 * Display helpers for the browser and the server alike. Money is written by domain/money.ts (one
 * way for the whole portal: "€ 1.234,56" with a no-break space); these take the cents as loader
 * data brings them, a string or a number as well as a bigint.
 */
const toCents = (cents: bigint | string | number): bigint =>
  typeof cents === "bigint" ? cents : BigInt(cents);

export function formatEuro(cents: bigint | string | number): string {
  return formatEuroOfCents(toCents(cents));
}

/** "250.000,00": the shape the money fields accept, for pre-filling inputs. */
export function centsToInput(cents: bigint | string): string {
  return formatEuroDigits(toCents(cents));
}

const dateTime = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "Europe/Amsterdam",
  dateStyle: "long",
  timeStyle: "short",
});
const dateOnly = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", dateStyle: "long" });

export function formatDateTime(at: Date | string | null | undefined): string {
  if (!at) return "—";
  return dateTime.format(typeof at === "string" ? new Date(at) : at);
}

export function formatDate(at: Date | string | null | undefined): string {
  if (!at) return "—";
  return dateOnly.format(typeof at === "string" ? new Date(at) : at);
}

const timeOnly = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", timeStyle: "short" });

/** "10:00", Europe/Amsterdam. */
export function formatTime(at: Date | string): string {
  return timeOnly.format(typeof at === "string" ? new Date(at) : at);
}

/**
 * A count as typed, grouped when it is a whole number ("150000" reads "150.000", in English
 * "150,000"); anything else shows as typed, since a draft may hold what does not parse yet.
 */
export function formatTypedCount(text: string, lng: Language): string {
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return text;
  return new Intl.NumberFormat(localeOf(lng)).format(Number(trimmed));
}

/** "12,3 kB" / "4,0 MB" in Dutch, "12.3 kB" in English; 1 kB = 1024 bytes, as the 10 MB limit. */
export function formatFileSize(bytes: number, lng: Language): string {
  const number = (n: number) =>
    new Intl.NumberFormat(localeOf(lng), {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(n);
  if (bytes < 1024 * 1024) return `${number(Math.max(bytes, 1) / 1024)} kB`;
  return `${number(bytes / 1024 / 1024)} MB`;
}

/**
 * Names in a sentence, the first few only: "A", "A en B", "A, B en C", "A, B, C en 498 andere".
 * For a warning that lists who else holds an IBAN: usually one or two, but an IBAN that 500
 * organisations share must not print 500 names in every row (or send them with the page's data).
 */
export function namesInBrief(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return joinDutch(names);
  return `${names.slice(0, shown).join(", ")} en ${names.length - shown} andere`;
}

/** A number of days on a staff page: "1 dag", "12 dagen", "4.487 dagen" (grouped the Dutch way). */
export function dayCount(days: number): string {
  return `${days.toLocaleString("nl-NL")} ${days === 1 ? "dag" : "dagen"}`;
}

/** A term's days left in a sentence on a plan's tab: "nog 5 dagen", "vandaag de laatste dag", "3 dagen te laat". */
export function daysLeftSentence(days: number): string {
  if (days < 0) return `${dayCount(-days)} te laat`;
  if (days === 0) return "vandaag de laatste dag";
  return `nog ${dayCount(days)}`;
}
