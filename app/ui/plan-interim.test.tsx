import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import type { LocalDate } from "../domain/time/index.ts";
import { serverI18n } from "../entry.server.tsx";
import type { Language } from "../i18n/resources.ts";
import { InterimReports } from "./plan-interim.tsx";

// The interim progress reports (art. 5.4) on the applicant's plan page, in Dutch and English.

const page = (interimReports: { afterMonths: 12 | 24; dueOn: LocalDate }[], lng: Language) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <InterimReports plan={{ interimReports }} />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the interim reports on the plan page", () => {
  const reports = [
    { afterMonths: 12 as const, dueOn: "2016-02-25" as LocalDate },
    { afterMonths: 24 as const, dueOn: "2017-04-17" as LocalDate },
  ];

  it("names each report's last day and what it holds, in Dutch", () => {
    const nl = page(reports, "nl");
    expect(nl).toContain("Tussentijds voortgangsverslag");
    expect(nl).toContain("artikel 5.4 van de regeling");
    expect(nl).toContain("Na de 12e maand: uiterlijk 25 februari 2016");
    expect(nl).toContain("Na de 24e maand: uiterlijk 17 april 2017");
  });

  it("and in English", () => {
    const en = page(reports, "en");
    expect(en).toContain("Interim progress report");
    expect(en).toContain("After month 12: by 25 February 2016 at the latest");
    expect(en).not.toMatch(/planPage\./);
  });

  it("shows nothing when no report is asked", () => {
    expect(page([], "nl").trim()).toBe("");
  });
});
