import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { revokeGrant } from "../../domain/decision/decide.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { requestExtension } from "../../domain/extension/extension.server.ts";
import { markInterimReportSubmitted } from "../../domain/extension/test-support.server.ts";
import { getPlanView } from "../../domain/plan/view.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { visibleTabs } from "../behandeling/plan/layout.tsx";
import { loader } from "./plan.tsx";

/**
 * A request for verlenging open when the minister revokes the grant lapses (extension.server.ts);
 * the plan is then WITHDRAWN, and the request must stay readable with it: on the applicant's plan
 * page and on the staff's Verlenging tab, as for a grant that runs.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { plan: { organisationId: s.orgA.id }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const version = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;

describe("a request that lapsed with a revoked grant", () => {
  it("stays on the applicant's plan page and on the staff's tab", async () => {
    const { planId } = await revocableScenarioPlan(s);
    await markInterimReportSubmitted(planId);
    await requestExtension(s.applicantA, planId, await version(planId), {
      months: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    await revokeGrant(s.decisionMaker, planId, await version(planId), REVOCATION_REASON);

    const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
      ";",
    )[0];
    const request = new Request(`http://localhost/aanvrager/plannen/${planId}`, {
      headers: { Cookie: cookie ?? "" },
    });
    const page = (await loader({ request, params: { planId }, context: {} } as never)) as {
      plan: { status: string };
      extension: { link: string | null } | null;
    };
    expect(page.plan.status).toBe("WITHDRAWN");
    expect(page.extension?.link).toBe("view");

    const staffView = await getPlanView(s.decisionMaker, planId);
    expect(visibleTabs(staffView, ["DECISION_MAKER"]).map((t) => t.to)).toContain("verlenging");
    // An application the applicant withdrew before any grant has no such tab.
    expect(
      visibleTabs({ status: "WITHDRAWN", revocation: null }, ["DECISION_MAKER"]).map((t) => t.to),
    ).not.toContain("verlenging");
  });
});

describe("a grant whose period cannot be extended yet", () => {
  it("says why on the plan page, naming the day, instead of showing nothing", async () => {
    const { planId } = await revocableScenarioPlan(s);
    const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
      ";",
    )[0];
    const request = new Request(`http://localhost/aanvrager/plannen/${planId}`, {
      headers: { Cookie: cookie ?? "" },
    });
    const page = (await loader({ request, params: { planId }, context: {} } as never)) as {
      extension: { link: string | null; notice?: string | null } | null;
    };
    expect(page.extension?.link).toBeNull();
    // Art. 1.2a lid 2: not before the interim report after the 12th month.
    expect(page.extension?.notice).toMatch(
      /^Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag/,
    );
    await markInterimReportSubmitted(planId);
    const after = (await loader({ request, params: { planId }, context: {} } as never)) as typeof page;
    expect(after.extension).toMatchObject({ link: "request", notice: null });
  });
});
