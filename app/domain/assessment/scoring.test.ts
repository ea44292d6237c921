import { describe, expect, it } from "vitest";
import { formatScore, readCriteria, weightedScore } from "./scoring.ts";

const c = (code: string, weight = 1) => ({ code, label: code, weight });

describe("weightedScore", () => {
  it("takes the plain mean with equal weights", () => {
    expect(
      weightedScore(
        [c("a"), c("b")],
        new Map([
          ["a", 3],
          ["b", 4],
        ]),
      ),
    ).toBe(350);
  });

  it("weighs by the regulation's weights", () => {
    // (5·3 + 2·1) / 4 = 4,25
    expect(
      weightedScore(
        [c("a", 3), c("b", 1)],
        new Map([
          ["a", 5],
          ["b", 2],
        ]),
      ),
    ).toBe(425);
  });

  it("rounds half up in integer arithmetic", () => {
    // (4 + 4 + 5) / 3 = 4,333… → 433; (1 + 2 + 2) / 3 = 1,666… → 167
    expect(
      weightedScore(
        [c("a"), c("b"), c("c")],
        new Map([
          ["a", 4],
          ["b", 4],
          ["c", 5],
        ]),
      ),
    ).toBe(433);
    expect(
      weightedScore(
        [c("a"), c("b"), c("c")],
        new Map([
          ["a", 1],
          ["b", 2],
          ["c", 2],
        ]),
      ),
    ).toBe(167);
    // 1/8 = 0,125 → 0,13 above the integer part: (3·7 + 4) / 8 = 3,125 → 313
    expect(
      weightedScore(
        [c("a", 7), c("b", 1)],
        new Map([
          ["a", 3],
          ["b", 4],
        ]),
      ),
    ).toBe(313);
  });

  it("refuses a missing or out-of-range score", () => {
    expect(() => weightedScore([c("a"), c("b")], new Map([["a", 3]]))).toThrow();
    expect(() => weightedScore([c("a")], new Map([["a", 6]]))).toThrow();
    expect(() => weightedScore([c("a")], new Map([["a", 0]]))).toThrow();
  });
});

describe("readCriteria", () => {
  it("defaults a missing or invalid weight to 1 and drops entries without a code", () => {
    expect(
      readCriteria([
        { code: "a", label: "A" },
        { code: "b", label: "B", weight: 2 },
        { label: "x" },
        { code: "c", weight: -1 },
      ]),
    ).toEqual([
      { code: "a", label: "A", weight: 1 },
      { code: "b", label: "B", weight: 2 },
      { code: "c", label: "c", weight: 1 },
    ]);
    expect(readCriteria(null)).toEqual([]);
  });
});

it("formats hundredths the Dutch way", () => {
  expect(formatScore(375)).toBe("3,75");
  expect(formatScore(400)).toBe("4,00");
  expect(formatScore(105)).toBe("1,05");
});
