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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(".", ",")} kB`;
  return `${(n / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
