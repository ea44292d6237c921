import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { decisionPage } from "../../../domain/decision/page.server.ts";
import { amsterdamDate, formatDateNl, startOfAmsterdamDay } from "../../../domain/time/index.ts";
import { serverI18n } from "../../../entry.server.tsx";
import { completePlan, declareComplete, submittedPlan } from "../../../test/plan-steps.server.ts";
import { createScenario } from "../../../test/scenario.server.ts";
import Decision from "./besluit.tsx";

afterAll(async () => {
  await disconnectPrisma();
});

// A waiting plan's decision tab names the window's last day. closesAt is exclusive (the first
// moment the window is shut), so the day to name is the one of the last moment before it.
it("says until which day the window runs for a plan waiting for budget, not the day it is shut", async () => {
  // Window € 1.000.000: a first plan (€ 600.000) is reserved, the second waits.
  const s = await createScenario({ windowCeiling: 1_000_000_00n });
  // As the regulation's page sets every window (setup.server.ts): shut from a Dutch midnight on.
  // The scenario's own window closes a year from now to the millisecond.
  const closesAt = startOfAmsterdamDay(amsterdamDate(s.window.closesAt));
  await prisma.applicationWindow.update({ where: { id: s.window.id }, data: { closesAt } });
  await completePlan(s);
  const p = await submittedPlan(s);
  const c = await declareComplete(s.handler, p.id, p.version);
  expect(c.status).toBe("WAITING_FOR_BUDGET");
  const page = await decisionPage(s.decisionMaker, p.id);
  const Stub = createRoutesStub([
    { id: "tab", path: "/behandeling/plannen/:planId/besluit", Component: Decision as never },
  ]);
  const text = renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[`/behandeling/plannen/${p.id}/besluit`]}
        hydrationData={{ loaderData: { tab: { page } } }}
      />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
  const lastDay = formatDateNl(amsterdamDate(new Date(closesAt.getTime() - 1)));
  const shutOn = formatDateNl(amsterdamDate(closesAt));
  expect(text).toContain(`Het tijdvak loopt tot en met ${lastDay}. Tot dan krijgt dit plan budget`);
  expect(text).not.toContain(shutOn);
});
