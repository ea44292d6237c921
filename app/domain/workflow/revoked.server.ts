import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { planStatusLabel } from "./labels.ts";

type Db = PrismaClient | Tx;

/**
 * Status labels for a list of plans, telling a revoked grant from a withdrawn application (both
 * WITHDRAWN, labels.ts): the revoke event says which. One query, and only when the list holds a
 * withdrawn plan, so a page of plans costs no query per row.
 */
export async function statusLabeller(
  db: Db,
  plans: readonly { id: string; status: PlanStatus }[],
): Promise<(plan: { id: string; status: PlanStatus }) => string> {
  const withdrawn = plans.filter((p) => p.status === "WITHDRAWN").map((p) => p.id);
  const revoked = new Set(
    withdrawn.length === 0
      ? []
      : (
          await db.workflowEvent.findMany({
            where: { planId: { in: withdrawn }, event: "revoke" },
            select: { planId: true },
          })
        ).map((e) => e.planId),
  );
  return (plan) => planStatusLabel(plan.status, revoked.has(plan.id));
}
