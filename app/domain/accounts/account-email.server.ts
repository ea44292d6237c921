import { type PrismaClient, prisma } from "../../db/client.server.ts";
import type { SendAccountEmailPayload } from "../../jobs/definitions.ts";
import { now } from "../clock.ts";
import {
  DEFAULT_MAIL_FROM,
  DEFAULT_PUBLIC_URL,
  DEFAULT_SMTP_URL,
  SEND_TX_TIMEOUT_MS,
  type SendPlanEmailResult,
  sendDeadline,
  sendWithDeadline,
  stableMessageId,
} from "../notifications/email.server.ts";
import { ACCOUNT_EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { renderEmail } from "../notifications/templates/message.ts";
import { inviterStands, isWithdrawn } from "./organisation.server.ts";
import { prepareResetToken } from "./password-reset.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";

type Target = {
  to: { name: string | null; address: string };
  organisationName: string | null;
  inviterName: string | null;
  expiresAt: Date;
  existingAccount?: boolean;
};

async function loadTarget(db: PrismaClient, payload: SendAccountEmailPayload): Promise<Target | string> {
  if (payload.template === "password-reset" && payload.email !== undefined) {
    const nothing = await prepareResetToken(db, payload.tokenId, payload.email);
    if (nothing) return nothing;
  }
  const at = now();
  if (payload.template === "invitation") {
    const inv = await db.invitation.findUnique({
      where: { id: payload.tokenId },
      select: {
        email: true,
        organisationId: true,
        withdrawnAt: true,
        expiresAt: true,
        acceptedAt: true,
        invitedById: true,
        organisation: { select: { name: true } },
      },
    });
    if (!inv) return "the invitation no longer exists";
    if (inv.acceptedAt) return "the invitation was accepted";
    if (isWithdrawn(inv)) return "the invitation was withdrawn";
    if (inv.expiresAt <= at) return "the invitation has expired";
    const inviter = await db.user.findUnique({
      where: { id: inv.invitedById },
      select: {
        name: true,
        active: true,
        memberships: {
          where: { organisationId: inv.organisationId, role: "APPLICANT" },
          select: { id: true },
        },
      },
    });
    if (!inviterStands(inviter)) return "the inviter is switched off or left the organisation";
    // An address with an account is invited too, and asked to log in with it to accept
    // (invitation-accept.server.ts); the page behind the link says when that account cannot
    // (switched off, staff, already a member), so the mail goes out as the inviter was told.
    const account = await db.user.findUnique({ where: { email: inv.email }, select: { name: true } });
    return {
      to: { name: account?.name ?? null, address: inv.email },
      organisationName: inv.organisation.name,
      inviterName: inviter?.name ?? null,
      expiresAt: inv.expiresAt,
      existingAccount: account !== null,
    };
  }
  if (payload.template === "sign-up-confirm") {
    const req = await db.signUpRequest.findUnique({
      where: { id: payload.tokenId },
      select: { email: true, expiresAt: true, confirmedAt: true },
    });
    if (!req) return "the sign-up request no longer exists";
    if (req.confirmedAt) return "the sign-up was confirmed";
    if (req.expiresAt <= at) return "the sign-up link has expired";
    // Nothing the requester typed, in the To: header or the text: anyone may type any address
    // into the form, and the portal's mail must not carry a stranger's words (a name, an
    // "organisation" that reads as a lure) to it. The page behind the link shows them.
    return {
      to: { name: null, address: req.email },
      organisationName: null,
      inviterName: null,
      expiresAt: req.expiresAt,
    };
  }
  if (payload.template === "sign-up-attempt") {
    // The address was given at sign-up and has an account: that account hears of it. No token.
    if (payload.email === undefined) return "no address in the payload";
    const user = await db.user.findUnique({
      where: { email: payload.email },
      select: { name: true, email: true, active: true },
    });
    if (!user) return "no account has this address";
    if (!user.active) return "the user is inactive";
    return {
      to: { name: user.name, address: user.email },
      organisationName: null,
      inviterName: null,
      expiresAt: at,
    };
  }
  const row = await db.passwordResetToken.findUnique({
    where: { id: payload.tokenId },
    select: { expiresAt: true, usedAt: true, user: { select: { name: true, email: true, active: true } } },
  });
  if (!row) return "the token no longer exists";
  if (row.usedAt) return "the link was used";
  if (row.expiresAt <= at) return "the link has expired (or a newer one replaced it)";
  if (!row.user.active) return "the user is inactive";
  return {
    to: { name: row.user.name, address: row.user.email },
    organisationName: null,
    inviterName: null,
    expiresAt: row.expiresAt,
  };
}

/**
 * Sends an account e-mail once (same claim-then-lock scheme as plan e-mails, ADR 0006). The link's
 * token is minted here, inside the transaction that holds the delivery row: its hash replaces the
 * placeholder in the Invitation/PasswordResetToken/SignUpRequest row and commits together with `sentAt`. So the
 * raw token exists only in the e-mail; if the commit fails after SMTP accepted the mail, the hash
 * rolls back, that link is dead, and the retry sends a new, working one. The same holds when the
 * send is abandoned at its deadline (SMTP_SEND_DEADLINE_MS) after the server took the message.
 */
export async function sendAccountEmail(
  payload: SendAccountEmailPayload,
  opts: {
    smtpUrl?: string;
    from?: string;
    publicUrl?: string;
    db?: PrismaClient;
    /** Default SMTP_SEND_DEADLINE_MS (the send is abandoned well inside the transaction's timeout). */
    sendDeadlineMs?: number;
  } = {},
): Promise<SendPlanEmailResult> {
  const db = opts.db ?? prisma;
  const from = opts.from ?? process.env.MAIL_FROM ?? DEFAULT_MAIL_FROM;
  const publicUrl = opts.publicUrl ?? process.env.PUBLIC_URL ?? DEFAULT_PUBLIC_URL;
  const smtpUrl = opts.smtpUrl ?? process.env.SMTP_URL ?? DEFAULT_SMTP_URL;

  const target = await loadTarget(db, payload);
  if (typeof target === "string") return { status: "skipped", reason: target };
  const template = ACCOUNT_EMAIL_TEMPLATES[payload.template];
  const idempotencyKey = `${payload.template}:${payload.tokenId}`;
  await db.emailDelivery.createMany({
    data: [
      {
        idempotencyKey,
        template: payload.template,
        recipient: target.to.address,
        subject: "",
        createdAt: now(),
      },
    ],
    skipDuplicates: true,
  });

  return db.$transaction(
    async (tx) => {
      // Started before the lock, as in sendPlanEmail: lock wait and SMTP together stay inside the timeout.
      const deadline = sendDeadline(opts.sendDeadlineMs);
      const rows = await tx.$queryRaw<{ id: string; sentAt: Date | null; messageId: string | null }[]>`
        SELECT id, "sentAt", "messageId" FROM "EmailDelivery" WHERE "idempotencyKey" = ${idempotencyKey} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new Error(`EmailDelivery ${idempotencyKey} vanished after its claim`);
      if (row.sentAt)
        return { status: "already-sent", deliveryId: row.id, messageId: row.messageId } as const;

      // A notice of a sign-up attempt carries no token: its links are the login and "wachtwoord vergeten".
      const token = payload.template === "sign-up-attempt" ? null : newToken();
      const tokenHash = token === null ? null : hashToken(token);
      if (tokenHash !== null) {
        const updated =
          payload.template === "invitation"
            ? await tx.invitation.updateMany({
                where: { id: payload.tokenId, acceptedAt: null },
                data: { tokenHash },
              })
            : payload.template === "sign-up-confirm"
              ? await tx.signUpRequest.updateMany({
                  where: { id: payload.tokenId, confirmedAt: null },
                  data: { tokenHash },
                })
              : await tx.passwordResetToken.updateMany({
                  where: { id: payload.tokenId, usedAt: null },
                  data: { tokenHash },
                });
        if (updated.count === 0) return { status: "skipped", reason: "the link was used meanwhile" } as const;
      }

      const base = publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`;
      const link = new URL(token === null ? template.path : `${template.path}/${token}`, base).toString();
      const mail = renderEmail(
        template.compose({
          recipientName: target.to.name,
          organisationName: target.organisationName,
          inviterName: target.inviterName,
          link,
          forgotPasswordLink: new URL("wachtwoord-vergeten", base).toString(),
          expiresAt: target.expiresAt,
          existingAccount: target.existingAccount ?? false,
        }),
      );
      const info = await sendWithDeadline(
        smtpUrl,
        {
          from,
          to: target.to.name ? { name: target.to.name, address: target.to.address } : target.to.address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // Per token, not per delivery: a retry after a failed commit sends a new link, and a mail
          // system that drops a Message-ID it has seen would otherwise keep the dead one.
          messageId: stableMessageId(
            tokenHash === null ? idempotencyKey : `${idempotencyKey}:${tokenHash}`,
            from,
          ),
          headers: { "Auto-Submitted": "auto-generated" },
        },
        deadline,
      );
      const messageId = String(info.messageId);
      await tx.emailDelivery.update({
        where: { id: row.id },
        data: { sentAt: now(), messageId, subject: mail.subject },
      });
      // No address in the result: it is logged and kept in Redis (notifications/email.server.ts).
      return { status: "sent", deliveryId: row.id, messageId } as const;
    },
    { timeout: SEND_TX_TIMEOUT_MS, maxWait: 15_000 },
  );
}
