import { prisma, type Tx } from "../../db/client.server.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { notifyUsers } from "../notifications/notify.server.ts";
import { signatoriesOf } from "../notifications/signatories.server.ts";
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamTimeOn,
  daysLeft,
  formatDateNl,
  type LocalDate,
} from "../time/index.ts";
import { whenText } from "../words.ts";
import {
  INTERIM_REPORT_LIVE_STATUSES,
  type InterimReportDue,
  interimReportsDueBetween,
  interimReportsOfPlans,
} from "./overdue.server.ts";

/**
 * Reminders of the interim progress reports (regulation art. 5.4) to the organisation's
 * signatories, who hand them in: four weeks before the day, and the morning after it passed
 * unsubmitted. Bell + e-mail, as the realisation report's reminder (settlement/reminders.server.ts).
 *
 * No Reminder row: those are one per plan and kind, scheduled when a term starts and moved by
 * whatever moves it, while a plan owes up to two interim reports whose days a verlenging moves or
 * adds. So the reminder tick works them out from the plan as it stands now — its period, a granted verlenging,
 * the report's submittedAt — which makes a moved day move the reminders with no rescheduling, and
 * each one sent is recorded as an AuditLog row ("interim-report.reminded", never deleted:
 * retention/cleanup.server.ts) keyed on the report, the moment and its day. A tick that runs twice,
 * or two ticks side by side, find that row under a per-plan advisory lock and send nothing more.
 */

/** The warning goes out this many days before the last day. */
export const INTERIM_WARNING_DAYS_BEFORE = 28;
/**
 * The overdue reminder goes out the morning after the last day, and no more than this many days
 * later: a worker away longer (or a grant recorded long after the fact, as the historic seed
 * plans) leaves it to the handler's list of late reports rather than mailing about months gone by.
 */
export const INTERIM_OVERDUE_REMINDER_DAYS = 14;
const SEND_HOUR = 8;
const DAY_MS = 86_400_000;

export type InterimReminderMoment = "warning" | "overdue";

export const INTERIM_REMINDED: AuditAction = "interim-report.reminded";

/** When each reminder of a report due on `dueOn` goes out (pure; 08:00 Dutch time). */
export function interimReminderMoments(dueOn: LocalDate): {
  warning: Date;
  overdue: Date;
  overdueUntil: Date;
} {
  const dayAfter = addCalendarDays(dueOn, 1);
  return {
    warning: amsterdamTimeOn(addCalendarDays(dueOn, -INTERIM_WARNING_DAYS_BEFORE), SEND_HOUR),
    overdue: amsterdamTimeOn(dayAfter, SEND_HOUR),
    overdueUntil: amsterdamTimeOn(addCalendarDays(dayAfter, INTERIM_OVERDUE_REMINDER_DAYS), SEND_HOUR),
  };
}

/**
 * The reminder of a report that is due at `at`, if any. Only the latest speaks: once the overdue
 * moment has come, a warning not yet sent (the worker was away) has nothing left to say. A report
 * that became due within four weeks (a late grant, a verlenging that added one) is warned at once.
 */
export function interimReminderDue(dueOn: LocalDate, at: Date): InterimReminderMoment | null {
  const m = interimReminderMoments(dueOn);
  if (at.getTime() >= m.overdue.getTime()) return at.getTime() < m.overdueUntil.getTime() ? "overdue" : null;
  return at.getTime() >= m.warning.getTime() ? "warning" : null;
}

/** What one reminder is unique on: the plan's report, the moment, and the day it was about. */
export function interimReminderKey(r: {
  afterMonths: number;
  moment: InterimReminderMoment;
  due: LocalDate;
}) {
  return `${r.afterMonths}:${r.moment}:${r.due}`;
}

/** The notice's words, from the clock: a tick delayed past the day does not say "over 3 dagen". */
export function interimReminderText(
  r: { reference: string; title: string; afterMonths: number; due: LocalDate },
  at: Date,
): { title: string; body: string } {
  const day = formatDateNl(r.due);
  const what = `het tussentijdse voortgangsverslag na maand ${r.afterMonths} van ${r.reference} („${r.title}”)`;
  const days = daysLeft(r.due, at);
  if (days < 0)
    return {
      title: `Tussentijds voortgangsverslag ${r.reference} is te laat`,
      body:
        `Wij hebben ${what} nog niet ontvangen. Het moest uiterlijk ${day} worden ingediend ` +
        "(regeling art. 5.4). Dien het zo snel mogelijk in.",
    };
  return {
    title: `Tussentijds voortgangsverslag ${r.reference} uiterlijk ${day}`,
    body:
      `Dien ${what} uiterlijk ${day} in (${whenText(days)}; regeling art. 5.4): de bereikte ` +
      "deelnemers, de aard en de kosten van de maatregelen en de resultaten tot nu toe.",
  };
}

export type InterimReminderResult = { sent: number; skipped: number };

/**
 * Sends the interim-report reminders due at `at` (the clock by default): the candidates in one
 * query (interimReportsDueBetween: only reports whose day is near), the reminders already sent in
 * one more, then one short transaction per reminder to send. Called by the reminder tick
 * (workers/processors/reminders.ts); safe to run twice or side by side.
 */
export async function sendDueInterimReminders(opts: { at?: Date } = {}): Promise<InterimReminderResult> {
  const at = opts.at ?? now();
  const today = amsterdamDate(at);
  const reports = await interimReportsDueBetween(prisma, {
    from: addCalendarDays(today, -(INTERIM_OVERDUE_REMINDER_DAYS + 2)),
    before: addCalendarDays(today, INTERIM_WARNING_DAYS_BEFORE + 2),
    // A verlenging adds a report at least eight weeks after its besluit (settlement/terms.ts).
    extensionDecidedFrom: new Date(at.getTime() - (INTERIM_OVERDUE_REMINDER_DAYS + 2 + 8 * 7 + 7) * DAY_MS),
  });
  const due = reports.flatMap((r) => {
    const moment = interimReminderDue(r.due, at);
    return moment ? [{ ...r, moment }] : [];
  });
  const result = { sent: 0, skipped: 0 };
  if (due.length === 0) return result;
  const sentBefore = await sentReminderKeys(prisma, [...new Set(due.map((r) => r.id))]);
  for (const r of due) {
    if (sentBefore.has(`${r.id}:${interimReminderKey(r)}`)) continue;
    const sent = await prisma.$transaction((tx) => remind(tx, r, at));
    result[sent ? "sent" : "skipped"]++;
  }
  return result;
}

/** "<planId>:<afterMonths>:<moment>:<day>" of every interim reminder sent for these plans. */
async function sentReminderKeys(db: Tx | typeof prisma, planIds: string[]): Promise<Set<string>> {
  const rows = await db.auditLog.findMany({
    where: { action: INTERIM_REMINDED, targetType: "Plan", targetId: { in: planIds } },
    select: { targetId: true, details: true },
  });
  return new Set(rows.map((r) => `${r.targetId}:${(r.details as { key?: string } | null)?.key ?? ""}`));
}

/**
 * One reminder, under the plan's advisory lock, and only if it still applies now: not sent by
 * another tick meanwhile, the report not handed in, the plan still carrying out its grant, the day
 * not moved by a verlenging decided since the list was read. True when it was sent.
 */
async function remind(
  tx: Tx,
  r: InterimReportDue & { moment: InterimReminderMoment },
  at: Date,
): Promise<boolean> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`interim-reminder:${r.id}`}))::text AS locked`;
  const key = interimReminderKey(r);
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: r.id },
    select: {
      id: true,
      status: true,
      periodStart: true,
      periodEnd: true,
      interimReports: { where: { afterMonths: r.afterMonths }, select: { submittedAt: true } },
    },
  });
  if (!INTERIM_REPORT_LIVE_STATUSES.includes(plan.status)) return false;
  if (plan.interimReports.some((x) => x.submittedAt)) return false;
  const current = (await interimReportsOfPlans(tx, [plan]))
    .get(plan.id)
    ?.find((x) => x.afterMonths === r.afterMonths);
  if (current?.dueOn !== r.due) return false;
  if ((await sentReminderKeys(tx, [plan.id])).has(`${plan.id}:${key}`)) return false;
  const recipients = await signatoriesOf(tx, plan.id);
  await notifyUsers(tx, recipients, {
    planId: plan.id,
    ...interimReminderText(r, at),
    link: `/aanvrager/plannen/${plan.id}`,
    email: {
      template: r.moment === "warning" ? "interim-report-due" : "interim-report-overdue",
      termEnd: r.due,
    },
  });
  // Written also when the organisation has no active signatory: nobody to tell now, and the tick
  // must not look again every minute. The handler's list shows the report late either way.
  await tx.auditLog.create({
    data: {
      actorId: null,
      action: INTERIM_REMINDED,
      targetType: "Plan",
      targetId: plan.id,
      details: {
        key,
        afterMonths: r.afterMonths,
        moment: r.moment,
        dueOn: r.due,
        recipients: recipients.length,
      },
      createdAt: now(),
    },
  });
  return true;
}
