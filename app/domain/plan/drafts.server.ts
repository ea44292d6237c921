import { createHash } from "node:crypto";
import { prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { centsToInputString } from "../money.ts";
import { findOpenWindow, findRegulationsOpenNow, planFormRules } from "../regulation/regulation.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { applyEvent, assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import { planWhereForActor } from "./access.server.ts";
import { type PlanFormInput, type PlanFormOutput, planFormSchema } from "./plan-form.ts";

/** Kenmerk of a plan: "SP-2026-000042". */
export function formatReference(year: number, number: number): string {
  return `SP-${year}-${String(number).padStart(6, "0")}`;
}

/** Starts a draft for the actor's organisation, under `regulationId` or else the regulation open now. */
export async function createDraftPlan(
  actor: Actor,
  options: { regulationId?: string } = {},
): Promise<{ id: string }> {
  const organisationId = actor.roles.includes("APPLICANT") ? actor.organisationIds[0] : undefined;
  if (!organisationId)
    throw new ForbiddenError("Alleen een aanvrager van een organisatie kan een plan beginnen.");
  const open = await findRegulationsOpenNow(prisma);
  const regulationId = options.regulationId ?? open[0];
  if (regulationId && !open.includes(regulationId)) {
    throw new RuleViolation("Voor deze regeling is op dit moment geen aanvraagtijdvak open.");
  }
  if (!regulationId) {
    throw new RuleViolation("Er is op dit moment geen aanvraagtijdvak open; u kunt nog geen plan beginnen.");
  }
  return prisma.$transaction(async (tx) => {
    // The kenmerk needs the number before the row exists, so take it from the sequence first.
    const [{ nextval }] = (await tx.$queryRaw<
      { nextval: bigint }[]
    >`SELECT nextval('"Plan_number_seq"')`) as [{ nextval: bigint }];
    const number = Number(nextval);
    const year = Number(amsterdamDate(now()).slice(0, 4));
    const plan = await tx.plan.create({
      data: {
        number,
        reference: formatReference(year, number),
        organisationId,
        regulationId,
        title: "Nieuw sectorplan",
        createdById: actor.userId,
        createdAt: now(),
      },
      select: { id: true },
    });
    await tx.workflowEvent.create({
      data: {
        planId: plan.id,
        event: "create",
        fromStatus: null,
        toStatus: "DRAFT",
        actorId: actor.userId,
        actorRole: "APPLICANT",
        planVersion: 1,
        createdAt: now(),
      },
    });
    return plan;
  });
}

/** Locks a draft the actor may edit: its own organisation's, still DRAFT, at the expected version. */
async function lockEditableDraft(tx: Tx, actor: Actor, planId: string, expectedVersion: number) {
  const visible = await tx.plan.findFirst({ where: planWhereForActor(actor, planId), select: { id: true } });
  if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const plan = await lockPlan(tx, planId);
  if (!actor.roles.includes("APPLICANT") || !actor.organisationIds.includes(plan.organisationId)) {
    throw new ForbiddenError("Alleen de aanvragende organisatie kan dit plan wijzigen.");
  }
  assertVersion(plan, expectedVersion);
  if (plan.status !== "DRAFT") {
    throw new RuleViolation("Dit plan is ingediend en kan niet meer worden gewijzigd.");
  }
  return plan;
}

export async function savePlanDraft(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  values: PlanFormOutput,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const plan = await lockEditableDraft(tx, actor, planId, expectedVersion);
    const version = plan.version + 1;
    await tx.measure.deleteMany({ where: { planId } });
    await tx.planYear.deleteMany({ where: { planId } });
    await tx.plan.update({
      where: { id: planId },
      data: {
        version,
        title: values.title,
        summary: values.summary,
        sectorCodes: [values.sectorCode],
        periodStart: new Date(`${values.periodStart}T00:00:00Z`),
        periodEnd: new Date(`${values.periodEnd}T00:00:00Z`),
        advancesRequested: values.advancesRequested,
        years: { create: values.requested.map((r) => ({ year: r.year, requestedCents: r.amount })) },
      },
    });
    for (const [position, m] of values.measures.entries()) {
      await tx.measure.create({
        data: {
          planId,
          position,
          theme: m.theme,
          title: m.title,
          participants: m.participants,
          costs: { create: m.costs.map((c) => ({ year: c.year, costCents: c.amount })) },
        },
      });
    }
    return { version };
  });
}

const planWithContent = {
  years: { orderBy: { year: "asc" } },
  measures: { orderBy: { position: "asc" }, include: { costs: { orderBy: { year: "asc" } } } },
} as const;

type PlanWithContent = NonNullable<
  Awaited<
    ReturnType<typeof prisma.plan.findUnique<{ where: { id: string }; include: typeof planWithContent }>>
  >
>;

export async function loadPlanWithContent(db: Tx | typeof prisma, planId: string): Promise<PlanWithContent> {
  const plan = await db.plan.findUnique({ where: { id: planId }, include: planWithContent });
  if (!plan) throw new NotFoundError();
  return plan;
}

function isoDate(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : "";
}

/** The stored plan as the form's input values (amounts as Dutch money strings). */
export function formValuesOf(plan: PlanWithContent): PlanFormInput {
  return {
    title: plan.title,
    summary: plan.summary,
    sectorCode: plan.sectorCodes[0] ?? "",
    periodStart: isoDate(plan.periodStart),
    periodEnd: isoDate(plan.periodEnd),
    advancesRequested: plan.advancesRequested,
    measures:
      plan.measures.length > 0
        ? plan.measures.map((m) => ({
            theme: m.theme,
            title: m.title,
            participants: String(m.participants),
            costs: m.costs.map((c) => ({ year: c.year, amount: centsToInputString(c.costCents) })),
          }))
        : [{ theme: "", title: "", participants: "", costs: [] }],
    requested: plan.years.map((y) => ({ year: y.year, amount: centsToInputString(y.requestedCents) })),
  };
}

/** The immutable snapshot frozen at submission (PlanVersion). Money as decimal cent strings. */
export function snapshotOf(plan: PlanWithContent) {
  return {
    reference: plan.reference,
    title: plan.title,
    summary: plan.summary,
    sectorCodes: plan.sectorCodes,
    regionCodes: plan.regionCodes,
    periodStart: isoDate(plan.periodStart),
    periodEnd: isoDate(plan.periodEnd),
    advancesRequested: plan.advancesRequested,
    measures: plan.measures.map((m) => ({
      theme: m.theme,
      title: m.title,
      description: m.description,
      participants: m.participants,
      costs: m.costs.map((c) => ({ year: c.year, cents: c.costCents.toString() })),
    })),
    requested: plan.years.map((y) => ({ year: y.year, cents: y.requestedCents.toString() })),
  };
}

export async function submitPlan(
  actor: Actor,
  planId: string,
  expectedVersion: number,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    await lockEditableDraft(tx, actor, planId, expectedVersion);
    const plan = await loadPlanWithContent(tx, planId);

    // Drafts may be saved half-done later (applicant issue); submission always re-checks everything.
    const rules = await planFormRules(tx, plan.regulationId);
    const check = planFormSchema(rules).safeParse(formValuesOf(plan));
    if (!check.success) {
      const first = check.error.issues[0];
      throw new RuleViolation(
        `Het plan is nog niet compleet: ${first?.message ?? "vul alle velden in."}`,
        first?.path.join("."),
      );
    }
    const at = now();
    const window = await findOpenWindow(tx, plan.regulationId, at);
    if (!window) {
      throw new RuleViolation(
        "Het aanvraagtijdvak is gesloten; indienen is niet meer mogelijk.",
        undefined,
        "WINDOW_CLOSED",
      );
    }

    const snapshot = snapshotOf(plan);
    const sha256 = createHash("sha256").update(JSON.stringify(snapshot)).digest("hex");
    const versions = await tx.planVersion.count({ where: { planId } });
    const planVersion = await tx.planVersion.create({
      data: { planId, number: versions + 1, snapshot, sha256, submittedById: actor.userId, submittedAt: at },
      select: { id: true },
    });
    await tx.plan.update({ where: { id: planId }, data: { windowId: window.id, submittedAt: at } });
    return applyEvent(tx, {
      planId,
      event: "submit",
      actor,
      expectedVersion,
      input: { planVersionId: planVersion.id },
    });
  });
}
