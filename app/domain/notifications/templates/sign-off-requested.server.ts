import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/** To the organisation's signatories: a colleague has prepared the plan and asks them to submit it. */
export const signOffRequested = defineEmailTemplate({
  async load(_db, payload) {
    return { request: payload.signOffRequestId ?? "" };
  },
  // Without it every request for the same plan and signatory had one key, and only the first mailed;
  // requestSignOff refuses a repeat of the same request, so each request it lets through mails.
  keySuffix: (d) => (d.request ? `request-${d.request}` : ""),
  compose(_d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Ter ondertekening: ${ref}${oneLineTitle(ctx)}`,
      preheader: `Een collega vraagt u de aanvraag ${ref} te controleren en in te dienen.`,
      heading: "Een aanvraag wacht op uw ondertekening",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "Een collega heeft de aanvraag ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} voorbereid en vraagt u als tekenbevoegde om die te controleren en in te dienen.`,
        ),
        p("Alleen een tekenbevoegde van uw organisatie kan de aanvraag indienen."),
      ],
      action: { label: "Bekijk de aanvraag", href: applicantPlanUrl(ctx) },
    };
  },
});
