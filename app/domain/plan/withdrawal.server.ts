import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { NotFoundError } from "../errors.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { planWhereForActor } from "./access.server.ts";

/** Longest reason kept with the withdrawal (it is printed in the confirmation letter). */
export const WITHDRAWAL_REASON_MAX = 2000;

/**
 * Intrekking by a signatory of the applicant's organisation, after submission and before the
 * decision. The workflow's "withdraw" event releases a reservation, cancels the reminders, tells
 * the handler and queues the confirmation letter and e-mail — all in this one transaction.
 */
export async function withdrawPlan(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  reason: string | null,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const visible = await tx.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    const trimmed = reason?.trim() || null;
    const { version } = await applyEvent(tx, {
      planId,
      event: "withdraw",
      actor,
      expectedVersion,
      input: trimmed ? { reason: trimmed } : {},
    });
    return { version };
  });
}
