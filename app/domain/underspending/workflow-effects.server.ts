import { tellHandlerOfReport, tellSignatoriesOfReportRead } from "../notifications/report-notices.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";

/** Effects of the melding onderbesteding's events (regulation art. 5.3) in the workflow table. */

function meldingOf(ctx: EffectContext) {
  const r = ctx.input.underspendingReport;
  if (!r) throw new Error("an underspending event without its melding");
  return r;
}

/** submit_underspending_report: the handler (or, while absent or unassigned, colleagues) reads it. */
export async function tellHandlerOfMelding(ctx: EffectContext): Promise<void> {
  const r = meldingOf(ctx);
  await tellHandlerOfReport(ctx, (reference) => ({
    title: `Melding onderbesteding: ${reference}`,
    body: `De melding onderbesteding over halfjaar ${r.halfYear} is ingediend${r.late ? " (na de uiterste datum)" : ""}. Lees haar op het tabblad Onderbesteding en leg vast dat u haar gelezen heeft.`,
    tab: "onderbesteding",
  }));
}

/** review_underspending_report: the signatories learn it was read, with the note (bell and e-mail). */
export async function tellSignatoriesOfMeldingReview(ctx: EffectContext): Promise<void> {
  const r = meldingOf(ctx);
  const note = r.note?.trim();
  await tellSignatoriesOfReportRead(
    ctx,
    (reference) => ({
      title: `Melding onderbesteding gelezen: ${reference}`,
      body: `De behandelaar heeft uw melding onderbesteding over halfjaar ${r.halfYear} gelezen.${note ? ` Opmerking: ${note}` : ""}`,
    }),
    { template: "underspending-report-read", underspendingReportId: r.id },
  );
}
