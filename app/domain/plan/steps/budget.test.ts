import { describe, expect, it } from "vitest";
import {
  issueMessages,
  scenarioRules,
  singleRateContext,
  validPlanDraft,
} from "../../../test/scenario.server.ts";
import { type BudgetStepInput, budgetStepSchema, emptyBudgetStep, maxRequestPerYear } from "./budget.ts";
import type { StepContext } from "./rules.ts";
import { stepContext } from "./wizard.ts";

const rules = scenarioRules(2026);
/** The valid draft's measures cost € 700.000,00 in each of its two years. */
const context: StepContext = singleRateContext(rules, [2027, 2028], ["70000000", "70000000"]);
const schema = budgetStepSchema(rules, context);
const valid = (): BudgetStepInput => validPlanDraft(2026).budget;
type Row = BudgetStepInput["rows"][number];
/** The valid step with every year's row changed. */
const withRows = (patch: Partial<Row>): BudgetStepInput => {
  const step = valid();
  step.rows = step.rows.map((r) => ({ ...r, ...patch }));
  return step;
};
const messagesFor = (step: BudgetStepInput) => issueMessages(schema.safeParse(step));

const INVALID_AMOUNT =
  "staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.";

describe("step 5, the budget and co-financing", () => {
  it("accepts a request within the rate whose sources cover the costs, in cents", () => {
    const out = schema.parse(valid());
    expect(out.rows).toEqual([
      { year: 2027, requested: 30_000_000n, ownContribution: 40_000_000n, otherSources: 0n },
      { year: 2028, requested: 30_000_000n, ownContribution: 40_000_000n, otherSources: 0n },
    ]);
    expect(out.noDoubleFunding).toBe(true);
  });

  it("refuses a request above the co-financing rate, per year, rounded down", () => {
    const above = messagesFor(withRows({ requested: "350.000,01", ownContribution: "349.999,99" }));
    expect(above["rows.0.requested"]).toBe(
      "De gevraagde subsidie voor 2027 is hoger dan 50% van de kosten in dat jaar (hoogstens € 350.000,00).",
    );
    expect(above["rows.1.requested"]).toMatch(/^De gevraagde subsidie voor 2028 is hoger dan 50%/);
    expect(messagesFor(withRows({ requested: "350.000,00", ownContribution: "350.000,00" }))).toEqual({});
    // An odd cent: half of € 0,01 rounds down to nothing.
    const odd = budgetStepSchema(rules, singleRateContext(rules, [2027], ["50000001"]));
    const oddRow = { year: 2027, requested: "250.000,01", ownContribution: "250.000,00", otherSources: "0" };
    expect(issueMessages(odd.safeParse({ ...valid(), rows: [oddRow] }))["rows.0.requested"]).toMatch(
      /hoogstens € 250\.000,00/,
    );
  });

  it("writes a rate with a fraction the Dutch way in its message", () => {
    const lowerRules = { ...rules, rateBp: 1250 };
    const lower = budgetStepSchema(
      lowerRules,
      singleRateContext(lowerRules, [2027, 2028], context.costsPerYear),
    );
    const above = issueMessages(
      lower.safeParse(withRows({ requested: "87.500,01", ownContribution: "612.499,99" })),
    );
    expect(above["rows.0.requested"]).toBe(
      "De gevraagde subsidie voor 2027 is hoger dan 12,5% van de kosten in dat jaar (hoogstens € 87.500,00).",
    );
  });

  it("refuses sources that do not add up to the year's costs", () => {
    const short = messagesFor(withRows({ ownContribution: "399.999,99" }));
    expect(short["rows.0.ownContribution"]).toBe(
      "Subsidie, eigen bijdrage en andere bronnen zijn voor 2027 samen € 699.999,99; dat moet gelijk zijn aan de kosten van € 700.000,00.",
    );
    expect(messagesFor(withRows({ otherSources: "0,01" }))["rows.1.ownContribution"]).toMatch(
      /samen € 700\.000,01/,
    );
  });

  it("refuses a request below the regulation's minimum over all years", () => {
    const low = messagesFor(withRows({ requested: "100.000,00", ownContribution: "600.000,00" }));
    expect(low.rows).toBe("De gevraagde subsidie is samen € 200.000,00; het minimum is € 250.000,00.");
    expect(messagesFor(withRows({ requested: "125.000,00", ownContribution: "575.000,00" }))).toEqual({});
  });

  it("splits the request over the years in proportion to their costs, to the cent", () => {
    // Costs € 700.000 in each year, so each year carries half of what is requested.
    const step = valid();
    step.rows = [
      { year: 2027, requested: "0,00", ownContribution: "700.000,00", otherSources: "0" },
      { year: 2028, requested: "300.000,00", ownContribution: "400.000,00", otherSources: "0" },
    ];
    const skewed = messagesFor(step);
    expect(skewed["rows.0.requested"]).toBe(
      "De subsidie wordt over de jaren verdeeld naar verhouding van de kosten per jaar: van de gevraagde € 300.000,00 hoort bij 2027 € 150.000,00.",
    );
    expect(skewed["rows.1.requested"]).toMatch(/hoort bij 2028 € 150\.000,00\.$/);
    // Unequal costs (€ 300.000,01 and € 700.000,00): an odd cent may fall either way.
    const uneven = budgetStepSchema(rules, singleRateContext(rules, [2027, 2028], ["30000001", "70000000"]));
    const ok = (a: string, own0: string, b: string, own1: string) =>
      issueMessages(
        uneven.safeParse({
          ...valid(),
          rows: [
            { year: 2027, requested: a, ownContribution: own0, otherSources: "0" },
            { year: 2028, requested: b, ownContribution: own1, otherSources: "0" },
          ],
        }),
      );
    expect(ok("150.000,00", "150.000,01", "350.000,00", "350.000,00")).toEqual({});
    // € 499.999,99 splits into € 150.000,00 and € 349.999,99: a cent the other way is rounding.
    expect(ok("149.999,99", "150.000,02", "350.000,00", "350.000,00")).toEqual({});
    expect(ok("100.000,00", "200.000,01", "400.000,00", "300.000,00")["rows.0.requested"]).toMatch(
      /hoort bij 2027 € 150\.000,00\.$/,
    );
  });

  it("requires the declaration of no double funding", () => {
    expect(messagesFor({ ...valid(), noDoubleFunding: false }).noDoubleFunding).toBe(
      "Verklaar dat voor dezelfde kosten geen andere subsidie (zoals ESF) is of wordt aangevraagd.",
    );
  });

  it("requires other sources to be named, and caps that text", () => {
    const other = withRows({ ownContribution: "300.000,00", otherSources: "100.000,00" });
    expect(messagesFor(other).otherSourcesDescription).toBe("Noem de andere bronnen van financiering.");
    expect(messagesFor({ ...other, otherSourcesDescription: "Provincie Noord-Brabant" })).toEqual({});
    expect(
      messagesFor({ ...other, otherSourcesDescription: "x".repeat(10_001) }).otherSourcesDescription,
    ).toBe("De toelichting op de andere bronnen mag hoogstens 10000 tekens hebben.");
  });

  it("refuses negative, fractional-cent, non-numeric, absurd and missing amounts", () => {
    const labels = {
      requested: "Bij de gevraagde subsidie",
      ownContribution: "Bij de eigen bijdrage",
      otherSources: "Bij de andere bronnen",
    };
    for (const [field, label] of Object.entries(labels)) {
      for (const bad of ["-5", "12,345", "abc", "2.000.000.000,00"]) {
        const m = messagesFor(withRows({ [field]: bad }));
        expect(m[`rows.0.${field}`], `${field} ${bad}`).toBe(`${label} ${INVALID_AMOUNT}`);
      }
    }
    expect(messagesFor(withRows({ requested: "" }))["rows.0.requested"]).toBe(
      "Vul de gevraagde subsidie in.",
    );
    expect(messagesFor(withRows({ ownContribution: " " }))["rows.0.ownContribution"]).toBe(
      "Vul de eigen bijdrage in.",
    );
    expect(messagesFor(withRows({ otherSources: "" }))["rows.0.otherSources"]).toBe(
      "Vul de andere bronnen in.",
    );
  });

  it("requires a row for exactly the plan's years, and a period first", () => {
    const one = valid();
    one.rows = one.rows.slice(0, 1);
    expect(messagesFor(one).rows).toBe("Vul de bedragen in voor elk kalenderjaar van de looptijd.");
    const noPeriod = budgetStepSchema(rules, singleRateContext(rules, [], [])).safeParse(valid());
    expect(issueMessages(noPeriod).rows).toBe(
      "Vul eerst in stap 1 een geldige looptijd in; dan vraagt dit formulier de bedragen per jaar.",
    );
  });

  it("knows the most that may be requested per year and starts with empty rows", () => {
    expect(maxRequestPerYear(singleRateContext(rules, [2027, 2028], ["70000000", "99"]))).toEqual([
      35_000_000n,
      49n,
    ]);
    expect(emptyBudgetStep([2027]).rows).toEqual([
      { year: 2027, requested: "", ownContribution: "", otherSources: "0" },
    ]);
  });
});

describe("step 5 with a measure in a category with a rate of its own", () => {
  // validPlanDraft's measures with the young people's measure at 100%: € 580.000,00 at 50% and
  // € 120.000,00 at 100% a year, so each year's most is € 410.000,00 (not 50% of € 700.000,00).
  const draft = validPlanDraft(2026, undefined, undefined, { inCategory: true });
  const mixed = stepContext({ ...draft, saved: [], lastStep: "budget" }, rules);
  const mixedSchema = budgetStepSchema(rules, mixed);
  const rows = (a: [string, string], b: [string, string]) => ({
    ...draft.budget,
    rows: [
      { year: 2027, requested: a[0], ownContribution: a[1], otherSources: "0" },
      { year: 2028, requested: b[0], ownContribution: b[1], otherSources: "0" },
    ],
  });

  it("caps each year at the co-financing of its measures, and says so", () => {
    expect(mixed.maxPerYear).toEqual(["41000000", "41000000"]);
    expect(maxRequestPerYear(mixed)).toEqual([41_000_000n, 41_000_000n]);
    expect(
      issueMessages(mixedSchema.safeParse(rows(["410.000,00", "290.000,00"], ["410.000,00", "290.000,00"]))),
    ).toEqual({});
    const above = issueMessages(
      mixedSchema.safeParse(rows(["410.000,01", "289.999,99"], ["410.000,01", "289.999,99"])),
    );
    expect(above["rows.0.requested"]).toBe(
      "De gevraagde subsidie voor 2027 is hoger dan de cofinanciering van de maatregelen in dat jaar, elk tegen het percentage van haar categorie of anders 50% (hoogstens € 410.000,00).",
    );
  });

  it("caps years of different mixes each at their own most", () => {
    // 2027: only the hires at 100% (€ 120.000,00); 2028: both measures (€ 410.000,00).
    const step = validPlanDraft(2026, undefined, undefined, { inCategory: true });
    const training = step.measures.measures[0];
    if (training) training.costs[0] = { year: 2027, amount: "0,00" };
    const context = stepContext({ ...step, saved: [], lastStep: "budget" }, rules);
    expect(context.costsPerYear).toEqual(["12000000", "70000000"]);
    expect(context.maxPerYear).toEqual(["12000000", "41000000"]);
    // The weights: € 120.000,00 × 100% and € 410.000,00: € 530.000,00 splits 120.000 / 410.000.
    const ok = issueMessages(
      budgetStepSchema(rules, context).safeParse(rows(["120.000,00", "0,00"], ["410.000,00", "290.000,00"])),
    );
    expect(ok).toEqual({});
    // Split by the costs, as at one rate (€ 77.560,98 / € 452.439,02), it is refused.
    const byCosts = issueMessages(
      budgetStepSchema(rules, context).safeParse(
        rows(["77.560,98", "42.439,02"], ["452.439,02", "247.560,98"]),
      ),
    );
    expect(byCosts["rows.0.requested"]).toBe(
      "De subsidie wordt over de jaren verdeeld naar verhouding van de gecofinancierde kosten per jaar (de kosten van elke maatregel maal haar percentage): van de gevraagde € 530.000,00 hoort bij 2027 € 120.000,00.",
    );
    expect(byCosts["rows.1.requested"]).toMatch(
      /^De gevraagde subsidie voor 2028 is hoger dan de cofinanciering/,
    );
  });

  it("keeps a plan without categories to the cent: the same most, split and messages", () => {
    const single = stepContext({ ...validPlanDraft(2026), saved: [], lastStep: "budget" }, rules);
    expect(single).toEqual(singleRateContext(rules, [2027, 2028], ["70000000", "70000000"]));
    const above = issueMessages(
      budgetStepSchema(rules, single).safeParse(
        rows(["350.000,01", "349.999,99"], ["350.000,00", "350.000,00"]),
      ),
    );
    expect(above["rows.0.requested"]).toBe(
      "De gevraagde subsidie voor 2027 is hoger dan 50% van de kosten in dat jaar (hoogstens € 350.000,00).",
    );
  });
});
