import { describe, expect, it } from "vitest";
import { SCENARIO_CATEGORY, scenarioRules, validPlanDraft } from "../../../test/scenario.server.ts";
import type { MeasureCategory } from "../cofinancing.ts";
import { DRAFT_LIST_CAP, DRAFT_TEXT_CAP } from "./common.ts";
import {
  emptyDraft,
  type FormStepKey,
  type PlanDraft,
  readDraft,
  STEPS,
  shapeStepInput,
  stepBySlug,
  stepContext,
  stepStates,
  validatePlan,
  validateSupplementAnswer,
  withPeriodYears,
} from "./wizard.ts";

const rules = scenarioRules(2026);
const AGREEMENT = { kinds: ["PARTNERSHIP_AGREEMENT"] };
const FORM_STEPS: FormStepKey[] = ["lead", "partnership", "analysis", "measures", "budget", "submit"];

function validDraft(): PlanDraft {
  return { ...validPlanDraft(2026), saved: STEPS.map((s) => s.key), lastStep: "submit" };
}

/** Inputs no form would post: wrong types everywhere, prototype keys, huge texts and lists. */
const GARBAGE: unknown[] = [
  undefined,
  null,
  42,
  "tekst",
  true,
  [],
  [1, 2, 3],
  { lead: "x", measures: 7 },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  {
    title: { nested: true },
    periodStart: 20270101,
    sectorCodes: "3",
    regionCodes: [null, 5, { a: 1 }],
    partners: [null, "x", { kind: 5, name: ["a"] }],
    measures: [{ costs: "veel", participants: 12 }, 5, null],
    rows: [{ year: "2027", requested: 300 }, { year: 2027.5 }],
    noDoubleFunding: "on",
    truthful: "ja",
    goals: "x".repeat(DRAFT_TEXT_CAP + 5_000),
  },
  { measures: Array.from({ length: 500 }, () => ({ title: "m" })), partners: Array(80).fill({}) },
];

describe("the whole plan, across the steps", () => {
  it("is valid with every step filled in and the partnership agreement attached", () => {
    const { issues, values } = validatePlan(validDraft(), rules, AGREEMENT);
    expect(Object.values(issues).flat()).toEqual([]);
    expect(values?.budget.rows.map((r) => r.requested)).toEqual([30_000_000n, 30_000_000n]);
    expect(values?.lead.securityAmount).toBe(60_000_000n);
  });

  it("requires the signed partnership agreement", () => {
    const { issues, values } = validatePlan(validDraft(), rules, { kinds: ["MANDATE", "OTHER"] });
    expect(values).toBeUndefined();
    expect(issues.attachments).toEqual([
      {
        path: expect.stringMatching(/PARTNERSHIP_AGREEMENT$/),
        message: "Voeg de ondertekende samenwerkingsovereenkomst toe.",
      },
    ]);
  });

  it("requires equity or a guarantee of at least 80% of the whole request", () => {
    const short = validDraft();
    short.lead.securityAmount = "479.999,99";
    const { issues, values } = validatePlan(short, rules, AGREEMENT);
    expect(values).toBeUndefined();
    expect(issues.lead).toEqual([
      {
        path: "securityAmount",
        message:
          "Het eigen vermogen of de garantie moet ten minste 80% van de gevraagde subsidie zijn: € 480.000,00.",
      },
    ]);
    const enough = validDraft();
    enough.lead.securityAmount = "480.000,00";
    enough.lead.securityKind = "EQUITY";
    expect(validatePlan(enough, rules, AGREEMENT).values).toBeDefined();
  });

  it("rounds the 80% up: a guarantee a fraction of a cent below it is short", () => {
    // € 600.000,02 asked: 80% of it is € 480.000,016.
    const draft: PlanDraft = { ...validPlanDraft(2026, "300.000,01"), saved: [], lastStep: "submit" };
    draft.lead.securityAmount = "480.000,01";
    const { issues, values } = validatePlan(draft, rules, AGREEMENT);
    expect(values).toBeUndefined();
    expect(issues.lead).toEqual([
      {
        path: "securityAmount",
        message:
          "Het eigen vermogen of de garantie moet ten minste 80% van de gevraagde subsidie zijn: € 480.000,02.",
      },
    ]);
    draft.lead.securityAmount = "480.000,02";
    expect(validatePlan(draft, rules, AGREEMENT).values).toBeDefined();
  });

  it("requires both declarations at submission, unless asked to leave them out", () => {
    const undeclared = validDraft();
    undeclared.submit = { truthful: false, stateAid: false };
    const { issues } = validatePlan(undeclared, rules, AGREEMENT);
    expect(issues.submit.map((i) => i.path)).toEqual(["truthful", "stateAid"]);
    expect(issues.submit[0]?.message).toBe("Verklaar dat u het formulier naar waarheid heeft ingevuld.");
    expect(issues.submit[1]?.message).toBe(
      "Verklaar dat u de regels voor de-minimissteun en staatssteun heeft gelezen en nageleefd.",
    );
    const preview = validatePlan(undeclared, rules, AGREEMENT, { withDeclarations: false });
    expect(preview.issues.submit).toEqual([]);
    expect(preview.values).toBeDefined();
  });

  it("takes the costs per year from the measures into the budget check", () => {
    const draft = validDraft();
    expect(stepContext(draft, rules)).toEqual({
      years: [2027, 2028],
      costsPerYear: ["70000000", "70000000"],
      // One rate (50%): the most is half the costs, and the split follows the costs.
      maxPerYear: ["35000000", "35000000"],
      weightedCostsPerYear: ["350000000000", "350000000000"],
      ownRates: false,
    });
    // Cheaper measures lower the cap of the request: 50% of € 600.000,00 is € 300.000,00, still fine;
    // but the own contribution no longer closes the gap.
    const first = draft.measures.measures[0];
    if (first) first.costs = first.costs.map((c) => ({ ...c, amount: "480.000,00" }));
    const { issues } = validatePlan(draft, rules, AGREEMENT);
    expect(issues.budget.map((i) => i.path)).toEqual(["rows.0.ownContribution", "rows.1.ownContribution"]);
  });

  it("marks the steps: never saved is todo, saved is done or with errors", () => {
    const draft = validDraft();
    draft.saved = ["lead", "analysis"];
    draft.analysis.goals = "";
    const states = stepStates(draft, validatePlan(draft, rules, { kinds: [] }).issues);
    expect(states).toEqual({
      lead: "done",
      partnership: "todo",
      analysis: "errors",
      measures: "todo",
      budget: "todo",
      attachments: "todo",
      submit: "todo",
    });
    // The attachments step has no form: an upload marks it.
    const uploaded = stepStates(draft, validatePlan(draft, rules, AGREEMENT).issues, { count: 1 });
    expect(uploaded.attachments).toBe("done");
    expect(stepBySlug("begroting")?.key).toBe("budget");
    expect(stepBySlug("onbekend")).toBeUndefined();
  });
});

describe("an answer to a supplement request, after the regulation's figures changed", () => {
  const inCategory = (): PlanDraft => ({
    ...validPlanDraft(2026, undefined, undefined, { inCategory: true }),
    saved: STEPS.map((s) => s.key),
    lastStep: "submit",
  });
  const withCategory = (patch: Partial<MeasureCategory>) => ({
    ...rules,
    measureCategories: [{ ...SCENARIO_CATEGORY, ...patch }],
  });
  const messages = (issues: Record<string, { message: string }[]>) =>
    Object.values(issues).flatMap((list) => list.map((i) => i.message));

  it("does not hold a lowered rate against the budget step it left closed", () => {
    const lowered = { ...rules, rateBp: 4000 };
    // Submitted at 50%; at 40% the request is over the cap of either year.
    expect(validatePlan(validDraft(), lowered, AGREEMENT).issues.budget.map((i) => i.path)).toEqual([
      "rows.0.requested",
      "rows.1.requested",
    ]);
    const answer = validateSupplementAnswer(validDraft(), lowered, AGREEMENT, ["analysis"]);
    expect(messages(answer.issues)).toEqual([]);
    expect(answer.values?.budget.rows.map((r) => r.requested)).toEqual([30_000_000n, 30_000_000n]);
    // Reopened, the step is the applicant's to mend, against today's rate.
    const reopened = validateSupplementAnswer(validDraft(), lowered, AGREEMENT, ["budget"]);
    expect(reopened.values).toBeUndefined();
    expect(reopened.issues.budget.map((i) => i.message)).toEqual([
      "De gevraagde subsidie voor 2027 is hoger dan 40% van de kosten in dat jaar (hoogstens € 280.000,00).",
      "De gevraagde subsidie voor 2028 is hoger dan 40% van de kosten in dat jaar (hoogstens € 280.000,00).",
    ]);
  });

  it("holds the equity or guarantee of a closed step 1 against a request raised in step 5", () => {
    // € 600.000,00 asked, € 480.000,00 of guarantee: exactly 80%. The answer asks € 700.000,00.
    const raised = validDraft();
    raised.lead.securityAmount = "480.000,00";
    raised.budget.rows = raised.budget.rows.map((r) => ({
      ...r,
      requested: "350.000,00",
      ownContribution: "350.000,00",
    }));
    const answer = validateSupplementAnswer(raised, rules, AGREEMENT, ["budget"]);
    expect(answer.values).toBeUndefined();
    // € 600.000,00 × 80% is € 480.000,00: covered. € 600.000,01 × 80% is € 480.000,008, a minimum
    // rounded up to € 480.000,01: not covered.
    const message =
      "Het eigen vermogen of de garantie uit stap 1 (€ 480.000,00) moet ten minste 80% van de gevraagde subsidie zijn; vraag samen hoogstens € 600.000,00.";
    expect(answer.issues.budget).toEqual([{ path: "rows", message }]);
    expect(answer.issues.lead).toEqual([]);
    // With step 1 open, the guarantee may be raised instead: the message stays on step 1.
    const both = validateSupplementAnswer(raised, rules, AGREEMENT, ["lead", "budget"]);
    expect(both.issues.lead.map((i) => i.path)).toEqual(["securityAmount"]);
    expect(both.issues.budget).toEqual([]);
  });

  it("does not hold a category's changed rate or wage-cost share against the closed steps", () => {
    expect(messages(validatePlan(inCategory(), rules, AGREEMENT).issues)).toEqual([]);
    // A lower share of the wage costs caps the hires' costs below what they are.
    const share = withCategory({ maxShareOfWageCostsBp: 400 });
    expect(validatePlan(inCategory(), share, AGREEMENT).issues.measures.map((i) => i.path)).toEqual([
      "measures.1.wageCostsPerParticipant",
    ]);
    expect(messages(validateSupplementAnswer(inCategory(), share, AGREEMENT, ["analysis"]).issues)).toEqual(
      [],
    );
    expect(
      validateSupplementAnswer(inCategory(), share, AGREEMENT, ["measures"]).issues.measures.map(
        (i) => i.path,
      ),
    ).toEqual(["measures.1.wageCostsPerParticipant"]);
    // At 5% for the hires, a year's cap is € 290.000,00 + € 6.000,00, below the € 300.000,00 asked.
    const rate = withCategory({ rateBp: 500 });
    expect(validatePlan(inCategory(), rate, AGREEMENT).issues.budget.map((i) => i.path)).toEqual([
      "rows.0.requested",
      "rows.1.requested",
    ]);
    const answer = validateSupplementAnswer(inCategory(), rate, AGREEMENT, ["partnership"]);
    expect(messages(answer.issues)).toEqual([]);
    expect(answer.values?.measures.measures[1]).toMatchObject({ category: SCENARIO_CATEGORY.code });
  });
});

describe("reading drafts and posted steps", () => {
  it("never throws on garbage, and always yields the shape of the form", () => {
    for (const raw of GARBAGE) {
      for (const step of FORM_STEPS) {
        const shaped = shapeStepInput(step, raw) as Record<string, unknown>;
        expect(Object.keys(shaped).sort(), step).toEqual(
          Object.keys(shapeStepInput(step, {}) as Record<string, unknown>).sort(),
        );
      }
      const draft = readDraft(raw);
      expect(Object.keys(draft).sort()).toEqual(Object.keys(emptyDraft()).sort());
      // Still something every schema can judge without throwing.
      expect(() => validatePlan(draft, rules, { kinds: [] })).not.toThrow();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("turns wrong types into the form's types and caps texts and lists", () => {
    const [, , , , , , , , , odd, many] = GARBAGE;
    const lead = shapeStepInput("lead", odd);
    expect(lead.title).toBe("");
    expect(lead.periodStart).toBe("");
    expect(lead.sectorCodes).toEqual(["3"]);
    // A null is a removed row and goes; other wrong values become the element's empty value.
    expect(lead.regionCodes).toEqual(["", ""]);
    const partners = shapeStepInput("partnership", odd).partners;
    expect(partners).toEqual([
      { kind: "", name: "", contactName: "", contactEmail: "" },
      { kind: "", name: "", contactName: "", contactEmail: "" },
    ]);
    const measures = shapeStepInput("measures", odd).measures;
    expect(measures).toHaveLength(2);
    expect(measures[0]?.costs).toEqual([]);
    expect(measures[0]?.participants).toBe("");
    const budget = shapeStepInput("budget", odd);
    expect(budget.rows).toEqual([
      { year: 2027, requested: "", ownContribution: "", otherSources: "" },
      { year: 0, requested: "", ownContribution: "", otherSources: "" },
    ]);
    expect(budget.noDoubleFunding).toBe(true);
    expect(shapeStepInput("submit", odd)).toEqual({ truthful: false, stateAid: false });
    expect(shapeStepInput("analysis", odd).goals).toHaveLength(DRAFT_TEXT_CAP);
    expect(shapeStepInput("measures", many).measures).toHaveLength(DRAFT_LIST_CAP);
    expect(shapeStepInput("partnership", many).partners).toHaveLength(DRAFT_LIST_CAP);
  });

  it("drops unknown keys and keeps a stored draft as it was saved", () => {
    const draft = validDraft();
    const stored = JSON.parse(JSON.stringify({ ...draft, lead: { ...draft.lead, extra: "weg" }, other: 1 }));
    expect(readDraft(stored)).toEqual(draft);
    const raw = { saved: ["lead", "nope", "budget"], lastStep: "nowhere" };
    expect(readDraft(raw).saved).toEqual(["lead", "budget"]);
    expect(readDraft(raw).lastStep).toBe("lead");
    expect(readDraft({ lastStep: "budget" }).lastStep).toBe("budget");
  });

  it("follows the period: years that stay keep their amounts, new years start empty, others go", () => {
    const draft = validDraft();
    const first = draft.measures.measures[0];
    if (first)
      first.costs = [
        { year: 2027, amount: "1,00" },
        { year: 2028, amount: "2,00" },
      ];
    draft.budget.rows = [
      { year: 2027, requested: "10,00", ownContribution: "11,00", otherSources: "12,00" },
      { year: 2028, requested: "20,00", ownContribution: "21,00", otherSources: "22,00" },
    ];
    draft.lead.periodStart = "2028-01-01";
    draft.lead.periodEnd = "2029-12-31";
    const moved = withPeriodYears(draft);
    expect(moved.measures.measures[0]?.costs).toEqual([
      { year: 2028, amount: "2,00" },
      { year: 2029, amount: "" },
    ]);
    expect(moved.budget.rows).toEqual([
      { year: 2028, requested: "20,00", ownContribution: "21,00", otherSources: "22,00" },
      { year: 2029, requested: "", ownContribution: "", otherSources: "0" },
    ]);
    // While the period is not valid nothing is thrown away.
    draft.lead.periodEnd = "2027-01-01";
    expect(withPeriodYears(draft)).toEqual(draft);
  });

  it("keeps every year while a mistyped start makes the period longer than a plan can be", () => {
    const draft = validDraft();
    const before = structuredClone(draft);
    // 2017 typed for 2027: the plan's years 2027 and 2028 are still in the period 2017–2028.
    draft.lead.periodStart = "2017-01-01";
    const typo = withPeriodYears(draft);
    expect(typo.measures).toEqual(before.measures);
    expect(typo.budget).toEqual(before.budget);
    expect(validatePlan(typo, rules, AGREEMENT).values).toBeUndefined();
    // Corrected, the amounts are all there.
    typo.lead.periodStart = before.lead.periodStart;
    expect(withPeriodYears(typo)).toEqual(before);
  });
});
