import { prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import {
  ADVICE_ALREADY_GIVEN,
  hasAdvisedCurrentVersion,
  storeAdvice,
} from "../assessment/assessment.server.ts";
import { decide } from "../decision/decide.server.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { assertChecklistPasses, type ChecklistConfirmations } from "../review/completeness.server.ts";
import { applyEvent, assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import { planWhereForActor } from "./access.server.ts";
import type { AdviceFormOutput, DecisionFormOutput } from "./plan-form.ts";

async function assertVisible(tx: Tx, actor: Actor, planId: string) {
  const plan = await tx.plan.findFirst({ where: planWhereForActor(actor, planId), select: { id: true } });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
}

/**
 * "Compleet verklaren": the completeness checklist with the handler's confirmations must pass,
 * else ChecklistFailed names every failing item. The complete event records the check (the
 * confirmation that all partners signed and each item's outcome) in its payload, so that the case
 * file and the audit chain hold on what the plan was declared complete.
 */
export async function markComplete(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  checklist: ChecklistConfirmations,
) {
  return prisma.$transaction(async (tx) => {
    await assertVisible(tx, actor, planId);
    const completeness = await assertChecklistPasses(tx, planId, checklist);
    return applyEvent(tx, { planId, event: "complete", actor, expectedVersion, input: { completeness } });
  });
}

/**
 * The Actieteam's advice: scores per criterion, recommendation, amounts, text (assessment/).
 * Every save is a new version; the "advise" event's guard refuses an adviser without an ACTIVE
 * assignment, and its effect moves the plan to ADVISED once enough advisers have advised.
 */
export async function recordAdvice(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  values: AdviceFormOutput,
) {
  return prisma.$transaction(async (tx) => {
    await assertVisible(tx, actor, planId);
    // Lock first, so that two advisers saving at once are ordered and the count is right.
    const plan = await lockPlan(tx, planId);
    assertVersion(plan, expectedVersion);
    if (plan.status === "ADVISED" && (await hasAdvisedCurrentVersion(tx, planId, actor.userId)))
      throw new ConflictError(ADVICE_ALREADY_GIVEN, "ADVICE_ALREADY_GIVEN");
    await storeAdvice(tx, actor, planId, values);
    return applyEvent(tx, {
      planId,
      event: "advise",
      actor,
      expectedVersion,
      input: { reason: values.text },
    });
  });
}

/**
 * Grant (in full or in part) or reject: decision/decide.server.ts, which also decides the waiting
 * plans at the end of a window. Kept here as the use case the routes and tests already call.
 */
export async function decidePlan(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  values: DecisionFormOutput,
) {
  return decide(actor, planId, expectedVersion, values);
}
