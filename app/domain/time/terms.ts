import { atwTermEnd } from "./atw.ts";
import {
  addCalendarDays,
  addMonths,
  addWeeks,
  amsterdamDate,
  daysBetween,
  type LocalDate,
} from "./local-date.ts";

export type TermLength = { months?: number; weeks?: number; days?: number };

/**
 * Art. 4 sub a Atw: the Act does not apply to a term described "in meer dan 90 dagen, in meer dan
 * twaalf weken, in meer dan drie maanden" (nor in hours or years, which the portal never uses). So
 * the 13-week beslistermijn, the 13-week report term, the 22-week settlement decision term and the
 * 6-month execution start end on their calendar day, a Sunday or Christmas Day included (ADR 0025).
 */
export function atwApplies({ months = 0, weeks = 0, days = 0 }: TermLength): boolean {
  return months <= 3 && weeks <= 12 && days <= 90;
}

/**
 * The last day of a term that starts the day after `event` (Awb 6:8 style: a term "of six weeks
 * after the bekendmaking" starts the day after it), counted in calendar days in Europe/Amsterdam.
 * Counting N units from the day after the event, inclusive, ends on the event's date + N units:
 * a decision announced on Tuesday 3 March 2026 has an objection term ending Tuesday 14 April 2026.
 * Where the Atw applies (`atwApplies`) that end is moved past a Saturday, Sunday or feestdag
 * (art. 1) and a term of three days or more holds two open days (art. 2). Months first, then
 * weeks, then days; a month without the day ends on its last day (31 Aug + 6 months = 28/29 Feb).
 */
export function termEnd(event: Date, length: TermLength): LocalDate {
  return termEndAfterDay(amsterdamDate(event), length);
}

/** `termEnd` for a term that starts the day after the Dutch day `eventDay`. */
export function termEndAfterDay(eventDay: LocalDate, length: TermLength): LocalDate {
  const last = addLength(eventDay, length);
  return atwApplies(length) ? atwTermEnd(addCalendarDays(eventDay, 1), last) : last;
}

function addLength(d: LocalDate, { months = 0, weeks = 0, days = 0 }: TermLength): LocalDate {
  for (const n of [months, weeks, days]) {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`A term length must be a whole number ≥ 0, got ${n}`);
  }
  return addCalendarDays(addWeeks(addMonths(d, months), weeks), days);
}

/**
 * The beslistermijn: `weeks` (13 in the regulation) from receipt of the complete application,
 * extended by the days it was suspended while a supplement was requested (Awb 4:15). The Atw
 * applies only to a term of at most twelve weeks (art. 4 sub a): the regulation's 13 weeks end on
 * their calendar day, suspension included. The suspended days extend the term, they do not
 * describe it, so they do not decide whether the Act applies.
 */
export function decisionDueDate(completeReceivedAt: Date, weeks: number, suspendedDays = 0): LocalDate {
  if (!Number.isInteger(suspendedDays) || suspendedDays < 0) {
    throw new RangeError(`suspendedDays must be a whole number ≥ 0, got ${suspendedDays}`);
  }
  const received = amsterdamDate(completeReceivedAt);
  const last = addLength(received, { weeks, days: suspendedDays });
  return atwApplies({ weeks }) ? atwTermEnd(addCalendarDays(received, 1), last) : last;
}

/**
 * Days the beslistermijn stood still under Awb 4:15, in Dutch days: "met ingang van de dag na" the
 * request "tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn ongebruikt
 * is verstreken". In Dutch legislation "tot" excludes that day ("tot en met" would include it): the
 * term runs again on the day the supplement arrives. A hersteltermijn lapses only once its last
 * day (`hersteltermijnEnd`) has passed, so a supplement after it counts that last day and no more.
 */
export function suspendedDaysBetween(requestedAt: Date, answeredAt: Date, hersteltermijnEnd?: Date): number {
  const requested = amsterdamDate(requestedAt);
  if (hersteltermijnEnd && answeredAt.getTime() > hersteltermijnEnd.getTime()) {
    return Math.max(0, daysBetween(requested, amsterdamDate(hersteltermijnEnd)));
  }
  return Math.max(0, daysBetween(requested, amsterdamDate(answeredAt)) - 1);
}

/**
 * The objection term (bezwaartermijn) in weeks. The Awb fixes it (6:7) and a regulation cannot
 * shorten or lengthen it, so it is no parameter: every letter, e-mail and page says six weeks.
 */
export const OBJECTION_TERM_WEEKS = 6;

/** Last day for lodging an objection (bezwaar): six weeks from the day after the bekendmaking (Awb 6:7, 6:8). */
export function objectionTermEnd(announcedAt: Date): LocalDate {
  return termEnd(announcedAt, { weeks: OBJECTION_TERM_WEEKS });
}

/**
 * Whole days left until the end of `due`, seen from the Dutch day of `at`: 0 on the last day
 * itself, negative once it has passed (-1 the day after).
 */
export function daysLeft(due: LocalDate, at: Date): number {
  return daysBetween(amsterdamDate(at), due);
}

/** True once the whole of `due` (Dutch time) has passed. */
export function isOverdue(due: LocalDate, at: Date): boolean {
  return daysLeft(due, at) < 0;
}
