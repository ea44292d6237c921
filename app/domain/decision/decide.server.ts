import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { latestPlanVersionId } from "../assessment/assessment.server.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro, formatRateBp, minCents } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import type { DecisionFormOutput } from "../plan/plan-form.ts";
import { applyEvent, assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import { type EventName, type PlanFacts, WORKFLOW, whyNot } from "../workflow/definition.server.ts";
import { CEILING_REACHED, decisionGrounds, findGround, reasonWithGround } from "./grounds.ts";
import { interimAuditRefusal } from "./interim-audit.ts";
import { lockedRegulationTermsForPlan } from "./terms.server.ts";
import { cofinancingRatesOf, type GrantTerms, grantTermsJson } from "./terms.ts";
import { capParts, yearCaps } from "./year-cap.ts";

/**
 * Taking the beschikking (design.md §4 "Decision"): grant in full, grant in part, reject — and,
 * at the end of a window, the waiting plans (partial grant of what is left to the first, refusal
 * "subsidieplafond bereikt" for the others; a refusal on the merits, once advised, at any time). The
 * engine refuses a decision by the handler or an adviser (four-eyes), and a grant or a refusal for
 * the ceiling of a waiting plan whose window is still open; this module checks the form's values
 * against the plan and the regulation and writes the Decision.
 */

async function assertVisible(tx: Tx, actor: Actor, planId: string) {
  const plan = await tx.plan.findFirst({ where: planWhereForActor(actor, planId), select: { id: true } });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
}

/** As applyEvent refuses: the wrong state is a conflict (409), anything else forbidden (403). */
function refuse(event: EventName, facts: PlanFacts, actor: Actor): void {
  const reason = whyNot(event, facts, actor);
  if (!reason) return;
  if (!WORKFLOW[event].from.includes(facts.status)) throw new ConflictError(reason, "WRONG_STATE");
  throw new ForbiddenError(reason);
}

export type Checked = {
  event: EventName;
  grantedPerYear: { year: number; cents: bigint }[];
  reason: string;
  /** The ground of the refusal, whole or in part (Decision.groundCode); null for a grant in full. */
  groundCode: string | null;
  /** The grant requires a controleverklaring with the interim report (interim-audit.ts); never a refusal. */
  interimAuditRequired: boolean;
  /** A waiting plan's grant in part for the ceiling: the most each year may get (EventInput.ceilingRoom). */
  ceilingRoom?: { year: number; cents: bigint }[];
};

export const CEILING_NOT_REACHED_FOR_PLAN =
  "Voor dit plan is budget gereserveerd binnen het subsidieplafond: het plafond is voor dit plan niet bereikt. Kies een andere grond.";

/**
 * The values against the plan's request, the regulation's grounds and `terms` — the terms the
 * decision is made on and records (lockedRegulationTermsForPlan) — and the event they lead to.
 */
export async function checkDecisionValues(
  db: PrismaClient | Tx,
  planId: string,
  status: PlanFacts["status"],
  values: DecisionFormOutput,
  terms: GrantTerms,
): Promise<Checked> {
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      advancesRequested: true,
      periodStart: true,
      periodEnd: true,
      years: { orderBy: { year: "asc" }, select: { year: true, requestedCents: true } },
      measures: { select: { category: true, costs: { select: { year: true, costCents: true } } } },
      regulation: { select: { criteria: true } },
    },
  });
  const grounds = decisionGrounds(plan.regulation.criteria);
  const waiting = status === "WAITING_FOR_BUDGET";
  const ground = findGround(grounds, values.ground || undefined);
  if (values.ground && !ground) throw new RuleViolation("Kies een grond uit de lijst.", "ground");
  // As the form's schema: a decision is motivated (Awb 3:46), also when a caller skips the schema.
  if (values.reason.trim() === "")
    throw new RuleViolation("Schrijf de motivering van het besluit.", "reason");
  // Only a waiting plan can be refused for the ceiling (Awb 4:25 lid 2: insofar as it is exceeded).
  // An advised plan holds its whole request as a reservation inside the ceiling: for it the ceiling
  // is not reached, and refusing it on that ground would hand its money to the next plan in line.
  if (!waiting && ground?.code === CEILING_REACHED)
    throw new RuleViolation(CEILING_NOT_REACHED_FOR_PLAN, "ground");

  if (values.outcome === "REJECT") {
    if (!ground) throw new RuleViolation("Kies de grond van de afwijzing.", "ground");
    // Also a waiting plan, on any ground: the reject event checks which may be used now, the ceiling
    // by the end-of-window rule, the merits by the advice (engine.server.ts checkWaitingRejection).
    // A refusal imposes no obligation: the box (hidden with the amounts) is not read.
    return {
      event: "reject",
      grantedPerYear: [],
      reason: reasonWithGround(ground, values.reason),
      groundCode: ground.code,
      interimAuditRequired: false,
    };
  }
  // Art. 5.4 lid 4: only a grant that pays advances may require the controleverklaring, and only
  // of a plan that has an interim report (lid 1).
  const interimAuditRequired = values.interimAuditRequired === true;
  if (interimAuditRequired) {
    const refusal = interimAuditRefusal(plan, terms);
    if (refusal) throw new RuleViolation(refusal, "interimAuditRequired");
  }

  const years = plan.years;
  const amounts = values.amounts;
  const sameYears = years.length === amounts.length && years.every((y, i) => amounts[i]?.year === y.year);
  if (!sameYears) throw new RuleViolation("Vul een bedrag in voor elk jaar van het plan.", "amounts");
  years.forEach((y, i) => {
    if ((amounts[i]?.amount ?? 0n) > y.requestedCents) {
      throw new RuleViolation(
        `Het bedrag voor ${y.year} is hoger dan de gevraagde ${formatEuro(y.requestedCents)}.`,
        `amounts.${i}.amount`,
      );
    }
  });
  // The decision records these rates (ADR 0023 and 0024): no year's grant may exceed Σ of that
  // year's eligible costs × each measure's rate, rounded down once per year (plan/cofinancing.ts
  // maxPerYear, design.md §5).
  const rate = terms.cofinancingRateBp;
  const caps = yearCaps(
    cofinancingRatesOf(terms),
    plan.measures,
    years.map((y) => y.year),
  );
  years.forEach((y, i) => {
    const cap = caps[i];
    if (!cap || (amounts[i]?.amount ?? 0n) <= cap.maxCents) return;
    throw new RuleViolation(
      cap.mixed
        ? `Het bedrag voor ${y.year} is hoger dan de cofinancieringspercentages toestaan: ${capParts(cap)} aan subsidiabele kosten in dat jaar, hoogstens ${formatEuro(cap.maxCents)}. Verlaag het bedrag.`
        : `Het bedrag voor ${y.year} is hoger dan ${formatRateBp(rate)} van de subsidiabele kosten in dat jaar (hoogstens ${formatEuro(cap.maxCents)}). Verlaag het bedrag.`,
      `amounts.${i}.amount`,
    );
  });
  const grantedPerYear = amounts.map((a) => ({ year: a.year, cents: a.amount }));
  if (grantedPerYear.every((g) => g.cents === 0n))
    throw new RuleViolation("Een verlening van € 0,00 is een afwijzing: kies afwijzen.", "outcome");
  const full = years.every((y, i) => grantedPerYear[i]?.cents === y.requestedCents);
  if (full && values.outcome === "PARTIAL_GRANT") {
    throw new RuleViolation(
      "Bij gedeeltelijk verlenen is ten minste één jaarbedrag lager dan gevraagd. Verlaag een bedrag of kies verlenen.",
      "amounts",
    );
  }
  if (waiting) {
    // A full grant only when the whole request fits what is left, and the plan is first in its
    // fund's line: the engine checks that under the locks (reserveWhatIsLeft).
    if (full)
      return {
        event: "grant",
        grantedPerYear,
        reason: values.reason.trim(),
        groundCode: null,
        interimAuditRequired,
      };
    // Refused insofar as the ceiling is exceeded (Awb 4:25): that is the ground, whatever was chosen,
    // so the grant must be all that is left; the engine checks it under the pots' locks
    // (reserveWhatIsLeft) against each year's most: the request, capped by the rates.
    const ceiling = findGround(grounds, CEILING_REACHED);
    return {
      event: "grant_partially",
      grantedPerYear,
      reason: reasonWithGround(ceiling, values.reason),
      groundCode: CEILING_REACHED,
      interimAuditRequired,
      ceilingRoom: years.map((y, i) => ({
        year: y.year,
        cents: minCents(y.requestedCents, caps[i]?.maxCents ?? y.requestedCents),
      })),
    };
  }
  if (full)
    return {
      event: "grant",
      grantedPerYear,
      reason: values.reason.trim(),
      groundCode: null,
      interimAuditRequired,
    };
  // A grant in part refuses the rest: on a ground, as a rejection (Awb 3:46/3:47, design.md §4).
  if (!ground)
    throw new RuleViolation(
      "Kies de grond waarop u de aanvraag voor het overige afwijst: bij gedeeltelijk verlenen is die verplicht.",
      "ground",
    );
  return {
    event: "grant_partially",
    grantedPerYear,
    reason: reasonWithGround(ground, values.reason),
    groundCode: ground.code,
    interimAuditRequired,
  };
}

export const OUTCOME = {
  grant: "GRANTED",
  grant_partially: "PARTIALLY_GRANTED",
  reject: "REJECTED",
} as const;

/**
 * Takes the decision in one transaction: the regulation's row shared (its terms read once), then
 * the plan's row lock (a second decision maker waits and then gets "the plan changed", 409), the
 * engine's refusal before any check of the values (so four-eyes is said first), then the Decision
 * row and the event (budget, letter, reminders).
 */
export async function decide(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  values: DecisionFormOutput,
): Promise<{ version: number; status: PlanFacts["status"] }> {
  return prisma.$transaction(async (tx) => {
    const { version, status } = await decideIn(tx, actor, planId, expectedVersion, values);
    return { version, status };
  });
}

/** Thrown to roll back the trial decision of wouldDecide; carries what it decided. */
class TrialRollback extends Error {
  constructor(readonly checked: Checked) {
    super("trial decision rolled back");
  }
}

/**
 * The decision as `decide` would take it now, for the letter's preview: the same path — the
 * engine's guards (four-eyes, the window), the values, and the event's effects with their refusals
 * (a waiting plan's refusal on the merits without advice, the end-of-window rule, the pots) — in a
 * transaction that is always rolled back, so nothing of it is stored. Throws what `decide` would
 * throw, with the same message; otherwise returns the checked values the letter is made from.
 * On the plan's version as it stands: a preview asks no optimistic lock.
 */
export async function wouldDecide(
  actor: Actor,
  planId: string,
  values: DecisionFormOutput,
): Promise<Checked> {
  try {
    await prisma.$transaction(async (tx) => {
      const { checked } = await decideIn(tx, actor, planId, null, values);
      throw new TrialRollback(checked);
    });
  } catch (e) {
    if (e instanceof TrialRollback) return e.checked;
    throw e;
  }
  throw new Error("trial decision was not rolled back");
}

/** decide's work inside the caller's transaction; `expectedVersion` null: the plan's current one. */
async function decideIn(
  tx: Tx,
  actor: Actor,
  planId: string,
  expectedVersion: number | null,
  values: DecisionFormOutput,
): Promise<{ version: number; status: PlanFacts["status"]; checked: Checked }> {
  await assertVisible(tx, actor, planId);
  // The grant is made on the regulation as it stands now, and keeps these terms whatever the
  // regulation says later (decision/terms.ts). Read once, under the regulation's row lock taken
  // before the plan's (lockedRegulationTermsForPlan): the amounts are checked against the very
  // terms the Decision records, and no parameter change lands in between.
  const terms = await lockedRegulationTermsForPlan(tx, planId);
  const facts = await lockPlan(tx, planId);
  if (expectedVersion !== null) assertVersion(facts, expectedVersion);
  refuse(values.outcome === "REJECT" ? "reject" : "grant_partially", facts, actor);
  const checked = await checkDecisionValues(tx, planId, facts.status, values, terms);
  // lockPlan read the plan's Decision row, if any (decidedAt is never null on it).
  if (facts.decidedAt) throw new ConflictError("Over dit plan is al beslist.", "WRONG_STATE");
  const decidedAt = now();
  // The version decided on: the plan's latest, which no supplement can replace under this lock.
  const decidedVersionId = await latestPlanVersionId(tx, planId);
  const decision = await tx.decision.create({
    data: {
      planId,
      planVersionId: decidedVersionId,
      outcome: OUTCOME[checked.event as keyof typeof OUTCOME],
      reason: checked.reason,
      groundCode: checked.groundCode,
      interimAuditRequired: checked.interimAuditRequired,
      decidedById: actor.userId,
      decidedAt,
      terms: grantTermsJson(terms),
      years: { create: checked.grantedPerYear.map((g) => ({ year: g.year, grantedCents: g.cents })) },
    },
    select: { id: true },
  });
  const done = await applyEvent(tx, {
    planId,
    event: checked.event,
    actor,
    expectedVersion: facts.version,
    // Still under the lock taken above; the Decision row is the one change since.
    locked: { ...facts, decidedAt, executionStartMonths: terms.executionStartMonths },
    input: {
      reason: checked.reason,
      decisionId: decision.id,
      groundCode: checked.groundCode,
      grantedPerYear: checked.event === "reject" ? undefined : checked.grantedPerYear,
      ceilingRoom: checked.ceilingRoom,
    },
  });
  return { ...done, checked };
}

/**
 * Intrekking (regulation art. 5.2): a grant whose execution did not start in time. The reason is
 * required. The revoke event settles the grant at nil (budget/revocation-effects.server.ts): the
 * commitment is released, planned payments are cancelled and advances already paid are claimed back.
 */
export async function revokeGrant(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  reason: string,
): Promise<{ version: number; status: PlanFacts["status"] }> {
  const text = reason.trim();
  if (!text) throw new RuleViolation("Schrijf waarom de verlening wordt ingetrokken.", "reason");
  return prisma.$transaction(async (tx) => {
    await assertVisible(tx, actor, planId);
    return applyEvent(tx, { planId, event: "revoke", actor, expectedVersion, input: { reason: text } });
  });
}
