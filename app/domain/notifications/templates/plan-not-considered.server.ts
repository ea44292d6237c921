import { OBJECTION_TERM_WEEKS } from "../../time/index.ts";
import { inWords } from "../../words.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel, SkipEmail } from "./types.ts";

/** To the organisation: the application is not considered (Awb 4:5); the letter is in the portal. */
export const planNotConsidered = defineEmailTemplate({
  async load(_db, _payload, ctx) {
    if (ctx.plan.status !== "NOT_CONSIDERED") return new SkipEmail("the plan is not NOT_CONSIDERED");
    return {};
  },
  compose(_d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Aanvraag ${ref} buiten behandeling gesteld${oneLineTitle(ctx)}`,
      preheader: `Wij behandelen de aanvraag ${ref} niet verder.`,
      heading: "Uw aanvraag is buiten behandeling gesteld",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "Wij hebben de aanvulling op de aanvraag ",
          strong(planLabel(ctx)),
          " niet binnen de hersteltermijn ontvangen. Daarom behandelen wij de aanvraag niet verder ",
          "(artikel 4:5 Algemene wet bestuursrecht).",
        ),
        p(
          "Het besluit staat als brief bij uw plan in het portaal. Bent u het er niet mee eens, dan kunt u ",
          `binnen ${inWords(OBJECTION_TERM_WEEKS)} weken bezwaar maken; hoe dat gaat staat in de brief.`,
        ),
      ],
      action: { label: "Bekijk het besluit", href: applicantPlanUrl(ctx) },
    };
  },
});
