import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanForm } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import {
  BudgetShortfallError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolation,
} from "../errors.ts";
import { planFormRules } from "../regulation/regulation.server.ts";
import { planFormSchema } from "./plan-form.ts";
import {
  canAccessDocument,
  createDraftPlan,
  decidePlan,
  getPlanView,
  markComplete,
  recordAdvice,
  savePlanDraft,
  submitPlan,
} from "./plans.server.ts";

const amounts = (s: Scenario, euros: bigint) => [
  { year: s.year + 1, amount: euros * 100n },
  { year: s.year + 2, amount: euros * 100n },
];

describe("the thin path through the workflow", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  it("takes a plan from draft to a granted decision with its ledger, events and outbox message", async () => {
    const { id, version } = await submittedPlan(s);
    const v1 = await prisma.planVersion.findMany({ where: { planId: id } });
    expect(v1).toHaveLength(1);
    expect(v1[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const completed = await markComplete(s.handler, id, version);
    expect(completed.status).toBe("IN_ASSESSMENT");
    const reservations = await prisma.ledgerEntry.findMany({ where: { planId: id, kind: "RESERVATION" } });
    // Window pot (the whole 600k) plus two year pots (300k each).
    expect(reservations.map((r) => r.amountCents).sort()).toEqual(
      [30_000_000n, 30_000_000n, 60_000_000n].sort(),
    );

    const advised = await recordAdvice(s.adviser, id, completed.version, {
      recommendation: "GRANT",
      text: "Goed onderbouwd.",
      amounts: amounts(s, 300_000n),
    });
    const decided = await decidePlan(s.decisionMaker, id, advised.version, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: amounts(s, 300_000n),
    });
    expect(decided.status).toBe("GRANTED");

    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(pot.reservedCents).toBe(0n);
    expect(pot.committedCents).toBe(60_000_000n);

    const events = await prisma.workflowEvent.findMany({ where: { planId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.event)).toEqual(["create", "submit", "complete", "advise", "grant"]);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    const outbox = await prisma.outboxMessage.findMany({
      where: { jobName: "render-letter", payload: { path: ["planId"], equals: id } },
      orderBy: { createdAt: "asc" },
    });
    const frozen = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    expect(outbox.map((m) => m.payload)).toEqual([
      { kind: "ACKNOWLEDGEMENT", planId: id, planVersionId: frozen.id },
      { kind: "GRANT_DECISION", planId: id, decisionId: decision.id },
    ]);
    // The decision term's reminders were scheduled at "complete" and cancelled by the decision.
    const reminders = await prisma.reminder.findMany({ where: { planId: id } });
    expect(reminders).toHaveLength(2);
    expect(reminders.every((r) => r.cancelledAt !== null && r.sentAt === null)).toBe(true);
  });

  it("grants in part when the amount is lower, and releases the difference", async () => {
    const { id, version } = await submittedPlan(s);
    const c = await markComplete(s.handler, id, version);
    const a = await recordAdvice(s.adviser, id, c.version, {
      recommendation: "PARTIAL_GRANT",
      text: "Kosten deels onderbouwd.",
      amounts: amounts(s, 200_000n),
    });
    const d = await decidePlan(s.decisionMaker, id, a.version, {
      outcome: "GRANT",
      reason: "Deels onderbouwd.",
      amounts: amounts(s, 200_000n),
    });
    expect(d.status).toBe("PARTIALLY_GRANTED");
    const released = await prisma.ledgerEntry.findMany({ where: { planId: id, kind: "RELEASE" } });
    expect(released.reduce((sum, e) => sum + e.amountCents, 0n)).toBe(
      20_000_000n + 10_000_000n + 10_000_000n,
    );
  });

  it("refuses a decision by the plan's own handler (four-eyes), in the engine", async () => {
    const both = await s.newUser("CASE_HANDLER");
    both.roles.push("DECISION_MAKER");
    const { id, version } = await submittedPlan(s);
    const c = await markComplete(both, id, version);
    const a = await recordAdvice(s.adviser, id, c.version, {
      recommendation: "REJECT",
      text: "Nee.",
      amounts: amounts(s, 0n),
    });
    await expect(
      decidePlan(both, id, a.version, { outcome: "REJECT", reason: "Nee.", amounts: [] }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("ADVISED");
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(0);
  });

  it("rejects a save over a newer version (optimistic lock)", async () => {
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const values = planFormSchema(await planFormRules(prisma, s.regulation.id)).parse(validPlanForm(s.year));
    await savePlanDraft(s.applicantA, id, 1, values);
    await expect(savePlanDraft(s.applicantA, id, 1, values)).rejects.toBeInstanceOf(ConflictError);
  });

  it("refuses submission after the window has closed", async () => {
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const values = planFormSchema(await planFormRules(prisma, s.regulation.id)).parse(validPlanForm(s.year));
    const { version } = await savePlanDraft(s.applicantA, id, 1, values);
    setClock(new Date(s.window.closesAt.getTime() + 1000));
    await expect(submitPlan(s.applicantA, id, version)).rejects.toMatchObject({ code: "WINDOW_CLOSED" });
  });
});

describe("organisation isolation", () => {
  it("answers 'not found' to an applicant of another organisation, for the page, the letter and every action", async () => {
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    const doc = await prisma.document.create({
      data: {
        planId: id,
        kind: "PLAN_VERSION",
        idempotencyKey: `isolation-${id}`,
        title: "Versie 1",
        filename: "versie-1.pdf",
        mimeType: "application/pdf",
        sha256: "0".repeat(64),
        byteSize: 0,
        storageKey: `isolation-${id}`,
      },
    });
    await expect(getPlanView(s.applicantB, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await canAccessDocument(s.applicantB, doc.id)).toBeNull();
    expect(await canAccessDocument(s.applicantA, doc.id)).not.toBeNull();
    await expect(submitPlan(s.applicantB, id, version)).rejects.toBeInstanceOf(NotFoundError);
    const values = planFormSchema(await planFormRules(prisma, s.regulation.id)).parse(validPlanForm(s.year));
    await expect(savePlanDraft(s.applicantB, id, version, values)).rejects.toBeInstanceOf(NotFoundError);
    // An applicant holding no staff role cannot fire staff events either, even on its own plan.
    await expect(markComplete(s.applicantA, id, version)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("hides drafts from staff", async () => {
    const s = await createScenario();
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    await expect(getPlanView(s.handler, id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("completeness against the budget", () => {
  it("refuses 'complete' when a pot cannot hold the plan, naming the pot and what is left", async () => {
    const s = await createScenario({ windowCeiling: 50_000_000n });
    const { id, version } = await submittedPlan(s);
    const err = await markComplete(s.handler, id, version).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetShortfallError);
    expect((err as Error).message).toContain("Subsidieplafond testtijdvak");
    expect((err as Error).message).toMatch(/500\.000,00/);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    expect(await prisma.ledgerEntry.count({ where: { planId: id } })).toBe(0);
  });

  it("refuses a grant above what was requested", async () => {
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    const c = await markComplete(s.handler, id, version);
    await expect(
      recordAdvice(s.adviser, id, c.version, {
        recommendation: "GRANT",
        text: "Ja.",
        amounts: amounts(s, 400_000n),
      }),
    ).rejects.toBeInstanceOf(RuleViolation);
  });
});
