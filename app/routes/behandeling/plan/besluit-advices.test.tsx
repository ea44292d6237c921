import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { decisionPage } from "../../../domain/decision/page.server.ts";
import { recordAdvice } from "../../../domain/plan/plans.server.ts";
import { serverI18n } from "../../../entry.server.tsx";
import { activeAdviser, completePlan, fullAmounts, scenarioScores } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import Decision from "./besluit.tsx";

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired: 2 } });
});
afterAll(async () => {
  await disconnectPrisma();
});

const DIFFER = "De adviezen lopen uiteen";

/** The decision tab as text, after the two advisers advised `first` and `second`. */
async function tabAfter(first: "GRANT" | "REJECT", second: "GRANT" | "REJECT"): Promise<string> {
  const { id } = await completePlan(s);
  for (const who of [s.adviser, s.adviser2]) await activeAdviser(s, id, who);
  for (const [who, outcome] of [
    [s.adviser, first],
    [s.adviser2, second],
  ] as const) {
    // biome-ignore lint/plugin/plan-scope: the test reads its own fixture's version to advise on it
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id } });
    await recordAdvice(who, id, version, {
      scores: scenarioScores(outcome === "GRANT" ? 5 : 1),
      recommendation: outcome,
      text: outcome === "GRANT" ? "Verlenen." : "Afwijzen.",
      amounts: fullAmounts(s).map((a) => (outcome === "GRANT" ? a : { ...a, amount: 0n })),
    });
  }
  const page = await decisionPage(s.decisionMaker, id);
  const Stub = createRoutesStub([
    { id: "tab", path: "/behandeling/plannen/:planId/besluit", Component: Decision as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[`/behandeling/plannen/${id}/besluit`]}
        hydrationData={{ loaderData: { tab: { page } } }}
      />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

it("says that the advices differ and that the form takes over neither, only when they do", async () => {
  expect(await tabAfter("GRANT", "REJECT")).toContain(
    `${DIFFER}: de adviseurs adviseren een andere uitkomst`,
  );
  expect(await tabAfter("GRANT", "GRANT")).not.toContain(DIFFER);
});
