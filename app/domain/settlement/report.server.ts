import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { storesNothingNew } from "../autosave.server.ts";
import { now } from "../clock.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { ConflictError, NotFoundError, RuleViolation } from "../errors.ts";
import { centsToInputString } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { capText } from "../text.ts";
import {
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { computeSettlement } from "./compute.ts";
import { GRANT_FACTS_SELECT, type GrantFacts, settlementBasisOf } from "./propose.server.ts";
import {
  type CostsStepInput,
  type CostsStepOutput,
  costsStepSchema,
  type ReportDraft,
  type ResultsStepInput,
  type ResultsStepOutput,
  resultsStepSchema,
} from "./report-schemas.ts";
import { isLate, reportDueOn } from "./terms.ts";

/**
 * The realisatieverslag (regulation art. 5.5): after the plan's end, a signatory of the
 * organisation reports the participants reached and the actual costs per measure and year, then
 * requests the vaststelling. Drafts are kept as typed (RealisationReport.draftData), valid or not,
 * like the plan wizard; submitting checks every step again and fires `request_settlement`.
 */

export const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";
export const REPORT_CHANGED =
  "Het verslag is intussen elders gewijzigd (een ander tabblad of een collega). Laad de pagina opnieuw.";

export type ReportMeasure = {
  id: string;
  position: number;
  title: string;
  theme: string;
  plannedParticipants: number;
  plannedPerYear: { year: number; cents: bigint }[];
};

export type ReportView = {
  plan: {
    id: string;
    reference: string;
    title: string;
    status: PlanStatus;
    version: number;
    periodStart: LocalDate | null;
    periodEnd: LocalDate | null;
  };
  years: number[];
  measures: ReportMeasure[];
  /** IN_EXECUTION and its period over: the report may be written and submitted. */
  open: boolean;
  /** Why it is not open (yet), when it is not. */
  closedReason: string | null;
  dueOn: LocalDate | null;
  /** The term for the report the grant was made on: weeks after the plan's end (art. 5.5). */
  dueWeeks: number;
  report: {
    version: number;
    savedAt: string;
    submittedAt: string | null;
    late: boolean;
    draft: { results: ResultsStepInput; costs: CostsStepInput };
  } | null;
  isSignatory: boolean;
  /** A request for verlenging is waiting for its besluit: the report cannot be submitted yet. */
  extensionOpen: boolean;
  /**
   * After a verlenging (art. 1.2a): the report keeps the grant's years, and the last year's column
   * covers the extension months too. Said once on the page; null without an extension.
   */
  extensionNote: string | null;
  /** The grant the vaststelling will measure the report against (null before a decision). */
  grant: GrantFacts | null;
};

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
  // The report's term is the grant's (decision/terms.ts): a plan reports only once decided.
  ...PLAN_TERMS_SELECT,
} satisfies Prisma.PlanSelect;

type PlanRow = Prisma.PlanGetPayload<{ select: typeof planSelect }>;

async function loadPlan(db: Tx | typeof prisma, actor: Actor, planId: string): Promise<PlanRow> {
  const plan = await db.plan.findFirst({ where: planWhereForActor(actor, planId), select: planSelect });
  // Only the plan's own organisation writes its report; anyone else gets "not found".
  if (!plan || !actor.organisationIds.includes(plan.organisationId)) throw new NotFoundError(NOT_FOUND);
  return plan;
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

/** Why the report cannot be written now, or null. */
export function reportClosedReason(status: PlanStatus, periodEnd: Date | null, at: Date): string | null {
  if (status !== "IN_EXECUTION")
    return "Het realisatieverslag kan alleen worden ingediend voor een plan in uitvoering.";
  if (!periodEnd || compareLocalDates(localDateFromDb(periodEnd), amsterdamDate(at)) >= 0)
    return "Het realisatieverslag kan pas worden ingediend na afloop van de periode van het plan.";
  return null;
}

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

export async function getRealisationReport(actor: Actor, planId: string): Promise<ReportView> {
  const plan = await loadPlan(prisma, actor, planId);
  const report = await prisma.realisationReport.findUnique({ where: { planId } });
  const measures = measuresOf(plan);
  const years = plan.years.map((y) => y.year);
  const weeks = termsOf(plan).settlementRequestWeeks;
  // The report's own day once it is opened: a refused verlenging may have given a later one.
  const dueOn = report?.dueOn
    ? localDateFromDb(report.dueOn)
    : plan.periodEnd
      ? reportDueOn(plan.periodEnd, weeks)
      : null;
  const [signatory, extensions] = await Promise.all([
    prisma.roleMembership.findFirst({
      where: {
        userId: actor.userId,
        organisationId: plan.organisationId,
        role: "APPLICANT",
        isSignatory: true,
      },
      select: { userId: true },
    }),
    prisma.planExtension.findMany({
      where: { planId, status: { in: ["GRANTED", "REQUESTED"] } },
      select: { status: true, newPeriodEnd: true },
    }),
  ]);
  // What the settlement rule reads of the grant, for the overview's realisation (reportOverview).
  const grant = plan.decision
    ? await prisma.plan.findFirst({ where: planWhereForActor(actor, planId), select: GRANT_FACTS_SELECT })
    : null;
  const extension = extensions.find((r) => r.status === "GRANTED") ?? null;
  const extensionOpen = extensions.some((r) => r.status === "REQUESTED");
  const lastYear = years[years.length - 1];
  return {
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      status: plan.status,
      version: plan.version,
      periodStart: plan.periodStart ? localDateFromDb(plan.periodStart) : null,
      periodEnd: plan.periodEnd ? localDateFromDb(plan.periodEnd) : null,
    },
    years,
    measures,
    open: reportClosedReason(plan.status, plan.periodEnd, now()) === null,
    closedReason: reportClosedReason(plan.status, plan.periodEnd, now()),
    dueOn,
    dueWeeks: weeks,
    report: report
      ? {
          version: report.version,
          savedAt: report.updatedAt.toISOString(),
          submittedAt: report.submittedAt?.toISOString() ?? null,
          late: !!(
            report.submittedAt &&
            report.dueOn &&
            isLate(localDateFromDb(report.dueOn), report.submittedAt)
          ),
          draft: draftValues(report.draftData as ReportDraft, measures, years),
        }
      : null,
    isSignatory: !!signatory,
    // request_settlement is refused while a verlenging is asked (its period is not known yet).
    extensionOpen,
    extensionNote:
      extension?.newPeriodEnd && lastYear !== undefined
        ? extensionNoteText(formatDateNl(localDateFromDb(extension.newPeriodEnd)), lastYear)
        : null,
    grant,
  };
}

/** The realisation report's note on a granted verlenging (its English: extension-messages.ts). */
export function extensionNoteText(newEnd: string, lastYear: number): string {
  return `De periode is verlengd tot en met ${newEnd}. Kosten uit de verlengingsmaanden vallen onder het laatste jaar van het plan, ${lastYear}, en tellen mee tot de subsidiabele kosten die de verlening voor dat jaar dekt.`;
}

/**
 * Opens the report (the first visit after the plan's end creates it, with its due date) and returns
 * the view. Idempotent: a second visit finds the row.
 */
export async function openRealisationReport(actor: Actor, planId: string): Promise<ReportView> {
  const plan = await loadPlan(prisma, actor, planId);
  if (!reportClosedReason(plan.status, plan.periodEnd, now()) && plan.periodEnd) {
    const weeks = termsOf(plan).settlementRequestWeeks;
    await prisma.$transaction(async (tx) => {
      // The due date from the period under a share lock on the plan: a verlenging's besluit moves
      // periodEnd and the open reports' due date under the plan's update lock, so it either comes
      // first (and this reads its end) or waits and then finds this report to move.
      const [row] = await tx.$queryRaw<{ periodEnd: Date | null }[]>`
        SELECT "periodEnd" FROM "Plan" WHERE id = ${planId} FOR SHARE`;
      if (!row?.periodEnd || reportClosedReason(plan.status, row.periodEnd, now())) return;
      // INSERT … ON CONFLICT DO NOTHING: two first visits at once (two tabs, a double click) must
      // not race. Prisma's upsert reads first and then inserts, so the second visit failed on the
      // unique planId with a 500 (found by the access matrix running beside another spec).
      await tx.realisationReport.createMany({
        data: [{ planId, dueOn: localDateToDb(reportDueOn(row.periodEnd, weeks)), createdAt: now() }],
        skipDuplicates: true,
      });
    });
  }
  return getRealisationReport(actor, planId);
}

export type StepCheck<T> =
  | { ok: true; value: T }
  | { ok: false; issues: { path: string; message: string }[] };

function zodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** The results step, checked against the plan: one row per measure of the plan. */
export function checkResults(raw: unknown, measures: ReportMeasure[]): StepCheck<ResultsStepOutput> {
  const parsed = resultsStepSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const ids = parsed.data.measures.map((m) => m.measureId);
  if (ids.length !== measures.length || measures.some((m, i) => ids[i] !== m.id))
    return {
      ok: false,
      issues: [{ path: "", message: "De maatregelen van het plan zijn gewijzigd. Laad de pagina opnieuw." }],
    };
  return { ok: true, value: parsed.data };
}

/** The costs step, checked against the plan: one amount per measure and year of the plan. */
export function checkCosts(
  raw: unknown,
  measures: ReportMeasure[],
  years: number[],
): StepCheck<CostsStepOutput> {
  const parsed = costsStepSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const keys = parsed.data.costs.map((c) => `${c.measureId}:${c.year}`);
  const expected = measures.flatMap((m) => years.map((y) => `${m.id}:${y}`));
  if (keys.length !== expected.length || expected.some((k, i) => keys[i] !== k))
    return {
      ok: false,
      issues: [
        { path: "", message: "De maatregelen of jaren van het plan zijn gewijzigd. Laad de pagina opnieuw." },
      ],
    };
  return { ok: true, value: parsed.data };
}

/** Text values only, and bounded: what a post puts in the draft is untrusted. */
function shapeDraft(step: "results" | "costs", raw: unknown): ResultsStepInput | CostsStepInput {
  const o = (raw ?? {}) as Record<string, unknown>;
  const text = (v: unknown, max = 20_000) => (typeof v === "string" ? capText(v, max) : "");
  const list = (v: unknown) => (Array.isArray(v) ? v.slice(0, 500) : []) as Record<string, unknown>[];
  if (step === "results")
    return {
      measures: list(o.measures).map((m) => ({
        measureId: text(m?.measureId, 64),
        participants: text(m?.participants, 20),
      })),
      summary: text(o.summary),
    };
  return {
    costs: list(o.costs).map((c) => ({
      measureId: text(c?.measureId, 64),
      year: text(c?.year, 6),
      amount: text(c?.amount, 40),
    })),
  };
}

async function lockReport(tx: Tx, planId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "RealisationReport" WHERE "planId" = ${planId} FOR UPDATE`;
  if (!rows[0]) throw new RuleViolation("Het realisatieverslag is nog niet geopend. Laad de pagina opnieuw.");
  return tx.realisationReport.findUniqueOrThrow({ where: { planId } });
}

/**
 * Saves what was typed in one step, valid or not (a draft is never lost), over `expectedVersion`
 * only (optimistic lock: a save from an older page is refused). Returns the new version and the
 * step's problems.
 *
 * `acceptUnchanged` (autosaves only), as the wizard's saveStep: a save at an older version that
 * would store nothing new (the step as stored, saved before) is answered with the current version
 * instead of a conflict (autosave.server.ts). Any difference stays a conflict.
 */
export async function saveReportStep(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  step: "results" | "costs",
  raw: unknown,
  options: { acceptUnchanged?: boolean } = {},
): Promise<{ version: number; savedAt: string; issues: { path: string; message: string }[] }> {
  return prisma.$transaction(async (tx) => {
    const plan = await loadPlan(tx, actor, planId);
    const closed = reportClosedReason(plan.status, plan.periodEnd, now());
    if (closed) throw new RuleViolation(closed);
    const report = await lockReport(tx, planId);
    const measures = measuresOf(plan);
    return saveReportDraft({
      report,
      step,
      raw,
      expectedVersion,
      acceptUnchanged: !!options.acceptUnchanged,
      conflict: () => new ConflictError(REPORT_CHANGED, "REPORT_CHANGED"),
      issuesOf: (draft) => {
        const check =
          step === "results"
            ? checkResults(draft.results, measures)
            : checkCosts(
                draft.costs,
                measures,
                plan.years.map((y) => y.year),
              );
        return check.ok ? [] : check.issues;
      },
      write: (data) => tx.realisationReport.update({ where: { id: report.id }, data }),
    });
  });
}

/** What a step save answers: the draft's version, when it was saved, and the step's problems. */
export type StepSaved = { version: number; savedAt: string; issues: { path: string; message: string }[] };

/**
 * One step of a report (the realisatieverslag, an interim report) stored as typed, valid or not,
 * over `expectedVersion` only (a save from an older page is a conflict). `acceptUnchanged`
 * (autosaves only), as the wizard's saveStep: a save at an older version that would store nothing
 * new is answered with the current version instead (autosave.server.ts). The caller holds the
 * report's row lock; `write` stores the draft in the report's own table.
 */
export async function saveReportDraft(args: {
  report: { version: number; draftData: unknown };
  step: "results" | "costs";
  raw: unknown;
  expectedVersion: number;
  acceptUnchanged: boolean;
  conflict: () => ConflictError;
  issuesOf: (draft: ReportDraft) => StepSaved["issues"];
  write: (data: {
    draftData: Prisma.InputJsonValue;
    version: number;
    updatedAt: Date;
  }) => Promise<{ version: number; updatedAt: Date }>;
}): Promise<StepSaved> {
  const { report, step, expectedVersion } = args;
  const stored = report.draftData as ReportDraft;
  const draft: ReportDraft = { ...stored, [step]: shapeDraft(step, args.raw) };
  if (report.version !== expectedVersion) {
    const unchanged =
      args.acceptUnchanged &&
      storesNothingNew({
        expectedVersion,
        storedVersion: report.version,
        saved: stored[step] !== undefined,
        stored,
        next: draft,
      });
    if (!unchanged) throw args.conflict();
    return { version: report.version, savedAt: now().toISOString(), issues: args.issuesOf(draft) };
  }
  const saved = await args.write({
    draftData: draft as Prisma.InputJsonValue,
    version: report.version + 1,
    updatedAt: now(),
  });
  return { version: saved.version, savedAt: saved.updatedAt.toISOString(), issues: args.issuesOf(draft) };
}

/**
 * The overview of step 3: planned against actual per measure and year, and the realisation as the
 * vaststelling will measure it (art. 5.1 lid 3): computeSettlement on the draft's figures, so only
 * the costs the grant covers in their year and class, below any wage-cost cap. The plain "all
 * actual against all planned" told an applicant who spent a year's budget in the next "100%" where
 * the vaststelling finds 50% and sets nil; it is not shown. Null until both steps are complete.
 */
export function reportOverview(view: ReportView) {
  const draft = view.report?.draft;
  const costs = draft ? checkCosts(draft.costs, view.measures, view.years) : null;
  const results = draft ? checkResults(draft.results, view.measures) : null;
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
  const participants = new Map(
    results?.ok ? results.value.measures.map((m) => [m.measureId, m.participants]) : [],
  );
  const rule =
    view.grant && costs?.ok && results?.ok
      ? settlementBasisOf(view.grant, {
          actualCents: (id, year) => actual.get(`${id}:${year}`) ?? 0n,
          participants: (id) => participants.get(id) ?? 0,
        }).rule
      : null;
  const figures = rule ? computeSettlement(rule) : null;
  return {
    complete: !!costs?.ok,
    rows,
    plannedCents: rows.reduce((s, r) => s + r.plannedCents, 0n),
    actualCents: rows.reduce((s, r) => s + r.actualCents, 0n),
    /** The settlement's measure: counted costs against the grant's eligible costs; null until computable. */
    realisationBp: figures?.realisationBp ?? null,
    countedCents: figures?.countedCostsCents ?? null,
    eligibleCents: figures?.eligibleCostsCents ?? null,
    thresholdBp: rule?.settlementThresholdBp ?? null,
    belowThreshold: figures?.belowThreshold ?? false,
  };
}

/**
 * A signatory submits the report and so requests the vaststelling: both steps are checked again,
 * the figures are written to their columns and rows, and `request_settlement` fires — in one
 * transaction. A late report is accepted; the event's reason says it was late.
 */
export async function submitRealisationReport(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  declaration: boolean,
): Promise<{ version: number; late: boolean }> {
  if (!declaration)
    throw new RuleViolation(
      "Verklaar dat het verslag en de kosten naar waarheid zijn ingevuld en uit de administratie blijken.",
      "declaration",
    );
  return prisma.$transaction(async (tx) => {
    const plan = await loadPlan(tx, actor, planId);
    const report = await lockReport(tx, planId);
    if (report.version !== expectedVersion) throw new ConflictError(REPORT_CHANGED, "REPORT_CHANGED");
    const at = now();
    const late = !!report.dueOn && isLate(localDateFromDb(report.dueOn), at);
    const { version } = await applyEvent(tx, {
      planId,
      event: "request_settlement",
      actor,
      expectedVersion: plan.version,
      input: {
        reason: late
          ? `Realisatieverslag te laat ingediend (uiterste datum ${formatDateNl(localDateFromDb(report.dueOn as Date))}).`
          : "Realisatieverslag ingediend.",
      },
    });
    await tx.realisationReport.update({
      where: { id: report.id },
      data: { submittedAt: at, submittedById: actor.userId, version: report.version + 1 },
    });
    return { version, late };
  });
}

/**
 * request_settlement's check, under the plan's lock: the period is over and the report is complete.
 * Writes the report's figures to their columns (RealisationReport, RealisationCost), from which the
 * proposal computes.
 */
export async function acceptRealisationReport(tx: Tx, planId: string): Promise<void> {
  // biome-ignore lint/plugin/plan-scope: a workflow check inside applyEvent, which looked the plan up for the actor
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: planSelect });
  const closed = reportClosedReason(plan.status, plan.periodEnd, now());
  if (closed) throw new RuleViolation(closed);
  const report = await tx.realisationReport.findUnique({ where: { planId } });
  if (!report) throw new RuleViolation("Vul eerst het realisatieverslag in.");
  const measures = measuresOf(plan);
  const years = plan.years.map((y) => y.year);
  const draft = report.draftData as ReportDraft;
  const results = checkResults(draft.results, measures);
  if (!results.ok) throw new RuleViolation("Stap 1 (Resultaten) is nog niet volledig of bevat fouten.");
  const costs = checkCosts(draft.costs, measures, years);
  if (!costs.ok) throw new RuleViolation("Stap 2 (Kosten) is nog niet volledig of bevat fouten.");
  const participants = new Map(results.value.measures.map((m) => [m.measureId, m.participants]));
  await tx.realisationCost.deleteMany({ where: { reportId: report.id } });
  await tx.realisationCost.createMany({
    data: costs.value.costs.map((c) => ({
      reportId: report.id,
      measureId: c.measureId,
      year: c.year,
      actualCents: c.amount,
      // Participants are reported per measure; they are kept on the row of the plan's first year.
      participants: c.year === years[0] ? (participants.get(c.measureId) ?? 0) : 0,
    })),
  });
  await tx.realisationReport.update({
    where: { id: report.id },
    data: {
      summary: results.value.summary,
      participantsReached: results.value.measures.reduce((s, m) => s + m.participants, 0),
    },
  });
}

export { centsToInputString };
