import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { grantedScenarioPlan } from "../../domain/documents/test-fixtures.server.ts";
import { requestExtension } from "../../domain/extension/extension.server.ts";
import { SETTLEMENT_WHILE_EXTENSION_OPEN } from "../../domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../../domain/extension/test-support.server.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { getRealisationReport, openRealisationReport } from "../../domain/settlement/report.server.ts";
import { reportDueOn } from "../../domain/settlement/terms.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action } from "./realisatie.tsx";

/**
 * A verlenging asked in time and not yet decided when the period ends: the realisation report opens,
 * but the vaststelling cannot be asked until the besluit (request_settlement's guard). The page says
 * so before the signatory presses, and a press gets the reason on the page, not an error page.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const version = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

describe("the realisation report while a verlenging is asked", () => {
  it("says so on the page, and a submission is refused on the page with the reason", async () => {
    const { planId } = await grantedScenarioPlan(s);
    await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
    await markInterimReportSubmitted(planId);
    await requestExtension(s.applicantA, planId, await version(planId), {
      months: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    // The day after the old end: the report opens while the request still awaits its besluit.
    setClock(new Date(`${s.year + 3}-01-05T09:00:00Z`));
    const view = await openRealisationReport(s.applicantA, planId);
    expect(view.open).toBe(true);
    expect(view.extensionOpen).toBe(true);

    const request = new Request(`http://localhost/aanvrager/plannen/${planId}/realisatie/indienen`, {
      method: "POST",
      headers: { Cookie: await cookieOf(s.applicantA), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "submit",
        expectedVersion: String((await getRealisationReport(s.applicantA, planId)).report?.version ?? 1),
        declaration: "on",
      }).toString(),
    });
    const result = (await action({
      request,
      params: { planId, stap: "indienen" },
      context: {},
    } as never)) as {
      init?: { status?: number };
      data?: { formError?: string };
    };
    expect({ status: result.init?.status, formError: result.data?.formError }).toEqual({
      status: 403,
      formError: SETTLEMENT_WHILE_EXTENSION_OPEN,
    });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe("IN_EXECUTION");
  });

  it("does not open the report on the old end when a besluit moves the end at the same moment", async () => {
    const { planId } = await grantedScenarioPlan(s);
    await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
    const newEnd = new Date(`${s.year + 3}-06-30T00:00:00Z`);
    setClock(new Date(`${s.year + 3}-01-05T09:00:00Z`));
    // A besluit holding the plan's lock moves the end; the first visit to the report comes meanwhile.
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const released = new Promise<void>((r) => {
      release = r;
    });
    const besluit = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
      locked();
      await released;
      await tx.plan.update({ where: { id: planId }, data: { periodEnd: newEnd } });
    });
    await isLocked;
    const visit = openRealisationReport(s.applicantA, planId);
    await new Promise((r) => setTimeout(r, 200));
    release();
    await besluit;
    const view = await visit;
    // The period runs again: no report, and none left with the old due date for later.
    expect(view.open).toBe(false);
    expect(view.dueOn).toBe(reportDueOn(newEnd, 13));
    expect(await prisma.realisationReport.count({ where: { planId } })).toBe(0);
  });
});
