import { addCalendarDays, compareLocalDates, daysBetween, type LocalDate } from "../time/index.ts";

/**
 * Dwangsom bij niet tijdig beslissen (Awb 4:17). Pure: every date is passed in, so the arithmetic
 * can be tested at fixed dates.
 *
 * - The penalty is owed only once the applicant has given written notice of default
 *   (ingebrekestelling) after the decision term has passed: a notice counts only if it was received
 *   after the term's last day ("nadat de termijn is verstreken"). One received on or before that
 *   day is premature and has no effect, also once the term has passed: the applicant must give
 *   notice again (noticeCounts). recordDefaultNotice refuses such a day; rows recorded before it
 *   did are read here as no notice at all.
 * - The first day owed is the day on which two weeks have passed after the day of receipt.
 * - 14 days at the first amount, 14 at the second, 14 at the third (4:17 lid 2); at most 42 days.
 * - It stops running on the day the decision is taken: that day itself is not owed.
 */

/**
 * The daily amounts of 4:17 lid 2, each with the first day it was in force. Lid 2 read € 20/30/40
 * from 1 October 2009 (Stb. 2009, 383; text of the laws-markdown snapshots of BWBR0005537, whose lid 8
 * allowed an AMvB to index the amounts to the CPI); since 1 January 2019 it reads € 23/35/45 (at most
 * € 1.442), per the wetten.overheid.nl version history as quoted by inview.nl ("geldend van
 * 01-01-2019", Stcrt. 2018, 65542). A penalty day is owed at the amounts in force on that day; a
 * penalty running across 1 January 2019 mixes them. That history also lists a change of 4:17 from
 * 1 January 2026 whose text was not seen; the current texts quoted (pgawb.nl, explore.law) still
 * read € 23/35/45. Check it when the amounts are next touched.
 */
export const PENALTY_AMOUNTS: readonly { from: LocalDate; ratesCents: readonly [bigint, bigint, bigint] }[] =
  [
    { from: "2009-10-01", ratesCents: [2_000n, 3_000n, 4_000n] },
    { from: "2019-01-01", ratesCents: [2_300n, 3_500n, 4_500n] },
  ];
/** The amounts in force now (Awb 4:17 lid 2). */
export const PENALTY_RATES_CENTS = (PENALTY_AMOUNTS.at(-1) as (typeof PENALTY_AMOUNTS)[number]).ratesCents;
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

/**
 * Whether a notice of default received on `noticeReceivedOn` counts for a term whose last day is
 * `decisionDue` (Awb 4:17): only one received after that day does.
 */
export function noticeCounts(decisionDue: LocalDate, noticeReceivedOn: LocalDate): boolean {
  return compareLocalDates(noticeReceivedOn, decisionDue) > 0;
}

const NO_PENALTY: PenaltyExposure = { firstDay: null, days: 0, cents: 0n, capped: false };

export function penaltyExposure(args: {
  /** Last day of the decision term (decisionDueOn). */
  decisionDue: LocalDate;
  /** Day the notice of default was received, if the handler recorded one; ignored unless after decisionDue. */
  noticeReceivedOn: LocalDate | null;
  /** Day the decision was taken, if it was. */
  decidedOn?: LocalDate | null;
  /** The Dutch day to count up to (inclusive). */
  today: LocalDate;
}): PenaltyExposure {
  const { decisionDue, noticeReceivedOn, decidedOn, today } = args;
  // A premature notice starts no clock: not even from the day after the term (it has no effect).
  if (!noticeReceivedOn || !noticeCounts(decisionDue, noticeReceivedOn)) return { ...NO_PENALTY };
  const firstDay = addCalendarDays(noticeReceivedOn, NOTICE_GRACE_DAYS);
  // The last day owed: today, or the day before the decision if that came first.
  const dayBeforeDecision = decidedOn ? addCalendarDays(decidedOn, -1) : null;
  const lastDay =
    dayBeforeDecision && compareLocalDates(dayBeforeDecision, today) < 0 ? dayBeforeDecision : today;
  const counted = Math.max(0, daysBetween(firstDay, lastDay) + 1);
  const days = Math.min(counted, PENALTY_MAX_DAYS);
  return { firstDay, days, cents: penaltyForDays(days, firstDay), capped: days === PENALTY_MAX_DAYS };
}

/**
 * The amount owed for `days` days of penalty (integer cents), the first of them on `firstDay`:
 * the n-th day's tier (first, second or third fortnight) at the amounts in force on that day.
 * Without `firstDay`, every day at the amounts in force now.
 */
export function penaltyForDays(days: number, firstDay?: LocalDate): bigint {
  const n = Math.min(Math.max(0, Math.floor(days)), PENALTY_MAX_DAYS);
  let cents = 0n;
  for (let i = 0; i < n; i++) {
    const rates = firstDay ? ratesOn(addCalendarDays(firstDay, i)) : PENALTY_RATES_CENTS;
    cents += rates[Math.floor(i / PENALTY_DAYS_PER_RATE)] as bigint;
  }
  return cents;
}

function ratesOn(day: LocalDate): readonly bigint[] {
  let rates: readonly bigint[] = (PENALTY_AMOUNTS[0] as (typeof PENALTY_AMOUNTS)[number]).ratesCents;
  for (const a of PENALTY_AMOUNTS) if (compareLocalDates(day, a.from) >= 0) rates = a.ratesCents;
  return rates;
}
