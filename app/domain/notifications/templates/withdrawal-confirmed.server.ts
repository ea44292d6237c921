import { NotFoundError } from "../../errors.ts";
import { formatDateTimeNl } from "../../time/index.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/** To the applicant's organisation: the withdrawal is confirmed; the letter is in the portal. */
export const withdrawalConfirmed = defineEmailTemplate({
  async load(db, payload) {
    const event = await db.workflowEvent.findFirst({
      where: { planId: payload.planId, event: "withdraw" },
      orderBy: { id: "desc" },
      select: { createdAt: true },
    });
    if (!event) throw new NotFoundError(`Plan ${payload.planId} is not withdrawn`);
    return { withdrawnAt: event.createdAt };
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Uw aanvraag ${ref} is ingetrokken${oneLineTitle(ctx)}`,
      preheader: `De intrekking van uw aanvraag ${ref} is bevestigd.`,
      heading: "Uw aanvraag is ingetrokken",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "De aanvraag ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} is op ${formatDateTimeNl(d.withdrawnAt)} ingetrokken. `,
          "Wij nemen er geen besluit meer over; een reservering van budget is vervallen.",
        ),
        p(
          "De bevestiging staat als brief bij uw aanvraag in het portaal. Noem bij vragen het kenmerk ",
          strong(ref),
          ".",
        ),
      ],
      action: { label: "Bekijk uw aanvraag", href: applicantPlanUrl(ctx) },
    };
  },
});
