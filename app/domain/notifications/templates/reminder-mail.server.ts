import type { PrismaClient } from "../../../db/client.server.ts";
import type { ReminderKind } from "../../../generated/prisma/enums.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { NotFoundError } from "../../errors.ts";
import { type LocalDate, localDateFromDb } from "../../time/index.ts";
import { SkipEmail } from "./types.ts";

/**
 * The reminder a term mail is about, read when the mail job runs. A cancelled reminder sends
 * nothing. Nor does one moved to another term since the mail was queued (the queued payload's
 * termEnd): a reminder row is rescheduled (a suspended beslistermijn, a new request for
 * verlenging), and the mail's idempotency key ends in the term's last day, so a delayed mail of
 * the earlier term would otherwise speak of the new one under the new warning's key, and that
 * warning's own mail would be taken as sent.
 */
export async function reminderOfMail(
  db: PrismaClient,
  payload: SendEmailPayload,
  kinds: readonly ReminderKind[],
): Promise<{ kind: ReminderKind; termEnd: LocalDate } | SkipEmail> {
  if (!payload.reminderId) throw new NotFoundError("reminder mail without reminderId");
  const reminder = await db.reminder.findUnique({
    where: { id: payload.reminderId },
    select: { planId: true, kind: true, termEnd: true, cancelledAt: true },
  });
  if (!reminder || reminder.planId !== payload.planId || !kinds.includes(reminder.kind))
    throw new NotFoundError(`Reminder ${payload.reminderId} not found`);
  if (reminder.cancelledAt) return new SkipEmail("the reminder was cancelled");
  const termEnd = localDateFromDb(reminder.termEnd);
  if (payload.termEnd && payload.termEnd !== termEnd)
    return new SkipEmail("the reminder was moved to another term since this mail was queued");
  return { kind: reminder.kind, termEnd };
}
