/**
 * The arithmetic of the live budget impact, shared by the browser (as the amounts are typed) and
 * the server. Integer cents as bigint; the loader sends them as decimal strings.
 */

export type ImpactPot = {
  potId: string;
  name: string;
  /** null for the window's ceiling pot (it holds the plan's whole amount), else the envelope's year. */
  year: number | null;
  ceilingCents: bigint;
  reservedCents: bigint;
  committedCents: bigint;
  /** What this plan itself holds reserved in the pot (given back by the decision, then the grant taken). */
  planReservedCents: bigint;
};

export function availableBefore(p: ImpactPot): bigint {
  return p.ceilingCents - p.reservedCents - p.committedCents;
}

/** What the pot books for the decision: the whole grant for the window pot, the year's share else. */
export function grantedInPot(p: ImpactPot, granted: { year: number; cents: bigint }[]): bigint {
  if (p.year === null) return granted.reduce((s, g) => s + g.cents, 0n);
  return granted.find((g) => g.year === p.year)?.cents ?? 0n;
}

/** Available after the decision: the plan's reservation comes back, the grant is committed. */
export function availableAfter(p: ImpactPot, granted: { year: number; cents: bigint }[]): bigint {
  return availableBefore(p) + p.planReservedCents - grantedInPot(p, granted);
}

/**
 * What is left for a waiting plan at the end of its window: per year at most the request and what
 * the year's pot has, and in all at most what the window pot has (later years give way first).
 */
export function whatIsLeft(
  requested: { year: number; cents: bigint }[],
  pots: ImpactPot[],
): { year: number; cents: bigint }[] {
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  const windowPot = pots.find((p) => p.year === null);
  const perYear = requested.map((r) => {
    const pot = pots.find((p) => p.year === r.year);
    return { year: r.year, cents: pot ? min(r.cents, max(0n, availableBefore(pot))) : 0n };
  });
  let room = windowPot ? max(0n, availableBefore(windowPot)) : 0n;
  return perYear.map((y) => {
    const cents = min(y.cents, room);
    room -= cents;
    return { year: y.year, cents };
  });
}
