import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { assignAdviser, declareInterest } from "../assessment/assignment.server.ts";
import { setClock } from "../clock.ts";
import { interimReportsForStaff } from "../interim/review.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { underspendingFacts, underspendingPlanSelect } from "../underspending/facts.server.ts";
import { submitMelding } from "../underspending/melding.server.ts";
import { meldingenForStaff, reviewMelding } from "../underspending/review.server.ts";

/**
 * The staff tabs of the melding onderbesteding and the interim report offer their "gelezen" form
 * only when the event's guards allow it (staffEventRefusal): a case handler who also advises on the
 * plan is told why (four-eyes) rather than given a form the event refuses.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** A plan in execution, advised on by someone who also holds the case handler's role. */
async function advisedByAHandler(): Promise<{ planId: string; both: Actor }> {
  setClock(null);
  const { id, version } = await completePlan(s);
  const u = await s.newUser("ADVISER");
  await prisma.roleMembership.create({ data: { userId: u.userId, role: "CASE_HANDLER" } });
  const both: Actor = { ...u, roles: ["ADVISER", "CASE_HANDLER"] };
  await assignAdviser(s.coordinator, id, both.userId);
  await declareInterest(both, id, { conflict: false });
  await grantPlan(s, id, await advisePlan(s, id, version));
  await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
  return { planId: id, both };
}

const FOUR_EYES = /vier-ogenprincipe/;

describe("the staff tabs' 'gelezen' form", () => {
  it("melding onderbesteding: refused on the tab as the event refuses it, offered to another handler", async () => {
    const { planId, both } = await advisedByAHandler();
    setClock(new Date(`${s.year + 1}-07-02T09:00:00+02:00`));
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      select: underspendingPlanSelect,
    });
    const planned = underspendingFacts(plan).halves[0]?.plannedCents ?? 0n;
    await submitMelding(s.applicantA, planId, 1, 0, {
      actual: `${planned / 200n},00`,
      causes: "De werving van deelnemers kwam later op gang dan gepland.",
      outlook: "Wij werven extra via de regionale opleidingsbedrijven en halen de achterstand in.",
    });
    const page = await meldingenForStaff(both, planId);
    expect(page.reviewRefusal).toMatch(FOUR_EYES);
    await expect(reviewMelding(both, planId, 1, page.plan.version, "")).rejects.toThrow(
      page.reviewRefusal ?? "",
    );
    expect((await meldingenForStaff(s.handler, planId)).reviewRefusal).toBeNull();
  });

  it("interim report: the same four-eyes refusal on its tab", async () => {
    const { planId, both } = await advisedByAHandler();
    expect((await interimReportsForStaff(both, planId)).reviewRefusal).toBe(
      "U adviseert over dit plan en mag daarom het tussentijds voortgangsverslag niet als behandelaar afhandelen; dat doet een andere behandelaar (vier-ogenprincipe).",
    );
    expect((await interimReportsForStaff(s.handler, planId)).reviewRefusal).toBeNull();
  });
});
