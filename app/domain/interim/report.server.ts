import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ConflictError, NotFoundError, RuleViolation } from "../errors.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import {
  checkCosts,
  checkResults,
  type ReportMeasure,
  type StepCheck,
  type StepSaved,
  saveReportDraft,
} from "../settlement/report.server.ts";
import type {
  CostsStepInput,
  CostsStepOutput,
  ReportDraft,
  ResultsStepInput,
  ResultsStepOutput,
} from "../settlement/report-schemas.ts";
import { interimReportsDue, isLate } from "../settlement/terms.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { applyEvent, lockPlan } from "../workflow/apply-event.server.ts";
import { AUDIT_REPORT_MISSING, type AuditReportView, auditReportView } from "./audit-report.ts";
import { INTERIM_WRITABLE_STATUSES, type InterimMonths, interimOpensOn } from "./status.ts";

/**
 * The tussentijds voortgangsverslag (regulation art. 5.4): after the 12th (and 24th) month of the
 * period, the organisation reports the participants reached and the costs made so far, per measure
 * and year, while the grant runs. Written in the realisation report's steps and schemas (what was
 * typed is kept, valid or not); a signatory submits it, which `submit_interim_report` records in
 * the plan's chain, and the handler records having read it (`review_interim_report`).
 */

export const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";
export const INTERIM_CHANGED =
  "Het verslag is intussen elders gewijzigd (een ander tabblad of een collega). Laad de pagina opnieuw.";
export const DECLARATION_MISSING =
  "Verklaar dat het verslag en de kosten naar waarheid zijn ingevuld en uit de administratie blijken.";

export const interimName = (months: InterimMonths) =>
  `Het tussentijds voortgangsverslag na de ${months}e maand`;

/** Why the report cannot be written (or submitted) now, or null. */
export function interimClosedReason(
  plan: { status: PlanStatus; periodStart: Date | null },
  scheduled: { dueOn: LocalDate } | undefined,
  afterMonths: InterimMonths,
  submitted: boolean,
  today: LocalDate,
): string | null {
  if (submitted) return `${interimName(afterMonths)} is al ingediend.`;
  if (!(INTERIM_WRITABLE_STATUSES as readonly string[]).includes(plan.status))
    return "Een tussentijds voortgangsverslag kan alleen worden geschreven zolang de subsidie is verleend en het plan loopt.";
  if (!scheduled || !plan.periodStart)
    return `Voor dit plan is geen tussentijds voortgangsverslag na de ${afterMonths}e maand nodig.`;
  const opensOn = interimOpensOn(localDateFromDb(plan.periodStart), afterMonths);
  if (compareLocalDates(today, opensOn) < 0)
    return `${interimName(afterMonths)} kan pas worden geschreven vanaf ${formatDateNl(opensOn)}.`;
  return null;
}

const planSelect = {
  id: true,
  reference: true,
  title: true,
  status: true,
  version: true,
  organisationId: true,
  periodStart: true,
  periodEnd: true,
  years: { select: { year: true }, orderBy: { year: "asc" } },
  measures: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      position: true,
      title: true,
      theme: true,
      participants: true,
      costs: { select: { year: true, costCents: true }, orderBy: { year: "asc" } },
    },
  },
  // Whether the grant requires the accountant's controleverklaring (art. 5.4 lid 4), and its day:
  // no report is due before 8 weeks after it (interimReportsDue).
  decision: { select: { interimAuditRequired: true, decidedAt: true } },
  // A verlenging granted once can add the report after month 24 (interimReportsDue).
  extensions: {
    where: { status: "GRANTED" },
    select: { previousPeriodEnd: true, newPeriodEnd: true, decidedAt: true },
    take: 1,
  },
} satisfies Prisma.PlanSelect;

export type PlanRow = Prisma.PlanGetPayload<{ select: typeof planSelect }>;

export async function loadPlan(db: Tx | typeof prisma, actor: Actor, planId: string): Promise<PlanRow> {
  const plan = await db.plan.findFirst({ where: planWhereForActor(actor, planId), select: planSelect });
  // Only the plan's own organisation writes its report; anyone else gets "not found".
  if (!plan || !actor.organisationIds.includes(plan.organisationId)) throw new NotFoundError(NOT_FOUND);
  return plan;
}

export function scheduleOf(plan: PlanRow, afterMonths: InterimMonths) {
  return interimReportsDue(
    plan.periodStart,
    plan.periodEnd,
    plan.extensions[0] ?? null,
    plan.decision?.decidedAt ?? null,
  ).find((r) => r.afterMonths === afterMonths);
}

function measuresOf(plan: PlanRow): ReportMeasure[] {
  return plan.measures.map((m) => ({
    id: m.id,
    position: m.position,
    title: m.title,
    theme: m.theme,
    plannedParticipants: m.participants,
    plannedPerYear: m.costs.map((c) => ({ year: c.year, cents: c.costCents })),
  }));
}

/**
 * The plan's years the report covers: those begun by the end of its month, so no costs are asked
 * for a year still to come.
 */
export function interimYears(plan: { periodStart: Date | null; years: { year: number }[] }, months: number) {
  if (!plan.periodStart) return [];
  const lastDay = addCalendarDays(
    interimOpensOn(localDateFromDb(plan.periodStart), months as InterimMonths),
    -1,
  );
  const lastYear = Number(lastDay.slice(0, 4));
  return plan.years.map((y) => y.year).filter((y) => y <= lastYear);
}

export type InterimView = {
  plan: {
    id: string;
    reference: string;
    title: string;
    status: PlanStatus;
    periodStart: LocalDate | null;
    periodEnd: LocalDate | null;
  };
  afterMonths: InterimMonths;
  years: number[];
  measures: ReportMeasure[];
  open: boolean;
  closedReason: string | null;
  dueOn: LocalDate | null;
  opensOn: LocalDate | null;
  report: {
    version: number;
    savedAt: string;
    submittedAt: string | null;
    late: boolean;
    reviewedAt: string | null;
    reviewNote: string | null;
    draft: { results: ResultsStepInput; costs: CostsStepInput };
  } | null;
  isSignatory: boolean;
  /** The accountant's controleverklaring (art. 5.4 lid 4): whether the grant requires it, and the one uploaded. */
  audit: AuditReportView;
};

/** The form's values: the stored draft, completed with a row for every measure (and year). */
function draftValues(draft: ReportDraft, measures: ReportMeasure[], years: number[]) {
  const participants = new Map((draft.results?.measures ?? []).map((m) => [m.measureId, m.participants]));
  const amounts = new Map((draft.costs?.costs ?? []).map((c) => [`${c.measureId}:${c.year}`, c.amount]));
  return {
    results: {
      measures: measures.map((m) => ({ measureId: m.id, participants: participants.get(m.id) ?? "" })),
      summary: draft.results?.summary ?? "",
    },
    costs: {
      costs: measures.flatMap((m) =>
        years.map((year) => ({ measureId: m.id, year, amount: amounts.get(`${m.id}:${year}`) ?? "" })),
      ),
    },
  };
}

export async function getInterimReport(
  actor: Actor,
  planId: string,
  afterMonths: InterimMonths,
): Promise<InterimView> {
  const plan = await loadPlan(prisma, actor, planId);
  const [report, signatory] = await Promise.all([
    prisma.interimReport.findUnique({
      where: { planId_afterMonths: { planId, afterMonths } },
      include: {
        auditReportDocument: { select: { id: true, filename: true, byteSize: true, createdAt: true } },
      },
    }),
    prisma.roleMembership.findFirst({
      where: {
        userId: actor.userId,
        organisationId: plan.organisationId,
        role: "APPLICANT",
        isSignatory: true,
      },
      select: { userId: true },
    }),
  ]);
  const scheduled = scheduleOf(plan, afterMonths);
  const measures = measuresOf(plan);
  const years = interimYears(plan, afterMonths);
  const closedReason = interimClosedReason(
    plan,
    scheduled,
    afterMonths,
    !!report?.submittedAt,
    amsterdamDate(now()),
  );
  const dueOn = report?.submittedAt ? localDateFromDb(report.dueOn) : (scheduled?.dueOn ?? null);
  return {
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      status: plan.status,
      periodStart: plan.periodStart ? localDateFromDb(plan.periodStart) : null,
      periodEnd: plan.periodEnd ? localDateFromDb(plan.periodEnd) : null,
    },
    afterMonths,
    years,
    measures,
    open: closedReason === null,
    closedReason,
    dueOn,
    opensOn: plan.periodStart ? interimOpensOn(localDateFromDb(plan.periodStart), afterMonths) : null,
    report: report
      ? {
          version: report.version,
          savedAt: report.updatedAt.toISOString(),
          submittedAt: report.submittedAt?.toISOString() ?? null,
          late: !!report.submittedAt && isLate(localDateFromDb(report.dueOn), report.submittedAt),
          reviewedAt: report.reviewedAt?.toISOString() ?? null,
          reviewNote: report.reviewNote,
          draft: draftValues(report.draftData as ReportDraft, measures, years),
        }
      : null,
    isSignatory: !!signatory,
    audit: auditReportView(!!plan.decision?.interimAuditRequired, report?.auditReportDocument ?? null),
  };
}

/**
 * Opens the report: the first visit once it can be written creates its row, with the due date as
 * the period now stands. Idempotent; two first visits at once insert one row (skipDuplicates).
 */
export async function openInterimReport(
  actor: Actor,
  planId: string,
  afterMonths: InterimMonths,
): Promise<InterimView> {
  const plan = await loadPlan(prisma, actor, planId);
  const scheduled = scheduleOf(plan, afterMonths);
  if (scheduled && !interimClosedReason(plan, scheduled, afterMonths, false, amsterdamDate(now())))
    await prisma.interimReport.createMany({
      data: [{ planId, afterMonths, dueOn: localDateToDb(scheduled.dueOn), createdAt: now() }],
      skipDuplicates: true,
    });
  return getInterimReport(actor, planId, afterMonths);
}

export async function lockReport(tx: Tx, planId: string, afterMonths: InterimMonths) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "InterimReport" WHERE "planId" = ${planId} AND "afterMonths" = ${afterMonths} FOR UPDATE`;
  if (!rows[0]) throw new RuleViolation("Het verslag is nog niet geopend. Laad de pagina opnieuw.");
  return tx.interimReport.findUniqueOrThrow({ where: { id: rows[0].id } });
}

function checkStep(step: "results" | "costs", draft: ReportDraft, plan: PlanRow, months: InterimMonths) {
  const measures = measuresOf(plan);
  return step === "results"
    ? checkResults(draft.results, measures)
    : checkCosts(draft.costs, measures, interimYears(plan, months));
}

/**
 * Saves one step as typed, valid or not, over `expectedVersion` only (a save from an older page is
 * refused), and returns the step's problems. `acceptUnchanged` (autosaves), as the realisation
 * report: an older page that would store nothing new gets the current version, not a conflict.
 */
export async function saveInterimStep(
  actor: Actor,
  planId: string,
  afterMonths: InterimMonths,
  expectedVersion: number,
  step: "results" | "costs",
  raw: unknown,
  options: { acceptUnchanged?: boolean } = {},
): Promise<StepSaved> {
  return prisma.$transaction(async (tx) => {
    const plan = await loadPlan(tx, actor, planId);
    const report = await lockReport(tx, planId, afterMonths);
    const closed = interimClosedReason(
      plan,
      scheduleOf(plan, afterMonths),
      afterMonths,
      !!report.submittedAt,
      amsterdamDate(now()),
    );
    if (closed) throw new RuleViolation(closed);
    return saveReportDraft({
      report,
      step,
      raw,
      expectedVersion,
      acceptUnchanged: !!options.acceptUnchanged,
      conflict: () => new ConflictError(INTERIM_CHANGED, "INTERIM_CHANGED"),
      issuesOf: (draft) => {
        const check = checkStep(step, draft, plan, afterMonths);
        return check.ok ? [] : check.issues;
      },
      write: (data) => tx.interimReport.update({ where: { id: report.id }, data }),
    });
  });
}

/**
 * A signatory submits the report: both steps are checked again, the figures written to their
 * columns and rows, and `submit_interim_report` recorded in the plan's chain (its effect tells the
 * handler) — in one transaction. A late report is accepted; the event's reason says it was late.
 * The plan's lock comes first, then the report's: a second submit waits and then finds it
 * submitted (or its version moved on).
 */
export async function submitInterimReport(
  actor: Actor,
  planId: string,
  afterMonths: InterimMonths,
  expectedVersion: number,
  declaration: boolean,
): Promise<{ late: boolean }> {
  if (!declaration) throw new RuleViolation(DECLARATION_MISSING, "declaration");
  return prisma.$transaction(async (tx) => {
    await loadPlan(tx, actor, planId);
    const facts = await lockPlan(tx, planId);
    // Read again under the lock: the status or the period may have moved while this waited.
    // biome-ignore lint/plugin/plan-scope: read by the id loadPlan found for the actor, under the plan's lock
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: planSelect });
    const report = await lockReport(tx, planId, afterMonths);
    if (report.version !== expectedVersion) throw new ConflictError(INTERIM_CHANGED, "INTERIM_CHANGED");
    const scheduled = scheduleOf(plan, afterMonths);
    const closed = interimClosedReason(
      plan,
      scheduled,
      afterMonths,
      !!report.submittedAt,
      amsterdamDate(now()),
    );
    if (closed) throw new RuleViolation(closed);
    const draft = report.draftData as ReportDraft;
    const results = checkStep("results", draft, plan, afterMonths) as StepCheck<ResultsStepOutput>;
    if (!results.ok) throw new RuleViolation("Stap 1 (Resultaten) is nog niet volledig of bevat fouten.");
    const costs = checkStep("costs", draft, plan, afterMonths) as StepCheck<CostsStepOutput>;
    if (!costs.ok) throw new RuleViolation("Stap 2 (Kosten) is nog niet volledig of bevat fouten.");
    // Art. 5.4 lid 4: the grant imposed it, so the report is not complete without it.
    if (plan.decision?.interimAuditRequired && !report.auditReportDocumentId)
      throw new RuleViolation(AUDIT_REPORT_MISSING, "auditReport");
    // The file as it stands under the report's lock: a replacement waits for this transaction.
    const auditDocument = report.auditReportDocumentId
      ? await tx.document.findUniqueOrThrow({
          where: { id: report.auditReportDocumentId },
          select: { id: true, sha256: true },
        })
      : null;
    const at = now();
    // The due date as the period stands at submission (a verlenging may have dated it anew).
    const dueOn = scheduled?.dueOn ?? localDateFromDb(report.dueOn);
    const late = isLate(dueOn, at);
    await applyEvent(tx, {
      planId,
      event: "submit_interim_report",
      actor,
      expectedVersion: facts.version,
      locked: facts,
      input: {
        reason: late
          ? `${interimName(afterMonths)} is te laat ingediend (uiterste datum ${formatDateNl(dueOn)}).`
          : `${interimName(afterMonths)} is ingediend.`,
        interimReport: {
          id: report.id,
          afterMonths,
          late,
          ...(auditDocument
            ? { auditReport: { documentId: auditDocument.id, sha256: auditDocument.sha256 } }
            : {}),
        },
      },
    });
    const years = interimYears(plan, afterMonths);
    const participants = new Map(results.value.measures.map((m) => [m.measureId, m.participants]));
    await tx.interimReportCost.deleteMany({ where: { reportId: report.id } });
    await tx.interimReportCost.createMany({
      data: costs.value.costs.map((c) => ({
        reportId: report.id,
        measureId: c.measureId,
        year: c.year,
        actualCents: c.amount,
        // Participants are reported per measure; they are kept on the row of the first year.
        participants: c.year === years[0] ? (participants.get(c.measureId) ?? 0) : 0,
      })),
    });
    await tx.interimReport.update({
      where: { id: report.id },
      data: {
        summary: results.value.summary,
        participantsReached: results.value.measures.reduce((s, m) => s + m.participants, 0),
        dueOn: localDateToDb(dueOn),
        submittedAt: at,
        submittedById: actor.userId,
        version: report.version + 1,
        updatedAt: at,
      },
    });
    return { late };
  });
}

/**
 * The overview of step 3: the plan's budgeted costs against the costs so far, per measure and year
 * of the report. No realisation percentage: halfway, the vaststelling's measure means nothing yet.
 */
export function interimOverview(view: InterimView) {
  const draft = view.report?.draft;
  const costs = draft ? checkCosts(draft.costs, view.measures, view.years) : null;
  const actual = new Map(
    costs?.ok ? costs.value.costs.map((c) => [`${c.measureId}:${c.year}`, c.amount] as const) : [],
  );
  const rows = view.measures.map((m) => {
    const years = view.years.map((year) => ({
      year,
      plannedCents: m.plannedPerYear.find((p) => p.year === year)?.cents ?? 0n,
      actualCents: actual.get(`${m.id}:${year}`) ?? null,
    }));
    return {
      measure: m,
      years,
      plannedCents: years.reduce((s, y) => s + y.plannedCents, 0n),
      actualCents: years.reduce((s, y) => s + (y.actualCents ?? 0n), 0n),
    };
  });
  return {
    complete: !!costs?.ok,
    rows,
    plannedCents: rows.reduce((s, r) => s + r.plannedCents, 0n),
    actualCents: rows.reduce((s, r) => s + r.actualCents, 0n),
  };
}
