import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { EXTENDABLE_STATUSES, extensionDecisionDueOn } from "../extension/rules.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { scheduleDecisionTermReminders, WARNING_DAYS_BEFORE } from "../reminders/reminders.server.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  daysLeft,
  isLocalDate,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";
import {
  AWAITING_DECISION,
  type DecisionTerm,
  decisionTerm,
  notConsideredCloseBy,
  type SuspendingRequest,
  suspendedDaysOf,
  TERM_RUNNING,
  termExposure,
  termWeeksOf,
} from "./decision-term.ts";

export { AWAITING_DECISION, type DecisionTerm, TERM_RUNNING } from "./decision-term.ts";

type Db = PrismaClient | Tx;

/** Who sees the terms overview (design.md §4 Deadlines). */
const OVERVIEW_ROLES = ["CASE_HANDLER", "DECISION_MAKER"] as const;
const LIST_LIMIT = 200;

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

type TermPlan = {
  id: string;
  status: PlanStatus;
  completeReceivedAt: Date | null;
  decisionDueOn: Date | null;
  suspendedDays: number;
  /** For a plan no longer awaiting a decision: when it was decided, withdrawn or closed. */
  endedAt?: Date | null;
};

/**
 * The real decision term of each plan (decision-term.ts), with its supplement requests and its
 * term in weeks (the plan's own since completeness, termWeeksOf) loaded in one query for all of
 * them: the one place every reader asks.
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
      : await db.$queryRaw<(SuspendingRequest & { planId: string; weeks: number })[]>`
          SELECT p.id AS "planId", COALESCE(p."decisionTermWeeks", r."decisionTermWeeks") AS weeks,
                 s."requestedAt", s."dueAt",
                 s."answeredAt", s."fromStatus"::text AS "fromStatus"
          FROM "Plan" p JOIN "Regulation" r ON r.id = p."regulationId"
          LEFT JOIN "SupplementRequest" s ON s."planId" = p.id AND s."fromStatus" = 'IN_ASSESSMENT'
          WHERE p.id = ANY(${ids}::text[])`;
  const facts = new Map<string, { weeks: number; requests: SuspendingRequest[] }>();
  for (const r of rows) {
    const f = facts.get(r.planId) ?? { weeks: r.weeks, requests: [] };
    if (r.requestedAt) f.requests.push(r);
    facts.set(r.planId, f);
  }
  return new Map(
    plans.map((p) => [
      p.id,
      decisionTerm(
        {
          ...p,
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
 * or ends within the same WARNING_DAYS_BEFORE days. Each list is one query with a limit; nothing
 * loads all plans.
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
    take: LIST_LIMIT,
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      completeReceivedAt: true,
      decisionDueOn: true,
      suspendedDays: true,
      organisation: { select: { name: true } },
      defaultNotice: { select: { receivedOn: true } },
    },
  });
  const runningTerms = await decisionTermsOf(prisma, running, at);
  const decisionTerms = running
    .flatMap((p) => {
      const term = runningTerms.get(p.id);
      if (term?.state !== "running" || compareLocalDates(term.due, horizon) > 0) return [];
      const noticeReceivedOn = p.defaultNotice ? localDateFromDb(p.defaultNotice.receivedOn) : null;
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

  // Every recorded notice of default counts towards the exposure, also for plans decided late.
  const noticed = await prisma.defaultNotice.findMany({
    orderBy: { receivedOn: "asc" },
    take: LIST_LIMIT,
    select: {
      receivedOn: true,
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
        },
      },
    },
  });
  const endedAt = (p: (typeof noticed)[number]["plan"]) =>
    p.decision?.decidedAt ?? p.events[0]?.createdAt ?? null;
  const noticedTerms = await decisionTermsOf(
    prisma,
    noticed.map((n) => ({ ...n.plan, endedAt: endedAt(n.plan) })),
    at,
  );
  const penalties = noticed
    .map((n) => {
      const ended = endedAt(n.plan);
      const term = noticedTerms.get(n.plan.id);
      return {
        id: n.plan.id,
        reference: n.plan.reference,
        statusLabel: STATUS_LABEL[n.plan.status],
        noticeReceivedOn: localDateFromDb(n.receivedOn),
        exposure: term
          ? termExposure(term, localDateFromDb(n.receivedOn), ended ? amsterdamDate(ended) : null, today)
          : null,
      };
    })
    .filter((p) => p.exposure && p.exposure.cents > 0n);
  const totalPenaltyCents = penalties.reduce((s, p) => s + (p.exposure?.cents ?? 0n), 0n);

  const lapsedRows = await prisma.supplementRequest.findMany({
    where: { answeredAt: null, dueAt: { lt: at }, plan: { status: "INFO_REQUESTED" } },
    orderBy: { dueAt: "asc" },
    take: LIST_LIMIT,
    select: {
      dueAt: true,
      requestedAt: true,
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const lapsed = lapsedRows.map((r) => ({
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
    take: LIST_LIMIT,
    select: {
      termEnd: true,
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const executionLate = lateRows.map((r) => ({
    id: r.plan.id,
    reference: r.plan.reference,
    title: r.plan.title,
    organisationName: r.plan.organisation.name,
    due: localDateFromDb(r.termEnd),
  }));

  // A request for verlenging is an aanvraag for a besluit, late like any other (Awb 4:17). All open
  // ones are listed, not only those near their end: there are few, and each one is a term running.
  const extensionRows = await prisma.planExtension.findMany({
    where: { status: "REQUESTED", plan: { status: { in: [...EXTENDABLE_STATUSES] } } },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    take: LIST_LIMIT,
    select: {
      id: true,
      requestedAt: true,
      requestedMonths: true,
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const extensionTerms = extensionRows
    .map((r) => {
      const due = extensionDecisionDueOn(r.requestedAt);
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
    take: LIST_LIMIT,
    select: {
      termEnd: true,
      plan: {
        select: {
          id: true,
          reference: true,
          title: true,
          organisation: { select: { name: true } },
          realisationReport: { select: { submittedAt: true } },
        },
      },
    },
  });
  const settlementTerms = settlementRows.map((r) => {
    const due = localDateFromDb(r.termEnd);
    const submittedAt = r.plan.realisationReport?.submittedAt;
    return {
      id: r.plan.id,
      reference: r.plan.reference,
      title: r.plan.title,
      organisationName: r.plan.organisation.name,
      /** The request for vaststelling: the day the realisation report came in. */
      requestedOn: submittedAt ? amsterdamDate(submittedAt) : null,
      due,
      daysLeft: daysLeft(due, at),
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
  };
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
      defaultNotice: { select: { receivedOn: true } },
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
  const noticeReceivedOn = plan.defaultNotice ? localDateFromDb(plan.defaultNotice.receivedOn) : null;
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
    exposure: termExposure(term, noticeReceivedOn, endedAt ? amsterdamDate(endedAt) : null, today),
  };
}
export type PlanTerms = Awaited<ReturnType<typeof planTerms>>;

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
  "Een ingebrekestelling kan alleen worden vastgelegd zolang de aanvraag op een besluit wacht.";

/**
 * The handler records the applicant's notice of default (ingebrekestelling, Awb 4:17): the day it
 * was received. Recording it again corrects the day. Not in the future, not before submission, and
 * only while the plan awaits a decision: a withdrawn or closed application has no decision to
 * default on, and its notice would accrue a penalty in the terms overview for ever.
 * `expectedVersion`: the version the handler's page showed (optimistic lock, as for the events).
 */
export async function recordDefaultNotice(
  actor: Actor,
  planId: string,
  receivedOn: string,
  expectedVersion?: number,
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
    if (!AWAITING_DECISION.includes(facts.status))
      throw new RuleViolation(
        `${NOTICE_NOT_AWAITING_DECISION} De status is nu: ${STATUS_LABEL[facts.status]}.`,
      );
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { submittedAt: true } });
    if (plan.submittedAt && compareLocalDates(day, amsterdamDate(plan.submittedAt)) < 0)
      throw new RuleViolation(
        "De ingebrekestelling kan niet eerder zijn ontvangen dan de aanvraag.",
        "receivedOn",
      );
    const earlier = await tx.defaultNotice.findUnique({
      where: { planId },
      select: { receivedOn: true, recordedById: true },
    });
    const data = { receivedOn: localDateToDb(day), recordedById: actor.userId, recordedAt: at };
    await tx.defaultNotice.upsert({ where: { planId }, create: { planId, ...data }, update: data });
    // The row keeps only the latest day; a correction moves the penalty the state owes (Awb 4:17),
    // so each recording, with the day it replaced, stays in the audit trail.
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
        },
      },
    });
  });
}
