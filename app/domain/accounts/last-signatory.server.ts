import type { Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { OPEN_STATES } from "../caselist/absence.server.ts";
import { RuleViolation } from "../errors.ts";
import { lastSignatoryMessage } from "./staff-messages.ts";

/**
 * A plan in flight: submitted and not yet in a final state. The final ones are those no workflow
 * event leaves (NOT_CONSIDERED, REJECTED, WITHDRAWN, SETTLED); every other state after DRAFT still
 * waits for a step only a signatory takes — the supplement, withdrawal, a vaststelling or an
 * extension. The same set as the handler's open states; a test holds the two to the workflow.
 */
const IN_FLIGHT: readonly PlanStatus[] = OPEN_STATES;

/**
 * Which organisations the check looks at, and the refusal it gives. The admin switching an account
 * off checks every organisation of the user, in the admin's words; a signatory ending a membership
 * (organisation.server.ts endMembership) checks that one organisation, in the applicant's words.
 */
export type LastSignatoryScope = {
  organisationId?: string;
  message?: (organisationName: string) => string;
};

/**
 * Refuses taking away an organisation's last active signatory while it has a plan in flight:
 * nobody there could then send a supplement, withdraw, ask a vaststelling or an extension, nor
 * name a new signatory (setSignatory needs a signatory as actor), and the admin names none.
 * With only drafts (or ended plans) it is allowed: a draft waits for nobody and is submitted by a
 * signatory anyway, so the organisation then asks the admin to switch the account back on first.
 *
 * Locks, after the account's row (lockAccount) or the organisation's own row (endMembership):
 * the organisations' rows in id order, FOR NO KEY UPDATE as withdrawInvitation takes them, so a
 * colleague's right given or taken away (setSignatory, FOR UPDATE) is counted; not FOR UPDATE,
 * which would wait for an acceptInvitation holding one of this user's invitations and inserting a
 * membership (KEY SHARE on the row) while this transaction later waits for that invitation
 * (withdrawInvitationsOf). Then, only for an organisation of which the user is the last
 * signatory, all its plans FOR SHARE, every status: a submit that read the signatories before
 * this commits has either finished (and is seen here as SUBMITTED) or waits, and reads them after
 * this has taken the right away, and is refused.
 */
export async function refuseLastSignatory(
  tx: Tx,
  userId: string,
  field: string,
  scope: LastSignatoryScope = {},
): Promise<void> {
  const only = scope.organisationId ?? null;
  const organisations = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT o.id, o.name FROM "Organisation" o
    WHERE o.id IN (SELECT m."organisationId" FROM "RoleMembership" m
                   WHERE m."userId" = ${userId} AND m.role = 'APPLICANT')
      AND (${only}::text IS NULL OR o.id = ${only})
    ORDER BY o.id
    FOR NO KEY UPDATE OF o`;
  for (const organisation of organisations) {
    const signatories = await tx.roleMembership.findMany({
      where: {
        organisationId: organisation.id,
        role: "APPLICANT",
        isSignatory: true,
        user: { active: true },
      },
      select: { userId: true },
    });
    if (signatories.length !== 1 || signatories[0]?.userId !== userId) continue;
    // No status filter in the locking statement: a row filtered out on its old status (DRAFT) would
    // not be locked, nor read again once a submit that held it commits.
    const plans = await tx.$queryRaw<{ status: PlanStatus }[]>`
      SELECT status::text AS status FROM "Plan" WHERE "organisationId" = ${organisation.id}
      ORDER BY id FOR SHARE`;
    if (plans.some((p) => IN_FLIGHT.includes(p.status)))
      throw new RuleViolation(
        (scope.message ?? lastSignatoryMessage)(organisation.name),
        field,
        "LAST_SIGNATORY",
      );
  }
}
