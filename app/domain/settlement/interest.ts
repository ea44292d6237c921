import { DomainError } from "../errors.ts";
import {
  addCalendarDays,
  addMonths,
  compareLocalDates,
  daysBetween,
  formatDateNl,
  type LocalDate,
} from "../time/index.ts";

/**
 * The wettelijke rente on a terugvordering paid late (Awb 4:97–4:99 with art. 6:119 lid 1–2 and
 * 6:120 lid 1 BW). Pure: the rates come in as data (StatutoryInterestRate), so the browser, the
 * tests and the receipt all compute the same figure.
 *
 * Conventions, each a choice the law leaves to practice:
 * - Period: from the first day of verzuim (the day after the payment term, Awb 4:97: no reminder
 *   needed) **up to and including the day of receipt**. 6:119 lid 1 charges interest "over de tijd
 *   dat de schuldenaar in verzuim is geweest"; the verzuim ends only when the money is credited to
 *   the ministry's account, so on the day of receipt the debtor was still in verzuim for part of
 *   it, and the portal counts whole days. This is also what the letters say:
 *   "vanaf de dag daarna" — money arriving the day after the term owes one day, not none.
 * - Day count: actual days / 365, also in a leap year (29 February is a day of 1/365), as the
 *   usual Dutch calculators count; a full leap year of verzuim therefore costs 366/365 of the rate.
 * - A new rate applies to the running interest from its own day (6:120 lid 1); a row that repeats
 *   the rate before it is no change and does not split a segment.
 * - Compounding (6:119 lid 2): after each full year of verzuim, counted from its first day (not
 *   the calendar year), that year's interest is added to the sum the interest is computed on.
 *   A verzuim starting on 29 February has its anniversaries on 28 February (addMonths).
 * - Rounding: each segment (one rate within one year of verzuim) is rounded to the cent once,
 *   half away from zero; a year's interest is the sum of its rounded segments.
 */

export type InterestRate = { validFrom: LocalDate; rateBp: number };

export type InterestLine = {
  from: LocalDate;
  /** Inclusive. */
  until: LocalDate;
  days: number;
  rateBp: number;
  baseCents: bigint;
  interestCents: bigint;
};

export type InterestResult = { totalCents: bigint; lines: InterestLine[] };

const DAYS_PER_YEAR = 365n;
const BP = 10_000n;

/**
 * Awb 4:98 lid 2: no wettelijke rente is owed when it comes to less than € 20 at the (last) payment,
 * where the bestuursorgaan is the creditor.
 */
export const AWB_MINIMUM_INTEREST_CENTS = 2000n;

/** What is owed at receipt: the accrued interest, or nothing below the Awb's minimum of € 20. */
export function interestOwed(accruedCents: bigint): bigint {
  return accruedCents < AWB_MINIMUM_INTEREST_CENTS ? 0n : accruedCents;
}

/** No published rate covers a day of the verzuim: finance must add it before the interest can be worked out. */
export class MissingInterestRateError extends DomainError {
  constructor(readonly day: LocalDate) {
    super(
      `Er is geen wettelijke rente vastgelegd voor ${formatDateNl(day)}. Voeg het tarief toe op de pagina Wettelijke rente en probeer het opnieuw.`,
      409,
      "NO_INTEREST_RATE",
    );
  }
}

/** Days in a Dutch sentence: "1 januari 2025, 1 juli 2025 en 1 januari 2026". */
export function halfYearList(days: readonly LocalDate[]): string {
  const names = days.map(formatDateNl);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} en ${names.at(-1)}`;
}

function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** The rates in order, with repeats of the rate before them left out (they change nothing). */
function changes(rates: readonly InterestRate[]): InterestRate[] {
  const sorted = [...rates].sort((a, b) => compareLocalDates(a.validFrom, b.validFrom));
  const out: InterestRate[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.validFrom === r.validFrom)
      throw new RangeError(`Two rates for the same day: ${r.validFrom}`);
    if (!last || last.rateBp !== r.rateBp) out.push(r);
  }
  return out;
}

/** A part of the principal paid on `on`: it bears interest up to and including that day, not after. */
export type PrincipalPaid = { on: LocalDate; cents: bigint };

/**
 * The interest on `principalCents` for the verzuim from `from` (its first day) up to and including
 * `until` (the day of receipt, or today for what has accrued so far). Nothing when `until` is
 * before `from` (paid in time). Throws MissingInterestRateError when no rate is valid on `from`.
 * Does not apply the € 20 minimum: see interestOwed.
 *
 * `paid`: parts of the principal paid before `until` (a terugvordering paid in parts). As a full
 * receipt, a part counts as paid at the end of its day, so the base drops from the next day on and
 * a segment is split there; a part paid before `from` lowers the base from the start.
 */
export function statutoryInterest(
  principalCents: bigint,
  from: LocalDate,
  until: LocalDate,
  rates: readonly InterestRate[],
  paid: readonly PrincipalPaid[] = [],
): InterestResult {
  // The days the base drops, in order: each part's next day.
  const drops = new Map<LocalDate, bigint>();
  let atStart = principalCents;
  for (const p of paid) {
    const day = addCalendarDays(p.on, 1);
    if (compareLocalDates(day, from) <= 0) atStart -= p.cents;
    else drops.set(day, (drops.get(day) ?? 0n) + p.cents);
  }
  const dropDays = [...drops.keys()].sort(compareLocalDates);
  if (atStart <= 0n || compareLocalDates(until, from) < 0) return { totalCents: 0n, lines: [] };
  const table = changes(rates);
  const rateOn = (day: LocalDate) => {
    let index = -1;
    for (let i = 0; i < table.length; i++) {
      if (compareLocalDates((table[i] as InterestRate).validFrom, day) <= 0) index = i;
      else break;
    }
    return index;
  };
  if (rateOn(from) < 0) throw new MissingInterestRateError(from);

  const lines: InterestLine[] = [];
  let base = atStart;
  let total = 0n;
  for (let year = 1, yearStart = from; compareLocalDates(yearStart, until) <= 0; year++) {
    const nextYearStart = addMonths(from, 12 * year);
    const lastDayOfYear = addCalendarDays(nextYearStart, -1);
    const yearEnd = compareLocalDates(lastDayOfYear, until) < 0 ? lastDayOfYear : until;
    let yearInterest = 0n;
    for (let cursor = yearStart; compareLocalDates(cursor, yearEnd) <= 0; ) {
      base -= drops.get(cursor) ?? 0n;
      const index = rateOn(cursor);
      const rate = table[index] as InterestRate;
      const next = table[index + 1];
      let segmentEnd = yearEnd;
      const dayBeforeNext = next ? addCalendarDays(next.validFrom, -1) : null;
      if (dayBeforeNext && compareLocalDates(dayBeforeNext, segmentEnd) < 0) segmentEnd = dayBeforeNext;
      const nextDrop = dropDays.find((d) => compareLocalDates(d, cursor) > 0);
      if (nextDrop && compareLocalDates(addCalendarDays(nextDrop, -1), segmentEnd) < 0)
        segmentEnd = addCalendarDays(nextDrop, -1);
      const days = daysBetween(cursor, segmentEnd) + 1;
      const interest = roundHalfAwayFromZero(base * BigInt(rate.rateBp) * BigInt(days), BP * DAYS_PER_YEAR);
      lines.push({
        from: cursor,
        until: segmentEnd,
        days,
        rateBp: rate.rateBp,
        baseCents: base,
        interestCents: interest,
      });
      yearInterest += interest;
      cursor = addCalendarDays(segmentEnd, 1);
    }
    total += yearInterest;
    // 6:119 lid 2: the year's interest bears interest from the next year of verzuim on.
    base += yearInterest;
    yearStart = nextYearStart;
  }
  return { totalCents: total, lines };
}
