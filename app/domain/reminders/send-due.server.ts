import { prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus, ReminderKind, Role } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import { notifyRole } from "../notifications/notify.server.ts";
import { formatDateNl, localDateFromDb } from "../time/index.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";

/**
 * Who acts on a plan in each status that still awaits the decision: the staff of the current step
 * get the reminder. A status missing here has moved past the decision, so its reminders lapse.
 */
export const REMINDER_ROLE_FOR_STATUS: Partial<Record<PlanStatus, Role>> = {
  SUBMITTED: "CASE_HANDLER",
  INFO_REQUESTED: "CASE_HANDLER",
  IN_ASSESSMENT: "ADVISER",
  WAITING_FOR_BUDGET: "ADVISER",
  ADVISED: "DECISION_MAKER",
};

export type SendDueRemindersResult = { sent: number; cancelled: number };

type DueRow = {
  id: string;
  planId: string;
  kind: ReminderKind;
  termEnd: Date;
  status: PlanStatus;
  reference: string;
  title: string;
};

function reminderText(row: DueRow): { title: string; body: string } {
  const day = formatDateNl(localDateFromDb(row.termEnd));
  const state = `Het plan staat op „${STATUS_LABEL[row.status]}”.`;
  if (row.kind === "DECISION_TERM_WARNING") {
    return {
      title: `Beslistermijn ${row.reference} eindigt over 7 dagen`,
      body: `De beslistermijn van ${row.reference} („${row.title}”) eindigt op ${day}. ${state}`,
    };
  }
  return {
    title: `Beslistermijn ${row.reference} eindigt vandaag`,
    body:
      `Vandaag, ${day}, is de laatste dag van de beslistermijn van ${row.reference} („${row.title}”). ` +
      `${state} Na vandaag is het besluit te laat (Awb 4:17).`,
  };
}

/** One batch in one transaction: the rows stay locked until their notifications are written. */
async function sendBatch(
  tx: Tx,
  at: Date,
  batch: number,
): Promise<SendDueRemindersResult & { rows: number }> {
  // SKIP LOCKED: a second tick running at the same moment passes over the rows this one holds,
  // and once this one commits they carry sentAt or cancelledAt, so no tick picks them up again.
  const rows = await tx.$queryRaw<DueRow[]>`
    SELECT r.id, r."planId", r.kind::text AS kind, r."termEnd", p.status::text AS status, p.reference, p.title
    FROM "Reminder" r JOIN "Plan" p ON p.id = r."planId"
    WHERE r."dueAt" <= ${at} AND r."sentAt" IS NULL AND r."cancelledAt" IS NULL
    ORDER BY r."dueAt", r.id
    LIMIT ${batch}
    FOR UPDATE OF r SKIP LOCKED`;
  const result = { sent: 0, cancelled: 0, rows: rows.length };
  const stamp = now();
  for (const row of rows) {
    const role = REMINDER_ROLE_FOR_STATUS[row.status];
    if (!role) {
      // Normally the decision cancelled it already; this covers a status change that did not.
      await tx.reminder.update({ where: { id: row.id }, data: { cancelledAt: stamp } });
      result.cancelled++;
      continue;
    }
    await tx.reminder.update({ where: { id: row.id }, data: { sentAt: stamp } });
    await notifyRole(tx, role, {
      planId: row.planId,
      ...reminderText(row),
      link: `/behandeling/plannen/${row.planId}`,
      email: { template: "decision-term-reminder", reminderId: row.id },
    });
    result.sent++;
  }
  return result;
}

/**
 * Sends every reminder that is due by `at` (the clock by default) and not yet sent or cancelled:
 * an in-app notification and an e-mail (outbox) to each user of the role of the plan's current
 * step, in the same transaction that marks the reminder sent, so each reminder fires once.
 * Called by the reminder tick (workers/processors/reminders.ts); safe to run side by side.
 */
export async function sendDueReminders(
  opts: { at?: Date; batch?: number } = {},
): Promise<SendDueRemindersResult> {
  const at = opts.at ?? now();
  const batch = opts.batch ?? 100;
  const total: SendDueRemindersResult = { sent: 0, cancelled: 0 };
  for (;;) {
    const r = await prisma.$transaction((tx) => sendBatch(tx, at, batch));
    total.sent += r.sent;
    total.cancelled += r.cancelled;
    if (r.rows < batch) return total;
  }
}
