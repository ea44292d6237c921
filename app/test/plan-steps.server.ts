import { prisma } from "../db/client.server.ts";
import { planFormSchema } from "../domain/plan/plan-form.ts";
import {
  createDraftPlan,
  decidePlan,
  markComplete,
  recordAdvice,
  savePlanDraft,
  submitPlan,
} from "../domain/plan/plans.server.ts";
import { planFormRules } from "../domain/regulation/regulation.server.ts";
import { type Scenario, validPlanForm } from "./scenario.server.ts";

/** Test helpers: drive a plan of scenario `s` through the real use cases, at the clock's time. */

export async function submittedPlan(
  s: Scenario,
  perYear = "300.000,00",
): Promise<{ id: string; version: number }> {
  const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
  const values = planFormSchema(await planFormRules(prisma, s.regulation.id)).parse(
    validPlanForm(s.year, perYear),
  );
  const saved = await savePlanDraft(s.applicantA, id, 1, values);
  const submitted = await submitPlan(s.applicantA, id, saved.version);
  return { id, version: submitted.version };
}

/** Submitted and complete (IN_ASSESSMENT): its decision-term reminders are scheduled. */
export async function completePlan(s: Scenario): Promise<{ id: string; version: number }> {
  const { id, version } = await submittedPlan(s);
  const completed = await markComplete(s.handler, id, version);
  return { id, version: completed.version };
}

/** The whole request per year, as the grant amounts of validPlanForm's two years. */
export function fullAmounts(s: Scenario): { year: number; amount: bigint }[] {
  return [
    { year: s.year + 1, amount: 30_000_000n },
    { year: s.year + 2, amount: 30_000_000n },
  ];
}

export async function advisePlan(s: Scenario, id: string, version: number): Promise<number> {
  const advised = await recordAdvice(s.adviser, id, version, {
    recommendation: "GRANT",
    text: "Goed onderbouwd.",
    amounts: fullAmounts(s),
  });
  return advised.version;
}

export async function grantPlan(s: Scenario, id: string, version: number): Promise<void> {
  await decidePlan(s.decisionMaker, id, version, {
    outcome: "GRANT",
    reason: "Het plan voldoet aan de regeling.",
    amounts: fullAmounts(s),
  });
}
