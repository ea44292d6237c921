import type { PrismaClient } from "../../../db/client.server.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { INTERIM_REPORT_LIVE_STATUSES, interimReportsOfPlans } from "../../interim/overdue.server.ts";
import { daysLeft, formatDateNl, type LocalDate } from "../../time/index.ts";
import { whenText } from "../../words.ts";
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
 * The interim report a reminder mail is about, read when the mail job runs (the tick queued it):
 * a report handed in since, a grant that ended, a day a verlenging moved (the payload's termEnd is
 * the day it was queued for), or a recipient no longer a signatory, send nothing.
 */
async function reportOfMail(
  db: PrismaClient,
  payload: SendEmailPayload,
  ctx: EmailContext,
): Promise<{ afterMonths: 12 | 24; due: LocalDate } | SkipEmail> {
  if (!INTERIM_REPORT_LIVE_STATUSES.includes(ctx.plan.status))
    return new SkipEmail("the grant is no longer being carried out");
  if (!payload.termEnd) return new SkipEmail("an interim report mail without its day");
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: payload.planId },
    select: {
      id: true,
      periodStart: true,
      periodEnd: true,
      interimReports: { select: { afterMonths: true, submittedAt: true } },
    },
  });
  const report = (await interimReportsOfPlans(db, [plan]))
    .get(plan.id)
    ?.find((r) => r.dueOn === payload.termEnd);
  if (!report) return new SkipEmail("the interim report's day was moved since this mail was queued");
  if (plan.interimReports.some((r) => r.afterMonths === report.afterMonths && r.submittedAt))
    return new SkipEmail("the interim report was handed in");
  if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
    return new SkipEmail("the recipient is no longer a signatory");
  return { afterMonths: report.afterMonths, due: report.dueOn };
}

const WHAT_IT_HOLDS =
  "Het verslag bevat de bereikte deelnemers, de aard en de kosten van de maatregelen en de resultaten tot nu toe.";

/** To the signatories, four weeks before the day (regulation art. 5.4). */
export const interimReportDue = defineEmailTemplate({
  load: reportOfMail,
  keySuffix: (d) => `${d.afterMonths}-${d.due}`,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.due);
    // Counted from the clock: a mail delayed past the day does not say "over 3 dagen".
    const days = daysLeft(d.due, ctx.at);
    return {
      subject: `Herinnering: tussentijds voortgangsverslag ${ref} uiterlijk ${day}${oneLineTitle(ctx)}`,
      preheader: `Dien het tussentijdse voortgangsverslag van ${ref} uiterlijk ${day} in.`,
      heading: "Uw tussentijdse voortgangsverslag",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `Na maand ${d.afterMonths} van het sectorplan `,
          strong(planLabel(ctx)),
          " dient u een tussentijds voortgangsverslag in. ",
          days >= 0 ? `Dat moet uiterlijk ${whenText(days)}, ` : "Dat moest uiterlijk ",
          strong(day),
          days >= 0 ? ", via het portaal (artikel 5.4 van de regeling)." : " (artikel 5.4 van de regeling).",
        ),
        p(WHAT_IT_HOLDS),
      ],
      action: { label: "Naar het plan", href: applicantPlanUrl(ctx) },
    };
  },
});

/** To the signatories, the morning after the day passed without the report. */
export const interimReportOverdue = defineEmailTemplate({
  load: reportOfMail,
  keySuffix: (d) => `${d.afterMonths}-${d.due}`,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.due);
    return {
      subject: `Tussentijds voortgangsverslag ${ref} is te laat${oneLineTitle(ctx)}`,
      preheader: `Het tussentijdse voortgangsverslag van ${ref} moest uiterlijk ${day} binnen zijn.`,
      heading: "Uw tussentijdse voortgangsverslag is te laat",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `Wij hebben het tussentijdse voortgangsverslag na maand ${d.afterMonths} van het sectorplan `,
          strong(planLabel(ctx)),
          " nog niet ontvangen. Het moest uiterlijk ",
          strong(day),
          " worden ingediend (artikel 5.4 van de regeling). Dien het zo snel mogelijk in via het portaal.",
        ),
        p(WHAT_IT_HOLDS),
      ],
      action: { label: "Naar het plan", href: applicantPlanUrl(ctx) },
    };
  },
});
