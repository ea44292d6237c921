import { prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { applyEvent, assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import type { EventName } from "../workflow/definition.server.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";
import { planWhereForActor } from "./access.server.ts";
import type { AdviceFormOutput, DecisionFormOutput } from "./plan-form.ts";

export type QueueName = "completeness" | "assessment" | "decision";

const QUEUES: Record<
  QueueName,
  { role: Role; status: PlanStatus; orderBy: "submittedAt" | "completeReceivedAt" }
> = {
  completeness: { role: "CASE_HANDLER", status: "SUBMITTED", orderBy: "submittedAt" },
  assessment: { role: "ADVISER", status: "IN_ASSESSMENT", orderBy: "completeReceivedAt" },
  decision: { role: "DECISION_MAKER", status: "ADVISED", orderBy: "completeReceivedAt" },
};

/** A staff queue in order of receipt (design.md §2: allocation follows the moment of receipt). */
export async function listQueue(actor: Actor, queue: QueueName) {
  const q = QUEUES[queue];
  if (!actor.roles.includes(q.role)) throw new ForbiddenError();
  const plans = await prisma.plan.findMany({
    where: { status: q.status },
    orderBy: [{ [q.orderBy]: "asc" }, { number: "asc" }],
    take: 200,
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      submittedAt: true,
      completeReceivedAt: true,
      organisation: { select: { name: true } },
    },
  });
  return plans.map((p) => ({
    id: p.id,
    reference: p.reference,
    title: p.title,
    organisationName: p.organisation.name,
    submittedAt: p.submittedAt,
    completeReceivedAt: p.completeReceivedAt,
    status: p.status,
    statusLabel: STATUS_LABEL[p.status],
  }));
}

async function assertVisible(tx: Tx, actor: Actor, planId: string) {
  const plan = await tx.plan.findFirst({ where: planWhereForActor(actor, planId), select: { id: true } });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
}

export async function markComplete(actor: Actor, planId: string, expectedVersion: number) {
  return prisma.$transaction(async (tx) => {
    await assertVisible(tx, actor, planId);
    return applyEvent(tx, { planId, event: "complete", actor, expectedVersion });
  });
}

/** Checks per-year amounts against the plan's requested amounts: same years, never more than requested. */
async function checkAgainstRequested(
  tx: Tx,
  planId: string,
  amounts: { year: number; amount: bigint }[],
  field: string,
) {
  const years = await tx.planYear.findMany({ where: { planId }, orderBy: { year: "asc" } });
  const sameYears = years.length === amounts.length && years.every((y, i) => amounts[i]?.year === y.year);
  if (!sameYears) throw new RuleViolation("Vul een bedrag in voor elk jaar van het plan.", field);
  years.forEach((y, i) => {
    const amount = amounts[i]?.amount ?? 0n;
    if (amount > y.requestedCents) {
      throw new RuleViolation(
        `Het bedrag voor ${y.year} is hoger dan de gevraagde ${formatEuro(y.requestedCents)}.`,
        `${field}.${i}.amount`,
      );
    }
  });
  return years;
}

export async function recordAdvice(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  values: AdviceFormOutput,
) {
  return prisma.$transaction(async (tx) => {
    await assertVisible(tx, actor, planId);
    await checkAgainstRequested(tx, planId, values.amounts, "amounts");
    await tx.advice.create({
      data: {
        planId,
        adviserId: actor.userId,
        recommendation: values.recommendation,
        text: values.text,
        createdAt: now(),
        years: { create: values.amounts.map((a) => ({ year: a.year, amountCents: a.amount })) },
      },
    });
    return applyEvent(tx, {
      planId,
      event: "advise",
      actor,
      expectedVersion,
      input: { reason: values.text },
    });
  });
}

/**
 * Grant (in full or in part) or reject. The amount per year never exceeds what was requested,
 * nor what was reserved (the budget module refuses that); a lower amount is a partial grant.
 */
export async function decidePlan(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  values: DecisionFormOutput,
) {
  return prisma.$transaction(async (tx) => {
    await assertVisible(tx, actor, planId);
    // Lock first: a second decision maker waits here, then gets "the plan changed" (409).
    assertVersion(await lockPlan(tx, planId), expectedVersion);
    let event: EventName = "reject";
    let grantedPerYear: { year: number; cents: bigint }[] = [];
    if (values.outcome === "GRANT") {
      const years = await checkAgainstRequested(tx, planId, values.amounts, "amounts");
      grantedPerYear = values.amounts.map((a) => ({ year: a.year, cents: a.amount }));
      const total = grantedPerYear.reduce((s, g) => s + g.cents, 0n);
      if (total === 0n)
        throw new RuleViolation("Een verlening van € 0,00 is een afwijzing: kies afwijzen.", "outcome");
      const full = years.every((y, i) => grantedPerYear[i]?.cents === y.requestedCents);
      event = full ? "grant" : "grant_partially";
    }
    const outcome =
      event === "grant" ? "GRANTED" : event === "grant_partially" ? "PARTIALLY_GRANTED" : "REJECTED";
    const existing = await tx.decision.findUnique({ where: { planId }, select: { id: true } });
    if (existing) throw new RuleViolation("Over dit plan is al beslist.");
    const decision = await tx.decision.create({
      data: {
        planId,
        outcome,
        reason: values.reason,
        decidedById: actor.userId,
        decidedAt: now(),
        years: { create: grantedPerYear.map((g) => ({ year: g.year, grantedCents: g.cents })) },
      },
      select: { id: true },
    });
    return applyEvent(tx, {
      planId,
      event,
      actor,
      expectedVersion,
      input: {
        reason: values.reason,
        decisionId: decision.id,
        grantedPerYear: event === "reject" ? undefined : grantedPerYear,
      },
    });
  });
}
