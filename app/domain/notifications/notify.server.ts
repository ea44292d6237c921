import type { Tx } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import type { EmailTemplate } from "../../jobs/definitions.ts";
import { isAbsent } from "../caselist/absence.server.ts";
import { now } from "../clock.ts";
import { writeOutbox } from "../outbox.server.ts";

/**
 * Tells people about an event, inside the transaction of the event itself: one in-app
 * notification per user (the bell) and, when `email` is given, one outbox message per user for
 * the e-mail. Recipients are resolved now, so the message says who was told.
 */
export type Notice = {
  planId: string;
  title: string;
  body: string;
  /** Path in the portal, e.g. "/aanvrager/plannen/…" (the e-mail turns it into an absolute link). */
  link: string;
  email?: {
    template: EmailTemplate;
    documentId?: string;
    reminderId?: string;
    /** The reminder's term end (YYYY-MM-DD) when queued: SendEmailPayload.termEnd. */
    termEnd?: string;
    signOffRequestId?: string;
  };
};

export async function notifyUsers(tx: Tx, userIds: string[], notice: Notice): Promise<number> {
  await createNotifications(tx, userIds, notice);
  if (notice.email) {
    for (const userId of userIds) {
      await writeOutbox(tx, "sendEmail", {
        template: notice.email.template,
        planId: notice.planId,
        recipientUserId: userId,
        documentId: notice.email.documentId,
        reminderId: notice.email.reminderId,
        termEnd: notice.email.termEnd,
        signOffRequestId: notice.email.signOffRequestId,
      });
    }
  }
  return userIds.length;
}

/** The bell notifications themselves: one per user, at one moment; planId null for one about no plan. */
async function createNotifications(
  tx: Tx,
  userIds: string[],
  notice: { planId: string | null; title: string; body: string; link: string },
): Promise<void> {
  const at = now();
  for (const userId of userIds) {
    await tx.notification.create({
      data: {
        userId,
        planId: notice.planId,
        title: notice.title,
        body: notice.body,
        link: notice.link,
        createdAt: at,
      },
    });
  }
}

/** The active applicant users of an organisation, each once. */
async function organisationApplicants(tx: Tx, organisationId: string): Promise<string[]> {
  const members = await tx.roleMembership.findMany({
    where: { role: "APPLICANT", organisationId, user: { active: true } },
    select: { userId: true },
  });
  return [...new Set(members.map((m) => m.userId))];
}

/** Every active applicant user of the plan's organisation. */
export async function notifyPlanOrganisation(tx: Tx, notice: Notice): Promise<number> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: notice.planId },
    select: { organisationId: true },
  });
  return notifyUsers(tx, await organisationApplicants(tx, plan.organisationId), notice);
}

/**
 * Every active applicant user of an organisation, in-app, about the organisation itself rather than
 * one of its plans (its bank account): the notification names no plan.
 */
export async function notifyOrganisation(
  tx: Tx,
  organisationId: string,
  notice: { title: string; body: string; link: string },
): Promise<number> {
  const userIds = await organisationApplicants(tx, organisationId);
  await createNotifications(tx, userIds, { planId: null, ...notice });
  return userIds.length;
}

/** The active users holding `role`, each once. */
export async function usersWithRole(tx: Tx, role: Role): Promise<string[]> {
  const members = await tx.roleMembership.findMany({
    where: { role, user: { active: true } },
    select: { userId: true },
  });
  return [...new Set(members.map((m) => m.userId))];
}

/**
 * The case handlers to tell about a plan: its handler, or every case handler while nobody holds it.
 * While the handler is recorded absent (absentUntil, caselist/absence.server.ts) every present,
 * active case handler hears it too: a term runs on during an absence, and a colleague can take the
 * plan over (takeOverPlan). The absent handler is still told, to find it on return.
 */
export async function planCaseHandlers(
  tx: Tx,
  handlerId: string | null,
  at: Date = now(),
): Promise<string[]> {
  if (!handlerId) return usersWithRole(tx, "CASE_HANDLER");
  const handler = await tx.user.findUnique({ where: { id: handlerId }, select: { absentUntil: true } });
  if (!isAbsent(handler?.absentUntil ?? null, at)) return [handlerId];
  const colleagues = await tx.user.findMany({
    where: { active: true, id: { not: handlerId }, memberships: { some: { role: "CASE_HANDLER" } } },
    select: { id: true, absentUntil: true },
  });
  return [handlerId, ...colleagues.filter((c) => !isAbsent(c.absentUntil, at)).map((c) => c.id)];
}

/**
 * Who prepares and who takes a besluit on a plan after its grant (a vaststelling, a verlenging):
 * its case handlers (planCaseHandlers) and the decision makers; one person holding both roles (a
 * small team) is counted once.
 */
export async function handlerAndDecisionMakers(
  tx: Tx,
  handlerId: string | null,
  at: Date = now(),
): Promise<string[]> {
  const handlers = await planCaseHandlers(tx, handlerId, at);
  return [...new Set([...handlers, ...(await usersWithRole(tx, "DECISION_MAKER"))])];
}

/** Every active user holding `role` (until issue 5 assigns plans to named staff). */
export async function notifyRole(tx: Tx, role: Role, notice: Notice): Promise<number> {
  return notifyUsers(tx, await usersWithRole(tx, role), notice);
}

export async function unreadCount(db: Pick<Tx, "notification">, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}
