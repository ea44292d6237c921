import { prisma } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { isLate } from "../settlement/terms.ts";
import { amsterdamDate, type LocalDate, localDateFromDb, localDateToDb } from "../time/index.ts";
import type { STATUS_LABEL } from "../workflow/labels.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";
import { type UnderspendingPlan, underspendingFacts, underspendingPlanSelect } from "./facts.server.ts";
import { draftMayBeOwed, meldingMayBeOwed, UNDERSPENDING_WRITABLE_STATUSES } from "./rules.ts";

/**
 * The meldingen onderbesteding (regulation art. 5.3) on the handler's terms overview. Whether a
 * melding was owed only the organisation knows (its costs), so "late" means what the portal can
 * see: a melding handed in after its day, or one begun (a draft) whose day passed unsubmitted on a
 * grant still running — unless the draft's amount is above 75% of plan, which says nothing is owed
 * (and cannot be submitted). And those handed in that no handler has read yet.
 */

export type MeldingListRow = {
  /** The plan's id (the row links to its tab). */
  id: string;
  meldingId: string;
  reference: string;
  organisationName: string;
  statusLabel: string;
  halfYear: number;
  due: LocalDate;
  /** Null for a draft not handed in. */
  submittedOn: LocalDate | null;
  late: boolean;
};

const select = {
  id: true,
  halfYear: true,
  dueOn: true,
  submittedAt: true,
  plan: { select: { id: true, reference: true, status: true, organisation: { select: { name: true } } } },
} as const;

type Found = {
  id: string;
  halfYear: number;
  dueOn: Date;
  submittedAt: Date | null;
  plan: { id: string; reference: string; status: keyof typeof STATUS_LABEL; organisation: { name: string } };
};

/** `label`: the plan's status as every list gives it, saying who withdrew a WITHDRAWN plan (labels.ts). */
function rowOf(r: Found, label: (plan: Found["plan"]) => string): MeldingListRow {
  const due = localDateFromDb(r.dueOn);
  return {
    id: r.plan.id,
    meldingId: r.id,
    reference: r.plan.reference,
    organisationName: r.plan.organisation.name,
    statusLabel: label(r.plan),
    halfYear: r.halfYear,
    due,
    submittedOn: r.submittedAt ? amsterdamDate(r.submittedAt) : null,
    late: r.submittedAt ? isLate(due, r.submittedAt) : true,
  };
}

/**
 * A draft past its day is late only while a melding may still be owed over its half-year: in
 * scope, after the grant, and its amount empty or at or below 75% of the half-year's planned costs.
 */
function draftStillOwed(r: {
  halfYear: number;
  actualCents: bigint | null;
  plan: UnderspendingPlan;
}): boolean {
  const half = underspendingFacts(r.plan).halves.find((h) => h.n === r.halfYear);
  return !!half && meldingMayBeOwed(half) && draftMayBeOwed(r.actualCents, half.plannedCents);
}

/** Late meldingen (see above), earliest day first; at most `limit`, `more` when there are more. */
export async function lateMeldingen(opts: { limit: number; at?: Date }) {
  const today = amsterdamDate(opts.at ?? now());
  const found = await prisma.underspendingReport.findMany({
    where: {
      OR: [
        // Handed in and unread: whether after its day is decided below (isLate).
        { submittedAt: { not: null }, reviewedAt: null },
        {
          submittedAt: null,
          dueOn: { lt: localDateToDb(today) },
          plan: { status: { in: [...UNDERSPENDING_WRITABLE_STATUSES] } },
        },
      ],
    },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    select: {
      ...select,
      actualCents: true,
      plan: { select: { ...select.plan.select, ...underspendingPlanSelect } },
    },
  });
  // A submitted one is late only when it came after its day (isLate), which SQL on a date column
  // cannot say for the Amsterdam day's end; the unread ones are few, so they are filtered here. A
  // draft's amount is weighed against its half-year's plan, which only the plan's facts give.
  const label = await statusLabeller(
    prisma,
    found.map((r) => r.plan),
  );
  const late = found
    .filter((r) => r.submittedAt || draftStillOwed(r))
    .map((r) => rowOf(r as Found, label))
    .filter((r) => r.late);
  return { rows: late.slice(0, opts.limit), more: late.length > opts.limit };
}

/** Meldingen handed in and not yet read, the longest waiting first. */
export async function meldingenToRead(opts: { limit: number }) {
  const found = await prisma.underspendingReport.findMany({
    where: { submittedAt: { not: null }, reviewedAt: null },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: opts.limit + 1,
    select,
  });
  const label = await statusLabeller(
    prisma,
    found.map((r) => r.plan),
  );
  return {
    rows: (found as Found[]).slice(0, opts.limit).map((r) => rowOf(r, label)),
    more: found.length > opts.limit,
  };
}
