import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { nl } from "./nl.ts";
import { fixedT } from "./translate.ts";

/** Every leaf of a resource tree as "a.b.c". */
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

function leaves(tree: object): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === "string" ? [[k, v]] : leaves(v as object).map(([kk, vv]) => [`${k}.${kk}`, vv]),
  );
}

describe("the nl and en resources", () => {
  it("have exactly the same keys", () => {
    const nlKeys = keys(nl).sort();
    const enKeys = keys(en).sort();
    expect(
      enKeys.filter((k) => !nlKeys.includes(k)),
      "only in en",
    ).toEqual([]);
    expect(
      nlKeys.filter((k) => !enKeys.includes(k)),
      "only in nl",
    ).toEqual([]);
    expect(nlKeys.length).toBeGreaterThan(100);
  });

  it("have no empty texts and the same {{placeholders}} in both languages", () => {
    const english = new Map(leaves(en));
    for (const [key, dutch] of leaves(nl)) {
      const other = english.get(key) ?? "";
      expect(dutch.trim(), key).not.toBe("");
      expect(other.trim(), key).not.toBe("");
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(vars(other), key).toEqual(vars(dutch));
    }
  });

  it("really are different languages where texts are sentences", () => {
    // Catches a copy-paste of the Dutch file: sentences must differ, except these on purpose.
    const sameOnPurpose = new Set(["planSummary.download"]); // "Download (PDF)" reads fine in both
    const english = new Map(leaves(en));
    const same = leaves(nl).filter(
      ([k, v]) => v.includes(" ") && english.get(k) === v && !sameOnPurpose.has(k),
    );
    expect(same).toEqual([]);
  });

  it("resolve plurals and fall back to Dutch for an unknown language", () => {
    expect(fixedT("nl")("errorSummary.heading", { count: 1 })).toBe("Er is 1 fout gevonden");
    expect(fixedT("nl")("errorSummary.heading", { count: 3 })).toBe("Er zijn 3 fouten gevonden");
    expect(fixedT("en")("errorSummary.heading", { count: 3 })).toBe("There are 3 problems");
    expect(fixedT("de")("login.title")).toBe("Inloggen");
  });
});
