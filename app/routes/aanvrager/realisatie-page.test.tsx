import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import { formatRateIn } from "../../i18n/format.ts";
import type { Language } from "../../i18n/resources.ts";
import RealisationReportPage, { meta } from "./realisatie.tsx";

const PLAN_ID = "00000000-0000-4000-8000-000000000001";

function titleAt(slug: string, lng: Language): string {
  const result = meta({
    data: { plan: { reference: "SP-2026-000001" } },
    matches: [{ id: "root", data: { locale: lng } }],
    params: { planId: PLAN_ID, stap: slug },
    location: { pathname: `/aanvrager/plannen/${PLAN_ID}/realisatie/${slug}` },
  } as never) as { title?: string }[];
  return result.find((m) => m.title)?.title ?? "";
}

describe("the realisation report's page titles (WCAG 2.4.2)", () => {
  it("name the step, as the plan wizard's do", () => {
    expect(titleAt("resultaten", "nl")).toBe(
      "Stap 1: Resultaten — Realisatieverslag SP-2026-000001 — Sectorplanportaal",
    );
    expect(titleAt("kosten", "nl")).toBe(
      "Stap 2: Kosten — Realisatieverslag SP-2026-000001 — Sectorplanportaal",
    );
    expect(titleAt("indienen", "en")).toBe(
      "Step 3: Submit — Realisation report SP-2026-000001 — Sector Plan Portal",
    );
  });
});

describe("the realisation's percentage on the submitted report", () => {
  function render(lng: Language): string {
    const loaderData = {
      plan: { id: PLAN_ID, reference: "SP-2026-000001" },
      userId: "u",
      step: "submit",
      open: false,
      closedReason: null,
      dueOn: null,
      dueWeeks: 13,
      extensionNote: null,
      isSignatory: true,
      extensionOpen: false,
      years: [2027],
      measures: [],
      report: { submittedAt: "2029-03-01T09:00:00.000Z", late: false },
      overview: {
        complete: true,
        rows: [],
        total: { planned: "€ 2.000.000,00", actual: "€ 1.450.000,00" },
        settlement: {
          realisationBp: 5750,
          counted: "€ 1.150.000,00",
          eligible: "€ 2.000.000,00",
          thresholdBp: 6000,
          belowThreshold: true,
        },
      },
    };
    const Stub = createRoutesStub([
      {
        id: "report",
        path: "/aanvrager/plannen/:planId/realisatie/:stap",
        Component: RealisationReportPage as never,
      },
    ]);
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n(lng)}>
        <Stub
          initialEntries={[`/aanvrager/plannen/${PLAN_ID}/realisatie/indienen`]}
          hydrationData={{ loaderData: { report: loaderData } }}
        />
      </I18nextProvider>,
    );
    return html.replace(/<[^>]+>/g, " ");
  }

  it("is written the English way on an English page, the Dutch way on a Dutch one", () => {
    const en = render("en");
    expect(en).toContain("measures it: 57.5%,");
    expect(en).not.toContain("57,5%");
    const nl = render("nl");
    expect(nl).toContain("57,5%");
    expect(nl).toContain("60%");
  });

  it("formatRateIn: Dutch as the letters write it, English with a point", () => {
    expect(formatRateIn("nl", 1255)).toBe("12,55%");
    expect(formatRateIn("nl", 5000)).toBe("50%");
    expect(formatRateIn("en", 1255)).toBe("12.55%");
    expect(formatRateIn("en", 7250)).toBe("72.5%");
    expect(formatRateIn("en", 10_000)).toBe("100%");
  });
});

describe("the realisation report's declaration", () => {
  it("names the participant register with the BSN, which the portal does not ask for (ADR 0030)", () => {
    const loaderData = {
      plan: { id: PLAN_ID, reference: "SP-2026-000001" },
      userId: "u",
      step: "submit",
      open: true,
      closedReason: null,
      dueOn: null,
      dueWeeks: 13,
      extensionNote: null,
      isSignatory: true,
      extensionOpen: false,
      years: [2027],
      measures: [],
      report: { version: 3, savedAt: "2029-02-01T09:00:00.000Z", submittedAt: null, late: false },
      overview: {
        complete: true,
        rows: [],
        total: { planned: "€ 0,00", actual: "€ 0,00" },
        settlement: null,
      },
    };
    const Stub = createRoutesStub([
      {
        id: "report",
        path: "/aanvrager/plannen/:planId/realisatie/:stap",
        Component: RealisationReportPage as never,
      },
    ]);
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n("nl")}>
        <Stub
          initialEntries={[`/aanvrager/plannen/${PLAN_ID}/realisatie/indienen`]}
          hydrationData={{ loaderData: { report: loaderData } }}
        />
      </I18nextProvider>,
    );
    const label = html.slice(html.indexOf('<label for="declaration"'));
    expect(label.slice(0, label.indexOf("</label>"))).toContain(
      "Daarin staan de deelnemers per maatregel met hun burgerservicenummer (BSN), op één plaats en op verzoek ter inzage voor het ministerie; in het portaal vult u geen BSN in.",
    );
  });
});
