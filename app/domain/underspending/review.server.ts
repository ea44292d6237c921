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
import { halfYearName, spentPercent } from "./rules.ts";

/**
 * The handler's side of the melding onderbesteding (regulation art. 5.3): the submitted meldingen
 * read-only, planned against actual costs of their half-year, and the record that a handler read
 * one, with a note for the applicant (review_underspending_report).
 */

export const ONLY_A_HANDLER = "Alleen een behandelaar legt vast dat een melding onderbesteding gelezen is.";
const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";

export type StaffMelding = {
  halfYear: number;
  startsOn: LocalDate;
  endsOn: LocalDate;
  dueOn: LocalDate;
  submittedAt: string;
  submittedBy: string;
  late: boolean;
  planned: string;
  actual: string;
  /** Actual as a whole percentage of planned, rounded down; null without planned costs. */
  percent: number | null;
  causes: string;
  outlook: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNote: string | null;
};

export async function meldingenForStaff(actor: Actor, planId: string) {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: {
      id: true,
      status: true,
      version: true,
      organisationId: true,
      handlerId: true,
      underspendingReports: { where: { submittedAt: { not: null } }, orderBy: { halfYear: "asc" } },
    },
  });
  if (!plan) throw new NotFoundError(NOT_FOUND);
  const ids = plan.underspendingReports.flatMap((r) => [r.submittedById, r.reviewedById]);
  const names = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: ids.filter((id): id is string => !!id) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const meldingen: StaffMelding[] = plan.underspendingReports.map((r) => {
    const submittedAt = r.submittedAt as Date;
    const planned = r.plannedCents ?? 0n;
    const actual = r.actualCents ?? 0n;
    const dueOn = localDateFromDb(r.dueOn);
    return {
      halfYear: r.halfYear,
      startsOn: localDateFromDb(r.startsOn),
      endsOn: localDateFromDb(r.endsOn),
      dueOn,
      submittedAt: submittedAt.toISOString(),
      submittedBy: (r.submittedById && names.get(r.submittedById)) || "—",
      late: isLate(dueOn, submittedAt),
      planned: formatEuro(planned),
      actual: formatEuro(actual),
      percent: spentPercent(actual, planned),
      causes: r.causes,
      outlook: r.outlook,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      reviewedBy: r.reviewedById ? (names.get(r.reviewedById) ?? "—") : null,
      reviewNote: r.reviewNote,
    };
  });
  const reviewRefusal = await reportReadRefusal(plan, "review_underspending_report", actor, {
    notAHandler: ONLY_A_HANDLER,
    phase: "In deze fase van het plan wordt geen melding onderbesteding meer afgehandeld.",
  });
  return { plan: { id: plan.id, status: plan.status, version: plan.version }, meldingen, reviewRefusal };
}

/**
 * The handler records having read a submitted melding, with an optional note the organisation's
 * signatories receive (bell and e-mail). Once per melding. The event first (the handler's account,
 * then the plan's lock), then the melding's row, in the order a submission takes them.
 */
export async function reviewMelding(
  actor: Actor,
  planId: string,
  halfYear: number,
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
    const found = await tx.underspendingReport.findUnique({
      where: { planId_halfYear: { planId, halfYear } },
      select: { id: true, submittedAt: true },
    });
    if (!found?.submittedAt) throw new RuleViolation(`${halfYearName(halfYear)} is nog niet ingediend.`);
    const { version } = await applyEvent(tx, {
      planId,
      event: "review_underspending_report",
      actor,
      expectedVersion,
      input: {
        reason: readReason(halfYearName(halfYear), note),
        underspendingReport: { id: found.id, halfYear, note: note || null },
      },
    });
    const [row] = await tx.$queryRaw<{ reviewedAt: Date | null }[]>`
      SELECT "reviewedAt" FROM "UnderspendingReport" WHERE id = ${found.id} FOR UPDATE`;
    if (row?.reviewedAt)
      throw new ConflictError(`${halfYearName(halfYear)} is al als gelezen vastgelegd.`, "MELDING_REVIEWED");
    await tx.underspendingReport.update({
      where: { id: found.id },
      data: { reviewedAt: now(), reviewedById: actor.userId, reviewNote: note || null },
    });
    return { version };
  });
}
