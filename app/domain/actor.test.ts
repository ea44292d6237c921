import { describe, expect, it } from "vitest";
import { actorFromMemberships } from "./actor.ts";

/** Someone in more than one organisation gets them in the order they joined, whatever order they come in. */
describe("the order of an actor's organisations", () => {
  it("is the order the memberships were made", () => {
    const actor = actorFromMemberships("u", [
      { role: "APPLICANT", organisationId: "b", createdAt: new Date("2026-03-01T10:00:00Z") },
      { role: "APPLICANT", organisationId: "a", createdAt: new Date("2026-01-01T10:00:00Z") },
      { role: "APPLICANT", organisationId: "c", createdAt: "2026-02-01T10:00:00" },
    ]);
    expect(actor.organisationIds).toEqual(["a", "c", "b"]);
  });

  it("keeps the given order for memberships made at the same moment, and without a moment", () => {
    const at = new Date("2026-01-01T10:00:00Z");
    expect(
      actorFromMemberships("u", [
        { role: "APPLICANT", organisationId: "z", createdAt: at },
        { role: "APPLICANT", organisationId: "y", createdAt: at },
      ]).organisationIds,
    ).toEqual(["z", "y"]);
    expect(
      actorFromMemberships("u", [
        { role: "APPLICANT", organisationId: "z" },
        { role: "APPLICANT", organisationId: "y" },
      ]).organisationIds,
    ).toEqual(["z", "y"]);
  });
});
