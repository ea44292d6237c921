/**
 * The most a fund's waiting plans could take together from some of its pots, once decided
 * (ADR 0011: the line beyond its first plan). Pure: the caller reads the plans and the pots.
 *
 * A plan takes from each year it asks at most its request for that year and the year's envelope,
 * and from its window's pot the sum of its years: so together at most its window's room, shared with
 * the other plans of that window, and each envelope's room, shared with every plan of the fund.
 * "The most" is the largest total any such allocation can reach in the asked pots, over every way the
 * plans could be granted — in part, in any order, some refused on the merits — so it is never less
 * than what the decisions will actually take there. Counted per pot at once it would be too much:
 * a plan whose window lets it take € 100.000 in all cannot take € 100.000 in each of two years.
 * Computed as a maximum flow: window pots → plans → year pots, each edge bounded by a room or a
 * request; the plans of one window merge into one node (below), so the network is windows × years.
 */

/** One waiting plan: its window's pot and, per year it asks (more than nothing), the envelope's pot and the request. */
export type Claim = { windowPotId: string; years: { potId: string; cents: bigint }[] };

/**
 * The most `claims` could take together from these window pots (`windows`: every window feeds when
 * absent) and these year pots (`years`: every year counts when absent), given each pot's `room`
 * (what it has left; nothing when missing or below nothing).
 */
export function mostTaken(
  claims: readonly Claim[],
  room: ReadonlyMap<string, bigint>,
  from: { windows?: ReadonlySet<string>; years?: ReadonlySet<string> },
): bigint {
  const roomOf = (potId: string) => {
    const cents = room.get(potId) ?? 0n;
    return cents > 0n ? cents : 0n;
  };
  const nodes = new Map<string, number>([
    ["source", 0],
    ["sink", 1],
  ]);
  const node = (key: string) => {
    let n = nodes.get(key);
    if (n === undefined) {
      n = nodes.size;
      nodes.set(key, n);
    }
    return n;
  };
  const edges: { from: number; to: number; cap: bigint }[] = [];
  // A plan's node takes from its window without bound and gives each year at most its request, so
  // the plans of one window together are one node giving each year the sum of their requests: the
  // same flow on a network of windows × years, whatever the number of plans (a walk over a long line
  // calls this once per plan).
  const perWindow = new Map<string, Map<string, bigint>>();
  for (const claim of claims) {
    if (from.windows && !from.windows.has(claim.windowPotId)) continue;
    const years = perWindow.get(claim.windowPotId) ?? new Map<string, bigint>();
    perWindow.set(claim.windowPotId, years);
    for (const y of claim.years) {
      if (y.cents <= 0n || (from.years && !from.years.has(y.potId))) continue;
      years.set(y.potId, (years.get(y.potId) ?? 0n) + y.cents);
    }
  }
  const yearsSeen = new Set<string>();
  for (const [windowPotId, years] of perWindow) {
    const w = node(`w:${windowPotId}`);
    edges.push({ from: 0, to: w, cap: roomOf(windowPotId) });
    for (const [potId, cents] of years) {
      const yn = node(`y:${potId}`);
      if (!yearsSeen.has(potId)) {
        yearsSeen.add(potId);
        edges.push({ from: yn, to: 1, cap: roomOf(potId) });
      }
      edges.push({ from: w, to: yn, cap: cents });
    }
  }
  return maxFlow(nodes.size, edges);
}

/** Edmonds–Karp from node 0 to node 1, in cents. */
function maxFlow(size: number, edges: { from: number; to: number; cap: bigint }[]): bigint {
  // Residual graph: edge k and its reverse k ^ 1.
  const to: number[] = [];
  const cap: bigint[] = [];
  const out: number[][] = Array.from({ length: size }, () => []);
  for (const e of edges) {
    out[e.from]?.push(to.length);
    to.push(e.to);
    cap.push(e.cap);
    out[e.to]?.push(to.length);
    to.push(e.from);
    cap.push(0n);
  }
  let flow = 0n;
  for (;;) {
    const via = new Array<number>(size).fill(-1);
    const queue = [0];
    const seen = new Set([0]);
    while (queue.length > 0 && !seen.has(1)) {
      const n = queue.shift() as number;
      for (const k of out[n] ?? []) {
        const next = to[k] as number;
        if (seen.has(next) || (cap[k] as bigint) <= 0n) continue;
        seen.add(next);
        via[next] = k;
        queue.push(next);
      }
    }
    if (!seen.has(1)) return flow;
    let push: bigint | null = null;
    for (let n = 1; n !== 0; n = to[(via[n] as number) ^ 1] as number) {
      const c = cap[via[n] as number] as bigint;
      if (push === null || c < push) push = c;
    }
    const amount = push ?? 0n;
    for (let n = 1; n !== 0; n = to[(via[n] as number) ^ 1] as number) {
      const k = via[n] as number;
      cap[k] = (cap[k] as bigint) - amount;
      cap[k ^ 1] = (cap[k ^ 1] as bigint) + amount;
    }
    flow += amount;
  }
}

/**
 * What stays left for a plan in each of its pots (its window's, each year's) after `ahead` took the
 * most they could from that pot: its room less mostTaken from that pot alone. Each figure is the
 * least that pot can keep, and the least of every pot at once: the plans ahead cannot reach all
 * those minima together, so the plan looks as short as it could be in each pot. That is the side
 * to err on for firstInLineRefusal (a later reservation gives way for any pot the plan could lack),
 * never a later plan taking money an earlier one may need.
 */
export function leftPerPot(
  ahead: readonly Claim[],
  room: ReadonlyMap<string, bigint>,
  pots: { windowPotId: string; yearPotIds: readonly string[] },
): Map<string, bigint> {
  const left = new Map<string, bigint>();
  const cents = (potId: string) => room.get(potId) ?? 0n;
  left.set(
    pots.windowPotId,
    cents(pots.windowPotId) - mostTaken(ahead, room, { windows: new Set([pots.windowPotId]) }),
  );
  for (const potId of pots.yearPotIds)
    left.set(potId, cents(potId) - mostTaken(ahead, room, { years: new Set([potId]) }));
  return left;
}
