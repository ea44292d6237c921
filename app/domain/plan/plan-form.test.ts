import { describe, expect, it } from "vitest";
import { validPlanForm } from "../../test/scenario.server.ts";
import { latestEndFor, type PlanFormRules, planFormSchema, planYears } from "./plan-form.ts";

const rules: PlanFormRules = {
  themes: [
    { code: "scholing", label: "Scholing" },
    { code: "jongeren", label: "Jongeren" },
  ],
  sectors: [{ code: "3", label: "Metalektro" }],
  minThemes: 2,
  maxDurationMonths: 24,
  minimumRequestCents: "25000000",
  rateBp: 5000,
  earliestStart: "2026-01-01",
  latestEnd: "2030-12-31",
};
const schema = planFormSchema(rules);

function messagesFor(input: unknown) {
  const r = schema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("the plan form schema", () => {
  it("accepts a valid plan and turns amounts into cents", () => {
    const out = schema.parse(validPlanForm(2026));
    expect(out.requested).toEqual([
      { year: 2027, amount: 30_000_000n },
      { year: 2028, amount: 30_000_000n },
    ]);
    expect(out.measures[0]?.participants).toBe(400);
  });

  it("refuses a request above the co-financing rate, per year", () => {
    const m = messagesFor(validPlanForm(2026, "350.000,01"));
    expect(m["requested.0.amount"]).toMatch(/hoger dan 50% van de kosten/);
  });

  it("refuses a request below the minimum", () => {
    const m = messagesFor(validPlanForm(2026, "100.000,00"));
    expect(m.requested).toMatch(/het minimum is € 250\.000,00/);
  });

  it("refuses fewer than two themes", () => {
    const form = validPlanForm(2026);
    for (const measure of form.measures) measure.theme = "scholing";
    expect(messagesFor(form).measures).toMatch(/ten minste 2 verschillende thema's/);
  });

  it("refuses negative, fractional-cent and absurd amounts", () => {
    for (const bad of ["-5", "12,345", "abc", "2.000.000.000,00"]) {
      const form = validPlanForm(2026);
      const cost = form.measures[0]?.costs[0];
      if (cost) cost.amount = bad;
      expect(messagesFor(form)["measures.0.costs.0.amount"], bad).toMatch(/geen geldig bedrag/);
    }
  });

  it("refuses an end before the start and a period over the maximum", () => {
    expect(messagesFor({ ...validPlanForm(2026), periodEnd: "2026-12-31" }).periodEnd).toMatch(
      /vóór de begindatum/,
    );
    expect(
      messagesFor({ ...validPlanForm(2026), periodStart: "2027-01-01", periodEnd: "2029-01-01" }).periodEnd,
    ).toMatch(/hoogstens 24 maanden/);
  });

  it("refuses an empty title and a title over 200 characters", () => {
    expect(messagesFor({ ...validPlanForm(2026), title: "   " }).title).toMatch(/Vul de titel/);
    expect(messagesFor({ ...validPlanForm(2026), title: "x".repeat(201) }).title).toMatch(/200 tekens/);
  });

  it("knows the years of a period and the longest allowed end", () => {
    expect(planYears("2026-07-01", "2028-06-30")).toEqual([2026, 2027, 2028]);
    expect(planYears("2028-01-01", "2027-01-01")).toEqual([]);
    expect(latestEndFor("2026-07-01", 24)).toBe("2028-06-30");
  });
});
