import { Prisma, type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import { INTERIM_REPORT_WEEKS, interimReportsDue } from "../settlement/terms.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  daysLeft,
  type LocalDate,
  localDateFromDb,
} from "../time/index.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";

type Db = PrismaClient | Tx;

/**
 * The grant is being carried out (granted, in part or in full, or in execution): only then is an
 * interim report (regulation art. 5.4) owed. A revoked or withdrawn grant owes none, and once the
 * vaststelling is asked the realisation report covers the whole period.
 */
export const INTERIM_REPORT_LIVE_STATUSES: readonly PlanStatus[] = [
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
];

/**
 * The interim reports of each plan as its period now stands (a granted verlenging included), on
 * the days its grant letter gives (never before 8 weeks after the grant's decision).
 */
export async function interimReportsOfPlans(
  db: Db,
  plans: { id: string; periodStart: Date | null; periodEnd: Date | null }[],
): Promise<Map<string, { afterMonths: 12 | 24; dueOn: LocalDate }[]>> {
  const ids = plans.filter((p) => p.periodStart && p.periodEnd).map((p) => p.id);
  // One verlenging per plan at most is granted (art. 1.2a), one decision per plan; one query each.
  const [extensions, decisions] =
    ids.length === 0
      ? [[], []]
      : [
          await db.planExtension.findMany({
            where: { planId: { in: ids }, status: "GRANTED" },
            select: { planId: true, previousPeriodEnd: true, newPeriodEnd: true, decidedAt: true },
          }),
          await db.decision.findMany({
            where: { planId: { in: ids } },
            select: { planId: true, decidedAt: true },
          }),
        ];
  const byPlan = new Map(extensions.map((x) => [x.planId, x]));
  const decidedAt = new Map(decisions.map((d) => [d.planId, d.decidedAt]));
  return new Map(
    plans.map((p) => [
      p.id,
      interimReportsDue(p.periodStart, p.periodEnd, byPlan.get(p.id) ?? null, decidedAt.get(p.id) ?? null),
    ]),
  );
}

/**
 * Candidates whose report is (or soon will be) due, in the order of a lower bound of its day:
 * the 12th (24th) month's last day plus eight weeks, computed in SQL as addMonths does (PostgreSQL
 * clamps 29 February to the 28th as well), or the grant's decision day (Dutch time) plus eight
 * weeks when that is later. The real day (interimReportsDue) is never earlier: the Algemene
 * termijnenwet moves it only later, and a report a verlenging added is never due before that date.
 * So every late report is found; the real day then decides. A submitted report leaves the list; a
 * draft (an InterimReport row without submittedAt) does not.
 */
async function candidates(
  db: Db,
  opts: {
    dueAtLeastBefore: LocalDate;
    dueAtLeastFrom?: LocalDate;
    orExtensionDecidedFrom?: Date;
    limit?: number;
  },
): Promise<{ planId: string; afterMonths: number }[]> {
  const lower = opts.dueAtLeastFrom
    ? opts.orExtensionDecidedFrom
      ? Prisma.sql`AND (c."dueAtLeast" >= ${opts.dueAtLeastFrom}::date OR EXISTS (
          SELECT 1 FROM "PlanExtension" x
          WHERE x."planId" = c."planId" AND x.status::text = 'GRANTED'
            AND x."decidedAt" >= ${opts.orExtensionDecidedFrom}))`
      : Prisma.sql`AND c."dueAtLeast" >= ${opts.dueAtLeastFrom}::date`
    : Prisma.empty;
  const limit = opts.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${opts.limit}`;
  return db.$queryRaw<{ planId: string; afterMonths: number }[]>`
    SELECT c."planId", c."afterMonths" FROM (
      SELECT p.id AS "planId", p.number, m.months AS "afterMonths", p."periodEnd",
             (p."periodStart" + make_interval(months => m.months))::date - 1 AS "monthEnds",
             GREATEST(
               (p."periodStart" + make_interval(months => m.months))::date - 1 + ${INTERIM_REPORT_WEEKS * 7}::int,
               ((d."decidedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date
                 + ${INTERIM_REPORT_WEEKS * 7}::int
             ) AS "dueAtLeast"
      FROM "Plan" p
      CROSS JOIN (VALUES (12), (24)) AS m(months)
      LEFT JOIN "Decision" d ON d."planId" = p.id
      LEFT JOIN "InterimReport" ir ON ir."planId" = p.id AND ir."afterMonths" = m.months
      WHERE p.status::text = ANY(${[...INTERIM_REPORT_LIVE_STATUSES]}::text[])
        AND p."periodStart" IS NOT NULL AND p."periodEnd" IS NOT NULL
        AND ir."submittedAt" IS NULL
    ) c
    WHERE (CASE WHEN c."afterMonths" = 12 THEN c."periodEnd" >= c."monthEnds" ELSE c."periodEnd" > c."monthEnds" END)
      AND c."dueAtLeast" < ${opts.dueAtLeastBefore}::date
      ${lower}
    ORDER BY c."dueAtLeast", c.number, c."afterMonths"
    ${limit}`;
}

/** The live plans (INTERIM_REPORT_LIVE_STATUSES) among `planIds`, with what the lists and reminders show. */
async function livePlans(db: Db, planIds: string[]) {
  if (planIds.length === 0) return [];
  return db.plan.findMany({
    where: { id: { in: planIds }, status: { in: [...INTERIM_REPORT_LIVE_STATUSES] } },
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      handlerId: true,
      periodStart: true,
      periodEnd: true,
      organisation: { select: { name: true } },
      interimReports: { select: { afterMonths: true, submittedAt: true } },
    },
  });
}

export type InterimReportDue = {
  /** The plan's id (the row links to its dossier). */
  id: string;
  reference: string;
  title: string;
  organisationName: string;
  statusLabel: string;
  afterMonths: 12 | 24;
  due: LocalDate;
  /** An InterimReport row exists (a draft was started) but was not submitted. */
  draftStarted: boolean;
};

/**
 * The interim reports among the candidates whose real day (interimReportsDue) satisfies `keep`,
 * not submitted, of plans still live: a plan revoked, withdrawn or settled since is left out.
 */
async function exactReports(
  db: Db,
  rows: { planId: string; afterMonths: number }[],
  keep: (due: LocalDate) => boolean,
): Promise<InterimReportDue[]> {
  const plans = await livePlans(db, [...new Set(rows.map((r) => r.planId))]);
  const byId = new Map(plans.map((p) => [p.id, p]));
  const reports = await interimReportsOfPlans(db, plans);
  return rows.flatMap((r) => {
    const plan = byId.get(r.planId);
    const report = reports.get(r.planId)?.find((x) => x.afterMonths === r.afterMonths);
    if (!plan || !report || !keep(report.dueOn)) return [];
    const row = plan.interimReports.find((x) => x.afterMonths === r.afterMonths);
    if (row?.submittedAt) return [];
    return [
      {
        id: plan.id,
        reference: plan.reference,
        title: plan.title,
        organisationName: plan.organisation.name,
        statusLabel: STATUS_LABEL[plan.status],
        afterMonths: report.afterMonths,
        due: report.dueOn,
        draftStarted: !!row,
      },
    ];
  });
}

/**
 * The interim reports that are overdue: past their day as the plan's period now stands, not
 * submitted, of a grant still being carried out. Earliest first, at most `limit`; `more` when there
 * are more. Two queries and one each for granted verlengingen and grant decisions, whatever the
 * number of plans.
 */
export async function overdueInterimReports(opts: {
  at?: Date;
  limit: number;
  db?: Db;
}): Promise<{ rows: (InterimReportDue & { daysLate: number })[]; more: boolean }> {
  const db = opts.db ?? prisma;
  const at = opts.at ?? now();
  const today = amsterdamDate(at);
  const found = await candidates(db, { dueAtLeastBefore: today, limit: opts.limit + 1 });
  const rows = (
    await exactReports(db, found.slice(0, opts.limit), (due) => compareLocalDates(due, today) < 0)
  )
    .map((r) => ({ ...r, daysLate: -daysLeft(r.due, at) }))
    .sort(
      (a, b) =>
        compareLocalDates(a.due, b.due) ||
        a.reference.localeCompare(b.reference) ||
        a.afterMonths - b.afterMonths,
    );
  return { rows, more: found.length > opts.limit };
}

/**
 * The interim reports whose real day falls in [from, before) (LocalDates), not submitted, of live
 * plans: for the reminders (interim/reminders.server.ts). A report a verlenging decided since
 * `extensionDecidedFrom` added (or moved) is found whatever its lower bound.
 */
export async function interimReportsDueBetween(
  db: Db,
  window: { from: LocalDate; before: LocalDate; extensionDecidedFrom: Date },
): Promise<InterimReportDue[]> {
  const found = await candidates(db, {
    dueAtLeastBefore: window.before,
    // The real day is at most a few days after the lower bound (the Atw past a long weekend); a
    // verlenging can move it further, and is let through by its decision.
    dueAtLeastFrom: addCalendarDays(window.from, -ATW_SLACK_DAYS),
    orExtensionDecidedFrom: window.extensionDecidedFrom,
  });
  return exactReports(
    db,
    found,
    (due) => compareLocalDates(due, window.from) >= 0 && compareLocalDates(due, window.before) < 0,
  );
}

/** More than the Atw ever adds (a Saturday before Easter Monday or Christmas: at most four days). */
const ATW_SLACK_DAYS = 7;

export type InterimReportAwaitingReview = {
  id: string;
  reportId: string;
  reference: string;
  title: string;
  organisationName: string;
  statusLabel: string;
  afterMonths: number;
  due: LocalDate;
  submittedOn: LocalDate;
  /** Handed in after its day (as stored on the report when it was submitted). */
  late: boolean;
};

/**
 * Interim reports handed in that no handler has read yet (reviewedAt), the longest waiting first;
 * at most `limit`, `more` when there are more. Whatever the plan's status since: a report handed
 * in before a revocation is still to be read.
 */
export async function interimReportsAwaitingReview(opts: {
  limit: number;
  db?: Db;
}): Promise<{ rows: InterimReportAwaitingReview[]; more: boolean }> {
  const db = opts.db ?? prisma;
  const found = await db.interimReport.findMany({
    where: { submittedAt: { not: null }, reviewedAt: null },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: opts.limit + 1,
    select: {
      id: true,
      afterMonths: true,
      dueOn: true,
      submittedAt: true,
      plan: {
        select: {
          id: true,
          reference: true,
          title: true,
          status: true,
          organisation: { select: { name: true } },
        },
      },
    },
  });
  // A plan revoked (or withdrawn) since its report came in says who withdrew it (labels.ts).
  const statusLabel = await statusLabeller(
    db,
    found.map((r) => r.plan),
  );
  const rows = found.slice(0, opts.limit).flatMap((r) => {
    if (!r.submittedAt) return [];
    const due = localDateFromDb(r.dueOn);
    const submittedOn = amsterdamDate(r.submittedAt);
    return [
      {
        id: r.plan.id,
        reportId: r.id,
        reference: r.plan.reference,
        title: r.plan.title,
        organisationName: r.plan.organisation.name,
        statusLabel: statusLabel(r.plan),
        afterMonths: r.afterMonths,
        due,
        submittedOn,
        late: compareLocalDates(submittedOn, due) > 0,
      },
    ];
  });
  return { rows, more: found.length > opts.limit };
}
