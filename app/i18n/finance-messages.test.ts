import { describe, expect, it } from "vitest";
import { checkIban } from "../domain/payments/iban.ts";
import { costsStepSchema, resultsStepSchema, submitStepSchema } from "../domain/settlement/report-schemas.ts";
import { hasEnglish, translateDomainText } from "./domain-messages.ts";
import { fixedT } from "./translate.ts";

/** The messages the realisation report's steps raise for bad input. */
function reportMessages(): string[] {
  const bad = [
    resultsStepSchema.safeParse({ measures: [{ measureId: "m1", participants: "veel" }], summary: "kort" }),
    resultsStepSchema.safeParse({
      measures: [{ measureId: "m1", participants: "" }],
      summary: "x".repeat(10_001),
    }),
    costsStepSchema.safeParse({ costs: [{ measureId: "m1", year: "2027", amount: "" }] }),
    costsStepSchema.safeParse({ costs: [{ measureId: "m1", year: "2027", amount: "abc" }] }),
    submitStepSchema.safeParse({ declaration: false }),
  ];
  return bad.flatMap((r) => r.error?.issues.map((i) => i.message) ?? []);
}

/** The messages of the IBAN check for bad input. */
function ibanMessages(): string[] {
  return ["", "12345", "NL92ABNA0417164300", "TR330006100519786457841326", "CH9300762011623852957"].flatMap(
    (input) => {
      const checked = checkIban(input);
      return checked.ok ? [] : [checked.message];
    },
  );
}

describe("English renderings of the finance pages' Dutch messages", () => {
  it("cover every message of the realisation report's steps", () => {
    const all = [...new Set(reportMessages())];
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("cover every message of the IBAN check", () => {
    const all = [...new Set(ibanMessages())];
    expect(all).toHaveLength(5);
    expect(all.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("carry the limit over", () => {
    expect(translateDomainText("De toelichting mag hoogstens 10000 tekens hebben.", "en")).toBe(
      "The explanation may have at most 10000 characters.",
    );
  });

  it("name every report step in both languages", () => {
    for (const key of ["results", "costs", "submit"]) {
      expect(fixedT("en")(`realisation.steps.${key}`)).not.toBe(`realisation.steps.${key}`);
      expect(fixedT("nl")(`realisation.steps.${key}`)).not.toBe(`realisation.steps.${key}`);
    }
    expect(fixedT("nl")("realisation.steps.results")).toBe("Resultaten");
  });
});
