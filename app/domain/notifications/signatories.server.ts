import type { Tx } from "../../db/client.server.ts";
import { type Notice, notifyUsers } from "./notify.server.ts";

/** The active signatories (tekenbevoegden) of the plan's organisation. */
export async function notifySignatories(tx: Tx, notice: Notice): Promise<number> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: notice.planId },
    select: { organisationId: true },
  });
  const members = await tx.roleMembership.findMany({
    where: {
      role: "APPLICANT",
      organisationId: plan.organisationId,
      isSignatory: true,
      user: { active: true },
    },
    select: { userId: true },
  });
  return notifyUsers(tx, [...new Set(members.map((m) => m.userId))], notice);
}
