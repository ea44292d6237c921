import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, SCENARIO_CATEGORY, type Scenario } from "../../test/scenario.server.ts";
import { RuleViolation } from "../errors.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { rememberStep, STEP_NOT_REOPENED, saveStep, submitPlan } from "./drafts.server.ts";
import { COSTS_AGAINST_CLOSED_BUDGET, readDraft } from "./steps/wizard.ts";
import { requestSupplement } from "./supplement.server.ts";
import { supplementRequestSchema } from "./supplement.ts";
import { getWizard } from "./wizard.server.ts";

/**
 * A rule of the regulation changed after the plan came in (here: a publication date after its
 * start; likewise a shorter maximum duration or a higher minimum). A supplement request that did
 * not reopen the step the rule is about must still be answerable: the applicant cannot open that
 * step, and the application would otherwise lapse at the end of the hersteltermijn.
 */
let s: Scenario;
const planIds: string[] = [];
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

async function askSupplement(steps: string[]) {
  const { id, version } = await submittedPlan(s);
  planIds.push(id);
  const start = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData).lead
    .periodStart;
  const asked = await requestSupplement(
    s.handler,
    id,
    version,
    supplementRequestSchema.parse({
      text: "Vul de beschrijving van de maatregelen aan.",
      steps,
      termDays: "14",
    }),
  );
  return { id, start, version: asked.version };
}

const publishAfter = (start: string) =>
  prisma.regulation.update({
    where: { id: s.regulation.id },
    data: { publishedOn: new Date(`${start.slice(0, 4)}-03-01T00:00:00Z`) },
  });

describe("answering a supplement request after a rule changed", () => {
  it("is accepted when the request left the step the rule is about closed", async () => {
    const { id, start, version } = await askSupplement(["measures"]);
    await publishAfter(start);
    try {
      const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
      // Step 1 is closed to the applicant ...
      await expect(saveStep(s.applicantA, id, version, "lead", draft.lead)).rejects.toThrow(
        STEP_NOT_REOPENED,
      );
      // ... so the wizard does not hold it against the answer ...
      const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
      expect(wizard.issues.lead).toEqual([]);
      const declared = await saveStep(s.applicantA, id, version, "submit", {
        truthful: true,
        stateAid: true,
      });
      // ... and the answer goes in; the handler judges the period at the completeness check.
      await submitPlan(s.applicantA, id, declared.version);
      expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
      const versions = await prisma.planVersion.count({ where: { planId: id } });
      expect(versions).toBe(2);
    } finally {
      await prisma.regulation.update({ where: { id: s.regulation.id }, data: { publishedOn: null } });
    }
  });

  it("is accepted after the rate was lowered below the request, the budget step being closed", async () => {
    const { id, version } = await askSupplement(["analysis"]);
    const { cofinancingRateBp } = await prisma.regulation.findUniqueOrThrow({
      where: { id: s.regulation.id },
    });
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { cofinancingRateBp: 1000 } });
    try {
      expect((await getWizard(s.applicantA, s.applicantA.userId, id)).issues.budget).toEqual([]);
      const declared = await saveStep(s.applicantA, id, version, "submit", {
        truthful: true,
        stateAid: true,
      });
      await submitPlan(s.applicantA, id, declared.version);
      expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    } finally {
      await prisma.regulation.update({ where: { id: s.regulation.id }, data: { cofinancingRateBp } });
    }
  });

  it("is refused when it raises the request beyond the guarantee of a step 1 it left closed", async () => {
    // € 600.000 asked, a guarantee of € 480.000: exactly 80% (art. 2.2). The answer asks € 700.000.
    const drafted = await draftPlan(s, {
      change: (i) => {
        i.lead.securityAmount = "480.000,00";
      },
    });
    planIds.push(drafted.id);
    const submitted = await submitPlan(s.applicantA, drafted.id, drafted.version);
    const asked = await requestSupplement(
      s.handler,
      drafted.id,
      submitted.version,
      supplementRequestSchema.parse({ text: "Licht de begroting toe.", steps: ["budget"], termDays: "14" }),
    );
    const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id: drafted.id } })).draftData);
    const rows = draft.budget.rows.map((r) => ({
      ...r,
      requested: "350.000,00",
      ownContribution: "350.000,00",
    }));
    const saved = await saveStep(s.applicantA, drafted.id, asked.version, "budget", {
      ...draft.budget,
      rows,
    });
    const declared = await saveStep(s.applicantA, drafted.id, saved.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    await expect(submitPlan(s.applicantA, drafted.id, declared.version)).rejects.toBeInstanceOf(
      RuleViolation,
    );
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, drafted.id);
    expect(wizard.issues.budget.map((i) => i.path)).toEqual(["rows"]);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: drafted.id } })).status).toBe(
      "INFO_REQUESTED",
    );
  });

  it("keeps the closed steps' amounts when a reopened period is changed and changed back", async () => {
    const { id, version } = await askSupplement(["lead"]);
    const before = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
    const [first, second] = before.budget.rows.map((r) => r.year);
    // Another end date (a date picker, an autosave) leaves the closed steps' second year ...
    const moved = await saveStep(s.applicantA, id, version, "lead", {
      ...before.lead,
      periodEnd: `${first}-12-31`,
    });
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(wizard.issues.lead).toEqual([
      {
        path: "periodEnd",
        message: `De bedragen per jaar (stap 4 en 5) zijn niet alle heropend en gelden voor de kalenderjaren ${first}–${second}. Kies een looptijd in dezelfde kalenderjaren, of vraag de behandelaar om ook die stappen te heropenen.`,
      },
    ]);
    const early = await saveStep(s.applicantA, id, moved.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    await expect(submitPlan(s.applicantA, id, early.version)).rejects.toBeInstanceOf(RuleViolation);
    // ... and the old one puts everything back: the applicant could not type those amounts again.
    const back = await saveStep(s.applicantA, id, early.version, "lead", before.lead);
    const after = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
    expect(after.measures).toEqual(before.measures);
    expect(after.budget).toEqual(before.budget);
    await submitPlan(s.applicantA, id, back.version);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
  });

  it("keeps the closed steps' amounts when step 7 is opened while a reopened period leaves their years", async () => {
    const { id, version } = await askSupplement(["lead"]);
    const stored = async () => (await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData;
    const before = readDraft(await stored());
    const [first] = before.budget.rows.map((r) => r.year);
    const moved = await saveStep(s.applicantA, id, version, "lead", {
      ...before.lead,
      periodEnd: `${first}-12-31`,
    });
    // "Volgende" leads to step 7, whose page remembers the step: that writes lastStep and nothing else.
    const raw = (await stored()) as Record<string, unknown>;
    await rememberStep(s.applicantA, id, "submit");
    expect(await stored()).toEqual({ ...raw, lastStep: "submit" });
    // Told on step 1 that the years must stay, the applicant puts the old end date back and answers.
    const back = await saveStep(s.applicantA, id, moved.version, "lead", before.lead);
    const after = readDraft(await stored());
    expect(after.measures).toEqual(before.measures);
    expect(after.budget).toEqual(before.budget);
    const declared = await saveStep(s.applicantA, id, back.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    await submitPlan(s.applicantA, id, declared.version);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
  });

  it("keeps a closed step 4's years when step 1 and step 5 are reopened together", async () => {
    const drafted = await draftPlan(s, {
      change: (i) => {
        for (const m of i.measures.measures) m.costPerParticipant = "";
      },
    });
    planIds.push(drafted.id);
    const submitted = await submitPlan(s.applicantA, drafted.id, drafted.version);
    const asked = await requestSupplement(
      s.handler,
      drafted.id,
      submitted.version,
      supplementRequestSchema.parse({
        text: "Licht de looptijd toe.",
        steps: ["lead", "budget"],
        termDays: "14",
      }),
    );
    const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id: drafted.id } })).draftData);
    const [first, second] = draft.budget.rows.map((r) => r.year);
    // Step 5 follows the period, step 4 (closed) keeps its two years: the answer may not cut one.
    const moved = await saveStep(s.applicantA, drafted.id, asked.version, "lead", {
      ...draft.lead,
      periodEnd: `${first}-12-31`,
    });
    const declared = await saveStep(s.applicantA, drafted.id, moved.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    await expect(submitPlan(s.applicantA, drafted.id, declared.version)).rejects.toBeInstanceOf(
      RuleViolation,
    );
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, drafted.id);
    expect(wizard.issues.lead.map((i) => i.message)).toContain(
      `De bedragen per jaar (stap 4 en 5) zijn niet alle heropend en gelden voor de kalenderjaren ${first}–${second}. Kies een looptijd in dezelfde kalenderjaren, of vraag de behandelaar om ook die stappen te heropenen.`,
    );
    const costs = await prisma.measureCost.count({
      where: { measure: { planId: drafted.id }, year: Number(second) },
    });
    expect(costs).toBeGreaterThan(0);
  });

  it("holds a closed step 5's split over the years to the costs of a reopened step 4, and says so on step 4", async () => {
    // y1: training 400.000 (50%) + hires 100.000 (100%), weight 300.000; y2: 300.000 + 200.000, 350.000.
    // 520.000 asked, 240.000 / 280.000: in proportion, under each year's most.
    const drafted = await draftPlan(s, {
      change: (i) => {
        const [training, hires] = i.measures.measures;
        const [y1, y2] = i.budget.rows.map((r) => Number(r.year));
        if (!training || !hires || !y1 || !y2)
          throw new Error("the scenario's draft has two measures and two years");
        Object.assign(training, {
          costPerParticipant: "",
          costs: [
            { year: y1, amount: "400.000,00" },
            { year: y2, amount: "300.000,00" },
          ],
        });
        Object.assign(hires, {
          participants: "30",
          costPerParticipant: "",
          category: SCENARIO_CATEGORY.code,
          wageCostsPerParticipant: "50.000,00",
          netJobGrowth: true,
          costs: [
            { year: y1, amount: "100.000,00" },
            { year: y2, amount: "200.000,00" },
          ],
        });
        i.budget.rows = [
          { year: y1, requested: "240.000,00", ownContribution: "260.000,00", otherSources: "0" },
          { year: y2, requested: "280.000,00", ownContribution: "220.000,00", otherSources: "0" },
        ];
      },
    });
    planIds.push(drafted.id);
    const submitted = await submitPlan(s.applicantA, drafted.id, drafted.version);
    const asked = await requestSupplement(
      s.handler,
      drafted.id,
      submitted.version,
      supplementRequestSchema.parse({
        text: "Beschrijf de maatregelen beter.",
        steps: ["measures"],
        termDays: "14",
      }),
    );
    const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id: drafted.id } })).draftData);
    const [training, hires] = draft.measures.measures;
    const [y1, y2] = draft.budget.rows.map((r) => r.year);
    if (!training || !hires) throw new Error("two measures");
    // The same costs per year, the mix of rates swapped: the closed request's split no longer follows.
    training.costs = [
      { year: y1 as number, amount: "300.000,00" },
      { year: y2 as number, amount: "400.000,00" },
    ];
    hires.costs = [
      { year: y1 as number, amount: "200.000,00" },
      { year: y2 as number, amount: "100.000,00" },
    ];
    const saved = await saveStep(s.applicantA, drafted.id, asked.version, "measures", draft.measures);
    const declared = await saveStep(s.applicantA, drafted.id, saved.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    await expect(submitPlan(s.applicantA, drafted.id, declared.version)).rejects.toBeInstanceOf(
      RuleViolation,
    );
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, drafted.id);
    expect(wizard.issues.measures).toEqual([{ path: "measures", message: COSTS_AGAINST_CLOSED_BUDGET }]);
  });

  it("is refused on a reopened step that breaks the rule: the applicant can mend it", async () => {
    const { id, start, version } = await askSupplement(["lead"]);
    await publishAfter(start);
    try {
      const declared = await saveStep(s.applicantA, id, version, "submit", {
        truthful: true,
        stateAid: true,
      });
      const refused = await submitPlan(s.applicantA, id, declared.version).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(RuleViolation);
      expect((refused as RuleViolation).message).toContain(
        "gepubliceerd: het plan kan pas de dag daarna beginnen",
      );
      expect((await getWizard(s.applicantA, s.applicantA.userId, id)).issues.lead).not.toEqual([]);
    } finally {
      await prisma.regulation.update({ where: { id: s.regulation.id }, data: { publishedOn: null } });
    }
  });
});
