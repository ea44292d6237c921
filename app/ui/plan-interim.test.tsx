import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { InterimReportStatus } from "../domain/interim/status.ts";
import type { LocalDate } from "../domain/time/index.ts";
import { serverI18n } from "../entry.server.tsx";
import type { Language } from "../i18n/resources.ts";
import { InterimReports } from "./plan-interim.tsx";

// The interim progress reports (art. 5.4) on the applicant's plan page, in Dutch and English: per
// report its last day, where it stands, whether it is late, and the way to it.

const PLAN = "00000000-0000-4000-8000-000000000009";

function html(interimReports: InterimReportStatus[], lng: Language): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <MemoryRouter>
        <InterimReports plan={{ id: PLAN, interimReports }} />
      </MemoryRouter>
    </I18nextProvider>,
  );
}
const text = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

const report = (over: Partial<InterimReportStatus>): InterimReportStatus => ({
  afterMonths: 12,
  dueOn: "2016-02-25" as LocalDate,
  opensOn: "2016-01-01" as LocalDate,
  stage: "TO_WRITE",
  late: false,
  submittedAt: null,
  reviewedAt: null,
  reviewNote: null,
  ...over,
});

describe("the interim reports on the plan page", () => {
  it("names each report's last day and what it holds, in Dutch", () => {
    const nl = text(
      html(
        [
          report({ stage: "TO_WRITE" }),
          report({
            afterMonths: 24,
            dueOn: "2017-04-17" as LocalDate,
            opensOn: "2017-01-01" as LocalDate,
            stage: "NOT_YET",
          }),
        ],
        "nl",
      ),
    );
    expect(nl).toContain("Tussentijds voortgangsverslag");
    expect(nl).toContain("artikel 5.4 van de regeling");
    expect(nl).toContain("Na de 12e maand: uiterlijk 25 februari 2016. Te schrijven.");
    expect(nl).toContain(
      "Na de 24e maand: uiterlijk 17 april 2017. Nog niet mogelijk: u kunt het verslag schrijven vanaf 1 januari 2017.",
    );
  });

  it("links to write, continue or view a report, never to one that cannot be written yet", () => {
    const markup = html([report({ stage: "DRAFT" }), report({ afterMonths: 24, stage: "NOT_YET" })], "nl");
    expect(markup).toContain(`href="/aanvrager/plannen/${PLAN}/tussentijds/12"`);
    expect(markup).not.toContain(`tussentijds/24`);
    expect(text(markup)).toContain("Concept: nog niet ingediend. Verslag na maand 12 verder invullen");
    expect(text(html([report({ stage: "TO_WRITE" })], "nl"))).toContain("Verslag na maand 12 schrijven");
  });

  it("says when it was submitted and read, with the handler's note, and marks a late one", () => {
    const read = text(
      html(
        [
          report({
            stage: "READ",
            late: true,
            submittedAt: "2016-03-01T10:00:00.000Z",
            reviewedAt: "2016-03-10T10:00:00.000Z",
            reviewNote: "Let op de achterstand.",
          }),
        ],
        "nl",
      ),
    );
    expect(read).toContain(
      "Ingediend op 1 maart 2016; gelezen op 10 maart 2016, met de opmerking: Let op de achterstand. Te laat. Verslag na maand 12 bekijken",
    );
    const submitted = text(
      html([report({ stage: "SUBMITTED", submittedAt: "2016-02-20T10:00:00.000Z" })], "nl"),
    );
    expect(submitted).toContain("Ingediend op 20 februari 2016.");
    expect(submitted).not.toContain("Te laat");
  });

  it("and in English", () => {
    const en = text(
      html(
        [
          report({ stage: "TO_WRITE", late: true }),
          report({
            afterMonths: 24,
            dueOn: "2017-04-17" as LocalDate,
            stage: "READ",
            submittedAt: "2017-03-01T10:00:00.000Z",
            reviewedAt: "2017-03-02T10:00:00.000Z",
          }),
        ],
        "en",
      ),
    );
    expect(en).toContain("Interim progress report");
    expect(en).toContain(
      "After month 12: by 25 February 2016 at the latest. To be written. Late. Write the report after month 12",
    );
    expect(en).toContain("Submitted on 1 March 2017; read on 2 March 2017.");
    expect(en).not.toMatch(/planPage\.|interim\./);
  });

  it("shows nothing when no report is asked", () => {
    expect(text(html([], "nl")).trim()).toBe("");
  });
});
