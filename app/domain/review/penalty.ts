import { addCalendarDays, compareLocalDates, daysBetween, type LocalDate } from "../time/index.ts";

/**
 * Dwangsom bij niet tijdig beslissen (Awb 4:17). Pure: every date is passed in, so the arithmetic
 * can be tested at fixed dates.
 *
 * - The penalty is owed only once the decision term has passed AND the authority has received a
 *   written notice of default (ingebrekestelling) — a notice received before the term passed
 *   counts from the first day after the term (4:17 lid 3 names the later of the two).
 * - The first day owed is the day on which two weeks have passed after that moment.
 * - € 20 a day for the first 14 days, € 30 for the next 14, € 40 for the next 14 (4:17 lid 2);
 *   at most 42 days, so at most € 1.260.
 * - It stops running on the day the decision is taken: that day itself is not owed.
 */
export const PENALTY_RATES_CENTS = [2_000n, 3_000n, 4_000n] as const;
export const PENALTY_DAYS_PER_RATE = 14;
export const PENALTY_MAX_DAYS = PENALTY_RATES_CENTS.length * PENALTY_DAYS_PER_RATE;
const NOTICE_GRACE_DAYS = 14;

export type PenaltyExposure = {
  /** The first day the penalty is owed, or null while there is no notice of default. */
  firstDay: LocalDate | null;
  /** Days owed up to and including `today` (or the day before the decision), 0 … 42. */
  days: number;
  cents: bigint;
  /** True once 42 days are owed: the penalty can grow no further. */
  capped: boolean;
};

export function penaltyExposure(args: {
  /** Last day of the decision term (decisionDueOn). */
  decisionDue: LocalDate;
  /** Day the notice of default was received, if the handler recorded one. */
  noticeReceivedOn: LocalDate | null;
  /** Day the decision was taken, if it was. */
  decidedOn?: LocalDate | null;
  /** The Dutch day to count up to (inclusive). */
  today: LocalDate;
}): PenaltyExposure {
  const { decisionDue, noticeReceivedOn, decidedOn, today } = args;
  if (!noticeReceivedOn) return { firstDay: null, days: 0, cents: 0n, capped: false };
  const termPassedOn = addCalendarDays(decisionDue, 1);
  const from = compareLocalDates(noticeReceivedOn, termPassedOn) > 0 ? noticeReceivedOn : termPassedOn;
  const firstDay = addCalendarDays(from, NOTICE_GRACE_DAYS);
  // The last day owed: today, or the day before the decision if that came first.
  const dayBeforeDecision = decidedOn ? addCalendarDays(decidedOn, -1) : null;
  const lastDay =
    dayBeforeDecision && compareLocalDates(dayBeforeDecision, today) < 0 ? dayBeforeDecision : today;
  const counted = Math.max(0, daysBetween(firstDay, lastDay) + 1);
  const days = Math.min(counted, PENALTY_MAX_DAYS);
  return { firstDay, days, cents: penaltyForDays(days), capped: days === PENALTY_MAX_DAYS };
}

/** The amount owed for `days` days of penalty (integer cents). */
export function penaltyForDays(days: number): bigint {
  let left = Math.min(Math.max(0, Math.floor(days)), PENALTY_MAX_DAYS);
  let cents = 0n;
  for (const rate of PENALTY_RATES_CENTS) {
    const n = Math.min(left, PENALTY_DAYS_PER_RATE);
    cents += rate * BigInt(n);
    left -= n;
  }
  return cents;
}
