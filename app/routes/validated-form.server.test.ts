import { zodResolver } from "@hookform/resolvers/zod";
import { generateFormData } from "remix-hook-form";
import { afterEach, describe, expect, it } from "vitest";
import { decisionFormSchema } from "../domain/plan/plan-form.ts";
import { validatedForm } from "./validated-form.server.ts";

function form(pairs: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of pairs) f.append(k, v);
  return f;
}

const polluted = () => ({}) as Record<string, unknown>;

describe("validatedForm", () => {
  afterEach(() => {
    // Should a case below ever pollute, the rest of the run must not inherit it.
    delete (Object.prototype as Record<string, unknown>).grantedPerYear;
  });

  it("reads a decision form into the schema's values, amounts as strings parsed by the schema", async () => {
    const v = await validatedForm(
      form([
        ["intent", "decide"],
        ["expectedVersion", "3"],
        ["outcome", "GRANT"],
        ["reason", "Voldoet aan de criteria."],
        ["amounts.0.year", "2014"],
        ["amounts.0.amount", "1000,50"],
      ]).entries(),
      zodResolver(decisionFormSchema),
    );
    expect(v.errors).toBeUndefined();
    expect(v.data).toMatchObject({ outcome: "GRANT", amounts: [{ year: 2014, amount: 100050n }] });
  });

  it("gives field errors in react-hook-form's shape", async () => {
    const v = await validatedForm(
      form([
        ["outcome", "REJECT"],
        ["reason", " "],
      ]).entries(),
      zodResolver(decisionFormSchema),
    );
    expect(v.errors?.reason?.message).toBe("Schrijf de motivering van het besluit.");
  });

  it("never writes onto Object.prototype, and a bare numeric name does not throw", async () => {
    const hostile = form([
      ["__proto__.grantedPerYear", "1"],
      ["constructor.prototype.grantedPerYear", "1"],
      ["0", "x"],
      ["outcome", "GRANT"],
      ["reason", "x"],
    ]);
    await expect(validatedForm(hostile.entries(), zodResolver(decisionFormSchema))).resolves.toBeDefined();
    expect(polluted().grantedPerYear).toBeUndefined();
  });

  it("guards against what remix-hook-form's own walker does with the same form", () => {
    // The reason this helper exists; if a later remix-hook-form refuses these names, this test
    // says so, and the helper may go.
    expect(() => generateFormData(form([["0", "x"]]), true)).toThrow(TypeError);
    generateFormData(form([["__proto__.grantedPerYear", "1"]]), true);
    expect(polluted().grantedPerYear).toBe("1");
  });
});
