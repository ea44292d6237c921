import type { Role } from "../generated/prisma/enums.ts";

/** Who is acting: what every domain use case receives from the route's auth guard. */
export type Actor = {
  userId: string;
  roles: Role[];
  /** Organisations for which the user holds the APPLICANT role. */
  organisationIds: string[];
};

export const STAFF_ROLES: readonly Role[] = ["CASE_HANDLER", "ADVISER", "DECISION_MAKER", "FINANCE", "ADMIN"];

export function isStaff(actor: Actor): boolean {
  return actor.roles.some((r) => STAFF_ROLES.includes(r));
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

/** The roles that review plans: the staff plan pages and queues (design.md §4). */
export const REVIEW_ROLES: readonly Role[] = ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"];

/** Who may open a staff plan page read-only: the review roles, and finance, which pays the plans (issue 6). */
export const PLAN_READER_ROLES: readonly Role[] = [...REVIEW_ROLES, "FINANCE"];
