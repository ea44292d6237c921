import {
  compareLocalDates,
  endOfAmsterdamDay,
  type LocalDate,
  lastDayOfMonths,
  localDateFromDb,
  termEnd,
  termEndAfterDay,
} from "../time/index.ts";

/**
 * The settlement terms (regulation art. 5.5): the realisation report within `weeks` (13) after the
 * plan's end, the decision within 22 weeks of the request. Terms of more than twelve weeks, so the
 * Atw does not move them (art. 4 sub a): they may end on a Saturday, Sunday or feestdag.
 */
export function reportDueOn(periodEnd: Date, weeks: number): LocalDate {
  return termEndAfterDay(localDateFromDb(periodEnd), { weeks });
}

export function settlementDecisionDueOn(requestedOn: LocalDate, weeks: number): LocalDate {
  return termEndAfterDay(requestedOn, { weeks });
}

/**
 * The interim progress reports (regulation art. 5.4): a plan of 12 months or more reports at most
 * 8 weeks after its 12th month, and one extended beyond 24 months again 8 weeks after its 24th;
 * an 8-week term, so moved past a closed day by the Atw. A 2-year plan's second report would fall
 * after its end: the realisation report covers it.
 */
export const INTERIM_REPORT_WEEKS = 8;

export function interimReportDueDates(periodStart: LocalDate, periodEnd: LocalDate): LocalDate[] {
  const due: LocalDate[] = [];
  for (const months of [12, 24]) {
    const monthEnds = lastDayOfMonths(periodStart, months);
    const runs = compareLocalDates(periodEnd, monthEnds);
    if (months === 12 ? runs >= 0 : runs > 0)
      due.push(termEndAfterDay(monthEnds, { weeks: INTERIM_REPORT_WEEKS }));
  }
  return due;
}

/**
 * A report's day, but never before 8 weeks from a besluit (moved by the Atw): a report the
 * organisation first learns of from a late besluit gets those 8 weeks instead of a day already
 * past, or days away. One rule for the grant (grantInterimReportDueDates), a report a verlenging
 * adds (addedInterimReport) and the realisation report after a refused one (reportDueOnAfterRefusal).
 */
function notBeforeWeeksAfterDecision(dueOn: LocalDate, decidedAt: Date): LocalDate {
  const fromDecision = termEnd(decidedAt, { weeks: INTERIM_REPORT_WEEKS });
  return compareLocalDates(dueOn, fromDecision) < 0 ? fromDecision : dueOn;
}

/**
 * The interim reports' days as the beschikking tot subsidieverlening imposes them: art. 5.4's days
 * (interimReportDueDates), never before 8 weeks after the grant's decision. A plan decided late (one
 * that waited for budget, a late besluit) would otherwise be told of a day already past and count
 * as late from the start. The letter, the plan page, the reminders and the late flag all read
 * these days (interimReportsDue). `decidedAt` null: no decision (yet), art. 5.4's days as they are.
 */
export function grantInterimReportDueDates(
  periodStart: LocalDate,
  periodEnd: LocalDate,
  decidedAt: Date | null,
): LocalDate[] {
  const due = interimReportDueDates(periodStart, periodEnd);
  return decidedAt ? due.map((d) => notBeforeWeeksAfterDecision(d, decidedAt)) : due;
}

/** A report counts as on time if it arrives by the end of its last day, Dutch time. */
export function isLate(dueOn: LocalDate, at: Date): boolean {
  return at.getTime() > endOfAmsterdamDay(dueOn).getTime();
}

/** Weeks the organisation has to pay back what it received above the settled amount. */
export const RECOVERY_TERM_WEEKS = 6;

/**
 * The day a terugvordering falls due: six weeks from the day after `from`, moved past a Saturday,
 * Sunday or feestdag by the Atw like every other term (design.md §2), so a letter never asks to pay
 * on Christmas Day. The six weeks run from the bekendmaking of the beschikking that claims it (Awb
 * 4:87 lid 1): the moment the letters worker stores its letter, which may be days after the
 * vaststelling or intrekking. The decision books the claim with the term counted from itself, a
 * provisional day for whatever reads the claim before the letter exists; the run that stores the
 * letter sets the day again from its own moment (produceSettlementLetter, produceRevocationLetter),
 * and that is the day the letter states.
 */
export function recoveryClaimDueOn(from: Date): LocalDate {
  return termEnd(from, { weeks: RECOVERY_TERM_WEEKS });
}

/**
 * The interim report the new end adds (interimReportDueDates lists the one after the 12th month
 * first, then the one after the 24th; an extension of at most six months adds at most one). Its
 * art. 5.4 date, 8 weeks after that month, may come before the besluit or days after it when the
 * request was decided near the old end: the organisation then gets the same 8 weeks from the
 * besluit (moved by the Atw), never a date already past. The extension letter states it, and the
 * applicant's plan page shows it (plan/view.server.ts).
 */
export function addedInterimReport(
  start: LocalDate,
  previousEnd: LocalDate,
  newEnd: LocalDate,
  decidedAt: Date,
): { afterMonths: 12 | 24; dueOn: LocalDate } | null {
  const before = interimReportDueDates(start, previousEnd).length;
  const after = interimReportDueDates(start, newEnd);
  const due = after[before];
  if (!due) return null;
  return { afterMonths: before === 0 ? 12 : 24, dueOn: notBeforeWeeksAfterDecision(due, decidedAt) };
}

/**
 * The realisation report's last day after a refused verlenging. While the request was open the
 * organisation could not ask for the vaststelling (request_settlement waits for the besluit), so a
 * refusal taken near or after the art. 5.5 day would leave it a day already past: it then gets the
 * same 8 weeks from the besluit as a report a grant adds (addedInterimReport). The refusal letter
 * states the day; the decision writes it on the report (extension/workflow-effects.server.ts).
 */
export function reportDueOnAfterRefusal(previousDueOn: LocalDate, decidedAt: Date): LocalDate {
  return notBeforeWeeksAfterDecision(previousDueOn, decidedAt);
}

/**
 * The interim progress reports over the period as it stands, each with the month it follows: the
 * dates the grant letter gives (grantInterimReportDueDates with the grant's `grantDecidedAt`, as
 * decision-letter.server.ts), and a report a granted verlenging added on the date its letter gives
 * (addedInterimReport: never before 8 weeks after that besluit). The realisation report covers the
 * time after the last one. Without `grantDecidedAt` (a plan not decided on): art. 5.4's days.
 */
export function interimReportsDue(
  periodStart: Date | null,
  periodEnd: Date | null,
  extension: { previousPeriodEnd: Date; newPeriodEnd: Date | null; decidedAt: Date | null } | null,
  grantDecidedAt: Date | null = null,
): { afterMonths: 12 | 24; dueOn: LocalDate }[] {
  if (!periodStart || !periodEnd) return [];
  const start = localDateFromDb(periodStart);
  const days = grantInterimReportDueDates(start, localDateFromDb(periodEnd), grantDecidedAt);
  const reports = days.map((dueOn, i) => ({
    afterMonths: (i === 0 ? 12 : 24) as 12 | 24,
    dueOn,
  }));
  if (!extension?.newPeriodEnd || !extension.decidedAt) return reports;
  const added = addedInterimReport(
    start,
    localDateFromDb(extension.previousPeriodEnd),
    localDateFromDb(extension.newPeriodEnd),
    extension.decidedAt,
  );
  return added ? reports.map((r) => (r.afterMonths === added.afterMonths ? added : r)) : reports;
}
