import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, useLoaderData } from "react-router";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { activeAdviser, declareComplete, draftPlan, scenarioScores } from "../../test/plan-steps.server.ts";
import {
  createScenario,
  euroInput,
  issueMessages,
  SCENARIO_CATEGORY,
  type Scenario,
} from "../../test/scenario.server.ts";
import { DraftSummary } from "../../ui/wizard/draft-summary.tsx";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { decide } from "../decision/decide.server.ts";
import { decisionPage } from "../decision/page.server.ts";
import { parseGrantTerms } from "../decision/terms.ts";
import { renderDecisionLetter } from "../documents/decision-letter.server.ts";
import { loadDecisionLetterInput } from "../documents/decision-letter-input.server.ts";
import { loadPlanVersionPdfInput, renderPlanVersionPdf } from "../documents/plan-version-pdf.server.ts";
import { loadSettlementLetterInput, renderSettlementLetter } from "../documents/settlement-letter.server.ts";
import { RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { changeMeasureCategory } from "../regulation/setup.server.ts";
import { completenessChecklist } from "../review/completeness.server.ts";
import { computeSettlement } from "../settlement/compute.ts";
import { loadSettlementBasis, proposeSettlement } from "../settlement/propose.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  saveReportStep,
  submitRealisationReport,
} from "../settlement/report.server.ts";
import { settlePlan } from "../settlement/settle.server.ts";
import { settlementPage } from "../settlement/view.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { reportExecutionStart } from "./execution.server.ts";
import { decidePlan, getPlanView, markComplete, recordAdvice, submitPlan } from "./plans.server.ts";
import { budgetStepSchema } from "./steps/budget.ts";
import { measuresStepSchema } from "./steps/measures.ts";
import type { StepInputs } from "./steps/wizard.ts";
import { getWizard } from "./wizard.server.ts";

/**
 * One plan with a measure in a category of its own rate (ADR 0024), walked through the real use
 * cases from the wizard to the vaststelling, so that every reader is seen to give the same figure
 * for a year's most: the wizard's budget step, the completeness check, the decision page and its
 * check, the plan page and the letters. Worked out by hand:
 *
 * "Scholing van vakkrachten" at the own 50%: € 400.000,01 in year 1, € 350.000,03 in year 2.
 * "Leerwerkplekken voor jongeren" in the kwetsbare-werknemers category at 100% (30 participants,
 * wage costs € 50.000,00 each, so at most 30 × 20% × € 50.000 = € 300.000 in all): € 100.000,00 and
 * € 150.000,00.
 * Year 1's most: ⌊40.000.001 × 0,5 + 10.000.000⌋ = € 300.000,00 (the half cent goes).
 * Year 2's most: ⌊35.000.003 × 0,5 + 15.000.000⌋ = € 325.000,01. One rate of 50% would allow
 * € 250.000,00 and € 250.000,01. The applicant asks exactly each year's most: € 625.000,01.
 */

const Y = (s: Scenario) => [s.year + 1, s.year + 2] as const;
const MOST = [30_000_000n, 32_500_001n] as const;
const MOST_AT_80 = [28_000_000n, 29_500_001n] as const;
const MOST_AT_50 = [25_000_000n, 25_000_001n] as const;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  // Read past the pages' footers: a paragraph may run onto the next page.
  return text.replace(/\s+/g, " ").replace(/Kenmerk SP-\S+ pagina \d+ van \d+ /g, "");
}

/** The journey's draft: validPlanDraft with the figures above. */
function categoryDraft(inputs: StepInputs): void {
  const [training, hires] = inputs.measures.measures;
  if (!training || !hires) throw new Error("validPlanDraft's two measures");
  const [y1, y2] = [inputs.budget.rows[0]?.year, inputs.budget.rows[1]?.year].map(Number);
  Object.assign(training, {
    costPerParticipant: "",
    costs: [
      { year: y1, amount: "400.000,01" },
      { year: y2, amount: "350.000,03" },
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
      { year: y2, amount: "150.000,00" },
    ],
  });
  inputs.budget.rows = [
    { year: y1 as number, requested: "300.000,00", ownContribution: "200.000,01", otherSources: "0" },
    { year: y2 as number, requested: "325.000,01", ownContribution: "175.000,02", otherSources: "0" },
  ];
}

type PlanContent = Awaited<ReturnType<typeof getPlanView>>["content"];

/** The plan page's summary (DraftSummary) of the content the stub's route was given. */
function Summary() {
  return createElement(DraftSummary, { ...useLoaderData<PlanContent>(), attachments: [] });
}

/** The plan page's summary of the plan as submitted, as text. */
function summaryText(view: Awaited<ReturnType<typeof getPlanView>>, lng: Language): string {
  // The summary's attachment list reads the router's navigation state: a one-route stub gives it one.
  const Stub = createRoutesStub([{ id: "summary", path: "/", Component: Summary }]);
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: serverI18n(lng) },
      createElement(Stub, {
        initialEntries: ["/"],
        hydrationData: { loaderData: { summary: view.content } },
      }),
    ),
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

async function versionOf(planId: string): Promise<number> {
  return (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;
}

/** Drafted, submitted and declared complete by the handler (through the checklist, as the page does). */
async function submittedCategoryPlan(s: Scenario, actor: Actor = s.applicantA) {
  const { id, version } = await draftPlan(s, { actor, change: categoryDraft });
  await submitPlan(actor, id, version);
  return id;
}

async function advise(s: Scenario, planId: string, amounts: readonly bigint[], partial = false) {
  await activeAdviser(s, planId);
  const [y1, y2] = Y(s);
  return (
    await recordAdvice(s.adviser, planId, await versionOf(planId), {
      scores: scenarioScores(),
      recommendation: partial ? "PARTIAL_GRANT" : "GRANT",
      text: "Goed onderbouwd.",
      amounts: [
        { year: y1, amount: amounts[0] ?? 0n },
        { year: y2, amount: amounts[1] ?? 0n },
      ],
    })
  ).version;
}

describe("a plan with a category measure, from the wizard to the vaststelling", () => {
  let s: Scenario;
  let full: string;
  let partial: string;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterAll(async () => {
    setClock(null);
    await disconnectPrisma();
  });

  it("the wizard's steps cap each year at its measures' co-financing, and split by it", async () => {
    const { id } = await draftPlan(s, { change: categoryDraft });
    full = id;
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(wizard.context).toMatchObject({
      costsPerYear: ["50000001", "50000003"],
      maxPerYear: MOST.map(String),
      ownRates: true,
    });
    // Every step valid as saved: the request is exactly each year's most.
    expect(Object.values(wizard.issues).flat()).toEqual([]);
    const measures = measuresStepSchema(wizard.rules, wizard.context).safeParse(wizard.draft.measures);
    expect(measures.success).toBe(true);
    expect(measures.data?.measures.map((m) => [m.category, m.rateBp])).toEqual([
      [null, 5000],
      [SCENARIO_CATEGORY.code, 10_000],
    ]);
    const budget = budgetStepSchema(wizard.rules, wizard.context);
    expect(budget.safeParse(wizard.draft.budget).success).toBe(true);
    // A cent more in a year is refused with that year's most named.
    const more = structuredClone(wizard.draft.budget);
    const [y1, y2] = Y(s);
    if (more.rows[0]) more.rows[0].requested = "300.000,01";
    if (more.rows[0]) more.rows[0].ownContribution = "200.000,00";
    expect(issueMessages(budget.safeParse(more))["rows.0.requested"]).toContain(
      `De gevraagde subsidie voor ${y1} is hoger dan de cofinanciering van de maatregelen in dat jaar, elk tegen ` +
        "het percentage van haar categorie of anders 50% (hoogstens € 300.000,00).",
    );
    // Less in year 2 alone breaks the split by rate-weighted costs (not by the plain costs).
    const skewed = structuredClone(wizard.draft.budget);
    if (skewed.rows[1]) skewed.rows[1].requested = "300.000,00";
    if (skewed.rows[1]) skewed.rows[1].ownContribution = "200.000,03";
    expect(issueMessages(budget.safeParse(skewed))[`rows.1.requested`]).toContain(
      `van de gevraagde € 600.000,00 hoort bij ${y2}`,
    );
  });

  it("submits: the rows, the snapshot and its PDF keep the category and its rate", async () => {
    await submitPlan(s.applicantA, full, await versionOf(full));
    const measures = await prisma.measure.findMany({ where: { planId: full }, orderBy: { position: "asc" } });
    expect(measures.map((m) => [m.category, m.wageCostsPerParticipantCents, m.netJobGrowth])).toEqual([
      [null, null, false],
      [SCENARIO_CATEGORY.code, 5_000_000n, true],
    ]);
    const years = await prisma.planYear.findMany({ where: { planId: full }, orderBy: { year: "asc" } });
    expect(years.map((y) => y.requestedCents)).toEqual([...MOST]);
    const version = await prisma.planVersion.findFirstOrThrow({ where: { planId: full } });
    const input = await loadPlanVersionPdfInput(prisma, version.id);
    if (!input) throw new Error("the submitted version");
    const text = await pdfText(await renderPlanVersionPdf(input));
    expect(text).toContain(
      `Categorie: ${SCENARIO_CATEGORY.label}, cofinanciering 100%; loonkosten per deelnemer over 12 maanden: ` +
        "€ 50.000,00; verklaard: nettogroei van het aantal banen",
    );
  });

  it("the completeness check and the plan page give the same most", async () => {
    const items = await completenessChecklist(prisma, full, { agreementSigned: true });
    const amounts = items.find((i) => i.code === "amounts");
    expect(amounts?.ok).toBe(true);
    const [y1, y2] = Y(s);
    expect(amounts?.reason).toContain(`${y1}: hoogstens ${formatEuro(MOST[0])}`);
    expect(amounts?.reason).toContain(`${y2}: hoogstens ${formatEuro(MOST[1])}`);
    await markComplete(s.handler, full, await versionOf(full), { agreementSigned: true });

    for (const actor of [s.applicantA, s.handler]) {
      const view = await getPlanView(actor, full);
      expect(view.years.map((y) => y.maxCents)).toEqual(MOST.map(String));
      expect(view.content.context.maxPerYear).toEqual(MOST.map(String));
      expect(view.regulation).toMatchObject({ rateBp: 5000, hasCategories: true, ownRates: true });
      expect(view.measures.map((m) => [m.categoryLabel, m.rateBp])).toEqual([
        [null, 5000],
        [SCENARIO_CATEGORY.label, 10_000],
      ]);
    }
  });

  it("the plan page's summary shows the category, its rate and each year's most", async () => {
    const text = summaryText(await getPlanView(s.applicantA, full), "en");
    expect(text).toContain("Category Indienstneming van kwetsbare werknemers — 100%");
    expect(text).toContain("Wage costs per participant over 12 months (euro) € 50.000,00");
    const [y1, y2] = Y(s);
    expect(text).toMatch(new RegExp(`${y1} € 500\\.000,01 € 300\\.000,00 € 300\\.000,00`));
    expect(text).toMatch(new RegExp(`${y2} € 500\\.000,03 € 325\\.000,01 € 325\\.000,01`));
  });

  it("the decision page caps at the same most, and the grant in full records the rates", async () => {
    const version = await advise(s, full, MOST);
    const page = await decisionPage(s.decisionMaker, full);
    expect(page.years.map((y) => [y.requestedCents, y.maxCents])).toEqual(
      MOST.map((m) => [String(m), String(m)]),
    );
    expect(page.years[0]?.maxBasis).toBe(
      `100% van ${formatEuro(10_000_000n)} (${SCENARIO_CATEGORY.label}) en 50% van ${formatEuro(40_000_001n)}`,
    );
    const [y1, y2] = Y(s);
    await decidePlan(s.decisionMaker, full, version, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: [
        { year: y1, amount: MOST[0] },
        { year: y2, amount: MOST[1] },
      ],
    });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: full } });
    expect(parseGrantTerms(decision.terms).measureCategories).toEqual([
      {
        code: SCENARIO_CATEGORY.code,
        label: SCENARIO_CATEGORY.label,
        rateBp: 10_000,
        legalBasis: SCENARIO_CATEGORY.legalBasis,
        // The share caps the eligible costs at the vaststelling too (art. 4.3, ADR 0024).
        maxShareOfWageCostsBp: SCENARIO_CATEGORY.maxShareOfWageCostsBp,
      },
    ]);
    const text = await pdfText(
      await renderDecisionLetter(await loadDecisionLetterInput(prisma, decision.id)),
    );
    expect(text).toContain("Ik verleen u een subsidie van ten hoogste € 625.000,01");
    expect(text).toContain(
      "De subsidie bedraagt 100% van de subsidiabele kosten van de maatregel “Leerwerkplekken voor jongeren” " +
        "(categorie ‘Indienstneming van kwetsbare werknemers’, artikel 4.4 van de regeling) en 50% van de " +
        "subsidiabele kosten van de overige maatregelen (cofinancieringspercentage 50%), per jaar naar beneden " +
        "afgerond op hele centen",
    );
  });

  it("a second plan, granted in part in one year, is settled per rate class as worked out by hand", async () => {
    partial = await submittedCategoryPlan(s, s.applicantB);
    await markComplete(s.handler, partial, await versionOf(partial), { agreementSigned: true });
    const granted = [24_000_000n, MOST[1]] as const;
    const version = await advise(s, partial, granted, true);
    const [y1, y2] = Y(s);
    await decidePlan(s.decisionMaker, partial, version, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "De kosten van het eerste jaar zijn deels onderbouwd.",
      amounts: [
        { year: y1, amount: granted[0] },
        { year: y2, amount: granted[1] },
      ],
    });
    await reportExecutionStart(s.applicantB, partial, await versionOf(partial), amsterdamDate(new Date()));
    // The regulation's rate changes after the grant: the vaststelling follows the grant's terms.
    await changeMeasureCategory(await s.newUser("FINANCE"), s.regulation.id, {
      code: SCENARIO_CATEGORY.code,
      rate: 5000,
      maxShareOfWageCosts: 2000,
    });

    setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    const measures = await prisma.measure.findMany({
      where: { planId: partial },
      orderBy: { position: "asc" },
    });
    const [training, hires] = measures;
    if (!training || !hires) throw new Error("two measures");
    const spent: [string, number, bigint][] = [
      [training.id, y1, 35_000_000n],
      [training.id, y2, 25_000_001n],
      [hires.id, y1, 5_000_000n],
      [hires.id, y2, 16_000_000n],
    ];
    const opened = await openRealisationReport(s.applicantB, partial);
    const r = await saveReportStep(s.applicantB, partial, opened.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "20" })),
      summary: "De scholing liep in het eerste jaar uit; de plaatsingen kwamen later op gang.",
    });
    const c = await saveReportStep(s.applicantB, partial, r.version, "costs", {
      costs: spent.map(([measureId, year, cents]) => ({
        measureId,
        year: String(year),
        amount: euroInput(cents),
      })),
    });
    expect(c.issues).toEqual([]);
    const { report } = await getRealisationReport(s.applicantB, partial);
    await submitRealisationReport(s.applicantB, partial, report?.version ?? 0, true);

    // By hand (ADR 0024). Year 1 granted 24/30 of the request: the 50% class covers
    // ⌊40.000.001 × 0,8⌋ = 32.000.000, the 100% class 8.000.000; year 2 in full: 35.000.003 and
    // 15.000.000. Eligible 90.000.003. Counted: 50% class min(35.000.000, 32.000.000) +
    // 25.000.001 = 57.000.001; 100% class 5.000.000 + min(16.000.000, 15.000.000) = 20.000.000;
    // 77.000.001 in all (by year alone year 1 would count all 40.000.000). Realisation
    // ⌊77.000.001 / 90.000.003⌋ = 85,55%. Overhead ⌊15% × 77.000.001⌋ = 11.550.000, at the own 50%.
    // Amount ⌊(57.000.001 × 5000 + 20.000.000 × 10000 + 11.550.000 × 5000) / 10000⌋
    // = ⌊28.500.000,5 + 20.000.000 + 5.775.000⌋ = 54.275.000, under the grant of 56.500.001.
    const basis = await loadSettlementBasis(prisma, partial);
    expect(basis.measures.map((m) => m.rateBp)).toEqual([5000, 10_000]);
    const f = computeSettlement(basis.rule);
    expect(f.classes).toEqual([
      { rateBp: 10_000, eligibleCents: 23_000_000n, actualCents: 21_000_000n, countedCents: 20_000_000n },
      { rateBp: 5000, eligibleCents: 67_000_003n, actualCents: 60_000_001n, countedCents: 57_000_001n },
    ]);
    expect(f.countedPerYear.map((y) => y.cents)).toEqual([37_000_000n, 40_000_001n]);
    expect(f).toMatchObject({
      eligibleCostsCents: 90_000_003n,
      countedCostsCents: 77_000_001n,
      realisationBp: 8555,
      overheadCents: 11_550_000n,
      rateAmountCents: 54_275_000n,
      cappedCents: 54_275_000n,
      belowThreshold: false,
    });
    const page = await settlementPage(s.handler, partial);
    expect(page.figures).toMatchObject({ mixedRates: true, rateAmount: formatEuro(54_275_000n) });

    await proposeSettlement(s.handler, partial, await versionOf(partial), {
      amountCents: 54_275_000n,
      motivation: "Kosten gecontroleerd en akkoord.",
    });
    const { settledCents } = await settlePlan(s.decisionMaker, partial, await versionOf(partial), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(54_275_000n);
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: partial } });
    expect(settlement).toMatchObject({
      plannedCostsCents: 90_000_003n,
      actualCostsCents: 77_000_001n,
      realisationBp: 8555,
      overheadCents: 11_550_000n,
    });
    const text = await pdfText(
      await renderSettlementLetter(await loadSettlementLetterInput(prisma, settlement.id)),
    );
    expect(text).toContain("Meegeteld tegen 100% € 200.000,00");
    expect(text).toContain("Meegeteld tegen 50% € 570.000,01");
    expect(text).toContain("Subsidie berekend € 542.750,00");
    setClock(null);
  });
});

describe("the category's rate changes between submission and decision", () => {
  let s: Scenario;
  let planId: string;
  beforeAll(async () => {
    s = await createScenario();
    planId = await submittedCategoryPlan(s);
    await declareComplete(s.handler, planId, await versionOf(planId));
    await changeMeasureCategory(await s.newUser("FINANCE"), s.regulation.id, {
      code: SCENARIO_CATEGORY.code,
      rate: 8000,
      maxShareOfWageCosts: 2000,
    });
  });

  it("every reader before the decision caps at the regulation's new rate", async () => {
    const [y1] = Y(s);
    const amounts = (await completenessChecklist(prisma, planId, { agreementSigned: true })).find(
      (i) => i.code === "amounts",
    );
    expect(amounts?.ok).toBe(false);
    expect(amounts?.reason).toContain(
      `De gevraagde subsidie voor ${y1} is hoger dan de cofinancieringspercentages toestaan: hoogstens ${formatEuro(MOST_AT_80[0])}`,
    );
    const page = await decisionPage(s.decisionMaker, planId);
    expect(page.years.map((y) => y.maxCents)).toEqual(MOST_AT_80.map(String));
    const view = await getPlanView(s.handler, planId);
    expect(view.years.map((y) => y.maxCents)).toEqual(MOST_AT_80.map(String));
    expect(view.content.context.maxPerYear).toEqual(MOST_AT_80.map(String));
  });

  it("the decision refuses the old most, grants the new and keeps it after a later change", async () => {
    const version = await advise(s, planId, MOST_AT_80, true);
    const [y1, y2] = Y(s);
    const values = (a: readonly bigint[]) => ({
      outcome: "PARTIAL_GRANT" as const,
      ground: "art-2.5-analyse",
      reason: "Meer dan de percentages toestaan is niet te verlenen.",
      amounts: [
        { year: y1, amount: a[0] ?? 0n },
        { year: y2, amount: a[1] ?? 0n },
      ],
    });
    await expect(decide(s.decisionMaker, planId, version, values([MOST[0], 1n]))).rejects.toThrow(
      `hoogstens ${formatEuro(MOST_AT_80[0])}`,
    );
    await decide(s.decisionMaker, planId, version, values(MOST_AT_80));
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    expect(parseGrantTerms(decision.terms).measureCategories.map((c) => c.rateBp)).toEqual([8000]);

    // The rate changes again: the grant keeps 80% on every reader.
    await changeMeasureCategory(await s.newUser("FINANCE"), s.regulation.id, {
      code: SCENARIO_CATEGORY.code,
      rate: 10_000,
      maxShareOfWageCosts: 2000,
    });
    const view = await getPlanView(s.applicantA, planId);
    expect(view.years.map((y) => y.maxCents)).toEqual(MOST_AT_80.map(String));
    expect(view.measures.map((m) => m.rateBp)).toEqual([5000, 8000]);
    expect((await decisionPage(s.decisionMaker, planId)).years.map((y) => y.maxCents)).toEqual(
      MOST_AT_80.map(String),
    );
    const basis = await loadSettlementBasis(prisma, planId);
    expect(basis.measures.map((m) => m.rateBp)).toEqual([5000, 8000]);
    expect(basis.rateClasses.map((c) => c.rateBp)).toEqual([8000, 5000]);
    const text = await pdfText(
      await renderDecisionLetter(await loadDecisionLetterInput(prisma, decision.id)),
    );
    expect(text).toContain(
      "De subsidie bedraagt 80% van de subsidiabele kosten van de maatregel “Leerwerkplekken voor jongeren”",
    );
  });
});

describe("the category is removed from the regulation after submission", () => {
  let s: Scenario;
  let planId: string;
  beforeAll(async () => {
    s = await createScenario();
    planId = await submittedCategoryPlan(s);
    await declareComplete(s.handler, planId, await versionOf(planId));
    // No form removes a category (a new regulation text does): the row is changed as a migration would.
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { measureCategories: [] } });
  });

  it("every reader counts the measure at the own rate, and says so where a person decides", async () => {
    const [y1] = Y(s);
    const amounts = (await completenessChecklist(prisma, planId, { agreementSigned: true })).find(
      (i) => i.code === "amounts",
    );
    expect(amounts?.ok).toBe(false);
    expect(amounts?.reason).toContain(`De gevraagde subsidie is hoger dan 50% van de kosten in ${y1}`);
    expect(amounts?.reason).toContain(
      `De maatregel “Leerwerkplekken voor jongeren” heeft de categorie “${SCENARIO_CATEGORY.code}”, die de regeling niet (meer) kent: ze telt mee tegen 50%.`,
    );
    const page = await decisionPage(s.decisionMaker, planId);
    expect(page.years.map((y) => y.maxCents)).toEqual(MOST_AT_50.map(String));
    for (const actor of [s.applicantA, s.handler]) {
      const view = await getPlanView(actor, planId);
      expect(view.years.map((y) => y.maxCents)).toEqual(MOST_AT_50.map(String));
      expect(view.content.context.maxPerYear).toEqual(MOST_AT_50.map(String));
      expect(view.measures.map((m) => m.rateBp)).toEqual([5000, 5000]);
      expect(view.regulation.ownRates).toBe(false);
    }
    // The plan page's summary says why the measure counts at 50%, where it named only the code.
    const view = await getPlanView(s.applicantA, planId);
    expect(summaryText(view, "nl")).toContain(
      `Categorie ${SCENARIO_CATEGORY.code}: deze categorie kent de regeling niet (meer); cofinanciering 50%`,
    );
    expect(summaryText(view, "en")).toContain(
      `Category ${SCENARIO_CATEGORY.code}: the regulation does not (or no longer) know this category; co-financing 50%`,
    );
    // The applicant's wizard (were the plan reopened) names the category it no longer knows.
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, planId);
    expect(wizard.context.maxPerYear).toEqual(MOST_AT_50.map(String));
    expect(wizard.issues.measures.map((i) => i.message)).toContain(
      `De categorie "${SCENARIO_CATEGORY.code}" bestaat niet (meer) in deze regeling; kies een categorie uit de lijst of "Geen".`,
    );
  });

  it("the decision caps at the own rate, and the letter and settlement know no category", async () => {
    const version = await advise(s, planId, MOST_AT_50, true);
    const [y1, y2] = Y(s);
    const values = (a: readonly bigint[]) => ({
      outcome: "PARTIAL_GRANT" as const,
      ground: "art-2.5-analyse",
      reason: "De categorie bestaat niet meer in de regeling.",
      amounts: [
        { year: y1, amount: a[0] ?? 0n },
        { year: y2, amount: a[1] ?? 0n },
      ],
    });
    await expect(decide(s.decisionMaker, planId, version, values([MOST[0], 1n]))).rejects.toBeInstanceOf(
      RuleViolation,
    );
    await decide(s.decisionMaker, planId, version, values(MOST_AT_50));
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    expect(parseGrantTerms(decision.terms).measureCategories).toEqual([]);
    const input = await loadDecisionLetterInput(prisma, decision.id);
    expect(input.rateCategories).toBeUndefined();
    const text = await pdfText(await renderDecisionLetter(input));
    expect(text).toContain(
      "De subsidie bedraagt 50% van de subsidiabele kosten (cofinancieringspercentage 50%)",
    );
    const basis = await loadSettlementBasis(prisma, planId);
    expect(basis.rateClasses).toEqual([]);
    expect(basis.measures.map((m) => m.rateBp)).toEqual([5000, 5000]);
  });
});

describe("the category's rate is set to the own rate before the decision", () => {
  let s: Scenario;
  let planId: string;
  beforeAll(async () => {
    s = await createScenario();
    planId = await submittedCategoryPlan(s);
    await declareComplete(s.handler, planId, await versionOf(planId));
    await changeMeasureCategory(await s.newUser("FINANCE"), s.regulation.id, {
      code: SCENARIO_CATEGORY.code,
      rate: 5000,
      maxShareOfWageCosts: 2000,
    });
  });

  it("no reader names the category as a rate of its own: the letter neither", async () => {
    const page = await decisionPage(s.decisionMaker, planId);
    expect(page.years.map((y) => [y.maxCents, y.maxBasis])).toEqual(
      MOST_AT_50.map((m) => [String(m), "50% van de kosten"]),
    );
    const version = await advise(s, planId, MOST_AT_50, true);
    const [y1, y2] = Y(s);
    await decide(s.decisionMaker, planId, version, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "De categorie wordt nu tegen 50% gecofinancierd.",
      amounts: [
        { year: y1, amount: MOST_AT_50[0] },
        { year: y2, amount: MOST_AT_50[1] },
      ],
    });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    // The terms keep the category (at 50%): the vaststelling reads them, and counts one class.
    expect(parseGrantTerms(decision.terms).measureCategories.map((c) => c.rateBp)).toEqual([5000]);
    const basis = await loadSettlementBasis(prisma, planId);
    expect(basis.rateClasses).toEqual([]);
    const input = await loadDecisionLetterInput(prisma, decision.id);
    expect(input.rateCategories).toBeUndefined();
    const text = await pdfText(await renderDecisionLetter(input));
    expect(text).toContain(
      "De subsidie bedraagt 50% van de subsidiabele kosten (cofinancieringspercentage 50%), tot ten hoogste het " +
        "verleende bedrag (artikel 4:31 Awb).",
    );
  });
});
