import { hashPassword } from "../../auth/password.server.ts";
import { prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { writeOutbox } from "../outbox.server.ts";
import { setAsideRequestsOf } from "../payments/iban.server.ts";
import { writeAudit } from "./audit.server.ts";
import { refuseLastSignatory } from "./last-signatory.server.ts";
import { ORGANISATION_PAGE, organisationPageOf } from "./organisation-links.ts";
import {
  END_ACCESS_FIELD,
  END_ACCESS_NOT_ALLOWED,
  LAST_SIGNATORY_LEAVING,
  lastSignatoryLeavingMessage,
  NOT_A_MEMBER,
} from "./organisation-messages.ts";
import { EMAIL_TAKEN, isUniqueViolation } from "./signup.server.ts";
import { hashToken, looksLikeToken, unusableTokenHash } from "./tokens.server.ts";
import { type AcceptInvitation, INVITATION_DAYS } from "./validation.ts";

const DAY_MS = 86_400_000;

/**
 * The organisation an applicant's page is for: `requested` when the actor is an applicant of it,
 * else their first (the one they joined first: actorFromMemberships orders them). Never another
 * organisation: a link to one that is not theirs shows their own page instead.
 */
export function actorOrganisation(actor: Actor, requested?: string | null): string {
  const id = actor.organisationIds[0];
  if (!actor.roles.includes("APPLICANT") || !id) throw new ForbiddenError("U hoort bij geen organisatie.");
  return requested && actor.organisationIds.includes(requested) ? requested : id;
}

/** The actor's organisations with their names, in the actor's order: to choose between them. */
export async function actorOrganisations(actor: Actor): Promise<{ id: string; name: string }[]> {
  if (!actor.roles.includes("APPLICANT") || actor.organisationIds.length === 0) return [];
  const rows = await prisma.organisation.findMany({
    where: { id: { in: actor.organisationIds } },
    select: { id: true, name: true },
  });
  const byId = new Map(rows.map((o) => [o.id, o]));
  return actor.organisationIds.flatMap((id) => byId.get(id) ?? []);
}

/** A 404 for an organisation the actor is no applicant of: a form's posted organisation is checked with it. */
export function assertMember(actor: Actor, organisationId: string): void {
  if (!actor.roles.includes("APPLICANT") || !actor.organisationIds.includes(organisationId))
    throw new NotFoundError("Deze organisatie bestaat niet of u heeft er geen toegang toe.");
}

/** Whether `userId` may sign (submit) for `organisationId`: an APPLICANT membership with the flag, active user. */
/**
 * Whether the user is an active signatory of the organisation. A step that rests on it runs this
 * with its transaction after locking the Organisation row, which setSignatory locks too: a right
 * taken away meanwhile is then seen.
 */
export async function isSignatory(
  userId: string,
  organisationId: string,
  db: Pick<Tx, "roleMembership"> = prisma,
): Promise<boolean> {
  const m = await db.roleMembership.findFirst({
    where: { userId, organisationId, role: "APPLICANT", isSignatory: true, user: { active: true } },
    select: { id: true },
  });
  return m !== null;
}

/** How many active signatories the organisation has besides `userId` (under the organisation's lock). */
function otherActiveSignatories(tx: Tx, organisationId: string, userId: string): Promise<number> {
  return tx.roleMembership.count({
    where: {
      organisationId,
      role: "APPLICANT",
      isSignatory: true,
      userId: { not: userId },
      user: { active: true },
    },
  });
}

export async function isSignatoryForPlan(userId: string, planId: string): Promise<boolean> {
  // biome-ignore lint/plugin/plan-scope: reads only the plan's organisation, whose signatory the user must be
  const plan = await prisma.plan.findUnique({ where: { id: planId }, select: { organisationId: true } });
  return plan ? isSignatory(userId, plan.organisationId) : false;
}

/** The organisation page: its details, its users, its open invitations. */
export async function getOrganisationPage(actor: Actor, organisationId: string) {
  assertMember(actor, organisationId);
  const at = now();
  const [organisation, members, invitations] = await Promise.all([
    prisma.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: {
        id: true,
        name: true,
        kvkNumber: true,
        legalForm: true,
        street: true,
        postalCode: true,
        city: true,
        iban: true,
        accountHolder: true,
        ibanCheckedAt: true,
      },
    }),
    prisma.roleMembership.findMany({
      where: { organisationId, role: "APPLICANT" },
      orderBy: { createdAt: "asc" },
      select: { isSignatory: true, user: { select: { id: true, name: true, email: true, active: true } } },
    }),
    prisma.invitation.findMany({
      where: { organisationId, acceptedAt: null, expiresAt: { gt: at } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, expiresAt: true, invitedById: true },
    }),
  ]);
  const signatory = await isSignatory(actor.userId, organisationId);
  return {
    organisation,
    users: members.map((m) => ({ ...m.user, isSignatory: m.isSignatory, isMe: m.user.id === actor.userId })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      expiresAt: i.expiresAt.toISOString(),
      canWithdraw: signatory || i.invitedById === actor.userId,
    })),
    canManageSignatories: signatory,
  };
}

/** Withdrawn (withdrawnAt), so that its link says "withdrawn" rather than "expired". */
export function isWithdrawn(inv: { withdrawnAt: Date | null }): boolean {
  return inv.withdrawnAt !== null;
}

/**
 * Whether the one who invited still speaks for the organisation: active, and still an applicant
 * member of it. An invitation is that person's word; switched off, they can no longer let anyone in.
 */
export function inviterStands(
  inviter: { active: boolean; memberships: { id: string }[] } | null | undefined,
): boolean {
  return !!inviter?.active && inviter.memberships.length > 0;
}

/** The open invitations a user sent end with the account (setUserActive, in its transaction). */
export async function withdrawInvitationsOf(tx: Tx, userId: string): Promise<number> {
  const at = now();
  return tx.$executeRaw`
    UPDATE "Invitation" SET "withdrawnAt" = ${at}, "expiresAt" = ${at}
    WHERE "invitedById" = ${userId} AND "acceptedAt" IS NULL AND "expiresAt" > ${at}`;
}

/**
 * Invites a colleague by e-mail. The link's token is not made here: the e-mail job mints it at
 * the moment it sends (account-email.server.ts), so the raw token never rests in the outbox, in
 * Redis or in the database — only its hash. A newer invitation to the same address replaces an
 * open older one.
 *
 * An address that already has an account (with another organisation, or none left after its access
 * ended) is invited like a new one: the e-mail asks that account to log in to accept, and the
 * acceptance adds this organisation to it (invitation-accept.server.ts). The form's answer is the
 * same either way, so it tells no applicant which addresses have an account anywhere in the
 * portal. Only a member of the own organisation is named as such: the page lists those users to
 * the inviter already.
 */
export async function inviteColleague(
  actor: Actor,
  organisationId: string,
  email: string,
): Promise<{ invitationId: string }> {
  assertMember(actor, organisationId);
  const member = await prisma.roleMembership.findFirst({
    where: { organisationId, user: { email } },
    select: { id: true },
  });
  if (member)
    throw new RuleViolation(
      "Deze persoon heeft al een account bij uw organisatie.",
      "email",
      "ALREADY_MEMBER",
    );
  return prisma.$transaction(async (tx) => {
    // Two invitations to one address at once (a double click) would each expire only the open
    // ones they can see, not each other's, and both links would work: the organisation's row
    // serialises them, in the mode and order withdrawInvitation and setUserActive take it (before
    // any invitation), so the second sees the first and replaces it.
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${organisationId} FOR NO KEY UPDATE`;
    const at = now();
    await tx.invitation.updateMany({
      where: { organisationId, email, acceptedAt: null, expiresAt: { gt: at } },
      data: { expiresAt: at },
    });
    const invitation = await tx.invitation.create({
      data: {
        organisationId,
        email,
        tokenHash: unusableTokenHash(),
        invitedById: actor.userId,
        expiresAt: new Date(at.getTime() + INVITATION_DAYS * DAY_MS),
        createdAt: at,
      },
      select: { id: true },
    });
    await writeOutbox(tx, "sendAccountEmail", { template: "invitation", tokenId: invitation.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.invited",
      targetType: "Invitation",
      targetId: invitation.id,
      after: { email, organisationId },
    });
    return { invitationId: invitation.id };
  });
}

export type InvitationGone = "unknown" | "expired" | "used" | "withdrawn";
/**
 * Why the account of the invited address cannot take the invitation: switched off (it logs in to
 * nothing), a staff account (an account is either staff or applicant: changeStaffRoles refuses the
 * other way round, STAFF_ROLE_FOR_APPLICANT), or already a member of the organisation.
 */
export type InvitationRefusal = "inactive" | "staff" | "member";
export type InvitationState =
  | {
      state: "open";
      invitationId: string;
      email: string;
      organisationName: string;
      /** "existing": the address has an account, which accepts with its own password (or session). */
      account: "new" | "existing";
    }
  | { state: "refused"; reason: InvitationRefusal; email: string; organisationName: string }
  | { state: InvitationGone };

/** The account of the invited address, if any, and whether it may become a member of the organisation. */
export async function invitedAccount(
  db: Pick<Tx, "user">,
  email: string,
  organisationId: string,
): Promise<{ kind: "new" } | { kind: "existing"; userId: string } | { kind: InvitationRefusal }> {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, active: true, memberships: { select: { role: true, organisationId: true } } },
  });
  if (!user) return { kind: "new" };
  if (!user.active) return { kind: "inactive" };
  if (user.memberships.some((m) => m.role !== "APPLICANT")) return { kind: "staff" };
  if (user.memberships.some((m) => m.role === "APPLICANT" && m.organisationId === organisationId))
    return { kind: "member" };
  return { kind: "existing", userId: user.id };
}

const INVITER_SELECT = (organisationId: string) =>
  ({
    active: true,
    memberships: { where: { organisationId, role: "APPLICANT" }, select: { id: true } },
  }) as const;

/** What the invitation link leads to; never throws for a bad token. */
export async function lookUpInvitation(token: string | undefined): Promise<InvitationState> {
  if (!looksLikeToken(token)) return { state: "unknown" };
  const inv = await prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      organisationId: true,
      withdrawnAt: true,
      expiresAt: true,
      acceptedAt: true,
      invitedById: true,
      organisation: { select: { name: true } },
    },
  });
  if (!inv) return { state: "unknown" };
  if (inv.acceptedAt) return { state: "used" };
  if (isWithdrawn(inv)) return { state: "withdrawn" };
  if (inv.expiresAt.getTime() <= now().getTime()) return { state: "expired" };
  const inviter = await prisma.user.findUnique({
    where: { id: inv.invitedById },
    select: INVITER_SELECT(inv.organisationId),
  });
  if (!inviterStands(inviter)) return { state: "withdrawn" };
  const organisationName = inv.organisation.name;
  const account = await invitedAccount(prisma, inv.email, inv.organisationId);
  if (account.kind !== "new" && account.kind !== "existing")
    return { state: "refused", reason: account.kind, email: inv.email, organisationName };
  return { state: "open", invitationId: inv.id, email: inv.email, organisationName, account: account.kind };
}

export const INVITATION_GONE: Record<InvitationGone, string> = {
  unknown: "Deze uitnodigingslink is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt.",
  expired: `Deze uitnodiging is verlopen (een uitnodiging is ${INVITATION_DAYS} dagen geldig). Vraag uw collega om u opnieuw uit te nodigen.`,
  used: "Deze uitnodiging is al gebruikt. Log in met het e-mailadres en wachtwoord dat u toen heeft gekozen.",
  withdrawn:
    "Deze uitnodiging is ingetrokken. Vraag een collega bij de organisatie om u opnieuw uit te nodigen.",
};

export type LockedInvitation = { id: string; email: string; organisationId: string };

/**
 * The invitation of the token, locked FOR UPDATE, if it can still be accepted: not used, withdrawn
 * or expired, and its inviter still active and a member (setUserActive withdraws their invitations
 * in its transaction, which waits for this row's lock, or this sees the account switched off once
 * that has committed). Checked inside the accepting transaction, so two clicks at once accept once.
 */
export async function lockOpenInvitation(
  tx: Tx,
  tokenHash: string,
): Promise<{ ok: true; inv: LockedInvitation } | { ok: false; state: InvitationGone }> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      email: string;
      organisationId: string;
      invitedById: string;
      withdrawnAt: Date | null;
      expiresAt: Date;
      acceptedAt: Date | null;
    }[]
  >`SELECT id, email, "organisationId", "invitedById", "withdrawnAt", "expiresAt", "acceptedAt"
    FROM "Invitation" WHERE "tokenHash" = ${tokenHash} FOR UPDATE`;
  const inv = rows[0];
  if (!inv) return { ok: false, state: "unknown" };
  if (inv.acceptedAt) return { ok: false, state: "used" };
  if (isWithdrawn(inv)) return { ok: false, state: "withdrawn" };
  if (inv.expiresAt.getTime() <= now().getTime()) return { ok: false, state: "expired" };
  const inviter = await tx.user.findUnique({
    where: { id: inv.invitedById },
    select: INVITER_SELECT(inv.organisationId),
  });
  if (!inviterStands(inviter)) return { ok: false, state: "withdrawn" };
  return { ok: true, inv: { id: inv.id, email: inv.email, organisationId: inv.organisationId } };
}

/**
 * Accepts an invitation to an address without an account: a new user with an APPLICANT membership
 * of the organisation, not a signatory. Single use (lockOpenInvitation): two clicks at once make
 * one account. An address with an account accepts with that account instead
 * (invitation-accept.server.ts); here the unique e-mail refuses it.
 */
export async function acceptInvitation(
  token: string | undefined,
  input: AcceptInvitation,
): Promise<{ ok: true; userId: string } | { ok: false; state: InvitationGone }> {
  if (!looksLikeToken(token)) return { ok: false, state: "unknown" };
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(token);
  try {
    return await prisma.$transaction(async (tx) => {
      const open = await lockOpenInvitation(tx, tokenHash);
      if (!open.ok) return open;
      const { inv } = open;
      const at = now();
      const user = await tx.user.create({
        data: {
          email: inv.email,
          name: input.name,
          passwordHash,
          createdAt: at,
          memberships: {
            create: {
              role: "APPLICANT",
              organisationId: inv.organisationId,
              isSignatory: false,
              createdAt: at,
            },
          },
        },
        select: { id: true },
      });
      await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: at } });
      await writeAudit(tx, {
        actorId: user.id,
        action: "user.invitation-accepted",
        targetType: "User",
        targetId: user.id,
        after: {
          email: inv.email,
          organisationId: inv.organisationId,
          role: "APPLICANT",
          isSignatory: false,
        },
      });
      return { ok: true, userId: user.id } as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new RuleViolation(EMAIL_TAKEN, "name", "EMAIL_TAKEN");
    throw err;
  }
}

export const WITHDRAW_NOT_ALLOWED =
  "Alleen een tekenbevoegde of wie de uitnodiging stuurde, kan een uitnodiging intrekken.";
export const INVITATION_NOT_OPEN =
  "Deze uitnodiging staat niet meer open: ze is al aangenomen, verlopen of ingetrokken.";

/**
 * Withdraws an open invitation of the organisation: its link stops working at once (and an e-mail
 * not yet sent is not sent). A signatory may, and whoever sent it; audited.
 */
export async function withdrawInvitation(
  actor: Actor,
  organisationId: string,
  invitationId: string,
): Promise<{ email: string }> {
  assertMember(actor, organisationId);
  return prisma.$transaction(async (tx) => {
    // As setSignatory: a signatory right taken away meanwhile is seen. NO KEY UPDATE, not FOR UPDATE:
    // acceptInvitation holds the invitation and then inserts a membership, whose foreign key takes
    // KEY SHARE on this row; FOR UPDATE here would wait for it while it waits for us.
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${organisationId} FOR NO KEY UPDATE`;
    const rows = await tx.$queryRaw<
      {
        id: string;
        email: string;
        invitedById: string;
        expiresAt: Date;
        acceptedAt: Date | null;
      }[]
    >`SELECT id, email, "invitedById", "expiresAt", "acceptedAt" FROM "Invitation"
      WHERE id = ${invitationId} AND "organisationId" = ${organisationId} FOR UPDATE`;
    const inv = rows[0];
    if (!inv) throw new NotFoundError("Deze uitnodiging bestaat niet of hoort niet bij uw organisatie.");
    if (inv.invitedById !== actor.userId && !(await isSignatory(actor.userId, organisationId, tx)))
      throw new ForbiddenError(WITHDRAW_NOT_ALLOWED);
    if (inv.acceptedAt || inv.expiresAt.getTime() <= now().getTime())
      throw new RuleViolation(INVITATION_NOT_OPEN, undefined, "NOT_OPEN");
    const at = now();
    await tx.invitation.update({ where: { id: inv.id }, data: { withdrawnAt: at, expiresAt: at } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.invitation-withdrawn",
      targetType: "Invitation",
      targetId: inv.id,
      before: { email: inv.email, organisationId, expiresAt: inv.expiresAt.toISOString() },
      after: { email: inv.email, organisationId, withdrawn: true },
    });
    return { email: inv.email };
  });
}

export const SIGNATORY_INACTIVE =
  "Dit account is uitgeschakeld en kan niet tekenbevoegd worden; vraag de beheerder het weer in te schakelen.";

/** A signatory marks (or unmarks) a colleague as signatory; audited. Nobody can unmark themselves into zero signatories. */
export async function setSignatory(
  actor: Actor,
  organisationId: string,
  userId: string,
  isSignatoryNow: boolean,
): Promise<void> {
  assertMember(actor, organisationId);
  await prisma.$transaction(async (tx) => {
    // Serialises changes to one organisation's signatories, so "the last signatory" is counted
    // right, and the actor's own right is read after a colleague's change to it has committed.
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${organisationId} FOR UPDATE`;
    if (!(await isSignatory(actor.userId, organisationId, tx)))
      throw new ForbiddenError("Alleen een tekenbevoegde kan tekenbevoegdheid toekennen of intrekken.");
    const membership = await tx.roleMembership.findFirst({
      where: { userId, organisationId, role: "APPLICANT" },
      select: { id: true, isSignatory: true, user: { select: { active: true } } },
    });
    if (!membership) throw new NotFoundError("Deze gebruiker hoort niet bij uw organisatie.");
    if (membership.isSignatory === isSignatoryNow) return;
    // A switched-off account signs nothing (isSignatory); made a signatory, it would be one again
    // the day an admin switched it back on, without its organisation deciding so then.
    if (isSignatoryNow && !membership.user.active)
      throw new RuleViolation(SIGNATORY_INACTIVE, undefined, "INACTIVE");
    if (!isSignatoryNow) {
      const others = await otherActiveSignatories(tx, organisationId, userId);
      if (others === 0)
        throw new RuleViolation(
          "Een organisatie houdt minstens één tekenbevoegde.",
          undefined,
          "LAST_SIGNATORY",
        );
    }
    await tx.roleMembership.update({ where: { id: membership.id }, data: { isSignatory: isSignatoryNow } });
    // Their open bank-account change no longer has the organisation behind it, now and should the
    // right be given back later.
    if (!isSignatoryNow) await setAsideRequestsOf(tx, actor.userId, userId, [organisationId]);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.signatory-changed",
      targetType: "User",
      targetId: userId,
      before: { organisationId, isSignatory: membership.isSignatory },
      after: { organisationId, isSignatory: isSignatoryNow },
    });
  });
}

/**
 * Ends a user's access to the organisation ("Toegang beëindigen"): their APPLICANT membership goes,
 * so they no longer read its plans, letters, messages or bank account (the actor is built from the
 * memberships on every request). A signatory may end a colleague's; anyone may end their own,
 * except the last active signatory: refused with the reason while a plan is in flight
 * (refuseLastSignatory, as the admin's switch), and otherwise too, as setSignatory keeps one —
 * nobody else could name the next. Audited.
 *
 * What pointed at the user for this organisation goes with it: the invitations they sent that are
 * still open (their word for it; acceptInvitation would refuse them anyway), and their bell's
 * notices about its plans and its page. Deleted, not marked read: the bell lists read ones too,
 * with the plan's reference, the decision and the bank account in their text, which is what they
 * may no longer read; the organisation's own record of those events is the plan's file and the
 * AuditLog. E-mails still queued for them are skipped when sent, as for anyone who can no longer
 * open the plan (ADR 0006). With no membership left (no other organisation, no staff role) their
 * sessions end as with an account switched off; the account itself stays, for the admin to decide.
 *
 * Their open bank-account change for the organisation is set aside with it (setAsideRequestsOf):
 * finance would otherwise still find it pending, and could approve it once they are invited back.
 *
 * Lock order, the same as setUserActive and acceptInvitationAsAccount: the user's row first (FOR NO
 * KEY UPDATE, as lockAccount), then the organisation's (FOR NO KEY UPDATE, as inviteColleague and
 * withdrawInvitation; setSignatory and requestIbanChange take only that row, FOR UPDATE). Two
 * organisations ending the same person's access at once then run one after the other, and the
 * second sees the first's membership gone: "nothing left" is read right and the sessions end. Two
 * signatories ending each other's access, or one doing so while the other's right is taken away,
 * meet on the organisation's row, and the second reads its own right afresh.
 */
export async function endMembership(
  actor: Actor,
  organisationId: string,
  userId: string,
): Promise<{ name: string; self: boolean; sessionsEnded: boolean }> {
  assertMember(actor, organisationId);
  const self = userId === actor.userId;
  const field = END_ACCESS_FIELD;
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${organisationId} FOR NO KEY UPDATE`;
    if (!self && !(await isSignatory(actor.userId, organisationId, tx)))
      throw new RuleViolation(END_ACCESS_NOT_ALLOWED, field, "NOT_A_SIGNATORY");
    const membership = await tx.roleMembership.findFirst({
      where: { userId, organisationId, role: "APPLICANT" },
      select: { id: true, isSignatory: true, user: { select: { name: true, active: true } } },
    });
    if (!membership) throw new RuleViolation(NOT_A_MEMBER, field, "NOT_A_MEMBER");
    if (membership.isSignatory && membership.user.active) {
      await refuseLastSignatory(tx, userId, field, {
        organisationId,
        message: lastSignatoryLeavingMessage,
      });
      const others = await otherActiveSignatories(tx, organisationId, userId);
      if (others === 0) throw new RuleViolation(LAST_SIGNATORY_LEAVING, field, "LAST_SIGNATORY");
    }
    await tx.roleMembership.delete({ where: { id: membership.id } });
    const ibanRequestsSetAside = await setAsideRequestsOf(tx, actor.userId, userId, [organisationId]);
    const at = now();
    const invitations = await tx.invitation.updateMany({
      where: { organisationId, invitedById: userId, acceptedAt: null, expiresAt: { gt: at } },
      data: { withdrawnAt: at, expiresAt: at },
    });
    const remaining = await tx.roleMembership.findMany({
      where: { userId },
      select: { role: true },
    });
    const notices = await removeOrganisationNotices(
      tx,
      userId,
      organisationId,
      !remaining.some((m) => m.role === "APPLICANT"),
    );
    const sessions = remaining.length === 0 ? (await tx.session.deleteMany({ where: { userId } })).count : 0;
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.membership-ended",
      targetType: "User",
      targetId: userId,
      before: { organisationId, role: "APPLICANT", isSignatory: membership.isSignatory },
      after: {
        organisationId,
        member: false,
        ...(invitations.count ? { invitationsWithdrawn: invitations.count } : {}),
        ...(notices ? { noticesRemoved: notices } : {}),
        ...(sessions ? { sessionsEnded: sessions } : {}),
        ...(ibanRequestsSetAside ? { ibanRequestsSetAside } : {}),
      },
    });
    return { name: membership.user.name, self, sessionsEnded: sessions > 0 };
  });
}

/** The organisation page without an organisation: the link of bank-account notices written before they named one. */
export const ORGANISATION_PAGE_LINK = ORGANISATION_PAGE;

/**
 * The user's bell notices about the organisation: those on its plans that lead to the applicant's
 * plan pages, and those about its bank account, which lead to its organisation page.
 */
async function removeOrganisationNotices(
  tx: Tx,
  userId: string,
  organisationId: string,
  noOrganisationLeft: boolean,
): Promise<number> {
  const onPlans = await tx.$executeRaw`
    DELETE FROM "Notification" n
    WHERE n."userId" = ${userId} AND n.link LIKE '/aanvrager/plannen/%'
      AND n."planId" IN (SELECT p.id FROM "Plan" p WHERE p."organisationId" = ${organisationId})`;
  // This organisation's bank-account notices name it in their link; older ones name none, and go
  // once no organisation is left to the user.
  const links = noOrganisationLeft
    ? [organisationPageOf(organisationId), ORGANISATION_PAGE_LINK]
    : [organisationPageOf(organisationId)];
  const onPage = (await tx.notification.deleteMany({ where: { userId, planId: null, link: { in: links } } }))
    .count;
  return onPlans + onPage;
}
