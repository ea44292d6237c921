import type { Tx } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";

/**
 * A staff member's own step that names them on a plan — declaring it complete or asking for a
 * supplement (handlerId = actor), taking a case over, claiming or being assigned an adviser's seat —
 * against an admin switching the account off or taking the role away (accounts/staff.server.ts),
 * which puts their plans back in the queue and ends their seats. The session's roles were read
 * when the request began; without a lock both sides take, the step could commit after the release
 * and name someone who is gone.
 *
 * Lock order (the same in every transaction, so none waits for another in a cycle):
 *   1. the staff member's User row: FOR SHARE by the step (here), FOR NO KEY UPDATE by the
 *      account change, after its 'staff-accounts' advisory lock and before it changes a role —
 *      not FOR UPDATE, which would wait for the KEY SHARE that any insert referencing the user (a
 *      notification) takes, possibly from a transaction that holds one of the user's plans;
 *   2. plan rows (lockPlan, FOR UPDATE; the account change takes the user's plans FOR NO KEY
 *      UPDATE, in id order, which likewise does not wait for the KEY SHARE of a row inserted
 *      for the plan, such as a supplement request written before its event);
 *   3. the fund's line lock, the rows of plans that give way, the budget pots
 *      (budget/waiting-list.server.ts).
 * So a step takes this lock before any plan row. Either the step holds it first and the account
 * change waits, then sees (and releases) what the step wrote; or the change holds it first, and
 * the step waits and then finds the account inactive or without the role, and is refused.
 *
 * True when `userId` is an active user holding the staff `role`.
 */
export async function lockActingStaff(
  tx: Tx,
  userId: string,
  role: Extract<Role, "CASE_HANDLER" | "ADVISER">,
): Promise<boolean> {
  // The user row alone, and the role read by a statement of its own after it: every account change
  // locks that row before it deletes a membership, so the role cannot go while this lock is held,
  // and a statement begun after the wait sees a deletion committed before it. Locking the
  // membership row too would let the change, holding the user row, wait for it: a cycle.
  const user = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE id = ${userId} AND active FOR SHARE`;
  if (user.length === 0) return false;
  const held = await tx.roleMembership.count({ where: { userId, role, organisationId: null } });
  return held > 0;
}
