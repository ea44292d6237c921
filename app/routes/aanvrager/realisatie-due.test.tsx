import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { setClock } from "../../domain/clock.ts";
import { grantedScenarioPlan } from "../../domain/documents/test-fixtures.server.ts";
import { decideExtension, requestExtension } from "../../domain/extension/extension.server.ts";
import { grantDecidedAt, markInterimReportSubmitted } from "../../domain/extension/test-support.server.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { amsterdamDate, formatDateNl } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import RealisationReportPage, { loader } from "./realisatie.tsx";

/**
 * The report page explains its last day: 13 weeks after the plan's end (art. 5.5), or, after a
 * verlenging refused late, 8 weeks after that besluit (ADR 0026). It said "13 weken na het einde
 * van het plan" next to the moved day, a day that is not 13 weeks after the end.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(disconnectPrisma);

const version = async (id: string) =>
  // biome-ignore lint/plugin/plan-scope: the test reads its own fixture's version to take the next step
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

async function loaderData(planId: string) {
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const url = `http://localhost/aanvrager/plannen/${planId}/realisatie/resultaten`;
  return loader({
    request: new Request(url, { headers: { Cookie: cookie ?? "" } }),
    params: { planId, stap: "resultaten" },
    context: {},
  } as never);
}

function render(data: unknown, planId: string, lng: Language): string {
  const Stub = createRoutesStub([
    {
      id: "report",
      path: "/aanvrager/plannen/:planId/realisatie/:stap",
      Component: RealisationReportPage as never,
    },
  ]);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub
        initialEntries={[`/aanvrager/plannen/${planId}/realisatie/resultaten`]}
        hydrationData={{ loaderData: { report: data } }}
      />
    </I18nextProvider>,
  );
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

async function startedPlan() {
  const { planId } = await grantedScenarioPlan(s);
  await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  await markInterimReportSubmitted(planId);
  await grantDecidedAt(planId, new Date(`${s.year + 1}-01-05T10:00:00Z`));
  return planId;
}

describe("the realisation report's last day, explained", () => {
  it("after a verlenging refused late: 8 weeks after the besluit, not 13 weeks after the end", async () => {
    const planId = await startedPlan();
    setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
    const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
      months: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    setClock(new Date(`${s.year + 3}-04-10T10:00:00Z`));
    await decideExtension(s.decisionMaker, planId, await version(planId), extensionId, {
      outcome: "REFUSE",
      reason: "Een deel van de vertraging is te voorzien geweest.",
    });
    const data = await loaderData(planId);
    expect(data?.dueAfterRefusal).toBe(true);
    const nl = render(data, planId, "nl");
    expect(nl).toContain(
      `${formatDateNl(data?.dueOn as never)} (8 weken na het besluit op uw verzoek om verlenging).`,
    );
    expect(nl).not.toContain("na het einde van het plan");
    const en = render(data, planId, "en");
    expect(en).toContain("(8 weeks after the decision on your request for an extension).");
    expect(en).not.toContain("after the end of the plan");
  });

  it("otherwise: the grant's weeks after the plan's end", async () => {
    const planId = await startedPlan();
    setClock(new Date(`${s.year + 3}-01-10T10:00:00Z`));
    const data = await loaderData(planId);
    expect(data?.dueAfterRefusal).toBe(false);
    expect(render(data, planId, "nl")).toContain("(13 weken na het einde van het plan).");
  });
});
