import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { type PrismaClient, prisma } from "../../db/client.server.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { EMAIL_TEMPLATES } from "./templates/index.server.ts";
import { renderEmail } from "./templates/message.ts";
import { type EmailContext, SkipEmail } from "./templates/types.ts";

/**
 * E-mail through SMTP (nodemailer), sent at most once per idempotency key (ADR 0006).
 *
 * Once: the EmailDelivery row is claimed (inserted, committed) before anything is sent; the send
 * then happens while that row is locked (SELECT … FOR UPDATE), and sentAt is written in the same
 * transaction. A second run — a retry, a job run twice, a second worker at the same moment —
 * waits for the lock and then finds sentAt set, and sends nothing.
 *
 * The one window left: the SMTP server accepted the message and the process died (or the
 * database went away) before the commit. The retry sends it again. SMTP has no way to ask "did
 * you get this one?", so at-least-once is the best any sender can do there; the repeat carries
 * the same Message-ID header (derived from the key), so mail servers and clients that deduplicate
 * on it show one message.
 */

export const DEFAULT_SMTP_URL = "smtp://127.0.0.1:1025";
export const DEFAULT_MAIL_FROM = '"Sectorplanportaal" <noreply@sectorplannen.example>';
export const DEFAULT_PUBLIC_URL = "http://localhost:3000";

export type SendPlanEmailOptions = {
  /** Default: env SMTP_URL, else smtp://127.0.0.1:1025 (the catcher of `npm start`). */
  smtpUrl?: string;
  /** Default: env MAIL_FROM. */
  from?: string;
  /** Base of the links in the mail. Default: env PUBLIC_URL, else http://localhost:3000. */
  publicUrl?: string;
  db?: PrismaClient;
};

export type SendPlanEmailResult =
  | { status: "sent"; deliveryId: string; messageId: string; recipient: string }
  | { status: "already-sent"; deliveryId: string; messageId: string | null }
  | { status: "skipped"; reason: string };

/** The key of one e-mail: one template, one plan, one recipient, one letter or reminder. */
export function emailIdempotencyKey(payload: SendEmailPayload, suffix?: string): string {
  const base = `${payload.template}:${payload.planId}:${payload.recipientUserId}:${payload.documentId ?? payload.reminderId ?? ""}`;
  return suffix ? `${base}:${suffix}` : base;
}

/** A Message-ID that is the same for every attempt at the same e-mail. */
export function stableMessageId(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "sectorplannen.example";
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40);
  return `<${hash}@${domain}>`;
}

const globalForMail = globalThis as unknown as { __mailTransports?: Map<string, Transporter> };

/**
 * One transport per SMTP URL per process. The timeouts stay well inside the transaction that
 * holds the delivery row locked during the send (SEND_TX_TIMEOUT_MS), so a hanging server fails
 * the attempt (and BullMQ retries it) instead of outliving the lock.
 */
export function transportFor(url: string): Transporter {
  globalForMail.__mailTransports ??= new Map();
  let t = globalForMail.__mailTransports.get(url);
  if (!t) {
    t = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    globalForMail.__mailTransports.set(url, t);
  }
  return t;
}

const SEND_TX_TIMEOUT_MS = 90_000;

async function loadContext(
  db: PrismaClient,
  payload: SendEmailPayload,
  publicUrl: string,
): Promise<EmailContext | SkipEmail> {
  const user = await db.user.findUnique({
    where: { id: payload.recipientUserId },
    select: { id: true, name: true, email: true, active: true },
  });
  if (!user) return new SkipEmail("the recipient no longer exists");
  // Deactivated after the event: such a user can no longer log in to read what the mail points to.
  if (!user.active) return new SkipEmail("the recipient is inactive");
  const plan = await db.plan.findUnique({
    where: { id: payload.planId },
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      organisation: { select: { name: true } },
    },
  });
  if (!plan) throw new NotFoundError(`Plan ${payload.planId} not found`);
  return {
    recipient: { id: user.id, name: user.name, email: user.email },
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      status: plan.status,
      organisationName: plan.organisation.name,
    },
    publicUrl,
    at: now(),
  };
}

/**
 * Sends the e-mail an outbox message asks for, once. Throws on SMTP and database errors (the job
 * is retried) and NotFoundError when the plan or the letter it is about does not exist (retrying
 * will not help); returns "skipped" when there is no longer anyone or anything to tell.
 */
export async function sendPlanEmail(
  payload: SendEmailPayload,
  opts: SendPlanEmailOptions = {},
): Promise<SendPlanEmailResult> {
  const db = opts.db ?? prisma;
  const from = opts.from ?? process.env.MAIL_FROM ?? DEFAULT_MAIL_FROM;
  const publicUrl = opts.publicUrl ?? process.env.PUBLIC_URL ?? DEFAULT_PUBLIC_URL;
  const smtpUrl = opts.smtpUrl ?? process.env.SMTP_URL ?? DEFAULT_SMTP_URL;

  const ctx = await loadContext(db, payload, publicUrl);
  if (ctx instanceof SkipEmail) return { status: "skipped", reason: ctx.reason };
  const prepared = await EMAIL_TEMPLATES[payload.template].prepare(db, payload, ctx);
  if (prepared instanceof SkipEmail) return { status: "skipped", reason: prepared.reason };
  const mail = renderEmail(prepared.message);
  const idempotencyKey = emailIdempotencyKey(payload, prepared.keySuffix);

  // The claim: committed before the send, so the delivery is on record whatever happens next.
  await db.emailDelivery.createMany({
    data: [
      {
        idempotencyKey,
        template: payload.template,
        recipient: ctx.recipient.email,
        subject: mail.subject,
        planId: payload.planId,
        createdAt: now(),
      },
    ],
    skipDuplicates: true,
  });

  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; sentAt: Date | null; messageId: string | null }[]>`
        SELECT id, "sentAt", "messageId" FROM "EmailDelivery"
        WHERE "idempotencyKey" = ${idempotencyKey} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new Error(`EmailDelivery ${idempotencyKey} vanished after its claim`);
      if (row.sentAt)
        return { status: "already-sent", deliveryId: row.id, messageId: row.messageId } as const;

      const info = await transportFor(smtpUrl).sendMail({
        from,
        to: { name: ctx.recipient.name, address: ctx.recipient.email },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: stableMessageId(idempotencyKey, from),
        headers: { "Auto-Submitted": "auto-generated" },
      });
      const messageId = String(info.messageId);
      await tx.emailDelivery.update({
        where: { id: row.id },
        data: { sentAt: now(), messageId, recipient: ctx.recipient.email, subject: mail.subject },
      });
      return { status: "sent", deliveryId: row.id, messageId, recipient: ctx.recipient.email } as const;
    },
    { timeout: SEND_TX_TIMEOUT_MS, maxWait: 15_000 },
  );
}
