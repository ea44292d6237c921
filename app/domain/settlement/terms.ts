import {
  addWeeks,
  endOfAmsterdamDay,
  type LocalDate,
  localDateFromDb,
  nextWorkingDayIfClosed,
} from "../time/index.ts";

/**
 * The settlement terms (regulation art. 5.5): the realisation report within `weeks` (13) after the
 * plan's end, the decision within 22 weeks of the request; moved past a closed day by the Atw.
 */
export function reportDueOn(periodEnd: Date, weeks: number): LocalDate {
  return nextWorkingDayIfClosed(addWeeks(localDateFromDb(periodEnd), weeks));
}

export function settlementDecisionDueOn(requestedOn: LocalDate, weeks: number): LocalDate {
  return nextWorkingDayIfClosed(addWeeks(requestedOn, weeks));
}

/** A report counts as on time if it arrives by the end of its last day, Dutch time. */
export function isLate(dueOn: LocalDate, at: Date): boolean {
  return at.getTime() > endOfAmsterdamDay(dueOn).getTime();
}
