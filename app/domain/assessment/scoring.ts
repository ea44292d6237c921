/**
 * The assessment's arithmetic (design.md §4, art. 2.5): each criterion of the regulation scored
 * 1–5, a total weighted by the regulation's weights. Pure and integer-only, so that the browser
 * shows exactly what the server stores.
 */

export type Criterion = { code: string; label: string; weight: number };

/** Regulation.criteria as stored (Json); a missing or unusable weight counts as 1 (equal weights). */
export function readCriteria(json: unknown): Criterion[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((c) => {
    if (!c || typeof c !== "object") return [];
    const { code, label, weight } = c as Record<string, unknown>;
    if (typeof code !== "string" || code === "") return [];
    const w = typeof weight === "number" && Number.isInteger(weight) && weight > 0 ? weight : 1;
    return [{ code, label: typeof label === "string" ? label : code, weight: w }];
  });
}

/**
 * The weighted mean × 100, rounded half up (375 = 3,75). Integers only: Σ(score·weight)·100 / Σweight.
 * Throws when a criterion has no score or a score lies outside 1–5: the form schema refuses those first.
 */
export function weightedScore(criteria: readonly Criterion[], scores: ReadonlyMap<string, number>): number {
  if (criteria.length === 0) throw new Error("a regulation without criteria cannot be scored");
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores.get(c.code);
    if (s === undefined || !Number.isInteger(s) || s < 1 || s > 5)
      throw new Error(`no valid score for ${c.code}`);
    sum += s * c.weight;
    weights += c.weight;
  }
  return Math.floor((sum * 200 + weights) / (2 * weights));
}

/** 375 → "3,75". */
export function formatScore(hundredths: number): string {
  return `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, "0")}`;
}
