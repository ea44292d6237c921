import { addMonths, applyRateBp, type LocalDate } from "./format.ts";

export type AdvanceRules = { initialBp: number; maxBp: number; intervalMonths: number };

export type AdvanceInstalment = { date: LocalDate; amountCents: bigint };

/**
 * The voorschotten a grant letter announces (regulation art. 5.3, design.md §2): initialBp of the
 * grant at once, then one instalment per interval along the plan's period until maxBp in total.
 * Each amount is rounded down to the cent and the last instalment takes the remainder, so the sum
 * is exactly maxBp of the grant, rounded down. Instalment dates that fall on or before the grant
 * (a plan may start before its decision) are dropped, and the interim advances are spread evenly
 * over the dates still to come: a late grant catches up over the rest of the period rather than in
 * one payment. No advance is dated after the period's end. Grants already made state their
 * schedule in their letters, which read this same function, so changing the rule would change
 * payments those letters announced. An instalment of € 0 (a regulation may set the first advance at 0%, and a tiny
 * grant rounds down to nothing) is no instalment: the letter announces, and the payments schedule,
 * only what will be paid — both read this list.
 */
export function advanceSchedule(
  grantedCents: bigint,
  rules: AdvanceRules,
  grantDate: LocalDate,
  periodStart: LocalDate,
  periodEnd: LocalDate,
): AdvanceInstalment[] {
  if (grantedCents <= 0n) return [];
  const initial = applyRateBp(grantedCents, rules.initialBp);
  const ceiling = applyRateBp(grantedCents, Math.max(rules.maxBp, rules.initialBp));
  const schedule: AdvanceInstalment[] = [{ date: grantDate, amountCents: initial }];
  const remaining = ceiling - initial;
  if (remaining <= 0n) return schedule.filter((s) => s.amountCents > 0n);

  const dates: LocalDate[] = [];
  for (let k = 1; ; k++) {
    const date = addMonths(periodStart, k * rules.intervalMonths);
    if (date >= periodEnd) break;
    if (date > grantDate) dates.push(date);
  }
  if (dates.length === 0) {
    // Advances are paid during the activities (art. 5.3; SZW general rules art. 8): a grant after the
    // last interval date pays the rest one interval later, but never after the period's end — and
    // on the grant date itself, together with the first advance, when the period is already over.
    const laterDate = addMonths(grantDate, rules.intervalMonths);
    const date = laterDate <= periodEnd ? laterDate : periodEnd;
    if (date <= grantDate) return [{ date: grantDate, amountCents: ceiling }];
    dates.push(date);
  }

  const each = remaining / BigInt(dates.length);
  dates.forEach((date, i) => {
    const last = i === dates.length - 1;
    schedule.push({ date, amountCents: last ? remaining - each * BigInt(dates.length - 1) : each });
  });
  return schedule.filter((s) => s.amountCents > 0n);
}
