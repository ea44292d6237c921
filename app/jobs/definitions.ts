import { z } from "zod";

/**
 * Queue names and job payloads, in one place (issue 3). Pure zod, no BullMQ: the domain writes
 * these into the outbox; workers/ parse them again when they consume a job. A later issue adds a
 * letter, an e-mail or a reminder by adding a kind or a template here and its handler.
 */
export const QUEUE = {
  letters: "letters",
  emails: "emails",
  reminders: "reminders",
} as const;

export const LetterKind = z.enum([
  "ACKNOWLEDGEMENT",
  "GRANT_DECISION",
  "PARTIAL_GRANT_DECISION",
  "REJECTION_DECISION",
]);
export type LetterKind = z.infer<typeof LetterKind>;

export const RenderLetterPayload = z.object({
  kind: LetterKind,
  planId: z.string().uuid(),
  /** For decision letters. */
  decisionId: z.string().uuid().optional(),
  /** For the acknowledgement of receipt: the submitted version it acknowledges. */
  planVersionId: z.string().uuid().optional(),
});
export type RenderLetterPayload = z.infer<typeof RenderLetterPayload>;

export const EmailTemplate = z.enum([
  /** To the organisation: the application was received (with the acknowledgement letter). */
  "plan-received",
  /** To the organisation: the decision (beschikking) is available in the portal. */
  "decision-available",
  /** To the staff of the plan's current step: the decision term ends in 7 days / today. */
  "decision-term-reminder",
]);
export type EmailTemplate = z.infer<typeof EmailTemplate>;

export const SendEmailPayload = z.object({
  template: EmailTemplate,
  planId: z.string().uuid(),
  /** One message per recipient, so that a retry resends only what failed. */
  recipientUserId: z.string().uuid(),
  documentId: z.string().uuid().optional(),
  reminderId: z.string().uuid().optional(),
});
export type SendEmailPayload = z.infer<typeof SendEmailPayload>;

/** The reminder tick has no payload: it sends whatever Reminder rows are due by the clock. */
export const ReminderTickPayload = z.object({}).strict();

export const JOBS = {
  renderLetter: { queue: QUEUE.letters, name: "render-letter", payload: RenderLetterPayload },
  sendEmail: { queue: QUEUE.emails, name: "send-email", payload: SendEmailPayload },
  reminderTick: { queue: QUEUE.reminders, name: "reminder-tick", payload: ReminderTickPayload },
} as const;

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]["payload"]>;
