import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { notifySignatories } from "../notifications/signatories.server.ts";

/**
 * "Ter ondertekening aanbieden": a colleague who may not submit asks the organisation's
 * signatories to check and submit the draft (bell + e-mail to each). Changes no status: the plan
 * stays a draft that anyone of the organisation can still edit.
 */
export async function requestSignOff(actor: Actor, planId: string): Promise<{ notified: number }> {
  return prisma.$transaction(async (tx) => {
    // biome-ignore lint/plugin/plan-scope: the next line refuses (404) unless the plan is of the actor's organisations
    const plan = await tx.plan.findUnique({
      where: { id: planId },
      select: { organisationId: true, status: true, reference: true },
    });
    if (!plan || !actor.roles.includes("APPLICANT") || !actor.organisationIds.includes(plan.organisationId))
      throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    if (plan.status !== "DRAFT")
      throw new RuleViolation("Dit plan is al ingediend.", undefined, "WRONG_STATE");
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true } });
    const notified = await notifySignatories(tx, {
      planId,
      title: `Ter ondertekening: ${plan.reference}`,
      body: `${user.name} vraagt u het plan ${plan.reference} te controleren en in te dienen.`,
      link: `/aanvrager/plannen/${planId}`,
      email: { template: "sign-off-requested" },
    });
    if (notified === 0)
      throw new RuleViolation(
        "Uw organisatie heeft geen tekenbevoegde; neem contact op met de helpdesk.",
        undefined,
        "NO_SIGNATORY",
      );
    return { notified };
  });
}
