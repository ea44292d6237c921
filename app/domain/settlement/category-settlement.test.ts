import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import {
  createScenario,
  EUR,
  euroInput,
  SCENARIO_CATEGORY,
  type Scenario,
} from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { loadSettlementLetterInput, renderSettlementLetter } from "../documents/settlement-letter.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { decidePlan } from "../plan/plans.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { computeSettlement } from "./compute.ts";
import { loadSettlementBasis, proposeSettlement } from "./propose.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  saveReportStep,
  submitRealisationReport,
} from "./report.server.ts";
import { settlePlan } from "./settle.server.ts";
import { settlementPage } from "./view.server.ts";

/**
 * The vaststelling of a plan with two rates (ADR 0024), worked out by hand. The scenario's plan
 * costs € 700.000 a year: "Scholing van vakkrachten" € 580.000 at the own 50%, "Leerwerkplekken voor
 * jongeren" € 120.000, here in the kwetsbare-werknemers category at 100%. € 300.000 a year was asked;
 * the first year is granted € 150.000 (half), the second in full: € 450.000.
 *
 * Covered (grantedEligibleCents per class): year 1 € 290.000 at 50% and € 60.000 at 100%; year 2
 * € 580.000 and € 120.000; € 1.050.000 in all.
 * Reported: year 1 € 100.000 and € 90.000 (the 100% class overspent: € 60.000 counts), year 2
 * € 460.000 and € 20.000. Counted: € 560.000 at 50% and € 80.000 at 100%, € 640.000 in all:
 * 640/1050 = 60,95% realised, above the 60%. Overhead 15% of € 640.000 = € 96.000, at the own 50%.
 * Amount: 100% × € 80.000 + 50% × € 560.000 + 50% × € 96.000 = € 408.000, under the grant.
 * By year alone (today's rule at one rate) year 1's € 190.000 would all count against its € 350.000.
 */

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  // Read past the pages' footers: a paragraph may run onto the next page.
  return text.replace(/\s+/g, " ").replace(/Kenmerk SP-\S+ pagina \d+ van \d+ /g, "");
}

describe("the vaststelling of a plan with a measure at 100%", () => {
  let s: Scenario;
  let planId: string;
  beforeAll(async () => {
    s = await createScenario();
    const { id, version } = await completePlan(s);
    planId = id;
    await prisma.measure.updateMany({
      where: { planId, title: "Leerwerkplekken voor jongeren" },
      data: { category: SCENARIO_CATEGORY.code },
    });
    const advised = await advisePlan(s, id, version);
    await decidePlan(s.decisionMaker, id, advised, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "De kosten van het eerste jaar zijn maar half onderbouwd.",
      amounts: [
        { year: s.year + 1, amount: EUR(150_000) },
        { year: s.year + 2, amount: EUR(300_000) },
      ],
    });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
    // The regulation changes after the grant: the settlement follows the grant's terms (100%).
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { measureCategories: [{ ...SCENARIO_CATEGORY, rateBp: 5000 }] },
    });

    setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    const measures = await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } });
    const [training, youth] = measures;
    if (!training || !youth) throw new Error("the scenario's two measures");
    const spent: [string, number, number][] = [
      [training.id, s.year + 1, 100_000],
      [training.id, s.year + 2, 460_000],
      [youth.id, s.year + 1, 90_000],
      [youth.id, s.year + 2, 20_000],
    ];
    const opened = await openRealisationReport(s.applicantA, planId);
    const r = await saveReportStep(s.applicantA, planId, opened.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "100" })),
      summary: "De scholing liep achter; de leerwerkplekken kwamen in het eerste jaar sneller op gang.",
    });
    const c = await saveReportStep(s.applicantA, planId, r.version, "costs", {
      costs: spent.map(([measureId, year, euros]) => ({
        measureId,
        year: String(year),
        amount: euroInput(EUR(euros)),
      })),
    });
    expect(c.issues).toEqual([]);
    const { report } = await getRealisationReport(s.applicantA, planId);
    await submitRealisationReport(s.applicantA, planId, report?.version ?? 0, true);
  });
  afterAll(async () => {
    setClock(null);
    await disconnectPrisma();
  });

  it("counts each rate class up to what the grant covers in it, per year", async () => {
    const basis = await loadSettlementBasis(prisma, planId);
    expect(basis.eligiblePerYear.map((y) => y.cents)).toEqual([EUR(350_000), EUR(700_000)]);
    expect(basis.rateClasses).toEqual([
      {
        rateBp: 10_000,
        labels: [SCENARIO_CATEGORY.label],
        measureIds: [basis.measures[1]?.id],
      },
      { rateBp: 5000, labels: [], measureIds: [basis.measures[0]?.id] },
    ]);
    const f = computeSettlement(basis.rule);
    expect(f.countedPerYear.map((y) => y.cents)).toEqual([EUR(160_000), EUR(480_000)]);
    expect(f.classes).toEqual([
      { rateBp: 10_000, eligibleCents: EUR(180_000), actualCents: EUR(110_000), countedCents: EUR(80_000) },
      { rateBp: 5000, eligibleCents: EUR(870_000), actualCents: EUR(560_000), countedCents: EUR(560_000) },
    ]);
    expect(f.eligibleCostsCents).toBe(EUR(1_050_000));
    expect(f.countedCostsCents).toBe(EUR(640_000));
    expect(f.realisationBp).toBe(6095);
    expect(f.belowThreshold).toBe(false);
    expect(f.overheadCents).toBe(EUR(96_000));
    expect(f.rateAmountCents).toBe(EUR(408_000));
    expect(f.cappedCents).toBe(EUR(408_000));
  });

  it("shows the counted costs per rate on the page, and the overhead at the own rate", async () => {
    const page = await settlementPage(s.handler, planId);
    expect(page.figures).toMatchObject({
      mixedRates: true,
      rate: "50%",
      classes: [
        {
          rate: "100%",
          labels: [SCENARIO_CATEGORY.label],
          eligible: "€\u00a0180.000,00",
          counted: "€\u00a080.000,00",
        },
        { rate: "50%", labels: [], eligible: "€\u00a0870.000,00", counted: "€\u00a0560.000,00" },
      ],
      overhead: "€\u00a096.000,00",
      rateAmount: "€\u00a0408.000,00",
      capped: "€\u00a0408.000,00",
    });
    expect(page.measures.map((m) => m.rate)).toEqual(["50%", "100%"]);
  });

  it("settles at the classes' amount, and the letter says what counted at which rate", async () => {
    await proposeSettlement(
      s.handler,
      planId,
      (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version,
      { amountCents: EUR(408_000) + 1n, motivation: "Kosten gecontroleerd en akkoord." },
    ).then(
      () => expect.fail("a cent above the rule is refused"),
      (err: Error) => expect(err.message).toContain("€\u00a0408.000,00"),
    );
    await proposeSettlement(
      s.handler,
      planId,
      (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version,
      { amountCents: EUR(408_000), motivation: "Kosten gecontroleerd en akkoord." },
    );
    const { settledCents } = await settlePlan(
      s.decisionMaker,
      planId,
      (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version,
      { reduction: null, reason: "Vastgesteld zoals voorgesteld." },
    );
    expect(settledCents).toBe(EUR(408_000));
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId } });
    const input = await loadSettlementLetterInput(prisma, settlement.id);
    expect(input.rateClasses).toEqual([
      { rateBp: 10_000, labels: [SCENARIO_CATEGORY.label], countedCents: EUR(80_000) },
      { rateBp: 5000, labels: [], countedCents: EUR(560_000) },
    ]);
    const text = await pdfText(await renderSettlementLetter(input));
    expect(text).toContain("Meegeteld tegen 100% € 80.000,00");
    expect(text).toContain("Meegeteld tegen 50% € 560.000,00");
    expect(text).toContain("Subsidie berekend € 408.000,00");
    expect(text).toContain(
      "De subsidie is 100% van de meegetelde kosten van de maatregelen in de categorie ‘Indienstneming van " +
        "kwetsbare werknemers’, 50% van de meegetelde kosten van de overige maatregelen en 50% van de opslag, " +
        "samen naar beneden afgerond op hele centen, en nooit meer dan het verleende bedrag.",
    );
  });
});

/**
 * Art. 4.3: the eligible costs of hiring a kwetsbare werknemer are at most 20% of his twelve months'
 * wage costs. The plan names 120 hires at € 40.000 wage costs (€ 8.000 each may count) and
 * € 120.000 a year at 100%; it is granted in full (€ 300.000 a year). Only 5 are hired, yet the full
 * € 240.000 is reported: 5 × € 8.000 = € 40.000 counts, the € 200.000 above it does not, cut from
 * the last year first (€ 120.000 of year 2, € 80.000 of year 1). The scholing reports € 480.000 a
 * year of its € 580.000, 400 participants.
 * Counted: € 40.000 at 100% and € 960.000 at 50%, € 1.000.000 of € 1.400.000 = 71,42%.
 * Overhead 15% × € 1.000.000 = € 150.000 at 50%. Amount € 40.000 + € 480.000 + € 75.000 = € 595.000.
 * Uncapped, € 240.000 counted at 100% and the grant's € 600.000 would have been paid.
 */
describe("the vaststelling under a category's wage-cost cap (art. 4.3)", () => {
  let s: Scenario;
  let planId: string;
  const version = async (id: string) =>
    (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

  /** A plan granted in full with the hiring measure in the category, reported as above. */
  async function cappedPlan(): Promise<string> {
    const { id, version: v } = await completePlan(s);
    await prisma.measure.updateMany({
      where: { planId: id, title: "Leerwerkplekken voor jongeren" },
      data: {
        category: SCENARIO_CATEGORY.code,
        wageCostsPerParticipantCents: EUR(40_000),
        netJobGrowth: true,
      },
    });
    await grantPlan(s, id, await advisePlan(s, id, v));
    await reportExecutionStart(s.applicantA, id, await version(id), amsterdamDate(new Date()));
    setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    const hires = (m: { title: string }) => m.title === "Leerwerkplekken voor jongeren";
    const opened = await openRealisationReport(s.applicantA, id);
    const r = await saveReportStep(s.applicantA, id, opened.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: hires(m) ? "5" : "400" })),
      summary:
        "Slechts vijf kwetsbare werknemers zijn in dienst genomen; de scholing liep bijna volgens plan.",
    });
    const c = await saveReportStep(s.applicantA, id, r.version, "costs", {
      costs: measures.flatMap((m) =>
        [s.year + 1, s.year + 2].map((year) => ({
          measureId: m.id,
          year: String(year),
          amount: euroInput(hires(m) ? EUR(120_000) : EUR(480_000)),
        })),
      ),
    });
    expect(c.issues).toEqual([]);
    const { report } = await getRealisationReport(s.applicantA, id);
    await submitRealisationReport(s.applicantA, id, report?.version ?? 0, true);
    setClock(null);
    return id;
  }

  beforeAll(async () => {
    s = await createScenario();
    planId = await cappedPlan();
  });
  afterAll(() => setClock(null));

  it("counts no more than reached hires × the most per hire, the cut on the latest year first", async () => {
    const basis = await loadSettlementBasis(prisma, planId);
    const hires = basis.measures.find((m) => m.rateBp === 10_000);
    expect(hires?.reachedParticipants).toBe(5);
    expect(hires?.wageCap).toEqual({
      shareBp: 2000,
      wageCostsCents: EUR(40_000),
      perParticipantCents: EUR(8_000),
      capCents: EUR(40_000),
      aboveCapCents: EUR(200_000),
    });
    expect(hires?.years.map((y) => y.aboveCapCents)).toEqual([EUR(80_000), EUR(120_000)]);
    const f = computeSettlement(basis.rule);
    expect(f.classes.map((c) => [c.rateBp, c.countedCents])).toEqual([
      [10_000, EUR(40_000)],
      [5000, EUR(960_000)],
    ]);
    expect(f.aboveCapCents).toBe(EUR(200_000));
    expect(f.countedPerYear.map((y) => y.cents)).toEqual([EUR(520_000), EUR(480_000)]);
    expect(f.countedCostsCents).toBe(EUR(1_000_000));
    expect(f.realisationBp).toBe(7142);
    expect(f.overheadCents).toBe(EUR(150_000));
    expect(f.cappedCents).toBe(EUR(595_000));
  });

  it("shows the cut on the Vaststelling tab and in the proposal's limit", async () => {
    const page = await settlementPage(s.handler, planId);
    expect(page.measures.map((m) => m.aboveCap)).toEqual([
      null,
      "€\u00a0200.000,00 telt niet mee: boven €\u00a08.000,00 per deelnemer (20% van €\u00a040.000,00 " +
        "loonkosten over 12 maanden; 5 deelnemers bereikt, samen €\u00a040.000,00)",
    ]);
    expect(page.figures).toMatchObject({
      actual: "€\u00a01.200.000,00",
      counted: "€\u00a01.000.000,00",
      aboveCap: "€\u00a0200.000,00",
      // All that does not count is above the cap: the scholing stayed within its grant.
      notCounted: null,
      capped: "€\u00a0595.000,00",
    });
    await expect(
      proposeSettlement(s.handler, planId, await version(planId), {
        amountCents: EUR(595_000) + 1n,
        motivation: "Alle opgegeven kosten akkoord.",
      }),
    ).rejects.toThrow("€\u00a0595.000,00");
  });

  it("settles on the capped costs, and the letter says what does not count and why, the same each time", async () => {
    await proposeSettlement(s.handler, planId, await version(planId), {
      amountCents: EUR(595_000),
      motivation: "Boven de loonkostengrens telt niet mee.",
    });
    const { settledCents } = await settlePlan(s.decisionMaker, planId, await version(planId), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(EUR(595_000));
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId } });
    expect(settlement.actualCostsCents).toBe(EUR(1_000_000));
    const input = await loadSettlementLetterInput(prisma, settlement.id);
    const bytes = await renderSettlementLetter(input);
    const text = await pdfText(bytes);
    expect(text).toContain(
      "‘Leerwerkplekken voor jongeren’: € 200.000,00 telt niet mee: boven € 8.000,00 per deelnemer (20% van " +
        "€ 40.000,00 loonkosten over 12 maanden; 5 deelnemers bereikt, samen € 40.000,00).",
    );
    expect(text).toContain("Meegeteld tegen 100% € 40.000,00");
    // Per year, what does not count: € 80.000 of year 1 and € 120.000 of year 2 (all above the cap).
    expect(text).toContain(`${s.year + 1} € 600.000,00 € 520.000,00 € 80.000,00`);
    expect(text).toContain(`${s.year + 2} € 600.000,00 € 480.000,00 € 120.000,00`);
    const again = await renderSettlementLetter(await loadSettlementLetterInput(prisma, settlement.id));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it("caps a grant whose terms did not record the share with the regulation's category", async () => {
    const id = await cappedPlan();
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    const terms = decision.terms as { measureCategories: Record<string, unknown>[] };
    // As decide() stored the terms before the grant recorded the share.
    await prisma.decision.update({
      where: { id: decision.id },
      data: {
        terms: {
          ...terms,
          measureCategories: terms.measureCategories.map(({ maxShareOfWageCostsBp: _, ...c }) => c),
        } as object,
      },
    });
    const f = computeSettlement((await loadSettlementBasis(prisma, id)).rule);
    expect(f.aboveCapCents).toBe(EUR(200_000));
    expect(f.cappedCents).toBe(EUR(595_000));
  });
});
