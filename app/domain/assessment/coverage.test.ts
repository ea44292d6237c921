import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, declareComplete, draftPlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { submitPlan } from "../plan/plans.server.ts";
import type { StepInputs } from "../plan/steps/wizard.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { type Coverage, regulationCoverage } from "./coverage.server.ts";

/**
 * design.md §7: the Actieteam sees per sector and per arbeidsmarktregio how many plans came in and
 * how many were granted, every code of the regulation listed, also those without a plan.
 */

const SECTORS = [
  { code: "3", label: "Metalektro en metaalnijverheid" },
  { code: "5", label: "Bouwnijverheid en bouwinstallatie" },
  { code: "7", label: "Groothandel en handelsbemiddeling" },
];
// Not in alphabetical order: the page keeps the regulation's own.
const REGIONS = [
  { code: "zeeland", label: "Zeeland" },
  { code: "rijnmond", label: "Rijnmond" },
  { code: "twente", label: "Twente" },
];

let s: Scenario;
let coverage: Coverage;

const sectors = (codes: string[]) => (inputs: StepInputs) => {
  inputs.lead = { ...inputs.lead, coverage: "SECTORS", sectorCodes: codes, regionCodes: [] };
};
const regions = (codes: string[]) => (inputs: StepInputs) => {
  inputs.lead = { ...inputs.lead, coverage: "REGIONS", sectorCodes: [], regionCodes: codes };
};

/** A plan drafted through every step and sent in by `actor`. */
async function submitted(actor: Actor, change: (inputs: StepInputs) => void) {
  const d = await draftPlan(s, { actor, change });
  const { version } = await submitPlan(actor, d.id, d.version);
  return { id: d.id, version };
}

const setStatus = (id: string, status: "IN_EXECUTION" | "REJECTED" | "WITHDRAWN") =>
  prisma.plan.update({ where: { id }, data: { status } });

beforeAll(async () => {
  s = await createScenario();
  await prisma.regulation.update({
    where: { id: s.regulation.id },
    data: { sectors: SECTORS, regions: REGIONS },
  });
  // Two sectors in one plan: counted under each.
  await submitted(s.applicantA, sectors(["3", "5"]));
  // Granted through the workflow itself.
  const g = await submitted(s.applicantB, sectors(["3"]));
  const c = await declareComplete(s.handler, g.id, g.version);
  await grantPlan(s, g.id, await advisePlan(s, g.id, c.version));
  // Two regions, a grant in execution.
  await setStatus((await submitted(s.applicantA, regions(["rijnmond", "twente"]))).id, "IN_EXECUTION");
  // Received and rejected: ingediend, not granted.
  await setStatus((await submitted(s.applicantB, regions(["twente"]))).id, "REJECTED");
  // Withdrawn by the applicant: no longer counted.
  const w = await submitted(s.applicantA, sectors(["7"]));
  await withdrawPlan(s.applicantA, w.id, w.version, "Toch niet.");
  // A revoked grant ends WITHDRAWN as well (the revoke event): not counted either.
  await setStatus((await submitted(s.applicantB, regions(["zeeland"]))).id, "WITHDRAWN");
  // A draft never sent: nobody's plan yet.
  await draftPlan(s, { change: sectors(["7"]) });
  const result = await regulationCoverage(s.regulation.id);
  if (!result) throw new Error("no coverage");
  coverage = result;
});
afterAll(async () => {
  await disconnectPrisma();
});

describe("regulationCoverage", () => {
  it("lists every sector of the regulation in its order, a plan of two sectors under each", () => {
    expect(coverage.regulation.id).toBe(s.regulation.id);
    expect(coverage.sectors).toEqual([
      { ...SECTORS[0], submitted: 2, granted: 1 },
      { ...SECTORS[1], submitted: 1, granted: 0 },
      // Only a withdrawn plan and a draft: none.
      { ...SECTORS[2], submitted: 0, granted: 0 },
    ]);
  });

  it("lists every region, a plan of two regions under each, a rejected plan ingediend only", () => {
    expect(coverage.regions).toEqual([
      // Only a revoked (WITHDRAWN) grant: none.
      { ...REGIONS[0], submitted: 0, granted: 0 },
      { ...REGIONS[1], submitted: 1, granted: 1 },
      { ...REGIONS[2], submitted: 2, granted: 1 },
    ]);
  });

  it("counts a sector plan once as landelijk and a regional plan once as sectoroverstijgend", () => {
    expect(coverage.national).toEqual({ submitted: 2, granted: 1 });
    expect(coverage.crossSector).toEqual({ submitted: 2, granted: 1 });
    expect(coverage.total).toEqual({ submitted: 4, granted: 2 });
  });

  it("offers every regulation to choose from", () => {
    expect(coverage.regulations.map((r) => r.id)).toContain(s.regulation.id);
  });

  it("opens on the regulation whose window opened last without a choice", async () => {
    await prisma.applicationWindow.update({
      where: { id: s.window.id },
      data: { opensAt: new Date(now().getTime() - 1000) },
    });
    expect((await regulationCoverage(undefined))?.regulation.id).toBe(s.regulation.id);
  });

  it("refuses an unknown regulation", async () => {
    await expect(regulationCoverage("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
