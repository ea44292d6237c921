import type { Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { appendWorkflowEvent } from "./chain.server.ts";
import { type EventInput, type EventName, type PlanFacts, WORKFLOW, whyNot } from "./definition.server.ts";

export const PLAN_CHANGED =
  "Het plan is intussen gewijzigd door iemand anders. Laad de pagina opnieuw en bekijk de nieuwe stand.";

/**
 * Locks the plan row for the rest of the transaction and returns what the workflow's guards need.
 * Every change to a plan takes this lock first (and pots after it, in id order), so concurrent
 * changes of one plan queue up instead of deadlocking.
 */
export async function lockPlan(tx: Tx, planId: string): Promise<PlanFacts> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      status: PlanFacts["status"];
      version: number;
      organisationId: string;
      handlerId: string | null;
    }[]
  >`SELECT id, status, version, "organisationId", "handlerId" FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const advices = await tx.advice.findMany({ where: { planId }, select: { adviserId: true } });
  const signatories = await tx.roleMembership.findMany({
    where: {
      organisationId: row.organisationId,
      role: "APPLICANT",
      isSignatory: true,
      user: { active: true },
    },
    select: { userId: true },
  });
  // One after the other: a transaction is one connection, which runs one query at a time.
  const assignments = await tx.adviserAssignment.findMany({
    where: { planId, status: { not: "REMOVED" } },
    select: { adviserId: true, status: true },
  });
  const supplement = await tx.supplementRequest.findFirst({
    where: { planId, answeredAt: null },
    orderBy: { requestedAt: "desc" },
    select: { dueAt: true },
  });
  const extra = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      window: { select: { closesAt: true } },
      decision: { select: { decidedAt: true } },
      regulation: { select: { advisersRequired: true, executionStartMonths: true } },
    },
  });
  return {
    ...row,
    adviserIds: advices.map((a) => a.adviserId),
    signatoryIds: signatories.map((m) => m.userId),
    assignedAdviserIds: assignments.map((a) => a.adviserId),
    activeAdviserIds: assignments.filter((a) => a.status === "ACTIVE").map((a) => a.adviserId),
    supplementDueAt: supplement?.dueAt ?? null,
    windowClosesAt: extra.window?.closesAt ?? null,
    decidedAt: extra.decision?.decidedAt ?? null,
    advisersRequired: extra.regulation.advisersRequired,
    executionStartMonths: extra.regulation.executionStartMonths,
  };
}

export function assertVersion(plan: PlanFacts, expectedVersion: number): void {
  if (plan.version !== expectedVersion) throw new ConflictError(PLAN_CHANGED, "PLAN_CHANGED");
}

/**
 * Fires a workflow event inside the caller's transaction: checks the expected version, the
 * state, the role and the guards; runs the event's effects (budget, outbox); writes the new
 * status with the next version; appends the WorkflowEvent. Throws and changes nothing when
 * any check fails (the caller's transaction rolls back).
 */
export async function applyEvent(
  tx: Tx,
  args: { planId: string; event: EventName; actor: Actor; expectedVersion: number; input?: EventInput },
): Promise<{ version: number; status: PlanFacts["status"] }> {
  const { event, actor, expectedVersion } = args;
  const input = args.input ?? {};
  const plan = await lockPlan(tx, args.planId);
  assertVersion(plan, expectedVersion);

  const transition = WORKFLOW[event];
  const reason = whyNot(event, plan, actor);
  if (reason) {
    if (!transition.from.includes(plan.status)) throw new ConflictError(reason, "WRONG_STATE");
    throw new ForbiddenError(reason);
  }
  const actorRole = transition.roles.find((r) => actor.roles.includes(r));
  if (!actorRole) throw new ForbiddenError();

  let to = transition.to;
  for (const effect of transition.effects) {
    const chosen = await effect({ tx, plan, actor, actorRole, input });
    if (chosen) {
      if (!transition.alternatives?.includes(chosen.to))
        throw new Error(`${event} cannot lead to ${chosen.to}`);
      to = chosen.to;
    }
  }

  const version = plan.version + 1;
  await tx.plan.update({ where: { id: plan.id }, data: { status: to, version } });
  // Under the plan's row lock (lockPlan above): the chain of this plan's events stays linear.
  await appendWorkflowEvent(tx, {
    planId: plan.id,
    event,
    fromStatus: plan.status,
    toStatus: to,
    actorId: actor.userId,
    actorRole,
    reason: input.reason ?? null,
    payload: eventPayload(input),
    planVersion: version,
    createdAt: now(),
  });
  return { version, status: to };
}

/** What an event records besides its reason: the amounts of a grant, the reported start date. */
function eventPayload(input: EventInput): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (input.grantedPerYear)
    payload.grantedPerYear = input.grantedPerYear.map((g) => ({ year: g.year, cents: g.cents.toString() }));
  if (input.startedOn) payload.startedOn = input.startedOn;
  return payload;
}
