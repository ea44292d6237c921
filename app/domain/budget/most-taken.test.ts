import { describe, expect, it } from "vitest";
import { type Claim, leftPerPot, mostTaken } from "./most-taken.ts";

const room = (entries: Record<string, number>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, BigInt(v)]));
const claim = (windowPotId: string, years: Record<string, number>): Claim => ({
  windowPotId,
  years: Object.entries(years).map(([potId, cents]) => ({ potId, cents: BigInt(cents) })),
});

describe("mostTaken", () => {
  it("caps a plan's take over its years at its window's room, not per year", () => {
    // Window A 100, years 100 each: P cannot take 100 in each year (the per-pot count said 200).
    const rooms = room({ A: 100, B: 10_000, y1: 100, y2: 100 });
    const p = [claim("A", { y1: 300, y2: 300 })];
    expect(mostTaken(p, rooms, { years: new Set(["y1", "y2"]) })).toBe(100n);
    expect(mostTaken(p, rooms, { years: new Set(["y1"]) })).toBe(100n);
    expect(mostTaken(p, rooms, { windows: new Set(["A"]) })).toBe(100n);
    expect(mostTaken(p, rooms, { windows: new Set(["B"]) })).toBe(0n);
  });

  it("counts a year's room once for plans of different windows that share it", () => {
    const rooms = room({ A: 1_000, B: 1_000, y1: 100, y2: 100 });
    const plans = [claim("A", { y1: 200 }), claim("B", { y1: 200 })];
    expect(mostTaken(plans, rooms, { years: new Set(["y1", "y2"]) })).toBe(100n);
  });

  it("shares a window's room between its plans and never takes more than asked or than a pot has", () => {
    const rooms = room({ A: 150, y1: 1_000, y2: -5 });
    const plans = [claim("A", { y1: 100, y2: 50 }), claim("A", { y1: 100 })];
    expect(mostTaken(plans, rooms, { windows: new Set(["A"]) })).toBe(150n);
    expect(mostTaken(plans, rooms, { years: new Set(["y2"]) })).toBe(0n);
    expect(mostTaken([claim("A", { y1: 40 })], rooms, {})).toBe(40n);
  });
});

describe("leftPerPot", () => {
  it("is each pot's room less the most the plans ahead could take from that pot alone", () => {
    const rooms = room({ A: 100, B: 1_000, y1: 350, y2: 500 });
    const ahead = [claim("A", { y1: 350, y2: 350 })];
    const left = leftPerPot(ahead, rooms, { windowPotId: "B", yearPotIds: ["y1", "y2"] });
    expect(left).toEqual(
      new Map([
        ["B", 1_000n],
        ["y1", 250n],
        ["y2", 400n],
      ]),
    );
  });
});
