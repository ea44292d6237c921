import { randomUUID } from "node:crypto";
import { hashPassword } from "../../auth/password.server.ts";
import { claimResetMail } from "../../auth/throttle.server.ts";
import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { writeOutbox } from "../outbox.server.ts";
import { writeAudit } from "./audit.server.ts";
import { hashToken, looksLikeToken, unusableTokenHash } from "./tokens.server.ts";
import { PASSWORD_SET_HOURS, RESET_MINUTES } from "./validation.ts";

/**
 * Writes a token row (hash placeholder) and the e-mail that will carry the link; the raw token is
 * minted when the mail is sent (account-email.server.ts). Earlier open links of the user stop
 * working: only the newest link counts. The "forgot password" link is made by the e-mail job
 * instead (prepareResetToken), so that the request itself does not show whether the user exists.
 */
export async function issuePasswordToken(tx: Tx, userId: string, kind: "password-set"): Promise<string> {
  const at = now();
  await tx.passwordResetToken.updateMany({
    where: { userId, usedAt: null, expiresAt: { gt: at } },
    data: { expiresAt: at },
  });
  const row = await tx.passwordResetToken.create({
    data: {
      userId,
      tokenHash: unusableTokenHash(),
      expiresAt: new Date(at.getTime() + PASSWORD_SET_HOURS * 3_600_000),
      createdAt: at,
    },
    select: { id: true },
  });
  await writeOutbox(tx, "sendAccountEmail", { template: kind, tokenId: row.id });
  return row.id;
}

/**
 * "Forgot password": the same answer whether or not the address exists (the route shows one
 * text), and the same work: one outbox message with the normalised address, never a look-up here.
 * A known address used to cost a token row and an outbox row more, and that difference in time
 * told which addresses have an account. The e-mail job looks the user up (prepareResetToken; no
 * active user, no mail). Past the limits of claimResetMail (per address and client address an
 * hour, per address a day, and the client address's look-ups) nothing is written and the page
 * still answers as always: a stranger who asks for the owner's address spends his own allowance,
 * not the owner's. `address` is the client's (a route passes it); without one the hourly count is
 * that of "unknown".
 */
export async function requestPasswordReset(email: string, opts: { address?: string } = {}): Promise<void> {
  const normalised = email.trim().toLowerCase();
  if (!(await claimResetMail(normalised, opts.address))) return;
  await prisma.$transaction(async (tx) => {
    // The token row's id, chosen now: the job makes the row under it, so a retried job finds its
    // own row (and its EmailDelivery, keyed by it) instead of making a second link.
    await writeOutbox(tx, "sendAccountEmail", {
      template: "password-reset",
      tokenId: randomUUID(),
      email: normalised,
    });
  });
}

/**
 * The e-mail job's half of "forgot password": the link's row for the address's active user, under
 * the id the request chose, unless it is there already (a retry). Only a row made now replaces the
 * user's earlier open links; a retry must not kill a link requested after this one. Returns why
 * nothing is to be sent, or null.
 */
export async function prepareResetToken(
  db: Pick<PrismaClient, "user" | "$transaction">,
  tokenId: string,
  email: string,
): Promise<string | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (!user) return "no account has this address";
  if (!user.active) return "the user is inactive";
  await db.$transaction(async (tx) => {
    const at = now();
    const created = await tx.passwordResetToken.createMany({
      data: [
        {
          id: tokenId,
          userId: user.id,
          tokenHash: unusableTokenHash(),
          expiresAt: new Date(at.getTime() + RESET_MINUTES * 60_000),
          createdAt: at,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 0) return;
    await tx.passwordResetToken.updateMany({
      where: { userId: user.id, id: { not: tokenId }, usedAt: null, expiresAt: { gt: at } },
      data: { expiresAt: at },
    });
  });
  return null;
}

export type ResetTokenState = { state: "open"; userId: string } | { state: "unknown" | "expired" | "used" };

export async function lookUpResetToken(token: string | undefined): Promise<ResetTokenState> {
  if (!looksLikeToken(token)) return { state: "unknown" };
  const row = await prisma.passwordResetToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { userId: true, expiresAt: true, usedAt: true, user: { select: { active: true } } },
  });
  if (!row?.user.active) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt.getTime() <= now().getTime()) return { state: "expired" };
  return { state: "open", userId: row.userId };
}

export const RESET_GONE: Record<"unknown" | "expired" | "used", string> = {
  unknown:
    "Deze link is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt, of vraag een nieuwe aan.",
  expired: "Deze link is verlopen. Vraag een nieuwe link aan; die is een uur geldig.",
  used: "Deze link is al gebruikt. Vraag een nieuwe link aan als u uw wachtwoord opnieuw wilt wijzigen.",
};

/**
 * Sets the new password once: the token row is locked and marked used in the same transaction,
 * and every session of the user ends (whoever knew the old password is logged out).
 */
export async function resetPassword(
  token: string | undefined,
  password: string,
): Promise<{ ok: true; userId: string } | { ok: false; state: "unknown" | "expired" | "used" }> {
  if (!looksLikeToken(token)) return { ok: false, state: "unknown" };
  const passwordHash = await hashPassword(password);
  const tokenHash = hashToken(token);
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; userId: string; expiresAt: Date; usedAt: Date | null }[]>`
      SELECT id, "userId", "expiresAt", "usedAt" FROM "PasswordResetToken" WHERE "tokenHash" = ${tokenHash} FOR UPDATE`;
    const row = rows[0];
    const at = now();
    if (!row) return { ok: false, state: "unknown" } as const;
    if (row.usedAt) return { ok: false, state: "used" } as const;
    if (row.expiresAt.getTime() <= at.getTime()) return { ok: false, state: "expired" } as const;
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { active: true } });
    if (!user.active) return { ok: false, state: "unknown" } as const;
    await tx.passwordResetToken.update({ where: { id: row.id }, data: { usedAt: at } });
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: row.userId } });
    await writeAudit(tx, {
      actorId: row.userId,
      action: "user.password-reset",
      targetType: "User",
      targetId: row.userId,
    });
    return { ok: true, userId: row.userId } as const;
  });
}
