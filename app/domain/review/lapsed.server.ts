import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { NotFoundError } from "../errors.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";

/**
 * "Buiten behandeling stellen" (Awb 4:5): the engine's guard checks that the hersteltermijn has
 * lapsed; the event's effects release any reservation, stop the reminders and queue the letter
 * (NOT_CONSIDERED_DECISION), whose production tells the applicant by e-mail.
 */
export async function closeNotConsidered(actor: Actor, planId: string, expectedVersion: number) {
  return prisma.$transaction(async (tx) => {
    const visible = await tx.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    return applyEvent(tx, {
      planId,
      event: "not_consider",
      actor,
      expectedVersion,
      input: { reason: "Hersteltermijn verstreken zonder aanvulling (Awb 4:5)." },
    });
  });
}
