import { amsterdamDate, formatDateNl } from "../../time/index.ts";
import { p, strong } from "./message.ts";
import { applicantPlanUrl, defineEmailTemplate, planLabel, SkipEmail } from "./types.ts";

/** To the organisation: the handler asks for a supplement, says what and by when (Awb 4:5). */
export const supplementRequested = defineEmailTemplate({
  async load(db, payload, ctx) {
    // Read when the job runs, not when it was queued: a plan withdrawn or not considered (buiten
    // behandeling) before a backlog cleared must not still be asked to supplement by a date.
    if (ctx.plan.status !== "INFO_REQUESTED")
      return new SkipEmail("the plan no longer waits for a supplement");
    const request = await db.supplementRequest.findFirst({
      where: { planId: payload.planId },
      orderBy: { requestedAt: "desc" },
      select: { id: true, text: true, dueAt: true, answeredAt: true },
    });
    if (!request) return new SkipEmail("no supplement request");
    if (request.answeredAt) return new SkipEmail("the supplement was sent already");
    // dueAt is the end of the term's last day (Awb 4:5), an instant: its day is the Dutch one.
    return { id: request.id, text: request.text, due: formatDateNl(amsterdamDate(request.dueAt)) };
  },
  keySuffix: (d) => d.id,
  compose(d, ctx) {
    const ref = ctx.plan.reference;
    return {
      subject: `Aanvulling gevraagd: ${ref}`,
      // "uiterlijk op", as the letter says: the last day itself still counts.
      preheader: `Vul de aanvraag ${ref} uiterlijk op ${d.due} aan.`,
      heading: "Wij vragen u de aanvraag aan te vullen",
      blocks: [
        p(`Geachte ${ctx.recipient.name},`),
        p(
          "Om de aanvraag ",
          strong(planLabel(ctx)),
          " te kunnen behandelen, vragen wij u het volgende aan te vullen:",
        ),
        p(d.text),
        p(
          `Doe dit uiterlijk op ${d.due} in het portaal: de stappen waar het om gaat staan weer open. Tot de aanvulling binnen is, loopt de beslistermijn niet. Vult u niet op tijd aan, dan kunnen wij besluiten de aanvraag niet te behandelen (artikel 4:5 Algemene wet bestuursrecht).`,
        ),
      ],
      action: { label: "Aanvraag aanvullen", href: applicantPlanUrl(ctx) },
    };
  },
});
