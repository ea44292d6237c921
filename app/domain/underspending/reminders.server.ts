import { prisma, type Tx } from "../../db/client.server.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { notifyUsers } from "../notifications/notify.server.ts";
import { signatoriesOf } from "../notifications/signatories.server.ts";
import { addCalendarDays, amsterdamTimeOn, formatDateNl, type LocalDate } from "../time/index.ts";
import { underspendingFacts, underspendingPlanSelect } from "./facts.server.ts";
import { meldingMayBeOwed, UNDERSPENDING_WRITABLE_STATUSES } from "./rules.ts";

/**
 * The check of art. 5.3 to the organisation's signatories, the morning after each half-year in
 * scope ended (not one that ended on or before the grant's day: no advance was granted for it): "did the costs stay at or below 75%? then report by <dueOn>". Bell + e-mail.
 * As the interim report's reminders (interim/reminders.server.ts) there is no Reminder row: the
 * tick works the half-years out from the plan as it stands, and each one sent is recorded once as an
 * AuditLog row ("underspending.reminded") keyed on the half-year and its last day, found again
 * under a per-plan advisory lock. Not when a melding for the half-year exists (a draft included:
 * the organisation is on it), and no more than 14 days late (a worker away longer, or a grant
 * recorded after the fact, leaves it unsent rather than mailing about months gone by).
 */

export const UNDERSPENDING_REMINDER_DAYS = 14;
const SEND_HOUR = 8;

export const UNDERSPENDING_REMINDED: AuditAction = "underspending.reminded";

/** Whether the check of a half-year ending on `endsOn` is due at `at` (pure; 08:00 Dutch time). */
export function underspendingReminderDue(endsOn: LocalDate, at: Date): boolean {
  const dayAfter = addCalendarDays(endsOn, 1);
  const from = amsterdamTimeOn(dayAfter, SEND_HOUR).getTime();
  const until = amsterdamTimeOn(addCalendarDays(dayAfter, UNDERSPENDING_REMINDER_DAYS), SEND_HOUR).getTime();
  return at.getTime() >= from && at.getTime() < until;
}

export const underspendingReminderKey = (h: { n: number; endsOn: LocalDate }) => `${h.n}:${h.endsOn}`;

export function underspendingReminderText(r: {
  reference: string;
  title: string;
  n: number;
  endsOn: LocalDate;
  dueOn: LocalDate;
}): { title: string; body: string } {
  return {
    title: `Halfjaar ${r.n} van ${r.reference} is voorbij: controleer de kosten`,
    body:
      `Halfjaar ${r.n} van ${r.reference} („${r.title}”) eindigde op ${formatDateNl(r.endsOn)}. ` +
      "Controleer of de subsidiabele kosten in dat halfjaar op of onder 75% van de begrote kosten bleven; " +
      `zo ja, meld dat dan uiterlijk ${formatDateNl(r.dueOn)} (regeling art. 5.3).`,
  };
}

const planSelect = {
  ...underspendingPlanSelect,
  reference: true,
  title: true,
  underspendingReports: { select: { halfYear: true } },
};

export type UnderspendingReminderResult = { sent: number; skipped: number };

/**
 * Sends the checks due at `at`: the live plans that asked for advances in one query, the checks
 * already sent in one more, then one short transaction per check. Called by the reminder tick
 * (workers/processors/reminders.ts); safe to run twice or side by side.
 */
export async function sendDueUnderspendingReminders(
  opts: { at?: Date } = {},
): Promise<UnderspendingReminderResult> {
  const at = opts.at ?? now();
  const plans = await prisma.plan.findMany({
    where: {
      status: { in: [...UNDERSPENDING_WRITABLE_STATUSES] },
      advancesRequested: true,
      periodStart: { not: null },
      periodEnd: { not: null },
      decision: { isNot: null },
    },
    select: planSelect,
  });
  const due = plans.flatMap((plan) => {
    return underspendingFacts(plan)
      .halves.filter((h) => meldingMayBeOwed(h) && underspendingReminderDue(h.endsOn, at))
      .filter((h) => !plan.underspendingReports.some((r) => r.halfYear === h.n))
      .map((h) => ({ planId: plan.id, n: h.n, endsOn: h.endsOn }));
  });
  const result = { sent: 0, skipped: 0 };
  if (due.length === 0) return result;
  const sentBefore = await sentKeys(prisma, [...new Set(due.map((d) => d.planId))]);
  for (const d of due) {
    if (sentBefore.has(`${d.planId}:${underspendingReminderKey(d)}`)) continue;
    const sent = await prisma.$transaction((tx) => remind(tx, d));
    result[sent ? "sent" : "skipped"]++;
  }
  return result;
}

async function sentKeys(db: Tx | typeof prisma, planIds: string[]): Promise<Set<string>> {
  const rows = await db.auditLog.findMany({
    where: { action: UNDERSPENDING_REMINDED, targetType: "Plan", targetId: { in: planIds } },
    select: { targetId: true, details: true },
  });
  return new Set(rows.map((r) => `${r.targetId}:${(r.details as { key?: string } | null)?.key ?? ""}`));
}

/**
 * One check, under the plan's advisory lock, only if it still applies: not sent meanwhile, no
 * melding made, the plan still live and in scope, the half-year still ending on that day.
 */
async function remind(tx: Tx, d: { planId: string; n: number; endsOn: LocalDate }): Promise<boolean> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`underspending-reminder:${d.planId}`}))::text AS locked`;
  const key = underspendingReminderKey(d);
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: d.planId }, select: planSelect });
  if (!UNDERSPENDING_WRITABLE_STATUSES.includes(plan.status)) return false;
  if (plan.underspendingReports.some((r) => r.halfYear === d.n)) return false;
  const facts = underspendingFacts(plan);
  const half = facts.halves.find((h) => h.n === d.n);
  if (!half || !meldingMayBeOwed(half) || half.endsOn !== d.endsOn) return false;
  if ((await sentKeys(tx, [plan.id])).has(`${plan.id}:${key}`)) return false;
  const recipients = await signatoriesOf(tx, plan.id);
  await notifyUsers(tx, recipients, {
    planId: plan.id,
    ...underspendingReminderText({ reference: plan.reference, title: plan.title, ...half }),
    link: `/aanvrager/plannen/${plan.id}/onderbesteding/${half.n}`,
    email: { template: "underspending-check", termEnd: half.dueOn },
  });
  // Written also without an active signatory: the tick must not look again every minute.
  await tx.auditLog.create({
    data: {
      actorId: null,
      action: UNDERSPENDING_REMINDED,
      targetType: "Plan",
      targetId: plan.id,
      details: {
        key,
        halfYear: half.n,
        endsOn: half.endsOn,
        dueOn: half.dueOn,
        recipients: recipients.length,
      },
      createdAt: now(),
    },
  });
  return true;
}
