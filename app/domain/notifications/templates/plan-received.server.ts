import { acknowledgedVersionId } from "../../documents/acknowledgement.server.ts";
import { NotFoundError } from "../../errors.ts";
import { termWeeksOf } from "../../review/decision-term.ts";
import { formatDateTimeNl } from "../../time/index.ts";
import { list, p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel } from "./types.ts";

/**
 * To the applicant's organisation: the application was received; the acknowledgement is in the
 * portal. The acknowledgement (payload.documentId) names the version it confirms; a version after
 * the first is the supplement asked for (Awb 4:5), received when that version was submitted.
 */
export const planReceived = defineEmailTemplate({
  async load(db, payload) {
    const plan = await db.plan.findUnique({
      where: { id: payload.planId },
      select: {
        submittedAt: true,
        decisionTermWeeks: true,
        regulation: { select: { citationTitle: true, decisionTermWeeks: true } },
      },
    });
    if (!plan?.submittedAt) throw new NotFoundError(`Plan ${payload.planId} is not submitted`);
    const document = payload.documentId
      ? await db.document.findUnique({ where: { id: payload.documentId }, select: { idempotencyKey: true } })
      : null;
    const versionId = document ? acknowledgedVersionId(document.idempotencyKey) : null;
    const version = versionId
      ? await db.planVersion.findFirst({
          where: { id: versionId, planId: payload.planId },
          select: { number: true, submittedAt: true },
        })
      : null;
    return {
      receivedAt: version?.submittedAt ?? plan.submittedAt,
      supplement: (version?.number ?? 1) > 1,
      regulation: plan.regulation.citationTitle,
      // A supplement received during assessment: the term the plan was found complete under.
      decisionTermWeeks: termWeeksOf(plan),
    };
  },
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    const what = d.supplement ? "De aanvulling op uw aanvraag" : "Uw aanvraag";
    return {
      subject: `${what} ${ref} is ontvangen${oneLineTitle(ctx)}`,
      preheader: `Wij hebben ${what.toLowerCase()} ${ref} ontvangen. De ontvangstbevestiging staat in het portaal.`,
      heading: d.supplement ? "Uw aanvulling is ontvangen" : "Uw aanvraag is ontvangen",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          d.supplement ? "Wij hebben de aanvulling op de aanvraag " : "Wij hebben de aanvraag ",
          strong(planLabel(ctx)),
          ` van ${ctx.plan.organisationName} voor de ${d.regulation} ontvangen op ${formatDateTimeNl(d.receivedAt)}.`,
        ),
        p(
          "De ontvangstbevestiging staat als brief bij uw aanvraag in het portaal. Noem bij vragen altijd het kenmerk ",
          strong(ref),
          ".",
        ),
        // Withdrawn before this mail went out (a busy worker): no check and no besluit follow, and the
        // bevestiging van intrekking comes as a mail of its own (withdrawal-confirmed).
        ...(ctx.plan.status === "WITHDRAWN"
          ? [p("U heeft deze aanvraag inmiddels ingetrokken. U ontvangt daarvan een aparte bevestiging.")]
          : [
              p(strong("Wat gebeurt er nu?")),
              list(
                [
                  "Wij controleren of uw aanvraag compleet is. Ontbreekt er iets, dan vragen wij u dat binnen een termijn aan te vullen.",
                ],
                [
                  `Binnen ${d.decisionTermWeeks} weken nadat uw aanvraag compleet is, beslissen wij erover. `,
                  "Zolang wij op een aanvulling wachten, staat die termijn stil.",
                ],
                ["U krijgt een bericht zodra het besluit (de beschikking) in het portaal staat."],
              ),
            ]),
      ],
      action: { label: "Bekijk uw aanvraag", href: applicantPlanUrl(ctx) },
    };
  },
});
