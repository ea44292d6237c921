import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { createScenario } from "../../../test/scenario.server.ts";
import { createDraftPlan, saveStep } from "../drafts.server.ts";
import { getWizard } from "../wizard.server.ts";
import { isRealDate } from "./common.ts";

afterAll(async () => {
  await disconnectPrisma();
});

describe("a period day the database cannot store", () => {
  it("is no real date: neither 30 February nor the year 0 JavaScript knows and PostgreSQL does not", () => {
    expect(isRealDate("2026-02-28")).toBe(true);
    expect(isRealDate("2028-02-29")).toBe(true);
    expect(isRealDate("2026-02-30")).toBe(false);
    expect(isRealDate("0000-01-01")).toBe(false);
    expect(isRealDate("99999-01-01")).toBe(false);
  });

  it("is kept in the draft and named at its field, and the save does not fail", async () => {
    const s = await createScenario();
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id } });
    await saveStep(s.applicantA, id, version, "lead", { periodStart: "0000-01-01", periodEnd: "2027-12-31" });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.periodStart).toBeNull();
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(wizard.issues.lead).toContainEqual({
      path: "periodStart",
      message: "Vul een geldige begindatum in.",
    });
  });
});
