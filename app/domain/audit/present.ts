import { RELEASE_REASON } from "../accounts/staff-messages.ts";
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
export function detailLines(details: unknown, action?: string): DetailLine[] {
  if (details === null || details === undefined) return [];
  if (typeof details !== "object" || Array.isArray(details)) return [{ key: "", value: value("", details) }];
  // PostgreSQL's jsonb keeps keys shortest first, so "after" would come before "before".
  const rank = (key: string) => (key === "before" ? 0 : key === "after" ? 1 : 2);
  return Object.entries(withheld(details as Record<string, unknown>, action))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, v]) => ({ key, value: value(key, v) }));
}

const SYSTEM_REASONS: ReadonlySet<unknown> = new Set(Object.values(RELEASE_REASON));

/**
 * Free text about a person that the admin, who reads no plan, is not to read: an adviser's
 * statement of a conflict of interest and the coordinator's reason to take an adviser off (often
 * health or family: AVG art. 9). The text stays on the seat (AdviserAssignment), which the
 * coordinator reads. Since the assignment code writes only a flag, this hides the text of rows
 * written before, as a flag of the same name; the stored rows stay as they are (no data migration).
 */
const WITHHELD: Record<string, Record<string, string>> = {
  "assignment.conflict-declared": { explanation: "hasExplanation" },
  "assignment.no-conflict-declared": { explanation: "hasExplanation" },
  "assignment.removed": { reason: "hasReason" },
};

function withheld(details: Record<string, unknown>, action: string | undefined): Record<string, unknown> {
  const keys = action ? WITHHELD[action] : undefined;
  if (!keys) return details;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(details)) {
    const flag = keys[key];
    // The system's own reason for releasing a seat (an account switched off) names no one's affairs.
    if (!flag || SYSTEM_REASONS.has(v)) out[key] = v;
    else out[flag] = typeof v === "string" ? v.trim() !== "" : v !== null && v !== undefined;
  }
  return out;
}
