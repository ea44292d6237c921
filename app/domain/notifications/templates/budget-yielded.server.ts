import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, oneLineTitle, planLabel, SkipEmail } from "./types.ts";

/**
 * The portal's notice of yield_budget, written with the event (workflow/definition.server.ts): the
 * same words in the bell and, shortened, in the e-mail's opening. Not a besluit, so no letter and no
 * objection term: the plan stays complete and waits at its own place in line.
 */
export const BUDGET_YIELDED_TITLE = (reference: string) => `Reservering vervallen: ${reference}`;
export const BUDGET_YIELDED_BODY =
  "Het budget wordt verdeeld in de volgorde waarin aanvragen volledig zijn ontvangen. Een aanvraag die eerder volledig is ontvangen, gaat voor; de reservering voor uw aanvraag is daarom vervallen. Uw aanvraag blijft volledig en wacht op budget op haar eigen plaats in de rij. Dit is geen afwijzing.";

/**
 * To the organisation: its plan gave its reservation back to a plan received complete earlier
 * (regulation art. 1.5; budget/waiting-list.server.ts yieldLaterReservations). One mail per time
 * the plan gives way: the key carries the yield_budget event, so a job run twice sends once and a
 * plan that gives way again later is told again. Skipped once the plan no longer waits: it got its
 * reservation back before the mail went out, and "wacht op budget" would no longer be true.
 */
export const budgetYielded = defineEmailTemplate({
  async load(db, payload, ctx) {
    if (ctx.plan.status !== "WAITING_FOR_BUDGET") return new SkipEmail("the plan no longer waits for budget");
    const event = await db.workflowEvent.findFirst({
      where: { planId: payload.planId, event: "yield_budget" },
      orderBy: { id: "desc" },
      select: { id: true, fromStatus: true },
    });
    if (!event) return new SkipEmail("the plan never gave way");
    return { eventId: event.id.toString(), wasAdvised: event.fromStatus === "ADVISED" };
  },
  keySuffix: (d) => d.eventId,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Reservering vervallen: aanvraag ${ref} wacht op budget${oneLineTitle(ctx)}`,
      preheader: `Een eerder volledig ontvangen aanvraag gaat voor. Uw aanvraag ${ref} wacht op budget; dit is geen afwijzing.`,
      heading: "Uw aanvraag wacht op budget",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "Het budget van de regeling wordt verdeeld in de volgorde waarin aanvragen volledig zijn ontvangen ",
          "(artikel 1.5 van de regeling). Een aanvraag die eerder volledig was ontvangen dan de aanvraag ",
          strong(planLabel(ctx)),
          ", is later volledig verklaard en gaat voor. Het budget dat voor uw aanvraag was gereserveerd, is daarom vervallen.",
        ),
        p(
          "Uw aanvraag blijft volledig en blijft in behandeling. Zij wacht op budget op haar eigen plaats in de rij: ",
          "die plaats volgt uit het moment waarop zij volledig is ontvangen. Komt er budget vrij, dan krijgt uw aanvraag ",
          "in die volgorde haar reservering terug.",
          d.wasAdvised ? " Het advies over uw aanvraag blijft staan." : "",
        ),
        p(
          strong("Dit is geen afwijzing."),
          " U hoeft niets te doen. Noem bij vragen het kenmerk ",
          strong(ref),
          ".",
        ),
      ],
      action: { label: "Bekijk uw aanvraag", href: applicantPlanUrl(ctx) },
    };
  },
});
