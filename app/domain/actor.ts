import type { Role } from "../generated/prisma/enums.ts";

/** Who is acting: what every domain use case receives from the route's auth guard. */
export type Actor = {
  userId: string;
  roles: Role[];
  /** Organisations for which the user holds the APPLICANT role. */
  organisationIds: string[];
};

/**
 * The actor a user's memberships make: every role they hold, and the organisations they are an
 * applicant of. The session builds it per request; a job that acts for or checks a user builds it
 * the same way, from the memberships as they stand.
 *
 * The organisations come in the order the user joined them (the membership's createdAt), so that
 * the first, which a page shows when it is not told which, stays the same between requests and
 * when the user joins another organisation later. Not by name: a rename would change it. Given
 * without createdAt (a check that only asks "is this one of theirs"), the memberships' order is kept.
 */
export function actorFromMemberships(
  userId: string,
  memberships: readonly { role: Role; organisationId: string | null; createdAt?: Date | string }[],
): Actor {
  const roles = [...new Set(memberships.map((m) => m.role))];
  const joined = (m: { createdAt?: Date | string }) => new Date(m.createdAt ?? 0).getTime();
  // A stable sort: memberships made in the same millisecond keep the order they were given in.
  const ordered = memberships.every((m) => m.createdAt !== undefined)
    ? [...memberships].sort((a, b) => joined(a) - joined(b))
    : memberships;
  const organisationIds = [
    ...new Set(
      ordered.flatMap((m) => (m.role === "APPLICANT" && m.organisationId ? [m.organisationId] : [])),
    ),
  ];
  return { userId, roles, organisationIds };
}

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
