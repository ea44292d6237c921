import { notConsideredCloseBy } from "../../review/decision-term.ts";
import { daysLeft, endOfAmsterdamDay, formatDateNl } from "../../time/index.ts";
import { p, strong } from "./message.ts";
import { reminderOfMail } from "./reminder-mail.server.ts";
import {
  applicantPlanUrl,
  defineEmailTemplate,
  oneLineTitle,
  planLabel,
  portalUrl,
  SkipEmail,
  staffPlanUrl,
} from "./types.ts";

/**
 * The hersteltermijn (Awb 4:5): to the applicant before it ends, to the handler once it lapsed.
 * A supplement sent meanwhile makes the mail pointless: the plan is no longer INFO_REQUESTED.
 */
export const supplementTermReminder = defineEmailTemplate({
  async load(db, payload, ctx) {
    if (ctx.plan.status !== "INFO_REQUESTED") return new SkipEmail("the supplement has arrived");
    const reminder = await reminderOfMail(db, payload, ["SUPPLEMENT_TERM_WARNING", "SUPPLEMENT_TERM_LAPSED"]);
    // A warning mail that goes out after the term ended (queued before an outage) would ask for the
    // supplement by a day that has passed; the handler's lapse notice tells what is true then.
    if (
      !(reminder instanceof SkipEmail) &&
      reminder.kind === "SUPPLEMENT_TERM_WARNING" &&
      daysLeft(reminder.termEnd, ctx.at) < 0
    )
      return new SkipEmail("the hersteltermijn has ended");
    return reminder;
  },
  keySuffix: (d) => d.termEnd,
  // The lapse is the handler's to act on (send-due.server.ts tells planCaseHandlers); the warning
  // goes to the organisation, which the plan's visibility follows.
  audienceRoles: (d) => (d.kind === "SUPPLEMENT_TERM_LAPSED" ? ["CASE_HANDLER"] : undefined),
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.termEnd);
    if (d.kind === "SUPPLEMENT_TERM_WARNING") {
      return {
        // "uiterlijk op": the term ends at the end of its last day; "vóór" would take a day off.
        subject: `Herinnering: vul aanvraag ${ref} uiterlijk op ${day} aan${oneLineTitle(ctx)}`,
        preheader: `De hersteltermijn van ${ref} eindigt op ${day}.`,
        heading: "Wij wachten nog op uw aanvulling",
        blocks: [
          p(`Geachte ${ctx.recipient.name},`),
          p(
            "Wij hebben u gevraagd de aanvraag ",
            strong(planLabel(ctx)),
            " aan te vullen. De hersteltermijn eindigt op ",
            strong(day),
            ".",
          ),
          p(
            "Stuur de aanvulling op tijd via het portaal. Zonder aanvulling kunnen wij besluiten de ",
            "aanvraag niet te behandelen (artikel 4:5 Algemene wet bestuursrecht).",
          ),
        ],
        action: { label: "Aanvraag aanvullen", href: applicantPlanUrl(ctx) },
      };
    }
    // Awb 4:5 lid 4: four weeks after the hersteltermijn, Atw applied, as the terms overview shows it.
    const closeBy = formatDateNl(notConsideredCloseBy(endOfAmsterdamDay(d.termEnd)));
    return {
      subject: `Hersteltermijn ${ref} verstreken${oneLineTitle(ctx)}`,
      preheader: `De hersteltermijn van ${ref} liep tot en met ${day} en is verstreken.`,
      heading: "Hersteltermijn verstreken",
      blocks: [
        p(`Beste ${ctx.recipient.name},`),
        p(
          "De hersteltermijn van ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} liep tot en met ${day} en is verstreken zonder aanvulling.`,
        ),
        p(
          "U kunt de aanvraag buiten behandeling stellen (artikel 4:5 Awb). Dat besluit moet uiterlijk op ",
          strong(closeBy),
          " aan de aanvrager worden bekendgemaakt (vier weken na het verstrijken van de termijn, artikel 4:5 lid 4 Awb).",
        ),
      ],
      action: { label: "Open het plan", href: staffPlanUrl(ctx) },
    };
  },
});

/** To the handler: execution has not been reported as started within six months of the grant. */
export const executionNotStarted = defineEmailTemplate({
  audienceRoles: ["CASE_HANDLER"],
  async load(db, payload, ctx) {
    if (ctx.plan.status !== "GRANTED" && ctx.plan.status !== "PARTIALLY_GRANTED")
      return new SkipEmail("execution has started or the grant ended");
    return reminderOfMail(db, payload, ["EXECUTION_NOT_STARTED"]);
  },
  keySuffix: (d) => d.termEnd,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.termEnd);
    return {
      subject: `Uitvoering ${ref} niet op tijd gestart${oneLineTitle(ctx)}`,
      preheader: `De uitvoering van ${ref} had uiterlijk ${day} moeten beginnen.`,
      heading: "Uitvoering niet gestart",
      blocks: [
        p(`Beste ${ctx.recipient.name},`),
        p(
          "De uitvoering van ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} had uiterlijk op ${day} moeten beginnen en is niet als gestart gemeld.`,
        ),
        p("De verlening kan worden ingetrokken (artikel 5.2 van de regeling)."),
      ],
      action: { label: "Naar de termijnen", href: portalUrl(ctx, "behandeling/termijnen") },
    };
  },
});
