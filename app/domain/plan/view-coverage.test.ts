import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { getPlanView, submitPlan } from "./plans.server.ts";

/** The plan page says whom a plan is for: its sectors, or the labour-market regions it covers. */
describe("the plan page's coverage", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: {
        regions: [
          { code: "R1", label: "Groot Amsterdam" },
          { code: "R2", label: "Twente" },
        ],
      },
    });
  });

  it("names the regions of a regional plan, for the applicant and for the handler", async () => {
    const { id, version } = await draftPlan(s, {
      change: (i) => {
        i.lead.coverage = "REGIONS";
        i.lead.sectorCodes = [];
        i.lead.regionCodes = ["R1", "R2"];
      },
    });
    await submitPlan(s.applicantA, id, version);
    for (const actor of [s.applicantA, s.handler]) {
      const view = await getPlanView(actor, id);
      expect(view.regionLabels).toEqual(["Groot Amsterdam", "Twente"]);
      expect(view.sectorLabels).toEqual([]);
    }
  });

  it("names the sectors of a sector plan and no region", async () => {
    const { id } = await submittedPlan(s);
    const view = await getPlanView(s.applicantA, id);
    expect(view.sectorLabels.length).toBeGreaterThan(0);
    expect(view.regionLabels).toEqual([]);
  });
});
