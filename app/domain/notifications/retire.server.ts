import type { Tx } from "../../db/client.server.ts";
import { actorFromMemberships } from "../actor.ts";
import { now } from "../clock.ts";
import { visiblePlans } from "../plan/access.server.ts";

/**
 * Marks read the user's unread notices that lead to a plan page the user can no longer open, once
 * a role or seat is gone (an admin's account change, a coordinator taking an adviser off a plan):
 * the bell would count them with a link that is now a 404, while the e-mail of the same notice is
 * skipped for that reason (ADR 0006). The mail's check, not a copy: the actor the memberships now
 * make (actorFromMemberships) and visiblePlans, so another route to the plan (a handler's role, a
 * seat still held) keeps its notices. Only plan-page links: a coordinator's notice leads to the
 * assignment page, which needs no seat on the plan. In the caller's transaction, after the change.
 */
export async function retireUnopenableNotices(tx: Tx, userId: string): Promise<void> {
  const notices = await tx.notification.findMany({
    where: { userId, readAt: null, planId: { not: null }, link: { startsWith: "/behandeling/plannen/" } },
    select: { planId: true },
    distinct: ["planId"],
  });
  const planIds = notices.flatMap((n) => (n.planId ? [n.planId] : []));
  if (planIds.length === 0) return;
  const memberships = await tx.roleMembership.findMany({
    where: { userId },
    select: { role: true, organisationId: true },
  });
  const opens = await tx.plan.findMany({
    where: { AND: [{ id: { in: planIds } }, visiblePlans(actorFromMemberships(userId, memberships))] },
    select: { id: true },
  });
  const lost = planIds.filter((id) => !opens.some((p) => p.id === id));
  if (lost.length === 0) return;
  await tx.notification.updateMany({
    where: { userId, readAt: null, planId: { in: lost }, link: { startsWith: "/behandeling/plannen/" } },
    data: { readAt: now() },
  });
}
