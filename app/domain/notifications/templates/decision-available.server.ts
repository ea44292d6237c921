import { NotFoundError } from "../../errors.ts";
import { amsterdamDate, formatDateNl, OBJECTION_TERM_WEEKS, objectionTermEnd } from "../../time/index.ts";
import { inWords } from "../../words.ts";
import { type Block, p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/** To the applicant's organisation: the beschikking is in the portal, with the objection term. */
export const decisionAvailable = defineEmailTemplate({
  async load(db, payload) {
    const decision = await db.decision.findUnique({
      where: { planId: payload.planId },
      select: {
        announcedAt: true,
        plan: {
          select: {
            regulation: {
              select: { objectionAuthority: true, objectionAddress: true },
            },
          },
        },
      },
    });
    if (!decision) throw new NotFoundError(`No decision on plan ${payload.planId}`);
    return {
      announcedAt: decision.announcedAt,
      objectionAuthority: decision.plan.regulation.objectionAuthority,
      objectionAddress: decision.plan.regulation.objectionAddress,
    };
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    // The term runs from the day after the bekendmaking (Awb 6:8); before the letter is made
    // available that day is unknown, and the mail then says where to find it rather than guess.
    const objection: Block[] = d.announcedAt
      ? [
          p(
            `De beschikking is op ${formatDateNl(amsterdamDate(d.announcedAt))} bekendgemaakt. `,
            `Bent u het niet eens met het besluit? Dan kunt u binnen ${inWords(OBJECTION_TERM_WEEKS)} weken bezwaar maken. `,
            "De termijn begint op de dag na de bekendmaking en loopt tot en met ",
            strong(formatDateNl(objectionTermEnd(d.announcedAt))),
            ".",
          ),
        ]
      : [
          p(
            `Bent u het niet eens met het besluit? Dan kunt u binnen ${inWords(OBJECTION_TERM_WEEKS)} weken bezwaar maken, `,
            "te rekenen vanaf de dag na de bekendmaking van de beschikking. De datum staat in de beschikking.",
          ),
        ];
    return {
      subject: `Besluit op uw aanvraag ${ref}${oneLineTitle(ctx)}`,
      preheader: `Er is een besluit genomen op uw aanvraag ${ref}. De beschikking staat in het portaal.`,
      heading: "Er is een besluit op uw aanvraag",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "Er is een besluit genomen op de aanvraag ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName}. `,
          "De beschikking staat als brief (PDF) bij uw aanvraag in het portaal. Lees daar het besluit en de motivering.",
        ),
        ...objection,
        p(
          `Stuur uw bezwaarschrift naar ${d.objectionAuthority}, ${d.objectionAddress}. `,
          "Noem daarin het kenmerk ",
          strong(ref),
          " en waarom u het niet eens bent met het besluit.",
        ),
      ],
      action: { label: "Bekijk de beschikking", href: applicantPlanUrl(ctx) },
    };
  },
});
