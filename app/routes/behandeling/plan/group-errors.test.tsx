import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { decisionPage } from "../../../domain/decision/page.server.ts";
import { recordAdvice } from "../../../domain/plan/plans.server.ts";
import { serverI18n } from "../../../entry.server.tsx";
import { declareComplete, submittedPlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import Decision from "./besluit.tsx";
import Settlement from "./vaststelling.tsx";

// A message that belongs to a group of fields (the amounts per year, the choice of a reduction) is
// part of the accessible description of what focus lands on from the error summary, as a single
// field's message is (WCAG 1.3.1, 3.3.1).

/** The texts that the element with this id names in its aria-describedby, in order. */
function describedByOf(html: string, id: string): string[] {
  const tag = html.match(new RegExp(`<[a-z]+[^>]* id="${id}"[^>]*>`))?.[0] ?? "";
  const ids = tag.match(/aria-describedby="([^"]*)"/)?.[1]?.split(" ") ?? [];
  return ids.map((d) => html.match(new RegExp(`id="${d}"[^>]*>(.*?)</`))?.[1]?.replace(/<[^>]+>/g, "") ?? "");
}

function render(Component: unknown, path: string, loaderData: unknown, actionData: unknown): string {
  const Stub = createRoutesStub([{ id: "tab", path, Component: Component as never }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[path]}
        hydrationData={{ loaderData: { tab: loaderData }, actionData: { tab: actionData } }}
      />
    </I18nextProvider>,
  );
}

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

describe("the decision form's amounts per year", () => {
  it("each amount is described by the group's message", async () => {
    const { id, version } = await submittedPlan(s);
    const complete = await declareComplete(s.handler, id, version);
    await prisma.adviserAssignment.create({
      data: {
        planId: id,
        adviserId: s.adviser.userId,
        assignedById: s.adviser.userId,
        assignedAt: new Date(),
        status: "ACTIVE",
      },
    });
    const criteria = s.regulation.criteria as { code: string }[];
    await recordAdvice(s.adviser, id, complete.version, {
      recommendation: "GRANT",
      text: "Goed onderbouwd.",
      amounts: [
        { year: s.year + 1, amount: 30_000_000n },
        { year: s.year + 2, amount: 30_000_000n },
      ],
      scores: criteria.map((c) => ({ criterion: c.code, score: 4, motivation: "Voldoende." })),
    });
    const page = await decisionPage(s.decisionMaker, id);
    expect(page.canDecide).toBe(true);
    const message = "Het totaal is hoger dan wat het budget van het tijdvak toelaat.";
    const html = render(
      Decision,
      `/behandeling/plannen/${id}/besluit`,
      { page },
      {
        ok: false,
        form: "decide",
        errors: { amounts: { type: "server", message } },
      },
    );
    expect(describedByOf(html, "decide-amounts-0-amount")).toContain(message);
    expect(describedByOf(html, "decide-amounts-1-amount")).toContain(message);
  });
});

describe("the settlement's choice of a reduction below the threshold", () => {
  it("the fieldset is described by its message", () => {
    const page = {
      plan: { id: "00000000-0000-4000-8000-000000000003", status: "SETTLEMENT_REQUESTED", version: 4 },
      report: null,
      grantedPerYear: [],
      eligiblePerYear: [],
      countedPerYear: [],
      measures: [],
      years: [],
      figures: {
        granted: "€ 100.000,00",
        planned: "€ 200.000,00",
        eligible: "€ 200.000,00",
        actual: "€ 100.000,00",
        counted: "€ 100.000,00",
        aboveCap: null,
        notCounted: null,
        realisation: "50%",
        threshold: "60%",
        rate: "50%",
        mixedRates: false,
        classes: [],
        overhead: "€ 0,00",
        rateAmount: "€ 50.000,00",
        capped: "€ 50.000,00",
        cappedInput: "50.000,00",
        computed: "€ 50.000,00",
        belowThreshold: true,
        paid: "€ 0,00",
      },
      settlement: {
        proposed: "€ 50.000,00",
        proposedBy: "B. Handelaar",
        proposedAt: "2029-03-01T09:00:00.000Z",
        motivation: "Evenredig.",
        settled: null,
        settledBy: null,
        settledAt: null,
        reduction: null,
        reason: null,
        paid: null,
      },
      recovery: null,
      finalPayment: null,
      letter: null,
      proposeRefusal: "Er is al een voorstel.",
      settleRefusal: null,
    };
    const message = "Kies of u vaststelt op nihil of evenredig verlaagt.";
    const html = render(
      Settlement,
      `/behandeling/plannen/${page.plan.id}/vaststelling`,
      { page },
      {
        ok: false,
        form: "settle",
        errors: { reduction: { type: "server", message } },
      },
    );
    expect(describedByOf(html, "settle-reduction")).toEqual([message]);
  });
});
