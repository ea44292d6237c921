import { describe, expect, it } from "vitest";
import { unflattenForm } from "./form-data.ts";
import { shapeStepInput } from "./wizard.ts";

describe("unflattenForm", () => {
  it("turns react-hook-form names into nested lists and objects", () => {
    const out = unflattenForm(
      [
        ["intent", "next"],
        ["measures.0.title", "A"],
        ["measures.0.costs.0.year", "2027"],
        ["measures.0.costs.0.amount", "1.000,00"],
        ["measures.1.title", "B"],
      ],
      ["intent"],
    );
    expect(out).toEqual({
      measures: [{ title: "A", costs: [{ year: "2027", amount: "1.000,00" }] }, { title: "B" }],
    });
  });

  it("collects a name sent several times (a checkbox group) as a list", () => {
    expect(
      unflattenForm([
        ["sectorCodes", "1"],
        ["sectorCodes", "3"],
      ]),
    ).toEqual({ sectorCodes: ["1", "3"] });
  });

  it("ignores prototype keys, deep paths and huge indices", () => {
    const out = unflattenForm([
      ["__proto__.polluted", "x"],
      ["a.constructor.prototype.x", "y"],
      ["a.b.c.d.e.f.g", "deep"],
      ["measures.100000.title", "far"],
    ]);
    expect(out).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("feeds shapeStepInput, which reads one ticked checkbox as a list of one", () => {
    const lead = shapeStepInput(
      "lead",
      unflattenForm([
        ["sectorCodes", "3"],
        ["title", "Plan"],
      ]),
    );
    expect(lead.sectorCodes).toEqual(["3"]);
    expect(lead.title).toBe("Plan");
    expect(lead.leadKvk).toBe("");
  });

  it("compacts a list with a gap (a removed row)", () => {
    const partnership = shapeStepInput(
      "partnership",
      unflattenForm([
        ["partners.0.name", "A"],
        ["partners.2.name", "C"],
      ]),
    );
    expect(partnership.partners.map((p) => p.name)).toEqual(["A", "C"]);
  });
});

describe("the step schemas on input that is not even an object", () => {
  it("report errors and never throw", async () => {
    const { leadStepSchema } = await import("./lead.ts");
    const { partnershipStepSchema } = await import("./partnership.ts");
    const { measuresStepSchema } = await import("./measures.ts");
    const { budgetStepSchema } = await import("./budget.ts");
    const { scenarioRules, singleRateContext } = await import("../../../test/scenario.server.ts");
    const rules = scenarioRules(2026);
    const schemas = [
      leadStepSchema(rules),
      partnershipStepSchema(),
      measuresStepSchema(rules, { years: [2027] }),
      budgetStepSchema(rules, singleRateContext(rules, [2027], ["0"])),
    ];
    for (const schema of schemas) {
      for (const input of [null, undefined, "x", 3, []]) {
        expect(schema.safeParse(input).success).toBe(false);
      }
    }
  });

  it("show the partnership rule together with a partner's field errors", async () => {
    const { partnershipStepSchema } = await import("./partnership.ts");
    const r = partnershipStepSchema().safeParse({
      partners: [{ kind: "EMPLOYERS", name: "", contactName: "", contactEmail: "" }],
    });
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages).toContain("Het samenwerkingsverband heeft ten minste één werknemersorganisatie.");
    expect(messages).toContain("Vul de naam van de organisatie in.");
  });
});
