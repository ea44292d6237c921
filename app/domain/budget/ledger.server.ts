import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { LedgerKind, PotKind } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import {
  BudgetShortfallError,
  ConflictError,
  NotFoundError,
  type PotShortfall,
  RuleViolation,
} from "../errors.ts";
import { formatEuro, minCents } from "../money.ts";
import {
  addBalances,
  availableCents,
  type Balances,
  balancesFromEntries,
  entryDelta,
  invariantBreaches,
  ZERO_BALANCES,
} from "./balances.ts";

/**
 * Moving money: every euro a plan takes from or gives back to a pot goes through here
 * (design.md §5). The caller owns the transaction (the workflow's), so the ledger entries, the
 * balance rows and the plan's status change commit or roll back together. Within it, the pots'
 * balance rows are locked FOR UPDATE in id order — every writer takes them in the same order, so
 * two transactions never wait on each other in a cycle — and the invariant is checked under that
 * lock, right before the write. A plan's window pot holds its whole amount (year null); each
 * year's envelope pot holds that year's share (year set).
 */

type LockedPot = {
  id: string;
  name: string;
  kind: PotKind;
  ceilingCents: bigint;
  reservedCents: bigint;
  committedCents: bigint;
  disbursedCents: bigint;
};

type Booking = {
  potId: string;
  kind: LedgerKind;
  releases: LedgerKind | null;
  year: number | null;
  amountCents: bigint;
  reason: string;
  paymentId?: string;
  recoveryClaimId?: string;
  /** Another plan than the booking's own: a payment batch books several plans in one statement. */
  planId?: string;
};

async function lockPots(tx: Tx, potIds: Iterable<string>): Promise<Map<string, LockedPot>> {
  const ids = [...new Set(potIds)].sort();
  if (ids.length === 0) return new Map();
  const rows = await tx.$queryRaw<LockedPot[]>`
    SELECT id, name, kind::text AS kind, "ceilingCents", "reservedCents", "committedCents", "disbursedCents"
    FROM "BudgetPot" WHERE id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE`;
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    throw new Error(`Budget pot(s) not found: ${ids.filter((id) => !found.has(id)).join(", ")}`);
  }
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Checks the invariant for every locked pot after `bookings`, then writes the entries and the new
 * balance rows. A pot that would go over its ceiling refuses the whole booking with
 * BudgetShortfallError (naming each such pot and what it has left); nothing is written then.
 */
async function book(
  tx: Tx,
  pots: Map<string, LockedPot>,
  planId: string,
  actorId: string | null,
  bookings: Booking[],
): Promise<void> {
  const deltas = new Map<string, Balances>();
  for (const b of bookings) {
    if (!pots.has(b.potId)) throw new Error(`Booking on pot ${b.potId}, which was not locked`);
    deltas.set(b.potId, addBalances(deltas.get(b.potId) ?? ZERO_BALANCES, entryDelta(b)));
  }

  const shortfalls: PotShortfall[] = [];
  for (const [potId, delta] of deltas) {
    const pot = pots.get(potId) as LockedPot;
    const after = { ...addBalances(pot, delta), ceilingCents: pot.ceilingCents };
    if (after.reservedCents + after.committedCents > pot.ceilingCents) {
      shortfalls.push({
        potId,
        potName: pot.name,
        neededCents: delta.reservedCents + delta.committedCents,
        availableCents: availableCents(pot),
      });
      continue;
    }
    const breaches = invariantBreaches(after);
    // Anything else (a negative balance, paying out more than committed) is a bug in the caller.
    if (breaches.length > 0) throw new Error(`Budget pot ${pot.name}: ${breaches.join("; ")}`);
  }
  if (shortfalls.length > 0) throw new BudgetShortfallError(shortfalls);

  // One statement for the entries and every pot's balance row (was an insert and one update per
  // pot): every round trip here is made with the pots locked, and each decision of a window waits
  // for them. The entries' statement triggers (PlanPosition, PotMonth) run in it as before.
  const at = now();
  const changed = [...deltas];
  await tx.$executeRaw`
    WITH entries AS (
      INSERT INTO "LedgerEntry" ("potId", "planId", kind, releases, year, "amountCents", "actorId", reason,
        "paymentId", "recoveryClaimId", "createdAt")
      SELECT b."potId", b."planId", b.kind::"LedgerKind", b.releases::"LedgerKind", b.year, b.amount,
        ${actorId}::text, b.reason, b."paymentId", b."recoveryClaimId", ${at}::timestamp
      FROM unnest(
        ${bookings.map((b) => b.potId)}::text[],
        ${bookings.map((b) => b.planId ?? planId)}::text[],
        ${bookings.map((b) => b.kind)}::text[],
        ${bookings.map((b) => b.releases)}::text[],
        ${bookings.map((b) => b.year)}::int[],
        ${bookings.map((b) => b.amountCents.toString())}::bigint[],
        ${bookings.map((b) => b.reason)}::text[],
        ${bookings.map((b) => b.paymentId ?? null)}::text[],
        ${bookings.map((b) => b.recoveryClaimId ?? null)}::text[]
      ) WITH ORDINALITY AS b("potId", "planId", kind, releases, year, amount, reason, "paymentId", "recoveryClaimId", n)
      ORDER BY b.n
    )
    UPDATE "BudgetPot" AS p SET
      "reservedCents" = p."reservedCents" + d.reserved,
      "committedCents" = p."committedCents" + d.committed,
      "disbursedCents" = p."disbursedCents" + d.disbursed,
      "updatedAt" = ${new Date()}::timestamp
    FROM unnest(
      ${changed.map(([id]) => id)}::text[],
      ${changed.map(([, d]) => d.reservedCents.toString())}::bigint[],
      ${changed.map(([, d]) => d.committedCents.toString())}::bigint[],
      ${changed.map(([, d]) => d.disbursedCents.toString())}::bigint[]
    ) AS d(id, reserved, committed, disbursed)
    WHERE p.id = d.id`;
}

type PlanPots = { id: string; reference: string; windowPotId: string | null; heldPotIds: string[] };

/**
 * Which pots the plans' bookings touch, read before they are locked (the ids only, never a
 * balance): each plan's window pot and every pot it holds entries in. One statement for all.
 */
async function plansPots(tx: Tx, planIds: string[]): Promise<Map<string, PlanPots>> {
  const rows = await tx.$queryRaw<PlanPots[]>`
    SELECT p.id, p.reference, w."potId" AS "windowPotId",
      ARRAY(SELECT DISTINCT e."potId" FROM "LedgerEntry" e WHERE e."planId" = p.id) AS "heldPotIds"
    FROM "Plan" p LEFT JOIN "ApplicationWindow" w ON w.id = p."windowId"
    WHERE p.id = ANY(${planIds}::text[])`;
  if (rows.length !== new Set(planIds).size) throw new NotFoundError("Plan niet gevonden.");
  return new Map(rows.map((r) => [r.id, r]));
}

async function planPots(tx: Tx, planId: string): Promise<PlanPots> {
  return (await plansPots(tx, [planId])).get(planId) as PlanPots;
}

type Holding = Balances & { potId: string; year: number | null };

/** What each plan holds in each pot, from its ledger entries (read after the pots are locked). */
async function plansHoldings(
  tx: PrismaClient | Tx,
  planIds: string[],
): Promise<Map<string, Map<string, Holding>>> {
  const sums = await (tx as Tx).ledgerEntry.groupBy({
    by: ["planId", "potId", "kind", "releases", "year"],
    where: { planId: { in: planIds } },
    _sum: { amountCents: true },
  });
  const byPlan = new Map<string, Map<string, Holding>>(planIds.map((id) => [id, new Map()]));
  for (const s of sums) {
    const byPot = byPlan.get(s.planId as string) as Map<string, Holding>;
    const current = byPot.get(s.potId) ?? { potId: s.potId, year: null, ...ZERO_BALANCES };
    const moved = balancesFromEntries([
      { kind: s.kind, releases: s.releases, amountCents: s._sum.amountCents ?? 0n },
    ]);
    byPot.set(s.potId, { ...addBalances(current, moved), potId: s.potId, year: s.year ?? current.year });
  }
  return byPlan;
}

async function holdings(tx: Tx, planId: string): Promise<Map<string, Holding>> {
  return (await plansHoldings(tx, [planId])).get(planId) as Map<string, Holding>;
}

async function potIdsHeldBy(tx: Tx, planId: string): Promise<string[]> {
  const rows = await tx.ledgerEntry.findMany({
    where: { planId },
    distinct: ["potId"],
    select: { potId: true },
  });
  return rows.map((r) => r.potId);
}

export type YearAmount = { year: number; cents: bigint };

/**
 * Books RESERVATION entries for a plan whose application became complete (in order of receipt):
 * its window pot gets the whole amount, each year's envelope pot that year's share. Reserves what
 * the plan requested, or `perYear` when given (each at most the request — the first waiting plan
 * granted in part "for what is left" when its window has closed). Throws BudgetShortfallError,
 * writing nothing, when any pot lacks room — it is thrown before the first write, so the workflow
 * may catch it and move the plan to WAITING_FOR_BUDGET in the same transaction. RuleViolation
 * when a year has no envelope; ConflictError when the plan already holds money.
 */
export async function reserveForPlan(
  tx: Tx,
  args: { planId: string; actorId: string | null; perYear?: YearAmount[]; reason?: string },
): Promise<void> {
  const plan = await planToReserve(tx, args.planId);
  if (!plan.window) throw new RuleViolation(`Plan ${plan.reference} is in geen tijdvak ontvangen.`);

  const amounts = amountsToReserve(plan.years, args.perYear);
  const total = amounts.reduce((sum, a) => sum + a.cents, 0n);
  if (total <= 0n) throw new RuleViolation(`Plan ${plan.reference} vraagt geen bedrag aan.`, "years");

  const envelopePot = await envelopePots(tx, plan.regulation.fund, amounts);

  const windowPotId = plan.window.potId;
  const pots = await lockPots(tx, [windowPotId, ...envelopePot.values()]);
  const held = await holdings(tx, args.planId);
  if ([...held.values()].some((h) => h.reservedCents !== 0n || h.committedCents !== 0n)) {
    throw new ConflictError(
      `Voor plan ${plan.reference} is al budget gereserveerd of verplicht.`,
      "ALREADY_RESERVED",
    );
  }

  const reason = args.reason ?? "Volledige aanvraag ontvangen";
  const bookings: Booking[] = [
    { potId: windowPotId, kind: "RESERVATION", releases: null, year: null, amountCents: total, reason },
  ];
  for (const a of amounts) {
    if (a.cents === 0n) continue;
    const potId = envelopePot.get(a.year) as string;
    bookings.push({ potId, kind: "RESERVATION", releases: null, year: a.year, amountCents: a.cents, reason });
  }
  await book(tx, pots, args.planId, args.actorId, bookings);
}

/**
 * What the pots a plan books against have left for it now, read under their locks (taken after the
 * plan's row and the fund's line lock, as every writer takes them): the window pot, and each
 * requested year's envelope (a year without an envelope has nothing left). For the end-of-window
 * rule (decision/engine.server.ts): does the whole request fit, does any of it.
 *
 * `yielding`: plans whose undecided reservations would give way to this one when it is decided
 * (waiting-list.server.ts laterYieldingPlans): what they hold counts as left for it
 * (reservedByPlans, read under the same pot locks). Without it: what the pots have now.
 */
export async function leftForPlan(
  tx: Tx,
  planId: string,
  options: { yielding?: string[] } = {},
): Promise<{ windowCents: bigint; perYear: { year: number; requestedCents: bigint; leftCents: bigint }[] }> {
  const plan = await planToReserve(tx, planId);
  if (!plan.window) return { windowCents: 0n, perYear: [] };
  const envelopes = await tx.budgetEnvelope.findMany({
    where: { fund: plan.regulation.fund, year: { in: plan.years.map((y) => y.year) } },
    select: { year: true, potId: true },
  });
  const envelopePot = new Map(envelopes.map((e) => [e.year, e.potId]));
  const pots = await lockPots(tx, [plan.window.potId, ...envelopePot.values()]);
  const yielding = options.yielding?.length ? await reservedByPlans(tx, options.yielding) : new Map();
  const left = (potId: string) => availableOf(pots.get(potId)) + (yielding.get(potId) ?? 0n);
  return {
    windowCents: left(plan.window.potId),
    perYear: plan.years.map((y) => {
      const potId = envelopePot.get(y.year);
      return { year: y.year, requestedCents: y.requestedCents, leftCents: potId ? left(potId) : 0n };
    }),
  };
}

/**
 * What these plans hold reserved, per pot, leaving out any plan that holds committed money (a
 * grant never gives way; reservationsToYield skips it alike): the room their giving way would make.
 * A plain read; under the pots' locks (leftForPlan) it is exact.
 */
export async function reservedByPlans(
  db: PrismaClient | Tx,
  planIds: string[],
): Promise<Map<string, bigint>> {
  const room = new Map<string, bigint>();
  if (planIds.length === 0) return room;
  for (const byPot of (await plansHoldings(db, planIds)).values()) {
    const mine = [...byPot.values()];
    if (mine.some((h) => h.committedCents !== 0n)) continue;
    for (const h of mine)
      if (h.reservedCents > 0n) room.set(h.potId, (room.get(h.potId) ?? 0n) + h.reservedCents);
  }
  return room;
}

/** What a reservation is made of: the plan's window pot, its fund and its requested years. */
async function planToReserve(tx: Tx, planId: string) {
  const plan = await tx.plan.findUnique({
    where: { id: planId },
    select: {
      reference: true,
      window: { select: { potId: true } },
      regulation: { select: { fund: true } },
      years: { select: { year: true, requestedCents: true }, orderBy: { year: "asc" } },
    },
  });
  if (!plan) throw new NotFoundError("Plan niet gevonden.");
  return plan;
}

/** The year pots of `fund` for these years; a year without an envelope refuses the reservation. */
async function envelopePots(tx: Tx, fund: string, amounts: { year: number }[]): Promise<Map<number, string>> {
  const envelopes = await tx.budgetEnvelope.findMany({
    where: { fund, year: { in: amounts.map((a) => a.year) } },
    select: { year: true, potId: true },
  });
  const envelopePot = new Map(envelopes.map((e) => [e.year, e.potId]));
  const missing = amounts.filter((a) => !envelopePot.has(a.year)).map((a) => a.year);
  if (missing.length > 0) {
    throw new RuleViolation(
      `Er is geen begrotingsjaar ${missing.join(", ")} voor ${fund}; het plan kan niet worden gereserveerd.`,
      "years",
    );
  }
  return envelopePot;
}

/**
 * Which of `holderIds` must give their reservation back for `planId` to fit (allocation in order
 * of complete receipt: a plan received earlier goes before the reservations of plans received
 * later and not yet decided; waiting-list.server.ts decides who may be a holder). The holders come
 * in the order they give way, latest receipt first; one is taken when it holds reserved money in a
 * pot where the plan is still short, until the plan fits. [] when it fits as it is; null when even
 * all of them would not make room (then nobody gives way) — unless `inPart`: at the end of the
 * window the first waiting plan is granted in part for what is left, so then every holder with
 * money where the plan is short gives way (decision/engine.server.ts reserveWhatIsLeft).
 *
 * What the plan itself still holds reserved counts as room for it: a plan whose supplement changed
 * its yearly amounts keeps its reservation while it looks for more (followChangedRequest), and a
 * plan that holds nothing (complete, budget_available) gains nothing by it.
 *
 * Without `lock` the pots are read as they stand: a first answer, which tells the caller whose
 * plan rows to lock (before any pot, as every writer does). With `lock`, the caller holds those
 * rows: the pots of the plan (also those it holds and will give up) and of the holders are locked
 * in one sorted acquisition, so that the releases and the booking that follow take no pot out of
 * order, and the answer is exact.
 *
 * `left`: what is left for the plan per pot, instead of what the pots have as they stand (a pot
 * missing from it is read as it stands). For a plan behind other waiting plans of its fund
 * (decision/engine.server.ts firstInLineRefusal): what they leave once they took the most they
 * could, for they are decided before it and take from the same year envelopes first.
 */
export async function reservationsToYield(
  tx: Tx,
  args: {
    planId: string;
    holderIds: string[];
    lock: boolean;
    inPart?: boolean;
    left?: ReadonlyMap<string, bigint>;
  },
): Promise<string[] | null> {
  const plan = await planToReserve(tx, args.planId);
  if (!plan.window) return null;
  const amounts = plan.years.filter((y) => y.requestedCents > 0n);
  const envelopePot = await envelopePots(tx, plan.regulation.fund, amounts);
  const need = new Map<string, bigint>([
    [plan.window.potId, amounts.reduce((sum, a) => sum + a.requestedCents, 0n)],
  ]);
  for (const a of amounts) need.set(envelopePot.get(a.year) as string, a.requestedCents);

  const holderPots = args.lock
    ? await plansPots(tx, [args.planId, ...args.holderIds])
    : new Map<string, PlanPots>();
  const potIds = [...need.keys(), ...[...holderPots.values()].flatMap((p) => p.heldPotIds)];
  const pots = args.lock
    ? await lockPots(tx, potIds)
    : new Map(
        (
          await tx.budgetPot.findMany({
            where: { id: { in: [...need.keys()] } },
            select: { id: true, ceilingCents: true, reservedCents: true, committedCents: true },
          })
        ).map((p) => [p.id, p]),
      );
  const held = await plansHoldings(tx, [args.planId, ...args.holderIds]);
  const own = held.get(args.planId) ?? new Map<string, Holding>();
  const left = new Map(
    [...need.keys()].map((potId) => [
      potId,
      (args.left?.get(potId) ?? availableOf(pots.get(potId))) + (own.get(potId)?.reservedCents ?? 0n),
    ]),
  );
  const short = () => [...need].filter(([potId, cents]) => cents > (left.get(potId) ?? 0n));

  if (short().length === 0) return [];
  const yielding: string[] = [];
  for (const holderId of args.holderIds) {
    const mine = [...(held.get(holderId) ?? new Map<string, Holding>()).values()];
    // A decided plan's money is committed: a grant is never taken back for an earlier plan.
    if (mine.some((h) => h.committedCents !== 0n)) continue;
    if (!short().some(([potId]) => mine.some((h) => h.potId === potId && h.reservedCents > 0n))) continue;
    yielding.push(holderId);
    for (const h of mine)
      if (left.has(h.potId)) left.set(h.potId, (left.get(h.potId) ?? 0n) + h.reservedCents);
    if (short().length === 0) return yielding;
  }
  return args.inPart ? yielding : null;
}

function availableOf(
  pot: { ceilingCents: bigint; reservedCents: bigint; committedCents: bigint } | undefined,
): bigint {
  return pot ? availableCents(pot) : 0n;
}

export type MovedReservation = "NONE" | "UNCHANGED" | "MOVED" | "NEEDS_MORE";

/**
 * A plan holding a reservation now asks for other yearly amounts (a supplement during assessment
 * rewrote its PlanYear rows): its reservation follows them. The old and new pots are locked in one
 * sorted acquisition — a release and then a reservation would take pots in two rounds, out of the
 * order every other writer keeps — and only the difference per pot is booked, so a year that keeps
 * its amount keeps its money even when its envelope is full. BudgetShortfallError (nothing written)
 * when a pot cannot hold the increase. With `takeNoMore`, a change that needs more in any pot is
 * not booked ("NEEDS_MORE"): an earlier plan of the fund waits for that money. "NONE" when the plan
 * holds no reservation, ConflictError when it holds a commitment.
 */
export async function moveReservationForPlan(
  tx: Tx,
  args: { planId: string; actorId: string | null; reason: string; takeNoMore: boolean },
): Promise<MovedReservation> {
  const plan = await planToReserve(tx, args.planId);
  const heldPotIds = await potIdsHeldBy(tx, args.planId);
  if (heldPotIds.length === 0) return "NONE";
  if (!plan.window) throw new RuleViolation(`Plan ${plan.reference} is in geen tijdvak ontvangen.`);

  const amounts = plan.years.filter((y) => y.requestedCents > 0n);
  const envelopePot = await envelopePots(tx, plan.regulation.fund, amounts);

  const windowPotId = plan.window.potId;
  const pots = await lockPots(tx, [windowPotId, ...envelopePot.values(), ...heldPotIds]);
  const held = await holdings(tx, args.planId);
  if ([...held.values()].some((h) => h.committedCents !== 0n)) {
    throw new ConflictError(`Voor plan ${plan.reference} is al een bedrag verplicht.`, "ALREADY_COMMITTED");
  }
  if ([...held.values()].every((h) => h.reservedCents === 0n)) return "NONE";

  const target = new Map<string, { year: number | null; cents: bigint }>([
    [windowPotId, { year: null, cents: amounts.reduce((sum, a) => sum + a.requestedCents, 0n) }],
  ]);
  for (const a of amounts)
    target.set(envelopePot.get(a.year) as string, { year: a.year, cents: a.requestedCents });
  for (const h of held.values()) if (!target.has(h.potId)) target.set(h.potId, { year: h.year, cents: 0n });

  const bookings: Booking[] = [];
  for (const [potId, t] of [...target].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const diff = t.cents - (held.get(potId)?.reservedCents ?? 0n);
    if (diff === 0n) continue;
    if (diff > 0n) {
      if (args.takeNoMore) return "NEEDS_MORE";
      bookings.push({
        potId,
        kind: "RESERVATION",
        releases: null,
        year: t.year,
        amountCents: diff,
        reason: args.reason,
      });
    } else {
      bookings.push({
        potId,
        kind: "RELEASE",
        releases: "RESERVATION",
        year: t.year,
        amountCents: -diff,
        reason: args.reason,
      });
    }
  }
  if (bookings.length === 0) return "UNCHANGED";
  await book(tx, pots, args.planId, args.actorId, bookings);
  return "MOVED";
}

function amountsToReserve(
  years: { year: number; requestedCents: bigint }[],
  perYear: YearAmount[] | undefined,
): YearAmount[] {
  if (!perYear) return years.map((y) => ({ year: y.year, cents: y.requestedCents }));
  const requested = new Map(years.map((y) => [y.year, y.requestedCents]));
  checkYearAmounts(perYear);
  for (const a of perYear) {
    const max = requested.get(a.year);
    if (max === undefined) throw new RuleViolation(`Het plan vraagt niets aan voor ${a.year}.`, "perYear");
    if (a.cents > max) {
      throw new RuleViolation(
        `Voor ${a.year} kan niet meer dan het aangevraagde ${formatEuro(max)} worden gereserveerd.`,
        "perYear",
      );
    }
  }
  return perYear;
}

function checkYearAmounts(list: YearAmount[]): void {
  const seen = new Set<number>();
  for (const a of list) {
    if (seen.has(a.year)) throw new RuleViolation(`Het jaar ${a.year} staat er twee keer in.`);
    seen.add(a.year);
    if (a.cents < 0n) throw new RuleViolation(`Het bedrag voor ${a.year} is negatief.`);
  }
}

/**
 * The grant decision: turns the plan's reservation into a COMMITMENT of the granted amount per
 * year and RELEASEs the rest of the reservation (partial grant; a rejection is all zeros or
 * simply releaseForPlan). A year left out of `grantedPerYear` is granted nothing. Granting more
 * than was reserved for a year is a RuleViolation; a plan already committed is a ConflictError.
 */
export async function commitForPlan(
  tx: Tx,
  args: { planId: string; actorId: string | null; grantedPerYear: YearAmount[]; reason?: string },
): Promise<void> {
  checkYearAmounts(args.grantedPerYear);
  const plan = await planPots(tx, args.planId);
  const windowPotId = plan.windowPotId;
  const pots = await lockPots(tx, [...(windowPotId ? [windowPotId] : []), ...plan.heldPotIds]);
  const held = await holdings(tx, args.planId);
  if ([...held.values()].some((h) => h.committedCents !== 0n)) {
    throw new ConflictError(`Voor plan ${plan.reference} is al een bedrag verplicht.`, "ALREADY_COMMITTED");
  }

  const yearPots = new Map<number, Holding>();
  for (const h of held.values()) if (h.potId !== windowPotId && h.year !== null) yearPots.set(h.year, h);
  for (const g of args.grantedPerYear) {
    const reserved = yearPots.get(g.year)?.reservedCents ?? 0n;
    if (g.cents > reserved) {
      throw new RuleViolation(
        `Het toegekende bedrag voor ${g.year} (${formatEuro(g.cents)}) is hoger dan het gereserveerde bedrag (${formatEuro(reserved)}).`,
        "grantedPerYear",
      );
    }
  }

  const granted = new Map(args.grantedPerYear.map((g) => [g.year, g.cents]));
  const totalGranted = args.grantedPerYear.reduce((sum, g) => sum + g.cents, 0n);
  const windowReserved = windowPotId ? (held.get(windowPotId)?.reservedCents ?? 0n) : 0n;
  if (totalGranted > windowReserved) {
    throw new RuleViolation(
      `Het toegekende totaal (${formatEuro(totalGranted)}) is hoger dan wat in het tijdvak is gereserveerd (${formatEuro(windowReserved)}).`,
      "grantedPerYear",
    );
  }

  const reason = args.reason ?? "Beschikking";
  const releaseReason = `${reason}: niet toegekend deel vrijgegeven`;
  const bookings: Booking[] = [];
  const settle = (potId: string, year: number | null, reserved: bigint, grant: bigint) => {
    if (grant > 0n)
      bookings.push({ potId, kind: "COMMITMENT", releases: null, year, amountCents: grant, reason });
    const rest = reserved - grant;
    if (rest > 0n) {
      bookings.push({
        potId,
        kind: "RELEASE",
        releases: "RESERVATION",
        year,
        amountCents: rest,
        reason: releaseReason,
      });
    }
  };
  if (windowPotId) settle(windowPotId, null, windowReserved, totalGranted);
  for (const [year, h] of [...yearPots].sort(([a], [b]) => a - b)) {
    settle(h.potId, year, h.reservedCents, granted.get(year) ?? 0n);
  }
  await book(tx, pots, args.planId, args.actorId, bookings);
}

/**
 * Gives back whatever the plan still holds reserved (rejection, withdrawal, not considered).
 * Committed money is left alone. Does nothing when nothing is reserved, so it may run twice.
 * Returns what this call gave back to the plan's window pot (year null), which holds the whole
 * reservation: 0 when the plan held nothing (never complete, or it gave way and waits).
 */
export async function releaseForPlan(
  tx: Tx,
  args: { planId: string; actorId: string | null; reason: string },
): Promise<{ windowCents: bigint }> {
  const potIds = await potIdsHeldBy(tx, args.planId);
  if (potIds.length === 0) return { windowCents: 0n };
  const pots = await lockPots(tx, potIds);
  const held = await holdings(tx, args.planId);
  const bookings: Booking[] = [];
  for (const h of held.values()) {
    if (h.reservedCents > 0n && pots.has(h.potId)) {
      bookings.push({
        potId: h.potId,
        kind: "RELEASE",
        releases: "RESERVATION",
        year: h.year,
        amountCents: h.reservedCents,
        reason: args.reason,
      });
    }
  }
  if (bookings.length > 0) await book(tx, pots, args.planId, args.actorId, bookings);
  return {
    windowCents: bookings.filter((b) => b.year === null).reduce((sum, b) => sum + b.amountCents, 0n),
  };
}

type PlanHoldings = { reference: string; window: Holding | null; years: Holding[] };

/**
 * For each plan: its year pots (envelopes) it holds money in, earliest year first, and its window
 * pot. The pots of all the plans are locked in one statement, in id order, so a booking for many
 * plans (a payment batch) takes them as any single-plan booking does and cannot deadlock with one.
 */
async function lockPlansHoldings(tx: Tx, planIds: string[]) {
  const plans = await plansPots(tx, planIds);
  const pots = await lockPots(
    tx,
    [...plans.values()].flatMap((p) => [...(p.windowPotId ? [p.windowPotId] : []), ...p.heldPotIds]),
  );
  const held = await plansHoldings(tx, planIds);
  const byPlan = new Map<string, PlanHoldings>();
  for (const [planId, plan] of plans) {
    const mine = held.get(planId) as Map<string, Holding>;
    const windowPotId = plan.windowPotId;
    const years = [...mine.values()]
      .filter((h) => h.potId !== windowPotId && h.year !== null)
      .sort((a, b) => (a.year as number) - (b.year as number));
    const window = windowPotId
      ? (mine.get(windowPotId) ?? { potId: windowPotId, year: null, ...ZERO_BALANCES })
      : null;
    byPlan.set(planId, { reference: plan.reference, window, years });
  }
  return { pots, plans: byPlan };
}

async function lockPlanHoldings(tx: Tx, planId: string) {
  const { pots, plans } = await lockPlansHoldings(tx, [planId]);
  return { pots, ...(plans.get(planId) as PlanHoldings) };
}

export type Disbursement = { planId: string; paymentId: string; amountCents: bigint; reason: string };

/**
 * A payment approved in a batch: DISBURSEMENT entries against the plan's window pot (the whole
 * amount) and its year pots, filling the earliest year first up to what is committed and not yet
 * paid there. Paying more than the plan has committed and unpaid is a RuleViolation; the same
 * payment booked twice is refused by the unique (paymentId, potId, kind) index — callers check the
 * payment's status under its row lock first, so that is a last line of defence.
 */
export async function disburseForPlan(
  tx: Tx,
  args: { planId: string; actorId: string | null; paymentId: string; amountCents: bigint; reason: string },
): Promise<void> {
  await disburseForPayments(tx, { actorId: args.actorId, payments: [args] });
}

/**
 * The payments of a batch, as disburseForPlan books one, in a single booking: every pot of every
 * plan is locked in one sorted acquisition (not plan by plan, which takes two batches' pots in
 * crossed orders), and the invariant is checked against the sum of them all. The caller holds the
 * plans' and the payments' row locks (taken before the pots, as every writer does) and has checked
 * that each payment is still due. Several payments of one plan fill its years one after another.
 */
export async function disburseForPayments(
  tx: Tx,
  args: { actorId: string | null; payments: Disbursement[] },
): Promise<void> {
  if (args.payments.length === 0) return;
  for (const p of args.payments)
    if (p.amountCents <= 0n) throw new RuleViolation("Een betaling moet een positief bedrag hebben.");
  const planIds = [...new Set(args.payments.map((p) => p.planId))].sort();
  const { pots, plans } = await lockPlansHoldings(tx, planIds);
  const bookings: Booking[] = [];
  for (const p of args.payments) {
    const { reference, window, years } = plans.get(p.planId) as PlanHoldings;
    const open = window ? window.committedCents - window.disbursedCents : 0n;
    if (!window || p.amountCents > open) {
      throw new RuleViolation(
        `Voor plan ${reference} staat ${formatEuro(open > 0n ? open : 0n)} verplicht en onbetaald; ${formatEuro(p.amountCents)} kan niet worden betaald.`,
      );
    }
    const entry = { kind: "DISBURSEMENT" as const, releases: null, reason: p.reason, paymentId: p.paymentId };
    bookings.push({
      ...entry,
      planId: p.planId,
      potId: window.potId,
      year: null,
      amountCents: p.amountCents,
    });
    // The holdings are this booking's working figures: the plan's next payment sees this one paid.
    window.disbursedCents += p.amountCents;
    let left = p.amountCents;
    for (const y of years) {
      const room = y.committedCents - y.disbursedCents;
      if (left === 0n) break;
      if (room <= 0n) continue;
      const take = minCents(room, left);
      bookings.push({ ...entry, planId: p.planId, potId: y.potId, year: y.year, amountCents: take });
      y.disbursedCents += take;
      left -= take;
    }
    if (left > 0n) throw new Error(`Plan ${reference}: window and year pots disagree on what is committed`);
  }
  await book(tx, pots, planIds[0] as string, args.actorId, bookings);
}

export type SettlementBooking = {
  releasedCents: bigint;
  recoveredCents: bigint;
  recoveryClaimId: string | null;
};

/**
 * The vaststelling (or a revocation, which settles at nil): the plan's commitment becomes
 * `settledCents`. What was committed above it is RELEASEd (COMMITMENT); when more was advanced than
 * settled, a RecoveryClaim for the difference is created and booked as RECOVERY in the same
 * booking, so `disbursed ≤ committed` holds after it. Per year, each year keeps a commitment at
 * least as large as what stays paid in it, and the rest of the settled amount fills the earliest
 * year first, as disbursements do, so no year pot ends with more paid than committed.
 * Settling above what is committed is a RuleViolation (the settled amount never exceeds the grant).
 */
export async function settleForPlan(
  tx: Tx,
  args: { planId: string; actorId: string | null; settledCents: bigint; reason: string; recoveryDueOn: Date },
): Promise<SettlementBooking> {
  if (args.settledCents < 0n) throw new RuleViolation("Het vastgestelde bedrag kan niet negatief zijn.");
  const { reference, pots, window, years } = await lockPlanHoldings(tx, args.planId);
  const committed = window?.committedCents ?? 0n;
  if (!window || args.settledCents > committed) {
    throw new RuleViolation(
      `Het vastgestelde bedrag (${formatEuro(args.settledCents)}) is hoger dan het verleende bedrag (${formatEuro(committed)}) van plan ${reference}.`,
      "settledCents",
    );
  }
  const disbursed = window.disbursedCents;
  const recovered = disbursed > args.settledCents ? disbursed - args.settledCents : 0n;
  const released = committed - args.settledCents;

  let recoveryClaimId: string | null = null;
  if (recovered > 0n) {
    const claim = await tx.recoveryClaim.create({
      data: { planId: args.planId, amountCents: recovered, dueOn: args.recoveryDueOn },
      select: { id: true },
    });
    recoveryClaimId = claim.id;
  }

  const bookings: Booking[] = [];
  const push = (
    potId: string,
    year: number | null,
    kind: LedgerKind,
    amount: bigint,
    releases: LedgerKind | null,
  ) => {
    if (amount <= 0n) return;
    const claim = kind === "RECOVERY" && recoveryClaimId ? { recoveryClaimId } : {};
    bookings.push({ potId, kind, releases, year, amountCents: amount, reason: args.reason, ...claim });
  };
  push(window.potId, null, "RECOVERY", recovered, null);
  push(window.potId, null, "RELEASE", released, "COMMITMENT");

  // What stays paid is kept earliest year first (a recovery comes out of the latest years). Each
  // year then keeps at least what stays paid in it, and the rest of the settled amount fills the
  // earliest years first. Filling the commitment earliest-first alone is not enough: a storno
  // (undoDisbursement) gives back an exact payment's pots, so a later year can hold paid money
  // while an earlier year has room, and that later year must keep a commitment to cover it.
  let paidLeft = disbursed - recovered;
  const kept = years.map((y) => {
    const newDisbursed = minCents(y.disbursedCents, paidLeft);
    paidLeft -= newDisbursed;
    return { y, newDisbursed, newCommitted: newDisbursed };
  });
  let rest = args.settledCents - (disbursed - recovered);
  for (const k of kept) {
    const more = minCents(k.y.committedCents - k.newCommitted, rest);
    k.newCommitted += more;
    rest -= more;
  }
  for (const { y, newDisbursed, newCommitted } of kept) {
    push(y.potId, y.year, "RECOVERY", y.disbursedCents - newDisbursed, null);
    push(y.potId, y.year, "RELEASE", y.committedCents - newCommitted, "COMMITMENT");
  }
  if (bookings.length > 0) await book(tx, pots, args.planId, args.actorId, bookings);
  return { releasedCents: released, recoveredCents: recovered, recoveryClaimId };
}

/**
 * The bank sent a paid transfer back (a storno, payments/returns.server.ts): RECOVERY entries undo
 * the payment's DISBURSEMENT entries pot by pot, for exactly the amounts they booked, so each pot's
 * disbursed figure is what it was before the payment. The entries carry the payment's id (the
 * unique (paymentId, potId, kind) index refuses undoing it twice) and no recoveryClaimId (nothing
 * is owed: the money is back); checkLedger holds them to the payment's DISBURSEMENT entries.
 * The caller holds the plan's and the payment's row locks; the pots are locked here, in id order.
 * A plan that no longer holds the payment in some pot (a vaststelling or revocation claimed it back
 * meanwhile) is refused: undoing it would pay back twice.
 */
export async function undoDisbursement(
  tx: Tx,
  args: { planId: string; paymentId: string; actorId: string | null; reason: string },
): Promise<{ undone: { potId: string; year: number | null; amountCents: bigint }[] }> {
  const paid = await tx.ledgerEntry.findMany({
    where: { paymentId: args.paymentId, kind: "DISBURSEMENT" },
    select: { potId: true, year: true, amountCents: true, planId: true },
    orderBy: { potId: "asc" },
  });
  if (paid.length === 0 || paid.some((e) => e.planId !== args.planId))
    throw new ConflictError("Voor deze betaling is geen uitbetaling geboekt; er valt niets terug te boeken.");
  const { reference, pots, window, years } = await lockPlanHoldings(tx, args.planId);
  const held = new Map<string, Holding>([...(window ? [window] : []), ...years].map((h) => [h.potId, h]));
  const short = paid.filter((e) => (held.get(e.potId)?.disbursedCents ?? 0n) < e.amountCents);
  if (short.length > 0)
    throw new ConflictError(
      `Voor plan ${reference} staat deze betaling niet meer als uitbetaald in het grootboek: een intrekking of vaststelling heeft haar al teruggevorderd. Verreken het teruggeboekte bedrag met die terugvordering.`,
      "RETURN_ALREADY_RECOVERED",
    );
  const bookings: Booking[] = paid.map((e) => ({
    potId: e.potId,
    kind: "RECOVERY",
    releases: null,
    year: e.year,
    amountCents: e.amountCents,
    reason: args.reason,
    paymentId: args.paymentId,
  }));
  await book(tx, pots, args.planId, args.actorId, bookings);
  return { undone: paid.map((e) => ({ potId: e.potId, year: e.year, amountCents: e.amountCents })) };
}
