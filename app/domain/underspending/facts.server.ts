import type { Prisma } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { parseGrantTerms } from "../decision/terms.ts";
import { advanceSchedule } from "../documents/advances.ts";
import { grantedEligibleCents } from "../settlement/compute.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  type LocalDate,
  localDateFromDb,
} from "../time/index.ts";
import { type HalfYearFacts, halfYear, halfYears, inScope, plannedForHalfYear } from "./rules.ts";

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
  // The period as it stood before each verlenging, and from when the longer one applied.
  extensions: {
    where: { status: "GRANTED" },
    select: { previousPeriodEnd: true, decidedAt: true },
    orderBy: { decidedAt: "asc" },
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
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  halves: HalfYearFacts[];
};

/**
 * The period's ends in the order they applied: before each granted verlenging its previous end,
 * applying until the day the verlenging was decided; then the end as it now stands.
 */
function periodVersions(
  plan: UnderspendingPlan,
  end: LocalDate,
): { end: LocalDate; until: LocalDate | null }[] {
  const granted = plan.extensions.filter((x) => x.decidedAt);
  return [
    ...granted.map((x) => ({
      end: localDateFromDb(x.previousPeriodEnd),
      until: amsterdamDate(x.decidedAt as Date),
    })),
    { end, until: null },
  ];
}

/**
 * Each half-year as it stood when it ended: a half-year that ended (its last day before the day a
 * verlenging was decided) under an earlier end keeps that end's bounds, scope and planned costs, so
 * a verlenging never takes away a melding already owed; the others follow the period as it now
 * stands. A half-year that ended on or before the grant's day owes nothing (beforeGrant).
 *
 * Where the kept half-year was short (the old end fell inside a six-month step), the rest of that
 * step under the new end (old end + 1 up to the step's end or the new end if sooner) is a half-year
 * of its own, right after it, so every day of the period lies in one half-year. It takes the next
 * number and the later half-years one more: a verlenging adds both at once, so no number that
 * existed before changes (the melding rows are keyed by planId and halfYear).
 */
export function underspendingFacts(plan: UnderspendingPlan): UnderspendingFacts {
  const start = plan.periodStart ? localDateFromDb(plan.periodStart) : null;
  const end = plan.periodEnd ? localDateFromDb(plan.periodEnd) : null;
  if (!start || !end) return { periodStart: start, periodEnd: end, halves: [] };
  const advancesCents = announcedAdvancesCents(plan);
  const grantDay = plan.decision?.decidedAt ? amsterdamDate(plan.decision.decidedAt) : null;
  const perYear = eligiblePerYear(plan);
  const versions = periodVersions(plan, end).map((v) => ({
    ...v,
    halves: halfYears(start, v.end),
    inScope: inScope({
      advancesRequested: plan.advancesRequested,
      advancesCents,
      periodStart: start,
      periodEnd: v.end,
    }),
  }));
  const current = versions[versions.length - 1] as (typeof versions)[number];
  const halves: HalfYearFacts[] = [];
  const push = (startsOn: LocalDate, endsOn: LocalDate, then: (typeof versions)[number]) => {
    const h = halfYear(halves.length + 1, startsOn, endsOn);
    halves.push({
      ...h,
      plannedCents: plannedForHalfYear(h, { start, end: then.end }, perYear),
      inScope: then.inScope,
      beforeGrant: grantDay !== null && compareLocalDates(endsOn, grantDay) <= 0,
    });
  };
  current.halves.forEach((now, i) => {
    // The days of this six-month step not yet in a half-year: all of them, until a version under
    // which the step (or its part from `from`) ended keeps its bounds; the rest follows the next.
    let from = now.startsOn;
    for (const v of versions) {
      const h = v.halves[i];
      if (!h || v.until === null || compareLocalDates(h.endsOn, from) < 0) continue;
      if (compareLocalDates(h.endsOn, v.until) >= 0) continue;
      push(from, h.endsOn, v);
      from = addCalendarDays(h.endsOn, 1);
    }
    if (compareLocalDates(from, now.endsOn) <= 0) push(from, now.endsOn, current);
  });
  return { periodStart: start, periodEnd: end, halves };
}
