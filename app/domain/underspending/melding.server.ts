import { prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ConflictError, NotFoundError, RuleViolation } from "../errors.ts";
import { centsToInputString, formatEuro, parseEuroInput } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { isLate } from "../settlement/terms.ts";
import {
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { applyEvent, lockPlan } from "../workflow/apply-event.server.ts";
import { type UnderspendingPlan, underspendingFacts, underspendingPlanSelect } from "./facts.server.ts";
import {
  halfYearName,
  type MeldingStatus,
  meldingClosedReason,
  meldingOwed,
  meldingStatuses,
  spentPercent,
  UNDERSPENDING_WRITABLE_STATUSES,
} from "./rules.ts";
import { type MeldingInput, meldingSchema } from "./schema.ts";

/**
 * The melding onderbesteding (regulation art. 5.3) on the applicant's side: one form per ended
 * half-year of a plan in scope. A draft is saved as typed (its amount once it is a valid amount)
 * over the version the page knows; a signatory submits it — only when the costs stayed at or
 * below 75% of plan, so nothing is filed that the rule does not ask for — which
 * `submit_underspending_report` records in the plan's chain; the handler records having read it.
 */

export const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";
export const MELDING_CHANGED =
  "De melding is intussen elders gewijzigd (een ander tabblad of een collega). Laad de pagina opnieuw.";

/** The refusal when the costs are above the line: nothing is owed for this half-year. */
export function notOwedMessage(n: number, actualCents: bigint, plannedCents: bigint): string {
  return (
    `De kosten van halfjaar ${n} (${formatEuro(actualCents)}) zijn meer dan 75% van de begrote ` +
    `kosten (${formatEuro(plannedCents)}): over dit halfjaar hoeft u geen melding te doen, en die kunt u dus niet indienen.`
  );
}

type PlanRow = UnderspendingPlan & { organisationId: string; reference: string; title: string };

async function loadPlan(db: Tx | typeof prisma, actor: Actor, planId: string): Promise<PlanRow> {
  const plan = await db.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { ...underspendingPlanSelect, organisationId: true, reference: true, title: true },
  });
  // Only the plan's own organisation makes its melding; anyone else gets "not found".
  if (!plan || !actor.organisationIds.includes(plan.organisationId)) throw new NotFoundError(NOT_FOUND);
  return plan;
}

function closedReason(plan: PlanRow, n: number, submitted: boolean) {
  const facts = underspendingFacts(plan);
  const half = facts.halves.find((h) => h.n === n);
  return {
    facts,
    half,
    reason: meldingClosedReason({ status: plan.status }, half, n, submitted, amsterdamDate(now())),
  };
}

export type MeldingView = {
  plan: { id: string; reference: string; title: string; status: PlanStatus };
  n: number;
  half: {
    startsOn: LocalDate;
    endsOn: LocalDate;
    /** Whether its last day is past: the page speaks of it in the past tense only then. */
    ended: boolean;
    dueOn: LocalDate;
    plannedCents: string;
  } | null;
  open: boolean;
  closedReason: string | null;
  isSignatory: boolean;
  /** The version the next save must name: 0 while nothing was saved. */
  version: number;
  savedAt: string;
  values: MeldingInput;
  melding: {
    submittedAt: string | null;
    late: boolean;
    plannedCents: string | null;
    actualCents: string | null;
    percent: number | null;
    reviewedAt: string | null;
    reviewNote: string | null;
  } | null;
};

export async function getMelding(actor: Actor, planId: string, n: number): Promise<MeldingView> {
  const plan = await loadPlan(prisma, actor, planId);
  const [row, signatory] = await Promise.all([
    prisma.underspendingReport.findUnique({ where: { planId_halfYear: { planId, halfYear: n } } }),
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
  const { half, reason } = closedReason(plan, n, !!row?.submittedAt);
  const submittedDue = row?.submittedAt ? localDateFromDb(row.dueOn) : null;
  const planned = row?.submittedAt ? row.plannedCents : (half?.plannedCents ?? null);
  return {
    plan: { id: plan.id, reference: plan.reference, title: plan.title, status: plan.status },
    n,
    half: half
      ? {
          startsOn: half.startsOn,
          endsOn: half.endsOn,
          ended: compareLocalDates(half.endsOn, amsterdamDate(now())) < 0,
          dueOn: submittedDue ?? half.dueOn,
          plannedCents: (planned ?? 0n).toString(),
        }
      : null,
    open: reason === null,
    closedReason: reason,
    isSignatory: !!signatory,
    version: row?.version ?? 0,
    savedAt: (row?.updatedAt ?? now()).toISOString(),
    values: {
      actual: row?.actualCents != null ? centsToInputString(row.actualCents) : "",
      causes: row?.causes ?? "",
      outlook: row?.outlook ?? "",
    },
    melding: row
      ? {
          submittedAt: row.submittedAt?.toISOString() ?? null,
          late: !!row.submittedAt && isLate(localDateFromDb(row.dueOn), row.submittedAt),
          plannedCents: row.plannedCents?.toString() ?? null,
          actualCents: row.actualCents?.toString() ?? null,
          percent:
            row.actualCents != null && row.plannedCents != null
              ? spentPercent(row.actualCents, row.plannedCents)
              : null,
          reviewedAt: row.reviewedAt?.toISOString() ?? null,
          reviewNote: row.reviewNote,
        }
      : null,
  };
}

/** The row of half-year `n`, created on the first save, locked for this transaction. */
async function lockRow(
  tx: Tx,
  planId: string,
  half: { n: number; startsOn: LocalDate; endsOn: LocalDate; dueOn: LocalDate },
) {
  await tx.underspendingReport.createMany({
    data: [
      {
        planId,
        halfYear: half.n,
        startsOn: localDateToDb(half.startsOn),
        endsOn: localDateToDb(half.endsOn),
        dueOn: localDateToDb(half.dueOn),
        // Nothing saved yet: the first save (expecting 0) makes it 1.
        version: 0,
        createdAt: now(),
      },
    ],
    skipDuplicates: true,
  });
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "UnderspendingReport" WHERE "planId" = ${planId} AND "halfYear" = ${half.n} FOR UPDATE`;
  return tx.underspendingReport.findUniqueOrThrow({ where: { id: rows[0]?.id ?? "" } });
}

export type MeldingIssue = { path: (string | number)[]; message: string };
export type MeldingSaved = { version: number; savedAt: string; issues: MeldingIssue[] };

/**
 * Saves the form as typed over `expectedVersion` only (an older page is refused): the texts as
 * they stand, the amount when it is a valid amount (else the stored one stays, and the answer
 * names the field). `acceptUnchanged` (autosaves): an older page that would store nothing new gets
 * the current version, not a conflict.
 */
export async function saveMeldingDraft(
  actor: Actor,
  planId: string,
  n: number,
  expectedVersion: number,
  raw: { actual?: unknown; causes?: unknown; outlook?: unknown },
  options: { acceptUnchanged?: boolean } = {},
): Promise<MeldingSaved> {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const typed = { actual: str(raw.actual).trim(), causes: str(raw.causes), outlook: str(raw.outlook) };
  const amount = typed.actual === "" ? null : parseEuroInput(typed.actual);
  const issues: MeldingIssue[] = [];
  if (typed.actual !== "" && amount === null) {
    const check = meldingSchema.shape.actual.safeParse(typed.actual);
    issues.push({ path: ["actual"], message: check.error?.issues[0]?.message ?? "Ongeldig bedrag." });
  }
  return prisma.$transaction(async (tx) => {
    const plan = await loadPlan(tx, actor, planId);
    const existing = await tx.underspendingReport.findUnique({
      where: { planId_halfYear: { planId, halfYear: n } },
      select: { submittedAt: true },
    });
    const { half, reason } = closedReason(plan, n, !!existing?.submittedAt);
    if (reason || !half) throw new RuleViolation(reason ?? NOT_FOUND);
    const row = await lockRow(tx, planId, half);
    const actualCents = amount ?? (typed.actual === "" ? null : row.actualCents);
    const unchanged =
      row.causes === typed.causes && row.outlook === typed.outlook && row.actualCents === actualCents;
    if (row.version !== expectedVersion) {
      if (options.acceptUnchanged && unchanged && row.version > 0)
        return { version: row.version, savedAt: row.updatedAt.toISOString(), issues };
      throw new ConflictError(MELDING_CHANGED, "MELDING_CHANGED");
    }
    const at = now();
    const saved = await tx.underspendingReport.update({
      where: { id: row.id },
      data: {
        causes: typed.causes,
        outlook: typed.outlook,
        actualCents,
        // The half-year as the period now stands (a verlenging may have moved its end).
        endsOn: localDateToDb(half.endsOn),
        dueOn: localDateToDb(half.dueOn),
        version: row.version + 1,
        updatedAt: at,
      },
    });
    return { version: saved.version, savedAt: at.toISOString(), issues };
  });
}

/**
 * A signatory submits the melding with the values posted: the form is checked again, then the
 * 75% rule against the half-year's planned costs as the period now stands (above it: refused, with
 * the figures), and `submit_underspending_report` is recorded in the plan's chain — all in one
 * transaction, the plan's lock first, then the melding's. A late melding is accepted and marked late.
 */
export async function submitMelding(
  actor: Actor,
  planId: string,
  n: number,
  expectedVersion: number,
  raw: unknown,
): Promise<{ late: boolean }> {
  const parsed = meldingSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RuleViolation(
      first?.message ?? "Het formulier is niet volledig.",
      String(first?.path[0] ?? ""),
    );
  }
  const values = parsed.data;
  return prisma.$transaction(async (tx) => {
    await loadPlan(tx, actor, planId);
    const facts = await lockPlan(tx, planId);
    // Read again under the lock: the status or the period may have moved while this waited.
    const plan = await loadPlan(tx, actor, planId);
    const existing = await tx.underspendingReport.findUnique({
      where: { planId_halfYear: { planId, halfYear: n } },
      select: { submittedAt: true },
    });
    const { half, reason } = closedReason(plan, n, !!existing?.submittedAt);
    if (reason || !half) throw new RuleViolation(reason ?? NOT_FOUND);
    if (!meldingOwed(values.actual, half.plannedCents))
      throw new RuleViolation(notOwedMessage(n, values.actual, half.plannedCents), "actual");
    const row = await lockRow(tx, planId, half);
    if (row.version !== expectedVersion) throw new ConflictError(MELDING_CHANGED, "MELDING_CHANGED");
    const at = now();
    const late = isLate(half.dueOn, at);
    await applyEvent(tx, {
      planId,
      event: "submit_underspending_report",
      actor,
      expectedVersion: facts.version,
      locked: facts,
      input: {
        reason: late
          ? `${halfYearName(n)} is te laat ingediend (uiterste datum ${formatDateNl(half.dueOn)}).`
          : `${halfYearName(n)} is ingediend.`,
        underspendingReport: { id: row.id, halfYear: n, late },
      },
    });
    await tx.underspendingReport.update({
      where: { id: row.id },
      data: {
        actualCents: values.actual,
        plannedCents: half.plannedCents,
        causes: values.causes,
        outlook: values.outlook,
        startsOn: localDateToDb(half.startsOn),
        endsOn: localDateToDb(half.endsOn),
        dueOn: localDateToDb(half.dueOn),
        submittedAt: at,
        submittedById: actor.userId,
        version: row.version + 1,
        updatedAt: at,
      },
    });
    return { late };
  });
}

/**
 * The block on the applicant's plan page: the half-years that ended, each with its melding's
 * stage, those in scope (as the period stood when each ended) while the grant runs, and always
 * the meldingen submitted.
 */
export async function meldingStatusesForPlan(actor: Actor, planId: string): Promise<MeldingStatus[]> {
  const plan = await loadPlan(prisma, actor, planId);
  const facts = underspendingFacts(plan);
  const rows = await prisma.underspendingReport.findMany({
    where: { planId },
    select: {
      halfYear: true,
      dueOn: true,
      actualCents: true,
      submittedAt: true,
      reviewedAt: true,
      reviewNote: true,
    },
  });
  return meldingStatuses(facts.halves, rows, {
    running: UNDERSPENDING_WRITABLE_STATUSES.includes(plan.status),
    today: amsterdamDate(now()),
    dueOf: localDateFromDb,
  });
}
