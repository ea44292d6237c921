import { releaseForPlan } from "../budget/ledger.server.ts";
import { notifyUsers, planCaseHandlers } from "../notifications/notify.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import type { EffectContext } from "./definition.server.ts";

/**
 * Effects of "withdraw" (intrekking by the applicant). Kept apart from withdrawal.server.ts,
 * which calls applyEvent, so that the workflow table does not import its own caller.
 */

/**
 * The reason of the withdrawal's RELEASE entries. The confirmation letter of a withdrawal recorded
 * before its event carried releasedCents finds what it freed by it (withdrawal-confirmation.server.ts).
 */
export const WITHDRAWAL_RELEASE_REASON = "intrekking door de aanvrager";

/**
 * The reservation goes back to the pots; committed money cannot exist before a decision. What it
 * gave back is recorded in the event (input.releasedCents, written to its payload by applyEvent),
 * for the confirmation letter: the plan's earlier releases are not this withdrawal's.
 */
export async function releaseOnWithdrawal({ tx, plan, actor, input }: EffectContext): Promise<void> {
  const { windowCents } = await releaseForPlan(tx, {
    planId: plan.id,
    actorId: actor.userId,
    reason: WITHDRAWAL_RELEASE_REASON,
  });
  input.releasedCents = windowCents;
}

/**
 * The handler learns of it (planCaseHandlers: present colleagues too while the handler is absent,
 * who would otherwise go on working a withdrawn plan; every case handler while nobody holds it).
 */
export async function tellHandlerOfWithdrawal({ tx, plan, input }: EffectContext): Promise<void> {
  const { reference } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { reference: true },
  });
  // Runs after releaseOnWithdrawal: a plan that held no reservation (waiting, or not yet complete) freed none.
  const freed = (input.releasedCents ?? 0n) > 0n;
  const notice = {
    planId: plan.id,
    title: `Aanvraag ${reference} ingetrokken`,
    body: `De aanvrager heeft de aanvraag ingetrokken. Er volgt geen besluit${freed ? "; de reservering is vrijgegeven" : ""}.`,
    link: `/behandeling/plannen/${plan.id}`,
  };
  await notifyUsers(tx, await planCaseHandlers(tx, plan.handlerId), notice);
}

/** The worker renders the bevestiging van intrekking and mails the organisation with it. */
export async function confirmWithdrawalByLetter({ tx, plan }: EffectContext): Promise<void> {
  await writeOutbox(tx, "renderLetter", { kind: "WITHDRAWAL_CONFIRMATION", planId: plan.id });
}
