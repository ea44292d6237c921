import { prisma } from "../../db/client.server.ts";
import { DocumentKind, type PlanStatus, type ReminderKind } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { INTERIM_REPORT_LIVE_STATUSES, interimReportsOfPlans } from "../interim/overdue.server.ts";
import { TERM_RUNNING } from "../review/decision-term.ts";
import { reportDueOn } from "../settlement/terms.ts";
import {
  amsterdamDate,
  compareLocalDates,
  daysLeft,
  type LocalDate,
  localDateFromDb,
} from "../time/index.ts";
import { underspendingFacts, underspendingPlanSelect } from "../underspending/facts.server.ts";
import { meldingMayBeOwed, UNDERSPENDING_WRITABLE_STATUSES } from "../underspending/rules.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";

/**
 * The letters an applicant receives: every kind but attachments and frozen plan versions, so that a
 * new kind of letter is listed without being named here (a list of names had left out the
 * supplement request, the not-considered decision, the withdrawal confirmation and the vaststelling).
 */
const NOT_LETTERS: readonly DocumentKind[] = ["PLAN_VERSION", "ATTACHMENT", "INTERIM_AUDIT_REPORT"];
const LETTER_KINDS: DocumentKind[] = Object.values(DocumentKind).filter((k) => !NOT_LETTERS.includes(k));

/**
 * The terms an applicant has to know about: the decision, its own hersteltermijn, its interim
 * progress reports (art. 5.4) and its realisation report.
 */
export type DeadlineKind =
  | "DECISION_TERM"
  | "SUPPLEMENT_TERM"
  | "INTERIM_REPORT_DUE"
  | "REPORT_DUE"
  | "UNDERSPENDING_CHECK";

/**
 * Reminders whose term concerns the applicant; the others (execution check, settlement term) are
 * staff's. The hersteltermijn is not read from its reminder: the warning goes out days before the
 * term ends (at once for a short term), and the term must show until its last day is over.
 */
const DEADLINE_OF_REMINDER: Partial<Record<ReminderKind, DeadlineKind>> = {
  DECISION_TERM_WARNING: "DECISION_TERM",
  DECISION_TERM_LAST_DAY: "DECISION_TERM",
  SETTLEMENT_REPORT_WARNING: "REPORT_DUE",
};

export type NextDeadline = {
  kind: DeadlineKind;
  date: LocalDate;
  daysLeft: number;
  /** INTERIM_REPORT_DUE only: the report after the 12th or the 24th month. */
  afterMonths?: 12 | 24;
  /** UNDERSPENDING_CHECK only: the half-year whose melding (art. 5.3) would be due. */
  halfYear?: number;
};

export type PlanOverviewRow = {
  id: string;
  reference: string;
  title: string;
  /** The applicant organisation's name: the dashboard shows it to someone in more than one. */
  organisationName: string;
  status: PlanStatus;
  statusLabel: string;
  updatedAt: Date;
  submittedAt: Date | null;
  /** The next term end that matters to the applicant; null when none runs. */
  nextDeadline: NextDeadline | null;
  letters: { id: string; title: string; kind: DocumentKind; createdAt: Date; href: string }[];
};

/**
 * The organisation dashboard: every plan of the actor's organisations with its next deadline and
 * its letters. One query for the plans (with their pending reminders and handed-in interim
 * reports), one for all their letters and one for the granted verlengingen that move an interim
 * report's day, so the page cost does not grow with the number of plans (no N+1).
 */
export async function listOrganisationPlanOverview(actor: Actor, at = now()): Promise<PlanOverviewRow[]> {
  if (!actor.roles.includes("APPLICANT") || actor.organisationIds.length === 0) return [];
  const plans = await prisma.plan.findMany({
    where: { organisationId: { in: actor.organisationIds } },
    orderBy: [{ createdAt: "desc" }],
    select: {
      id: true,
      reference: true,
      title: true,
      organisation: { select: { name: true } },
      status: true,
      updatedAt: true,
      submittedAt: true,
      decisionDueOn: true,
      periodStart: true,
      periodEnd: true,
      ...PLAN_TERMS_SELECT,
      // Scope, half-years and meldingen of art. 5.3 (its decision select includes the terms').
      advancesRequested: true,
      years: underspendingPlanSelect.years,
      measures: underspendingPlanSelect.measures,
      decision: underspendingPlanSelect.decision,
      extensions: underspendingPlanSelect.extensions,
      // Which meldingen are handed in: a draft still leaves its day to be met (as the interim report's).
      underspendingReports: { where: { submittedAt: { not: null } }, select: { halfYear: true } },
      // Which interim reports are handed in: a draft still leaves its day to be met.
      interimReports: { where: { submittedAt: { not: null } }, select: { afterMonths: true } },
      // The realisation report's own day once it exists: a refused verlenging may have moved it.
      realisationReport: { select: { dueOn: true } },
      // Pending = neither sent nor cancelled; a decided plan has its reminders cancelled.
      reminders: {
        where: {
          sentAt: null,
          cancelledAt: null,
          kind: { in: Object.keys(DEADLINE_OF_REMINDER) as ReminderKind[] },
        },
        select: { termEnd: true, kind: true },
        orderBy: { termEnd: "asc" },
      },
      // The request being answered, if any: its dueAt is the end of the hersteltermijn's last day.
      supplementRequests: {
        where: { answeredAt: null },
        orderBy: { requestedAt: "desc" },
        take: 1,
        select: { dueAt: true },
      },
    },
  });
  if (plans.length === 0) return [];
  const [letters, statusLabel, interimSchedules] = await Promise.all([
    prisma.document.findMany({
      where: { planId: { in: plans.map((p) => p.id) }, kind: { in: LETTER_KINDS } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, planId: true, title: true, kind: true, createdAt: true },
    }),
    statusLabeller(prisma, plans),
    // The days as the plan's period now stands, a granted verlenging included: one query for all.
    interimReportsOfPlans(
      prisma,
      plans.filter((p) => INTERIM_REPORT_LIVE_STATUSES.includes(p.status)),
    ),
  ]);
  const lettersByPlan = new Map<string, PlanOverviewRow["letters"]>();
  for (const d of letters) {
    const list = lettersByPlan.get(d.planId) ?? [];
    list.push({
      id: d.id,
      title: d.title,
      kind: d.kind,
      createdAt: d.createdAt,
      href: `/documenten/${d.id}`,
    });
    lettersByPlan.set(d.planId, list);
  }

  return plans.map((p) => {
    const deadline = earlier(
      earlier(nextTermEnd(p), nextInterimReport(p, interimSchedules.get(p.id))),
      nextUnderspendingCheck(p, amsterdamDate(at)),
    );
    return {
      id: p.id,
      reference: p.reference,
      title: p.title,
      organisationName: p.organisation.name,
      status: p.status,
      statusLabel: statusLabel(p),
      updatedAt: p.updatedAt,
      submittedAt: p.submittedAt,
      nextDeadline: deadline ? { ...deadline, daysLeft: daysLeft(deadline.date, at) } : null,
      letters: lettersByPlan.get(p.id) ?? [],
    };
  });
}

/**
 * While a supplement is asked, its hersteltermijn (Awb 4:5): the last day, as the letter and the
 * plan page give it; once that day has passed it still shows, as overdue, for the applicant may
 * still answer until the plan is closed. The decision term stands still meanwhile (Awb 4:15).
 *
 * Otherwise the decision term's end: from a pending reminder (which already carries any move of the term),
 * else, while the term runs (the last-day reminder may have gone out already), the plan's stored
 * end: the one the staff's lists show, with the days of suspension (Awb 4:15) added.
 *
 * In execution, the realisation report's last day as the report page and the plan page give it:
 * the report's stored day once it exists (a verlenging refused late moved it to 8 weeks after the
 * besluit, ADR 0026), else from the plan's end (moved by a granted verlenging) and the grant's
 * term. Also while its reminder is pending or after it went out (14 days before), so that it shows
 * until that day is over and then as overdue: recomputing from the end had named the old day.
 */
function nextTermEnd(
  p: {
    status: PlanStatus;
    decisionDueOn: Date | null;
    periodEnd: Date | null;
    reminders: { termEnd: Date; kind: ReminderKind }[];
    supplementRequests: { dueAt: Date }[];
    realisationReport: { dueOn: Date | null } | null;
  } & Parameters<typeof termsOf>[0],
): { kind: DeadlineKind; date: LocalDate } | null {
  const request = p.supplementRequests[0];
  if (p.status === "INFO_REQUESTED" && request)
    return { kind: "SUPPLEMENT_TERM", date: amsterdamDate(request.dueAt) };
  const stored = p.realisationReport?.dueOn;
  const pending = p.reminders[0];
  const kind = pending ? DEADLINE_OF_REMINDER[pending.kind] : undefined;
  if (kind === "REPORT_DUE" && stored) return { kind, date: localDateFromDb(stored) };
  if (pending && kind) return { kind, date: localDateFromDb(pending.termEnd) };
  // The statuses in which the 13-week term runs (review/decision-term.ts); not INFO_REQUESTED:
  // while a supplement is asked the next term is its hersteltermijn, also once that has lapsed.
  if (p.decisionDueOn && TERM_RUNNING.includes(p.status))
    return { kind: "DECISION_TERM", date: localDateFromDb(p.decisionDueOn) };
  if (p.status === "IN_EXECUTION" && stored) return { kind: "REPORT_DUE", date: localDateFromDb(stored) };
  if (p.status === "IN_EXECUTION" && p.periodEnd)
    return { kind: "REPORT_DUE", date: reportDueOn(p.periodEnd, termsOf(p).settlementRequestWeeks) };
  return null;
}

type Deadline = Omit<NextDeadline, "daysLeft">;

/**
 * While the grant is carried out, the first interim report (art. 5.4) not yet handed in, on its
 * day as the plan's period now stands: ahead of it, open to be written, or past it (then shown as
 * overdue, for it can still be handed in late). Only plans with a schedule (the live statuses)
 * have one; a submitted report is done, a draft is not.
 */
function nextInterimReport(
  p: { interimReports: { afterMonths: number }[] },
  schedule: { afterMonths: 12 | 24; dueOn: LocalDate }[] | undefined,
): Deadline | null {
  const next = schedule?.find((r) => !p.interimReports.some((x) => x.afterMonths === r.afterMonths));
  return next ? { kind: "INTERIM_REPORT_DUE", date: next.dueOn, afterMonths: next.afterMonths } : null;
}

/**
 * While the grant runs, the first half-year in scope of art. 5.3 (as the period stood when it
 * ended, and ended after the grant's day) that ended without a submitted melding, on the melding's
 * last day; a draft does not take it away. Only until that day: whether a melding was owed (costs
 * at or below 75%) only the organisation knows, so a passed day is not shown as overdue.
 */
function nextUnderspendingCheck(
  p: Parameters<typeof underspendingFacts>[0] & { underspendingReports: { halfYear: number }[] },
  today: LocalDate,
): Deadline | null {
  if (!UNDERSPENDING_WRITABLE_STATUSES.includes(p.status)) return null;
  const next = underspendingFacts(p).halves.find(
    (h) =>
      meldingMayBeOwed(h) &&
      compareLocalDates(today, h.opensOn) >= 0 &&
      compareLocalDates(today, h.dueOn) <= 0 &&
      !p.underspendingReports.some((r) => r.halfYear === h.n),
  );
  return next ? { kind: "UNDERSPENDING_CHECK", date: next.dueOn, halfYear: next.n } : null;
}

/** The one whose day comes first; the other term when only one runs. */
function earlier(a: Deadline | null, b: Deadline | null): Deadline | null {
  if (!a || !b) return a ?? b;
  return compareLocalDates(b.date, a.date) < 0 ? b : a;
}
