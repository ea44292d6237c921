import { organisationPageOf } from "../../accounts/organisation-links.ts";
import { formatEuro } from "../../money.ts";
import { originalOf, originalSequences, paymentDescription } from "../../payments/batches.server.ts";
import { formatIban } from "../../payments/iban.ts";
import { isReturnReasonCode, RETURN_REASONS } from "../../payments/return-reasons.ts";
import { signatoriesOf } from "../signatories.server.ts";
import { p, strong } from "./message.ts";
import {
  applicantPlanUrl,
  defineEmailTemplate,
  oneLineTitle,
  planLabel,
  portalUrl,
  SkipEmail,
} from "./types.ts";

/**
 * To the organisation's signatories: the bank sent a payment back (payments/returns.server.ts).
 * When the bank's reason is about the account, the organisation is asked to check or change it on
 * its page: finance approves an account again before the amount is paid once more. One mail per
 * returned payment (the key carries it).
 */
export const paymentReturned = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.paymentId) return new SkipEmail("no payment named");
    const payment = await db.payment.findUnique({
      where: { id: payload.paymentId },
      select: {
        id: true,
        planId: true,
        kind: true,
        sequence: true,
        replacesPaymentId: true,
        amountCents: true,
        status: true,
        iban: true,
        returnReasonCode: true,
        plan: {
          select: {
            reference: true,
            organisationId: true,
            organisation: { select: { ibanCheckedAt: true } },
          },
        },
      },
    });
    if (!payment || payment.planId !== payload.planId || payment.status !== "RETURNED")
      return new SkipEmail("the payment was not returned");
    // Queued for the signatories of that moment: one whose signing right (or account) ended since
    // is no longer the one to tell, as the interim reminders decide (interim-report-reminders).
    if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
      return new SkipEmail("the recipient is no longer a signatory");
    const replacement = await db.payment.findUnique({
      where: { replacesPaymentId: payment.id },
      select: { id: true },
    });
    const code = payment.returnReasonCode ?? "";
    const original = originalOf(await originalSequences(db, [payment]), payment.id);
    return {
      id: payment.id,
      organisationId: payment.plan.organisationId,
      description: paymentDescription(payment.plan.reference, payment.kind, payment.sequence, original),
      amount: formatEuro(payment.amountCents),
      iban: payment.iban ? formatIban(payment.iban) : null,
      reason: isReturnReasonCode(code) ? RETURN_REASONS[code] : code,
      replaced: replacement !== null,
      // Read when the mail is made: an account approved again meanwhile needs no action any more.
      checkAccount: replacement !== null && payment.plan.organisation.ibanCheckedAt === null,
    };
  },
  keySuffix: (d) => d.id,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Betaling teruggekomen: ${ref}${oneLineTitle(ctx)}`,
      preheader: `De bank heeft de betaling van ${d.amount} voor ${ref} teruggestuurd.`,
      heading: "Uw betaling is door de bank teruggestuurd",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `De bank heeft de betaling van ${d.amount}`,
          d.iban ? ` op IBAN ${d.iban}` : "",
          ` (${d.description}) voor `,
          strong(planLabel(ctx)),
          " teruggestuurd. De reden die de bank opgeeft: ",
          strong(d.reason),
          ".",
        ),
        p(
          !d.replaced
            ? "De subsidie staat niet meer open voor betaling; er volgt geen nieuwe betaling."
            : d.checkAccount
              ? "Wij betalen het bedrag opnieuw zodra Financiën het rekeningnummer van uw organisatie opnieuw heeft goedgekeurd. Controleer het rekeningnummer op de pagina van uw organisatie en geef zo nodig een ander rekeningnummer op; alleen een tekenbevoegde kan dat."
              : "Wij betalen het bedrag opnieuw. U hoeft niets te doen.",
        ),
        p("Noem bij vragen het kenmerk ", strong(ref), "."),
      ],
      action: d.checkAccount
        ? {
            label: "Controleer het rekeningnummer",
            href: portalUrl(ctx, organisationPageOf(d.organisationId).slice(1)),
          }
        : { label: "Bekijk uw plan", href: applicantPlanUrl(ctx) },
    };
  },
});
