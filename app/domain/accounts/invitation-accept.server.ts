import { authenticate } from "../../auth/session.server.ts";
import { claimLoginAttempt, refundLoginAttempt } from "../../auth/throttle.server.ts";
import { prisma } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { writeAudit } from "./audit.server.ts";
import {
  type InvitationGone,
  type InvitationRefusal,
  invitedAccount,
  lockOpenInvitation,
} from "./organisation.server.ts";
import { hashToken, looksLikeToken } from "./tokens.server.ts";

/**
 * An invitation to an address that already has an account: the account itself accepts it and gets
 * the organisation's APPLICANT membership (not a signatory), beside any it has. So a colleague whose
 * access ended can be invited back, and one person can work for two sector bodies, with one login.
 */
export type AcceptAsAccountResult =
  | { ok: true; userId: string }
  | { ok: false; state: InvitationGone }
  | { ok: false; state: "refused"; reason: InvitationRefusal }
  /** A session of another account confirmed it: the invitation is for its own address only. */
  | { ok: false; state: "other-account" }
  /** The address has no account (any more): the new-account form is the way. */
  | { ok: false; state: "no-account" };

export type AcceptWithPasswordResult =
  | AcceptAsAccountResult
  | { ok: false; state: "wrong-password" }
  | { ok: false; state: "throttled"; retryAfterSeconds: number };

/** The invited address, read without a lock, only to know which account to lock first. */
async function invitedEmail(tokenHash: string) {
  return prisma.invitation.findUnique({
    where: { tokenHash },
    select: { email: true, organisationId: true },
  });
}

/**
 * Accepts the invitation for the account `userId`, proven by the caller: logged in as it, or its
 * password (acceptInvitationWithPassword). Refused when that account is not the invited address's,
 * is switched off, is a staff account, or already belongs to the organisation.
 *
 * Locks, in the order setUserActive and changeStaffRoles take them: the account's row (FOR NO KEY
 * UPDATE, as lockAccount), then the organisation's (FOR NO KEY UPDATE, as inviteColleague and
 * withdrawInvitation), then the invitation (lockOpenInvitation). The account switched off or given
 * a staff role meanwhile is then seen here, and this membership there.
 */
export async function acceptInvitationAsAccount(
  token: string | undefined,
  userId: string,
): Promise<AcceptAsAccountResult> {
  if (!looksLikeToken(token)) return { ok: false, state: "unknown" };
  const tokenHash = hashToken(token);
  const target = await invitedEmail(tokenHash);
  if (!target) return { ok: false, state: "unknown" };
  return prisma.$transaction(async (tx) => {
    const users = await tx.$queryRaw<{ email: string }[]>`
      SELECT email FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;
    if (users[0]?.email !== target.email) return { ok: false, state: "other-account" } as const;
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${target.organisationId} FOR NO KEY UPDATE`;
    const open = await lockOpenInvitation(tx, tokenHash);
    if (!open.ok) return open;
    const { inv } = open;
    const account = await invitedAccount(tx, inv.email, inv.organisationId);
    if (account.kind === "new") return { ok: false, state: "no-account" } as const;
    if (account.kind !== "existing") return { ok: false, state: "refused", reason: account.kind } as const;
    const at = now();
    await tx.roleMembership.create({
      data: {
        userId,
        role: "APPLICANT",
        organisationId: inv.organisationId,
        isSignatory: false,
        createdAt: at,
      },
    });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: at } });
    await writeAudit(tx, {
      actorId: userId,
      action: "user.invitation-accepted",
      targetType: "User",
      targetId: userId,
      after: {
        email: inv.email,
        organisationId: inv.organisationId,
        role: "APPLICANT",
        isSignatory: false,
        existingAccount: true,
        invitationId: inv.id,
      },
    });
    return { ok: true, userId } as const;
  });
}

/**
 * The same, proven by the account's password (the visitor is not logged in as it). Counted as a
 * login attempt, per account and per client address, before the password is checked: the link
 * must not be a way around the login's throttle (ADR 0013). A right password gives its point back,
 * as on the login page; the caller then starts the login (startLoginFor), which clears the count.
 */
export async function acceptInvitationWithPassword(
  token: string | undefined,
  password: string,
  clientAddress: string,
): Promise<AcceptWithPasswordResult> {
  if (!looksLikeToken(token)) return { ok: false, state: "unknown" };
  const target = await invitedEmail(hashToken(token));
  if (!target) return { ok: false, state: "unknown" };
  const throttle = await claimLoginAttempt(target.email, clientAddress);
  if (throttle.blocked)
    return { ok: false, state: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  const user = await authenticate(target.email, password);
  if (!user) {
    // authenticate answers alike for a switched-off account; the page already told the link's
    // holder that (lookUpInvitation), so say it again rather than "wrong password".
    const account = await invitedAccount(prisma, target.email, target.organisationId);
    if (account.kind === "inactive") return { ok: false, state: "refused", reason: "inactive" };
    return { ok: false, state: "wrong-password" };
  }
  await refundLoginAttempt(target.email, clientAddress);
  return acceptInvitationAsAccount(token, user.id);
}
