import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import { createScenario, issueMessages, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { submitPlan } from "../plan/plans.server.ts";
import { leadStepSchema } from "../plan/steps/lead.ts";
import { localDateToDb } from "../time/index.ts";
import { planRules } from "./regulation.server.ts";

/**
 * The period rules as planRules reads them from the database: the regulation's publication date
 * (art. 1.2 lid 5) and the fund's envelope years, and a submission that re-runs them.
 */

afterAll(async () => {
  await disconnectPrisma();
});

async function withoutEnvelope(s: Scenario, year: number) {
  await prisma.budgetEnvelope.deleteMany({ where: { fund: s.regulation.fund, year } });
}

describe("planRules: where a plan's period may lie", () => {
  let s: Scenario;
  beforeEach(async () => {
    s = await createScenario();
  });

  it("starts no earlier than the publication when it is later than 1 January of the first envelope year", async () => {
    const y = s.year;
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { publishedOn: localDateToDb(`${y}-08-14`) },
    });
    const rules = await planRules(prisma, s.regulation.id);
    expect(rules).toMatchObject({
      earliestStart: `${y}-08-15`,
      publishedOn: `${y}-08-14`,
      latestEnd: `${y + 3}-12-31`,
    });
    const lead = (periodStart: string, periodEnd: string) =>
      issueMessages(leadStepSchema(rules).safeParse({ ...validPlanDraft(y).lead, periodStart, periodEnd }));
    expect(lead(`${y}-01-01`, `${y + 1}-06-30`)).toEqual({
      periodStart: `De regeling is op 14 augustus ${y} gepubliceerd: het plan kan pas de dag daarna beginnen.`,
    });
    expect(lead(`${y}-08-14`, `${y + 1}-06-30`).periodStart).toMatch(/gepubliceerd/);
    expect(lead(`${y}-08-15`, `${y + 1}-06-30`)).toEqual({});
  });

  it("keeps 1 January of the first envelope year when the publication came before it, or there is none", async () => {
    const y = s.year;
    expect(await planRules(prisma, s.regulation.id)).toMatchObject({
      earliestStart: `${y}-01-01`,
      publishedOn: null,
    });
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { publishedOn: localDateToDb(`${y - 1}-08-14`) },
    });
    expect(await planRules(prisma, s.regulation.id)).toMatchObject({
      earliestStart: `${y}-01-01`,
      publishedOn: `${y - 1}-08-14`,
    });
  });

  it("gives the envelope years, so that a period across a year without one is refused", async () => {
    const y = s.year;
    await withoutEnvelope(s, y + 2);
    const rules = await planRules(prisma, s.regulation.id);
    expect(rules.envelopeYears).toEqual([y, y + 1, y + 3]);
    // The first and last envelope year still bound the period as before.
    expect(rules).toMatchObject({ earliestStart: `${y}-01-01`, latestEnd: `${y + 3}-12-31` });
    const lead = (periodStart: string, periodEnd: string) =>
      issueMessages(leadStepSchema(rules).safeParse({ ...validPlanDraft(y).lead, periodStart, periodEnd }));
    expect(lead(`${y + 1}-07-01`, `${y + 3}-06-30`)).toEqual({
      periodEnd: `Voor ${y + 2} heeft de regeling geen budget: het plan moet uiterlijk op 31 december ${y + 1} eindigen.`,
    });
    expect(lead(`${y}-07-01`, `${y + 1}-12-31`)).toEqual({});
  });

  it("refuses the submission of a draft whose period lost its envelope after the step was saved", async () => {
    const y = s.year;
    // validPlanDraft covers y+1 and y+2.
    const { id, version } = await draftPlan(s);
    await withoutEnvelope(s, y + 2);
    await expect(submitPlan(s.applicantA, id, version)).rejects.toMatchObject({
      code: "PLAN_INCOMPLETE",
      field: "lead.periodEnd",
      message: `Het plan is nog niet compleet: Voor ${y + 2} heeft de regeling geen budget: het plan moet uiterlijk op 31 december ${y + 1} eindigen.`,
    });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
  });

  it("refuses the submission of a draft that starts before a publication date set after the step was saved", async () => {
    const y = s.year;
    const { id, version } = await draftPlan(s);
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { publishedOn: localDateToDb(`${y + 1}-02-01`) },
    });
    await expect(submitPlan(s.applicantA, id, version)).rejects.toMatchObject({
      code: "PLAN_INCOMPLETE",
      field: "lead.periodStart",
      message: `Het plan is nog niet compleet: De regeling is op 1 februari ${y + 1} gepubliceerd: het plan kan pas de dag daarna beginnen.`,
    });
  });
});
