import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { extendedPeriodEnd } from "../extension/rules.ts";
import { isLate } from "../settlement/terms.ts";
import {
  addCalendarDays,
  addMonths,
  compareLocalDates,
  daysBetween,
  formatDateNl,
  type LocalDate,
  localDate,
  termEndAfterDay,
} from "../time/index.ts";

/**
 * The melding onderbesteding (regulation art. 5.3): a grant paid in advances of on average
 * € 200.000 or more a year must report within two months when the eligible costs of a six-month
 * period stayed at or below 75% of plan. Pure, so the pages, the reminders, the staff lists and
 * their tests share one reading of scope, half-years, planned costs and the 75% line.
 */

/** € 200.000 a year, in cents. */
export const SCOPE_CENTS_PER_YEAR = 20_000_000n;
/** The line: costs at or below this share of plan must be reported. */
export const UNDERSPENDING_PERCENT = 75n;
/** The melding is due this many months after the half-year's last day. */
export const UNDERSPENDING_REPORT_MONTHS = 2;
const HALF_YEAR_MONTHS = 6;

/** While the grant runs, as for the interim report (interim/status.ts INTERIM_WRITABLE_STATUSES). */
export const UNDERSPENDING_WRITABLE_STATUSES: readonly PlanStatus[] = [
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
];

/**
 * The period's length for the average, in calendar months from its first day, as the regulation
 * counts its periods (two years, six-month steps): the whole months, and the last part month as the
 * share of that month's days it covers. 1 January – 31 December is 12; 1 July 2015 – 31 December
 * 2016 is 18; 1 January 2015 – 15 December 2016 is 23 + 15/31. Neither a month begun counted whole
 * (which left out 1 January 2015 – 15 December 2016 with € 395.000, € 201.874 a year) nor bare days
 * (which left out 18 months with € 300.000, exactly € 200.000 a year over 549 days), and a leap year
 * is a year like any other. As a fraction: months = whole + partDays / stepDays.
 *
 * A month from the 31st (30th, 29th) is read as a verlenging reads it (extension/rules.ts
 * extendedPeriodEnd, which sets the period's end): in a month without that day it ends on the
 * month's last day, so 31 January – 28 February is one month and the next begins on 1 March: n
 * months as the verlenging counts them are n months here, not n and a day's share more (which
 * lowered the average of a period that ends so). halfYears keeps its own steps (the next one begins
 * on the clamped day, 28 February) because the interim advances fall on those days; the two differ
 * by one day at most, only where a step ends in a shorter month.
 */
export function periodMonths(
  periodStart: LocalDate,
  periodEnd: LocalDate,
): { whole: number; partDays: number; stepDays: number } {
  const dayAfter = addCalendarDays(periodEnd, 1);
  if (compareLocalDates(dayAfter, periodStart) <= 0) return { whole: 0, partDays: 0, stepDays: 1 };
  const dayBefore = addCalendarDays(periodStart, -1);
  // The first day after `k` months from periodStart: the day after what a verlenging of k months
  // from the day before would make the end.
  const monthsOn = (k: number) =>
    k === 0 ? periodStart : addCalendarDays(extendedPeriodEnd(dayBefore, k), 1);
  let whole = 0;
  while (compareLocalDates(monthsOn(whole + 1), dayAfter) <= 0) whole++;
  const stepStart = monthsOn(whole);
  return {
    whole,
    partDays: daysBetween(stepStart, dayAfter),
    stepDays: daysBetween(stepStart, monthsOn(whole + 1)),
  };
}

/**
 * In scope of art. 5.3's melding: the organisation asked for advances, and the advances the grant
 * letter announces (advanceSchedule over the decision, as payments/schedule.server.ts makes them)
 * average € 200.000 or more per year of the period: total / (months / 12) ≥ € 200.000, i.e.
 * total × 12 × stepDays ≥ 200.000 × (whole × stepDays + partDays) in integer cents (periodMonths) —
 * "or more", so exactly € 200.000 a year is in scope. Which period: the one that stood when the
 * half-year in question ended (facts.server.ts), so that a verlenging, which spreads the same
 * advances over more months, never takes away a melding already owed.
 */
export function inScope(plan: {
  advancesRequested: boolean;
  advancesCents: bigint;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
}): boolean {
  if (!plan.advancesRequested || !plan.periodStart || !plan.periodEnd || plan.advancesCents <= 0n)
    return false;
  const { whole, partDays, stepDays } = periodMonths(plan.periodStart, plan.periodEnd);
  const scaledMonths = BigInt(whole) * BigInt(stepDays) + BigInt(partDays);
  return (
    scaledMonths > 0n && plan.advancesCents * 12n * BigInt(stepDays) >= SCOPE_CENTS_PER_YEAR * scaledMonths
  );
}

export type HalfYear = {
  /**
   * 1 for the period's first six months, 2 for the next, … (facts.server.ts: after a short
   * half-year kept through a verlenging, the rest of its six months is the next one).
   */
  n: number;
  startsOn: LocalDate;
  endsOn: LocalDate;
  /** Two months after the last day (Atw: a closed day moves it to the next working day). */
  dueOn: LocalDate;
  /** The first day a melding can be made: the day after the half-year. */
  opensOn: LocalDate;
};

/**
 * The period in six-month steps from its first day, each step counted from periodStart (so the
 * 31st stays the 31st where a month has it); the last one ends with the period and may be shorter.
 * The period as it stands now: a verlenging lengthens (or adds) the last half-year.
 */
export function halfYears(periodStart: LocalDate, periodEnd: LocalDate): HalfYear[] {
  const out: HalfYear[] = [];
  for (let n = 1; ; n++) {
    const startsOn = addMonths(periodStart, (n - 1) * HALF_YEAR_MONTHS);
    if (compareLocalDates(startsOn, periodEnd) > 0) break;
    const fullEnd = addCalendarDays(addMonths(periodStart, n * HALF_YEAR_MONTHS), -1);
    const endsOn = compareLocalDates(fullEnd, periodEnd) < 0 ? fullEnd : periodEnd;
    out.push(halfYear(n, startsOn, endsOn));
  }
  return out;
}

/** Half-year `n` from startsOn through endsOn, with its melding's first and last day. */
export function halfYear(n: number, startsOn: LocalDate, endsOn: LocalDate): HalfYear {
  return {
    n,
    startsOn,
    endsOn,
    dueOn: termEndAfterDay(endsOn, { months: UNDERSPENDING_REPORT_MONTHS }),
    opensOn: addCalendarDays(endsOn, 1),
  };
}

/** "1" … from a URL, else null. */
export function halfYearOf(raw: string | undefined): number | null {
  if (!raw || !/^[1-9][0-9]?$/.test(raw)) return null;
  return Number(raw);
}

const maxDate = (a: LocalDate, b: LocalDate) => (compareLocalDates(a, b) >= 0 ? a : b);
const minDate = (a: LocalDate, b: LocalDate) => (compareLocalDates(a, b) <= 0 ? a : b);

/** Days of [from, to] inside [start, end], both inclusive; 0 when they do not meet. */
function overlapDays(from: LocalDate, to: LocalDate, start: LocalDate, end: LocalDate): bigint {
  const a = maxDate(from, start);
  const b = minDate(to, end);
  const days = daysBetween(a, b) + 1;
  return BigInt(Math.max(days, 0));
}

/**
 * The eligible costs the plan's budget gives a half-year. The budget is per calendar year (the
 * eligible costs of each year as the grant covers them: settlement/compute.ts grantedEligibleCents
 * over the measures' costs), and nothing says how a year's costs fall within it; so each year's
 * amount is spread evenly over the days of the period in that year, and the half-year gets the
 * days it has of each. Rounded down per year: a cent of rounding never makes a melding owed.
 */
export function plannedForHalfYear(
  half: { startsOn: LocalDate; endsOn: LocalDate },
  period: { start: LocalDate; end: LocalDate },
  eligiblePerYear: { year: number; cents: bigint }[],
): bigint {
  let total = 0n;
  for (const { year, cents } of eligiblePerYear) {
    const yearStart = localDate(year, 1, 1);
    const yearEnd = localDate(year, 12, 31);
    const inPeriod = overlapDays(period.start, period.end, yearStart, yearEnd);
    if (inPeriod === 0n || cents <= 0n) continue;
    const inHalf = overlapDays(half.startsOn, half.endsOn, yearStart, yearEnd);
    total += (cents * inHalf) / inPeriod;
  }
  return total;
}

/** Art. 5.3's test: costs at or below 75% of plan (actual × 100 ≤ planned × 75) owe a melding. */
export function meldingOwed(actualCents: bigint, plannedCents: bigint): boolean {
  return actualCents * 100n <= plannedCents * UNDERSPENDING_PERCENT;
}

/**
 * actual / planned as a whole percentage, rounded towards the side of art. 5.3's line the costs are
 * on: down when a melding is owed, up when it is not, so the figure shown never contradicts the
 * sentence beside it (75.5% reads 76%, not "75%" above "only at 75% or less"). Null without a plan
 * to compare with.
 */
export function spentPercent(actualCents: bigint, plannedCents: bigint): number | null {
  if (plannedCents <= 0n) return null;
  const scaled = actualCents * 100n;
  const down = scaled / plannedCents;
  return Number(meldingOwed(actualCents, plannedCents) || scaled % plannedCents === 0n ? down : down + 1n);
}

export const halfYearName = (n: number) => `De melding onderbesteding over halfjaar ${n}`;

/**
 * A half-year with what its melding depends on (facts.server.ts): the period's scope and planned
 * costs as they stood when it ended (as they stand, while it runs), and whether it ended before
 * the grant.
 */
export type HalfYearFacts = HalfYear & {
  plannedCents: bigint;
  inScope: boolean;
  /**
   * It ended on or before the day of the grant decision: no advance was granted for it
   * (advanceSchedule drops such dates too), so nothing is owed over it.
   */
  beforeGrant: boolean;
};

/** Whether a melding may be owed over this half-year at all: in scope and after the grant. */
export const meldingMayBeOwed = (h: Pick<HalfYearFacts, "inScope" | "beforeGrant">) =>
  h.inScope && !h.beforeGrant;

export const NOT_IN_SCOPE =
  "Voor dit plan is geen melding onderbesteding nodig: er worden geen voorschotten betaald van gemiddeld € 200.000 of meer per jaar.";
export const NOT_RUNNING =
  "Een melding onderbesteding kan alleen worden gedaan zolang de subsidie is verleend en het plan loopt.";
export const beforeGrantMessage = (n: number) =>
  `Over halfjaar ${n} is geen melding onderbesteding nodig: het eindigde op of vóór de dag waarop de subsidie werd verleend, en voor dat halfjaar is geen voorschot verleend.`;

/** Why the melding over half-year `n` cannot be written (or submitted) now, or null. */
export function meldingClosedReason(
  plan: { status: PlanStatus },
  half: Pick<HalfYearFacts, "opensOn" | "inScope" | "beforeGrant"> | undefined,
  n: number,
  submitted: boolean,
  today: LocalDate,
): string | null {
  if (submitted) return `${halfYearName(n)} is al ingediend.`;
  if (!UNDERSPENDING_WRITABLE_STATUSES.includes(plan.status)) return NOT_RUNNING;
  if (!half) return `De periode van dit plan heeft geen halfjaar ${n}.`;
  if (half.beforeGrant) return beforeGrantMessage(n);
  if (!half.inScope) return NOT_IN_SCOPE;
  if (compareLocalDates(today, half.opensOn) < 0)
    return `Over halfjaar ${n} kunt u pas melden vanaf ${formatDateNl(half.opensOn)}.`;
  return null;
}

export type MeldingStage = "TO_CHECK" | "DRAFT" | "SUBMITTED" | "READ";

export type MeldingRow = {
  halfYear: number;
  dueOn: Date;
  /** A draft's amount as typed so far (null while empty). */
  actualCents: bigint | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
};

export type MeldingStatus = {
  n: number;
  startsOn: LocalDate;
  endsOn: LocalDate;
  dueOn: LocalDate;
  stage: MeldingStage;
  /** Submitted after its last day. Without a melding nobody knows whether one was owed. */
  late: boolean;
  /**
   * Its last day passed without a melding that may be owed: nothing begun, or a draft whose
   * amount is empty or at or below 75% of plan (a draft above it says nothing is owed).
   */
  termPassed: boolean;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
};

/**
 * A melding not handed in may still be owed unless its draft's amount says otherwise: above 75%
 * of plan nothing is owed (and it cannot be submitted), so its passed day is no late melding.
 */
export function draftMayBeOwed(actualCents: bigint | null, plannedCents: bigint): boolean {
  return actualCents == null || meldingOwed(actualCents, plannedCents);
}

/**
 * The half-years that have ended, each with its melding's stage: while the grant runs those a
 * melding may be owed over (meldingMayBeOwed), and always the ones a melding was submitted for.
 * `dueOf` gives a submitted row's day.
 */
export function meldingStatuses(
  halves: HalfYearFacts[],
  rows: MeldingRow[],
  opts: { running: boolean; today: LocalDate; dueOf: (d: Date) => LocalDate },
): MeldingStatus[] {
  return halves.flatMap((h) => {
    const row = rows.find((r) => r.halfYear === h.n);
    if (!row?.submittedAt && (!meldingMayBeOwed(h) || !opts.running)) return [];
    if (!row?.submittedAt && compareLocalDates(opts.today, h.opensOn) < 0) return [];
    const dueOn = row?.submittedAt ? opts.dueOf(row.dueOn) : h.dueOn;
    return [
      {
        n: h.n,
        startsOn: h.startsOn,
        endsOn: h.endsOn,
        dueOn,
        stage: row?.reviewedAt ? "READ" : row?.submittedAt ? "SUBMITTED" : row ? "DRAFT" : "TO_CHECK",
        late: !!row?.submittedAt && isLate(dueOn, row.submittedAt),
        termPassed:
          !row?.submittedAt &&
          compareLocalDates(opts.today, dueOn) > 0 &&
          draftMayBeOwed(row?.actualCents ?? null, h.plannedCents),
        submittedAt: row?.submittedAt?.toISOString() ?? null,
        reviewedAt: row?.reviewedAt?.toISOString() ?? null,
        reviewNote: row?.reviewNote ?? null,
      },
    ];
  });
}
