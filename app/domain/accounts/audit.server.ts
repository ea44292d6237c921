import type { Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";

export type { AuditAction };

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
