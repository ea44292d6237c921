import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { amsterdamDate } from "../time/index.ts";
import { checkEligibility, eligibilityContext } from "./eligibility.server.ts";

const DAY = 86_400_000;
const allYes = { employersOrganisation: true, employeesOrganisation: true, meetsMinimum: true };

describe("the eligibility check before a draft", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  it("lets through an applicant who answers yes three times while the window is open", async () => {
    setClock(new Date(s.window.opensAt.getTime() + 2 * DAY));
    const only = { regulationId: s.regulation.id };
    expect(await checkEligibility(prisma, allYes, undefined, only)).toEqual([]);
    const ctx = await eligibilityContext(prisma, undefined, only);
    expect(ctx.open).toEqual({
      regulationId: s.regulation.id,
      regulationTitle: s.regulation.title,
      window: s.window.name,
      lastDay: amsterdamDate(new Date(s.window.closesAt.getTime() - 1)),
    });
    expect(ctx.minimumRequestCents).toBe("25000000");
  });

  it("gives one plain reason for each no, with the minimum formatted nl-NL", async () => {
    setClock(new Date(s.window.opensAt.getTime() + 2 * DAY));
    const reasons = await checkEligibility(
      prisma,
      { employersOrganisation: false, employeesOrganisation: false, meetsMinimum: false },
      undefined,
      { regulationId: s.regulation.id },
    );
    expect(reasons.map((r) => [r.code, r.field])).toEqual([
      ["NO_EMPLOYERS_ORGANISATION", "employersOrganisation"],
      ["NO_EMPLOYEES_ORGANISATION", "employeesOrganisation"],
      ["BELOW_MINIMUM", "meetsMinimum"],
    ]);
    expect(reasons[0]?.message).toMatch(/werkgeversorganisatie/);
    expect(reasons[1]?.message).toMatch(/werknemersorganisatie/);
    expect(reasons[2]?.params).toEqual({ minimumCents: "25000000" });
    expect(reasons[2]?.message).toContain("€\u00a0250.000,00");

    const one = await checkEligibility(prisma, { ...allYes, employeesOrganisation: false }, undefined, {
      regulationId: s.regulation.id,
    });
    expect(one.map((r) => r.code)).toEqual(["NO_EMPLOYEES_ORGANISATION"]);
  });

  it("says plainly that no window is open once the window has closed", async () => {
    // closesAt is exclusive: the instant itself is already too late.
    setClock(s.window.closesAt);
    const reasons = await checkEligibility(prisma, allYes, undefined, { regulationId: s.regulation.id });
    expect(reasons.map((r) => r.code)).toEqual(["NO_WINDOW"]);
    setClock(new Date(s.window.closesAt.getTime() - 1));
    expect(await checkEligibility(prisma, allYes, undefined, { regulationId: s.regulation.id })).toEqual([]);
  });

  it("says from when one can apply when the next window is known", async () => {
    const t = await createScenario();
    const pot = await prisma.budgetPot.create({
      data: { kind: "WINDOW", name: `Tweede tijdvak ${t.tag}`, ceilingCents: 1_000_000_000n },
    });
    const opensAt = new Date(t.window.closesAt.getTime() + 30 * DAY);
    await prisma.applicationWindow.create({
      data: {
        regulationId: t.regulation.id,
        name: `Tijdvak 2 ${t.tag}`,
        opensAt,
        closesAt: new Date(opensAt.getTime() + 60 * DAY),
        potId: pot.id,
      },
    });
    setClock(new Date(t.window.closesAt.getTime() + DAY));
    const [reason, ...rest] = await checkEligibility(prisma, { ...allYes, meetsMinimum: false }, undefined, {
      regulationId: t.regulation.id,
    });
    expect(reason).toMatchObject({
      code: "WINDOW_NOT_YET_OPEN",
      params: { window: `Tijdvak 2 ${t.tag}`, opensOn: amsterdamDate(opensAt) },
    });
    expect(reason?.message).toContain("opent op");
    // The minimum shown is the coming window's regulation's.
    expect(rest).toEqual([
      expect.objectContaining({ code: "BELOW_MINIMUM", params: { minimumCents: "25000000" } }),
    ]);
  });

  it("finds no window at all long before any regulation existed", async () => {
    setClock(new Date("1990-06-01T10:00:00Z"));
    const ctx = await eligibilityContext(prisma);
    expect(ctx.open).toBeNull();
    const reasons = await checkEligibility(prisma, allYes);
    // Some window of the seed or another test opens later, so the next one is named.
    expect(reasons.map((r) => r.code)).toEqual(["WINDOW_NOT_YET_OPEN"]);
  });
});
