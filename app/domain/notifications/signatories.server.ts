import type { Tx } from "../../db/client.server.ts";
import { type Notice, notifyUsers } from "./notify.server.ts";

/** The users of the active signatories (tekenbevoegden) of the plan's organisation. */
export async function signatoriesOf(tx: Tx, planId: string): Promise<string[]> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
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
  return [...new Set(members.map((m) => m.userId))];
}

/** Tells the active signatories of the plan's organisation. */
export async function notifySignatories(tx: Tx, notice: Notice): Promise<number> {
  return notifyUsers(tx, await signatoriesOf(tx, notice.planId), notice);
}
