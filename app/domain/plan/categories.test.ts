import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import {
  createScenario,
  inScenarioCategory,
  SCENARIO_CATEGORY,
  type Scenario,
  validPlanDraft,
} from "../../test/scenario.server.ts";
import { loadPlanVersionPdfInput, renderPlanVersionPdf } from "../documents/plan-version-pdf.server.ts";
import { parseSnapshot } from "../documents/snapshot.ts";
import { getPlanView, saveStep, submitPlan } from "./plans.server.ts";
import { getWizard } from "./wizard.server.ts";

/** A measure's category with a rate of its own, from the wizard's draft to the submitted rows. */
describe("a measure in a category with a rate of its own", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });

  it("reaches the Measure row and the snapshot with its wage costs and declaration", async () => {
    const { id, version } = await draftPlan(s, { change: inScenarioCategory });
    // The wizard's budget step measures the request against the category's rate.
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(wizard.context).toMatchObject({ maxPerYear: ["41000000", "41000000"], ownRates: true });
    await submitPlan(s.applicantA, id, version);

    const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    expect(
      measures.map((m) => [m.title, m.category, m.wageCostsPerParticipantCents, m.netJobGrowth]),
    ).toEqual([
      ["Scholing van vakkrachten", null, null, false],
      ["Leerwerkplekken voor jongeren", SCENARIO_CATEGORY.code, 4_000_000n, true],
    ]);

    const frozen = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    const snapshot = parseSnapshot(frozen.snapshot);
    expect(
      snapshot.measures.map((m) => [
        m.category,
        m.categoryLabel,
        m.rateBp,
        m.wageCostsPerParticipantCents,
        m.netJobGrowth,
      ]),
    ).toEqual([
      [null, null, 5000, null, false],
      [SCENARIO_CATEGORY.code, SCENARIO_CATEGORY.label, 10_000, "4000000", true],
    ]);

    // The plan page: the summary's rates and each year's most follow the same rule.
    const view = await getPlanView(s.applicantA, id);
    expect(view.content.context.maxPerYear).toEqual(["41000000", "41000000"]);
    expect(view.measures.map((m) => [m.category, m.rateBp])).toEqual([
      [null, 5000],
      [SCENARIO_CATEGORY.code, 10_000],
    ]);
    expect(view.years.map((y) => y.maxCents)).toEqual(["41000000", "41000000"]);
  });

  it("does not store the answers a measure's category does not ask for", async () => {
    const { id, version } = await draftPlan(s, { change: inScenarioCategory });
    // Back to no category, the answers still posted (a form without JavaScript shows them until saved).
    const step = validPlanDraft(s.year, undefined, undefined, { inCategory: true }).measures;
    const hires = step.measures[1];
    if (hires) hires.category = "";
    const saved = await saveStep(s.applicantA, id, version, "measures", step);
    const stored = (await getWizard(s.applicantA, s.applicantA.userId, id)).draft.measures.measures[1];
    expect(stored).toMatchObject({
      category: "",
      wageCostsPerParticipant: "",
      hiringGround: "",
      netJobGrowth: false,
    });
    // Chosen again: the old answers do not come back.
    if (hires)
      Object.assign(hires, {
        category: SCENARIO_CATEGORY.code,
        wageCostsPerParticipant: "",
        netJobGrowth: false,
      });
    await saveStep(s.applicantA, id, saved.version, "measures", step);
    const again = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(again.draft.measures.measures[1]).toMatchObject({
      category: SCENARIO_CATEGORY.code,
      wageCostsPerParticipant: "",
      netJobGrowth: false,
    });
    expect(again.issues.measures.map((i) => i.path)).toEqual([
      "measures.1.wageCostsPerParticipant",
      "measures.1.hiringGround",
    ]);
  });

  it("submits a hire into a vacancy left by retirement (art. 4.4 lid 3): no net growth declared, the ground kept", async () => {
    const { id, version } = await draftPlan(s, {
      change: (inputs) => {
        inScenarioCategory(inputs);
        Object.assign(inputs.measures.measures[1] ?? {}, { hiringGround: "retirement", netJobGrowth: false });
      },
    });
    await submitPlan(s.applicantA, id, version);
    const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    // The row's netJobGrowth is the lid-2 declaration, not made; the ground is in the snapshot.
    expect(measures.map((m) => [m.category, m.netJobGrowth])).toEqual([
      [null, false],
      [SCENARIO_CATEGORY.code, false],
    ]);
    const frozen = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    expect(parseSnapshot(frozen.snapshot).measures.map((m) => [m.hiringGround, m.netJobGrowth])).toEqual([
      [null, false],
      ["retirement", false],
    ]);
    // The plan page (staff and applicant) reads the plan as sent: the summary holds the ground.
    const view = await getPlanView(s.applicantA, id);
    expect(view.content.draft.measures.measures[1]).toMatchObject({ hiringGround: "retirement" });
    // And the version's PDF says it, where a plan with net growth says that.
    const input = await loadPlanVersionPdfInput(prisma, frozen.id);
    if (!input) throw new Error("the submitted version");
    const pdf = await renderPlanVersionPdf(input);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text.replace(/\s+/g, " ")).toContain(
      "verklaard: vacature ontstaan door ouderdomspensionering (artikel 4.4, derde lid)",
    );
  });

  it("keeps a plan without categories as it was: no category on its rows, the most at 50%", async () => {
    const { id, version } = await draftPlan(s);
    await submitPlan(s.applicantA, id, version);
    const measures = await prisma.measure.findMany({ where: { planId: id } });
    expect(measures.every((m) => m.category === null && !m.netJobGrowth)).toBe(true);
    const view = await getPlanView(s.applicantA, id);
    expect(view.years.map((y) => y.maxCents)).toEqual(["35000000", "35000000"]);
  });
});
