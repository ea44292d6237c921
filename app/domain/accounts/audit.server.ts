import type { Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";

export type AuditAction =
  | "organisation.signed-up"
  | "user.invited"
  | "user.invitation-accepted"
  | "user.signatory-changed"
  | "user.created"
  | "user.roles-changed"
  | "user.deactivated"
  | "user.reactivated"
  | "user.password-reset";

/**
 * One row per change of an account, written in the transaction of the change itself: the change
 * and its record commit or roll back together.
 */
export async function writeAudit(
  tx: Tx,
  entry: {
    actorId: string | null;
    action: AuditAction;
    targetType: "User" | "Organisation" | "Invitation";
    targetId: string;
    before?: Prisma.InputJsonValue;
    after?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: { before: entry.before ?? null, after: entry.after ?? null },
      createdAt: now(),
    },
  });
}
