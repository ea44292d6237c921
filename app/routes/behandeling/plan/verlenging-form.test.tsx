import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../../entry.server.tsx";
import type { ExtensionRowData } from "../../../ui/extension.tsx";
import ExtensionTab from "./verlenging.tsx";

// The decision maker's form on the Verlenging tab offers the besluit's letter before it is taken:
// a second form, posted to the preview route in a new tab, with the form's values.

const PLAN_ID = "00000000-0000-4000-8000-000000000002";
const open: ExtensionRowData = {
  id: "00000000-0000-4000-8000-000000000001",
  status: "REQUESTED",
  requestedMonths: 6,
  motivation: "De laatste groep begint later.",
  requestedAt: "2027-03-01T09:00:00.000Z",
  requestedByName: "Anna de Vries",
  previousPeriodEnd: "2028-12-31",
  grantedMonths: null,
  newPeriodEnd: null,
  decisionReason: null,
  decidedAt: null,
  decidedByName: null,
  closedAt: null,
  decisionDueOn: "2027-04-26",
  letterDocumentId: null,
};

function page(canDecide: boolean): string {
  const loaderData = {
    plan: { id: PLAN_ID, version: 7, periodStart: "2027-01-01", periodEnd: "2028-12-31", granted: null },
    maxMonths: 6,
    rows: [open],
    open,
    openOverdue: false,
    canDecide,
    cannotDecide: null,
  };
  const path = "/behandeling/plannen/:planId/verlenging";
  const Stub = createRoutesStub([{ id: "tab", path, Component: ExtensionTab as never }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[`/behandeling/plannen/${PLAN_ID}/verlenging`]}
        hydrationData={{ loaderData: { tab: loaderData } }}
      />
    </I18nextProvider>,
  );
}

describe("the preview of the letter from the Verlenging tab", () => {
  it("posts the form's values to the preview route in a new tab, from a button beside the besluit", () => {
    const html = page(true);
    const form = html.match(/<form[^>]*id="extension-preview"[^>]*>.*?<\/form>/)?.[0] ?? "";
    expect(form).toContain(`action="/behandeling/plannen/${PLAN_ID}/verlenging/voorbeeld"`);
    expect(form).toContain('method="post"');
    expect(form).toContain('target="_blank"');
    expect(form).toContain(`name="extensionId" value="${open.id}"`);
    expect(form).toContain('name="outcome" value="GRANT"');
    expect(form).toContain('name="months" value="6"');
    expect(form).toContain('name="reason" value=""');
    expect(html).toMatch(
      /<button[^>]*type="submit"[^>]*form="extension-preview"[^>]*>Voorbeeld van de brief \(opent in een nieuw tabblad\)<\/button>/,
    );
  });

  it("is not offered to whoever may not decide", () => {
    expect(page(false)).not.toContain("extension-preview");
  });
});
