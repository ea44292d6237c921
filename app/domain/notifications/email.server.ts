import { createHash } from "node:crypto";
import nodemailer, { type SendMailOptions, type SentMessageInfo, type Transporter } from "nodemailer";
import { type PrismaClient, prisma } from "../../db/client.server.ts";
import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { type Actor, actorFromMemberships } from "../actor.ts";
import { ASSESSED_IN, DECLARED_CONFLICT, isCoordinator } from "../assessment/assignment.server.ts";
import { now } from "../clock.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { EMAIL_TEMPLATES } from "./templates/index.server.ts";
import { renderEmail } from "./templates/message.ts";
import { type EmailContext, holdsAudienceRole, SkipEmail } from "./templates/types.ts";

/**
 * E-mail through SMTP (nodemailer), sent at most once per idempotency key (ADR 0006).
 *
 * Once: the EmailDelivery row is claimed (inserted, committed) before anything is sent; the send
 * then happens while that row is locked (SELECT … FOR UPDATE), and sentAt is written in the same
 * transaction. A second run — a retry, a job run twice, a second worker at the same moment —
 * waits for the lock and then finds sentAt set, and sends nothing.
 *
 * The send is abandoned at SMTP_SEND_DEADLINE_MS, well inside the transaction's timeout, so the
 * lock is never lost while a conversation is still running.
 *
 * The one window left: the SMTP server accepted the message (took the final dot) and its answer
 * came after the deadline, or the process died (or the database went away) before the commit. The
 * retry sends it again. SMTP has no way to ask "did you get this one?", so at-least-once is the
 * best any sender can do there; the repeat carries the same Message-ID header (derived from the
 * key), so mail servers and clients that deduplicate on it show one message.
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
  /** Bound on lock wait + SMTP conversation in one attempt. Default SMTP_SEND_DEADLINE_MS; tests pass less. */
  sendDeadlineMs?: number;
};

/**
 * A job's result is logged ("job … completed") and kept in Redis for the admin's queue pages, so it
 * names the delivery, never the address: the EmailDelivery row holds that, behind the database's access.
 */
export type SendPlanEmailResult =
  | { status: "sent"; deliveryId: string; messageId: string }
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
 * One transport per SMTP URL per process. It is not pooled: every sendMail opens its own
 * connection and closes it when done, so abandoning one send (sendWithDeadline) closes only that
 * conversation and never a connection another send is using.
 *
 * These timeouts are idle timeouts (each step), not a bound on the whole conversation: a server
 * that answers every step just inside them can take minutes. The bound is SMTP_SEND_DEADLINE_MS.
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

/**
 * How long the send transaction may hold the delivery row locked. Prisma rolls the transaction
 * back after this, releasing the lock while an SMTP conversation may still be under way; a mail
 * delivered then would never get its sentAt and every retry would send it again.
 */
export const SEND_TX_TIMEOUT_MS = 90_000;

/**
 * The whole of one send transaction's work before it writes sentAt — waiting for the row lock and
 * the SMTP conversation — must end by this, well inside SEND_TX_TIMEOUT_MS: the 30 s left are for
 * the sentAt update and the commit. At the deadline the attempt is abandoned: its connection is
 * closed (nothing more is written on it), the transaction rolls back, and the job fails and is
 * retried. What is left is SMTP's own at-least-once: the server took the final dot but its 250
 * came after the deadline (or the commit failed after it). The retry sends again, with the same
 * Message-ID, which receivers can deduplicate on (ADR 0006).
 */
export const SMTP_SEND_DEADLINE_MS = 60_000;

/**
 * Sends through a fresh connection of `transportFor(url)` and gives up when `deadline` aborts
 * (nodemailer ≥ 10.5 takes an AbortSignal per send and closes that send's connection on abort; the
 * typings do not know the option yet). Rejects with an AbortError then, so BullMQ retries.
 */
export async function sendWithDeadline(
  url: string,
  mail: SendMailOptions,
  deadline: AbortSignal,
): Promise<SentMessageInfo> {
  deadline.throwIfAborted();
  return transportFor(url).sendMail({ ...mail, signal: deadline } as SendMailOptions);
}

/** A signal that aborts after `ms` (default SMTP_SEND_DEADLINE_MS), started when a send transaction starts. */
export function sendDeadline(ms: number = SMTP_SEND_DEADLINE_MS): AbortSignal {
  return AbortSignal.timeout(ms);
}

/**
 * The templates whose mail may go to a coordinator who cannot open the plan: the decision-term
 * reminder of an assessment no adviser holds links to the assignment page instead
 * (reminders/send-due.server.ts).
 */
const ASSIGNMENT_PAGE_TEMPLATES: readonly SendEmailPayload["template"][] = ["decision-term-reminder"];

/**
 * Whether the recipient can still open what the mail is about, read when the job runs: a role
 * taken away or a seat ended since the event (the plan went back to the queue for someone else)
 * leaves a link that is a 404 to them, about a plan that is no longer theirs.
 */
async function whatRecipientOpens(
  db: PrismaClient,
  payload: SendEmailPayload,
  actor: Actor,
  plan: { id: string; status: PlanStatus },
): Promise<EmailContext["opens"] | null> {
  const visible = await db.plan.findFirst({ where: planWhereForActor(actor, plan.id), select: { id: true } });
  if (visible) return "plan";
  if (!ASSIGNMENT_PAGE_TEMPLATES.includes(payload.template) || !ASSESSED_IN.includes(plan.status))
    return null;
  if (!actor.roles.includes("ADVISER") || !(await isCoordinator(db, actor.userId))) return null;
  // A coordinator who declared a conflict on the plan is kept from it (design.md §4).
  const conflicted = await db.adviserAssignment.count({
    where: { planId: plan.id, adviserId: actor.userId, ...DECLARED_CONFLICT },
  });
  return conflicted > 0 ? null : "assignment-page";
}

/** The mail's context, and the roles the recipient holds now (for the template's audienceRoles). */
async function loadContext(
  db: PrismaClient,
  payload: SendEmailPayload,
  publicUrl: string,
): Promise<{ ctx: EmailContext; roles: Role[] } | SkipEmail> {
  const user = await db.user.findUnique({
    where: { id: payload.recipientUserId },
    select: {
      id: true,
      name: true,
      email: true,
      active: true,
      memberships: { select: { role: true, organisationId: true } },
    },
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
  // A draft deleted after the mail was queued (plan/delete-draft.server.ts): nothing left to tell,
  // and retrying cannot bring it back.
  if (!plan) return new SkipEmail("the plan no longer exists (a draft deleted after the mail was queued)");
  const actor = actorFromMemberships(user.id, user.memberships);
  const opens = await whatRecipientOpens(db, payload, actor, plan);
  if (!opens) return new SkipEmail("the recipient can no longer open the plan (a role or seat ended since)");
  const ctx: EmailContext = {
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
    opens,
  };
  return { ctx, roles: actor.roles };
}

/**
 * Sends the e-mail an outbox message asks for, once. Throws on SMTP and database errors (the job
 * is retried) and NotFoundError when the letter it is about does not exist (retrying will not
 * help); returns "skipped" when there is no longer anyone or anything to tell: the recipient
 * inactive, no longer able to open the plan, or no longer holding a role the mail is for (a staff
 * mail's audienceRoles), the plan itself gone (a deleted draft).
 */
export async function sendPlanEmail(
  payload: SendEmailPayload,
  opts: SendPlanEmailOptions = {},
): Promise<SendPlanEmailResult> {
  const db = opts.db ?? prisma;
  const from = opts.from ?? process.env.MAIL_FROM ?? DEFAULT_MAIL_FROM;
  const publicUrl = opts.publicUrl ?? process.env.PUBLIC_URL ?? DEFAULT_PUBLIC_URL;
  const smtpUrl = opts.smtpUrl ?? process.env.SMTP_URL ?? DEFAULT_SMTP_URL;

  const loaded = await loadContext(db, payload, publicUrl);
  if (loaded instanceof SkipEmail) return { status: "skipped", reason: loaded.reason };
  const { ctx, roles } = loaded;
  const prepared = await EMAIL_TEMPLATES[payload.template].prepare(db, payload, ctx);
  if (prepared instanceof SkipEmail) return { status: "skipped", reason: prepared.reason };
  // Read now, not when queued: an admin may have moved the recipient to another role since, who
  // may still open the plan (Financiën opens every submitted plan) but is no longer the one to act.
  if (!holdsAudienceRole(roles, prepared.audienceRoles))
    return { status: "skipped", reason: "the recipient no longer holds a role this mail is for" };
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
      // Started before the lock: a wait behind another attempt counts against the same bound.
      const deadline = sendDeadline(opts.sendDeadlineMs);
      const rows = await tx.$queryRaw<{ id: string; sentAt: Date | null; messageId: string | null }[]>`
        SELECT id, "sentAt", "messageId" FROM "EmailDelivery"
        WHERE "idempotencyKey" = ${idempotencyKey} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new Error(`EmailDelivery ${idempotencyKey} vanished after its claim`);
      if (row.sentAt)
        return { status: "already-sent", deliveryId: row.id, messageId: row.messageId } as const;

      const info = await sendWithDeadline(
        smtpUrl,
        {
          from,
          to: { name: ctx.recipient.name, address: ctx.recipient.email },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: stableMessageId(idempotencyKey, from),
          headers: { "Auto-Submitted": "auto-generated" },
        },
        deadline,
      );
      const messageId = String(info.messageId);
      await tx.emailDelivery.update({
        where: { id: row.id },
        data: { sentAt: now(), messageId, recipient: ctx.recipient.email, subject: mail.subject },
      });
      return { status: "sent", deliveryId: row.id, messageId } as const;
    },
    { timeout: SEND_TX_TIMEOUT_MS, maxWait: 15_000 },
  );
}
