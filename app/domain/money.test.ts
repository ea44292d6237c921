import { describe, expect, it } from "vitest";
import {
  applyRateBp,
  centsToInputString,
  formatEuro,
  formatEuroDigits,
  formatRateBp,
  MAX_INPUT_CENTS,
  parseEuroInput,
  splitProportionally,
  sumCents,
} from "./money.ts";

// A seeded generator: the loops below are property checks that replay identically on failure.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function randomCents(next: () => number, max: bigint): bigint {
  // Two draws so that amounts up to 10^11 cents are reachable, not just 2^32.
  const big = BigInt(Math.floor(next() * 1e6)) * 1_000_000n + BigInt(Math.floor(next() * 1e6));
  return big % (max + 1n);
}

describe("formatEuroDigits", () => {
  it("writes the amount as formatEuro does, without the sign", () => {
    expect(formatEuroDigits(26_000_000_000n)).toBe("260.000.000,00");
    expect(formatEuroDigits(1_059_666_666n)).toBe("10.596.666,66");
    expect(formatEuroDigits(5n)).toBe("0,05");
    expect(formatEuroDigits(-1200n)).toBe("-12,00");
  });
});

describe("formatEuro", () => {
  it("writes nl-NL amounts with a no-break space after the sign", () => {
    expect(formatEuro(123456n)).toBe("€\u00A01.234,56");
    expect(formatEuro(0n)).toBe("€\u00A00,00");
    expect(formatEuro(5n)).toBe("€\u00A00,05");
    expect(formatEuro(100_000_000_00n)).toBe("€\u00A0100.000.000,00");
    expect(formatEuro(99_999n)).toBe("€\u00A0999,99");
  });

  it("puts the minus before the sign", () => {
    expect(formatEuro(-1200n)).toBe("-€\u00A012,00");
    expect(formatEuro(-123456789n)).toBe("-€\u00A01.234.567,89");
  });

  it("agrees with Intl for non-negative amounts", () => {
    const intl = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const cents = randomCents(next, 10_000_000_000n);
      expect(formatEuro(cents)).toBe(intl.format(Number(cents) / 100));
    }
  });
});

describe("parseEuroInput", () => {
  it.each([
    ["1.234.567,89", 123456789n],
    ["1234567,89", 123456789n],
    ["1234567", 123456700n],
    ["€ 250.000", 25_000_000n],
    ["€250.000", 25_000_000n],
    ["\u20AC\u00A0250.000,00", 25_000_000n],
    ["250000,5", 25_000_050n],
    ["250.000,-", 25_000_000n],
    ["  42 ", 4200n],
    ["0", 0n],
    ["0,01", 1n],
    ["1.234", 123_400n],
    ["1234.56", 123_456n],
    ["99.5", 9_950n],
    ["1.000.000.000", MAX_INPUT_CENTS],
    ["1.000.000.000,00", MAX_INPUT_CENTS],
  ])("reads %j as %s cents", (text, cents) => {
    expect(parseEuroInput(text)).toBe(cents);
  });

  it.each([
    "",
    "   ",
    "€",
    "-5",
    "€ -5,00",
    "+5",
    "1,234",
    "1,5,0",
    "12.34,5",
    "1.23.456",
    "1.234.56",
    "1.2345",
    ",50",
    "1 234",
    "12a",
    "abc",
    "1e6",
    "EUR 100",
    "1.000.000.000,01",
    "1000000001",
    "Infinity",
    "0x10",
  ])("refuses %j", (text) => {
    expect(parseEuroInput(text)).toBeNull();
  });

  it("reads back what formatEuro and centsToInputString write", () => {
    const next = rng(42);
    for (let i = 0; i < 1000; i++) {
      const cents = randomCents(next, MAX_INPUT_CENTS);
      expect(parseEuroInput(formatEuro(cents))).toBe(cents);
      expect(parseEuroInput(centsToInputString(cents))).toBe(cents);
    }
  });
});

describe("centsToInputString", () => {
  it("writes digits and a decimal comma, no grouping", () => {
    expect(centsToInputString(123456789n)).toBe("1234567,89");
    expect(centsToInputString(25_000_000n)).toBe("250000,00");
    expect(centsToInputString(7n)).toBe("0,07");
  });
});

describe("formatRateBp", () => {
  it("writes basis points as a Dutch percentage, with a decimal comma and no trailing zero", () => {
    expect(formatRateBp(5000)).toBe("50%");
    expect(formatRateBp(1250)).toBe("12,5%");
    expect(formatRateBp(1255)).toBe("12,55%");
    expect(formatRateBp(5)).toBe("0,05%");
    expect(formatRateBp(10_000)).toBe("100%");
  });
});

describe("applyRateBp", () => {
  it("rounds down to the cent", () => {
    expect(applyRateBp(101n, 5000)).toBe(50n);
    expect(applyRateBp(99n, 5000)).toBe(49n);
    expect(applyRateBp(1_000_000n, 5000)).toBe(500_000n);
    expect(applyRateBp(333n, 10_000)).toBe(333n);
    expect(applyRateBp(333n, 0)).toBe(0n);
    expect(applyRateBp(1n, 9999)).toBe(0n);
  });

  it("never exceeds the exact rate and is less than a cent below it", () => {
    const next = rng(3);
    for (let i = 0; i < 1000; i++) {
      const cents = randomCents(next, 100_000_000_000n);
      const rate = Math.floor(next() * 10_001);
      const result = applyRateBp(cents, rate);
      // result <= cents*rate/10000 < result + 1, in integers.
      expect(result * 10_000n <= cents * BigInt(rate)).toBe(true);
      expect((result + 1n) * 10_000n > cents * BigInt(rate)).toBe(true);
    }
  });

  it("refuses negative amounts and rates outside 0–100 %", () => {
    expect(() => applyRateBp(-1n, 5000)).toThrow(RangeError);
    expect(() => applyRateBp(1n, 10_001)).toThrow(RangeError);
    expect(() => applyRateBp(1n, -1)).toThrow(RangeError);
    expect(() => applyRateBp(1n, 50.5)).toThrow(RangeError);
  });
});

describe("splitProportionally", () => {
  it("gives the leftover cents to the largest remainders", () => {
    expect(splitProportionally(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitProportionally(10n, [1n, 2n])).toEqual([3n, 7n]);
    expect(splitProportionally(1000n, [3n, 0n, 7n])).toEqual([300n, 0n, 700n]);
    expect(splitProportionally(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(splitProportionally(0n, [])).toEqual([]);
  });

  it("always adds up exactly, each part within one cent of its exact share", () => {
    const next = rng(11);
    for (let i = 0; i < 1000; i++) {
      const n = 1 + Math.floor(next() * 6);
      const weights = Array.from({ length: n }, () =>
        next() < 0.15 ? 0n : randomCents(next, 50_000_000_000n) + 1n,
      );
      if (sumCents(weights) === 0n) weights[0] = 1n;
      const total = randomCents(next, 100_000_000_000n);
      const parts = splitProportionally(total, weights);
      const sum = sumCents(weights);
      expect(sumCents(parts)).toBe(total);
      parts.forEach((p, k) => {
        const w = weights[k] ?? 0n;
        const exactTimesSum = total * w;
        // floor(exact) <= part <= floor(exact) + 1, and a zero weight gets nothing.
        expect(p * sum <= exactTimesSum + sum).toBe(true);
        expect((p + 1n) * sum > exactTimesSum).toBe(true);
        if (w === 0n) expect(p).toBe(0n);
      });
    }
  });

  it("refuses a total it cannot place", () => {
    expect(() => splitProportionally(1n, [0n])).toThrow(RangeError);
    expect(() => splitProportionally(5n, [])).toThrow(RangeError);
    expect(() => splitProportionally(-1n, [1n])).toThrow(RangeError);
    expect(() => splitProportionally(1n, [-1n, 2n])).toThrow(RangeError);
  });
});
