import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { NotFoundError } from "../errors.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { planWhereForActor } from "./access.server.ts";

/**
 * The applicant reports the day execution began (regulation art. 5.2: within six months of the
 * grant). The "report_start" event checks the date (not before the decision, not in the future,
 * not after the last day of the term) and records it on the plan.
 */
export async function reportExecutionStart(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  startedOn: string,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const visible = await tx.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    const { version } = await applyEvent(tx, {
      planId,
      event: "report_start",
      actor,
      expectedVersion,
      input: { startedOn },
    });
    return { version };
  });
}
