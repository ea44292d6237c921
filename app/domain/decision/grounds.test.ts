import { describe, expect, it } from "vitest";
import { CRITERIA } from "../../../prisma/seed/regulation-data.ts";
import { CEILING_REACHED, decisionGrounds, findGround, reasonWithGround } from "./grounds.ts";

describe("decision grounds", () => {
  it("state a criterion as the refusal it grounds, never as the criterion met", () => {
    const grounds = decisionGrounds(CRITERIA);
    const analysis = findGround(grounds, "art-2.5-analyse");
    expect(analysis?.label).toBe("De arbeidsmarktanalyse is ontoereikend");
    expect(reasonWithGround(analysis, "De analyse kijkt niet vijf jaar vooruit.")).toBe(
      "Grond: De arbeidsmarktanalyse is ontoereikend (artikel 2.5 van de regeling).\n\n" +
        "De analyse kijkt niet vijf jaar vooruit.",
    );
    // Every seeded criterion has its own refusal wording, and none is the criterion's own text.
    for (const c of CRITERIA) expect(findGround(grounds, `art-2.5-${c.code}`)?.label).not.toBe(c.label);
  });

  it("name the criterion that was not met when a regulation gives no refusal wording", () => {
    const [ground] = decisionGrounds([{ code: "analyse", label: "De analyse is toereikend", weight: 1 }]);
    expect(ground?.label).toBe("Niet voldaan aan het criterium “De analyse is toereikend”");
  });

  it("follow the regulation's grounds with the Awb's own, the ceiling first", () => {
    const grounds = decisionGrounds(CRITERIA);
    expect(grounds).toHaveLength(CRITERIA.length + 3);
    expect(grounds[CRITERIA.length]?.code).toBe(CEILING_REACHED);
    expect(decisionGrounds(null).map((g) => g.code)).toEqual(
      grounds.slice(CRITERIA.length).map((g) => g.code),
    );
  });
});
