import { formatEuro, formatRateBp } from "../money.ts";

export type DetailLine = { key: string; value: string };

/** One value of an audit row's details, readable: amounts in euros, basis points as a percentage. */
function value(key: string, v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (/Cents$/.test(key) && (typeof v === "string" || typeof v === "number") && /^-?\d+$/.test(String(v))) {
    return formatEuro(BigInt(v));
  }
  if (/Bp$/.test(key) && typeof v === "number" && Number.isInteger(v)) return formatRateBp(v);
  if (typeof v === "boolean") return v ? "ja" : "nee";
  if (typeof v === "string" || typeof v === "number") return String(v);
  return JSON.stringify(v);
}

/**
 * The details of an audit row (free JSON, one shape per action) as "key: value" lines. The keys
 * stay the stored ones: this is the record as written, made readable, not retold.
 */
export function detailLines(details: unknown): DetailLine[] {
  if (details === null || details === undefined) return [];
  if (typeof details !== "object" || Array.isArray(details)) return [{ key: "", value: value("", details) }];
  // PostgreSQL's jsonb keeps keys shortest first, so "after" would come before "before".
  const rank = (key: string) => (key === "before" ? 0 : key === "after" ? 1 : 2);
  return Object.entries(details as Record<string, unknown>)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, v]) => ({ key, value: value(key, v) }));
}
