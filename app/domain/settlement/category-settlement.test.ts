import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, euroInput, SCENARIO_CATEGORY, type Scenario } from "../../test/scenario.server.ts";
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

const EUR = (euros: number) => BigInt(euros) * 100n;

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
