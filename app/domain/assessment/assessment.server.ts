import { prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { cofinancingRatesOf } from "../decision/terms.ts";
import { yearCaps } from "../decision/year-cap.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import type { AdviceFormOutput } from "../plan/plan-form.ts";
import type { EffectContext, PlanFacts } from "../workflow/definition.server.ts";
import { formatScore, readCriteria, weightedScore } from "./scoring.ts";

/**
 * The Actieteam's scored assessment (design.md §4, art. 2.5). Every save is a new Advice row with
 * its scores and amounts: re-scoring keeps the history, the latest row per adviser counts.
 */

/** Guard of "advise": only an adviser with an ACTIVE assignment (declared free of conflicts). */
export function activeAdviserGuard(plan: PlanFacts, actor: Actor): string | null {
  return plan.activeAdviserIds?.includes(actor.userId)
    ? null
    : "Alleen een adviseur die aan dit plan is toegewezen en geen belangenverstrengeling heeft gemeld, adviseert erover.";
}

/**
 * Effect of "advise": the plan is ADVISED once as many distinct advisers as the regulation asks
 * (advisersRequired) have advised; before that it stays IN_ASSESSMENT (the event is still recorded).
 * A plan waiting for budget stays waiting, however much advice it has: ADVISED is a plan that holds
 * its reservation, and this one holds none. budget_available takes it on to ADVISED once money comes
 * free for it (backToAdvisedWhenAdvised); at the end of its window the advice is what lets it be
 * granted for what is left (assessedBeforeWaitingGrant).
 */
export async function advisedWhenEnoughAdvisers({
  tx,
  plan,
}: EffectContext): Promise<undefined | { to: PlanStatus }> {
  if (plan.status === "WAITING_FOR_BUDGET") return { to: "WAITING_FOR_BUDGET" };
  // The optional second adviser's advice on an ADVISED plan adds to the advice it had; it stays.
  if (plan.status === "ADVISED") return undefined;
  // The transition's own target is ADVISED; only staying put is an alternative to choose.
  return (await enoughAdvice(tx, plan)) ? undefined : { to: "IN_ASSESSMENT" };
}

export const WAITING_FOR_ADVICE =
  "Wacht op advies: dit plan is nog niet door genoeg adviseurs van het Actieteam aan de criteria van de regeling getoetst (art. 2.5). Het kan pas (gedeeltelijk) worden verleend nadat het advies er is; de coördinator wijst daarvoor adviseurs toe. Afwijzen omdat het subsidieplafond is bereikt kan zonder advies.";

/**
 * Effect of grant and grant_partially, before anything is booked: a plan granted straight from the
 * waiting line (the end of its window, decision/engine.server.ts) has never been ADVISED, so the
 * advice that the ADVISED transition asks for is asked here: the same rule (enoughAdvice), so no
 * plan gets money that nobody checked against the regulation's grounds for refusal. A refusal
 * because the ceiling is reached needs no advice: its ground is the ceiling, not the plan's merits.
 */
export async function assessedBeforeWaitingGrant({ tx, plan }: EffectContext): Promise<void> {
  if (plan.status !== "WAITING_FOR_BUDGET") return;
  if (!(await enoughAdvice(tx, plan))) throw new RuleViolation(WAITING_FOR_ADVICE, "outcome");
}

/**
 * Effect of budget_available: a plan that has enough advice gets its money as ADVISED — advised
 * before its reservation gave way to an earlier plan (yield_budget), or while it waited for budget.
 * Its advice stands: nothing in the plan changed, only its turn. A plan without enough advice goes
 * to IN_ASSESSMENT, the transition's own target, where its advisers go on.
 */
export async function backToAdvisedWhenAdvised({
  tx,
  plan,
}: EffectContext): Promise<undefined | { to: PlanStatus }> {
  return (await enoughAdvice(tx, plan)) ? { to: "ADVISED" } : undefined;
}

/**
 * The plan's latest PlanVersion: what an advice assesses and a decision decides on. A supplement
 * that the applicant sends makes a new one, and advice on an older one no longer speaks for the
 * plan as it stands (its amounts may be above what is now requested).
 */
export async function latestPlanVersionId(tx: Tx, planId: string): Promise<string | null> {
  const v = await tx.planVersion.findFirst({
    where: { planId },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  return v?.id ?? null;
}

/**
 * Whether this adviser has advised on the plan's current version. On an ADVISED plan only an
 * adviser who has not may still advise (the optional second adviser): its advice is what the
 * decision maker is deciding on, and is not revised under their hands.
 */
export async function hasAdvisedCurrentVersion(tx: Tx, planId: string, adviserId: string): Promise<boolean> {
  const current = await latestPlanVersionId(tx, planId);
  if (!current) return false;
  return (await tx.advice.count({ where: { planId, planVersionId: current, adviserId } })) > 0;
}

export const ADVICE_ALREADY_GIVEN =
  "U heeft over dit plan al advies uitgebracht en het plan is geadviseerd: de beslisser beslist op dat advies. Alleen een adviseur die nog geen advies gaf, kan er nog een toevoegen.";

/**
 * The number of advisers the plan needs: the regulation's at its submission (Plan.advisersRequired,
 * copied by submitPlan, or by the complete event for a plan submitted before that), so that a later
 * change of the regulation neither strands a plan with enough advice in assessment nor takes the
 * advice away from one advised or waiting; for a draft the regulation's.
 */
export function advisersRequiredOf(p: {
  advisersRequired: number | null;
  regulation: { advisersRequired: number };
}): number {
  return p.advisersRequired ?? p.regulation.advisersRequired;
}

/**
 * As many distinct active advisers have advised on the plan's current version as the plan needs
 * (advisersRequired: lockPlan gives the plan's own, advisersRequiredOf). An advice on an earlier version does not count: its adviser advises again.
 */
export async function enoughAdvice(
  tx: Tx,
  plan: Pick<PlanFacts, "id" | "activeAdviserIds" | "advisersRequired">,
): Promise<boolean> {
  return (await countedAdvisers(tx, plan.id, plan.activeAdviserIds ?? [])) >= (plan.advisersRequired ?? 1);
}

/** The distinct active advisers whose advice is on the plan's current version: what enoughAdvice counts. */
async function countedAdvisers(tx: Tx, planId: string, activeAdviserIds: readonly string[]): Promise<number> {
  const current = await latestPlanVersionId(tx, planId);
  if (!current) return 0;
  const rows = await tx.advice.findMany({
    where: { planId, planVersionId: current, adviserId: { in: [...activeAdviserIds] } },
    distinct: ["adviserId"],
    select: { adviserId: true },
  });
  return rows.length;
}

/**
 * The advice the plan has against the advice it needs, counted as enoughAdvice counts it: what the
 * adviser is told after advising (a plan waiting for budget may wait for budget alone, or also for
 * another adviser).
 */
export async function adviceProgress(planId: string): Promise<{ required: number; given: number }> {
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      advisersRequired: true,
      regulation: { select: { advisersRequired: true } },
      assignments: { where: { status: "ACTIVE" }, select: { adviserId: true } },
    },
  });
  const active = plan.assignments.map((a) => a.adviserId);
  return { required: advisersRequiredOf(plan), given: await countedAdvisers(prisma, planId, active) };
}

/**
 * Checks the advice against the regulation and the plan, and stores it (a new version). The
 * caller fires the "advise" event in the same transaction; its guard refuses an adviser without
 * an ACTIVE assignment, and the whole save rolls back with it.
 */
export async function storeAdvice(tx: Tx, actor: Actor, planId: string, values: AdviceFormOutput) {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      regulation: { select: { criteria: true } },
      years: { orderBy: { year: "asc" }, select: { year: true, requestedCents: true } },
      measures: { select: { category: true, costs: { select: { year: true, costCents: true } } } },
    },
  });
  const criteria = readCriteria(plan.regulation.criteria);
  const byCode = new Map(values.scores.map((s) => [s.criterion, s.score]));
  // The form's schema says the same; repeated here so that no caller stores an unmotivated advice.
  values.scores.forEach((s, i) => {
    if (!criteria.some((c) => c.code === s.criterion))
      throw new RuleViolation("Dit criterium staat niet in de regeling.", `scores.${i}.score`);
    if (s.motivation.trim() === "") throw new RuleViolation("Motiveer de score.", `scores.${i}.motivation`);
  });
  if (values.text.trim() === "") throw new RuleViolation("Schrijf de motivering van het advies.", "text");
  criteria.forEach((c, i) => {
    if (!byCode.has(c.code))
      throw new RuleViolation(`Scoor het criterium "${c.label}".`, `scores.${i}.score`);
  });
  if (byCode.size !== values.scores.length)
    throw new RuleViolation("Scoor elk criterium één keer.", "scores");

  const years = plan.years;
  const amounts = values.amounts;
  const sameYears = years.length === amounts.length && years.every((y, i) => amounts[i]?.year === y.year);
  if (!sameYears) throw new RuleViolation("Vul een bedrag in voor elk jaar van het plan.", "amounts");
  // The most a decision may grant each year under the regulation's rates (checkDecisionValues): an
  // advice above it would be a default the decision refuses.
  const caps = yearCaps(
    cofinancingRatesOf(await regulationTermsForPlan(tx, planId)),
    plan.measures,
    years.map((y) => y.year),
  );
  years.forEach((y, i) => {
    const amount = amounts[i]?.amount ?? 0n;
    const most = caps[i]?.maxCents;
    if (most !== undefined && amount > most && amount <= y.requestedCents)
      throw new RuleViolation(
        `Het bedrag voor ${y.year} is hoger dan de cofinancieringspercentages van de regeling toestaan (hoogstens ${formatEuro(most)}). Adviseer gedeeltelijk verlenen voor ten hoogste dat bedrag.`,
        `amounts.${i}.amount`,
      );
    if (amount > y.requestedCents)
      throw new RuleViolation(
        `Het bedrag voor ${y.year} is hoger dan de gevraagde ${formatEuro(y.requestedCents)}.`,
        `amounts.${i}.amount`,
      );
    if (values.recommendation === "GRANT" && amount !== y.requestedCents)
      throw new RuleViolation(
        `Bij verlenen is het bedrag wat gevraagd is: ${formatEuro(y.requestedCents)} voor ${y.year}. Adviseert u minder, kies dan gedeeltelijk verlenen.`,
        `amounts.${i}.amount`,
      );
  });
  if (
    values.recommendation === "PARTIAL_GRANT" &&
    years.every((y, i) => amounts[i]?.amount === y.requestedCents)
  )
    throw new RuleViolation(
      "Bij gedeeltelijk verlenen is het bedrag in minstens één jaar lager dan gevraagd; anders adviseert u verlenen.",
      "amounts",
    );

  return tx.advice.create({
    data: {
      planId,
      // The caller holds the plan's lock, so no supplement lands between this read and the event.
      planVersionId: await latestPlanVersionId(tx, planId),
      adviserId: actor.userId,
      recommendation: values.recommendation,
      text: values.text,
      weightedScore: weightedScore(criteria, byCode),
      createdAt: now(),
      scores: {
        create: values.scores.map((s) => ({
          criterion: s.criterion,
          score: s.score,
          motivation: s.motivation,
        })),
      },
      years: { create: amounts.map((a) => ({ year: a.year, amountCents: a.amount })) },
    },
    select: { id: true },
  });
}

const RECOMMENDATION_LABEL = {
  GRANT: "Verlenen",
  PARTIAL_GRANT: "Gedeeltelijk verlenen",
  REJECT: "Afwijzen",
};

/**
 * The assessment tab: the regulation's criteria, whether the actor may advise now, the actor's
 * latest advice (the form's defaults) and every advice given on the plan, newest first.
 * The caller has checked visibility (planWhereForActor).
 */
export async function assessmentView(actor: Actor, planId: string) {
  const plan = await prisma.plan.findUnique({
    where: { id: planId },
    select: {
      status: true,
      handlerId: true,
      advisersRequired: true,
      regulation: { select: { criteria: true, advisersRequired: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } },
      assignments: {
        where: { adviserId: actor.userId, status: { not: "REMOVED" } },
        select: { status: true },
      },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const criteria = readCriteria(plan.regulation.criteria);
  const advices = await prisma.advice.findMany({
    where: { planId },
    orderBy: { createdAt: "desc" },
    include: { scores: true, years: { orderBy: { year: "asc" } } },
  });
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(advices.map((a) => a.adviserId))] } },
    select: { id: true, name: true },
  });
  const label = (code: string) => criteria.find((c) => c.code === code)?.label ?? code;
  const history = advices.map((a) => ({
    id: a.id,
    adviserName: users.find((u) => u.id === a.adviserId)?.name ?? "",
    mine: a.adviserId === actor.userId,
    createdAt: a.createdAt.toISOString(),
    recommendation: a.recommendation,
    recommendationLabel: RECOMMENDATION_LABEL[a.recommendation],
    text: a.text,
    /** Given on an earlier version of the plan (before a supplement): it no longer counts. */
    onEarlierVersion: a.planVersionId !== (plan.versions[0]?.id ?? null),
    weightedScore: a.weightedScore === null ? null : formatScore(a.weightedScore),
    scores: criteria
      .map((c) => a.scores.find((s) => s.criterion === c.code))
      .filter((s) => s !== undefined)
      .map((s) => ({
        criterion: s.criterion,
        label: label(s.criterion),
        score: s.score,
        motivation: s.motivation,
      })),
    amounts: a.years.map((y) => ({ year: y.year, cents: y.amountCents.toString() })),
  }));
  const active = plan.assignments.some((x) => x.status === "ACTIVE");
  // As the advise event allows: also while the plan waits for budget (it is decided on that advice),
  // and on an ADVISED plan for an adviser who has not advised on its current version.
  const current = plan.versions[0]?.id ?? null;
  const mayAdvise =
    (plan.status === "IN_ASSESSMENT" ||
      plan.status === "WAITING_FOR_BUDGET" ||
      (plan.status === "ADVISED" &&
        !advices.some((x) => x.adviserId === actor.userId && x.planVersionId === current))) &&
    active &&
    // The advise event is the ADVISER's: without the role (a seat kept for its advice) it is refused.
    actor.roles.includes("ADVISER") &&
    plan.handlerId !== actor.userId;
  return {
    criteria,
    advisersRequired: advisersRequiredOf(plan),
    mayAdvise,
    assignmentStatus: plan.assignments[0]?.status ?? null,
    latestOwn: history.find((h) => h.mine) ?? null,
    history,
  };
}
export type AssessmentView = Awaited<ReturnType<typeof assessmentView>>;
