import type { PrismaClient } from "../../../db/client.server.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { amsterdamDate, formatDateNl, type LocalDate } from "../../time/index.ts";
import { underspendingFacts, underspendingPlanSelect } from "../../underspending/facts.server.ts";
import { meldingMayBeOwed, UNDERSPENDING_WRITABLE_STATUSES } from "../../underspending/rules.ts";
import { signatoriesOf } from "../signatories.server.ts";
import { p, strong } from "./message.ts";
import {
  applicantPlanUrl,
  defineEmailTemplate,
  type EmailContext,
  oneLineTitle,
  planLabel,
  SkipEmail,
} from "./types.ts";

/**
 * The melding onderbesteding's mails (regulation art. 5.3) to the organisation's signatories: the
 * check after a half-year ended (underspending/reminders.server.ts), and the handler's reading.
 */

/**
 * The half-year a check mail is about, read when the mail job runs: a melding made since, a grant
 * that ended, a day a verlenging moved (termEnd is the day it was queued for), or a recipient no
 * longer a signatory, send nothing.
 */
async function halfYearOfMail(
  db: PrismaClient,
  payload: SendEmailPayload,
  ctx: EmailContext,
): Promise<{ n: number; startsOn: LocalDate; endsOn: LocalDate; dueOn: LocalDate } | SkipEmail> {
  if (!UNDERSPENDING_WRITABLE_STATUSES.includes(ctx.plan.status))
    return new SkipEmail("the grant is no longer being carried out");
  if (!payload.termEnd) return new SkipEmail("an underspending mail without its day");
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: payload.planId },
    select: { ...underspendingPlanSelect, underspendingReports: { select: { halfYear: true } } },
  });
  const half = underspendingFacts(plan).halves.find((h) => h.dueOn === payload.termEnd);
  if (!half) return new SkipEmail("the half-year's day was moved since this mail was queued");
  if (!meldingMayBeOwed(half)) return new SkipEmail("the half-year is not in scope of art. 5.3");
  if (plan.underspendingReports.some((r) => r.halfYear === half.n))
    return new SkipEmail("a melding for this half-year exists");
  if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
    return new SkipEmail("the recipient is no longer a signatory");
  return { n: half.n, startsOn: half.startsOn, endsOn: half.endsOn, dueOn: half.dueOn };
}

/** The morning after a half-year ended: check the costs; at or below 75% of plan, report by the day. */
export const underspendingCheck = defineEmailTemplate({
  load: halfYearOfMail,
  keySuffix: (d) => `${d.n}-${d.dueOn}`,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.dueOn);
    return {
      subject: `Halfjaar ${d.n} van ${ref} is voorbij: controleer de kosten${oneLineTitle(ctx)}`,
      preheader: `Bleven de kosten op of onder 75% van de begroting? Meld dat uiterlijk ${day}.`,
      heading: "Controleer de kosten van het afgelopen halfjaar",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `Halfjaar ${d.n} van het sectorplan `,
          strong(planLabel(ctx)),
          ` (${formatDateNl(d.startsOn)} tot en met ${formatDateNl(d.endsOn)}) is voorbij.`,
        ),
        p(
          "Controleer of de subsidiabele kosten in dat halfjaar op of onder 75% van de begrote kosten bleven. " +
            "Zo ja, meld dat dan uiterlijk ",
          strong(day),
          " via het portaal, met de oorzaken en wat u verwacht voor de rest van de periode (artikel 5.3 van de regeling). " +
            "Bleven de kosten daarboven, dan hoeft u niets te doen.",
        ),
      ],
      action: { label: "Naar het plan", href: applicantPlanUrl(ctx) },
    };
  },
});

/** The handler read the melding, with the note, if any, as recorded (underspending/review.server.ts). */
export const underspendingReportRead = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.underspendingReportId) return new SkipEmail("no melding named");
    const r = await db.underspendingReport.findUnique({
      where: { id: payload.underspendingReportId },
      select: { id: true, planId: true, halfYear: true, reviewedAt: true, reviewNote: true },
    });
    if (!r || r.planId !== payload.planId || !r.reviewedAt) return new SkipEmail("the melding was not read");
    // Queued for the signatories of that moment: one whose signing right (or account) ended since
    // is no longer the one to tell, as the interim reminders decide (interim-report-reminders).
    if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
      return new SkipEmail("the recipient is no longer a signatory");
    return {
      id: r.id,
      n: r.halfYear,
      readOn: formatDateNl(amsterdamDate(r.reviewedAt)),
      note: r.reviewNote?.trim() ?? "",
    };
  },
  keySuffix: (d) => d.id,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Melding onderbesteding gelezen: ${ref}${oneLineTitle(ctx)}`,
      preheader: `De behandelaar heeft uw melding onderbesteding over halfjaar ${d.n} gelezen.`,
      heading: "Uw melding onderbesteding is gelezen",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `De behandelaar heeft op ${d.readOn} de melding onderbesteding over halfjaar ${d.n} van `,
          strong(planLabel(ctx)),
          " gelezen.",
        ),
        ...(d.note
          ? [p("De behandelaar merkt op:"), p(d.note)]
          : [p("De behandelaar heeft geen opmerkingen.")]),
        p("Dit is geen besluit: de subsidie wordt pas bij de vaststelling vastgesteld."),
      ],
      action: { label: "Bekijk uw plan", href: applicantPlanUrl(ctx) },
    };
  },
});
