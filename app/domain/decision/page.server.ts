import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { advisersRequiredOf, enoughAdvice, WAITING_FOR_ADVICE } from "../assessment/assessment.server.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { formatRateBp, minCents } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { lastDayOf } from "../regulation/setup.server.ts";
import { type EventName, type PlanFacts, whyNot } from "../workflow/definition.server.ts";
import { budgetImpact } from "./budget-impact.server.ts";
import {
  endOfWindowRefusals,
  firstInLineRefusal,
  firstWaitingPlan,
  loadFourEyesFacts,
  revocableFrom,
  whatIsLeftForWaiting,
  windowClosedRefusal,
} from "./engine.server.ts";
import { CEILING_REACHED, type DecisionGround, decisionGrounds } from "./grounds.ts";
import { interimAuditRefusal } from "./interim-audit.ts";
import { cofinancingRatesOf, REGULATION_TERMS_SELECT, termsOf } from "./terms.ts";
import { capParts, yearCaps } from "./year-cap.ts";

const cents = (v: bigint) => v.toString();

/**
 * Everything the besluit tab shows: the current advice of each adviser (scores, amounts, text),
 * the live budget impact, the grounds, and — said, not hidden — why this actor may not decide.
 * The facts for the guards are read as lockPlan reads them, without taking the lock.
 */
export async function decisionPage(actor: Actor, planId: string) {
  const visible = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { id: true },
  });
  if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      id: true,
      status: true,
      version: true,
      organisationId: true,
      handlerId: true,
      windowId: true,
      advancesRequested: true,
      periodStart: true,
      periodEnd: true,
      window: { select: { closesAt: true } },
      decision: { select: { decidedAt: true, outcome: true, terms: true } },
      advisersRequired: true,
      regulation: {
        select: { criteria: true, advisersRequired: true, fund: true, ...REGULATION_TERMS_SELECT },
      },
      years: { orderBy: { year: "asc" }, select: { year: true, requestedCents: true } },
      measures: { select: { category: true, costs: { select: { year: true, costCents: true } } } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } },
    },
  });
  const [advices, assignments, fourEyes, impact] = await Promise.all([
    prisma.advice.findMany({
      where: { planId },
      orderBy: { createdAt: "desc" },
      include: { years: { orderBy: { year: "asc" } }, scores: true },
    }),
    prisma.adviserAssignment.findMany({
      where: { planId, status: { not: "REMOVED" } },
      select: { adviserId: true, status: true },
    }),
    // The engine's four-eyes sets, read as lockPlan reads them (also advisers taken off, take-overs).
    loadFourEyesFacts(prisma, planId),
    budgetImpact(prisma, planId),
  ]);
  const names = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: [...new Set(advices.map((a) => a.adviserId))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );

  const terms = termsOf(plan);
  const facts: PlanFacts = {
    id: plan.id,
    status: plan.status,
    version: plan.version,
    organisationId: plan.organisationId,
    handlerId: plan.handlerId,
    handlerStepActorIds: fourEyes.handlerStepActorIds,
    adviserIds: advices.map((a) => a.adviserId),
    assignedAdviserIds: fourEyes.assignedAdviserIds,
    settlementProposerIds: fourEyes.settlementProposerIds,
    activeAdviserIds: assignments.filter((a) => a.status === "ACTIVE").map((a) => a.adviserId),
    windowClosesAt: plan.window?.closesAt ?? null,
    decidedAt: plan.decision?.decidedAt ?? null,
    advisersRequired: advisersRequiredOf(plan),
    // As lockPlan gives it: the grant's term once decided.
    executionStartMonths: terms.executionStartMonths,
  };

  // The latest advice of each adviser is the current one (re-scoring keeps the history).
  const seen = new Set<string>();
  const current = advices.filter((a) => (seen.has(a.adviserId) ? false : seen.add(a.adviserId)));
  // An advice on an earlier version assessed a plan that a supplement has since changed: shown, but
  // marked, and never the recommendation the form starts from (its amounts may exceed the request).
  const latestVersionId = plan.versions[0]?.id ?? null;
  const onEarlierVersion = (a: (typeof advices)[number]) => a.planVersionId !== latestVersionId;
  // Advisers who disagree (outcome or amounts) leave the choice to the decision maker: the form takes
  // over neither advice, rather than whichever was given last, and the page says so.
  const onLatest = current.filter((a) => !onEarlierVersion(a));
  const adviceKey = (a: (typeof advices)[number]) =>
    `${a.recommendation}:${a.years.map((y) => `${y.year}=${y.amountCents}`).join(",")}`;
  const advicesDiffer = new Set(onLatest.map(adviceKey)).size > 1;
  const recommended = advicesDiffer ? undefined : onLatest[0];
  const criteria = Array.isArray(plan.regulation.criteria)
    ? (plan.regulation.criteria as { code: string; label: string }[])
    : [];
  const criterionLabel = (code: string) => criteria.find((c) => c.code === code)?.label ?? code;

  const waiting = plan.status === "WAITING_FOR_BUDGET";
  const decidable = plan.status === "ADVISED" || waiting;
  const tryEvent: EventName = plan.status === "ADVISED" ? "grant" : "reject";
  const blockedReason =
    decidable && actor.roles.includes("DECISION_MAKER") ? whyNot(tryEvent, facts, actor) : null;
  let endOfWindow: {
    refusal: string | null;
    isFirst: boolean;
    firstReference: string | null;
    mayGrant: boolean;
    /** Why a grant (in full or in part) is not offered yet: "wacht op advies" (assessedBeforeWaitingGrant). */
    awaitingAdvice: string | null;
    /** Why it is not refused for the ceiling now (the window, the money), or null when it may be. */
    ceilingRefusal: string | null;
    /** Refusable on a ground of the regulation or the Awb: with its advice, at any time (ADR 0011). */
    mayRejectOnMerits: boolean;
    /** The grounds the form offers for a refusal now: the ceiling and/or the others. */
    rejectGrounds: DecisionGround[];
  } | null = null;
  if (waiting && !blockedReason) {
    const first = await firstWaitingPlan(prisma, plan.regulation.fund);
    // Each move as the decision would check it; the form is offered when any of them is open. While
    // the window is open nothing is decided on the money, only the merits (checkWaitingRejection).
    const windowOpen = windowClosedRefusal(facts);
    const { refusals, advised } = await prisma.$transaction(async (tx) => ({
      refusals: windowOpen
        ? { grant: windowOpen, partial: windowOpen, reject: windowOpen }
        : await endOfWindowRefusals(tx, planId),
      advised: await enoughAdvice(tx, facts),
    }));
    const grant = !refusals.grant && advised;
    const partial = !refusals.partial && advised;
    const awaitingAdvice = !advised && (!refusals.grant || !refusals.partial) ? WAITING_FOR_ADVICE : null;
    const ceilingRefusal = refusals.reject;
    const mayRejectOnMerits = advised;
    const anyMove = grant || partial || !ceilingRefusal || mayRejectOnMerits;
    const grounds = decisionGrounds(plan.regulation.criteria);
    endOfWindow = {
      refusal: anyMove ? null : (awaitingAdvice ?? refusals.reject),
      isFirst: first?.id === planId && partial,
      firstReference: first?.reference ?? null,
      mayGrant: grant,
      awaitingAdvice,
      ceilingRefusal,
      mayRejectOnMerits,
      rejectGrounds: grounds.filter((g) =>
        g.code === CEILING_REACHED ? !ceilingRefusal : mayRejectOnMerits,
      ),
    };
  }
  // The most each year may be granted, as checkDecisionValues refuses more: the rates of the terms
  // the decision is (or was) made on.
  const caps = yearCaps(
    cofinancingRatesOf(terms),
    plan.measures,
    plan.years.map((y) => y.year),
  );
  // What is left is offered up to the request and the year's most: a rate lowered since submission
  // caps it below the request, and checkDecisionValues refuses more.
  const capped = (year: number, cents: bigint) =>
    minCents(cents, caps[plan.years.findIndex((y) => y.year === year)]?.maxCents ?? cents);
  const requested = plan.years.map((y) => ({ year: y.year, cents: capped(y.year, y.requestedCents) }));
  const left = waiting ? await whatIsLeftForWaiting(prisma, facts, requested, impact.pots) : null;

  const revocable = plan.status === "GRANTED" || plan.status === "PARTIALLY_GRANTED";
  const revoke =
    revocable && plan.decision && actor.roles.includes("DECISION_MAKER")
      ? {
          refusal: whyNot("revoke", facts, actor),
          from: revocableFrom(plan.decision.decidedAt, terms.executionStartMonths).toISOString(),
        }
      : null;

  return {
    id: plan.id,
    status: plan.status,
    version: plan.version,
    years: plan.years.map((y, i) => {
      const cap = caps[i];
      return {
        year: y.year,
        requestedCents: cents(y.requestedCents),
        maxCents: cents(cap?.maxCents ?? 0n),
        /** What the most is made of: "50% van de kosten", or the rate classes with mixed rates. */
        maxBasis: cap?.mixed ? capParts(cap) : `${formatRateBp(terms.cofinancingRateBp)} van de kosten`,
      };
    }),
    advices: current.map((a) => ({
      id: a.id,
      adviserName: names.get(a.adviserId) ?? "",
      onEarlierVersion: onEarlierVersion(a),
      recommendation: a.recommendation,
      text: a.text,
      createdAt: a.createdAt.toISOString(),
      weightedScore: a.weightedScore,
      scores: a.scores
        .map((s) => ({
          criterion: s.criterion,
          label: criterionLabel(s.criterion),
          score: s.score,
          motivation: s.motivation,
        }))
        .sort(
          (x, y) =>
            criteria.findIndex((c) => c.code === x.criterion) -
            criteria.findIndex((c) => c.code === y.criterion),
        ),
      amounts: a.years.map((y) => ({ year: y.year, cents: cents(y.amountCents) })),
    })),
    /** The latest advice on the current version, which the decision form starts from (design.md §4). */
    // Each year at most the year's most: an advice given before the rates were lowered may ask more,
    // which checkDecisionValues would refuse.
    recommendation: recommended
      ? {
          adviceId: recommended.id,
          outcome: recommended.recommendation,
          amounts: recommended.years.map((y) => ({
            year: y.year,
            cents: cents(capped(y.year, y.amountCents)),
          })),
        }
      : null,
    /** The current advices on the latest version disagree: the form starts from none of them. */
    advicesDiffer,
    // The form's grounds for an advised plan: not the ceiling, which only a waiting plan can reach
    // (checkDecisionValues); a waiting plan's come from endOfWindow.rejectGrounds.
    grounds: decisionGrounds(plan.regulation.criteria).filter((g) => waiting || g.code !== CEILING_REACHED),
    impact: {
      pots: impact.pots.map((p) => ({
        potId: p.potId,
        name: p.name,
        year: p.year,
        ceilingCents: cents(p.ceilingCents),
        reservedCents: cents(p.reservedCents),
        committedCents: cents(p.committedCents),
        planReservedCents: cents(p.planReservedCents),
      })),
      earlier: impact.earlier.map((e) => ({
        ...e,
        completeReceivedAt: e.completeReceivedAt.toISOString(),
        requestedCents: cents(e.requestedCents),
      })),
      earlierCount: impact.earlierCount,
    },
    canDecide:
      decidable && actor.roles.includes("DECISION_MAKER") && blockedReason === null && !endOfWindow?.refusal,
    blockedReason,
    /** Why it is not granted yet: an earlier waiting plan goes first (firstInLineRefusal); rejecting stays open. */
    firstInLine:
      plan.status === "ADVISED" && actor.roles.includes("DECISION_MAKER") && blockedReason === null
        ? await prisma.$transaction((tx) => firstInLineRefusal(tx, planId))
        : null,
    waiting: waiting
      ? {
          windowLastDay: plan.window ? lastDayOf(plan.window.closesAt) : null,
          windowClosed: !!plan.window && now() >= plan.window.closesAt,
          ...endOfWindow,
          left: left?.map((l) => ({ year: l.year, cents: cents(l.cents) })) ?? [],
        }
      : null,
    revoke,
    /**
     * The controleverklaring with the interim report (art. 5.4 lid 4): offered on a grant when the
     * grant pays advances and the plan has an interim report; otherwise why not, said next to the
     * (disabled) box.
     */
    interimAudit: { refusal: interimAuditRefusal(plan, terms) },
  };
}
export type DecisionPage = Awaited<ReturnType<typeof decisionPage>>;
