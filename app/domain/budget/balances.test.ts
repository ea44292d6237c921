import { describe, expect, it } from "vitest";
import {
  availableCents,
  balancesFromEntries,
  type EntryLike,
  entryDelta,
  entryProblem,
  invariantBreaches,
  wouldBreach,
} from "./balances.ts";

const res = (a: bigint): EntryLike => ({ kind: "RESERVATION", releases: null, amountCents: a });
const com = (a: bigint): EntryLike => ({ kind: "COMMITMENT", releases: null, amountCents: a });
const relRes = (a: bigint): EntryLike => ({ kind: "RELEASE", releases: "RESERVATION", amountCents: a });
const relCom = (a: bigint): EntryLike => ({ kind: "RELEASE", releases: "COMMITMENT", amountCents: a });
const pay = (a: bigint): EntryLike => ({ kind: "DISBURSEMENT", releases: null, amountCents: a });
const back = (a: bigint): EntryLike => ({ kind: "RECOVERY", releases: null, amountCents: a });

describe("balancesFromEntries", () => {
  it("follows a plan from reservation through a partial grant, payment and recovery", () => {
    expect(balancesFromEntries([])).toEqual({ reservedCents: 0n, committedCents: 0n, disbursedCents: 0n });
    expect(balancesFromEntries([res(500n)])).toEqual({
      reservedCents: 500n,
      committedCents: 0n,
      disbursedCents: 0n,
    });
    const granted = [res(500n), com(400n), relRes(100n)];
    expect(balancesFromEntries(granted)).toEqual({
      reservedCents: 0n,
      committedCents: 400n,
      disbursedCents: 0n,
    });
    const paid = [...granted, pay(40n), pay(100n), back(30n)];
    expect(balancesFromEntries(paid)).toEqual({
      reservedCents: 0n,
      committedCents: 400n,
      disbursedCents: 110n,
    });
    const lowerSettlement = [...paid, relCom(150n)];
    expect(balancesFromEntries(lowerSettlement)).toEqual({
      reservedCents: 0n,
      committedCents: 250n,
      disbursedCents: 110n,
    });
  });

  it("works on per-kind sums as well as on single entries", () => {
    const entries = [res(10n), res(20n), com(5n), com(7n), relRes(3n), relCom(2n), pay(4n), back(1n)];
    const sums = [res(30n), com(12n), relRes(3n), relCom(2n), pay(4n), back(1n)];
    expect(balancesFromEntries(entries)).toEqual(balancesFromEntries(sums));
    expect(balancesFromEntries(entries)).toEqual({
      reservedCents: 15n,
      committedCents: 10n,
      disbursedCents: 3n,
    });
  });

  it("agrees with entryDelta entry by entry", () => {
    for (const e of [res(9n), com(9n), relRes(9n), relCom(9n), pay(9n), back(9n)]) {
      expect(entryDelta(e)).toEqual(balancesFromEntries([e]));
    }
  });
});

describe("entryProblem / entryDelta", () => {
  it("accepts well-formed entries only", () => {
    expect(entryProblem(res(1n))).toBeNull();
    expect(entryProblem(relCom(1n))).toBeNull();
    expect(entryProblem(res(0n))).toMatch(/niet positief/);
    expect(entryProblem(res(-5n))).toMatch(/niet positief/);
    expect(entryProblem({ kind: "RELEASE", releases: null, amountCents: 1n })).toMatch(/RELEASE/);
    expect(entryProblem({ kind: "RELEASE", releases: "DISBURSEMENT", amountCents: 1n })).toMatch(
      /DISBURSEMENT/,
    );
    expect(entryProblem({ kind: "COMMITMENT", releases: "RESERVATION", amountCents: 1n })).toMatch(
      /alleen een RELEASE/,
    );
    expect(() => entryDelta(res(0n))).toThrow(RangeError);
  });
});

describe("availableCents, invariantBreaches, wouldBreach", () => {
  const pot = { ceilingCents: 1000n, reservedCents: 300n, committedCents: 500n, disbursedCents: 200n };

  it("computes what is left", () => {
    expect(availableCents(pot)).toBe(200n);
  });

  it("names each broken rule", () => {
    expect(invariantBreaches(pot)).toEqual([]);
    expect(invariantBreaches({ ...pot, ceilingCents: 799n })).toHaveLength(1);
    expect(invariantBreaches({ ...pot, disbursedCents: 501n })).toEqual([
      "betaald (501) is hoger dan verplicht (500)",
    ]);
    expect(invariantBreaches({ ...pot, reservedCents: -1n })).toEqual(["gereserveerd is negatief (-1)"]);
  });

  it("allows a booking that fills the pot exactly, not one cent more", () => {
    expect(wouldBreach(pot, [res(200n)])).toBe(false);
    expect(wouldBreach(pot, [res(201n)])).toBe(true);
    expect(wouldBreach(pot, [com(300n)])).toBe(false); // replaces the reservation
    expect(wouldBreach(pot, [com(301n)])).toBe(true); // more than was reserved: negative reservation
    expect(wouldBreach(pot, [relRes(300n), res(500n)])).toBe(false);
    expect(wouldBreach(pot, [pay(300n)])).toBe(false);
    expect(wouldBreach(pot, [pay(301n)])).toBe(true);
    expect(wouldBreach(pot, [relCom(301n)])).toBe(true); // would leave disbursed above committed
    expect(() => wouldBreach(pot, [res(-1n)])).toThrow(RangeError);
  });
});
