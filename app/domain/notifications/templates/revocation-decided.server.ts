import { NotFoundError } from "../../errors.ts";
import { formatEuro } from "../../money.ts";
import {
  amsterdamDate,
  formatDateNl,
  localDateFromDb,
  OBJECTION_TERM_WEEKS,
  objectionTermEnd,
} from "../../time/index.ts";
import { inWords } from "../../words.ts";
import { type Block, p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/**
 * To the organisation: the grant is revoked (regulation art. 5.2) and the advances are claimed
 * back; the beschikking is in the portal. The letter was made available when its Document was
 * stored, so that moment is the bekendmaking from which the objection term runs (Awb 6:8).
 */
export const revocationDecided = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.documentId) throw new NotFoundError("revocation mail without its letter");
    const [letter, claim, plan] = await Promise.all([
      db.document.findUnique({
        where: { id: payload.documentId },
        select: { planId: true, kind: true, createdAt: true },
      }),
      db.recoveryClaim.findFirst({
        where: { planId: payload.planId, settlementId: null },
        orderBy: { createdAt: "desc" },
        select: { amountCents: true, dueOn: true },
      }),
      db.plan.findUnique({
        where: { id: payload.planId },
        select: {
          regulation: {
            select: { objectionAuthority: true, objectionAddress: true },
          },
        },
      }),
    ]);
    if (!letter || letter.planId !== payload.planId || letter.kind !== "REVOCATION_DECISION" || !plan)
      throw new NotFoundError(`No revocation letter ${payload.documentId} on plan ${payload.planId}`);
    return {
      announcedAt: letter.createdAt,
      recovery: claim,
      objectionAuthority: plan.regulation.objectionAuthority,
      objectionAddress: plan.regulation.objectionAddress,
    };
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const money: Block = d.recovery
      ? p(
          "Wij vorderen de betaalde voorschotten terug: ",
          strong(formatEuro(d.recovery.amountCents)),
          ". Betaal uiterlijk ",
          strong(formatDateNl(localDateFromDb(d.recovery.dueOn))),
          "; hoe, staat in de beschikking. Na die dag bent u over het openstaande bedrag de wettelijke rente verschuldigd.",
        )
      : p("U heeft geen voorschotten ontvangen; wij vorderen niets terug.");
    return {
      subject: `Intrekking van uw subsidie ${ref}${oneLineTitle(ctx)}`,
      preheader: `De subsidieverlening voor ${ref} is ingetrokken. De beschikking staat in het portaal.`,
      heading: "Uw subsidie is ingetrokken",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "De subsidieverlening voor ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} is ingetrokken: de uitvoering is niet binnen de termijn begonnen `,
          "(artikel 5.2 van de regeling). De beschikking tot intrekking staat als brief (PDF) bij uw plan in het portaal.",
        ),
        money,
        p(
          `Bent u het niet eens met de intrekking? Dan kunt u binnen ${inWords(OBJECTION_TERM_WEEKS)} weken na de dag `,
          `van bekendmaking bezwaar maken bij ${d.objectionAuthority}, ${d.objectionAddress}. `,
          `De beschikking is op ${formatDateNl(amsterdamDate(d.announcedAt))} bekendgemaakt; de termijn loopt tot en met `,
          strong(formatDateNl(objectionTermEnd(d.announcedAt))),
          ".",
        ),
      ],
      action: { label: "Bekijk de beschikking", href: applicantPlanUrl(ctx) },
    };
  },
});
