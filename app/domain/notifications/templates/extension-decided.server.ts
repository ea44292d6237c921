import {
  EXTENSION_OUTCOME_WORD,
  extensionIdOfLetterKey,
  loadExtensionLetterInput,
} from "../../documents/extension-letter.server.ts";
import { NotFoundError } from "../../errors.ts";
import { amsterdamDate, formatDateNl, OBJECTION_TERM_WEEKS, objectionTermEnd } from "../../time/index.ts";
import { inWords } from "../../words.ts";
import { type Block, p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/**
 * To the organisation: its request to extend the plan's period (regulation art. 1.2a) is decided;
 * the besluit is in the portal. The facts are the letter's own (loadExtensionLetterInput), so the
 * mail cannot give another last day than the letter. The letter was made available when its
 * Document was stored: that moment is the bekendmaking from which the objection term runs (Awb 6:8).
 */
export const extensionDecided = defineEmailTemplate({
  async load(db, payload) {
    if (!payload.documentId) throw new NotFoundError("extension mail without its letter");
    const letter = await db.document.findUnique({
      where: { id: payload.documentId },
      select: { planId: true, kind: true, createdAt: true, idempotencyKey: true },
    });
    const extensionId = letter ? extensionIdOfLetterKey(letter.idempotencyKey) : null;
    if (!letter || letter.planId !== payload.planId || letter.kind !== "EXTENSION_DECISION" || !extensionId)
      throw new NotFoundError(`No extension letter ${payload.documentId} on plan ${payload.planId}`);
    return { announcedAt: letter.createdAt, ...(await loadExtensionLetterInput(db, extensionId)) };
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const word = EXTENSION_OUTCOME_WORD[d.outcome];
    const months = (n: number) => `${inWords(n)} ${n === 1 ? "maand" : "maanden"}`;
    const outcome: Block[] =
      d.outcome === "REFUSED" || !d.newPeriodEnd || !d.grantedMonths
        ? [
            p(
              "Wij hebben uw verzoek om de looptijd van ",
              strong(planLabel(ctx)),
              ` van ${ctx.plan.organisationName} te verlengen afgewezen. De looptijd blijft eindigen op `,
              strong(formatDateNl(d.previousPeriodEnd)),
              ". Waarom, staat in het besluit.",
            ),
            p(
              // A refusal near or after the report's day gave a later one (reportDueOnAfterRefusal).
              `Uw aanvraag tot vaststelling, met het realisatieverslag, ${d.reportDueOn === d.previousReportDueOn ? "blijft" : "is nu"} uiterlijk `,
              strong(formatDateNl(d.reportDueOn)),
              " nodig.",
            ),
          ]
        : [
            p(
              "De looptijd van ",
              strong(planLabel(ctx)),
              ` van ${ctx.plan.organisationName} is met ${months(d.grantedMonths)} verlengd` +
                (d.outcome === "PARTIAL"
                  ? ` (u vroeg ${months(d.requestedMonths)}; waarom minder, staat in het besluit)`
                  : "") +
                ". De laatste dag is nu ",
              strong(formatDateNl(d.newPeriodEnd)),
              ".",
            ),
            p(
              "Uw aanvraag tot vaststelling, met het realisatieverslag, is nu uiterlijk ",
              strong(formatDateNl(d.reportDueOn)),
              " nodig. De subsidie zelf verandert niet.",
            ),
          ];
    return {
      subject:
        d.outcome === "REFUSED"
          ? `Verzoek om verlenging van ${ref} afgewezen${oneLineTitle(ctx)}`
          : `Verlenging van uw sectorplan ${ref} ${word}${oneLineTitle(ctx)}`,
      preheader:
        d.outcome === "REFUSED"
          ? `Uw verzoek om verlenging van ${ref} is afgewezen. Het besluit staat in het portaal.`
          : `De looptijd van ${ref} is verlengd. Het besluit staat in het portaal.`,
      heading: d.outcome === "REFUSED" ? "Uw verzoek om verlenging is afgewezen" : `Verlenging ${word}`,
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        ...outcome,
        p("Het besluit staat als brief (PDF) bij uw plan in het portaal."),
        p(
          `Bent u het niet eens met het besluit? Dan kunt u binnen ${inWords(OBJECTION_TERM_WEEKS)} weken na de dag `,
          `van bekendmaking bezwaar maken bij ${d.regulation.objectionAuthority}, ${d.regulation.objectionAddress}. `,
          `Het besluit is op ${formatDateNl(amsterdamDate(d.announcedAt))} bekendgemaakt; de termijn loopt tot en met `,
          strong(formatDateNl(objectionTermEnd(d.announcedAt))),
          ".",
        ),
      ],
      action: { label: "Bekijk het besluit", href: applicantPlanUrl(ctx) },
    };
  },
});
