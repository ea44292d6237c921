import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import NewPlanCheck from "./nieuw.tsx";

/** The choice of organisation on the page that starts a plan, for someone in more than one. */
describe("the question on the page", () => {
  const context = { open: null, next: null, minimumRequestCents: null };
  const two = [
    { id: "00000000-0000-4000-8000-0000000000a1", name: "Stichting Een" },
    { id: "00000000-0000-4000-8000-0000000000b2", name: "Stichting Twee" },
  ];
  function render(lng: Language, organisations: typeof two, actionData?: unknown): string {
    const Stub = createRoutesStub([
      { id: "nieuw", path: "/aanvrager/nieuw", Component: NewPlanCheck as never },
    ]);
    return renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n(lng)}>
        <Stub
          initialEntries={["/aanvrager/nieuw"]}
          hydrationData={{
            loaderData: { nieuw: { context, organisations } },
            ...(actionData ? { actionData: { nieuw: actionData } } : {}),
          }}
        />
      </I18nextProvider>,
    );
  }

  it("is a required radio group with a legend, its error at the field and in the summary", () => {
    const html = render("nl", two, {
      kind: "invalid",
      errors: { organisationId: "eligibility.chooseOrganisation" },
      values: {},
    });
    const text = html.replace(/<[^>]+>/g, " ");
    expect(html).toMatch(/<legend[^>]*>Voor welke organisatie begint u het sectorplan\?<\/legend>/);
    expect(html).toContain(`name="organisationId" value="${two[1]?.id}"`);
    expect(html).toContain('id="organisationId-error"');
    expect(html).toContain('href="#organisationId"');
    expect(text.match(/Kies voor welke organisatie u het plan begint\./g)).toHaveLength(2);
    expect(render("en", two)).toContain("For which organisation are you starting the sector plan?");
  });

  it("is not asked of someone in one organisation", () => {
    expect(render("nl", [])).not.toContain("organisationId");
  });
});
