import { prisma } from "../db/client.server.ts";
import type { Actor } from "../domain/actor.ts";
import { assignAdviser, declareInterest } from "../domain/assessment/assignment.server.ts";
import { uploadAttachment } from "../domain/attachments/attachments.server.ts";
import { disburseForPlan } from "../domain/budget/ledger.server.ts";
import type { AdviceFormOutput } from "../domain/plan/plan-form.ts";
import {
  createDraftPlan,
  decidePlan,
  recordAdvice,
  saveStep,
  submitPlan,
} from "../domain/plan/plans.server.ts";
import type { FormStepKey, StepInputs } from "../domain/plan/steps/wizard.ts";
import { completenessChecklist } from "../domain/review/completeness.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  saveReportStep,
  submitRealisationReport,
} from "../domain/settlement/report.server.ts";
import { applyEvent } from "../domain/workflow/apply-event.server.ts";
import { minimalPdf } from "./files.ts";
import { euroInput, type Scenario, validPlanDraft } from "./scenario.server.ts";

/** Test helpers: drive a plan of scenario `s` through the real use cases, at the clock's time. */

/** The form steps in the order the wizard shows them; step 1 first, as it sets the years. */
export const FORM_STEPS: FormStepKey[] = ["lead", "partnership", "analysis", "measures", "budget", "submit"];

/** Saves each step of `inputs` in turn; returns the plan's version after the last save. */
export async function saveAllSteps(
  actor: Actor,
  planId: string,
  version: number,
  inputs: StepInputs,
): Promise<number> {
  let current = version;
  for (const step of FORM_STEPS)
    ({ version: current } = await saveStep(actor, planId, current, step, inputs[step]));
  return current;
}

export async function uploadAgreement(actor: Actor, planId: string): Promise<void> {
  await uploadAttachment(actor, planId, {
    kind: "PARTNERSHIP_AGREEMENT",
    filename: "samenwerkingsovereenkomst.pdf",
    // A real PDF: uploads are recognised by their content.
    bytes: await minimalPdf(),
  });
}

/** The organisation a plan is of, as far as submission holds step 1 to it. */
export async function organisationOfPlan(planId: string): Promise<{ kvkNumber: string; iban: string }> {
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { organisation: { select: { kvkNumber: true, iban: true } } },
  });
  return plan.organisation;
}

/**
 * `inputs` with step 1 naming `organisation`'s KvK number and account, as submission asks
 * (steps/lead.ts leadOrganisationIssues); the rest of validPlanDraft's lead applicant stays.
 */
export function withOwnLead(
  inputs: StepInputs,
  organisation: { kvkNumber: string; iban: string },
): StepInputs {
  const sameAccount = inputs.lead.leadIban.replace(/\s+/g, "") === organisation.iban;
  return {
    ...inputs,
    lead: {
      ...inputs.lead,
      leadKvk: organisation.kvkNumber,
      leadIban: sameAccount ? inputs.lead.leadIban : organisation.iban,
    },
  };
}

async function currentVersion(planId: string): Promise<number> {
  return (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;
}

export type DraftOptions = {
  /** Who prepares the plan; organisation A's applicant unless given. */
  actor?: Actor;
  perYear?: string;
  /** Changes to the valid inputs before they are saved. */
  change?: (inputs: StepInputs) => void;
  /** Leave out the partnership agreement. */
  withoutAgreement?: boolean;
};

/** A complete draft of scenario `s`: every step saved and the partnership agreement uploaded. */
export async function draftPlan(
  s: Scenario,
  options: DraftOptions = {},
): Promise<{ id: string; version: number }> {
  const actor = options.actor ?? s.applicantA;
  const { id } = await createDraftPlan(actor, { regulationId: s.regulation.id });
  const inputs = withOwnLead(validPlanDraft(s.year, options.perYear), await organisationOfPlan(id));
  options.change?.(inputs);
  await saveAllSteps(actor, id, 1, inputs);
  if (!options.withoutAgreement) await uploadAgreement(actor, id);
  // Read back: whether an upload counts as a change of the plan is the attachments module's concern.
  return { id, version: await currentVersion(id) };
}

export async function submittedPlan(
  s: Scenario,
  perYear = "300.000,00",
): Promise<{ id: string; version: number }> {
  const { id, version } = await draftPlan(s, { perYear });
  const submitted = await submitPlan(s.applicantA, id, version);
  return { id, version: submitted.version };
}

/**
 * The handler's "complete" event for a fixture, without refusing on the checklist: tests put several
 * plans of one organisation in one window, which the checklist's "earlier" item rightly refuses
 * (markComplete, the only way the portal has, always checks). The event records the checklist as
 * it came out, failing items included, in the payload markComplete gives it.
 */
export async function declareComplete(actor: Actor, planId: string, expectedVersion: number) {
  return prisma.$transaction(async (tx) => {
    const items = await completenessChecklist(tx, planId, { agreementSigned: true });
    return applyEvent(tx, {
      planId,
      event: "complete",
      actor,
      expectedVersion,
      input: {
        completeness: { agreementSigned: true, items: items.map((i) => ({ code: i.code, ok: i.ok })) },
      },
    });
  });
}

/** Submitted and complete (IN_ASSESSMENT): its decision-term reminders are scheduled. */
export async function completePlan(s: Scenario): Promise<{ id: string; version: number }> {
  const { id, version } = await submittedPlan(s);
  const completed = await declareComplete(s.handler, id, version);
  return { id, version: completed.version };
}

/** The whole request per year, as the grant amounts of validPlanDraft's two years. */
export function fullAmounts(s: Scenario): { year: number; amount: bigint }[] {
  return [
    { year: s.year + 1, amount: 30_000_000n },
    { year: s.year + 2, amount: 30_000_000n },
  ];
}

/** The coordinator assigns `adviser` (scenario's adviser unless given), who declares no conflict. */
export async function activeAdviser(s: Scenario, planId: string, adviser: Actor = s.adviser): Promise<Actor> {
  await assignAdviser(s.coordinator, planId, adviser.userId);
  await declareInterest(adviser, planId, { conflict: false });
  return adviser;
}

/** A score for every criterion of the scenario's regulation. */
export function scenarioScores(score = 4): AdviceFormOutput["scores"] {
  return [{ criterion: "analyse", score, motivation: "De analyse is onderbouwd." }];
}

/** Assigns the scenario's adviser, who declares no conflict and advises to grant in full. */
export async function advisePlan(s: Scenario, id: string, version: number): Promise<number> {
  await activeAdviser(s, id);
  const advised = await recordAdvice(s.adviser, id, version, {
    scores: scenarioScores(),
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

/**
 * The bekendmaking of the plan's decision, as storing its letter records it (Decision.announcedAt):
 * without it no advance is payable (Awb 3:40). Tests that pay advances call it instead of rendering
 * the letter.
 */
export async function announceDecision(planId: string, at: Date = new Date()): Promise<void> {
  await prisma.decision.update({ where: { planId }, data: { announcedAt: at } });
}

/** As the worker does when it stores the settlement letter: the vaststelling is made known. */
export async function announceSettlement(planId: string, at: Date = new Date()): Promise<void> {
  await prisma.settlement.update({ where: { planId }, data: { announcedAt: at } });
}

/**
 * The applicant writes the realisation report of a plan in execution, at the clock's time (after
 * its period): 100 participants per measure and `perMeasureYear` of costs for each measure in each
 * of the scenario plan's two years; then sends it in (request_settlement), unless `submit` is false.
 */
export async function writeRealisationReport(
  s: Scenario,
  planId: string,
  perMeasureYear: bigint,
  { submit = true }: { submit?: boolean } = {},
): Promise<void> {
  const measures = await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } });
  const { report } = await openRealisationReport(s.applicantA, planId);
  if (!report) throw new Error(`no realisation report for plan ${planId}`);
  const results = await saveReportStep(s.applicantA, planId, report.version, "results", {
    measures: measures.map((m) => ({ measureId: m.id, participants: "100" })),
    summary: "De scholing liep volgens plan; de jongerenmaatregel kwam later op gang.",
  });
  const costs = await saveReportStep(s.applicantA, planId, results.version, "costs", {
    costs: measures.flatMap((m) =>
      [s.year + 1, s.year + 2].map((year) => ({
        measureId: m.id,
        year: String(year),
        amount: euroInput(perMeasureYear),
      })),
    ),
  });
  if (costs.issues.length > 0) throw new Error(`report not saved: ${JSON.stringify(costs.issues)}`);
  if (!submit) return;
  const { report: saved } = await getRealisationReport(s.applicantA, planId);
  await submitRealisationReport(s.applicantA, planId, saved?.version ?? 0, true);
}

/**
 * Finance pays a granted plan's first advance (sequence 1, as the grant scheduled it; `amountCents`
 * when it has none yet) straight into the ledger, without a batch (the payments module's own tests
 * go through batches).
 */
export async function payFirstAdvance(planId: string, amountCents = 6_000_000n): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const payment = await tx.payment.upsert({
      where: { planId_sequence: { planId, sequence: 1 } },
      create: { planId, sequence: 1, kind: "ADVANCE", dueOn: new Date(), amountCents },
      update: {},
    });
    await disburseForPlan(tx, {
      planId,
      actorId: null,
      paymentId: payment.id,
      amountCents: payment.amountCents,
      reason: "voorschot",
    });
    await tx.payment.update({ where: { id: payment.id }, data: { status: "PAID", paidAt: new Date() } });
  });
}
