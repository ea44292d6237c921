import type { Prisma } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { parseGrantTerms } from "../decision/terms.ts";
import { advanceSchedule } from "../documents/advances.ts";
import { grantedEligibleCents } from "../settlement/compute.ts";
import { amsterdamDate, type LocalDate, localDateFromDb } from "../time/index.ts";
import { type HalfYear, halfYears, inScope, plannedForHalfYear } from "./rules.ts";

/**
 * What the melding onderbesteding needs to know of a plan, read in one select: whether it is in
 * scope (the advances its letter announces), its half-years and each one's planned costs.
 */
export const underspendingPlanSelect = {
  id: true,
  status: true,
  advancesRequested: true,
  periodStart: true,
  periodEnd: true,
  years: { select: { year: true, requestedCents: true }, orderBy: { year: "asc" } },
  measures: { select: { costs: { select: { year: true, costCents: true } } } },
  decision: {
    select: { decidedAt: true, terms: true, years: { select: { year: true, grantedCents: true } } },
  },
} satisfies Prisma.PlanSelect;

export type UnderspendingPlan = Prisma.PlanGetPayload<{ select: typeof underspendingPlanSelect }>;

/**
 * The advances the grant letter announced: advanceSchedule over the decision's granted amount and
 * terms and its day, as scheduleAdvances (payments/schedule.server.ts) computes the Payment rows.
 * Their total depends on the amount and the terms only, not on the period's dates.
 */
export function announcedAdvancesCents(plan: UnderspendingPlan): bigint {
  if (!plan.advancesRequested || !plan.decision || !plan.periodStart || !plan.periodEnd) return 0n;
  const granted = plan.decision.years.reduce((s, y) => s + y.grantedCents, 0n);
  const terms = parseGrantTerms(plan.decision.terms);
  return advanceSchedule(
    granted,
    {
      initialBp: terms.advanceInitialBp,
      maxBp: terms.advanceMaxBp,
      intervalMonths: terms.advanceIntervalMonths,
    },
    amsterdamDate(plan.decision.decidedAt ?? now()),
    localDateFromDb(plan.periodStart),
    localDateFromDb(plan.periodEnd),
  ).reduce((s, a) => s + a.amountCents, 0n);
}

/**
 * The eligible costs per calendar year as the grant covers them: the measures' budgeted costs of
 * the year, in the share of the year's request that was granted (grantedEligibleCents, as the
 * vaststelling measures the realisation). One share per year, also where measures have rates of
 * their own: an approximation the 75% check can carry, not a settlement.
 */
export function eligiblePerYear(plan: UnderspendingPlan): { year: number; cents: bigint }[] {
  return plan.years.map((y) => {
    const planned = plan.measures.reduce(
      (s, m) => s + (m.costs.find((c) => c.year === y.year)?.costCents ?? 0n),
      0n,
    );
    const granted = plan.decision?.years.find((g) => g.year === y.year)?.grantedCents ?? 0n;
    return { year: y.year, cents: grantedEligibleCents(planned, y.requestedCents, granted) };
  });
}

export type UnderspendingFacts = {
  inScope: boolean;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  halves: (HalfYear & { plannedCents: bigint })[];
};

export function underspendingFacts(plan: UnderspendingPlan): UnderspendingFacts {
  const start = plan.periodStart ? localDateFromDb(plan.periodStart) : null;
  const end = plan.periodEnd ? localDateFromDb(plan.periodEnd) : null;
  const scope = inScope({
    advancesRequested: plan.advancesRequested,
    advancesCents: announcedAdvancesCents(plan),
    periodStart: start,
    periodEnd: end,
  });
  if (!start || !end) return { inScope: scope, periodStart: start, periodEnd: end, halves: [] };
  const perYear = eligiblePerYear(plan);
  return {
    inScope: scope,
    periodStart: start,
    periodEnd: end,
    halves: halfYears(start, end).map((h) => ({
      ...h,
      plannedCents: plannedForHalfYear(h, { start, end }, perYear),
    })),
  };
}
