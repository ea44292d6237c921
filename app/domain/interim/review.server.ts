import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { readReason, reviewNoteOf } from "../review/report-read.ts";
import { isLate } from "../settlement/terms.ts";
import { type LocalDate, localDateFromDb } from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { reportReadRefusal } from "../workflow/page-refusal.server.ts";
import { interimName } from "./report.server.ts";
import type { InterimMonths } from "./status.ts";

/**
 * The handler's side of the tussentijds voortgangsverslag (regulation art. 5.4): the submitted
 * reports read-only, their figures so far against the plan's budget per measure, and the record
 * that the handler read one, with a note for the applicant (review_interim_report).
 */

export const ONLY_A_HANDLER =
  "Alleen een behandelaar legt vast dat een tussentijds voortgangsverslag gelezen is.";
const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";

export type StaffInterimReport = {
  afterMonths: InterimMonths;
  dueOn: LocalDate;
  submittedAt: string;
  submittedBy: string;
  late: boolean;
  participantsReached: number | null;
  summary: string;
  years: number[];
  measures: {
    id: string;
    title: string;
    plannedParticipants: number;
    participants: number;
    /** Per year of the report: the plan's budgeted costs and the costs made so far. */
    years: { year: number; planned: string; actual: string }[];
    planned: string;
    actual: string;
  }[];
  total: { planned: string; actual: string };
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNote: string | null;
  /**
   * The accountant's controleverklaring (art. 5.4 lid 4): whether the grant required it, and the
   * file handed in with the report (downloaded through /documenten/:id, which checks who asks).
   */
  audit: { required: boolean; document: { id: string; title: string; byteSize: number } | null };
};

export async function interimReportsForStaff(actor: Actor, planId: string) {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: {
      id: true,
      status: true,
      version: true,
      organisationId: true,
      handlerId: true,
      decision: { select: { interimAuditRequired: true } },
      measures: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          title: true,
          participants: true,
          costs: { select: { year: true, costCents: true } },
        },
      },
      interimReports: {
        where: { submittedAt: { not: null } },
        orderBy: { afterMonths: "asc" },
        include: {
          costs: true,
          auditReportDocument: { select: { id: true, title: true, byteSize: true } },
        },
      },
    },
  });
  if (!plan) throw new NotFoundError(NOT_FOUND);
  const userIds = plan.interimReports.flatMap((r) => [r.submittedById, r.reviewedById]);
  const names = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: userIds.filter((id): id is string => !!id) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const reports: StaffInterimReport[] = plan.interimReports.map((r) => {
    const years = [...new Set(r.costs.map((c) => c.year))].sort((a, b) => a - b);
    const measures = plan.measures.map((m) => {
      const rows = years.map((year) => {
        const planned = m.costs.find((c) => c.year === year)?.costCents ?? 0n;
        const actual = r.costs.find((c) => c.measureId === m.id && c.year === year)?.actualCents ?? 0n;
        return { year, plannedCents: planned, actualCents: actual };
      });
      const planned = rows.reduce((s, y) => s + y.plannedCents, 0n);
      const actual = rows.reduce((s, y) => s + y.actualCents, 0n);
      return {
        id: m.id,
        title: m.title,
        plannedParticipants: m.participants,
        participants: r.costs.filter((c) => c.measureId === m.id).reduce((s, c) => s + c.participants, 0),
        years: rows.map((y) => ({
          year: y.year,
          planned: formatEuro(y.plannedCents),
          actual: formatEuro(y.actualCents),
        })),
        plannedCents: planned,
        actualCents: actual,
        planned: formatEuro(planned),
        actual: formatEuro(actual),
      };
    });
    const submittedAt = r.submittedAt as Date;
    return {
      afterMonths: r.afterMonths as InterimMonths,
      dueOn: localDateFromDb(r.dueOn),
      submittedAt: submittedAt.toISOString(),
      submittedBy: (r.submittedById && names.get(r.submittedById)) || "—",
      late: isLate(localDateFromDb(r.dueOn), submittedAt),
      participantsReached: r.participantsReached,
      summary: r.summary,
      years,
      measures: measures.map(({ plannedCents: _p, actualCents: _a, ...m }) => m),
      total: {
        planned: formatEuro(measures.reduce((s, m) => s + m.plannedCents, 0n)),
        actual: formatEuro(measures.reduce((s, m) => s + m.actualCents, 0n)),
      },
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      reviewedBy: r.reviewedById ? (names.get(r.reviewedById) ?? "—") : null,
      reviewNote: r.reviewNote,
      audit: {
        required: !!plan.decision?.interimAuditRequired,
        document: r.auditReportDocument,
      },
    };
  });
  const reviewRefusal = await reportReadRefusal(plan, "review_interim_report", actor, {
    notAHandler: ONLY_A_HANDLER,
    phase: "In deze fase van het plan wordt geen tussentijds voortgangsverslag meer afgehandeld.",
  });
  return { plan: { id: plan.id, status: plan.status, version: plan.version }, reports, reviewRefusal };
}

/**
 * The handler records having read a submitted report, with an optional note the organisation's
 * signatories receive (bell and e-mail). Once per report. The event comes first: applyEvent takes
 * the handler's account and then the plan's lock (acting-staff.server.ts), and the report's row is
 * locked after them, in the order a submission takes plan and report.
 */
export async function reviewInterimReport(
  actor: Actor,
  planId: string,
  afterMonths: InterimMonths,
  expectedVersion: number,
  rawNote: string,
): Promise<{ version: number }> {
  if (!actor.roles.includes("CASE_HANDLER")) throw new ForbiddenError(ONLY_A_HANDLER);
  const note = reviewNoteOf(rawNote);
  return prisma.$transaction(async (tx) => {
    const visible = await tx.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError(NOT_FOUND);
    const found = await tx.interimReport.findUnique({
      where: { planId_afterMonths: { planId, afterMonths } },
      select: { id: true },
    });
    if (!found) throw new RuleViolation(`${interimName(afterMonths)} is nog niet ingediend.`);
    const { version } = await applyEvent(tx, {
      planId,
      event: "review_interim_report",
      actor,
      expectedVersion,
      input: {
        reason: readReason(interimName(afterMonths), note),
        interimReport: { id: found.id, afterMonths, note: note || null },
      },
    });
    const [row] = await tx.$queryRaw<{ submittedAt: Date | null; reviewedAt: Date | null }[]>`
      SELECT "submittedAt", "reviewedAt" FROM "InterimReport" WHERE id = ${found.id} FOR UPDATE`;
    if (!row?.submittedAt) throw new RuleViolation(`${interimName(afterMonths)} is nog niet ingediend.`);
    if (row.reviewedAt)
      throw new ConflictError(
        `${interimName(afterMonths)} is al als gelezen vastgelegd.`,
        "INTERIM_REVIEWED",
      );
    await tx.interimReport.update({
      where: { id: found.id },
      data: { reviewedAt: now(), reviewedById: actor.userId, reviewNote: note || null },
    });
    return { version };
  });
}
