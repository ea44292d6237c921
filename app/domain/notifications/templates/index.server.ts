import type { EmailTemplate } from "../../../jobs/definitions.ts";
import { aanmaningSent } from "./aanmaning-sent.server.ts";
import { budgetYielded } from "./budget-yielded.server.ts";
import { decisionAvailable } from "./decision-available.server.ts";
import { decisionTermReminder } from "./decision-term-reminder.server.ts";
import { extensionDecided } from "./extension-decided.server.ts";
import { extensionDecisionTerm } from "./extension-decision-term.server.ts";
import { interestDecided } from "./interest-decided.server.ts";
import { interimReportRead } from "./interim-report-read.server.ts";
import { interimReportDue, interimReportOverdue } from "./interim-report-reminders.server.ts";
import { paymentReturned } from "./payment-returned.server.ts";
import { planNotConsidered } from "./plan-not-considered.server.ts";
import { planReceived } from "./plan-received.server.ts";
import { revocationDecided } from "./revocation-decided.server.ts";
import {
  settlementDecided,
  settlementDecisionTerm,
  settlementReportDue,
} from "./settlement-emails.server.ts";
import { signOffRequested } from "./sign-off-requested.server.ts";
import { supplementRequested } from "./supplement-requested.server.ts";
import { executionNotStarted, supplementTermReminder } from "./term-reminders.server.ts";
import { AFTER_GRANT_DECISION_AUDIENCE, type RegisteredTemplate, withAudienceRoles } from "./types.ts";
import { underspendingCheck, underspendingReportRead } from "./underspending.server.ts";
import { withdrawalConfirmed } from "./withdrawal-confirmed.server.ts";

/**
 * Every e-mail the portal sends, by the name in its outbox message. Keyed by the EmailTemplate
 * enum, so a name added there without a template here does not compile.
 */
export const EMAIL_TEMPLATES: Record<EmailTemplate, RegisteredTemplate> = {
  "plan-received": planReceived,
  "decision-available": decisionAvailable,
  "decision-term-reminder": decisionTermReminder,
  "sign-off-requested": signOffRequested,
  "supplement-requested": supplementRequested,
  "supplement-term-reminder": supplementTermReminder,
  "execution-not-started": executionNotStarted,
  "plan-not-considered": planNotConsidered,
  "withdrawal-confirmed": withdrawalConfirmed,
  "settlement-report-due": settlementReportDue,
  "interim-report-due": interimReportDue,
  "interim-report-overdue": interimReportOverdue,
  "settlement-decision-term": withAudienceRoles(settlementDecisionTerm, AFTER_GRANT_DECISION_AUDIENCE),
  "settlement-decided": settlementDecided,
  "revocation-decided": revocationDecided,
  "extension-decided": extensionDecided,
  "extension-decision-term": extensionDecisionTerm,
  "budget-yielded": budgetYielded,
  "interim-report-read": interimReportRead,
  "payment-returned": paymentReturned,
  "underspending-check": underspendingCheck,
  "underspending-report-read": underspendingReportRead,
  "interest-decided": interestDecided,
  "aanmaning-sent": aanmaningSent,
};

export { ACCOUNT_EMAIL_TEMPLATES } from "./account-emails.server.ts";
