import { describe, expect, it } from "vitest";
import { regulationParamsSchema } from "./setup-schemas.ts";

describe("the regulation form's messages", () => {
  it("start a sentence with a capital, also where the field's label sits mid-sentence elsewhere", () => {
    const parsed = regulationParamsSchema.safeParse({ minimumRequest: "0" });
    const messages = (parsed.error?.issues ?? []).filter((i) => i.path[0] === "minimumRequest");
    expect(messages.map((i) => i.message)).toEqual([
      "Het minimaal aan te vragen bedrag moet hoger zijn dan € 0.",
    ]);
  });
});
