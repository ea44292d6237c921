import { aanmaningOwed, loadAanmaningInput } from "../../documents/aanmaning-letter.server.ts";
import { NotFoundError } from "../../errors.ts";
import { formatEuro } from "../../money.ts";
import { aanmaningDueOn, aanmaningOfKey } from "../../settlement/aanmaning.server.ts";
import { formatDateNl } from "../../time/index.ts";
import { signatoriesOf } from "../signatories.server.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel, SkipEmail } from "./types.ts";

/**
 * To the organisation's signatories: a sum (the terugvordering, or the wettelijke rente set on its
 * late repayment) was not paid in time, and the aanmaning (Awb 4:112) asks to pay it yet; the
 * letter is in the portal. The facts are the letter's own (loadAanmaningInput, from the stored
 * letter's createdAt), so the mail cannot name another amount or last day than the letter.
 */
export const aanmaningSent = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.documentId) throw new NotFoundError("aanmaning mail without its letter");
    const letter = await db.document.findUnique({
      where: { id: payload.documentId },
      select: { planId: true, kind: true, createdAt: true, idempotencyKey: true },
    });
    const of = letter ? aanmaningOfKey(letter.idempotencyKey) : null;
    if (!letter || letter.planId !== payload.planId || letter.kind !== "AANMANING" || !of)
      throw new NotFoundError(`No aanmaning ${payload.documentId} on plan ${payload.planId}`);
    // Queued for the signatories of that moment: one whose signing right (or account) ended since
    // is no longer the one to tell, as the interim reminders decide (interim-report-reminders).
    if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
      return new SkipEmail("the recipient is no longer a signatory");
    return loadAanmaningInput(db, of.claimId, of.what, letter.createdAt);
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const owed = aanmaningOwed(d);
    const sum =
      d.what === "claim"
        ? "de terugvordering"
        : `de wettelijke rente over de te late terugbetaling (vastgesteld bij beschikking)`;
    return {
      subject: `Aanmaning: betaal ${d.what === "claim" ? "de terugvordering" : "de wettelijke rente"} ${ref}${oneLineTitle(ctx)}`,
      preheader: `Wij hebben ${sum} voor ${ref} niet op tijd ontvangen. Betaal uiterlijk ${formatDateNl(aanmaningDueOn(d.sentAt))}.`,
      heading: "Aanmaning",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          `Wij hebben ${sum} van `,
          strong(formatEuro(owed.cents)),
          " voor ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} niet uiterlijk ${formatDateNl(owed.lapsedOn)} ontvangen. `,
          "Wij hebben u daarom een aanmaning gestuurd (artikel 4:112 Awb); die staat als brief (PDF) bij uw plan in het portaal.",
        ),
        p(
          "Betaal ",
          strong(formatEuro(owed.cents)),
          " alsnog uiterlijk ",
          strong(formatDateNl(aanmaningDueOn(d.sentAt))),
          "; hoe, staat in de aanmaning. De wettelijke rente loopt door tot de dag waarop wij het bedrag ontvangen. ",
          "Betaalt u niet op tijd, dan kunnen wij het bedrag bij dwangbevel invorderen (artikel 4:114 Awb); de kosten daarvan komen voor uw rekening.",
        ),
      ],
      action: { label: "Bekijk de aanmaning", href: applicantPlanUrl(ctx) },
    };
  },
});
