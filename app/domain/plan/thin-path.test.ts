import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  declareComplete,
  draftPlan,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { parseSnapshot } from "../documents/snapshot.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { NOT_A_SIGNATORY } from "../workflow/definition.server.ts";
import {
  canAccessDocument,
  createDraftPlan,
  decidePlan,
  getPlanView,
  markComplete,
  recordAdvice,
  saveStep,
  submitPlan,
} from "./plans.server.ts";
import { DRAFT_TEXT_CAP } from "./steps/common.ts";
import { readDraft } from "./steps/wizard.ts";

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

    const completed = await declareComplete(s.handler, id, version);
    expect(completed.status).toBe("IN_ASSESSMENT");
    const reservations = await prisma.ledgerEntry.findMany({ where: { planId: id, kind: "RESERVATION" } });
    // Window pot (the whole 600k) plus two year pots (300k each).
    expect(reservations.map((r) => r.amountCents).sort()).toEqual(
      [30_000_000n, 30_000_000n, 60_000_000n].sort(),
    );

    await activeAdviser(s, id);
    const advised = await recordAdvice(s.adviser, id, completed.version, {
      scores: scenarioScores(),
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
    // The decision term's reminders were scheduled at "complete" and cancelled by the decision; the
    // grant schedules the check that execution starts in time (regulation art. 5.2).
    const reminders = await prisma.reminder.findMany({ where: { planId: id }, orderBy: { kind: "asc" } });
    const term = reminders.filter((r) => r.kind.startsWith("DECISION_TERM"));
    expect(term).toHaveLength(2);
    expect(term.every((r) => r.cancelledAt !== null && r.sentAt === null)).toBe(true);
    expect(
      reminders.filter((r) => r.kind === "EXECUTION_NOT_STARTED" && r.cancelledAt === null),
    ).toHaveLength(1);
  });

  it("grants in part when the amount is lower, and releases the difference", async () => {
    const { id, version } = await submittedPlan(s);
    const c = await declareComplete(s.handler, id, version);
    await activeAdviser(s, id);
    const a = await recordAdvice(s.adviser, id, c.version, {
      scores: scenarioScores(),
      recommendation: "PARTIAL_GRANT",
      text: "Kosten deels onderbouwd.",
      amounts: amounts(s, 200_000n),
    });
    const d = await decidePlan(s.decisionMaker, id, a.version, {
      outcome: "GRANT",
      // Lower than asked: a grant in part, whose refused rest rests on a ground.
      ground: "art-2.5-analyse",
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
    const c = await declareComplete(both, id, version);
    await activeAdviser(s, id);
    const a = await recordAdvice(s.adviser, id, c.version, {
      scores: scenarioScores(),
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
    const lead = validPlanDraft(s.year).lead;
    await saveStep(s.applicantA, id, 1, "lead", lead);
    await expect(saveStep(s.applicantA, id, 1, "lead", lead)).rejects.toBeInstanceOf(ConflictError);
  });

  it("lets exactly one of ten saves at the same version win, however they interleave", async () => {
    // saveStep takes no row lock: its UPDATE applies only at the version it read. Ten saves of the
    // same version at once: one is stored whole, the other nine are conflicts that changed nothing.
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const lead = validPlanDraft(s.year).lead;
    // The first UPDATE to arrive sleeps while holding the row, so the other saves read version 1
    // too before any write is visible: the race the version guard in the UPDATE must decide.
    const fn = `save_race_${id.replaceAll("-", "").slice(0, 12)}`;
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE UPDATE ON "Plan" FOR EACH ROW WHEN (NEW.id = '${id}') EXECUTE FUNCTION ${fn}()`,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        saveStep(s.applicantA, id, 1, "lead", { ...lead, title: `Versie ${i}` }),
      ),
    ).finally(async () => {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "Plan"`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    });
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.version).toBe(2);
    expect(plan.title).toBe(`Versie ${won[0]}`);
    expect(readDraft(plan.draftData).lead.title).toBe(`Versie ${won[0]}`);
  });

  it("refuses submission after the window has closed", async () => {
    const { id, version } = await draftPlan(s);
    setClock(new Date(s.window.closesAt.getTime() + 1000));
    await expect(submitPlan(s.applicantA, id, version)).rejects.toMatchObject({ code: "WINDOW_CLOSED" });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
    expect(await prisma.planVersion.count({ where: { planId: id } })).toBe(0);
  });
});

describe("the wizard's drafts and submission", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  const storedDraft = async (id: string) =>
    readDraft(
      (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { draftData: true } })).draftData,
    );

  it("saves an invalid step as typed and keeps the other steps", async () => {
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const valid = validPlanDraft(s.year);
    const v2 = await saveStep(s.applicantA, id, 1, "analysis", valid.analysis);
    const bad = { ...valid.lead, title: "", leadKvk: "1234", leadIban: "NL92ABNA0417164300" };
    const v3 = await saveStep(s.applicantA, id, v2.version, "lead", bad);
    expect(v3.version).toBe(v2.version + 1);

    const draft = await storedDraft(id);
    expect(draft.lead.leadKvk).toBe("1234");
    expect(draft.lead.leadIban).toBe("NL92ABNA0417164300");
    expect(draft.analysis).toEqual(valid.analysis);
    expect(draft.saved).toEqual(["lead", "analysis"]);
    // Lists show a draft by a placeholder title until a valid one is typed.
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.title).toBe("Nieuw sectorplan");
    expect(plan.status).toBe("DRAFT");
    expect(plan.sectorCodes).toEqual(["3"]);
  });

  it("saves a pasted text cut at the cap inside an emoji, without the emoji's lone half", async () => {
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    // 19,999 characters, then an emoji: the draft's cap (20,000 UTF-16 units) falls inside it.
    // PostgreSQL refused the lone half in jsonb, and every save of the step failed.
    const text = `${"a".repeat(DRAFT_TEXT_CAP - 1)}😀 en meer tekst`;
    await saveStep(s.applicantA, id, 1, "analysis", { bottlenecksNow: text });
    expect((await storedDraft(id)).analysis.bottlenecksNow).toBe("a".repeat(DRAFT_TEXT_CAP - 1));
  });

  it("refuses the save of a second tab that loaded an older version, and keeps the first tab's", async () => {
    const { id, version } = await draftPlan(s);
    const valid = validPlanDraft(s.year);
    // Both tabs loaded `version`; the first saves a changed analysis.
    const first = await saveStep(s.applicantA, id, version, "analysis", {
      ...valid.analysis,
      goals: "Eerste tabblad.",
    });
    const second = saveStep(s.applicantA, id, version, "analysis", {
      ...valid.analysis,
      goals: "Tweede tabblad.",
    });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    expect((await storedDraft(id)).analysis.goals).toBe("Eerste tabblad.");
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).version).toBe(first.version);
    // Submitting with the stale version is refused as well.
    await expect(submitPlan(s.applicantA, id, version)).rejects.toBeInstanceOf(ConflictError);
  });

  it("answers an autosave typed into a year another tab's period dropped as a conflict, not as saved", async () => {
    const { id, version } = await draftPlan(s);
    const before = await storedDraft(id);
    const y1 = s.year + 1;
    const y2 = s.year + 2;
    // Another tab moves the period a year on: y1 leaves it.
    await saveStep(s.applicantA, id, version, "lead", {
      ...before.lead,
      periodStart: `${y2}-01-01`,
      periodEnd: `${y2 + 1}-12-31`,
    });
    // This tab still shows y1 and y2 on step 4, and types an amount for y1.
    const typed = structuredClone(before.measures);
    typed.measures = typed.measures.map((m) => ({
      ...m,
      costs: m.costs.map((c) => (c.year === y1 ? { ...c, amount: "123.456,00" } : c)),
    }));
    const autosave = saveStep(s.applicantA, id, version, "measures", typed, { acceptUnchanged: true });
    await expect(autosave).rejects.toBeInstanceOf(ConflictError);
    // What it posted unchanged is no new save either: its y1 is no longer stored.
    const unchanged = saveStep(s.applicantA, id, version, "measures", before.measures, {
      acceptUnchanged: true,
    });
    await expect(unchanged).rejects.toBeInstanceOf(ConflictError);
    expect(JSON.stringify((await storedDraft(id)).measures)).not.toContain("123.456,00");
  });

  it("names the first problem of an incomplete plan, with its step and field", async () => {
    const { id, version } = await draftPlan(s, {
      change: (inputs) => {
        inputs.analysis.goals = "   ";
        inputs.partnership.partners = inputs.partnership.partners.filter((p) => p.kind !== "EMPLOYEES");
      },
    });
    const err = await submitPlan(s.applicantA, id, version).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleViolation);
    expect(err).toMatchObject({
      code: "PLAN_INCOMPLETE",
      field: "partnership.partners",
      message:
        "Het plan is nog niet compleet: Het samenwerkingsverband heeft ten minste één werknemersorganisatie.",
    });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
    expect(await prisma.planVersion.count({ where: { planId: id } })).toBe(0);
  });

  it("refuses submission without the partnership agreement or the declarations", async () => {
    const noAgreement = await draftPlan(s, { withoutAgreement: true });
    await expect(submitPlan(s.applicantA, noAgreement.id, noAgreement.version)).rejects.toMatchObject({
      code: "PLAN_INCOMPLETE",
      // The step and the upload field of the agreement, for the error summary's link.
      field: expect.stringMatching(/^attachments\..*PARTNERSHIP_AGREEMENT$/),
      message: "Het plan is nog niet compleet: Voeg de ondertekende samenwerkingsovereenkomst toe.",
    });
    const undeclared = await draftPlan(s, {
      change: (inputs) => {
        inputs.submit.stateAid = false;
      },
    });
    await expect(submitPlan(s.applicantA, undeclared.id, undeclared.version)).rejects.toMatchObject({
      code: "PLAN_INCOMPLETE",
      field: "submit.stateAid",
    });
  });

  it("refuses submission by a colleague who is not a signatory; the signatory may", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId },
      data: { isSignatory: false },
    });
    const { id, version } = await draftPlan(s, { actor: colleague });
    await expect(submitPlan(colleague, id, version)).rejects.toThrow(NOT_A_SIGNATORY);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
    expect((await submitPlan(s.applicantA, id, version)).version).toBe(version + 1);
  });

  it("freezes the whole wizard in the version and materialises measures and years", async () => {
    const { id } = await submittedPlan(s);
    const frozen = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    const snapshot = parseSnapshot(frozen.snapshot);
    expect(snapshot.lead).toMatchObject({
      // The organisation that applies (plan-steps.server.ts draftPlan), as submission asks.
      kvk: s.orgA.kvkNumber,
      iban: "NL91ABNA0417164300",
      securityKind: "GUARANTEE",
    });
    expect(snapshot.partners.map((p) => p.kind)).toEqual(["EMPLOYERS", "EMPLOYEES"]);
    expect(snapshot.analysis.goals).toMatch(/400 vakkrachten/);
    expect(snapshot.financing).toEqual([
      {
        year: s.year + 1,
        costsCents: "70000000",
        requestedCents: "30000000",
        ownContributionCents: "40000000",
        otherSourcesCents: "0",
      },
      {
        year: s.year + 2,
        costsCents: "70000000",
        requestedCents: "30000000",
        ownContributionCents: "40000000",
        otherSourcesCents: "0",
      },
    ]);
    expect(snapshot.attachments).toEqual([
      expect.objectContaining({
        kind: "PARTNERSHIP_AGREEMENT",
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(snapshot.declarations).toEqual({ truthful: true, stateAid: true });
    expect(snapshot.noDoubleFunding).toBe(true);

    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id },
      include: { years: { orderBy: { year: "asc" } }, measures: { orderBy: { position: "asc" } } },
    });
    expect(plan.title).toBe("Sectorplan Metaal: vakmanschap voor morgen");
    expect(plan.years.map((y) => [y.year, y.requestedCents, y.ownContributionCents])).toEqual([
      [s.year + 1, 30_000_000n, 40_000_000n],
      [s.year + 2, 30_000_000n, 40_000_000n],
    ]);
    expect(plan.measures.map((m) => [m.theme, m.participants, m.costPerParticipantCents])).toEqual([
      ["scholing", 400, 290_000n],
      ["jongeren", 120, 200_000n],
    ]);
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
    await expect(
      saveStep(s.applicantB, id, version, "lead", validPlanDraft(s.year).lead),
    ).rejects.toBeInstanceOf(NotFoundError);
    // An applicant holding no staff role cannot fire staff events either, even on its own plan.
    await expect(markComplete(s.applicantA, id, version, { agreementSigned: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("hides drafts from staff", async () => {
    const s = await createScenario();
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    await expect(getPlanView(s.handler, id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("completeness against the budget", () => {
  it("lets a complete plan that the pots cannot hold wait for budget, reserving nothing", async () => {
    const s = await createScenario({ windowCeiling: 50_000_000n });
    const { id, version } = await submittedPlan(s);
    const done = await declareComplete(s.handler, id, version);
    expect(done.status).toBe("WAITING_FOR_BUDGET");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.status).toBe("WAITING_FOR_BUDGET");
    // Complete all the same: the moment of complete receipt orders the waiting list.
    expect(plan.completeReceivedAt).not.toBeNull();
    expect(await prisma.ledgerEntry.count({ where: { planId: id } })).toBe(0);
  });

  it("refuses a grant above what was requested", async () => {
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    const c = await declareComplete(s.handler, id, version);
    await activeAdviser(s, id);
    await expect(
      recordAdvice(s.adviser, id, c.version, {
        scores: scenarioScores(),
        recommendation: "GRANT",
        text: "Ja.",
        amounts: amounts(s, 400_000n),
      }),
    ).rejects.toBeInstanceOf(RuleViolation);
  });
});
