import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { writeOutbox } from "../outbox.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";
import { notifyUsers, planCaseHandlers } from "./notify.server.ts";
import { signatoriesOf } from "./signatories.server.ts";

/**
 * The notices of a report the organisation hands in during the grant (the tussentijds
 * voortgangsverslag, the melding onderbesteding), as effects in the event's transaction: the bell
 * and the outbox are written with the event or not at all.
 */

async function referenceOf(ctx: EffectContext): Promise<string> {
  const { reference } = await ctx.tx.plan.findUniqueOrThrow({
    where: { id: ctx.plan.id },
    select: { reference: true },
  });
  return reference;
}

/**
 * Submitted: the handler reads it (planCaseHandlers: with present colleagues while the handler is
 * absent; every case handler while nobody holds the plan), as request_settlement tells.
 */
export async function tellHandlerOfReport(
  ctx: EffectContext,
  notice: (reference: string) => { title: string; body: string; tab: string },
): Promise<void> {
  const { title, body, tab } = notice(await referenceOf(ctx));
  await notifyUsers(ctx.tx, await planCaseHandlers(ctx.tx, ctx.plan.handlerId), {
    planId: ctx.plan.id,
    title,
    body,
    link: `/behandeling/plannen/${ctx.plan.id}/${tab}`,
  });
}

/**
 * Read: the organisation's signatories (who submit it) learn it, with the handler's note, in the
 * bell and by e-mail (`mail`: the template and the report's id; the mail reads the note itself).
 */
export async function tellSignatoriesOfReportRead(
  ctx: EffectContext,
  notice: (reference: string) => { title: string; body: string },
  mail: Omit<SendEmailPayload, "planId" | "recipientUserId">,
): Promise<void> {
  const { title, body } = notice(await referenceOf(ctx));
  const recipients = await signatoriesOf(ctx.tx, ctx.plan.id);
  await notifyUsers(ctx.tx, recipients, {
    planId: ctx.plan.id,
    title,
    body,
    link: `/aanvrager/plannen/${ctx.plan.id}`,
  });
  for (const userId of recipients)
    await writeOutbox(ctx.tx, "sendEmail", { ...mail, planId: ctx.plan.id, recipientUserId: userId });
}
