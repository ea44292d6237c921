import { releaseForPlan } from "../budget/ledger.server.ts";
import { notifyRole, notifyUsers } from "../notifications/notify.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import type { EffectContext } from "./definition.server.ts";

/**
 * Effects of "withdraw" (intrekking by the applicant). Kept apart from withdrawal.server.ts,
 * which calls applyEvent, so that the workflow table does not import its own caller.
 */

/** The reservation goes back to the pots; committed money cannot exist before a decision. */
export async function releaseOnWithdrawal({ tx, plan, actor }: EffectContext): Promise<void> {
  await releaseForPlan(tx, {
    planId: plan.id,
    actorId: actor.userId,
    reason: "intrekking door de aanvrager",
  });
}

/** The handler learns of it (every case handler while nobody has taken the plan yet). */
export async function tellHandlerOfWithdrawal({ tx, plan }: EffectContext): Promise<void> {
  const { reference } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { reference: true },
  });
  const notice = {
    planId: plan.id,
    title: `Aanvraag ${reference} ingetrokken`,
    body: "De aanvrager heeft de aanvraag ingetrokken. Er volgt geen besluit; een reservering is vrijgegeven.",
    link: `/behandeling/plannen/${plan.id}`,
  };
  if (plan.handlerId) await notifyUsers(tx, [plan.handlerId], notice);
  else await notifyRole(tx, "CASE_HANDLER", notice);
}

/** The worker renders the bevestiging van intrekking and mails the organisation with it. */
export async function confirmWithdrawalByLetter({ tx, plan }: EffectContext): Promise<void> {
  await writeOutbox(tx, "renderLetter", { kind: "WITHDRAWAL_CONFIRMATION", planId: plan.id });
}
