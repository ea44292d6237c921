import { EXTENDABLE_STATUSES } from "../../extension/rules.ts";
import { daysLeft, formatDateNl } from "../../time/index.ts";
import { whenText } from "../../words.ts";
import { p, strong } from "./message.ts";
import { reminderOfMail } from "./reminder-mail.server.ts";
import {
  AFTER_GRANT_DECISION_AUDIENCE,
  defineEmailTemplate,
  oneLineTitle,
  planLabel,
  portalUrl,
  SkipEmail,
} from "./types.ts";

/**
 * To the plan's handler and the decision makers: the decision term on a request for verlenging
 * (eight weeks, Awb 4:13 lid 2) ends in 7 days. A besluit that comes late exposes the state to
 * the ingebrekestelling and dwangsom of Awb 4:17, as the grant's does.
 */
export const extensionDecisionTerm = defineEmailTemplate({
  audienceRoles: AFTER_GRANT_DECISION_AUDIENCE,
  async load(db, payload, ctx) {
    // Cancelled, or re-armed for a later request since this mail was queued: nothing to send.
    const reminder = await reminderOfMail(db, payload, ["EXTENSION_DECISION_WARNING"]);
    if (reminder instanceof SkipEmail) return reminder;
    // Decided, withdrawn or lapsed after the mail was queued: cancelReminders leaves a sent reminder
    // alone, so only the request itself tells that nobody has to decide any more.
    if (!(EXTENDABLE_STATUSES as readonly string[]).includes(ctx.plan.status))
      return new SkipEmail("the grant has ended");
    const open = await db.planExtension.findFirst({
      where: { planId: payload.planId, status: "REQUESTED" },
      select: { requestedMonths: true },
    });
    if (!open) return new SkipEmail("the request for verlenging is no longer open");
    return { termEnd: reminder.termEnd, months: open.requestedMonths };
  },
  keySuffix: (d) => d.termEnd,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.termEnd);
    // Counted from the clock: a mail delayed by an outage says how many days are really left.
    const days = daysLeft(d.termEnd, ctx.at);
    const months = `${d.months} ${d.months === 1 ? "maand" : "maanden"}`;
    return {
      subject:
        days < 0
          ? `Verlenging ${ref}: beslistermijn liep tot en met ${day} en is verstreken${oneLineTitle(ctx)}`
          : `Verlenging ${ref}: beslistermijn eindigt ${whenText(days)} (${day})${oneLineTitle(ctx)}`,
      preheader:
        days < 0
          ? `Op het verzoek om verlenging van ${ref} had uiterlijk ${day} moeten zijn beslist.`
          : `Op het verzoek om verlenging van ${ref} moet uiterlijk ${day} zijn beslist.`,
      heading: days < 0 ? "Beslistermijn verlenging verstreken" : "Beslistermijn verlenging eindigt bijna",
      blocks: [
        p(`Beste ${ctx.recipient.name},`),
        p(
          `${ctx.plan.organisationName} vraagt ${months} verlenging van de looptijd van `,
          strong(planLabel(ctx)),
          " (artikel 1.2a van de regeling). Op dat verzoek ",
          days < 0 ? "had uiterlijk " : "moet uiterlijk ",
          strong(day),
          days < 0 ? " moeten zijn beslist" : " zijn beslist",
          " (acht weken, artikel 4:13 lid 2 Algemene wet bestuursrecht).",
        ),
        p(
          "Een besluit dat te laat komt, kan de Staat na een ingebrekestelling een dwangsom kosten ",
          "(artikel 4:17 Algemene wet bestuursrecht).",
        ),
      ],
      action: {
        label: "Naar het verzoek om verlenging",
        href: portalUrl(ctx, `behandeling/plannen/${ctx.plan.id}/verlenging`),
      },
    };
  },
});
