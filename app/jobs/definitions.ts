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
  /**
   * Budget work: after a release of money, the waiting list's automatic reservations (issue 6);
   * every minute, folding the dashboard's deltas into their totals.
   */
  budget: "budget",
  /** Once a day: deleting what has outlived its retention period (ADR 0028). */
  maintenance: "maintenance",
} as const;

export const LetterKind = z.enum([
  "ACKNOWLEDGEMENT",
  "GRANT_DECISION",
  "PARTIAL_GRANT_DECISION",
  "REJECTION_DECISION",
  /** "Aanvulling vragen" (Awb 4:5): what is missing and the hersteltermijn. */
  "SUPPLEMENT_REQUEST",
  /** The decision not to consider the application (buiten behandeling, Awb 4:5). */
  "NOT_CONSIDERED_DECISION",
  "WITHDRAWAL_CONFIRMATION",
  /** The vaststelling: the settled amount, the final payment or the recovery claim (issue 6). */
  "SETTLEMENT_DECISION",
  /** The intrekking (regulation art. 5.2): the grant revoked and the advances claimed back. */
  "REVOCATION_DECISION",
  /** The besluit on a request to extend the plan's period (regulation art. 1.2a). */
  "EXTENSION_DECISION",
  /** The beschikking setting the wettelijke rente of a terugvordering paid late (Awb 4:99). */
  "INTEREST_DECISION",
  /** The aanmaning (Awb 4:112) of a terugvordering, or of its wettelijke rente, not paid in time. */
  "AANMANING",
]);
export type LetterKind = z.infer<typeof LetterKind>;

export const RenderLetterPayload = z.object({
  kind: LetterKind,
  planId: z.string().uuid(),
  /** For decision letters. */
  decisionId: z.string().uuid().optional(),
  /** For the acknowledgement of receipt: the submitted version it acknowledges. */
  planVersionId: z.string().uuid().optional(),
  /** For the supplement request letter and the not-considered decision: the request concerned. */
  supplementRequestId: z.string().uuid().optional(),
  /** For the settlement letter: the Settlement row. */
  settlementId: z.string().uuid().optional(),
  /** For the extension letter: the PlanExtension decided. */
  extensionId: z.string().uuid().optional(),
  /** For the interest beschikking: the RecoveryClaim whose wettelijke rente it sets. */
  recoveryClaimId: z.string().uuid().optional(),
  /** For the aanmaning: which sum of that claim it urges, the claim itself or its wettelijke rente. */
  aanmaning: z.enum(["claim", "interest"]).optional(),
});
export type RenderLetterPayload = z.infer<typeof RenderLetterPayload>;

export const EmailTemplate = z.enum([
  /** To the organisation: the application was received (with the acknowledgement letter). */
  "plan-received",
  /** To the organisation: the decision (beschikking) is available in the portal. */
  "decision-available",
  /** To the staff of the plan's current step: the decision term ends in 7 days / today. */
  "decision-term-reminder",
  /** To the organisation's signatories: a colleague asks them to check and submit the plan. */
  "sign-off-requested",
  /** To the organisation: the handler asks for a supplement (text, steps, hersteltermijn). */
  "supplement-requested",
  /** To the organisation before its hersteltermijn ends; to the handler once it lapsed. */
  "supplement-term-reminder",
  /** To the handler: a grant's execution was not reported as started in time (art. 5.2). */
  "execution-not-started",
  /** To the organisation: the application is not considered (Awb 4:5), with the letter. */
  "plan-not-considered",
  /** To the organisation: the withdrawal of the application is confirmed (with the letter). */
  "withdrawal-confirmed",
  /** To the organisation: the realisation report is due in 14 days (13 weeks after the plan's end). */
  "settlement-report-due",
  /** To the organisation's signatories: an interim progress report (art. 5.4) is due in four weeks. */
  "interim-report-due",
  /** To the organisation's signatories: an interim progress report's day passed without it. */
  "interim-report-overdue",
  /** To the handler and decision maker: the settlement decision term ends in 14 days. */
  "settlement-decision-term",
  /** To the organisation: the vaststelling is available, with the letter. */
  "settlement-decided",
  /** To the organisation: the grant is revoked (art. 5.2) and advances are claimed back, with the letter. */
  "revocation-decided",
  /** To the organisation: its request to extend the plan's period is decided (art. 1.2a), with the letter. */
  "extension-decided",
  /** To the handler and decision makers: the decision term on a request for verlenging ends in 7 days. */
  "extension-decision-term",
  /** To the organisation: its reservation gave way to a plan received complete earlier; it waits for budget. */
  "budget-yielded",
  /** To the organisation's signatories: the handler read its interim report (art. 5.4), with any note. */
  "interim-report-read",
  /** To the organisation's signatories: the bank sent a payment back (payments/returns.server.ts). */
  "payment-returned",
  /** To the organisation's signatories: a half-year ended; report within two months if costs stayed ≤75% (art. 5.3). */
  "underspending-check",
  /** To the organisation's signatories: the handler read its melding onderbesteding (art. 5.3), with any note. */
  "underspending-report-read",
  /** To the organisation: the wettelijke rente on a late repayment is set by beschikking (Awb 4:99), with the letter. */
  "interest-decided",
  /** To the organisation's signatories: an aanmaning (Awb 4:112) to pay a late sum yet, with the letter. */
  "aanmaning-sent",
]);
export type EmailTemplate = z.infer<typeof EmailTemplate>;

export const SendEmailPayload = z.object({
  template: EmailTemplate,
  planId: z.string().uuid(),
  /** One message per recipient, so that a retry resends only what failed. */
  recipientUserId: z.string().uuid(),
  documentId: z.string().uuid().optional(),
  reminderId: z.string().uuid().optional(),
  /**
   * For a reminder's mail: the last day of the term when the mail was queued. A reminder row that
   * is re-armed for a later term (a new request for verlenging) must not let a delayed mail of the
   * earlier term pass as, and take the idempotency key of, the later one.
   */
  termEnd: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** The sign-off request (its AuditLog row) a sign-off-requested mail is about: each one mails once. */
  signOffRequestId: z.string().regex(/^\d+$/).optional(),
  /** The interim report an interim-report-read mail is about (a plan has one after month 12 and 24). */
  interimReportId: z.string().uuid().optional(),
  /** The melding onderbesteding an underspending-report-read mail is about (one per half-year). */
  underspendingReportId: z.string().uuid().optional(),
  /** The returned payment a payment-returned mail is about: each return mails once. */
  paymentId: z.string().uuid().optional(),
});
export type SendEmailPayload = z.infer<typeof SendEmailPayload>;

/** E-mails about an account rather than a plan; the recipient may have no User yet (an invitation). */
export const AccountEmailTemplate = z.enum([
  /** To an invited colleague: the link to accept (7 days). */
  "invitation",
  /** To a user who asked for it: the link to choose a new password (1 hour). */
  "password-reset",
  /** To a new staff user: the link to choose a first password. */
  "password-set",
  /** To the address given at sign-up: the link that confirms it and makes the account (24 hours). */
  "sign-up-confirm",
  /**
   * To an account whose address was given at sign-up: someone tried, here is the login and
   * "wachtwoord vergeten" (no token; `tokenId` is a fresh id that keys the delivery, `email` the address).
   */
  "sign-up-attempt",
]);
export type AccountEmailTemplate = z.infer<typeof AccountEmailTemplate>;

/**
 * Names the Invitation, PasswordResetToken or SignUpRequest row, not the token: the raw token is
 * minted when the e-mail is sent (only its hash is stored), so neither the outbox nor Redis ever
 * holds a working link. A "forgot password" request carries the normalised address as well, and
 * `tokenId` is then the id the job gives the row it makes for that address's user
 * (prepareResetToken): the request itself does not look the address up, so it costs the same
 * whether or not an account has it. A "sign-up-attempt" carries the address too, and its
 * `tokenId` names no row: it only keys the delivery, one per attempt.
 */
export const SendAccountEmailPayload = z.object({
  template: AccountEmailTemplate,
  tokenId: z.string().uuid(),
  email: z.string().max(254).optional(),
});
export type SendAccountEmailPayload = z.infer<typeof SendAccountEmailPayload>;

/** The reminder tick has no payload: it sends whatever Reminder rows are due by the clock. */
export const ReminderTickPayload = z.object({}).strict();

/**
 * Money was released in a fund (a rejection, a withdrawal, a partial grant, a lower settlement, a
 * raised ceiling): reserve for the waiting plans of that fund in order of complete receipt.
 * Running it twice has the effect of running it once: it only moves plans that still wait and fit.
 */
export const AllocateWaitingPayload = z.object({ fund: z.string().min(1) });

/**
 * Fold the dashboard's pending sector, theme and pipeline deltas into their totals (a scheduler, every
 * minute). No payload: it folds whatever is committed; a run that is late, doubled or lost changes
 * no figure, only how many rows the next view sums.
 */
export const CompactDashboardTotalsPayload = z.object({}).strict();

/**
 * Delete what has outlived its retention period (app/domain/retention/cleanup.server.ts; a scheduler,
 * once a day). No payload: the clock decides; a run that is late, doubled or lost only moves the
 * moment of deleting.
 */
export const RetentionCleanupPayload = z.object({}).strict();

export const JOBS = {
  renderLetter: {
    queue: QUEUE.letters,
    name: "render-letter",
    label: "Brief maken",
    payload: RenderLetterPayload,
  },
  sendEmail: {
    queue: QUEUE.emails,
    name: "send-email",
    label: "E-mail over een plan versturen",
    payload: SendEmailPayload,
  },
  sendAccountEmail: {
    queue: QUEUE.emails,
    name: "send-account-email",
    label: "E-mail over een account versturen",
    payload: SendAccountEmailPayload,
  },
  reminderTick: {
    queue: QUEUE.reminders,
    name: "reminder-tick",
    label: "Herinneringen versturen die aan de beurt zijn",
    payload: ReminderTickPayload,
  },
  allocateWaiting: {
    queue: QUEUE.budget,
    name: "allocate-waiting",
    label: "Reserveren voor de wachtlijst",
    payload: AllocateWaitingPayload,
  },
  compactDashboardTotals: {
    queue: QUEUE.budget,
    name: "compact-dashboard-totals",
    label: "Totalen van het financiële dashboard bijwerken",
    payload: CompactDashboardTotalsPayload,
  },
  retentionCleanup: {
    queue: QUEUE.maintenance,
    name: "retention-cleanup",
    label: "Gegevens verwijderen waarvan de bewaartermijn om is",
    payload: RetentionCleanupPayload,
  },
} as const;

/** The queues in the admin's words (the queue pages, ADR 0021). */
export const QUEUE_LABEL: Record<(typeof QUEUE)[keyof typeof QUEUE], { name: string; what: string }> = {
  letters: { name: "Brieven", what: "ontvangstbevestigingen, beschikkingen en andere brieven als pdf" },
  emails: { name: "E-mails", what: "berichten aan aanvragers en medewerkers" },
  reminders: { name: "Herinneringen", what: "termijnen die bijna of net verlopen zijn" },
  budget: { name: "Budget", what: "reserveringen voor de wachtlijst en de totalen van het dashboard" },
  maintenance: { name: "Opruimen", what: "dagelijks gegevens verwijderen waarvan de bewaartermijn om is" },
};

/** A job's name in the admin's words; a name this version does not know is shown as it is. */
export function jobLabel(name: string): string {
  return Object.values(JOBS).find((j) => j.name === name)?.label ?? name;
}

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]["payload"]>;
