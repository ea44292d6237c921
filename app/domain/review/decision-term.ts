import type { PlanStatus } from "../../generated/prisma/enums.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  daysLeft,
  decisionDueDate,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  suspendedDaysBetween,
  termEnd,
} from "../time/index.ts";
import { noticeCounts, type PenaltyExposure, penaltyExposure } from "./penalty.ts";

/**
 * The real state of the beslistermijn (Awb 4:15), pure. review/deadlines.server.ts loads the facts
 * and every reader (plan page, case list, terms overview, penalty exposure) takes the state from
 * there; this file holds no server imports so the workflow effects can use it without a cycle.
 */

/** The statuses in which the decision term runs (INFO_REQUESTED may suspend it, Awb 4:15). */
export const TERM_RUNNING: PlanStatus[] = ["IN_ASSESSMENT", "WAITING_FOR_BUDGET", "ADVISED"];
/**
 * The statuses in which the applicant still waits for a decision on the application (after
 * submission, before a beschikking, not withdrawn or closed): only then can a notice of default
 * (Awb 4:17) be given, and only then does a penalty accrue.
 */
export const AWAITING_DECISION: PlanStatus[] = [
  "SUBMITTED",
  "INFO_REQUESTED",
  "IN_ASSESSMENT",
  "WAITING_FOR_BUDGET",
  "ADVISED",
];

/**
 * The statuses in which the aanvraag tot vaststelling awaits its besluit (regulation art. 5.5): a
 * notice of default on it (Awb 4:17) can be given only then.
 */
export const AWAITING_SETTLEMENT: PlanStatus[] = ["SETTLEMENT_REQUESTED"];

/**
 * What a notice of default is about (DefaultNotice.subject): Awb 4:17 applies to every beschikking
 * op aanvraag, so the grant, each request for verlenging and the vaststelling each have their own.
 */
export type NoticeSubject =
  | { kind: "GRANT" }
  | { kind: "EXTENSION"; extensionId: string }
  | { kind: "SETTLEMENT" };

/** DefaultNotice.subjectKey: one notice per subject within the plan (the migration's CHECK agrees). */
export function noticeSubjectKey(subject: NoticeSubject): string {
  return subject.kind === "EXTENSION" ? `EXTENSION:${subject.extensionId}` : subject.kind;
}

/** The besluit a notice is about, as the terms page names it. */
export const NOTICE_SUBJECT_LABEL: Record<NoticeSubject["kind"], string> = {
  GRANT: "Aanvraag",
  EXTENSION: "Verzoek om verlenging",
  SETTLEMENT: "Aanvraag tot vaststelling",
};

/** Awb 4:5 lid 4: the besluit not to consider is made known within four weeks after the lapse. */
export const NOT_CONSIDERED_WEEKS = 4;

/** A supplement request as the decision term sees it; only those asked during assessment suspend it. */
export type SuspendingRequest = {
  requestedAt: Date;
  /** End of the hersteltermijn's last day. */
  dueAt: Date;
  answeredAt: Date | null;
  fromStatus: PlanStatus;
};

/** Where the decision term starts and how long it is: what tells whether it still ran at a request. */
export type TermStart = { completeReceivedAt: Date; decisionTermWeeks: number };

/**
 * The beslistermijn in weeks that governs the plan: the regulation's at its submission, as the
 * acknowledgement says (Plan.decisionTermWeeks, copied by submitPlan, or by the complete event for a
 * plan submitted before that), so that a later change of the regulation moves no term of a plan
 * already in; for a draft the regulation's, the one that will apply.
 */
export function termWeeksOf(p: {
  decisionTermWeeks: number | null;
  regulation: { decisionTermWeeks: number };
}): number {
  return p.decisionTermWeeks ?? p.regulation.decisionTermWeeks;
}

/**
 * The requests that suspended the decision term, oldest first, with the days each one counts at
 * `at`: an answered one up to the supplement (or the hersteltermijn's last day, suspendedDaysBetween),
 * an unanswered one whose hersteltermijn lapsed unused from the day after the request through that
 * last day (Awb 4:15 lid 1 sub a: "of de daarvoor gestelde termijn ongebruikt is verstreken"), an
 * open one none yet. Awb 4:15 suspends a term that is running: a request asked after the end that
 * the days counted before it give (its request day later than that end) suspends nothing, so a
 * supplement asked late cannot move an end that has passed, nor make a penalty vanish.
 */
export function suspendingRequestsOf<R extends SuspendingRequest>(
  requests: readonly R[],
  at: Date,
  start: TermStart,
): { request: R; days: number }[] {
  const ordered = requests
    .filter((r) => r.fromStatus === "IN_ASSESSMENT")
    .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
  const counted: { request: R; days: number }[] = [];
  let days = 0;
  for (const r of ordered) {
    const end = decisionDueDate(start.completeReceivedAt, start.decisionTermWeeks, days);
    if (compareLocalDates(amsterdamDate(r.requestedAt), end) > 0) continue;
    const own = r.answeredAt
      ? suspendedDaysBetween(r.requestedAt, r.answeredAt, r.dueAt)
      : r.dueAt.getTime() < at.getTime()
        ? suspendedDaysBetween(r.requestedAt, at, r.dueAt)
        : 0;
    days += own;
    counted.push({ request: r, days: own });
  }
  return counted;
}

/**
 * Days the decision term stood still at `at`, over the requests that suspended it
 * (suspendingRequestsOf). A lapsed request answered later gives the same count, so the days are
 * added once.
 */
export function suspendedDaysOf(requests: readonly SuspendingRequest[], at: Date, start: TermStart): number {
  return suspendingRequestsOf(requests, at, start).reduce((sum, c) => sum + c.days, 0);
}

/** The last day to make the besluit not to consider known (Awb 4:5 lid 4), Atw applied. */
export function notConsideredCloseBy(hersteltermijnDueAt: Date): LocalDate {
  return termEnd(hersteltermijnDueAt, { weeks: NOT_CONSIDERED_WEEKS });
}

export type DecisionTermFacts = {
  status: PlanStatus;
  completeReceivedAt: Date | null;
  decisionDueOn: Date | null;
  suspendedDays: number;
  decisionTermWeeks: number;
  supplementRequests: readonly SuspendingRequest[];
  /** When a plan that no longer awaits a decision was decided, withdrawn or closed. */
  endedAt?: Date | null;
};

export type DecisionTerm =
  /** Not complete yet: no decision term. */
  | { state: "not-started" }
  /** A supplement is asked and its hersteltermijn runs: the term stands still, it has no end now. */
  | { state: "suspended"; since: LocalDate; hersteltermijnEnd: LocalDate; suspendedDays: number }
  | { state: "running"; due: LocalDate; daysLeft: number; suspendedDays: number }
  /** Decided, withdrawn or closed; `suspended` when that happened while the term stood still. */
  | { state: "ended"; due: LocalDate; suspended: boolean; suspendedDays: number };

/**
 * The decision term at `at`. Plan.decisionDueOn is what the lapse tick last wrote
 * (resumeDecisionTermsAfterLapse): until it ran, a lapsed hersteltermijn's days are added here,
 * so every reader gives the same end at any moment.
 *
 * A request asked after the term had already ended does not suspend it (suspendingRequestsOf): there
 * is no running term left to suspend, and a penalty that accrued must not vanish from the overview.
 */
export function decisionTerm(p: DecisionTermFacts, at: Date): DecisionTerm {
  if (!p.decisionDueOn || !p.completeReceivedAt) return { state: "not-started" };
  const stored = localDateFromDb(p.decisionDueOn);
  const awaiting = AWAITING_DECISION.includes(p.status);
  // A closed plan's term is judged at the moment it ended (a penalty stops there too).
  const moment = awaiting ? at : (p.endedAt ?? at);
  // Each request as it stood at that moment: a supplement that arrived later is not there yet.
  const asked = p.supplementRequests
    .filter((r) => r.requestedAt.getTime() <= moment.getTime())
    .map((r) => (r.answeredAt && r.answeredAt.getTime() > moment.getTime() ? { ...r, answeredAt: null } : r));
  const suspending = suspendingRequestsOf(asked, moment, {
    completeReceivedAt: p.completeReceivedAt,
    decisionTermWeeks: p.decisionTermWeeks,
  });
  const open = suspending.find((c) => !c.request.answeredAt)?.request;
  const standsStill =
    open !== undefined &&
    (awaiting ? p.status === "INFO_REQUESTED" : true) &&
    open.dueAt.getTime() >= moment.getTime();
  if (standsStill && awaiting)
    return {
      state: "suspended",
      since: addCalendarDays(amsterdamDate(open.requestedAt), 1),
      hersteltermijnEnd: amsterdamDate(open.dueAt),
      suspendedDays: p.suspendedDays,
    };
  const counted = suspending.reduce((sum, c) => sum + c.days, 0);
  // The stored end already holds every counted day once the lapse (or the supplement) was written.
  const suspendedDays = Math.max(counted, p.suspendedDays);
  const due =
    counted > p.suspendedDays ? decisionDueDate(p.completeReceivedAt, p.decisionTermWeeks, counted) : stored;
  if (!awaiting) return { state: "ended", due, suspended: standsStill, suspendedDays };
  return { state: "running", due, daysLeft: daysLeft(due, at), suspendedDays };
}

/**
 * The penalty owed under Awb 4:17 for this term: none while it stands still or before it started
 * (lid 3 needs a term that has passed), none for a notice received on or before the term's real
 * end (premature, noticeCounts: a row recorded before recordDefaultNotice refused that day), else
 * counted from two weeks after the notice up to the decision or close. Null as without a notice, so
 * that no reader shows a premature notice as a penalty of € 0 still to come.
 */
export function termExposure(
  term: DecisionTerm,
  noticeReceivedOn: LocalDate | null,
  endedOn: LocalDate | null,
  today: LocalDate,
): PenaltyExposure | null {
  if (!noticeReceivedOn) return null;
  if (term.state === "not-started" || term.state === "suspended") return null;
  if (term.state === "ended" && term.suspended) return null;
  return fixedTermExposure(term.due, noticeReceivedOn, endedOn, today);
}

/**
 * The penalty (Awb 4:17) for a besluit whose term cannot stand still — a request for verlenging
 * (eight weeks), the vaststelling (22 weeks): counted from its last day up to the besluit, or up to
 * the moment the duty to decide ended otherwise (a request withdrawn or lapsed), as the grant's
 * penalty stops at its decision or close (termExposure).
 */
export function fixedTermExposure(
  due: LocalDate,
  noticeReceivedOn: LocalDate | null,
  endedOn: LocalDate | null,
  today: LocalDate,
): PenaltyExposure | null {
  if (!noticeReceivedOn || !noticeCounts(due, noticeReceivedOn)) return null;
  return penaltyExposure({ decisionDue: due, noticeReceivedOn, decidedOn: endedOn, today });
}

/**
 * Where the term of the besluit a notice is about stands when the notice is recorded: not begun
 * (the grant's, before the application is complete), standing still (a hersteltermijn runs, Awb
 * 4:15: it has no end now), or with its last day.
 */
export type NoticeTermState =
  | { state: "not-started" }
  | { state: "suspended"; since: LocalDate }
  | { state: "ends"; due: LocalDate };

/** The grant's term as a notice sees it (decisionTerm; an ended term keeps its last day). */
export function noticeTermStateOf(term: DecisionTerm): NoticeTermState {
  if (term.state === "not-started") return term;
  if (term.state === "suspended") return { state: "suspended", since: term.since };
  return { state: "ends", due: term.due };
}

const TERM_OF_SUBJECT: Record<NoticeSubject["kind"], string> = {
  GRANT: "de beslistermijn op de aanvraag",
  EXTENSION: "de beslistermijn op het verzoek om verlenging",
  SETTLEMENT: "de beslistermijn op de aanvraag tot vaststelling",
};

/**
 * Why a notice received on `receivedOn` does not count (Awb 4:17: only one received after the term
 * has passed does), for the handler who records it; null when it counts. `today` only chooses the
 * tense. Staff-facing, so Dutch only.
 */
export function prematureNoticeMessage(
  kind: NoticeSubject["kind"],
  term: NoticeTermState,
  receivedOn: LocalDate,
  today: LocalDate,
): string | null {
  if (term.state === "ends" && noticeCounts(term.due, receivedOn)) return null;
  const tooEarly = `Deze is op ${formatDateNl(receivedOn)} ontvangen: te vroeg. Het plan krijgt geen dwangsom op grond hiervan; de aanvrager kan na het einde van de termijn opnieuw in gebreke stellen.`;
  const name = TERM_OF_SUBJECT[kind];
  if (term.state === "not-started")
    return `Een ingebrekestelling telt pas na het einde van ${name}, en die is nog niet begonnen: hij loopt vanaf de ontvangst van de volledige aanvraag. ${tooEarly}`;
  if (term.state === "suspended")
    return `Een ingebrekestelling telt pas na het einde van ${name}, en die staat sinds ${formatDateNl(term.since)} stil (aanvulling gevraagd, Awb 4:15): het einde ligt nog niet vast. ${tooEarly}`;
  const ends = compareLocalDates(term.due, today) < 0 ? "eindigde" : "eindigt";
  return `Een ingebrekestelling telt pas na het einde van ${name} (die ${ends} op ${formatDateNl(term.due)}), dus vanaf ${formatDateNl(addCalendarDays(term.due, 1))}. ${tooEarly}`;
}

/**
 * The subject a handler's notice form was for (its hidden fields `subject` and `extensionId`), or
 * undefined when the form names none: recordDefaultNotice then takes the besluit the plan awaits.
 */
export function noticeSubjectOf(kind: unknown, extensionId: unknown): NoticeSubject | undefined {
  if (kind === "GRANT" || kind === "SETTLEMENT") return { kind };
  if (kind === "EXTENSION" && typeof extensionId === "string" && extensionId !== "")
    return { kind, extensionId };
  return undefined;
}
