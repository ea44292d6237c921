import { notifyUsers, planCaseHandlers } from "../notifications/notify.server.ts";
import { signatoriesOf } from "../notifications/signatories.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";

/**
 * Effects of the melding onderbesteding's events (regulation art. 5.3) in the workflow table, in
 * the event's transaction: the bell and the outbox are written with the event or not at all.
 */

function meldingOf(ctx: EffectContext) {
  const r = ctx.input.underspendingReport;
  if (!r) throw new Error("an underspending event without its melding");
  return r;
}

async function referenceOf(ctx: EffectContext): Promise<string> {
  const { reference } = await ctx.tx.plan.findUniqueOrThrow({
    where: { id: ctx.plan.id },
    select: { reference: true },
  });
  return reference;
}

/** submit_underspending_report: the handler (or, while absent or unassigned, colleagues) reads it. */
export async function tellHandlerOfMelding(ctx: EffectContext): Promise<void> {
  const r = meldingOf(ctx);
  const reference = await referenceOf(ctx);
  await notifyUsers(ctx.tx, await planCaseHandlers(ctx.tx, ctx.plan.handlerId), {
    planId: ctx.plan.id,
    title: `Melding onderbesteding: ${reference}`,
    body: `De melding onderbesteding over halfjaar ${r.halfYear} is ingediend${r.late ? " (na de uiterste datum)" : ""}. Lees haar op het tabblad Onderbesteding en leg vast dat u haar gelezen heeft.`,
    link: `/behandeling/plannen/${ctx.plan.id}/onderbesteding`,
  });
}

/** review_underspending_report: the signatories learn it was read, with the note (bell and e-mail). */
export async function tellSignatoriesOfMeldingReview(ctx: EffectContext): Promise<void> {
  const r = meldingOf(ctx);
  const reference = await referenceOf(ctx);
  const note = r.note?.trim();
  const recipients = await signatoriesOf(ctx.tx, ctx.plan.id);
  await notifyUsers(ctx.tx, recipients, {
    planId: ctx.plan.id,
    title: `Melding onderbesteding gelezen: ${reference}`,
    body: `De behandelaar heeft uw melding onderbesteding over halfjaar ${r.halfYear} gelezen.${note ? ` Opmerking: ${note}` : ""}`,
    link: `/aanvrager/plannen/${ctx.plan.id}`,
  });
  for (const userId of recipients)
    await writeOutbox(ctx.tx, "sendEmail", {
      template: "underspending-report-read",
      planId: ctx.plan.id,
      recipientUserId: userId,
      underspendingReportId: r.id,
    });
}
