import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, useLoaderData } from "react-router";
import { describe, expect, it } from "vitest";
import { emptyDraft, type PlanDraft } from "../../domain/plan/steps/wizard.ts";
import { submittedContent } from "../../domain/plan/view.server.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { SCENARIO_CATEGORY, scenarioRules, validPlanDraft } from "../../test/scenario.server.ts";
import { DraftSummary } from "./draft-summary.tsx";

const rules = scenarioRules(2026);
const context = {
  years: [2027, 2028],
  costsPerYear: [],
  maxPerYear: [],
  weightedCostsPerYear: [],
  ownRates: true,
};

/** The route's component: the summary of the draft its data holds. */
function Summary() {
  const draft = useLoaderData<PlanDraft>();
  return <DraftSummary draft={draft} rules={rules} context={context} attachments={[]} />;
}

/** The summary (step 7, and the plan page for staff and applicant) of `draft`, as text. */
function summaryText(draft: PlanDraft, lng: Language = "nl"): string {
  // The attachment list reads the router's navigation state: a one-route stub gives it one.
  const Stub = createRoutesStub([{ id: "summary", path: "/", Component: Summary }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub initialEntries={["/"]} hydrationData={{ loaderData: { summary: draft } }} />
    </I18nextProvider>,
  ).replace(/<[^>]+>/g, " ");
}

/** validPlanDraft with its hires in the category, and their answer to art. 4.4 as given. */
function draftWith(answer: { hiringGround: string; netJobGrowth: boolean }): PlanDraft {
  const draft = { ...emptyDraft(), ...validPlanDraft(2026, undefined, undefined, { inCategory: true }) };
  Object.assign(draft.measures.measures[1] ?? {}, answer);
  return draft;
}

describe("the summary names art. 4.4's ground for a measure in a category that asks it", () => {
  it("a vacancy left by retirement (lid 3), in Dutch and in English", () => {
    const draft = draftWith({ hiringGround: "retirement", netJobGrowth: false });
    const nl = summaryText(draft);
    expect(nl).toContain("Grond voor de indienstneming (artikel 4.4)");
    expect(nl).toContain("Vacature ontstaan door ouderdomspensionering (artikel 4.4, derde lid)");
    expect(summaryText(draft, "en")).toContain("Vacancy arisen from retirement (article 4.4(3))");
  });

  it("a draft saved with only the net-growth tick (before the choice) as net growth; none as not given", () => {
    expect(summaryText(draftWith({ hiringGround: "", netJobGrowth: true }))).toContain(
      "Nettogroei: de indienstneming leidt tot een netto toename van het aantal arbeidsjaareenheden",
    );
    expect(summaryText(draftWith({ hiringGround: "", netJobGrowth: false }))).not.toContain("Nettogroei:");
  });

  it("a snapshot frozen before the choice (netJobGrowth only) reads as net growth; a new one as its ground", () => {
    const measure = {
      theme: "jongeren",
      title: "Leerwerkplekken",
      participants: 10,
      category: SCENARIO_CATEGORY.code,
      categoryLabel: SCENARIO_CATEGORY.label,
      rateBp: 10_000,
      wageCostsPerParticipantCents: "4000000",
      costs: [{ year: 2027, cents: "1000000" }],
    };
    // As PlanVersion.snapshot holds it (documents/snapshot.ts reads it).
    const snapshot = (m: Record<string, unknown>) => ({
      reference: "SP-2027-0001",
      title: "Plan",
      measures: [{ ...measure, ...m }],
    });
    const old = submittedContent(snapshot({ netJobGrowth: true })).measures.measures[0];
    expect(old).toMatchObject({ hiringGround: "", netJobGrowth: true });
    const text = (m: Record<string, unknown>) =>
      summaryText({ ...emptyDraft(), measures: submittedContent(snapshot(m)).measures });
    expect(text({ netJobGrowth: true })).toContain("Nettogroei: de indienstneming leidt tot");
    expect(text({ netJobGrowth: false, hiringGround: "dismissal-for-cause" })).toContain(
      "Vacature ontstaan door gewettigd ontslag om dringende redenen",
    );
  });
});
