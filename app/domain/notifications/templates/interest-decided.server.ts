import { loadInterestDecisionInput } from "../../documents/interest-decision-letter.server.ts";
import { NotFoundError } from "../../errors.ts";
import { formatEuro } from "../../money.ts";
import { interestPaymentDueOn } from "../../settlement/interest-decision.server.ts";
import { claimIdOfInterestDecisionKey } from "../../settlement/recovery.server.ts";
import { amsterdamDate, formatDateNl, OBJECTION_TERM_WEEKS, objectionTermEnd } from "../../time/index.ts";
import { inWords } from "../../words.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/**
 * To the organisation: the wettelijke rente on its late repayment is set by beschikking (Awb 4:99);
 * the letter is in the portal. The facts are the letter's own (loadInterestDecisionInput), so the
 * mail cannot name another amount or day to pay than the letter. The letter was made available
 * when its Document was stored: that moment is the bekendmaking from which the objection term and
 * the six weeks to pay run.
 */
export const interestDecided = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.documentId) throw new NotFoundError("interest decision mail without its letter");
    const letter = await db.document.findUnique({
      where: { id: payload.documentId },
      select: { planId: true, kind: true, createdAt: true, idempotencyKey: true },
    });
    const claimId = letter ? claimIdOfInterestDecisionKey(letter.idempotencyKey) : null;
    if (!letter || letter.planId !== payload.planId || letter.kind !== "INTEREST_DECISION" || !claimId)
      throw new NotFoundError(`No interest decision ${payload.documentId} on plan ${payload.planId}`);
    return loadInterestDecisionInput(db, claimId, letter.createdAt);
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Wettelijke rente over uw terugbetaling ${ref}${oneLineTitle(ctx)}`,
      preheader: `De wettelijke rente over de te late terugbetaling voor ${ref} is vastgesteld. De beschikking staat in het portaal.`,
      heading: "De wettelijke rente is vastgesteld",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "De terugvordering van ",
          strong(formatEuro(d.amountCents)),
          " voor ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} moest uiterlijk ${formatDateNl(d.dueOn)} betaald zijn; `,
          // Paid in parts, the whole sum did not come in on the last part's day: as the letter says it.
          d.parts.length > 1
            ? `u heeft haar in ${inWords(d.parts.length)} delen betaald, het laatste deel op ${formatDateNl(d.receivedOn)}. ` +
                "Over wat na die datum nog openstond, bent u de wettelijke rente "
            : `wij hebben haar op ${formatDateNl(d.receivedOn)} ontvangen. Over die te late betaling bent u de wettelijke rente `,
          "verschuldigd (artikel 4:97 en 4:98 Awb). Wij hebben haar bij beschikking vastgesteld (artikel 4:99 Awb); ",
          "de beschikking staat als brief (PDF) bij uw plan in het portaal, met de berekening.",
        ),
        p(
          "Betaal ",
          strong(formatEuro(d.interestCents)),
          " uiterlijk ",
          strong(formatDateNl(interestPaymentDueOn(d.sentAt))),
          "; hoe, staat in de beschikking.",
        ),
        p(
          `Bent u het niet eens met de beschikking? Dan kunt u binnen ${inWords(OBJECTION_TERM_WEEKS)} weken na de dag `,
          `van bekendmaking bezwaar maken bij ${d.regulation.objectionAuthority}, ${d.regulation.objectionAddress}. `,
          `De beschikking is op ${formatDateNl(amsterdamDate(d.sentAt))} bekendgemaakt; de termijn loopt tot en met `,
          strong(formatDateNl(objectionTermEnd(d.sentAt))),
          ".",
        ),
      ],
      action: { label: "Bekijk de beschikking", href: applicantPlanUrl(ctx) },
    };
  },
});
