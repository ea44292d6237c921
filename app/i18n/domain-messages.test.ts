import { describe, expect, it } from "vitest";
import { type PlanFormInput, type PlanFormRules, planFormSchema } from "../domain/plan/plan-form.ts";
import { STATUS_LABEL } from "../domain/workflow/labels.ts";
import { hasEnglish, translateDomainText } from "./domain-messages.ts";

const rules: PlanFormRules = {
  themes: [
    { code: "scholing", label: "Scholing" },
    { code: "jongeren", label: "Arbeidsinstroom en begeleiding van jongeren" },
  ],
  sectors: [{ code: "3", label: "Metalektro en metaalnijverheid" }],
  minThemes: 2,
  maxDurationMonths: 24,
  minimumRequestCents: "25000000",
  rateBp: 5000,
  earliestStart: "2026-01-01",
  latestEnd: "2030-12-31",
};
const schema = planFormSchema(rules);

function form(patch: Partial<PlanFormInput> = {}): PlanFormInput {
  return {
    title: "Plan",
    summary: "",
    sectorCode: "3",
    periodStart: "2027-01-01",
    periodEnd: "2027-12-31",
    advancesRequested: false,
    measures: [
      { theme: "scholing", title: "A", participants: "10", costs: [{ year: 2027, amount: "100.000,00" }] },
    ],
    requested: [{ year: 2027, amount: "60.000,00" }],
    ...patch,
  };
}

/** Many kinds of bad input, so that together they raise (nearly) every message the schema has. */
const badForms: PlanFormInput[] = [
  form({ title: "", sectorCode: "x", periodStart: "nope", periodEnd: "nope", measures: [] }),
  form({ title: "x".repeat(201), summary: "x".repeat(10_001) }),
  form({ periodEnd: "2026-12-31" }),
  form({ periodStart: "2025-01-01", periodEnd: "2025-06-30" }),
  form({ periodStart: "2030-01-01", periodEnd: "2031-12-31" }),
  form({ periodStart: "2027-01-01", periodEnd: "2029-12-31" }),
  form({
    measures: [
      { theme: "", title: "", participants: "0", costs: [] },
      { theme: "scholing", title: "x".repeat(201), participants: "abc", costs: [{ year: 2027, amount: "" }] },
      { theme: "scholing", title: "B", participants: "1", costs: [{ year: 2027, amount: "-5" }] },
    ],
    requested: [{ year: 2027, amount: "abc" }],
  }),
  form({ requested: [] }),
  form({ requested: [{ year: 2027, amount: "" }] }),
];

function messages(input: PlanFormInput): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe("English renderings of the domain's Dutch texts", () => {
  it("cover every message the plan form schema produced for the bad inputs", () => {
    const all = [...new Set(badForms.flatMap(messages))];
    expect(all.length).toBeGreaterThan(15);
    expect(all.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("carry the numbers, dates and amounts over", () => {
    expect(translateDomainText("Het plan kan niet eerder beginnen dan 2026-01-01.", "en")).toBe(
      "The plan cannot start before 2026-01-01.",
    );
    expect(
      translateDomainText(
        "De gevraagde subsidie voor 2027 is hoger dan 50% van de kosten in dat jaar (hoogstens € 50.000,00).",
        "en",
      ),
    ).toBe("The requested grant for 2027 is more than 50% of the costs in that year (at most € 50.000,00).");
    expect(translateDomainText("Het plan is nog niet compleet: Vul de titel van het plan in.", "en")).toBe(
      "The plan is not complete yet: Enter the title of the plan.",
    );
  });

  it("cover every plan status", () => {
    expect(Object.values(STATUS_LABEL).filter((label) => !hasEnglish(label))).toEqual([]);
  });

  it("leave Dutch pages and unknown texts alone", () => {
    expect(translateDomainText("Vul de titel van het plan in.", "nl")).toBe("Vul de titel van het plan in.");
    expect(translateDomainText("Iets nieuws dat nog geen vertaling heeft.", "en")).toBe(
      "Iets nieuws dat nog geen vertaling heeft.",
    );
    expect(translateDomainText("", "en")).toBe("");
  });
});
