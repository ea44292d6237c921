import type { LedgerKind } from "../../generated/prisma/enums.ts";

/**
 * The arithmetic of the ledger (design.md §5), pure so that the balance rows, a plan's position
 * and the consistency check all derive their figures the same way.
 */

export type EntryLike = { kind: LedgerKind; releases: LedgerKind | null; amountCents: bigint };

export type Balances = { reservedCents: bigint; committedCents: bigint; disbursedCents: bigint };

export type PotFigures = Balances & { ceilingCents: bigint };

export const ZERO_BALANCES: Balances = Object.freeze({
  reservedCents: 0n,
  committedCents: 0n,
  disbursedCents: 0n,
});

/** How one well-formed entry moves the balances; throws on an entry no valid booking produces. */
export function entryDelta(entry: EntryLike): Balances {
  const problem = entryProblem(entry);
  if (problem) throw new RangeError(`Ongeldige boeking: ${problem}`);
  return balancesFromEntries([entry]);
}

export function addBalances(x: Balances, y: Balances): Balances {
  return {
    reservedCents: x.reservedCents + y.reservedCents,
    committedCents: x.committedCents + y.committedCents,
    disbursedCents: x.disbursedCents + y.disbursedCents,
  };
}

/**
 * reserved = Σ RESERVATION − Σ COMMITMENT − Σ RELEASE(RESERVATION)
 * committed = Σ COMMITMENT − Σ RELEASE(COMMITMENT)
 * disbursed = Σ DISBURSEMENT − Σ RECOVERY
 * Applied as written, without judging the entries (checkLedger reports malformed ones on its own),
 * so it also works on per-kind sums: pass { kind, releases, amountCents: Σ } rows.
 */
export function balancesFromEntries(entries: Iterable<EntryLike>): Balances {
  let reserved = 0n;
  let committed = 0n;
  let disbursed = 0n;
  for (const { kind, releases, amountCents: a } of entries) {
    if (kind === "RESERVATION") reserved += a;
    else if (kind === "COMMITMENT") {
      reserved -= a;
      committed += a;
    } else if (kind === "RELEASE" && releases === "RESERVATION") reserved -= a;
    else if (kind === "RELEASE" && releases === "COMMITMENT") committed -= a;
    else if (kind === "DISBURSEMENT") disbursed += a;
    else if (kind === "RECOVERY") disbursed -= a;
  }
  return { reservedCents: reserved, committedCents: committed, disbursedCents: disbursed };
}

/** Why an entry could not have been booked, or null when it is well formed. */
export function entryProblem(entry: EntryLike): string | null {
  if (entry.amountCents <= 0n) return `bedrag is niet positief (${entry.amountCents})`;
  if (entry.kind === "RELEASE") {
    if (entry.releases !== "RESERVATION" && entry.releases !== "COMMITMENT") {
      return `een RELEASE moet RESERVATION of COMMITMENT vrijgeven, niet ${entry.releases ?? "niets"}`;
    }
  } else if (entry.releases !== null) {
    return `alleen een RELEASE noemt wat hij vrijgeeft (${entry.kind} noemt ${entry.releases})`;
  }
  return null;
}

/** What can still be reserved or committed: ceiling − reserved − committed. */
export function availableCents(
  pot: Pick<PotFigures, "ceilingCents" | "reservedCents" | "committedCents">,
): bigint {
  return pot.ceilingCents - pot.reservedCents - pot.committedCents;
}

/** The invariant of design.md §5, broken: reserved + committed ≤ ceiling, disbursed ≤ committed, nothing negative. */
export function invariantBreaches(pot: PotFigures): string[] {
  const problems: string[] = [];
  if (pot.reservedCents + pot.committedCents > pot.ceilingCents) {
    problems.push(
      `gereserveerd + verplicht (${pot.reservedCents + pot.committedCents}) is hoger dan het plafond (${pot.ceilingCents})`,
    );
  }
  if (pot.disbursedCents > pot.committedCents) {
    problems.push(`betaald (${pot.disbursedCents}) is hoger dan verplicht (${pot.committedCents})`);
  }
  if (pot.reservedCents < 0n) problems.push(`gereserveerd is negatief (${pot.reservedCents})`);
  if (pot.committedCents < 0n) problems.push(`verplicht is negatief (${pot.committedCents})`);
  if (pot.disbursedCents < 0n) problems.push(`betaald is negatief (${pot.disbursedCents})`);
  return problems;
}

/**
 * True when booking `entries` on `pot` would break the invariant (the check before every write).
 * Throws on a malformed entry: that is a bug in the caller, not a budget question.
 */
export function wouldBreach(pot: PotFigures, entries: Iterable<EntryLike>): boolean {
  const after = addBalances(pot, [...entries].map(entryDelta).reduce(addBalances, ZERO_BALANCES));
  return invariantBreaches({ ...after, ceilingCents: pot.ceilingCents }).length > 0;
}
