import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { setClock } from "../../../domain/clock.ts";
import { decide } from "../../../domain/decision/decide.server.ts";
import { decisionPage } from "../../../domain/decision/page.server.ts";
import { recordAdvice } from "../../../domain/plan/plans.server.ts";
import { amsterdamDate, formatDateNl, startOfAmsterdamDay } from "../../../domain/time/index.ts";
import { serverI18n } from "../../../entry.server.tsx";
import {
  activeAdviser,
  advisePlan,
  completePlan,
  declareComplete,
  fullAmounts,
  scenarioScores,
  submittedPlan,
} from "../../../test/plan-steps.server.ts";
import { afterClose, createScenario, EUR } from "../../../test/scenario.server.ts";
import Decision, { defaultOutcome } from "./besluit.tsx";

afterAll(async () => {
  await disconnectPrisma();
});
afterEach(() => setClock(null));

/** The decision tab of `planId` as text, as the decision maker sees it. */
async function tabText(s: Awaited<ReturnType<typeof createScenario>>, planId: string): Promise<string> {
  const page = await decisionPage(s.decisionMaker, planId);
  const Stub = createRoutesStub([
    { id: "tab", path: "/behandeling/plannen/:planId/besluit", Component: Decision as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[`/behandeling/plannen/${planId}/besluit`]}
        hydrationData={{ loaderData: { tab: { page } } }}
      />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

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

// design.md §7 and ADR 0011: the plans ahead of this one are those of the fund's one line, whichever
// window they came in through; the page names the window of a plan that is not of this plan's.
it("names the plans ahead in the fund's line, with the window of one from another window", async () => {
  const s = await createScenario({ yearCeiling: 500_000_00n });
  const pot = await prisma.budgetPot.create({
    data: { kind: "WINDOW", name: `Eerder tijdvak ${s.tag}`, ceilingCents: 10_000_000_00n },
  });
  const earlier = await prisma.applicationWindow.create({
    data: {
      regulationId: s.regulation.id,
      name: `Eerder tijdvak ${s.tag}`,
      opensAt: new Date(Date.now() - 30 * 86_400_000),
      closesAt: s.window.opensAt,
      potId: pot.id,
    },
  });
  setClock(new Date(Date.now() - 10 * 86_400_000));
  const first = await completePlan(s); // of the earlier window: holds 300k of each year's 500k
  setClock(null);
  const p = await submittedPlan(s);
  expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
  // biome-ignore lint/plugin/plan-scope: the test reads its own fixture's kenmerk to find it on the page
  const { reference } = await prisma.plan.findUniqueOrThrow({
    where: { id: first.id },
    select: { reference: true },
  });
  const text = await tabText(s, p.id);
  expect(text).toContain("1 plan voor dit plan in de rij van het fonds (alle tijdvakken)");
  expect(text).toContain(` Tijdvak `);
  expect(text).toContain(`${reference} ${earlier.name} `);
  expect(text).not.toContain("geen plannen zonder besluit voor dit plan");
});

it("says no plan of the fund is ahead when none is, in any window", async () => {
  const s = await createScenario({ yearCeiling: 200_000_00n });
  const p = await submittedPlan(s); // 300k a year does not fit in 200k: it waits, first in line
  expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
  expect(await tabText(s, p.id)).toContain(
    "Er staan geen plannen zonder besluit voor dit plan in de rij van het fonds (alle tijdvakken van de regeling, in volgorde van volledige ontvangst).",
  );
});

// The page says that the form takes over neither of two differing advices; for a waiting plan the
// form pre-selected a grant all the same (the waiting options), one of the advices taken over.
it("pre-selects no outcome for a waiting plan whose advices differ, and the grant when they agree", async () => {
  const s = await createScenario({ windowCeiling: EUR(1_000_000) });
  const first = await completePlan(s);
  const firstV = await advisePlan(s, first.id, first.version);
  const p = await submittedPlan(s);
  const c = await declareComplete(s.handler, p.id, p.version);
  expect(c.status).toBe("WAITING_FOR_BUDGET");
  await activeAdviser(s, p.id, s.adviser2);
  const third = await s.newUser("ADVISER");
  await activeAdviser(s, p.id, third);
  const a = await recordAdvice(s.adviser2, p.id, c.version, {
    scores: scenarioScores(5),
    recommendation: "GRANT",
    text: "Verlenen.",
    amounts: fullAmounts(s),
  });
  await recordAdvice(third, p.id, a.version, {
    scores: scenarioScores(1),
    recommendation: "REJECT",
    text: "Afwijzen: de analyse schiet tekort.",
    amounts: fullAmounts(s).map((x) => ({ ...x, amount: 0n })),
  });
  afterClose(s);
  await decide(s.decisionMaker, first.id, firstV, {
    outcome: "REJECT",
    ground: "awb-4-35",
    reason: "Nee.",
    amounts: [],
  });
  const page = await decisionPage(s.decisionMaker, p.id);
  expect([page.status, page.advicesDiffer, page.waiting?.mayGrant]).toEqual([
    "WAITING_FOR_BUDGET",
    true,
    true,
  ]);
  expect(defaultOutcome(page)).toBeUndefined();
  expect(defaultOutcome({ ...page, advicesDiffer: false })).toBe("GRANT");
});
