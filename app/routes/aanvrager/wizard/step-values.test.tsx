import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma } from "../../../db/client.server.ts";
import { serverI18n } from "../../../entry.server.tsx";
import { draftPlan } from "../../../test/plan-steps.server.ts";
import {
  createScenario,
  inScenarioCategory,
  SCENARIO_CATEGORY,
  SCENARIO_WAGE_COSTS,
  type Scenario,
} from "../../../test/scenario.server.ts";
import { errorTree } from "../../respond.server.ts";
import LeadStep, { loader as leadLoader } from "./aanvrager.tsx";
import AnalysisStep, { loader as analysisLoader } from "./analyse.tsx";
import BudgetStep, { loader as budgetLoader } from "./begroting.tsx";
import SubmitStep, { loader as submitLoader } from "./indienen.tsx";
import WizardLayout, { loader as layoutLoader, WIZARD_ROUTE_ID } from "./layout.tsx";
import MeasuresStep, { loader as measuresLoader } from "./maatregelen.tsx";
import PartnershipStep, { loader as partnershipLoader } from "./samenwerking.tsx";
import type { StepActionResult } from "./step-action.server.ts";

// The step forms are react-hook-form's uncontrolled inputs, which it fills only in the browser. The
// server HTML must hold the draft's values itself: before the script runs, and without it, the page
// shows them, and a post sends them back instead of empty fields over the draft.

type Loader = (args: never) => Promise<unknown>;
const STEPS: Record<string, { slug: string; Component: ComponentType; loader: Loader }> = {
  lead: { slug: "aanvrager", Component: LeadStep as never, loader: leadLoader as Loader },
  partnership: {
    slug: "samenwerking",
    Component: PartnershipStep as never,
    loader: partnershipLoader as Loader,
  },
  analysis: { slug: "analyse", Component: AnalysisStep as never, loader: analysisLoader as Loader },
  measures: { slug: "maatregelen", Component: MeasuresStep as never, loader: measuresLoader as Loader },
  budget: { slug: "begroting", Component: BudgetStep as never, loader: budgetLoader as Loader },
  submit: { slug: "indienen", Component: SubmitStep as never, loader: submitLoader as Loader },
};

let s: Scenario;
let planId: string;
let cookie: string;
beforeAll(async () => {
  s = await createScenario();
  ({ id: planId } = await draftPlan(s, {
    change: (inputs) => {
      inScenarioCategory(inputs);
      // Not the first option of each group: a group rendered without any tick would pass as well.
      const youth = inputs.measures.measures[1];
      if (youth) youth.hiringGround = "resignation";
      inputs.lead.securityKind = "GUARANTEE";
      inputs.lead.sectorCodes = ["5"];
      inputs.budget.otherSourcesDescription = "Een bijdrage van de provincie.";
      inputs.budget.advancesRequested = false;
      inputs.submit = { truthful: true, stateAid: false };
    },
  }));
  cookie =
    (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(";")[0] ?? "";
});
afterAll(async () => {
  await disconnectPrisma();
});

/** A step's page as the server renders it, from its loaders' data (and an action's reply). */
async function page(step: keyof typeof STEPS, actionData?: StepActionResult): Promise<string> {
  const { slug, Component, loader } = STEPS[step] as (typeof STEPS)[string];
  const url = `/aanvrager/plannen/${planId}/stap/${slug}`;
  const args = {
    request: new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }),
    params: { planId },
    context: {},
  } as never;
  const json = (v: unknown) => JSON.parse(JSON.stringify(v));
  const wizard = json(await layoutLoader(args));
  const own = json(await loader(args));
  const Stub = createRoutesStub([
    {
      id: WIZARD_ROUTE_ID,
      path: "/aanvrager/plannen/:planId/stap",
      Component: WizardLayout as never,
      children: [{ id: step, path: slug, Component: Component as never }],
    },
  ]);
  return renderToString(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[url]}
        hydrationData={{
          loaderData: { [WIZARD_ROUTE_ID]: wizard, [step]: own },
          ...(actionData ? { actionData: { [step]: actionData } } : {}),
        }}
      />
    </I18nextProvider>,
  );
}

/** The opening tag of the control with `id`. */
function tag(html: string, id: string): string {
  const found = html.match(new RegExp(`<(?:input|select|textarea)\\b[^>]*\\bid="${id}"[^>]*>`))?.[0];
  if (!found) throw new Error(`no control with id "${id}"`);
  return found;
}

const htmlText = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** What the control with `id` shows before any script: an input's value, a textarea's text, a select's chosen option. */
function shown(html: string, id: string): string {
  const open = tag(html, id);
  if (open.startsWith("<textarea")) {
    const at = html.indexOf(open) + open.length;
    // React puts a newline first when the text starts with one; none of these does.
    return htmlText(html.slice(at, html.indexOf("</textarea>", at)));
  }
  if (open.startsWith("<select")) {
    const at = html.indexOf(open);
    const select = html.slice(at, html.indexOf("</select>", at));
    return htmlText(select.match(/<option[^>]*value="([^"]*)"[^>]*selected=""/)?.[1] ?? "");
  }
  return htmlText(open.match(/\bvalue="([^"]*)"/)?.[1] ?? "");
}

const ticked = (html: string, id: string) => /\bchecked=""/.test(tag(html, id));

/** The submit buttons of the form: none disabled, so that they post without JavaScript. */
function disabledButtons(html: string): string[] {
  return [...html.matchAll(/<button\b[^>]*type="submit"[^>]*>/g)]
    .map((m) => m[0])
    .filter((b) => /\bdisabled=""/.test(b));
}

describe("the wizard's step forms in the server's HTML", () => {
  it("step 1 shows the saved texts, dates, choice and ticks", async () => {
    const html = await page("lead");
    expect(shown(html, "title")).toBe("Sectorplan Metaal: vakmanschap voor morgen");
    expect(shown(html, "summary")).toBe("Leerwerkplekken en scholing. <script>alert('x')</script>");
    expect(shown(html, "periodStart")).toBe(`${s.year + 1}-01-01`);
    expect(shown(html, "periodEnd")).toBe(`${s.year + 2}-12-31`);
    expect(shown(html, "leadName")).toBe("Stichting Opleidingsfonds Metaal");
    expect(shown(html, "leadLegalForm")).toBe("Stichting");
    expect(shown(html, "contactEmail")).toBe("a.devries@opleidingsfonds-metaal.example");
    expect(shown(html, "employeesInScope")).toBe("140000");
    expect(shown(html, "securityAmount")).toBe("600.000,00");
    // securityKind: EQUITY, GUARANTEE; coverage: SECTORS, REGIONS; sectors "3", "5".
    expect([ticked(html, "securityKind"), ticked(html, "securityKind-1")]).toEqual([false, true]);
    expect([ticked(html, "coverage"), ticked(html, "coverage-1")]).toEqual([true, false]);
    expect([ticked(html, "sectorCodes"), ticked(html, "sectorCodes-1")]).toEqual([false, true]);
    expect(disabledButtons(html)).toEqual([]);
  });

  it("step 2 shows every saved partner with its values", async () => {
    const html = await page("partnership");
    expect(shown(html, "partners-0-kind")).toBe("EMPLOYERS");
    expect(shown(html, "partners-0-name")).toBe("Koninklijke Metaalunie");
    expect(shown(html, "partners-1-kind")).toBe("EMPLOYEES");
    expect(shown(html, "partners-1-name")).toBe("FNV Metaal");
    expect(shown(html, "partners-1-contactName")).toBe("Fatima el Amrani");
    expect(shown(html, "partners-1-contactEmail")).toBe("f.elamrani@fnv.example");
    expect(disabledButtons(html)).toEqual([]);
  });

  it("step 3 shows the saved analysis", async () => {
    const html = await page("analysis");
    expect(shown(html, "targetGroups")).toBe("Jongeren in de bbl, zij-instromers en oudere vakkrachten.");
    expect(shown(html, "continuation")).toBe(
      "De leerwerkplekken gaan na 2 jaar op in de cao-afspraken over opleiden.",
    );
    expect(disabledButtons(html)).toEqual([]);
  });

  it("step 4 shows every saved measure with its values, category and ground", async () => {
    const html = await page("measures");
    expect(shown(html, "measures-0-theme")).toBe("scholing");
    expect(shown(html, "measures-0-title")).toBe("Scholing van vakkrachten");
    expect(shown(html, "measures-0-participants")).toBe("400");
    expect(shown(html, "measures-0-costs-0-amount")).toBe("580.000,00");
    expect(shown(html, "measures-1-theme")).toBe("jongeren");
    expect(shown(html, "measures-1-description")).toBe(
      "Extra bbl-plekken met een praktijkopleider in het bedrijf.",
    );
    expect(shown(html, "measures-1-executingParty")).toBe("Regionale opleidingsbedrijven");
    expect(shown(html, "measures-1-category")).toBe(SCENARIO_CATEGORY.code);
    expect(shown(html, "measures-1-wageCostsPerParticipant")).toBe(SCENARIO_WAGE_COSTS);
    expect(shown(html, "measures-1-costs-1-amount")).toBe("120.000,00");
    // The grounds: net-growth, resignation, ...
    expect([ticked(html, "measures-1-hiringGround"), ticked(html, "measures-1-hiringGround-1")]).toEqual([
      false,
      true,
    ]);
    expect(disabledButtons(html)).toEqual([]);
  });

  it("step 5 shows the saved amounts, text and ticks", async () => {
    const html = await page("budget");
    expect(shown(html, "rows-0-requested")).toBe("300.000,00");
    expect(shown(html, "rows-1-ownContribution")).toBe("400.000,00");
    expect(shown(html, "rows-1-otherSources")).toBe("0");
    expect(shown(html, "otherSourcesDescription")).toBe("Een bijdrage van de provincie.");
    expect(ticked(html, "noDoubleFunding")).toBe(true);
    expect(ticked(html, "advancesRequested")).toBe(false);
    expect(disabledButtons(html)).toEqual([]);
  });

  it("step 7 shows the saved declarations", async () => {
    const html = await page("submit");
    expect(ticked(html, "truthful")).toBe(true);
    expect(ticked(html, "stateAid")).toBe(false);
    expect(disabledButtons(html)).toEqual([]);
  });
});

describe("a refused post in the server's HTML (no JavaScript to put the messages in)", () => {
  it("lists the server's messages in the summary and at their fields", async () => {
    const html = await page("lead", {
      ok: false,
      version: 9,
      errors: errorTree([{ path: "title", message: "Vul de titel van het plan in." }]),
    });
    expect(html).toContain('id="foutmeldingen"');
    expect(html).toMatch(/href="#title"[^>]*>Vul de titel van het plan in\.</);
    expect(html).toMatch(/id="title-error"[^>]*>.*Vul de titel van het plan in\./);
    expect(tag(html, "title")).toContain('aria-invalid="true"');
  });

  it("shows a refused save over a newer version as the conflict, with the way to reload", async () => {
    const html = await page("analysis", {
      ok: false,
      conflict: true,
      formError: "Dit plan is intussen elders gewijzigd.",
    });
    expect(html).toContain("Dit plan is intussen elders gewijzigd.");
    expect(html).toMatch(
      new RegExp(`<a class="utrecht-link" href="/aanvrager/plannen/${planId}/stap/analyse">`),
    );
  });
});
