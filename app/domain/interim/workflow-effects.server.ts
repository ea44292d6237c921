import { notifyUsers, planCaseHandlers } from "../notifications/notify.server.ts";
import { signatoriesOf } from "../notifications/signatories.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";

/**
 * Effects of the tussentijds voortgangsverslag's events in the workflow table, in the event's
 * transaction: the bell and the outbox are written with the event or not at all. The use cases
 * (report.server.ts, review.server.ts) check the report and pass what the event records.
 */

function reportOf(ctx: EffectContext) {
  const r = ctx.input.interimReport;
  if (!r) throw new Error("an interim report event without its report");
  return r;
}

async function referenceOf(ctx: EffectContext): Promise<string> {
  const { reference } = await ctx.tx.plan.findUniqueOrThrow({
    where: { id: ctx.plan.id },
    select: { reference: true },
  });
  return reference;
}

/**
 * submit_interim_report: the handler reads it (planCaseHandlers: with present colleagues while the
 * handler is absent; every case handler while nobody holds the plan), as request_settlement tells.
 */
export async function tellHandlerOfInterimReport(ctx: EffectContext): Promise<void> {
  const r = reportOf(ctx);
  const reference = await referenceOf(ctx);
  await notifyUsers(ctx.tx, await planCaseHandlers(ctx.tx, ctx.plan.handlerId), {
    planId: ctx.plan.id,
    title: `Tussentijds voortgangsverslag: ${reference}`,
    body: `Het tussentijds voortgangsverslag na de ${r.afterMonths}e maand is ingediend${r.late ? " (na de uiterste datum)" : ""}. Lees het op het tabblad Tussentijds verslag en leg vast dat u het gelezen heeft.`,
    link: `/behandeling/plannen/${ctx.plan.id}/tussentijds`,
  });
}

/**
 * review_interim_report: the organisation's signatories — who submit it — learn that it was read,
 * with the handler's note, in the bell and by e-mail (the mail reads the note from the report).
 */
export async function tellSignatoriesOfInterimReview(ctx: EffectContext): Promise<void> {
  const r = reportOf(ctx);
  const reference = await referenceOf(ctx);
  const note = r.note?.trim();
  const recipients = await signatoriesOf(ctx.tx, ctx.plan.id);
  await notifyUsers(ctx.tx, recipients, {
    planId: ctx.plan.id,
    title: `Tussentijds voortgangsverslag gelezen: ${reference}`,
    body: `De behandelaar heeft uw tussentijds voortgangsverslag na de ${r.afterMonths}e maand gelezen.${note ? ` Opmerking: ${note}` : ""}`,
    link: `/aanvrager/plannen/${ctx.plan.id}`,
  });
  for (const userId of recipients)
    await writeOutbox(ctx.tx, "sendEmail", {
      template: "interim-report-read",
      planId: ctx.plan.id,
      recipientUserId: userId,
      interimReportId: r.id,
    });
}
