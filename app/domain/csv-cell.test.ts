import { describe, expect, it } from "vitest";
import { csvCell, defuseFormula } from "./csv-cell.ts";

describe("defuseFormula", () => {
  it("puts an apostrophe before every start a spreadsheet runs as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(defuseFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    }
  });

  it("leaves other text alone, also a formula sign further on", () => {
    expect(defuseFormula("Stichting A = B")).toBe("Stichting A = B");
    expect(defuseFormula("'s-Hertogenbosch")).toBe("'s-Hertogenbosch");
    expect(defuseFormula("")).toBe("");
  });
});

describe("csvCell", () => {
  it("quotes, doubles quotes and defuses", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("gewoon")).toBe('"gewoon"');
  });
});
