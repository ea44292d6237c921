import { PLAN_TERMS_SELECT, termsOf } from "../../decision/terms.ts";
import { NotFoundError } from "../../errors.ts";
import { formatEuro } from "../../money.ts";
import { reportDueGround } from "../../settlement/reminders.server.ts";
import {
  amsterdamDate,
  daysLeft,
  formatDateNl,
  localDateFromDb,
  OBJECTION_TERM_WEEKS,
  objectionTermEnd,
} from "../../time/index.ts";
import { inWords, whenText } from "../../words.ts";
import { type Block, p, strong } from "./message.ts";
import { reminderOfMail } from "./reminder-mail.server.ts";
import {
  applicantPlanUrl,
  defineEmailTemplate,
  oneLineTitle,
  planLabel,
  portalUrl,
  SkipEmail,
} from "./types.ts";

/**
 * To the organisation: the realisation report is due in 14 days (regulation art. 5.5, or 8 weeks
 * after a verlenging refused late: reportDueGround).
 */
export const settlementReportDue = defineEmailTemplate({
  async load(db, payload, ctx) {
    if (ctx.plan.status !== "IN_EXECUTION") return new SkipEmail("the report was submitted");
    const reminder = await reminderOfMail(db, payload, ["SETTLEMENT_REPORT_WARNING"]);
    if (reminder instanceof SkipEmail) return reminder;
    return { ...reminder, ground: await reportDueGround(db, payload.planId, reminder.termEnd) };
  },
  keySuffix: (d) => d.termEnd,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.termEnd);
    return {
      subject: `Herinnering: realisatieverslag ${ref} uiterlijk ${day}${oneLineTitle(ctx)}`,
      preheader: `Dien het realisatieverslag van ${ref} uiterlijk ${day} in.`,
      heading: "Uw realisatieverslag is bijna te laat",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "De periode van het sectorplan ",
          strong(planLabel(ctx)),
          " is afgelopen. Nu vraagt u de vaststelling van de subsidie aan, met een ",
          "realisatieverslag: de bereikte deelnemers en de werkelijke kosten per maatregel en jaar.",
        ),
        p(
          "Dien het verslag uiterlijk ",
          strong(day),
          d.ground.afterRefusal
            ? ` in via het portaal (${d.ground.weeks} weken na het besluit op uw verzoek om verlenging).`
            : " in via het portaal (artikel 5.5 van de regeling).",
        ),
      ],
      action: {
        label: "Naar het realisatieverslag",
        href: portalUrl(ctx, `aanvrager/plannen/${ctx.plan.id}/realisatie`),
      },
    };
  },
});

/**
 * To the handler and the decision makers: the settlement term (22 weeks unless the grant's terms
 * say otherwise) ends in 14 days. Its weeks are the grant's (termsOf), as the reminder's day is.
 */
export const settlementDecisionTerm = defineEmailTemplate({
  async load(db, payload, ctx) {
    if (ctx.plan.status !== "SETTLEMENT_REQUESTED") return new SkipEmail("the plan is settled");
    const reminder = await reminderOfMail(db, payload, ["SETTLEMENT_DECISION_WARNING"]);
    if (reminder instanceof SkipEmail) return reminder;
    const plan = await db.plan.findUniqueOrThrow({
      where: { id: payload.planId },
      select: PLAN_TERMS_SELECT,
    });
    return { ...reminder, weeks: termsOf(plan).settlementDecisionWeeks };
  },
  keySuffix: (d) => d.termEnd,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.termEnd);
    // Counted from the clock, as the notice is: a mail delayed by an outage gives no day gone by as
    // the one to meet.
    const days = daysLeft(d.termEnd, ctx.at);
    const late = days < 0;
    return {
      subject: late
        ? `Vaststelling ${ref}: beslistermijn liep tot en met ${day} en is verstreken${oneLineTitle(ctx)}`
        : `Vaststelling ${ref}: beslistermijn eindigt ${whenText(days)} (${day})${oneLineTitle(ctx)}`,
      preheader: late
        ? `De vaststelling van ${ref} had uiterlijk ${day} moeten zijn genomen.`
        : `De vaststelling van ${ref} moet uiterlijk ${day} zijn genomen.`,
      heading: late
        ? "De termijn voor de vaststelling is verstreken"
        : "De termijn voor de vaststelling eindigt bijna",
      blocks: [
        p(`Beste ${ctx.recipient.name},`),
        p(
          "Op de aanvraag tot vaststelling van ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} `,
          late ? "had uiterlijk " : "moet uiterlijk ",
          strong(day),
          late ? " moeten zijn beslist" : ` (${whenText(days)}) zijn beslist`,
          ` (${d.weeks} weken, artikel 5.5 van de regeling).`,
        ),
        ...(late
          ? [
              p(
                "Neem het besluit zo snel mogelijk: na een ingebrekestelling kan het uitblijven ervan de Staat een ",
                "dwangsom kosten (artikel 4:17 Algemene wet bestuursrecht).",
              ),
            ]
          : []),
      ],
      action: {
        label: "Naar de vaststelling",
        href: portalUrl(ctx, `behandeling/plannen/${ctx.plan.id}/vaststelling`),
      },
    };
  },
});

/** To the organisation: the beschikking tot vaststelling is in the portal. */
export const settlementDecided = defineEmailTemplate({
  async load(db, payload) {
    const settlement = await db.settlement.findUnique({
      where: { planId: payload.planId },
      select: {
        settledCents: true,
        paidCents: true,
        announcedAt: true,
        recoveryClaims: { select: { amountCents: true, dueOn: true } },
        plan: {
          select: {
            regulation: {
              select: { objectionAuthority: true, objectionAddress: true },
            },
          },
        },
      },
    });
    if (!settlement || settlement.settledCents === null)
      throw new NotFoundError(`No settlement on plan ${payload.planId}`);
    return {
      settledCents: settlement.settledCents,
      paidCents: settlement.paidCents ?? 0n,
      announcedAt: settlement.announcedAt,
      recovery: settlement.recoveryClaims[0] ?? null,
      objectionAuthority: settlement.plan.regulation.objectionAuthority,
      objectionAddress: settlement.plan.regulation.objectionAddress,
    };
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const money: Block = d.recovery
      ? p(
          `U heeft ${formatEuro(d.paidCents)} aan voorschotten ontvangen, meer dan het vastgestelde bedrag. `,
          "Wij vorderen ",
          strong(formatEuro(d.recovery.amountCents)),
          " terug; betaal dat uiterlijk ",
          strong(formatDateNl(localDateFromDb(d.recovery.dueOn))),
          ".",
        )
      : d.settledCents > d.paidCents
        ? p(
            `U heeft ${formatEuro(d.paidCents)} aan voorschotten ontvangen. Het restant van `,
            strong(formatEuro(d.settledCents - d.paidCents)),
            " betalen wij zo spoedig mogelijk uit.",
          )
        : p("De voorschotten die u ontving, zijn gelijk aan het vastgestelde bedrag. U ontvangt niets meer.");
    const announced = d.announcedAt
      ? ` De termijn loopt tot en met ${formatDateNl(objectionTermEnd(d.announcedAt))}.`
      : "";
    return {
      subject: `Vaststelling van uw subsidie ${ref}${oneLineTitle(ctx)}`,
      preheader: `De subsidie voor ${ref} is vastgesteld op ${formatEuro(d.settledCents)}.`,
      heading: "Uw subsidie is vastgesteld",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "De subsidie voor ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} is vastgesteld op `,
          strong(formatEuro(d.settledCents)),
          ". De beschikking tot vaststelling staat als brief (PDF) bij uw plan in het portaal.",
        ),
        money,
        p(
          `Bent u het niet eens met de vaststelling? Dan kunt u binnen ${inWords(OBJECTION_TERM_WEEKS)} weken na de dag van bekendmaking bezwaar `,
          `maken bij ${d.objectionAuthority}, ${d.objectionAddress}.${announced}`,
        ),
        p(
          d.announcedAt
            ? `Bekendgemaakt op ${formatDateNl(amsterdamDate(d.announcedAt))}.`
            : "De datum van bekendmaking staat in de beschikking.",
        ),
      ],
      action: { label: "Bekijk de beschikking", href: applicantPlanUrl(ctx) },
    };
  },
});
