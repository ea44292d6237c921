import { prisma } from "../../db/client.server.ts";
import { type Actor, REVIEW_ROLES } from "../actor.ts";
import { now } from "../clock.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { notifyPlanOrganisation, notifyRole, notifyUsers } from "../notifications/notify.server.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { MESSAGE_MAX } from "./limits.ts";

/**
 * The message thread between the applicant's organisation and the handler, outside the formal
 * supplement request (issue 5). Two sides: "aanvrager" (members of the plan's organisation, any
 * state after submission) and "behandeling" (reviewing staff). Each new message notifies the
 * other side in the same transaction (bell); a plan of another organisation is "not found".
 */
export type Side = "aanvrager" | "behandeling";
export { MESSAGE_MAX };

const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";

async function planFor(actor: Actor, planId: string, side: Side) {
  const allowed =
    side === "aanvrager"
      ? actor.roles.includes("APPLICANT") && actor.organisationIds.length > 0
      : actor.roles.some((r) => REVIEW_ROLES.includes(r));
  if (!allowed) throw new NotFoundError(NOT_FOUND);
  const plan = await prisma.plan.findFirst({
    where: {
      id: planId,
      status: { not: "DRAFT" },
      // Staff: who may open the plan (an adviser only once active on it), as for every plan page.
      ...(side === "aanvrager"
        ? { organisationId: { in: actor.organisationIds } }
        : { AND: [visiblePlans(actor)] }),
    },
    select: { id: true, reference: true, handlerId: true, organisationId: true },
  });
  if (!plan) throw new NotFoundError(NOT_FOUND);
  return plan;
}

export type MessageView = {
  id: string;
  text: string;
  fromStaff: boolean;
  /** The applicant sees "Behandelaar" for staff, not a civil servant's name. */
  authorName: string;
  createdAt: Date;
};

export async function listMessages(actor: Actor, planId: string, side: Side) {
  const plan = await planFor(actor, planId, side);
  const messages = await prisma.planMessage.findMany({
    where: { planId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(messages.map((m) => m.authorId))] } },
    select: { id: true, name: true },
  });
  const name = new Map(users.map((u) => [u.id, u.name]));
  const view: MessageView[] = messages.map((m) => ({
    id: m.id,
    text: m.text,
    fromStaff: m.fromStaff,
    authorName: m.fromStaff && side === "aanvrager" ? "Behandelaar" : (name.get(m.authorId) ?? ""),
    createdAt: m.createdAt,
  }));
  return { plan: { id: plan.id, reference: plan.reference }, messages: view };
}

export async function postMessage(actor: Actor, planId: string, side: Side, text: string) {
  const body = text.trim();
  if (body === "") throw new RuleViolation("Schrijf een bericht.", "tekst");
  if (body.length > MESSAGE_MAX)
    throw new RuleViolation(`Een bericht is hooguit ${MESSAGE_MAX} tekens.`, "tekst");
  const plan = await planFor(actor, planId, side);
  return prisma.$transaction(async (tx) => {
    const message = await tx.planMessage.create({
      data: {
        planId,
        authorId: actor.userId,
        fromStaff: side === "behandeling",
        text: body,
        createdAt: now(),
      },
    });
    if (side === "behandeling") {
      await notifyPlanOrganisation(tx, {
        planId,
        title: `Nieuw bericht over ${plan.reference}`,
        body: "De behandelaar heeft u een bericht gestuurd.",
        link: `/aanvrager/plannen/${planId}/berichten`,
      });
    } else {
      const notice = {
        planId,
        title: `Nieuw bericht over ${plan.reference}`,
        body: "De aanvrager heeft een bericht gestuurd.",
        link: `/behandeling/plannen/${planId}/berichten`,
      };
      // The handler once there is one; before complete receipt every case handler may pick it up.
      const handler = plan.handlerId
        ? await tx.user.findFirst({ where: { id: plan.handlerId, active: true }, select: { id: true } })
        : null;
      if (handler) await notifyUsers(tx, [handler.id], notice);
      else await notifyRole(tx, "CASE_HANDLER", notice);
    }
    return message;
  });
}
