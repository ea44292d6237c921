import { amsterdamDate, formatDateNl } from "../../time/index.ts";
import { signatoriesOf } from "../signatories.server.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel, SkipEmail } from "./types.ts";

/**
 * To the organisation's signatories: the handler read its tussentijds voortgangsverslag (regulation
 * art. 5.4), with the note, if any, as recorded (interim/review.server.ts). One mail per report:
 * the key carries the report, so the report after month 24 is told apart from the one after 12.
 */
export const interimReportRead = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.interimReportId) return new SkipEmail("no interim report named");
    const report = await db.interimReport.findUnique({
      where: { id: payload.interimReportId },
      select: { id: true, planId: true, afterMonths: true, reviewedAt: true, reviewNote: true },
    });
    if (!report || report.planId !== payload.planId || !report.reviewedAt)
      return new SkipEmail("the interim report was not read");
    // Queued for the signatories of that moment: one whose signing right (or account) ended since
    // is no longer the one to tell, as the interim reminders decide (interim-report-reminders).
    if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
      return new SkipEmail("the recipient is no longer a signatory");
    return {
      id: report.id,
      afterMonths: report.afterMonths,
      readOn: formatDateNl(amsterdamDate(report.reviewedAt)),
      note: report.reviewNote?.trim() ?? "",
    };
  },
  keySuffix: (d) => d.id,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Tussentijds voortgangsverslag gelezen: ${ref}${oneLineTitle(ctx)}`,
      preheader: `De behandelaar heeft uw tussentijds voortgangsverslag na de ${d.afterMonths}e maand gelezen.`,
      heading: "Uw tussentijds voortgangsverslag is gelezen",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `De behandelaar heeft op ${d.readOn} het tussentijds voortgangsverslag na de ${d.afterMonths}e maand van `,
          strong(planLabel(ctx)),
          " gelezen.",
        ),
        ...(d.note
          ? [p("De behandelaar merkt op:"), p(d.note)]
          : [p("De behandelaar heeft geen opmerkingen.")]),
        // A report handed in before the vaststelling or an intrekking is still read afterwards.
        p(
          ctx.plan.status === "SETTLED"
            ? "Dit is geen besluit: de subsidie is al vastgesteld, en dit bericht verandert daar niets aan."
            : ctx.plan.status === "WITHDRAWN"
              ? "Dit is geen besluit: de verlening van de subsidie is ingetrokken, en dit bericht verandert daar niets aan."
              : "Dit is geen besluit: de subsidie wordt pas bij de vaststelling vastgesteld.",
        ),
      ],
      action: { label: "Bekijk uw plan", href: applicantPlanUrl(ctx) },
    };
  },
});
