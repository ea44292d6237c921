import { now } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import {
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  isLocalDate,
  localDateToDb,
  parseLocalDate,
} from "../time/index.ts";
import type { EffectContext } from "./definition.server.ts";

/**
 * Why `startedOn` cannot be the start of execution of a plan decided at `decidedAt`, or null.
 * Calendar days in Amsterdam (design.md §2): a start on the day of the decision counts, and so
 * does one on the last day of the term (moved past a closed day by the Atw, as the reminder is).
 * A later start is refused rather than recorded: art. 5.2 withdraws a grant whose execution did
 * not start in time, and once the plan is IN_EXECUTION the decision maker can no longer revoke it.
 */
export function executionStartRefusal(
  startedOn: string,
  decidedAt: Date | null | undefined,
  executionStartMonths: number,
  at: Date,
): string | null {
  if (!isLocalDate(startedOn)) return "Vul een geldige datum in, bijvoorbeeld 1-3-2027.";
  if (compareLocalDates(startedOn, amsterdamDate(at)) > 0)
    return "De startdatum kan niet in de toekomst liggen.";
  if (!decidedAt) return null;
  if (compareLocalDates(startedOn, amsterdamDate(decidedAt)) < 0)
    return `De uitvoering kan niet vóór het besluit van ${formatDateNl(amsterdamDate(decidedAt))} zijn begonnen.`;
  const lastDay = executionStartDeadline(decidedAt, executionStartMonths);
  if (compareLocalDates(startedOn, lastDay) > 0)
    return (
      `De uitvoering moest uiterlijk ${formatDateNl(lastDay)} beginnen, binnen ${executionStartMonths} maanden ` +
      "na de verlening (artikel 5.2 van de regeling). Een latere start kunt u hier niet melden; neem contact op " +
      "met uw behandelaar."
    );
  return null;
}

/** report_start: records the day execution began (regulation art. 5.2), checked again here. */
export async function recordExecutionStart({ tx, plan, input }: EffectContext): Promise<void> {
  const startedOn = input.startedOn ?? "";
  const refusal = executionStartRefusal(startedOn, plan.decidedAt, plan.executionStartMonths ?? 6, now());
  if (refusal) throw new RuleViolation(refusal, "startedOn");
  await tx.plan.update({
    where: { id: plan.id },
    data: { executionStartedOn: localDateToDb(parseLocalDate(startedOn)) },
  });
}
