import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { ReminderKind } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamTimeOn,
  compareLocalDates,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { INTERIM_REPORT_WEEKS, reportDueOn, settlementDecisionDueOn } from "./terms.ts";

/** Both settlement reminders go out this many days before their term ends. */
export const SETTLEMENT_WARNING_DAYS_BEFORE = 14;
const SEND_HOUR = 8;

/** 08:00 Amsterdam time, 14 days before `termEnd`, but never before `from` (a term already near). */
export function settlementWarningMoment(termEnd: LocalDate, from: Date): Date {
  const day = addCalendarDays(termEnd, -SETTLEMENT_WARNING_DAYS_BEFORE);
  // Not midnight + 8 h: on the Sundays the clocks change that is 07:00 or 09:00.
  const at = amsterdamTimeOn(day, SEND_HOUR);
  return at.getTime() > from.getTime() ? at : from;
}

export type ReportDueGround = { afterRefusal: false } | { afterRefusal: true; weeks: number };

/**
 * Why the realisation report is due on `due`, as its reminder and e-mail say it: art. 5.5 (the
 * plan's weeks after its last day), unless `due` is not that day. Then a verlenging refused late
 * moved it to 8 weeks after its besluit (ADR 0026, reportDueOnAfterRefusal), and citing art. 5.5
 * next to it would contradict the refusal letter. Compared as the report page does (realisatie.tsx).
 */
export async function reportDueGround(
  db: PrismaClient | Tx,
  planId: string,
  due: LocalDate,
): Promise<ReportDueGround> {
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { periodEnd: true, ...PLAN_TERMS_SELECT },
  });
  if (!plan.periodEnd || reportDueOn(plan.periodEnd, termsOf(plan).settlementRequestWeeks) === due)
    return { afterRefusal: false };
  return { afterRefusal: true, weeks: INTERIM_REPORT_WEEKS };
}

async function upsert(tx: Tx, planId: string, kind: ReminderKind, termEnd: LocalDate): Promise<void> {
  const data = {
    termEnd: localDateToDb(termEnd),
    dueAt: settlementWarningMoment(termEnd, now()),
    sentAt: null,
    cancelledAt: null,
  };
  await tx.reminder.upsert({
    where: { planId_kind: { planId, kind } },
    create: { planId, kind, ...data, createdAt: now() },
    update: data,
  });
}

/**
 * At the start of execution: the organisation is reminded 14 days before the report is due.
 * `dueOn` is a day other than the period's: the later one a refused verlenging gave. Without it, the
 * report's stored day when that is later than the period's: a verlenging refused late, before the
 * plan started, wrote its day on the report (ADR 0026) but left the reminder to report_start, which
 * had then warned of the period's day. Never an earlier stored day: a granted verlenging calls this
 * after moving the end and before it rewrites an opened report's day.
 */
export async function scheduleReportReminder(
  tx: Tx,
  planId: string,
  dueOn?: LocalDate,
): Promise<LocalDate | null> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      periodEnd: true,
      ...PLAN_TERMS_SELECT,
      realisationReport: { select: { dueOn: true, submittedAt: true } },
    },
  });
  if (!plan.periodEnd) return null;
  const fromPeriod = reportDueOn(plan.periodEnd, termsOf(plan).settlementRequestWeeks);
  const report = plan.realisationReport;
  const stored = report?.dueOn && !report.submittedAt ? localDateFromDb(report.dueOn) : null;
  const due = dueOn ?? (stored && compareLocalDates(stored, fromPeriod) > 0 ? stored : fromPeriod);
  await upsert(tx, planId, "SETTLEMENT_REPORT_WARNING", due);
  return due;
}

/** At the request for vaststelling: the 22-week decision term starts; staff are warned 14 days before. */
export async function scheduleSettlementDecisionReminder(tx: Tx, planId: string): Promise<LocalDate> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: PLAN_TERMS_SELECT,
  });
  const due = settlementDecisionDueOn(amsterdamDate(now()), termsOf(plan).settlementDecisionWeeks);
  await upsert(tx, planId, "SETTLEMENT_DECISION_WARNING", due);
  return due;
}

export async function cancelReportReminder(tx: Tx, planId: string): Promise<void> {
  await cancelReminders(tx, planId, ["SETTLEMENT_REPORT_WARNING"]);
}

export async function cancelSettlementDecisionReminder(tx: Tx, planId: string): Promise<void> {
  await cancelReminders(tx, planId, ["SETTLEMENT_DECISION_WARNING"]);
}
