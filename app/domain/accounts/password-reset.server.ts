import { hashPassword } from "../../auth/password.server.ts";
import { prisma, type Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { writeOutbox } from "../outbox.server.ts";
import { writeAudit } from "./audit.server.ts";
import { hashToken, looksLikeToken, unusableTokenHash } from "./tokens.server.ts";
import { PASSWORD_SET_HOURS, RESET_MINUTES } from "./validation.ts";

/**
 * Writes a reset token row (hash placeholder) and the e-mail that will carry the link; the raw
 * token is minted when the mail is sent (account-email.server.ts). Earlier open links of the user
 * stop working: only the newest link counts.
 */
export async function issuePasswordToken(
  tx: Tx,
  userId: string,
  kind: "password-reset" | "password-set",
): Promise<string> {
  const at = now();
  await tx.passwordResetToken.updateMany({
    where: { userId, usedAt: null, expiresAt: { gt: at } },
    data: { expiresAt: at },
  });
  const ttl = kind === "password-reset" ? RESET_MINUTES * 60_000 : PASSWORD_SET_HOURS * 3_600_000;
  const row = await tx.passwordResetToken.create({
    data: { userId, tokenHash: unusableTokenHash(), expiresAt: new Date(at.getTime() + ttl), createdAt: at },
    select: { id: true },
  });
  await writeOutbox(tx, "sendAccountEmail", { template: kind, tokenId: row.id });
  return row.id;
}

/**
 * "Forgot password": the same answer whether or not the address exists (the route shows one
 * text); only an active user gets a mail.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (!user?.active) return;
  await prisma.$transaction(async (tx) => {
    await issuePasswordToken(tx, user.id, "password-reset");
  });
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
