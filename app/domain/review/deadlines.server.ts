import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { EXTENDABLE_STATUSES, extensionDecisionDueOn } from "../extension/rules.ts";
import { interimReportsAwaitingReview, overdueInterimReports } from "../interim/overdue.server.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { scheduleDecisionTermReminders, WARNING_DAYS_BEFORE } from "../reminders/reminders.server.ts";
import { reportDueOn } from "../settlement/terms.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  daysLeft,
  formatDateNl,
  isLocalDate,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";
import {
  AWAITING_DECISION,
  AWAITING_SETTLEMENT,
  type DecisionTerm,
  decisionTerm,
  fixedTermExposure,
  NOTICE_SUBJECT_LABEL,
  type NoticeSubject,
  type NoticeTermState,
  notConsideredCloseBy,
  noticeSubjectKey,
  noticeTermStateOf,
  prematureNoticeMessage,
  type SuspendingRequest,
  suspendedDaysOf,
  TERM_RUNNING,
  termExposure,
  termWeeksOf,
} from "./decision-term.ts";

export {
  AWAITING_DECISION,
  AWAITING_SETTLEMENT,
  type DecisionTerm,
  type NoticeSubject,
  TERM_RUNNING,
} from "./decision-term.ts";

type Db = PrismaClient | Tx;

/** Who sees the terms overview (design.md §4 Deadlines). */
const OVERVIEW_ROLES = ["CASE_HANDLER", "DECISION_MAKER"] as const;
/**
 * The most rows a list of the terms overview shows. One more is read, so that the page can say a
 * list was cut and where the rest is (`more`), instead of silently ending at the limit.
 */
export const TERMS_LIST_LIMIT = 200;
const LIST_LIMIT = TERMS_LIST_LIMIT;
const READ_LIMIT = LIST_LIMIT + 1;

/**
 * The events that end the duty to decide without a beschikking on the grant: the applicant's
 * withdrawal, or the besluit to leave the application unconsidered. A penalty stops there as it
 * stops at a decision.
 */
const CLOSING_EVENTS = { event: { in: ["withdraw", "not_consider"] } };
const closedAt = {
  where: CLOSING_EVENTS,
  orderBy: { id: "asc" as const },
  take: 1,
  select: { createdAt: true },
};

/** The notice on the grant itself (the other subjects have pages of their own). */
const grantNotice = { where: { subject: "GRANT" as const }, select: { receivedOn: true } };

/**
 * The vaststelling's decision term (regulation art. 5.5): the one its request scheduled the warning
 * for (settlement/reminders.server.ts), from the grant's terms. The row stays, with its day, once
 * the warning is sent or cancelled by the besluit, so a penalty on a late vaststelling is still
 * counted from that day after it.
 */
const settlementTermReminder = {
  where: { kind: "SETTLEMENT_DECISION_WARNING" as const },
  select: { termEnd: true },
};

const noticeDay = (rows: readonly { receivedOn: Date }[]): LocalDate | null =>
  rows[0] ? localDateFromDb(rows[0].receivedOn) : null;

type TermPlan = {
  id: string;
  status: PlanStatus;
  completeReceivedAt: Date | null;
  decisionDueOn: Date | null;
  suspendedDays: number;
  /**
   * For a plan no longer awaiting a decision: when it was decided, withdrawn or closed. Read by
   * decisionTermsOf itself when left out, so a caller without it gets the same term.
   */
  endedAt?: Date | null;
};

/**
 * The real decision term of each plan (decision-term.ts), with its supplement requests, its term in
 * weeks (the plan's own since completeness, termWeeksOf) and the moment it ended (the decision's
 * decidedAt, else the first withdrawal or besluit not to consider: as `endedAt` in termsOverview
 * and planTerms) loaded in one query for all of them: the one place every reader asks. A term that
 * stood still when the plan was withdrawn is judged at that moment by every reader: judged at `at`,
 * the hersteltermijn that lapsed after the withdrawal added days the plan page does not count. The
 * caller's own `endedAt`, when it passes one, is kept.
 */
export async function decisionTermsOf(
  db: Db,
  plans: readonly TermPlan[],
  at: Date,
): Promise<Map<string, DecisionTerm>> {
  const ids = plans.filter((p) => p.decisionDueOn).map((p) => p.id);
  const rows =
    ids.length === 0
      ? []
      : await db.$queryRaw<
          (Partial<SuspendingRequest> & { planId: string; weeks: number; endedAt: Date | null })[]
        >`
          SELECT p.id AS "planId", COALESCE(p."decisionTermWeeks", r."decisionTermWeeks") AS weeks,
                 COALESCE(d."decidedAt", (
                   SELECT e."createdAt" FROM "WorkflowEvent" e
                   WHERE e."planId" = p.id AND e.event IN ('withdraw', 'not_consider')
                   ORDER BY e.id ASC LIMIT 1
                 )) AS "endedAt",
                 s."requestedAt", s."dueAt",
                 s."answeredAt", s."fromStatus"::text AS "fromStatus"
          FROM "Plan" p JOIN "Regulation" r ON r.id = p."regulationId"
          LEFT JOIN "Decision" d ON d."planId" = p.id
          LEFT JOIN "SupplementRequest" s ON s."planId" = p.id AND s."fromStatus" = 'IN_ASSESSMENT'
          WHERE p.id = ANY(${ids}::text[])`;
  const facts = new Map<string, { weeks: number; endedAt: Date | null; requests: SuspendingRequest[] }>();
  for (const r of rows) {
    const f = facts.get(r.planId) ?? { weeks: r.weeks, endedAt: r.endedAt, requests: [] };
    if (r.requestedAt && r.dueAt && r.fromStatus)
      f.requests.push({
        requestedAt: r.requestedAt,
        dueAt: r.dueAt,
        answeredAt: r.answeredAt ?? null,
        fromStatus: r.fromStatus,
      });
    facts.set(r.planId, f);
  }
  return new Map(
    plans.map((p) => [
      p.id,
      decisionTerm(
        {
          ...p,
          endedAt: p.endedAt ?? facts.get(p.id)?.endedAt ?? null,
          decisionTermWeeks: facts.get(p.id)?.weeks ?? 0,
          supplementRequests: facts.get(p.id)?.requests ?? [],
        },
        at,
      ),
    ]),
  );
}

/** The end of a term that has one (running or ended), else null. */
export function termDue(term: DecisionTerm | undefined): LocalDate | null {
  return term && (term.state === "running" || term.state === "ended") ? term.due : null;
}

/**
 * The terms overview (/behandeling/termijnen): decision terms that have passed or end within
 * WARNING_DAYS_BEFORE days (with the penalty exposure once a notice of default is recorded),
 * hersteltermijnen that lapsed without a supplement, grants whose execution did not start in
 * time, every open request for verlenging with its own decision term (eight weeks, Awb 4:13
 * lid 2), and every request for vaststelling whose decision term (regulation art. 5.5) has passed
 * or ends within the same WARNING_DAYS_BEFORE days, and plans in execution whose realisation
 * report is overdue without a request for vaststelling (overdueReports); the interim progress
 * reports (art. 5.4) that are late, and those handed in that no handler has read yet
 * (interim/overdue.server.ts). Each list is one query with a limit (the report lists a few);
 * nothing loads all plans.
 */
export async function termsOverview(actor: Actor) {
  if (!actor.roles.some((r) => (OVERVIEW_ROLES as readonly string[]).includes(r))) throw new ForbiddenError();
  const at = now();
  const today = amsterdamDate(at);
  const horizon = addCalendarDays(today, WARNING_DAYS_BEFORE);

  // The stored end is never later than the real one (a lapse only adds days), so this finds every
  // plan whose real end is within the horizon; the real end then decides. A plan whose
  // hersteltermijn lapsed unused is waiting for a decision again (Awb 4:15), and so is one asked
  // to supplement after its term had passed: that request suspended nothing, the term stays late.
  const running = await prisma.plan.findMany({
    where: {
      decisionDueOn: { lte: localDateToDb(horizon) },
      OR: [
        { status: { in: TERM_RUNNING } },
        {
          status: "INFO_REQUESTED",
          supplementRequests: { some: { answeredAt: null, fromStatus: "IN_ASSESSMENT", dueAt: { lt: at } } },
        },
        { status: "INFO_REQUESTED", decisionDueOn: { lt: localDateToDb(today) } },
      ],
    },
    orderBy: [{ decisionDueOn: "asc" }, { number: "asc" }],
    take: READ_LIMIT,
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      completeReceivedAt: true,
      decisionDueOn: true,
      suspendedDays: true,
      organisation: { select: { name: true } },
      defaultNotices: grantNotice,
    },
  });
  const runningTerms = await decisionTermsOf(prisma, running, at);
  const decisionTerms = running
    .slice(0, LIST_LIMIT)
    .flatMap((p) => {
      const term = runningTerms.get(p.id);
      if (term?.state !== "running" || compareLocalDates(term.due, horizon) > 0) return [];
      const noticeReceivedOn = noticeDay(p.defaultNotices);
      return [
        {
          id: p.id,
          reference: p.reference,
          title: p.title,
          organisationName: p.organisation.name,
          statusLabel: STATUS_LABEL[p.status],
          due: term.due,
          daysLeft: term.daysLeft,
          noticeReceivedOn,
          exposure: termExposure(term, noticeReceivedOn, null, today),
        },
      ];
    })
    .sort((a, b) => compareLocalDates(a.due, b.due));

  // Every recorded notice of default counts towards the exposure, also for besluiten taken late:
  // the grant's (its term may have stood still, decision-term.ts), a request for verlenging's and
  // the vaststelling's (terms that cannot stand still), each up to its own besluit.
  // All of them, without a limit: the total is what the state owes, and a list cut at 200 made it
  // too low. A notice of default is a letter an applicant sends about a late besluit: few exist.
  const noticed = await prisma.defaultNotice.findMany({
    orderBy: [{ receivedOn: "asc" }, { id: "asc" }],
    select: {
      id: true,
      subject: true,
      receivedOn: true,
      extension: { select: { requestedAt: true, decidedAt: true, closedAt: true } },
      plan: {
        select: {
          id: true,
          reference: true,
          status: true,
          completeReceivedAt: true,
          decisionDueOn: true,
          suspendedDays: true,
          decision: { select: { decidedAt: true } },
          events: closedAt,
          settlement: { select: { settledAt: true } },
          reminders: settlementTermReminder,
        },
      },
    },
  });
  const endedAt = (p: (typeof noticed)[number]["plan"]) =>
    p.decision?.decidedAt ?? p.events[0]?.createdAt ?? null;
  const grantNoticed = noticed.filter((n) => n.subject === "GRANT");
  const noticedTerms = await decisionTermsOf(
    prisma,
    grantNoticed.map((n) => ({ ...n.plan, endedAt: endedAt(n.plan) })),
    at,
  );
  const dayOf = (d: Date | null | undefined) => (d ? amsterdamDate(d) : null);
  const exposureOf = (n: (typeof noticed)[number]) => {
    const received = localDateFromDb(n.receivedOn);
    if (n.subject === "EXTENSION") {
      if (!n.extension) return null;
      const { requestedAt, decidedAt, closedAt } = n.extension;
      return fixedTermExposure(
        extensionDecisionDueOn(requestedAt),
        received,
        dayOf(decidedAt ?? closedAt),
        today,
      );
    }
    if (n.subject === "SETTLEMENT") {
      const term = n.plan.reminders[0];
      if (!term) return null;
      return fixedTermExposure(
        localDateFromDb(term.termEnd),
        received,
        dayOf(n.plan.settlement?.settledAt),
        today,
      );
    }
    const term = noticedTerms.get(n.plan.id);
    return term ? termExposure(term, received, dayOf(endedAt(n.plan)), today) : null;
  };
  // Who withdrew a WITHDRAWN plan, as every list says (labels.ts): one query for all the rows.
  const penaltyStatusLabel = await statusLabeller(
    prisma,
    noticed.map((n) => n.plan),
  );
  const penalties = noticed
    .map((n) => ({
      id: n.plan.id,
      noticeId: n.id,
      reference: n.plan.reference,
      subject: n.subject,
      /** The besluit that came late: the aanvraag, a verzoek om verlenging, the vaststelling. */
      subjectLabel: NOTICE_SUBJECT_LABEL[n.subject],
      statusLabel: penaltyStatusLabel(n.plan),
      noticeReceivedOn: localDateFromDb(n.receivedOn),
      exposure: exposureOf(n),
    }))
    .filter((p) => p.exposure && p.exposure.cents > 0n);
  const totalPenaltyCents = penalties.reduce((s, p) => s + (p.exposure?.cents ?? 0n), 0n);

  const lapsedRows = await prisma.supplementRequest.findMany({
    where: { answeredAt: null, dueAt: { lt: at }, plan: { status: "INFO_REQUESTED" } },
    orderBy: { dueAt: "asc" },
    take: READ_LIMIT,
    select: {
      dueAt: true,
      requestedAt: true,
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const lapsed = lapsedRows.slice(0, LIST_LIMIT).map((r) => ({
    id: r.plan.id,
    reference: r.plan.reference,
    title: r.plan.title,
    organisationName: r.plan.organisation.name,
    requestedOn: amsterdamDate(r.requestedAt),
    due: amsterdamDate(r.dueAt),
    /** Awb 4:5 lid 4: the besluit not to consider is made known by this day. */
    closeBy: notConsideredCloseBy(r.dueAt),
  }));

  const lateRows = await prisma.reminder.findMany({
    where: {
      kind: "EXECUTION_NOT_STARTED",
      cancelledAt: null,
      termEnd: { lt: localDateToDb(today) },
      plan: { status: { in: ["GRANTED", "PARTIALLY_GRANTED"] } },
    },
    orderBy: { termEnd: "asc" },
    take: READ_LIMIT,
    select: {
      termEnd: true,
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const executionLate = lateRows.slice(0, LIST_LIMIT).map((r) => ({
    id: r.plan.id,
    reference: r.plan.reference,
    title: r.plan.title,
    organisationName: r.plan.organisation.name,
    due: localDateFromDb(r.termEnd),
  }));

  const { reportsOverdue, reportCandidates } = await overdueReports(today, at);
  // The interim progress reports (regulation art. 5.4): late ones, and those handed in and unread.
  const interimOverdue = await overdueInterimReports({ at, limit: LIST_LIMIT });
  const interimToRead = await interimReportsAwaitingReview({ limit: LIST_LIMIT });

  // A request for verlenging is an aanvraag for a besluit, late like any other (Awb 4:17). All open
  // ones are listed, not only those near their end: there are few, and each one is a term running.
  const extensionRows = await prisma.planExtension.findMany({
    where: { status: "REQUESTED", plan: { status: { in: [...EXTENDABLE_STATUSES] } } },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    take: READ_LIMIT,
    select: {
      id: true,
      requestedAt: true,
      requestedMonths: true,
      defaultNotices: { select: { receivedOn: true } },
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const extensionTerms = extensionRows
    .slice(0, LIST_LIMIT)
    .map((r) => {
      const due = extensionDecisionDueOn(r.requestedAt);
      const noticeReceivedOn = noticeDay(r.defaultNotices);
      return {
        id: r.plan.id,
        extensionId: r.id,
        reference: r.plan.reference,
        title: r.plan.title,
        organisationName: r.plan.organisation.name,
        requestedOn: amsterdamDate(r.requestedAt),
        months: r.requestedMonths,
        due,
        daysLeft: daysLeft(due, at),
        noticeReceivedOn,
        exposure: fixedTermExposure(due, noticeReceivedOn, null, today),
      };
    })
    .sort((a, b) => compareLocalDates(a.due, b.due));

  // The vaststelling is a besluit on a request too (regulation art. 5.5: its own weeks from the
  // realisation report, 22 unless the grant says otherwise), late like any other (design.md §4
  // "flags after expiry"). Its term is the one the request scheduled its warning for
  // (settlement/reminders.server.ts): from the grant's terms, so read there rather than recomputed.
  const settlementRows = await prisma.reminder.findMany({
    where: {
      kind: "SETTLEMENT_DECISION_WARNING",
      termEnd: { lte: localDateToDb(horizon) },
      plan: { status: "SETTLEMENT_REQUESTED" },
    },
    orderBy: [{ termEnd: "asc" }, { planId: "asc" }],
    take: READ_LIMIT,
    select: {
      termEnd: true,
      plan: {
        select: {
          id: true,
          reference: true,
          title: true,
          organisation: { select: { name: true } },
          realisationReport: { select: { submittedAt: true } },
          defaultNotices: { where: { subject: "SETTLEMENT" }, select: { receivedOn: true } },
        },
      },
    },
  });
  const settlementTerms = settlementRows.slice(0, LIST_LIMIT).map((r) => {
    const due = localDateFromDb(r.termEnd);
    const submittedAt = r.plan.realisationReport?.submittedAt;
    const noticeReceivedOn = noticeDay(r.plan.defaultNotices);
    return {
      id: r.plan.id,
      reference: r.plan.reference,
      title: r.plan.title,
      organisationName: r.plan.organisation.name,
      /** The request for vaststelling: the day the realisation report came in. */
      requestedOn: submittedAt ? amsterdamDate(submittedAt) : null,
      due,
      daysLeft: daysLeft(due, at),
      noticeReceivedOn,
      exposure: fixedTermExposure(due, noticeReceivedOn, null, today),
    };
  });

  return {
    today,
    decisionTerms,
    penalties,
    totalPenaltyCents,
    lapsed,
    executionLate,
    extensionTerms,
    settlementTerms,
    reportsOverdue,
    interimReportsOverdue: interimOverdue.rows,
    interimReportsToRead: interimToRead.rows,
    /** The lists that had more rows than the page shows (TERMS_LIST_LIMIT), earliest first. */
    more: {
      decisionTerms: running.length > LIST_LIMIT,
      lapsed: lapsedRows.length > LIST_LIMIT,
      executionLate: lateRows.length > LIST_LIMIT,
      extensionTerms: extensionRows.length > LIST_LIMIT,
      settlementTerms: settlementRows.length > LIST_LIMIT,
      reportsOverdue: reportCandidates > LIST_LIMIT,
      interimReportsOverdue: interimOverdue.more,
      interimReportsToRead: interimToRead.more,
    },
  };
}

/**
 * Plans in execution whose realisation report is overdue while no vaststelling has been asked
 * (regulation art. 5.5): the report was due `settlementRequestWeeks` of the grant's terms after the
 * plan's end (reportDueOn, as the report page and the applicant's dashboard compute it). Staff then
 * remind the organisation or settle ambtshalve (Awb 4:47); the organisation's own reminder went out
 * before the day (SETTLEMENT_REPORT_WARNING), nobody was told after it.
 *
 * The day depends on periodEnd (a granted verlenging moves it) and on the grant's weeks, so it is
 * computed in SQL from what is stored — Decision.terms, the regulation's weeks before a decision,
 * as termsOf reads them — rather than from a prefilter on periodEnd with the smallest possible
 * weeks: that one would read every plan ended a week ago, in an order that is not the due day's, so
 * a cut list could leave out a late plan. SQL adds the weeks without the Algemene termijnenwet,
 * which moves only a term of twelve weeks or less, and only later (past a weekend or feestdag): the
 * SQL day is never after the real one, so every late plan is found; reportDueOn then decides, and
 * the list is read in the order of that lower bound. Two queries, whatever the number of plans.
 */
async function overdueReports(today: LocalDate, at: Date) {
  const candidates = await prisma.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM (
      SELECT p.id, p.number,
             p."periodEnd" + 7 * (CASE WHEN d.id IS NULL THEN r."settlementRequestWeeks"
                                       ELSE (d.terms->>'settlementRequestWeeks')::int END) AS "dueAtLeast"
      FROM "Plan" p
      JOIN "Regulation" r ON r.id = p."regulationId"
      LEFT JOIN "Decision" d ON d."planId" = p.id
      WHERE p.status::text = 'IN_EXECUTION' AND p."periodEnd" IS NOT NULL
    ) p
    WHERE p."dueAtLeast" < ${today}::date
    ORDER BY p."dueAtLeast", p.number
    LIMIT ${READ_LIMIT}`;
  const ids = candidates.slice(0, LIST_LIMIT).map((c) => c.id);
  const plans =
    ids.length === 0
      ? []
      : await prisma.plan.findMany({
          where: { id: { in: ids }, status: "IN_EXECUTION" },
          select: {
            id: true,
            reference: true,
            title: true,
            periodEnd: true,
            organisation: { select: { name: true } },
            ...PLAN_TERMS_SELECT,
            // A verlenging granted on it would move the day: say so, before anyone settles ambtshalve.
            extensions: { where: { status: "REQUESTED" }, select: { id: true }, take: 1 },
            // The day as the report holds it: a verlenging refused late moved it (reportDueOnAfterRefusal).
            realisationReport: { select: { dueOn: true } },
          },
        });
  const reportsOverdue = plans
    .flatMap((p) => {
      if (!p.periodEnd) return [];
      const stored = p.realisationReport?.dueOn;
      const due = stored
        ? localDateFromDb(stored)
        : reportDueOn(p.periodEnd, termsOf(p).settlementRequestWeeks);
      if (compareLocalDates(due, today) >= 0) return [];
      return [
        {
          id: p.id,
          reference: p.reference,
          title: p.title,
          organisationName: p.organisation.name,
          periodEnd: localDateFromDb(p.periodEnd),
          due,
          daysLate: -daysLeft(due, at),
          extensionRequested: p.extensions.length > 0,
        },
      ];
    })
    .sort((a, b) => compareLocalDates(a.due, b.due) || a.reference.localeCompare(b.reference));
  return { reportsOverdue, reportCandidates: candidates.length };
}

/** The terms of one plan, for its tabs: decision term, suspension, hersteltermijn, penalty. */
export async function planTerms(db: Db, planId: string) {
  const at = now();
  const today = amsterdamDate(at);
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      id: true,
      status: true,
      receivedAt: true,
      completeReceivedAt: true,
      decisionDueOn: true,
      suspendedDays: true,
      defaultNotices: grantNotice,
      decision: { select: { decidedAt: true } },
      events: closedAt,
      supplementRequests: {
        where: { answeredAt: null },
        orderBy: { requestedAt: "desc" },
        take: 1,
        select: { dueAt: true, requestedAt: true },
      },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const endedAt = plan.decision?.decidedAt ?? plan.events[0]?.createdAt ?? null;
  const term = (await decisionTermsOf(db, [{ ...plan, endedAt }], at)).get(plan.id) as DecisionTerm;
  const open = plan.status === "INFO_REQUESTED" ? (plan.supplementRequests[0] ?? null) : null;
  const noticeReceivedOn = noticeDay(plan.defaultNotices);
  return {
    receivedAt: plan.receivedAt,
    completeReceivedAt: plan.completeReceivedAt,
    /** The real end of the decision term; null before it started and while it stands still. */
    decisionDue: termDue(term),
    daysLeft: term.state === "running" ? term.daysLeft : null,
    /** The term stands still (Awb 4:15) from this day while the hersteltermijn runs. */
    suspended: term.state === "suspended",
    suspendedSince: term.state === "suspended" ? term.since : null,
    suspendedDays: term.state === "not-started" ? plan.suspendedDays : term.suspendedDays,
    supplement: open
      ? {
          requestedOn: amsterdamDate(open.requestedAt),
          due: amsterdamDate(open.dueAt),
          lapsed: open.dueAt < at,
          /** Awb 4:5 lid 4: the besluit not to consider is made known by this day. */
          closeBy: notConsideredCloseBy(open.dueAt),
        }
      : null,
    noticeReceivedOn,
    /** recordDefaultNotice would accept a notice now (the page offers its form only then). */
    noticeOpen: AWAITING_DECISION.includes(plan.status),
    /** The term as a notice sees it: the form says from which day a notice counts. */
    noticeTerm: noticeTermStateOf(term),
    exposure: termExposure(term, noticeReceivedOn, endedAt ? amsterdamDate(endedAt) : null, today),
  };
}
export type PlanTerms = Awaited<ReturnType<typeof planTerms>>;

/**
 * Each request for verlenging of a plan with its decision term (eight weeks, the same
 * extensionDecisionDueOn the terms page and the reminder use), the notice of default on it and
 * the penalty, which stops at its besluit or when it was withdrawn or lapsed. For the Verlenging
 * tab; scoped by the caller's plan read.
 */
export async function extensionTermsOfPlan(db: Db, planId: string) {
  const at = now();
  const today = amsterdamDate(at);
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      status: true,
      extensions: {
        select: {
          id: true,
          status: true,
          requestedAt: true,
          decidedAt: true,
          closedAt: true,
          defaultNotices: { select: { receivedOn: true } },
        },
      },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  return plan.extensions.map((e) => {
    const due = extensionDecisionDueOn(e.requestedAt);
    const open =
      e.status === "REQUESTED" && (EXTENDABLE_STATUSES as readonly PlanStatus[]).includes(plan.status);
    const ended = e.decidedAt ?? e.closedAt;
    const noticeReceivedOn = noticeDay(e.defaultNotices);
    return {
      extensionId: e.id,
      due,
      /** Null once the request no longer awaits its besluit. */
      daysLeft: open ? daysLeft(due, at) : null,
      noticeReceivedOn,
      /** recordDefaultNotice would accept a notice on this request now. */
      noticeOpen: open,
      exposure: fixedTermExposure(due, noticeReceivedOn, ended ? amsterdamDate(ended) : null, today),
    };
  });
}

/**
 * The vaststelling's decision term (regulation art. 5.5, the day its request scheduled the warning
 * for, as on the terms page), the notice of default on it and the penalty, which stops at the
 * besluit. Null before the vaststelling was asked.
 */
export async function settlementDecisionTerm(db: Db, planId: string) {
  const at = now();
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      status: true,
      settlement: { select: { settledAt: true } },
      reminders: settlementTermReminder,
      defaultNotices: { where: { subject: "SETTLEMENT" }, select: { receivedOn: true } },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const term = plan.reminders[0];
  if (!term) return null;
  const due = localDateFromDb(term.termEnd);
  const awaiting = AWAITING_SETTLEMENT.includes(plan.status);
  const settledAt = plan.settlement?.settledAt;
  const noticeReceivedOn = noticeDay(plan.defaultNotices);
  return {
    due,
    /** Null once decided. */
    daysLeft: awaiting ? daysLeft(due, at) : null,
    noticeReceivedOn,
    /** recordDefaultNotice would accept a notice on the vaststelling now. */
    noticeOpen: awaiting,
    exposure: fixedTermExposure(
      due,
      noticeReceivedOn,
      settledAt ? amsterdamDate(settledAt) : null,
      amsterdamDate(at),
    ),
  };
}

/**
 * A hersteltermijn asked during assessment lapsed unused: the decision term runs again (Awb 4:15
 * lid 1 sub a). Its days of suspension (the day after the request through the hersteltermijn's
 * last day) go into Plan.suspendedDays, decisionDueOn is recomputed and the decision-term
 * reminders (cancelled by the request) are scheduled again. Under the plan's lock, taken before
 * the reminders are touched, as the workflow events do. Idempotent: the days are derived from the
 * requests (suspendedDaysOf), not added to what is stored, so a second run, or a supplement
 * arriving later (supplementArrived writes the same sum), adds nothing. Returns the new end, or
 * null when there was nothing (more) to do.
 */
export async function resumeDecisionTermAfterLapse(
  tx: Tx,
  planId: string,
  at: Date,
): Promise<LocalDate | null> {
  const facts = await lockPlan(tx, planId);
  if (facts.status !== "INFO_REQUESTED") return null;
  const requests = await suspendingRequests(tx, planId);
  const open = requests.find((r) => !r.answeredAt);
  if (!open || open.dueAt.getTime() >= at.getTime()) return null;
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      suspendedDays: true,
      completeReceivedAt: true,
      decisionTermWeeks: true,
      regulation: { select: { decisionTermWeeks: true } },
    },
  });
  if (!plan.completeReceivedAt) return null;
  // A hersteltermijn asked after the term had ended lapses without resuming anything.
  const days = suspendedDaysOf(requests, at, {
    completeReceivedAt: plan.completeReceivedAt,
    decisionTermWeeks: termWeeksOf(plan),
  });
  if (days <= plan.suspendedDays) return null;
  await tx.plan.update({ where: { id: planId }, data: { suspendedDays: days } });
  return scheduleDecisionTermReminders(tx, planId);
}

/** The supplement requests asked during assessment: the ones that suspend the decision term. */
export async function suspendingRequests(db: Db, planId: string): Promise<SuspendingRequest[]> {
  return db.supplementRequest.findMany({
    where: { planId, fromStatus: "IN_ASSESSMENT" },
    orderBy: { requestedAt: "asc" },
    select: { requestedAt: true, dueAt: true, answeredAt: true, fromStatus: true },
  });
}

/**
 * The lapse tick (run by the reminder tick, every minute): resumes the decision term of every plan
 * whose hersteltermijn, asked during assessment, lapsed unused and whose days are not yet counted.
 * The candidates are read without a lock and the count compared in memory, so the lock is taken
 * once per lapse; each plan in its own transaction, so one failure does not hold up the others.
 */
export async function resumeDecisionTermsAfterLapse(at: Date = now()): Promise<number> {
  const candidates = await prisma.plan.findMany({
    where: {
      status: "INFO_REQUESTED",
      supplementRequests: { some: { answeredAt: null, fromStatus: "IN_ASSESSMENT", dueAt: { lt: at } } },
    },
    select: {
      id: true,
      suspendedDays: true,
      completeReceivedAt: true,
      decisionTermWeeks: true,
      regulation: { select: { decisionTermWeeks: true } },
      supplementRequests: {
        where: { fromStatus: "IN_ASSESSMENT" },
        select: { requestedAt: true, dueAt: true, answeredAt: true, fromStatus: true },
      },
    },
  });
  let resumed = 0;
  for (const c of candidates) {
    if (!c.completeReceivedAt) continue;
    const start = {
      completeReceivedAt: c.completeReceivedAt,
      decisionTermWeeks: termWeeksOf(c),
    };
    if (suspendedDaysOf(c.supplementRequests, at, start) <= c.suspendedDays) continue;
    const due = await prisma.$transaction((tx) => resumeDecisionTermAfterLapse(tx, c.id, at));
    if (due) resumed++;
  }
  return resumed;
}

export const NOTICE_NOT_AWAITING_DECISION =
  "Een ingebrekestelling kan alleen worden vastgelegd zolang de aanvraag, een verzoek om verlenging of de aanvraag tot vaststelling op een besluit wacht.";
export const NOTICE_EXTENSION_NOT_OPEN =
  "Op dit verzoek om verlenging wacht geen besluit meer: het is intussen afgehandeld of ingetrokken. Laad de pagina opnieuw.";

/**
 * The besluit the plan awaits now, if any: what a notice of default can be about, with where its
 * term stands now (null when none is known: a vaststelling asked before its term was scheduled).
 */
type AwaitedBesluit =
  | { subject: NoticeSubject; since: Date | null; tooEarly: string; term: NoticeTermState | null }
  | { subject: null; refusal: string };

/**
 * Which besluit the plan awaits, read under its lock. The three cannot overlap: the grant is awaited
 * before the beschikking, a request for verlenging only on a granted plan (and request_settlement is
 * refused while one is open), the vaststelling only once it was asked.
 */
async function awaitedBesluit(tx: Tx, planId: string, status: PlanStatus, at: Date): Promise<AwaitedBesluit> {
  const notAwaiting = async () =>
    `${NOTICE_NOT_AWAITING_DECISION} De status is nu: ${await statusLabelOf(tx, planId, status)}.`;
  if (AWAITING_DECISION.includes(status)) {
    const plan = await tx.plan.findUniqueOrThrow({
      where: { id: planId },
      select: {
        id: true,
        status: true,
        submittedAt: true,
        completeReceivedAt: true,
        decisionDueOn: true,
        suspendedDays: true,
      },
    });
    // The real term now, as every reader gives it (suspension and lapses included).
    const term = (await decisionTermsOf(tx, [plan], at)).get(plan.id) as DecisionTerm;
    return {
      subject: { kind: "GRANT" },
      since: plan.submittedAt,
      tooEarly: "De ingebrekestelling kan niet eerder zijn ontvangen dan de aanvraag.",
      term: noticeTermStateOf(term),
    };
  }
  if (AWAITING_SETTLEMENT.includes(status)) {
    const asked = await tx.workflowEvent.findFirst({
      where: { planId, event: "request_settlement" },
      orderBy: { id: "desc" },
      select: { createdAt: true },
    });
    // The term its request scheduled (as the terms page and the tab read it).
    const scheduled = await tx.reminder.findUnique({
      where: { planId_kind: { planId, kind: "SETTLEMENT_DECISION_WARNING" } },
      select: { termEnd: true },
    });
    return {
      subject: { kind: "SETTLEMENT" },
      since: asked?.createdAt ?? null,
      tooEarly: "De ingebrekestelling kan niet eerder zijn ontvangen dan de aanvraag tot vaststelling.",
      term: scheduled ? { state: "ends", due: localDateFromDb(scheduled.termEnd) } : null,
    };
  }
  if ((EXTENDABLE_STATUSES as readonly PlanStatus[]).includes(status)) {
    const open = await tx.planExtension.findFirst({
      where: { planId, status: "REQUESTED" },
      orderBy: { requestedAt: "desc" },
      select: { id: true, requestedAt: true },
    });
    if (open)
      return {
        subject: { kind: "EXTENSION", extensionId: open.id },
        since: open.requestedAt,
        tooEarly: "De ingebrekestelling kan niet eerder zijn ontvangen dan het verzoek om verlenging.",
        term: { state: "ends", due: extensionDecisionDueOn(open.requestedAt) },
      };
    return { subject: null, refusal: `${await notAwaiting()} Er staat geen verzoek om verlenging open.` };
  }
  return { subject: null, refusal: await notAwaiting() };
}

/**
 * The plan's status as a refusal names it: a revoked grant says the minister withdrew it, as the
 * plan page does (labels.ts). Queries only for a WITHDRAWN plan.
 */
async function statusLabelOf(tx: Tx, planId: string, status: PlanStatus): Promise<string> {
  const plan = { id: planId, status };
  return (await statusLabeller(tx, [plan]))(plan);
}

/**
 * The handler records the applicant's notice of default (ingebrekestelling, Awb 4:17): the day it
 * was received. Awb 4:17 applies to every beschikking op aanvraag, so the notice is about the besluit
 * the plan awaits now: the grant, the open request for verlenging, or the vaststelling. `subject`
 * is the one the handler's form was for; without it the awaited one is taken. Recording it again
 * corrects the day. Not in the future, not before that aanvraag or request, and only while its
 * besluit is awaited: a withdrawn or closed application, or a request decided or withdrawn, has no
 * decision to default on, and its notice would accrue a penalty in the terms overview for ever.
 * `expectedVersion`: the version the handler's page showed (optimistic lock, as for the events).
 * `shownReceivedOn`: the day the handler's form showed as recorded ("" for none): a colleague's
 * recording meanwhile is a conflict, not silently replaced. Not the plan's version: a notice changes
 * neither the plan's content nor its status, and bumping it would refuse every other open form of the
 * plan (the applicant's wizard, the advice, the decision) while the late besluit is being prepared.
 */
export async function recordDefaultNotice(
  actor: Actor,
  planId: string,
  receivedOn: string,
  expectedVersion?: number,
  subject?: NoticeSubject,
  shownReceivedOn?: string,
) {
  if (!actor.roles.includes("CASE_HANDLER")) throw new ForbiddenError();
  if (!isLocalDate(receivedOn))
    throw new RuleViolation("Vul een bestaande datum in, bijvoorbeeld 2026-06-15.", "receivedOn");
  const day = receivedOn as LocalDate;
  const at = now();
  if (compareLocalDates(day, amsterdamDate(at)) > 0)
    throw new RuleViolation("De datum van ontvangst kan niet in de toekomst liggen.", "receivedOn");
  return prisma.$transaction(async (tx) => {
    const visible = await tx.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    // Under the plan's lock, so a withdrawal or decision at the same moment is seen, not raced.
    const facts = await lockPlan(tx, planId);
    if (expectedVersion !== undefined) assertVersion(facts, expectedVersion);
    const awaited = await awaitedBesluit(tx, planId, facts.status, at);
    const same =
      awaited.subject && (!subject || noticeSubjectKey(subject) === noticeSubjectKey(awaited.subject));
    if (!awaited.subject || !same) {
      if (subject?.kind === "EXTENSION") throw new RuleViolation(NOTICE_EXTENSION_NOT_OPEN);
      if (subject?.kind === "SETTLEMENT")
        throw new RuleViolation(
          `De aanvraag tot vaststelling wacht niet (meer) op een besluit: er kan geen ingebrekestelling voor worden vastgelegd. De status is nu: ${await statusLabelOf(tx, planId, facts.status)}.`,
        );
      throw new RuleViolation(
        awaited.subject
          ? `${NOTICE_NOT_AWAITING_DECISION} De status is nu: ${await statusLabelOf(tx, planId, facts.status)}.`
          : awaited.refusal,
      );
    }
    if (awaited.since && compareLocalDates(day, amsterdamDate(awaited.since)) < 0)
      throw new RuleViolation(awaited.tooEarly, "receivedOn");
    // Awb 4:17: a notice counts only once the term has passed; one received before has no effect,
    // and recorded it would start the penalty's clock. Judged against the term as it stands now,
    // under the lock, not as it stood on the day of receipt: for a notice that counts the two are
    // the same, because nothing moves an end that has passed (a supplement asked after it suspends
    // nothing, suspendingRequestsOf; the portal records no verdaging, and Awb 4:14 allows one only
    // before the end). A term that stands still now, or was moved by a suspension before the notice,
    // had not passed when the notice came: refused. So a suspension after recording can only move
    // the end of a term that had not passed, whose notice this refused; for a row recorded before
    // this rule, the readers (termExposure) compare it with the end as it stands and ignore it.
    // Before the same-day shortcut below, so sending again a day recorded before this rule is told why.
    if (awaited.term) {
      const premature = prematureNoticeMessage(awaited.subject.kind, awaited.term, day, amsterdamDate(at));
      if (premature) throw new RuleViolation(premature, "receivedOn");
    }
    const about = awaited.subject;
    const subjectKey = noticeSubjectKey(about);
    const extensionId = about.kind === "EXTENSION" ? about.extensionId : null;
    const earlier = await tx.defaultNotice.findUnique({
      where: { planId_subjectKey: { planId, subjectKey } },
      select: { receivedOn: true, recordedById: true },
    });
    const current = earlier ? localDateFromDb(earlier.receivedOn) : null;
    // The same day again (a double click, a form sent twice) changes nothing and records nothing.
    if (current === day) return;
    if (shownReceivedOn !== undefined && (shownReceivedOn || null) !== current)
      throw new ConflictError(
        current
          ? `Een collega heeft intussen ${formatDateNl(current)} als dag van ontvangst vastgelegd. Laad de pagina opnieuw en leg de ingebrekestelling zo nodig opnieuw vast.`
          : "De vastgelegde ingebrekestelling is intussen gewijzigd. Laad de pagina opnieuw.",
        "NOTICE_CHANGED",
      );
    const data = { receivedOn: localDateToDb(day), recordedById: actor.userId, recordedAt: at };
    await tx.defaultNotice.upsert({
      where: { planId_subjectKey: { planId, subjectKey } },
      create: { planId, subject: about.kind, subjectKey, extensionId, ...data },
      update: data,
    });
    // The row keeps only the latest day; a correction moves the penalty the state owes (Awb 4:17),
    // so each recording, with the day it replaced, stays in the audit trail. A notice on the grant
    // keeps the details it always had; the others say which besluit they are about.
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "plan.default-notice-recorded" satisfies AuditAction,
        targetType: "Plan",
        targetId: planId,
        details: {
          receivedOn: day,
          previousReceivedOn: earlier ? localDateFromDb(earlier.receivedOn) : null,
          previousRecordedById: earlier?.recordedById ?? null,
          ...(about.kind === "GRANT" ? {} : { subject: about.kind, extensionId }),
        },
      },
    });
  });
}
