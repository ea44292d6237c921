import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, EUR, SCENARIO_CATEGORY, type Scenario } from "../../test/scenario.server.ts";
import { renderDecisionLetter } from "../documents/decision-letter.server.ts";
import { loadDecisionLetterInput } from "../documents/decision-letter-input.server.ts";
import { RuleViolation } from "../errors.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { decide } from "./decide.server.ts";
import { decisionPage } from "./page.server.ts";
import { parseGrantTerms } from "./terms.ts";

/**
 * The decision on a plan with a measure in a category of its own rate (ADR 0024): the scenario's
 * plan costs € 700.000 a year, € 580.000 of training at the own 50% and € 120.000 of young people's
 * work placements, here in the kwetsbare-werknemers category at 100%. A year may be granted at most
 * 50% × € 580.000 + 100% × € 120.000 = € 410.000, where one rate of 50% would allow € 350.000.
 */

const CAP = EUR(410_000);

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  // Read past the pages' footers: a paragraph may run onto the next page.
  return text.replace(/\s+/g, " ").replace(/Kenmerk SP-\S+ pagina \d+ van \d+ /g, "");
}

describe("a decision on a plan with a measure at 100%", () => {
  let s: Scenario;
  let planId: string;
  let version: number;
  const amounts = (a: bigint, b: bigint) => [
    { year: s.year + 1, amount: a },
    { year: s.year + 2, amount: b },
  ];

  beforeAll(async () => {
    s = await createScenario();
    const submitted = await submittedPlan(s);
    planId = submitted.id;
    await prisma.measure.updateMany({
      where: { planId, title: "Leerwerkplekken voor jongeren" },
      data: { category: SCENARIO_CATEGORY.code },
    });
    // More asked than the rates allow, so that the cap and not the request is what refuses.
    await prisma.planYear.updateMany({ where: { planId }, data: { requestedCents: EUR(420_000) } });
    const completed = await declareComplete(s.handler, planId, submitted.version);
    await prisma.adviserAssignment.create({
      data: {
        planId,
        adviserId: s.adviser.userId,
        assignedById: s.coordinator.userId,
        assignedAt: new Date(),
        status: "ACTIVE",
      },
    });
    const advised = await recordAdvice(s.adviser, planId, completed.version, {
      recommendation: "PARTIAL_GRANT",
      text: "Goed onderbouwd; de rest past niet in de percentages.",
      amounts: amounts(CAP, CAP),
      scores: [{ criterion: "analyse", score: 4, motivation: "Voldoende." }],
    });
    version = advised.version;
  });
  afterAll(async () => {
    await disconnectPrisma();
  });

  it("shows per year the most that may be granted, and of what", async () => {
    const page = await decisionPage(s.decisionMaker, planId);
    expect(page.years).toEqual([
      {
        year: s.year + 1,
        requestedCents: EUR(420_000).toString(),
        maxCents: CAP.toString(),
        maxBasis:
          "100% van €\u00a0120.000,00 (Indienstneming van kwetsbare werknemers) en 50% van €\u00a0580.000,00",
      },
      {
        year: s.year + 2,
        requestedCents: EUR(420_000).toString(),
        maxCents: CAP.toString(),
        maxBasis:
          "100% van €\u00a0120.000,00 (Indienstneming van kwetsbare werknemers) en 50% van €\u00a0580.000,00",
      },
    ]);
  });

  it("refuses a cent above the mixed cap and grants the cap, recording the categories", async () => {
    const values = (a: bigint) => ({
      outcome: "PARTIAL_GRANT" as const,
      ground: "art-2.5-analyse",
      reason: "Meer dan de percentages toestaan is niet te verlenen.",
      amounts: amounts(a, CAP),
    });
    const refused = decide(s.decisionMaker, planId, version, values(CAP + 1n));
    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(decide(s.decisionMaker, planId, version, values(CAP + 1n))).rejects.toThrow(
      "Het bedrag voor " +
        `${s.year + 1} is hoger dan de cofinancieringspercentages toestaan: 100% van €\u00a0120.000,00 ` +
        "(Indienstneming van kwetsbare werknemers) en 50% van €\u00a0580.000,00 aan subsidiabele kosten in dat jaar, " +
        "hoogstens €\u00a0410.000,00. Verlaag het bedrag.",
    );

    const decided = await decide(s.decisionMaker, planId, version, values(CAP));
    expect(decided.status).toBe("PARTIALLY_GRANTED");
    const decision = await prisma.decision.findUniqueOrThrow({
      where: { planId },
      include: { years: { orderBy: { year: "asc" } } },
    });
    expect(decision.years.map((y) => y.grantedCents)).toEqual([CAP, CAP]);
    expect(parseGrantTerms(decision.terms).measureCategories).toEqual([
      {
        code: SCENARIO_CATEGORY.code,
        label: SCENARIO_CATEGORY.label,
        rateBp: 10_000,
        legalBasis: SCENARIO_CATEGORY.legalBasis,
        maxShareOfWageCostsBp: SCENARIO_CATEGORY.maxShareOfWageCostsBp,
      },
    ]);
  });

  it("says in the letter which measures the category's rate covers, and on which basis", async () => {
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    // The category as the decision recorded it, whatever the regulation says later.
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { measureCategories: [] } });
    const input = await loadDecisionLetterInput(prisma, decision.id);
    expect(input.rateCategories).toEqual([
      {
        label: SCENARIO_CATEGORY.label,
        rateBp: 10_000,
        legalBasis: "artikel 4.4",
        measures: ["Leerwerkplekken voor jongeren"],
      },
    ]);
    const text = await pdfText(await renderDecisionLetter(input));
    expect(text).toContain(
      "De subsidie bedraagt 100% van de subsidiabele kosten van de maatregel “Leerwerkplekken voor jongeren” " +
        "(categorie ‘Indienstneming van kwetsbare werknemers’, artikel 4.4 van de regeling) en 50% van de " +
        "subsidiabele kosten van de overige maatregelen (cofinancieringspercentage 50%), per jaar naar beneden " +
        "afgerond op hele centen, tot ten hoogste het verleende bedrag (artikel 4:31 Awb). Een opslag voor " +
        "overheadkosten bereken ik bij de vaststelling; die subsidieer ik tegen 50%.",
    );
  });
});
