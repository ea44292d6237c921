import { describe, expect, it } from "vitest";
import { planActionMeta } from "./respond.server.ts";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("planActionMeta", () => {
  const read = planActionMeta(["decide", "revoke"] as const);

  it("reads the intent and the plan version the form was read at", () => {
    expect(read(form({ intent: "revoke", expectedVersion: "7" }))).toEqual({
      intent: "revoke",
      expectedVersion: 7,
    });
  });

  it("answers null for an intent the route does not know, or a version that is not a positive whole number", () => {
    expect(read(form({ intent: "delete", expectedVersion: "7" }))).toBeNull();
    expect(read(form({ expectedVersion: "7" }))).toBeNull();
    for (const expectedVersion of ["0", "-1", "1.5", "zeven", ""]) {
      expect(read(form({ intent: "decide", expectedVersion }))).toBeNull();
    }
    expect(read(form({ intent: "decide" }))).toBeNull();
  });
});
