import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import type { StaffInterimReport } from "../../../domain/interim/review.server.ts";
import type { LocalDate } from "../../../domain/time/index.ts";
import { serverI18n } from "../../../entry.server.tsx";
import InterimReportsTab from "./tussentijds.tsx";

// The Tussentijds verslag tab says when the grant required the accountant's controleverklaring
// (art. 5.4 lid 4) and links the file for download through the document route.

const PLAN_ID = "00000000-0000-4000-8000-000000000002";
const DOC_ID = "00000000-0000-4000-8000-000000000003";

const report = (audit: StaffInterimReport["audit"]): StaffInterimReport => ({
  afterMonths: 12,
  dueOn: "2028-02-25" as LocalDate,
  submittedAt: "2028-01-20T09:00:00.000Z",
  submittedBy: "Anna de Vries",
  late: false,
  participantsReached: 40,
  summary: "Volgens plan.",
  years: [2027],
  measures: [],
  total: { planned: "€ 0,00", actual: "€ 0,00" },
  reviewedAt: null,
  reviewedBy: null,
  reviewNote: null,
  audit,
});

function html(audit: StaffInterimReport["audit"]): string {
  const loaderData = {
    page: {
      plan: { id: PLAN_ID, status: "IN_EXECUTION", version: 9 },
      reports: [report(audit)],
      reviewRefusal: null,
    },
  };
  const path = "/behandeling/plannen/:planId/tussentijds";
  const Stub = createRoutesStub([{ id: "tab", path, Component: InterimReportsTab as never }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={[`/behandeling/plannen/${PLAN_ID}/tussentijds`]}
        hydrationData={{ loaderData: { tab: loaderData } }}
      />
    </I18nextProvider>,
  );
}

describe("the controleverklaring on the staff's interim report tab", () => {
  it("links the file as a download when the grant required it", () => {
    const markup = html({
      required: true,
      document: {
        id: DOC_ID,
        title: "Controleverklaring tussentijds voortgangsverslag na 12 maanden",
        byteSize: 2048,
      },
    });
    expect(markup).toContain("vereist bij dit verslag een controleverklaring van een accountant");
    expect(markup).toMatch(
      new RegExp(
        `href="/documenten/${DOC_ID}" download="">Controleverklaring tussentijds voortgangsverslag na 12 maanden downloaden`,
      ),
    );
    expect(markup).toContain("(2,0 kB)");
  });

  it("says nothing of it when the grant did not require it", () => {
    expect(html({ required: false, document: null })).not.toContain("controleverklaring");
  });
});
