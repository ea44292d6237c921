/**
 * A posted form as the nested object react-hook-form names describe: "measures.0.costs.1.amount"
 * becomes measures[0].costs[1].amount, and a name sent several times (a checkbox group) becomes a
 * list. What comes out is still untrusted: shapeStepInput and the step's schema read it.
 */
export function unflattenForm(entries: Iterable<[string, FormDataEntryValue]>, skip: readonly string[] = []) {
  const root: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const [name, value] of entries) {
    if (skip.includes(name) || typeof value !== "string") continue;
    const path = name.split(".");
    // Bounds what a hostile post can make us build: short paths, small indices.
    if (path.length > 6 || path.some((p) => p === "__proto__" || p === "constructor" || p === "prototype"))
      continue;
    if (path.some((p) => /^\d+$/.test(p) && Number(p) > 99)) continue;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    let node: Record<string, unknown> = root;
    for (const [i, key] of path.entries()) {
      const last = i === path.length - 1;
      if (last) {
        if (count === 1) node[key] = value;
        else node[key] = [...(Array.isArray(node[key]) ? (node[key] as unknown[]) : [node[key]]), value];
      } else {
        const nextIsIndex = /^\d+$/.test(path[i + 1] ?? "");
        if (typeof node[key] !== "object" || node[key] === null) node[key] = nextIsIndex ? [] : {};
        node = node[key] as Record<string, unknown>;
      }
    }
  }
  return root;
}
