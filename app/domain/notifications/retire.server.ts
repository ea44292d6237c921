import type { Tx } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import { actorFromMemberships } from "../actor.ts";
import { now } from "../clock.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { AFTER_GRANT_DECISION_AUDIENCE, type AudienceRoles } from "./templates/types.ts";

/** The roles that work a plan towards its besluiten, and the only ones told of it on staff pages. */
const PLAN_WORK_ROLES: AudienceRoles = ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"];

type Membership = { role: Role; organisationId: string | null; isCoordinator: boolean };

/**
 * Who a staff notice is for, told by where it leads: a notice records no template, but each kind
 * of staff notice has its own page, and the roles here are those its writers tell (as the e-mail
 * of the same notice has them in its template's audienceRoles). The assignment page: the
 * Actieteam's coordinators (the decision term of an assessment no adviser holds). The terms
 * overview: the handlers (execution not started). The vaststelling and verlenging tabs: the
 * handlers and the decision makers (handlerAndDecisionMakers). Any other staff page: the roles
 * that work plans — never Financiën, which opens plans to pay them but is told of no term. Coarser
 * than the mail where one page serves several notices (the hersteltermijn's lapse, for the
 * handler, leads to the plan page as the decision term does): what is kept is one the user's
 * roles could have been told.
 */
function staffNoticeAudience(link: string): ((m: Membership[]) => boolean) | null {
  const holds = (roles: AudienceRoles) => (m: Membership[]) => m.some((x) => roles.includes(x.role));
  if (link.startsWith("/behandeling/toewijzing"))
    return (m) => m.some((x) => x.role === "ADVISER" && x.isCoordinator);
  if (/^\/behandeling\/termijnen(?:[/?#]|$)/.test(link)) return holds(["CASE_HANDLER"]);
  if (/^\/behandeling\/plannen\/[^/?#]+\/(?:vaststelling|verlenging)(?:[/?#]|$)/.test(link))
    return holds(AFTER_GRANT_DECISION_AUDIENCE);
  if (link.startsWith("/behandeling/")) return holds(PLAN_WORK_ROLES);
  return null;
}

/**
 * Marks read the user's unread staff notices they are no longer the one to be told, once a role
 * or seat is gone (an admin's account change, a coordinator taking an adviser off a plan), as the
 * e-mail of the same notice is skipped then (ADR 0006, sendPlanEmail):
 *
 * - those for roles the user no longer holds (staffNoticeAudience): a handler made finance-only
 *   still opens every submitted plan, but the decision term is no longer theirs to meet;
 * - those leading to a plan page the user can no longer open, whose link is now a 404. The mail's
 *   check, not a copy: the actor the memberships now make (actorFromMemberships) and visiblePlans,
 *   so another route to the plan (a handler's role, a seat still held) keeps its notices.
 *
 * In the caller's transaction, after the change.
 */
export async function retireUnopenableNotices(tx: Tx, userId: string): Promise<void> {
  const memberships = await tx.roleMembership.findMany({
    where: { userId },
    select: { role: true, organisationId: true, isCoordinator: true },
  });
  const notices = await tx.notification.findMany({
    where: { userId, readAt: null, link: { startsWith: "/behandeling/" } },
    select: { id: true, planId: true, link: true },
  });
  if (notices.length === 0) return;
  const notForRoles = new Set(
    notices.filter((n) => staffNoticeAudience(n.link ?? "")?.(memberships) === false).map((n) => n.id),
  );
  // Only plan-page links for the rest: the assignment page needs no seat on the plan.
  const planIds = [
    ...new Set(
      notices.flatMap((n) =>
        n.planId && !notForRoles.has(n.id) && n.link?.startsWith("/behandeling/plannen/") ? [n.planId] : [],
      ),
    ),
  ];
  const opens =
    planIds.length === 0
      ? []
      : await tx.plan.findMany({
          where: { AND: [{ id: { in: planIds } }, visiblePlans(actorFromMemberships(userId, memberships))] },
          select: { id: true },
        });
  const lost = new Set(planIds.filter((id) => !opens.some((p) => p.id === id)));
  const retired = notices
    .filter(
      (n) =>
        notForRoles.has(n.id) ||
        (n.planId !== null && lost.has(n.planId) && n.link?.startsWith("/behandeling/plannen/")),
    )
    .map((n) => n.id);
  if (retired.length === 0) return;
  await tx.notification.updateMany({ where: { id: { in: retired } }, data: { readAt: now() } });
}
