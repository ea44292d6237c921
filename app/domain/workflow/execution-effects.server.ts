import { now } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
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
 * Calendar days in Amsterdam (design.md §2): a start on the day of the decision counts.
 */
export function executionStartRefusal(
  startedOn: string,
  decidedAt: Date | null | undefined,
  at: Date,
): string | null {
  if (!isLocalDate(startedOn)) return "Vul een geldige datum in, bijvoorbeeld 1-3-2027.";
  if (compareLocalDates(startedOn, amsterdamDate(at)) > 0)
    return "De startdatum kan niet in de toekomst liggen.";
  if (decidedAt && compareLocalDates(startedOn, amsterdamDate(decidedAt)) < 0)
    return `De uitvoering kan niet vóór het besluit van ${formatDateNl(amsterdamDate(decidedAt))} zijn begonnen.`;
  return null;
}

/** report_start: records the day execution began (regulation art. 5.2), checked again here. */
export async function recordExecutionStart({ tx, plan, input }: EffectContext): Promise<void> {
  const startedOn = input.startedOn ?? "";
  const refusal = executionStartRefusal(startedOn, plan.decidedAt, now());
  if (refusal) throw new RuleViolation(refusal, "startedOn");
  await tx.plan.update({
    where: { id: plan.id },
    data: { executionStartedOn: localDateToDb(parseLocalDate(startedOn)) },
  });
}
