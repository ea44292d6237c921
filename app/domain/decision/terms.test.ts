import { createHash } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, euroInput, SCENARIO_CATEGORY, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { renderDecisionLetter } from "../documents/decision-letter.server.ts";
import { loadDecisionLetterInput } from "../documents/decision-letter-input.server.ts";
import { produceDecisionLetter } from "../documents/produce.server.ts";
import { loadSettlementLetterInput, renderSettlementLetter } from "../documents/settlement-letter.server.ts";
import { scheduleAdvances } from "../payments/schedule.server.ts";
import { rateOfMeasure } from "../plan/cofinancing.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { getPlanView } from "../plan/view.server.ts";
import { updateRegulationParameters } from "../regulation/setup.server.ts";
import { regulationParamsSchema } from "../regulation/setup-schemas.ts";
import { computeSettlement } from "../settlement/compute.ts";
import { loadSettlementBasis, proposeSettlement } from "../settlement/propose.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  saveReportStep,
  submitRealisationReport,
} from "../settlement/report.server.ts";
import { settlePlan } from "../settlement/settle.server.ts";
import { settlementDecisionDueOn } from "../settlement/terms.ts";
import { applicantSettlementSummary } from "../settlement/view.server.ts";
import { localDateFromDb, startOfAmsterdamDay } from "../time/index.ts";
import { revokeGrant } from "./decide.server.ts";
import { decisionPage } from "./page.server.ts";
import { planTerms } from "./terms.server.ts";
import {
  cofinancingRatesOf,
  grantTermsJson,
  parseGrantTerms,
  termsFromRegulation,
  wageCostShareOf,
} from "./terms.ts";

/**
 * A grant keeps the terms it was made on (decision/terms.ts): the scenario of the defect. The grant
 * letter of 30 November 2026 says "binnen zes maanden … uiterlijk 31 mei 2027" and 50%; finance then
 * sets the term to three months, the rate to 40% and more. The start on day 95, the revocation
 * guard, the advances, the report's term, the settlement and every re-rendered letter still follow
 * the decision.
 */

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The regulation form as finance sends it, with the values of the real scheme unless changed. */
function paramsForm(change: Record<string, string> = {}) {
  return regulationParamsSchema.parse({
    cofinancingRate: "50",
    minimumRequest: "250.000",
    maxDurationMonths: "24",
    extensionMonths: "6",
    minThemes: "2",
    decisionTermWeeks: "13",
    hersteltermijnDays: "14",
    executionStartMonths: "6",
    settlementRequestWeeks: "13",
    settlementDecisionWeeks: "22",
    advanceInitial: "10",
    advanceMax: "80",
    advanceIntervalMonths: "6",
    settlementThreshold: "60",
    advisersRequired: "1",
    ...change,
  });
}

const DECIDED_AT = new Date("2026-11-30T10:00:00Z");

describe("a grant keeps the terms of its decision when the regulation changes", () => {
  let s: Scenario;
  let finance: Actor;
  let planId: string;
  let decisionId: string;
  beforeAll(async () => {
    setClock(DECIDED_AT);
    s = await createScenario();
    finance = await s.newUser("FINANCE");
    const { id, version } = await completePlan(s);
    await grantPlan(s, id, await advisePlan(s, id, version));
    planId = id;
    decisionId = (await prisma.decision.findUniqueOrThrow({ where: { planId } })).id;
  });
  afterAll(async () => {
    setClock(null);
    await disconnectPrisma();
  });

  it("follows the decision in the guards, the advances, the settlement and every letter", async () => {
    // The decision recorded the regulation's terms as they stood.
    const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(parseGrantTerms(decision.terms)).toMatchObject({
      cofinancingRateBp: 5000,
      settlementThresholdBp: 6000,
      executionStartMonths: 6,
      settlementRequestWeeks: 13,
      settlementDecisionWeeks: 22,
      advanceInitialBp: 1000,
      overheadTiers: [{ uptoCents: null, rateBp: 1500 }],
    });
    const letterDoc = await produceDecisionLetter(decisionId);
    const letter = await renderDecisionLetter(await loadDecisionLetterInput(prisma, decisionId));
    expect(sha256(letter)).toBe(letterDoc.sha256);
    const letterText = await pdfText(letter);
    expect(letterText).toContain("binnen zes maanden");
    // 30 November 2026 + six months = Sunday 30 May 2027; not moved (Atw art. 4 sub a).
    expect(letterText).toContain("uiterlijk 30 mei 2027");
    expect(letterText).toContain("50%");
    const advances = await prisma.payment.findMany({
      where: { planId },
      orderBy: { sequence: "asc" },
      select: { sequence: true, dueOn: true, amountCents: true },
    });
    expect(advances[0]?.amountCents).toBe(6_000_000n); // 10% of € 600.000

    // Finance changes the regulation: these govern the plans decided from now on.
    const { changed } = await updateRegulationParameters(
      finance,
      s.regulation.id,
      paramsForm({
        executionStartMonths: "3",
        cofinancingRate: "40",
        settlementThreshold: "70",
        settlementRequestWeeks: "4",
        settlementDecisionWeeks: "10",
        advanceInitial: "20",
        advanceMax: "90",
        advanceIntervalMonths: "3",
        extensionMonths: "3",
      }),
    );
    expect(changed).toContain("executionStartMonths");
    // Not settable by the form, but a grant's terms as much: the overhead of art. 5.6.
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { overheadTiers: [{ uptoCents: null, rateBp: 0 }] },
    });
    // An undecided plan follows the regulation as it now stands.
    const undecided = await submittedPlan(s, "250.000,00");
    expect((await planTerms(prisma, undecided.id)).cofinancingRateBp).toBe(4000);
    expect((await planTerms(prisma, planId)).cofinancingRateBp).toBe(5000);

    // A retried letter job renders the same bytes: the same term, date and rate.
    const again = await renderDecisionLetter(await loadDecisionLetterInput(prisma, decisionId));
    expect(sha256(again)).toBe(letterDoc.sha256);
    const againText = await pdfText(again);
    expect(againText).not.toContain("drie maanden");
    expect(againText).not.toContain("1 maart 2027");
    expect(againText).not.toContain("40%");

    // The plan page says six months, and 50%.
    const view = await getPlanView(s.applicantA, planId);
    expect(view.regulation).toMatchObject({ executionStartMonths: 6, rateBp: 5000 });

    // The advances, were they scheduled again, are the ones the letter announced.
    await prisma.payment.deleteMany({ where: { planId } });
    await prisma.$transaction((tx) => scheduleAdvances(tx, planId));
    expect(
      await prisma.payment.findMany({
        where: { planId },
        orderBy: { sequence: "asc" },
        select: { sequence: true, dueOn: true, amountCents: true },
      }),
    ).toEqual(advances);

    // Day 95 (5 March 2027): past three months, within six. Not yet revocable …
    setClock(new Date("2027-03-05T10:00:00Z"));
    const page = await decisionPage(s.decisionMaker, planId);
    expect(page.revoke?.from).toBe(startOfAmsterdamDay("2027-05-31").toISOString());
    expect(page.revoke?.refusal).toContain("tot en met 30 mei 2027");
    const granted = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    await expect(
      revokeGrant(s.decisionMaker, planId, granted.version, "Niet op tijd begonnen."),
    ).rejects.toThrow(/tot en met 30 mei 2027/);
    // … and the start on that day is accepted.
    await reportExecutionStart(s.applicantA, planId, granted.version, "2027-03-05");
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe("IN_EXECUTION");

    // After the end (31 December 2028): the report is due 13 weeks later, not 4.
    setClock(new Date("2029-01-20T10:00:00Z"));
    const opened = await openRealisationReport(s.applicantA, planId);
    expect(opened.dueWeeks).toBe(13);
    // 31 December + 13 weeks is Easter Sunday 1 April 2029, and it stays: the Atw does not apply
    // to a term of more than twelve weeks (art. 4 sub a).
    expect(opened.dueOn).toBe("2029-04-01");
    const report = await prisma.realisationReport.findUniqueOrThrow({ where: { planId } });
    expect(report.dueOn && localDateFromDb(report.dueOn)).toBe("2029-04-01");

    // € 227.500 per measure and year: € 910.000 of € 1.400.000, 65% — above the grant's 60%,
    // below the regulation's new 70%.
    const measures = await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } });
    const years = [s.year + 1, s.year + 2];
    const r = await saveReportStep(s.applicantA, planId, opened.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "100" })),
      summary: "De scholing liep volgens plan; de jongerenmaatregel kwam later op gang.",
    });
    const c = await saveReportStep(s.applicantA, planId, r.version, "costs", {
      costs: measures.flatMap((m) =>
        years.map((year) => ({ measureId: m.id, year: String(year), amount: euroInput(22_750_000n) })),
      ),
    });
    expect(c.issues).toEqual([]);
    const { report: saved } = await getRealisationReport(s.applicantA, planId);
    await submitRealisationReport(s.applicantA, planId, saved?.version ?? 0, true);

    // The vaststelling's term is the grant's 22 weeks, on the page and in the reminder.
    expect((await applicantSettlementSummary(planId))?.decisionWeeks).toBe(22);
    const reminder = await prisma.reminder.findFirstOrThrow({
      where: { planId, kind: "SETTLEMENT_DECISION_WARNING" },
    });
    expect(localDateFromDb(reminder.termEnd)).toBe(settlementDecisionDueOn("2029-01-20", 22));

    // The rule on the grant's terms: 50% of (€ 910.000 + 15% overhead) = € 523.250, not nil.
    const basis = await loadSettlementBasis(prisma, planId);
    expect(basis.rule).toMatchObject({ cofinancingRateBp: 5000, settlementThresholdBp: 6000 });
    const figures = computeSettlement(basis.rule);
    expect(figures.belowThreshold).toBe(false);
    expect(figures.cappedCents).toBe(52_325_000n);
    const requested = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    await proposeSettlement(s.handler, planId, requested.version, {
      amountCents: 52_325_000n,
      motivation: "Kosten gecontroleerd en akkoord.",
    });
    const { settledCents } = await settlePlan(
      s.decisionMaker,
      planId,
      (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version,
      { reduction: null, reason: "Vastgesteld zoals voorgesteld." },
    );
    expect(settledCents).toBe(52_325_000n);

    // The settlement letter says 50% and 15%, and says it again after the next change.
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId } });
    const settlementLetter = await renderSettlementLetter(
      await loadSettlementLetterInput(prisma, settlement.id),
    );
    const settlementText = await pdfText(settlementLetter);
    expect(settlementText).toContain("50% daarvan");
    expect(settlementText).toContain("15%");
    await updateRegulationParameters(finance, s.regulation.id, paramsForm({ cofinancingRate: "45" }));
    const settlementAgain = await renderSettlementLetter(
      await loadSettlementLetterInput(prisma, settlement.id),
    );
    expect(sha256(settlementAgain)).toBe(sha256(settlementLetter));
  });

  it("words the objection clause with the Awb's six weeks", async () => {
    const text = await pdfText(await renderDecisionLetter(await loadDecisionLetterInput(prisma, decisionId)));
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    expect(text).not.toContain("vier weken");
  });
});

describe("the measure categories in a grant's terms (ADR 0024)", () => {
  const regulationRow = {
    cofinancingRateBp: 5000,
    measureCategories: [SCENARIO_CATEGORY],
    settlementThresholdBp: 6000,
    overheadTiers: [
      { uptoCents: "100000000", rateBp: 1500 },
      { uptoCents: null, rateBp: 700 },
    ],
    executionStartMonths: 6,
    extensionMonths: 6,
    settlementRequestWeeks: 13,
    settlementDecisionWeeks: 22,
    advanceInitialBp: 1000,
    advanceMaxBp: 8000,
    advanceIntervalMonths: 6,
  };

  it("records the regulation's categories and reads them back as stored", () => {
    const terms = termsFromRegulation(regulationRow);
    // What the grant needs of a category: the wage-cost share too, which caps the eligible costs at
    // the vaststelling (art. 4.3); net job growth is the application's.
    expect(terms.measureCategories).toEqual([
      {
        code: "kwetsbare-werknemers",
        label: "Indienstneming van kwetsbare werknemers",
        rateBp: 10_000,
        legalBasis: "artikel 4.4",
        maxShareOfWageCostsBp: 2000,
      },
    ]);
    // Through JSON, as Decision.terms holds them.
    const stored = JSON.parse(JSON.stringify(grantTermsJson(terms)));
    expect(parseGrantTerms(stored)).toEqual(terms);
    expect(cofinancingRatesOf(parseGrantTerms(stored))).toEqual({
      rateBp: 5000,
      categories: terms.measureCategories,
    });
    expect(rateOfMeasure(cofinancingRatesOf(terms), SCENARIO_CATEGORY.code)).toBe(10_000);
  });

  it("reads a decision taken before categories existed as the migration left it: none", () => {
    const stored = JSON.parse(JSON.stringify(grantTermsJson(termsFromRegulation(regulationRow))));
    const { measureCategories: _, ...before } = stored;
    // What 20261130184500_grant_terms_measure_categories made of such a row.
    const migrated = { ...before, measureCategories: [] };
    const terms = parseGrantTerms(migrated);
    expect(terms.measureCategories).toEqual([]);
    expect(rateOfMeasure(cofinancingRatesOf(terms), SCENARIO_CATEGORY.code)).toBe(5000);
    // A row the migration did not reach is a fault to see, not a grant read at the own rate.
    expect(() => parseGrantTerms(before)).toThrow();
  });

  it("keeps the category's wage-cost share, which caps the vaststelling (art. 4.3)", () => {
    const stored = JSON.parse(JSON.stringify(grantTermsJson(termsFromRegulation(regulationRow))));
    expect(stored.measureCategories[0].maxShareOfWageCostsBp).toBe(2000);
    // The regulation changes after the decision: the grant's share governs.
    const today = [{ ...SCENARIO_CATEGORY, maxShareOfWageCostsBp: 4000 }];
    expect(wageCostShareOf(parseGrantTerms(stored), today, SCENARIO_CATEGORY.code)).toBe(2000);
    // A category without a cap stays without one, also when the regulation has one today.
    const uncapped = termsFromRegulation({
      ...regulationRow,
      measureCategories: [{ ...SCENARIO_CATEGORY, maxShareOfWageCostsBp: null }],
    });
    const read = parseGrantTerms(JSON.parse(JSON.stringify(grantTermsJson(uncapped))));
    expect(wageCostShareOf(read, today, SCENARIO_CATEGORY.code)).toBeNull();
    // No category, or one the grant does not know: no cap.
    expect(wageCostShareOf(parseGrantTerms(stored), today, null)).toBeNull();
    expect(wageCostShareOf(parseGrantTerms(stored), today, "onbekend")).toBeNull();
  });

  it("reads a grant that did not record the share with the regulation's category as it stands", () => {
    const stored = JSON.parse(JSON.stringify(grantTermsJson(termsFromRegulation(regulationRow))));
    // As decide() wrote the terms before the grant recorded the share.
    const { maxShareOfWageCostsBp: _, ...category } = stored.measureCategories[0];
    const before = parseGrantTerms({ ...stored, measureCategories: [category] });
    expect(before.measureCategories[0]).not.toHaveProperty("maxShareOfWageCostsBp");
    // Written back as read: absent stays absent, not "no cap".
    expect(JSON.parse(JSON.stringify(grantTermsJson(before))).measureCategories[0]).toEqual(category);
    expect(wageCostShareOf(before, [SCENARIO_CATEGORY], SCENARIO_CATEGORY.code)).toBe(2000);
    // The regulation no longer knows the category: there is no share to read.
    expect(wageCostShareOf(before, [], SCENARIO_CATEGORY.code)).toBeNull();
  });
});
