import { describe, expect, it } from "vitest";
import { capText } from "./text.ts";

describe("capText", () => {
  it("cuts at the cap, but not between the halves of an emoji", () => {
    expect(capText("abcdef", 4)).toBe("abcd");
    expect(capText("abc", 4)).toBe("abc");
    // "😀" is two code units: cut after its first half, the whole emoji goes.
    expect(capText("abc😀", 4)).toBe("abc");
    expect(capText("ab😀d", 4)).toBe("ab😀");
    expect(capText("😀😀", 3)).toBe("😀");
    // What remains is well-formed text (UTF-8 keeps it as it is), which JSON for jsonb needs.
    const wellFormed = (s: string) => Buffer.from(s, "utf8").toString("utf8") === s;
    expect(wellFormed("ab\ud83d")).toBe(false);
    for (let max = 0; max <= 8; max++) expect(wellFormed(capText("a😀b😀c", max))).toBe(true);
  });
});
