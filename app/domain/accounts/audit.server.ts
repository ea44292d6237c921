import type { Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";

export type { AuditAction };

/**
 * One row per change of an account, written in the transaction of the change itself: the change
 * and its record commit or roll back together. A row for something that changes nothing (a batch's
 * bank file handed out) has no before and after: it gives its `details` instead.
 */
export async function writeAudit(
  tx: Tx,
  entry: {
    actorId: string | null;
    action: AuditAction;
    targetType: "User" | "Organisation" | "Invitation" | "PaymentBatch";
    targetId: string;
  } & (
    | { before?: Prisma.InputJsonValue; after?: Prisma.InputJsonValue; details?: never }
    | { details: Prisma.InputJsonObject; before?: never; after?: never }
  ),
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details ?? { before: entry.before ?? null, after: entry.after ?? null },
      createdAt: now(),
    },
  });
}
