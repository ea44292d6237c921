import { isLate } from "../settlement/terms.ts";
import { addCalendarDays, compareLocalDates, type LocalDate, lastDayOfMonths } from "../time/index.ts";

/**
 * The tussentijds voortgangsverslag (regulation art. 5.4) as the plan page lists it: per report the
 * grant letter asks for, where it stands. Pure, so the plan view, the report pages and their tests
 * share one reading of "too early", "late" and "read".
 */

export const INTERIM_MONTHS = [12, 24] as const;
export type InterimMonths = (typeof INTERIM_MONTHS)[number];

/** "12" or "24" from a URL, else null. */
export function interimMonthsOf(raw: string | undefined): InterimMonths | null {
  return raw === "12" ? 12 : raw === "24" ? 24 : null;
}

/**
 * The statuses a report can be written and submitted in: while the grant runs. Not after the
 * vaststelling was requested (the realisation report covers the rest), nor after an intrekking.
 */
export const INTERIM_WRITABLE_STATUSES = ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION"] as const;

/**
 * The first day the report can be written: the day after the period's 12th (24th) month ends, so
 * the report covers that whole month.
 */
export function interimOpensOn(periodStart: LocalDate, afterMonths: InterimMonths): LocalDate {
  // The month rule of the whole portal (lastDayOfMonths): from 29 February the 12th month ends on
  // 28 February, and the report opens on 1 March, not on the month's own last day.
  return addCalendarDays(lastDayOfMonths(periodStart, afterMonths), 1);
}

export type InterimStage = "NOT_YET" | "TO_WRITE" | "DRAFT" | "SUBMITTED" | "READ";

export type InterimReportRow = {
  afterMonths: number;
  dueOn: Date;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  /** Saved at least once (draftData is not empty). */
  started: boolean;
};

export type InterimReportStatus = {
  afterMonths: InterimMonths;
  dueOn: LocalDate;
  opensOn: LocalDate;
  stage: InterimStage;
  /** Past its last day without a submission, or submitted after it. */
  late: boolean;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
};

/**
 * Each report of `schedule` (interimReportsDue) with its row, if any. A report can only be written
 * while the grant runs (`running`); a submitted one stays listed afterwards.
 */
export function interimStatuses(
  schedule: { afterMonths: InterimMonths; dueOn: LocalDate }[],
  periodStart: LocalDate | null,
  rows: InterimReportRow[],
  running: boolean,
  at: Date,
  today: LocalDate,
): InterimReportStatus[] {
  if (!periodStart) return [];
  return schedule.flatMap(({ afterMonths, dueOn }) => {
    const row = rows.find((r) => r.afterMonths === afterMonths);
    if (!running && !row?.submittedAt) return [];
    const opensOn = interimOpensOn(periodStart, afterMonths);
    const stage: InterimStage = row?.reviewedAt
      ? "READ"
      : row?.submittedAt
        ? "SUBMITTED"
        : compareLocalDates(today, opensOn) < 0
          ? "NOT_YET"
          : row?.started
            ? "DRAFT"
            : "TO_WRITE";
    return [
      {
        afterMonths,
        dueOn,
        opensOn,
        stage,
        late: isLate(dueOn, row?.submittedAt ?? at),
        submittedAt: row?.submittedAt?.toISOString() ?? null,
        reviewedAt: row?.reviewedAt?.toISOString() ?? null,
        reviewNote: row?.reviewNote ?? null,
      },
    ];
  });
}
