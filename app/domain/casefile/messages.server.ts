import { prisma } from "../../db/client.server.ts";
import { type Actor, REVIEW_ROLES } from "../actor.ts";
import { now } from "../clock.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { notifyPlanOrganisation, notifyUsers, planCaseHandlers } from "../notifications/notify.server.ts";
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
    select: { id: true, reference: true },
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

/**
 * A message the same author posted with the same text on the same plan within this time is the
 * same message sent twice: a double click without JavaScript, or a browser resending the POST.
 */
export const MESSAGE_REPEAT_MS = 60_000;

export async function postMessage(actor: Actor, planId: string, side: Side, text: string) {
  const body = text.trim();
  if (body === "") throw new RuleViolation("Schrijf een bericht.", "tekst");
  if (body.length > MESSAGE_MAX)
    throw new RuleViolation(`Een bericht is hooguit ${MESSAGE_MAX} tekens.`, "tekst");
  const plan = await planFor(actor, planId, side);
  return prisma.$transaction(async (tx) => {
    // The plan's row locked, so that a second POST of the same form waits for the first to commit
    // and then finds its message below: without it both read "no such message yet", and the thread
    // shows it twice and the other side is told twice. NO KEY UPDATE, not FOR UPDATE: it queues
    // with a workflow step's FOR UPDATE and an account change's NO KEY UPDATE (workflow/
    // acting-staff.server.ts) but not with the KEY SHARE of a row inserted for the plan elsewhere
    // (a notification). This transaction locks no other row, so no order of locks can deadlock.
    const [locked] = await tx.$queryRaw<{ handlerId: string | null }[]>`
      SELECT "handlerId" FROM "Plan" WHERE id = ${planId} FOR NO KEY UPDATE`;
    const at = now();
    const repeat = await tx.planMessage.findFirst({
      where: {
        planId,
        authorId: actor.userId,
        fromStaff: side === "behandeling",
        text: body,
        createdAt: { gte: new Date(at.getTime() - MESSAGE_REPEAT_MS) },
      },
      orderBy: { createdAt: "desc" },
    });
    // The first one stands, and its notice went out with it: nothing new to tell anyone.
    if (repeat) return repeat;
    const message = await tx.planMessage.create({
      data: { planId, authorId: actor.userId, fromStaff: side === "behandeling", text: body, createdAt: at },
    });
    const title = `Nieuw bericht over ${plan.reference}`;
    if (side === "behandeling") {
      await notifyPlanOrganisation(tx, {
        planId,
        title,
        body: "De behandelaar heeft u een bericht gestuurd.",
        link: `/aanvrager/plannen/${planId}/berichten`,
      });
    } else {
      // As the other notices to a plan's handler (planCaseHandlers): present colleagues hear it too
      // while the handler is absent, and every case handler while nobody holds the plan — before
      // complete receipt, or when the handler's account was switched off (a closed plan keeps it).
      const handler = locked?.handlerId
        ? await tx.user.findFirst({ where: { id: locked.handlerId, active: true }, select: { id: true } })
        : null;
      await notifyUsers(tx, await planCaseHandlers(tx, handler?.id ?? null, at), {
        planId,
        title,
        body: "De aanvrager heeft een bericht gestuurd.",
        link: `/behandeling/plannen/${planId}/berichten`,
      });
    }
    return message;
  });
}
