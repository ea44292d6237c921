import { describe, expect, it } from "vitest";
import { issueMessages, validPlanDraft } from "../../../test/scenario.server.ts";
import {
  ANALYSIS_FIELDS,
  type AnalysisStepInput,
  analysisStepSchema,
  emptyAnalysisStep,
} from "./analysis.ts";

const schema = analysisStepSchema();
const valid = (): AnalysisStepInput => validPlanDraft(2026).analysis;
const messagesFor = (patch: Partial<AnalysisStepInput>) =>
  issueMessages(schema.safeParse({ ...valid(), ...patch }));

describe("step 3, analysis and approach", () => {
  it("accepts six texts and trims them", () => {
    const out = schema.parse({ ...valid(), goals: "  Meetbare doelen.\n" });
    expect(out.goals).toBe("Meetbare doelen.");
    expect(Object.keys(out).sort()).toEqual(ANALYSIS_FIELDS.map(([key]) => key).sort());
  });

  it("requires every text, naming it", () => {
    const m = issueMessages(schema.safeParse(emptyAnalysisStep()));
    expect(m).toEqual({
      bottlenecksNow: "Vul de tekst over de acute knelpunten op de arbeidsmarkt in.",
      bottlenecksExpected: "Vul de tekst over de verwachte knelpunten in de komende vijf jaar in.",
      targetGroups: "Vul de tekst over de doelgroepen in.",
      goals: "Vul de tekst over de doelen en meetbare resultaten in.",
      organisation: "Vul de tekst over de organisatie en planning in.",
      continuation: "Vul de tekst over de voortzetting na de subsidie in.",
    });
    expect(messagesFor({ targetGroups: " \n\t " }).targetGroups).toBe("Vul de tekst over de doelgroepen in.");
  });

  it("allows 10,000 characters per text and no more", () => {
    expect(messagesFor({ bottlenecksNow: "x".repeat(10_000) })).toEqual({});
    expect(messagesFor({ bottlenecksNow: "x".repeat(10_001) }).bottlenecksNow).toBe(
      "De tekst over de acute knelpunten op de arbeidsmarkt mag hoogstens 10000 tekens hebben.",
    );
    expect(messagesFor({ continuation: "x".repeat(10_001) }).continuation).toMatch(/hoogstens 10000 tekens/);
  });

  it("keeps HTML as the plain text it is", () => {
    const text = "<script>alert('x')</script><b>vet</b> & meer";
    expect(schema.parse({ ...valid(), organisation: text }).organisation).toBe(text);
  });

  it("refuses what is not text", () => {
    const m = issueMessages(schema.safeParse({ ...valid(), goals: 42 }));
    expect(Object.keys(m)).toEqual(["goals"]);
  });
});
