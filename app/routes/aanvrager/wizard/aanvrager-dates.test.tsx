import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma } from "../../../db/client.server.ts";
import { createDraftPlan } from "../../../domain/plan/drafts.server.ts";
import { serverI18n } from "../../../entry.server.tsx";
import type { Language } from "../../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import LeadStep, { loader as leadLoader } from "./aanvrager.tsx";
import WizardLayout, { loader as layoutLoader, WIZARD_ROUTE_ID } from "./layout.tsx";

// Step 1 says between which dates the plan may run, in the page's way of writing a date (ADR 0008:
// nl-NL in Dutch, en-GB in English), not as the date field stores it.

let s: Scenario;
let pages: (lng: Language) => string;
beforeAll(async () => {
  s = await createScenario();
  const { id: planId } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const request = new Request(`http://localhost/aanvrager/plannen/${planId}/stap/aanvrager`, {
    headers: { Cookie: cookie ?? "" },
  });
  const args = { request, params: { planId }, context: {} } as never;
  const wizard = await layoutLoader(args);
  const lead = await leadLoader(args);
  // What the browser gets: the loaders' data as JSON.
  const json = (v: unknown) => JSON.parse(JSON.stringify(v));
  pages = (lng) => {
    const Stub = createRoutesStub([
      {
        id: WIZARD_ROUTE_ID,
        path: "/aanvrager/plannen/:planId/stap",
        Component: WizardLayout as never,
        children: [{ id: "lead", path: "aanvrager", Component: LeadStep as never }],
      },
    ]);
    return renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n(lng)}>
        <Stub
          initialEntries={[`/aanvrager/plannen/${planId}/stap/aanvrager`]}
          hydrationData={{ loaderData: { [WIZARD_ROUTE_ID]: json(wizard), lead: json(lead) } }}
        />
      </I18nextProvider>,
    );
  };
});
afterAll(async () => {
  await disconnectPrisma();
});

const description = (html: string, id: string) =>
  html.match(new RegExp(`id="${id}-desc"[^>]*>(.*?)</div>`))?.[1] ?? "";

describe("the period's bounds on the wizard's first step", () => {
  it("are English dates on an English page", () => {
    const html = pages("en");
    expect(description(html, "periodStart")).toMatch(/^Not before \d{1,2} [A-Z][a-z]+ \d{4}\.$/);
    expect(description(html, "periodEnd")).toMatch(/ends on \d{1,2} [A-Z][a-z]+ \d{4} at the latest\.$/);
  });

  it("are Dutch dates on a Dutch page", () => {
    const html = pages("nl");
    expect(description(html, "periodStart")).toMatch(/^Niet vóór \d{1,2} [a-z]+ \d{4}\.$/);
    expect(description(html, "periodEnd")).toMatch(/eindigt uiterlijk op \d{1,2} [a-z]+ \d{4}\.$/);
  });
});
