import type { Language } from "../i18n/resources.ts";

/** Display helpers for the browser and the server alike (no Intl quirks: € then a normal space). */
export function formatEuro(cents: bigint | string | number): string {
  const c = typeof cents === "bigint" ? cents : BigInt(cents);
  const negative = c < 0n;
  const abs = negative ? -c : c;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${negative ? "-" : ""}€ ${whole},${(abs % 100n).toString().padStart(2, "0")}`;
}

/** "250.000,00": the shape the money fields accept, for pre-filling inputs. */
export function centsToInput(cents: bigint | string): string {
  return formatEuro(cents).replace(/^€ /, "").replace(/^-€ /, "-");
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

/** "12,3 kB" / "4,0 MB" in Dutch, "12.3 kB" in English; 1 kB = 1024 bytes, as the 10 MB limit. */
export function formatFileSize(bytes: number, lng: Language): string {
  const number = (n: number) =>
    new Intl.NumberFormat(lng === "en" ? "en-GB" : "nl-NL", {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(n);
  if (bytes < 1024 * 1024) return `${number(Math.max(bytes, 1) / 1024)} kB`;
  return `${number(bytes / 1024 / 1024)} MB`;
}
