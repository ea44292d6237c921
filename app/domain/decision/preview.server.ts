import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { renderDecisionLetter } from "../documents/decision-letter.server.ts";
import { LETTER_KIND_BY_OUTCOME, letterInputForPlan } from "../documents/decision-letter-input.server.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import type { DecisionFormOutput } from "../plan/plan-form.ts";
import { OUTCOME, wouldDecide } from "./decide.server.ts";

/**
 * The beschikking as it would be for the form's values, rendered and returned — no Decision, no
 * Document, no blob is written (design.md §4: previewed before the decision is taken). The values
 * go through the decision itself, rolled back (wouldDecide): the engine's refusals too (four-eyes, a
 * waiting plan refused on the merits without advice, the end of the window), so a preview never
 * shows a letter for what the decision would refuse, and says why in the decision's own words.
 */
export async function previewDecisionLetter(
  actor: Actor,
  planId: string,
  values: DecisionFormOutput,
): Promise<{ filename: string; bytes: Uint8Array }> {
  if (!actor.roles.includes("DECISION_MAKER")) throw new ForbiddenError();
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { id: true, reference: true },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const checked = await wouldDecide(actor, planId, values);
  const input = await letterInputForPlan(prisma, planId, {
    kind: LETTER_KIND_BY_OUTCOME[OUTCOME[checked.event as keyof typeof OUTCOME]],
    decisionId: "voorbeeld",
    decidedAt: now(),
    reason: checked.reason,
    decidedById: actor.userId,
    granted: checked.grantedPerYear,
    interimAuditRequired: checked.interimAuditRequired,
    preview: true,
  });
  return {
    filename: `voorbeeld-beschikking-${plan.reference}.pdf`,
    bytes: await renderDecisionLetter(input),
  };
}
