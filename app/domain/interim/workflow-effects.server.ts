import { tellHandlerOfReport, tellSignatoriesOfReportRead } from "../notifications/report-notices.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";

/**
 * Effects of the tussentijds voortgangsverslag's events in the workflow table. The use cases
 * (report.server.ts, review.server.ts) check the report and pass what the event records.
 */

function reportOf(ctx: EffectContext) {
  const r = ctx.input.interimReport;
  if (!r) throw new Error("an interim report event without its report");
  return r;
}

/** submit_interim_report: the handler reads it. */
export async function tellHandlerOfInterimReport(ctx: EffectContext): Promise<void> {
  const r = reportOf(ctx);
  await tellHandlerOfReport(ctx, (reference) => ({
    title: `Tussentijds voortgangsverslag: ${reference}`,
    body: `Het tussentijds voortgangsverslag na de ${r.afterMonths}e maand is ingediend${r.late ? " (na de uiterste datum)" : ""}. Lees het op het tabblad Tussentijds verslag en leg vast dat u het gelezen heeft.`,
    tab: "tussentijds",
  }));
}

/** review_interim_report: the signatories learn that it was read, with the handler's note. */
export async function tellSignatoriesOfInterimReview(ctx: EffectContext): Promise<void> {
  const r = reportOf(ctx);
  const note = r.note?.trim();
  await tellSignatoriesOfReportRead(
    ctx,
    (reference) => ({
      title: `Tussentijds voortgangsverslag gelezen: ${reference}`,
      body: `De behandelaar heeft uw tussentijds voortgangsverslag na de ${r.afterMonths}e maand gelezen.${note ? ` Opmerking: ${note}` : ""}`,
    }),
    { template: "interim-report-read", interimReportId: r.id },
  );
}
