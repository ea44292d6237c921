import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { amsterdamDate, type LocalDate, localDateFromDb, localDateToDb } from "../time/index.ts";
import { lockActingStaff } from "../workflow/acting-staff.server.ts";

/**
 * Absence and reassignment (issue 5): a handler or decision maker records that a colleague (or
 * they themselves) is away until a date; the lists mark that colleague's plans "afwezig", and a
 * handler takes such a plan over. Neither is a status change: no WorkflowEvent, Plan.status and
 * Plan.version stay as they are; both are written to the AuditLog in the same transaction.
 */

const MAY_RECORD_ABSENCE = ["CASE_HANDLER", "DECISION_MAKER"] as const;
const STAFF_WITH_PLANS = ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"] as const;
/** States in which a plan still has work for its handler (also what an account's release frees). */
export const OPEN_STATES = [
  "SUBMITTED",
  "INFO_REQUESTED",
  "IN_ASSESSMENT",
  "WAITING_FOR_BUDGET",
  "ADVISED",
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
  "SETTLEMENT_REQUESTED",
] as const;

/**
 * A user is absent through absentUntil, a Dutch calendar day, inclusive. Compared as an instant, the
 * date's midnight UTC lies before every moment of that day, and the last day would count as present.
 */
export function isAbsent(absentUntil: Date | null, at: Date): boolean {
  return !!absentUntil && localDateFromDb(absentUntil) >= amsterdamDate(at);
}

/** Sets (or with null clears) a colleague's absence, through a Dutch calendar day inclusive. */
export async function setAbsence(actor: Actor, userId: string, until: LocalDate | null) {
  if (!MAY_RECORD_ABSENCE.some((r) => actor.roles.includes(r))) throw new ForbiddenError();
  if (until && until < amsterdamDate(now())) {
    throw new RuleViolation("Kies een datum vandaag of later.", "tot");
  }
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: userId, active: true, memberships: { some: { role: { in: [...STAFF_WITH_PLANS] } } } },
      select: { id: true, absentUntil: true },
    });
    if (!user) throw new RuleViolation("Kies een medewerker van de behandeling.", "medewerker");
    await tx.user.update({
      where: { id: userId },
      data: { absentUntil: until ? localDateToDb(until) : null },
    });
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "user.absence-set" satisfies AuditAction,
        targetType: "User",
        targetId: userId,
        details: {
          before: user.absentUntil ? localDateFromDb(user.absentUntil) : null,
          after: until,
        },
        createdAt: now(),
      },
    });
  });
}

/**
 * "Overnemen": the actor becomes the plan's handler. Four-eyes (design.md §4) forbids a handler
 * who advised or decided on the plan, so an adviser or decision maker of the plan cannot take it:
 * an adviser as the engine counts one (FOUR_EYES_COLUMNS), also after being taken off the plan.
 * `shownHandlerId`: the handler the actor's list showed (null: none). When a colleague took the
 * plan over meanwhile, the second is told rather than silently taking it from the first; a plan
 * that has no handler any more is simply taken.
 */
export async function takeOverPlan(actor: Actor, planId: string, shownHandlerId?: string | null) {
  if (!actor.roles.includes("CASE_HANDLER")) throw new ForbiddenError();
  return prisma.$transaction(async (tx) => {
    // The actor's account first, then the plan (acting-staff.server.ts): an admin switching the
    // account off or taking the role away meanwhile either waits and then releases the plan again,
    // or came first, and the take-over is refused.
    if (!(await lockActingStaff(tx, actor.userId, "CASE_HANDLER"))) throw new ForbiddenError();
    // Lock the row: two handlers taking over at once end with one handler and two audit rows in order.
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
    const plan = await tx.plan.findFirst({
      where: { AND: [{ id: planId }, visiblePlans(actor), { status: { not: "DRAFT" } }] },
      select: { id: true, status: true, handlerId: true },
    });
    if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    if (plan.handlerId === actor.userId) throw new RuleViolation("U behandelt dit plan al.");
    // Only a colleague's take-over is a conflict: a plan released to the queue meanwhile (no handler)
    // is taken over as the actor wanted, with "before" in the audit saying who had it (nobody).
    if (shownHandlerId !== undefined && plan.handlerId !== null && plan.handlerId !== shownHandlerId)
      throw new ConflictError(
        "Een collega heeft dit plan zojuist overgenomen. Laad de lijst opnieuw om te zien wie het nu behandelt.",
        "HANDLER_CHANGED",
      );
    if (!(OPEN_STATES as readonly string[]).includes(plan.status)) {
      throw new RuleViolation("Dit plan is afgehandeld; er valt niets over te nemen.");
    }
    // One after another: a transaction is one connection, which runs one query at a time anyway
    // (pg warns that queueing them on one client will stop working in pg 9).
    const advised = await tx.advice.count({ where: { planId, adviserId: actor.userId } });
    // The advisers the engine's four-eyes bars from deciding the plan (a seat held, or held beyond
    // its declaration: taken off after declaring, with or without a conflict) do not handle it either.
    const { assignedAdviserIds } = await loadFourEyesFacts(tx, planId);
    const seated = assignedAdviserIds.includes(actor.userId) ? 1 : 0;
    const decided = await tx.decision.count({ where: { planId, decidedById: actor.userId } });
    if (advised + seated + decided > 0) {
      throw new RuleViolation("U adviseert of besluit over dit plan en kunt het daarom niet behandelen.");
    }
    await tx.plan.update({ where: { id: planId }, data: { handlerId: actor.userId } });
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "plan.handler-taken-over" satisfies AuditAction,
        targetType: "Plan",
        targetId: planId,
        details: { before: plan.handlerId, after: actor.userId },
        createdAt: now(),
      },
    });
    return { previousHandlerId: plan.handlerId };
  });
}
