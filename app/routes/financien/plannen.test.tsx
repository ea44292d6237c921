import type { ComponentType, ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { submittedScenarioPlan } from "../../domain/documents/test-fixtures.server.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import FinanceDashboard, { loader as dashboardLoader } from "./dashboard.tsx";
import DrillDown, { loader as drillLoader } from "./plannen.tsx";

/**
 * The drill-down's way back keeps the dashboard's regulation filter. A begrotingsjaar row counts its
 * whole fund, so its links filter on no regulation (PotRow.drillRegulationId); "Terug naar het
 * dashboard" then led to the dashboard of all regulations.
 */

let s: Scenario;
let finance: Actor;
let yearPotIds: Set<string>;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
  // A submitted plan: the pipeline figures of the window and of its years, each a link.
  await submittedScenarioPlan(s);
  const envelopes = await prisma.budgetEnvelope.findMany({
    where: { fund: s.regulation.fund },
    select: { potId: true },
  });
  yearPotIds = new Set(envelopes.map((e) => e.potId));
});
afterAll(async () => {
  await disconnectPrisma();
});

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

/** The page at `path` as the server renders it: its loader's data in its component. */
async function page(
  path: string,
  loader: (args: never) => Promise<unknown>,
  Component: ComponentType<never>,
): Promise<string[]> {
  const loaderData = await loader({
    request: await requestAs(finance, path),
    params: {},
    context: {},
  } as never);
  const pathname = new URL(`http://localhost${path}`).pathname;
  const Stub = createRoutesStub([{ id: "page", path: pathname, Component: Component as ComponentType }]);
  const element: ReactElement = (
    <Stub initialEntries={[path]} hydrationData={{ loaderData: { page: loaderData } }} />
  );
  const html = renderToStaticMarkup(<I18nextProvider i18n={serverI18n("nl")}>{element}</I18nextProvider>);
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? "").replaceAll("&amp;", "&"));
}

const potOf = (href: string) => new URL(`http://localhost${href}`).searchParams.get("pot");

describe("the drill-down from a dashboard filtered on one regulation", () => {
  it("leads back to that dashboard from a begrotingsjaar's row and from a tijdvak's", async () => {
    const dashboard = `/financien?regeling=${s.regulation.id}`;
    const hrefs = await page(dashboard, dashboardLoader, FinanceDashboard);
    const drills = hrefs.filter((h) => h.startsWith("/financien/plannen?pot="));
    const year = drills.find((h) => yearPotIds.has(potOf(h) ?? ""));
    const window = drills.find((h) => potOf(h) === s.windowPotId);
    expect(year).toBeDefined();
    expect(window).toBeDefined();

    for (const drill of [year, window]) {
      const links = await page(drill ?? "", drillLoader, DrillDown);
      expect(links).toContain(dashboard);
      // Sorting and paging keep the way back too.
      for (const other of links.filter((h) => h.startsWith("/financien/plannen?"))) {
        const back = await page(other, drillLoader, DrillDown);
        expect(back).toContain(dashboard);
      }
    }
    // The year row's figures stay the fund's: its link still filters on no regulation.
    expect(new URL(`http://localhost${year}`).searchParams.get("regeling")).toBeNull();
  });

  it("leads back to the dashboard of all regulations when that one was not filtered", async () => {
    const hrefs = await page("/financien", dashboardLoader, FinanceDashboard);
    const year = hrefs.find((h) => h.startsWith("/financien/plannen?pot=") && yearPotIds.has(potOf(h) ?? ""));
    expect(year).toBeDefined();
    expect(await page(year ?? "", drillLoader, DrillDown)).toContain("/financien");
    expect(year).not.toContain("dashboardRegeling");
  });

  it("drops an unusable filter for the way back rather than refusing the page", async () => {
    const links = await page(
      `/financien/plannen?pot=${s.windowPotId}&measure=pipeline&dashboardRegeling=geen-uuid`,
      drillLoader,
      DrillDown,
    );
    expect(links).toContain("/financien");
  });
});
