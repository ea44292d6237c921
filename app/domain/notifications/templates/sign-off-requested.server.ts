import { signatoriesOf } from "../signatories.server.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel, SkipEmail } from "./types.ts";

/** To the organisation's signatories: a colleague has prepared the plan and asks them to submit it. */
export const signOffRequested = defineEmailTemplate({
  // Read when the job runs: a signatory who saw the bell and submitted (or withdrew) before a
  // backlog cleared must not be asked to submit again, nor a user whose signing right the
  // organisation has taken away since. The states are requestSignOff's (accounts/sign-off.server.ts).
  async load(db, payload, ctx) {
    if (ctx.plan.status !== "DRAFT" && ctx.plan.status !== "INFO_REQUESTED")
      return new SkipEmail("the plan no longer waits for a signatory");
    if (!(await signatoriesOf(db, payload.planId)).includes(payload.recipientUserId))
      return new SkipEmail("the recipient is no longer a signatory");
    const request = payload.signOffRequestId
      ? await db.auditLog.findUnique({
          where: { id: BigInt(payload.signOffRequestId) },
          select: { createdAt: true },
        })
      : null;
    // A draft asked for, submitted and then sent back for a supplement is INFO_REQUESTED again, but
    // what the colleague asked to sign went in already: the supplement is another request's.
    if (request) {
      const since = await db.planVersion.count({
        where: { planId: payload.planId, submittedAt: { gt: request.createdAt } },
      });
      if (since > 0) return new SkipEmail("the plan was submitted after the request");
    }
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
