import { loadWithdrawalConfirmationInput } from "../../documents/withdrawal-confirmation.server.ts";
import { formatEuro } from "../../money.ts";
import { formatDateTimeNl } from "../../time/index.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/**
 * To the applicant's organisation: the withdrawal is confirmed; the letter is in the portal. The
 * facts are the letter's own (loadWithdrawalConfirmationInput), so the mail speaks of freed money
 * only when the letter does: a plan withdrawn before it was complete, or while it waited for
 * budget, held no reservation, and nothing came free.
 */
export const withdrawalConfirmed = defineEmailTemplate({
  async load(db, payload) {
    const input = await loadWithdrawalConfirmationInput(db, payload.planId);
    return { withdrawnAt: input.withdrawnAt, releasedCents: input.releasedCents };
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
          "Wij nemen er geen besluit meer over.",
        ),
        ...(d.releasedCents > 0n
          ? [
              p(
                `Het bedrag dat voor uw aanvraag was gereserveerd (${formatEuro(d.releasedCents)}), is weer beschikbaar voor andere aanvragen.`,
              ),
            ]
          : []),
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
