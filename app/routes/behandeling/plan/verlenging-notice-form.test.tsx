import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../../entry.server.tsx";
import type { ExtensionRowData } from "../../../ui/extension.tsx";
import ExtensionTab from "./verlenging.tsx";

// The case handler's form for the applicant's ingebrekestelling on a late request for verlenging
// (Awb 4:17): the grant's form (ui/review/default-notice-form.tsx), posted for this request.

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

function page(canRecordNotice: boolean): string {
  const loaderData = {
    plan: { id: PLAN_ID, version: 7, periodStart: "2027-01-01", periodEnd: "2028-12-31", granted: null },
    maxMonths: 6,
    rows: [open],
    open,
    openOverdue: true,
    canDecide: false,
    cannotDecide: null,
    notices: {
      [open.id]: {
        receivedOn: "2027-04-27",
        penalty: { firstDay: "2027-05-11", days: 3, amount: "€ 69,00", capped: false },
      },
    },
    canRecordNotice,
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

describe("the ingebrekestelling on the Verlenging tab", () => {
  it("offers the case handler the form for the open request, with the day already recorded", () => {
    const html = page(true);
    const form =
      html.match(/<form[^>]*>(?:(?!<\/form>).)*name="intent" value="default_notice".*?<\/form>/)?.[0] ?? "";
    expect(form).toContain('name="subject" value="EXTENSION"');
    expect(form).toContain(`name="extensionId" value="${open.id}"`);
    expect(form).toContain('name="expectedVersion" value="7"');
    expect(form).toMatch(/name="receivedOn"[^>]*value="2027-04-27"|value="2027-04-27"[^>]*name="receivedOn"/);
    expect(html).toContain("Ingebrekestelling vastleggen");
  });

  it("shows the notice and its penalty to everyone, without the form for others", () => {
    const html = page(false);
    expect(html).not.toContain('value="default_notice"');
    expect(html).toContain("Ingebrekestelling ontvangen op");
    expect(html).toContain("dwangsom (Awb 4:17): € 69,00 over 3 dagen");
  });
});
