import type { Prisma } from "../../generated/prisma/client.ts";
import { type Actor, isStaff } from "../actor.ts";

/**
 * The plans an actor may see, as a Prisma filter: an applicant only its own organisations'
 * plans, staff every plan once it has been submitted. Every plan query goes through this, so
 * another organisation's plan is simply "not found" (404), whatever the URL.
 */
export function visiblePlans(actor: Actor): Prisma.PlanWhereInput {
  const or: Prisma.PlanWhereInput[] = [];
  if (actor.roles.includes("APPLICANT") && actor.organisationIds.length > 0) {
    or.push({ organisationId: { in: actor.organisationIds } });
  }
  if (isStaff(actor)) or.push({ status: { not: "DRAFT" } });
  return or.length > 0 ? { OR: or } : { id: { in: [] } };
}

export function planWhereForActor(actor: Actor, planId: string): Prisma.PlanWhereInput {
  return { AND: [{ id: planId }, visiblePlans(actor)] };
}
