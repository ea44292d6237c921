import { NotFoundError } from "../../errors.ts";
import { REMINDER_ROLE_FOR_STATUS } from "../../reminders/send-due.server.ts";
import { daysLeft, formatDateNl, type LocalDate, localDateFromDb } from "../../time/index.ts";
import { whenText } from "../../words.ts";
import { STATUS_LABEL } from "../../workflow/labels.ts";
import { p, strong } from "./message.ts";
import { reminderOfMail } from "./reminder-mail.server.ts";
import {
  assignmentPageUrl,
  defineEmailTemplate,
  oneLineTitle,
  planLabel,
  SkipEmail,
  staffPlanUrl,
} from "./types.ts";

/** To the staff of the plan's current step: the 13-week decision term ends in 7 days / today. */
export const decisionTermReminder = defineEmailTemplate({
  // Whoever's step it is (REMINDER_ROLE_FOR_STATUS), the handlers of an assessment no adviser
  // holds, and its coordinators (advisers): reminders/send-due.server.ts decisionTermAudiences.
  audienceRoles: ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"],
  async load(db, payload, ctx) {
    const plan = await db.plan.findUnique({
      where: { id: payload.planId },
      select: { decisionDueOn: true, decision: { select: { id: true } } },
    });
    if (!plan) throw new NotFoundError(`Plan ${payload.planId} not found`);
    // A decided plan gets no reminder (issue 3), also when its mail was queued before the decision.
    if (plan.decision) return new SkipEmail("the plan has been decided");
    // Withdrawn or not considered meanwhile: no Decision row, and cancelReminders leaves a sent
    // reminder alone, so only the status tells that nobody has to decide any more. The same statuses
    // as the tick's (a status without a role there is past the decision).
    if (!REMINDER_ROLE_FOR_STATUS[ctx.plan.status])
      return new SkipEmail("the plan no longer awaits a decision");
    let termEnd: LocalDate;
    if (payload.reminderId) {
      const reminder = await reminderOfMail(db, payload, ["DECISION_TERM_WARNING", "DECISION_TERM_LAST_DAY"]);
      if (reminder instanceof SkipEmail) return reminder;
      termEnd = reminder.termEnd;
    } else {
      // The stored end carries the suspension (Awb 4:15); recomputing from the receipt would not.
      if (!plan.decisionDueOn) return new SkipEmail("the decision term has not started");
      termEnd = localDateFromDb(plan.decisionDueOn);
    }
    return { termEnd };
  },
  keySuffix: (d) => d.termEnd,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const day = formatDateNl(d.termEnd);
    // Counted from the clock, not from the reminder's kind: a mail delayed by an outage still says
    // how many days are really left.
    const days = daysLeft(d.termEnd, ctx.at);
    const when = whenText(days);
    const assign = ctx.opens === "assignment-page";
    const subject =
      days < 0
        ? `Beslistermijn ${ref} liep tot en met ${day} en is verstreken${oneLineTitle(ctx)}`
        : `Beslistermijn ${ref} eindigt ${when} (${day})${oneLineTitle(ctx)}`;
    return {
      subject,
      preheader: `De beslistermijn van ${ref} eindigt op ${day}.`,
      heading: days < 0 ? "Beslistermijn verstreken" : `Beslistermijn eindigt ${when}`,
      blocks: [
        p(`Beste ${ctx.recipient.name},`),
        p(
          "De beslistermijn van de aanvraag ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} `,
          days < 0 ? "liep tot en met " : "eindigt op ",
          strong(day),
          ` (${when}). Het plan staat op „${STATUS_LABEL[ctx.plan.status]}”.`,
        ),
        ...(assign
          ? [
              p(
                "Er is nog geen adviseur actief op dit plan. Wijs er een toe op de pagina Toewijzing, ",
                "zodat het advies op tijd komt.",
              ),
            ]
          : []),
        p(
          "Neem het besluit vóór het einde van de termijn. Een besluit dat te laat komt, kan de Staat een ",
          "dwangsom kosten (artikel 4:17 Algemene wet bestuursrecht).",
        ),
      ],
      // A coordinator without a seat opens no plan (visiblePlans), only the page that assigns one.
      action: assign
        ? { label: "Naar Toewijzing", href: assignmentPageUrl(ctx) }
        : { label: "Open het plan", href: staffPlanUrl(ctx) },
    };
  },
});
