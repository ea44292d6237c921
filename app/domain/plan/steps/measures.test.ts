import { describe, expect, it } from "vitest";
import {
  issueMessages,
  SCENARIO_CATEGORY,
  scenarioRules,
  validPlanDraft,
} from "../../../test/scenario.server.ts";
import {
  emptyMeasure,
  HIRING_GROUNDS,
  hiringGroundOf,
  type MeasureInput,
  type MeasuresStepInput,
  measuresStepSchema,
  measureTotals,
  ratedTotals,
  withApplicableCategoryFields,
} from "./measures.ts";

const rules = scenarioRules(2026);
const years = [2027, 2028];
const schema = measuresStepSchema(rules, { years });
const valid = (): MeasuresStepInput => validPlanDraft(2026).measures;
/** The valid step with the first measure changed. */
const withFirst = (patch: Partial<MeasureInput>): MeasuresStepInput => {
  const step = valid();
  step.measures[0] = { ...(step.measures[0] as MeasureInput), ...patch };
  return step;
};
const messagesFor = (patch: Partial<MeasureInput>) => issueMessages(schema.safeParse(withFirst(patch)));

const INVALID_AMOUNT =
  "staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.";

describe("step 4, the measures", () => {
  it("accepts the measures, with amounts in cents and participants as numbers", () => {
    const out = schema.parse(valid());
    expect(out.measures[0]).toMatchObject({
      theme: "scholing",
      participants: 400,
      costPerParticipant: 290_000n,
      costs: [
        { year: 2027, amount: 58_000_000n },
        { year: 2028, amount: 58_000_000n },
      ],
    });
  });

  it("requires at least one measure and at least two different themes", () => {
    expect(issueMessages(schema.safeParse({ measures: [] })).measures).toBe(
      "Voeg ten minste één maatregel toe.",
    );
    const same = valid();
    for (const m of same.measures) m.theme = "scholing";
    expect(issueMessages(schema.safeParse(same)).measures).toBe(
      "De maatregelen moeten samen ten minste 2 verschillende thema's dekken.",
    );
  });

  it("refuses a theme outside the regulation's list", () => {
    expect(messagesFor({ theme: "vakantie" })["measures.0.theme"]).toBe("Kies een thema uit de lijst.");
    expect(messagesFor({ theme: "" })["measures.0.theme"]).toBe("Kies een thema uit de lijst.");
  });

  it("requires title, description and executing party; conditions are optional", () => {
    const m = messagesFor({ title: "", description: "  ", executingParty: "", conditions: "" });
    expect(m).toEqual({
      "measures.0.title": "Vul de titel van de maatregel in.",
      "measures.0.description": "Vul de beschrijving van de maatregel in.",
      "measures.0.executingParty": "Vul de uitvoerende partij in.",
    });
  });

  it("caps titles at 200 characters and long texts at 10,000; HTML stays text", () => {
    const m = messagesFor({
      title: "x".repeat(201),
      description: "x".repeat(10_001),
      conditions: "x".repeat(10_001),
      executingParty: "x".repeat(201),
    });
    expect(m).toEqual({
      "measures.0.title": "De titel van de maatregel mag hoogstens 200 tekens hebben.",
      "measures.0.description": "De beschrijving van de maatregel mag hoogstens 10000 tekens hebben.",
      "measures.0.conditions": "De voorwaarden mag hoogstens 10000 tekens hebben.",
      "measures.0.executingParty": "De uitvoerende partij mag hoogstens 200 tekens hebben.",
    });
    expect(messagesFor({ title: "x".repeat(200), description: "x".repeat(10_000) })).toEqual({});
    const html = "<img src=x onerror=alert(1)> & co";
    expect(schema.parse(withFirst({ description: html })).measures[0]?.description).toBe(html);
  });

  it("requires the participants as a whole number of at least 1", () => {
    for (const n of ["0", "-3", "2,5", "veel", "", "12345678"]) {
      // Only this message: the cost-per-participant check waits for a valid number.
      expect(messagesFor({ participants: n }), n).toEqual({
        "measures.0.participants": "Vul het aantal deelnemers in als heel getal (ten minste 1).",
      });
    }
  });

  it("refuses negative, fractional-cent, non-numeric and absurd amounts", () => {
    for (const bad of ["-5", "12,345", "abc", "2.000.000.000,00", "1.000.000.000,01"]) {
      const costs = messagesFor({
        costs: [
          { year: 2027, amount: bad },
          { year: 2028, amount: "580.000,00" },
        ],
      });
      expect(costs["measures.0.costs.0.amount"], bad).toBe(`Bij de kosten ${INVALID_AMOUNT}`);
      expect(messagesFor({ costPerParticipant: bad })["measures.0.costPerParticipant"], bad).toBe(
        `Bij de kosten per deelnemer ${INVALID_AMOUNT}`,
      );
    }
    const empty = messagesFor({
      costs: [
        { year: 2027, amount: "" },
        { year: 2028, amount: "1,00" },
      ],
    });
    expect(empty["measures.0.costs.0.amount"]).toBe("Vul de kosten in.");
  });

  it("checks participants × cost per participant against the measure's costs over its years", () => {
    expect(messagesFor({ costPerParticipant: "2.900,01" })["measures.0.costPerParticipant"]).toBe(
      "400 deelnemers × € 2.900,01 is € 1.160.004,00, maar de kosten van deze maatregel zijn samen € 1.160.000,00.",
    );
    expect(messagesFor({ participants: "401" })["measures.0.costPerParticipant"]).toMatch(
      /^401 deelnemers × € 2\.900,00 is € 1\.162\.900,00/,
    );
    // Without a cost per participant there is nothing to check.
    const out = schema.parse(withFirst({ costPerParticipant: "", participants: "401" }));
    expect(out.measures[0]?.costPerParticipant).toBeNull();
  });

  it("requires the costs of exactly the plan's years, and a period first", () => {
    expect(messagesFor({ costs: [{ year: 2027, amount: "580.000,00" }] })["measures.0.costs"]).toBe(
      "Vul de kosten in voor elk kalenderjaar van de looptijd.",
    );
    const swapped = messagesFor({
      costs: [
        { year: 2028, amount: "580.000,00" },
        { year: 2027, amount: "580.000,00" },
      ],
    });
    expect(swapped["measures.0.costs"]).toBe("Vul de kosten in voor elk kalenderjaar van de looptijd.");
    const noPeriod = measuresStepSchema(rules, { years: [] }).safeParse(valid());
    expect(issueMessages(noPeriod)["measures.0.costs"]).toBe(
      "Vul eerst in stap 1 een geldige looptijd in; dan vraagt dit formulier de kosten per jaar.",
    );
  });

  it("totals a draft per measure and per year, counting what does not parse as 0", () => {
    const measures = valid().measures;
    (measures[1] as MeasureInput).costs = [
      { year: 2027, amount: "abc" },
      { year: 2028, amount: "120.000,00" },
    ];
    expect(measureTotals(measures, years)).toEqual({
      perMeasure: [116_000_000n, 12_000_000n],
      perYear: [58_000_000n, 70_000_000n],
      total: 128_000_000n,
    });
    expect(emptyMeasure(years).costs).toEqual([
      { year: 2027, amount: "" },
      { year: 2028, amount: "" },
    ]);
  });
});

describe("step 4, a measure's category with a rate of its own", () => {
  const inCategory = (patch: Partial<MeasureInput> = {}): MeasuresStepInput => {
    const step = validPlanDraft(2026, undefined, undefined, { inCategory: true }).measures;
    step.measures[1] = { ...(step.measures[1] as MeasureInput), ...patch };
    return step;
  };
  const messagesIn = (patch: Partial<MeasureInput>) => issueMessages(schema.safeParse(inCategory(patch)));

  it("stores the category, its rate and the answers it asks for; no category is the regulation's rate", () => {
    const out = schema.parse(inCategory());
    expect(out.measures[1]).toMatchObject({
      category: "kwetsbare-werknemers",
      rateBp: 10_000,
      wageCostsPerParticipant: 4_000_000n,
      hiringGround: "net-growth",
      netJobGrowth: true,
    });
    expect(out.measures[0]).toMatchObject({
      category: null,
      rateBp: 5000,
      wageCostsPerParticipant: null,
      hiringGround: null,
      netJobGrowth: false,
    });
  });

  it("refuses a category the regulation does not know, with the code in the message", () => {
    expect(messagesFor({ category: "onbekend" })).toEqual({
      "measures.0.category":
        'De categorie "onbekend" bestaat niet (meer) in deze regeling; kies een categorie uit de lijst of "Geen".',
    });
    // A regulation without categories refuses every code.
    const none = measuresStepSchema({ ...rules, measureCategories: [] }, { years });
    expect(issueMessages(none.safeParse(inCategory()))["measures.1.category"]).toMatch(
      /^De categorie "kwetsbare-werknemers" bestaat niet \(meer\)/,
    );
  });

  it("requires the wage costs per participant, as a valid amount", () => {
    expect(messagesIn({ wageCostsPerParticipant: " " })["measures.1.wageCostsPerParticipant"]).toBe(
      "Vul de loonkosten per deelnemer over 12 maanden in: de categorie Indienstneming van kwetsbare werknemers vraagt erom.",
    );
    expect(messagesIn({ wageCostsPerParticipant: "-5" })["measures.1.wageCostsPerParticipant"]).toBe(
      `Bij de loonkosten per deelnemer ${INVALID_AMOUNT}`,
    );
    // Shown together with the measure's other mistakes, not after them.
    expect(messagesIn({ wageCostsPerParticipant: "", title: "" })).toEqual({
      "measures.1.title": "Vul de titel van de maatregel in.",
      "measures.1.wageCostsPerParticipant":
        "Vul de loonkosten per deelnemer over 12 maanden in: de categorie Indienstneming van kwetsbare werknemers vraagt erom.",
    });
  });

  it("caps the measure's costs at participants × the category's share of the wage costs", () => {
    // 120 participants, € 240.000,00 over the two years: € 2.000,00 each, 20% of € 10.000,00.
    expect(messagesIn({ wageCostsPerParticipant: "10.000,00" })).toEqual({});
    expect(messagesIn({ wageCostsPerParticipant: "9.999,99" })).toEqual({
      "measures.1.wageCostsPerParticipant":
        "In de categorie Indienstneming van kwetsbare werknemers zijn de kosten hoogstens 20% van de loonkosten: 120 deelnemers × € 1.999,99 is € 239.998,80, maar de kosten van deze maatregel zijn samen € 240.000,00.",
    });
    // More participants raise the cap (the cost per participant is left out to keep this one rule).
    expect(
      messagesIn({ wageCostsPerParticipant: "9.999,99", participants: "121", costPerParticipant: "" }),
    ).toEqual({});
  });

  it("requires art. 4.4's ground for the hire: net job growth (lid 2) or a lid-3 vacancy", () => {
    expect(messagesIn({ hiringGround: "", netJobGrowth: false })).toEqual({
      "measures.1.hiringGround":
        "Kies waarom de indienstneming in aanmerking komt: nettogroei van het aantal banen, of een vacature die niet door afvloeiing is ontstaan. De categorie Indienstneming van kwetsbare werknemers vraagt erom.",
    });
    // A ground posted by hand that the regulation does not have is no choice.
    expect(Object.keys(messagesIn({ hiringGround: "afvloeiing", netJobGrowth: false }))).toEqual([
      "measures.1.hiringGround",
    ]);
  });

  it("accepts a hire into a vacancy left by retirement etc. without net job growth (art. 4.4 lid 3)", () => {
    for (const ground of HIRING_GROUNDS.filter((g) => g !== "net-growth")) {
      const out = schema.parse(inCategory({ hiringGround: ground, netJobGrowth: false }));
      // Stored as that ground; the lid-2 declaration (Measure.netJobGrowth) is not made.
      expect(out.measures[1]).toMatchObject({ hiringGround: ground, netJobGrowth: false });
    }
    expect(schema.parse(inCategory({ hiringGround: "net-growth" })).measures[1]).toMatchObject({
      hiringGround: "net-growth",
      netJobGrowth: true,
    });
    // The chosen ground wins over a tick an old draft still carries.
    expect(
      schema.parse(inCategory({ hiringGround: "retirement", netJobGrowth: true })).measures[1],
    ).toMatchObject({ hiringGround: "retirement", netJobGrowth: false });
  });

  it("reads a draft or snapshot from before the choice, with only the net-growth tick, as net growth", () => {
    // Drafts are never lost: the tick a draft was saved with is its ground.
    const old = { ...(inCategory().measures[1] as MeasureInput), hiringGround: "", netJobGrowth: true };
    expect(hiringGroundOf(old)).toBe("net-growth");
    expect(hiringGroundOf({ netJobGrowth: false })).toBe("");
    expect(hiringGroundOf({ hiringGround: null, netJobGrowth: true })).toBe("net-growth");
    expect(schema.parse(inCategory({ hiringGround: "", netJobGrowth: true })).measures[1]).toMatchObject({
      hiringGround: "net-growth",
      netJobGrowth: true,
    });
    // Saved again, it is stored as that ground, with the tick that mirrors it.
    expect(withApplicableCategoryFields(rules, old)).toMatchObject({
      hiringGround: "net-growth",
      netJobGrowth: true,
    });
    expect(
      withApplicableCategoryFields(rules, { ...old, hiringGround: "disability", netJobGrowth: false }),
    ).toMatchObject({ hiringGround: "disability", netJobGrowth: false });
  });

  it("ignores answers the category does not ask for, and does not keep them", () => {
    // A category without the wage cap or the declaration: what was typed for them is not asked.
    const plain = {
      ...SCENARIO_CATEGORY,
      code: "plain",
      maxShareOfWageCostsBp: null,
      requiresNetJobGrowth: false,
    };
    const withPlain = { ...rules, measureCategories: [SCENARIO_CATEGORY, plain] };
    const step = inCategory({
      category: "plain",
      wageCostsPerParticipant: "abc",
      hiringGround: "retirement",
      netJobGrowth: false,
    });
    const out = measuresStepSchema(withPlain, { years }).parse(step);
    expect(out.measures[1]).toMatchObject({
      category: "plain",
      wageCostsPerParticipant: null,
      hiringGround: null,
      netJobGrowth: false,
    });
    const kept = {
      ...(step.measures[1] as MeasureInput),
      wageCostsPerParticipant: "40.000,00",
      hiringGround: "retirement",
      netJobGrowth: false,
    };
    expect(withApplicableCategoryFields(withPlain, kept)).toMatchObject({
      wageCostsPerParticipant: "",
      hiringGround: "",
      netJobGrowth: false,
    });
    expect(withApplicableCategoryFields(withPlain, { ...kept, category: "" })).toMatchObject({
      wageCostsPerParticipant: "",
      hiringGround: "",
      netJobGrowth: false,
    });
    expect(
      withApplicableCategoryFields(withPlain, { ...kept, category: "kwetsbare-werknemers" }),
    ).toMatchObject({
      wageCostsPerParticipant: "40.000,00",
      hiringGround: "retirement",
      netJobGrowth: false,
    });
  });

  it("totals a year's most at each measure's rate, rounded down once per year", () => {
    const measures = inCategory().measures;
    // Training € 580.000,00 a year at 50%, the hires € 120.000,00 at 100%.
    expect(ratedTotals(measures, years, rules)).toEqual({
      weightedPerYear: [
        58_000_000n * 5000n + 12_000_000n * 10_000n,
        58_000_000n * 5000n + 12_000_000n * 10_000n,
      ],
      maxPerYear: [41_000_000n, 41_000_000n],
      ownRates: true,
    });
    // Two odd cents at 50%: one rounding for the year (€ 0,01), not one per measure (€ 0,00).
    const odd = valid().measures;
    for (const m of odd) m.costs[0] = { year: 2027, amount: "0,01" };
    expect(ratedTotals(odd, years, rules).maxPerYear[0]).toBe(1n);
    // Without a category: exactly rate × costs, and no own rates.
    expect(ratedTotals(valid().measures, years, rules)).toMatchObject({
      maxPerYear: [35_000_000n, 35_000_000n],
      ownRates: false,
    });
    // An unknown code counts at the regulation's own rate, never more.
    const unknown = inCategory({ category: "onbekend" }).measures;
    expect(ratedTotals(unknown, years, rules).maxPerYear).toEqual([35_000_000n, 35_000_000n]);
  });
});
