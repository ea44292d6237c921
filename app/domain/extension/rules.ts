import { z } from "zod";
import type { ExtensionStatus, PlanStatus } from "../../generated/prisma/enums.ts";
import { interimReportDueDates } from "../settlement/terms.ts";
import {
  addCalendarDays,
  compareLocalDates,
  formatDateNl,
  type LocalDate,
  lastDayOfMonths,
  termEnd,
} from "../time/index.ts";

/**
 * Verlenging (regulation art. 1.2a, added by the 2015-04-09 snapshot): a granted plan's period may
 * be extended once, on request, by at most the grant's extensionMonths. It adds time, not money:
 * the amounts per year, the ledger and the advances stay as they are. Pure: the pages use it too.
 */

/** Statuses in which the period may be extended: granted and not yet ended by a request for vaststelling. */
export const EXTENDABLE_STATUSES = [
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
] as const satisfies readonly PlanStatus[];

/** Why a plan in another status cannot be extended: the workflow's own answer names no rule. */
export const NOT_EXTENDABLE_STATUS =
  "Verlenging kan alleen worden gevraagd voor een verleend plan waarvan de vaststelling nog niet is aangevraagd.";

export const MOTIVATION_MIN = 20;
export const MOTIVATION_MAX = 4000;

/** Awb 4:13 lid 2: without a term in the regulation, a reasonable one of at most eight weeks. */
export const EXTENSION_DECISION_WEEKS = 8;

export const EXTENSION_STATUS_LABEL: Record<ExtensionStatus, string> = {
  REQUESTED: "Aangevraagd",
  GRANTED: "Verleend",
  REFUSED: "Geweigerd",
  WITHDRAWN: "Ingetrokken door de aanvrager",
  LAPSED: "Vervallen",
};

// The refusals of the workflow's guards (definition.server.ts) and of loadExtensions' canRequest.
export const NOT_A_SIGNATORY_TO_EXTEND =
  "Alleen een tekenbevoegde van uw organisatie mag verlenging van de periode vragen.";
/** Withdrawing the request is the organisation's act as much as asking it: a tekenbevoegde's too. */
export const NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION =
  "Alleen een tekenbevoegde van uw organisatie mag het verzoek om verlenging intrekken.";
export const EXTENSION_NOT_IN_TERMS = "De verlening van dit plan staat geen verlenging van de periode toe.";
export const PERIOD_ENDED =
  "De periode van het plan is al afgelopen: een afgelopen periode kan niet meer worden verlengd.";
export const ALREADY_EXTENDED =
  "De periode van dit plan is al verlengd. Verlenging is maar één keer mogelijk (artikel 1.2a).";
export const EXTENSION_REQUEST_OPEN =
  "Er loopt al een verzoek om verlenging: wacht op het besluit of trek het verzoek in.";
export const NO_OPEN_EXTENSION = "Er staat geen verzoek om verlenging open voor dit plan.";
export const EXTENSION_HANDLED =
  "Dit verzoek om verlenging is al afgehandeld. Laad de pagina opnieuw en bekijk de nieuwe stand.";
export const SETTLEMENT_WHILE_EXTENSION_OPEN =
  "Er loopt nog een verzoek om verlenging: wacht op het besluit of trek het verzoek in.";
/**
 * The plan's new last day: the extension runs from the day after the old end, `months` months
 * long, and ends the day before the same day of the month (2016-02-29 + 6 → 2016-08-31;
 * 2015-12-31 + 6 → 2016-06-30). A month without that day ends on its last day (2015-01-30 + 1:
 * from 31 January, to 28 February). Not moved by the Atw: the end of a period is no term.
 */
export function extendedPeriodEnd(previousEnd: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be ≥ 1, got ${months}`);
  return lastDayOfMonths(addCalendarDays(previousEnd, 1), months);
}

/** The decision term: eight weeks from the day after receipt of the request, moved by the Atw. */
export function extensionDecisionDueOn(requestedAt: Date): LocalDate {
  return termEnd(requestedAt, { weeks: EXTENSION_DECISION_WEEKS });
}

/** What rule 1 needs of a plan (the workflow's guards, definition.server.ts, ask these). */
export type ExtensionFacts = {
  periodEnd: LocalDate | null;
  /** The grant's terms (Decision.terms, termsOf). */
  extensionMonths: number;
  extensionGranted: boolean;
  openExtension: boolean;
};

export function extensionNotInTerms(f: Pick<ExtensionFacts, "extensionMonths">): string | null {
  return f.extensionMonths > 0 ? null : EXTENSION_NOT_IN_TERMS;
}

/** Today (the Dutch day) up to and including the last day of the period. */
export function periodEndedRefusal(f: Pick<ExtensionFacts, "periodEnd">, today: LocalDate): string | null {
  return f.periodEnd && compareLocalDates(today, f.periodEnd) <= 0 ? null : PERIOD_ENDED;
}

/**
 * Art. 1.2a lid 2: the request is made "niet later dan het moment waarop 24 maanden zijn verstreken
 * na de datum van de subsidiebeschikking". Counted from the day after the grant's Dutch day, as every
 * term: the last day is that day 24 months on (2026-03-15 → 2028-03-15; 2027-08-31 → 2029-08-31).
 * Not moved by the Atw (art. 4 sub a: more than three months), as the execution start's six months
 * (ADR 0025): the last day may be a Sunday.
 */
export const EXTENSION_REQUEST_MONTHS = 24;

export function extensionRequestLastDay(grantDecidedAt: Date): LocalDate {
  return termEnd(grantDecidedAt, { months: EXTENSION_REQUEST_MONTHS });
}

/** The first day the interim report after the 12th month can be written (interim/status.ts interimOpensOn). */
function interimReportOpensOn(periodStart: LocalDate): LocalDate {
  return addCalendarDays(lastDayOfMonths(periodStart, 12), 1);
}

/** A plan shorter than 12 months: art. 5.4 lid 1 asks no interim report, so art. 1.2a lid 2 never opens. */
export const NO_INTERIM_REPORT =
  "Deze periode kan niet worden verlengd. Een verzoek om verlenging kan pas worden ingediend nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling), en een plan dat korter loopt dan 12 maanden heeft dat verslag niet (artikel 5.4, eerste lid).";

/** The interim report can only be written after the last day a request can be made (a 12-month plan). */
export const interimReportAfterLastDay = (lastDay: LocalDate) =>
  `Deze periode kan niet worden verlengd. Een verzoek om verlenging kan pas worden ingediend nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling), en dat verslag kan pas worden ingediend na ${formatDateNl(lastDay)}, de laatste dag waarop een verzoek nog kan.`;

/** Before the interim report can be written: the day it can. */
export const beforeInterimReportOpens = (opensOn: LocalDate) =>
  `Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling). Dat verslag kunt u indienen vanaf ${formatDateNl(opensOn)}.`;

/** The interim report can be written but was not submitted yet: the last day a request can follow it. */
export const interimReportNotSubmitted = (lastDay: LocalDate) =>
  `Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling). Dien dat verslag eerst in; daarna kunt u verlenging vragen tot en met ${formatDateNl(lastDay)}.`;

/** 24 months after the grant's date have passed. */
export const extensionRequestTooLate = (lastDay: LocalDate) =>
  `Verlenging kan niet meer worden gevraagd: dat kon tot en met ${formatDateNl(lastDay)}, 24 maanden na de datum van de subsidiebeschikking (artikel 1.2a, tweede lid, van de regeling).`;

/** What art. 1.2a lid 2 needs of a plan. */
export type ExtensionWindowFacts = {
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  /** The moment of the grant decision (Decision.decidedAt): its Dutch day is the beschikking's date. */
  grantDecidedAt: Date | null;
  /** Whether the interim report after the 12th month (art. 5.4 lid 1) was submitted. */
  interimReportSubmitted: boolean;
};

/**
 * Art. 1.2a lid 2: not before the interim report of art. 5.4 lid 1 was submitted ("overgelegd"; the
 * handler's reading does not matter), not after 24 months from the grant's date. A plan without
 * that report (shorter than 12 months), or whose report can only be written after the last day
 * a request can be made (the period's end, or those 24 months), can never be extended. Facts
 * missing (no grant, no period) refuse, never allow. periodEndedRefusal is asked first: this one
 * names the days of the regulation, not of the period.
 */
export function extensionWindowRefusal(f: ExtensionWindowFacts, today: LocalDate): string | null {
  if (!f.grantDecidedAt || !f.periodStart || !f.periodEnd) return NOT_EXTENDABLE_STATUS;
  const lastDay = extensionRequestLastDay(f.grantDecidedAt);
  if (compareLocalDates(today, lastDay) > 0) return extensionRequestTooLate(lastDay);
  if (f.interimReportSubmitted) return null;
  if (interimReportDueDates(f.periodStart, f.periodEnd).length === 0) return NO_INTERIM_REPORT;
  const opensOn = interimReportOpensOn(f.periodStart);
  const until = compareLocalDates(f.periodEnd, lastDay) < 0 ? f.periodEnd : lastDay;
  if (compareLocalDates(opensOn, until) > 0) return interimReportAfterLastDay(until);
  return compareLocalDates(today, opensOn) < 0
    ? beforeInterimReportOpens(opensOn)
    : interimReportNotSubmitted(until);
}

/** Once per plan (a refused or withdrawn request does not count), and one request at a time. */
export function onceRefusal(f: Pick<ExtensionFacts, "extensionGranted" | "openExtension">): string | null {
  if (f.extensionGranted) return ALREADY_EXTENDED;
  return f.openExtension ? EXTENSION_REQUEST_OPEN : null;
}

const monthsMessage = (max: number) =>
  max === 1 ? "Kies het aantal maanden: 1." : `Kies het aantal maanden: 1 tot en met ${max}.`;

const months = (max: number) =>
  z.coerce
    .number({ message: monthsMessage(max) })
    .int(monthsMessage(max))
    .min(1, monthsMessage(max))
    .max(max, monthsMessage(max));

/** The applicant's request: how many months (at most the grant's extensionMonths) and why. */
export function extensionRequestSchema(maxMonths: number) {
  return z.object({
    months: months(maxMonths),
    motivation: z
      .string({ message: "Schrijf waarom het plan meer tijd nodig heeft." })
      .trim()
      .min(
        MOTIVATION_MIN,
        `Schrijf waarom het plan meer tijd nodig heeft, in ten minste ${MOTIVATION_MIN} tekens.`,
      )
      .max(MOTIVATION_MAX, `De motivering mag hoogstens ${MOTIVATION_MAX} tekens hebben.`),
  });
}

const reasonText = (required: string) =>
  z
    .string({ message: required })
    .trim()
    .min(MOTIVATION_MIN, `${required.replace(/\.$/, "")}, in ten minste ${MOTIVATION_MIN} tekens.`)
    .max(MOTIVATION_MAX, `De motivering mag hoogstens ${MOTIVATION_MAX} tekens hebben.`);

export const REASON_FOR_FEWER_MONTHS = "Schrijf waarom u minder maanden verleent dan gevraagd";

/**
 * The decision maker's besluit: GRANT with 1 … the months asked (fewer is a partial refusal and
 * needs its reasons, Awb 3:46), or REFUSE with the reasons.
 */
export function extensionDecisionSchema(requestedMonths: number) {
  const grant = z
    .object({
      outcome: z.literal("GRANT"),
      months: months(requestedMonths),
      // An empty field is no reason: the form posts "" when it is left open.
      reason: z
        .string()
        .trim()
        .max(MOTIVATION_MAX, `De motivering mag hoogstens ${MOTIVATION_MAX} tekens hebben.`)
        .optional()
        .transform((v) => (v ? v : undefined)),
    })
    .superRefine((v, ctx) => {
      if (v.months < requestedMonths && (v.reason?.length ?? 0) < MOTIVATION_MIN)
        ctx.addIssue({
          code: "custom",
          path: ["reason"],
          message: `${REASON_FOR_FEWER_MONTHS} (${requestedMonths}), in ten minste ${MOTIVATION_MIN} tekens.`,
        });
    });
  const refuse = z.object({
    outcome: z.literal("REFUSE"),
    reason: reasonText("Schrijf waarom de verlenging wordt geweigerd."),
  });
  return z.discriminatedUnion("outcome", [grant, refuse], {
    error: "Kies verlengen of weigeren.",
  });
}

/** The idempotency key the EXTENSION_DECISION letter is stored under (one letter per request). */
export function extensionLetterKey(extensionId: string): string {
  return `extension-letter:${extensionId}`;
}
