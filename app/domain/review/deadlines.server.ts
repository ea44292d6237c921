import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { WARNING_DAYS_BEFORE } from "../reminders/reminders.server.ts";
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
import { type PenaltyExposure, penaltyExposure } from "./penalty.ts";

type Db = PrismaClient | Tx;

/** The statuses in which the decision term runs (INFO_REQUESTED suspends it, Awb 4:15). */
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

function exposureOf(
  due: Date | null,
  notice: { receivedOn: Date } | null,
  decidedAt: Date | null,
  today: LocalDate,
): PenaltyExposure | null {
  if (!due || !notice) return null;
  return penaltyExposure({
    decisionDue: localDateFromDb(due),
    noticeReceivedOn: localDateFromDb(notice.receivedOn),
    decidedOn: decidedAt ? amsterdamDate(decidedAt) : null,
    today,
  });
}

/**
 * The terms overview (/behandeling/termijnen): decision terms that have passed or end within
 * WARNING_DAYS_BEFORE days (with the penalty exposure once a notice of default is recorded),
 * hersteltermijnen that lapsed without a supplement, and grants whose execution did not start in
 * time. Each list is one indexed query with a limit; nothing loads all plans.
 */
export async function termsOverview(actor: Actor) {
  if (!actor.roles.some((r) => (OVERVIEW_ROLES as readonly string[]).includes(r))) throw new ForbiddenError();
  const at = now();
  const today = amsterdamDate(at);
  const horizon = addCalendarDays(today, WARNING_DAYS_BEFORE);

  const running = await prisma.plan.findMany({
    where: { status: { in: TERM_RUNNING }, decisionDueOn: { lte: localDateToDb(horizon) } },
    orderBy: [{ decisionDueOn: "asc" }, { number: "asc" }],
    take: LIST_LIMIT,
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      decisionDueOn: true,
      organisation: { select: { name: true } },
      defaultNotice: { select: { receivedOn: true } },
    },
  });
  const decisionTerms = running.map((p) => {
    const due = localDateFromDb(p.decisionDueOn as Date);
    return {
      id: p.id,
      reference: p.reference,
      title: p.title,
      organisationName: p.organisation.name,
      statusLabel: STATUS_LABEL[p.status],
      due,
      daysLeft: daysLeft(due, at),
      noticeReceivedOn: p.defaultNotice ? localDateFromDb(p.defaultNotice.receivedOn) : null,
      exposure: exposureOf(p.decisionDueOn, p.defaultNotice, null, today),
    };
  });

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
          decisionDueOn: true,
          decision: { select: { decidedAt: true } },
          events: closedAt,
        },
      },
    },
  });
  const penalties = noticed
    .map((n) => ({
      id: n.plan.id,
      reference: n.plan.reference,
      statusLabel: STATUS_LABEL[n.plan.status],
      noticeReceivedOn: localDateFromDb(n.receivedOn),
      exposure: exposureOf(
        n.plan.decisionDueOn,
        n,
        n.plan.decision?.decidedAt ?? n.plan.events[0]?.createdAt ?? null,
        today,
      ),
    }))
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

  return { today, decisionTerms, penalties, totalPenaltyCents, lapsed, executionLate };
}

/** The terms of one plan, for its tabs: decision term, suspension, hersteltermijn, penalty. */
export async function planTerms(db: Db, planId: string) {
  const at = now();
  const today = amsterdamDate(at);
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
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
        select: { dueAt: true, requestedAt: true, fromStatus: true },
      },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const due = plan.decisionDueOn ? localDateFromDb(plan.decisionDueOn) : null;
  const open = plan.status === "INFO_REQUESTED" ? (plan.supplementRequests[0] ?? null) : null;
  return {
    receivedAt: plan.receivedAt,
    completeReceivedAt: plan.completeReceivedAt,
    decisionDue: due,
    daysLeft: due && !plan.decision ? daysLeft(due, at) : null,
    suspended: open !== null && open.fromStatus === "IN_ASSESSMENT",
    suspendedDays: plan.suspendedDays,
    supplement: open
      ? {
          requestedOn: amsterdamDate(open.requestedAt),
          due: amsterdamDate(open.dueAt),
          lapsed: open.dueAt < at,
        }
      : null,
    noticeReceivedOn: plan.defaultNotice ? localDateFromDb(plan.defaultNotice.receivedOn) : null,
    /** recordDefaultNotice would accept a notice now (the page offers its form only then). */
    noticeOpen: AWAITING_DECISION.includes(plan.status),
    exposure: exposureOf(
      plan.decisionDueOn,
      plan.defaultNotice,
      plan.decision?.decidedAt ?? plan.events[0]?.createdAt ?? null,
      today,
    ),
  };
}
export type PlanTerms = Awaited<ReturnType<typeof planTerms>>;

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
