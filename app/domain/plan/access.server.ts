import type { Prisma } from "../../generated/prisma/client.ts";
import { type Actor, PLAN_READER_ROLES } from "../actor.ts";

/**
 * The plans an actor may see, as a Prisma filter: an applicant only its own organisations'
 * plans, staff every plan once it has been submitted, an Actieteam adviser only the plans on which
 * they hold an ACTIVE assignment. Every plan query goes through this, so another organisation's
 * plan is simply "not found" (404), whatever the URL.
 */
export function visiblePlans(actor: Actor): Prisma.PlanWhereInput {
  const or: Prisma.PlanWhereInput[] = [];
  if (actor.roles.includes("APPLICANT") && actor.organisationIds.length > 0) {
    or.push({ organisationId: { in: actor.organisationIds } });
  }
  // ADMIN manages accounts and queues, not cases: it reads no plan (least privilege).
  if (actor.roles.some((r) => r !== "ADVISER" && PLAN_READER_ROLES.includes(r))) {
    or.push({ status: { not: "DRAFT" } });
  } else if (actor.roles.includes("ADVISER")) {
    // An Actieteam adviser sees a plan's content only once assigned and declared free of a
    // conflict of interest (ACTIVE); before that, only the declaration page's few facts.
    or.push({
      status: { not: "DRAFT" },
      assignments: { some: { adviserId: actor.userId, status: "ACTIVE" } },
    });
  }
  return or.length > 0 ? { OR: or } : { id: { in: [] } };
}

export function planWhereForActor(actor: Actor, planId: string): Prisma.PlanWhereInput {
  return { AND: [{ id: planId }, visiblePlans(actor)] };
}
