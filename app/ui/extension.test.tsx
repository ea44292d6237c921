import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { beforeInterimReportOpens } from "../domain/extension/rules.ts";
import { serverI18n } from "../entry.server.tsx";
import type { Language } from "../i18n/resources.ts";
import {
  ExtensionRequests,
  type ExtensionRowData,
  ExtensionSummary,
  type ExtensionSummaryData,
} from "./extension.tsx";

const row = (change: Partial<ExtensionRowData>): ExtensionRowData => ({
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
  ...change,
});

const render = (node: React.ReactNode, lng: Language = "nl") =>
  renderToStaticMarkup(<I18nextProvider i18n={serverI18n(lng)}>{node}</I18nextProvider>);
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the applicant's list of requests for a verlenging", () => {
  it("shows an open request with the date the decision is due, and no letter yet", () => {
    const html = text(render(<ExtensionRequests rows={[row({})]} />));
    expect(html).toContain("6 maanden");
    expect(html).toContain("Aangevraagd");
    expect(html).toContain("Besluit uiterlijk op 26 april 2027");
    expect(html).not.toContain("Besluit downloaden");
  });

  it("shows a partial grant with its new end, the reasons in Dutch, and the letter once stored", () => {
    const granted = row({
      status: "GRANTED",
      grantedMonths: 4,
      newPeriodEnd: "2029-04-30",
      decisionReason: "Vier maanden volstaan.",
      decidedAt: "2027-03-20T10:00:00.000Z",
    });
    const pending = text(render(<ExtensionRequests rows={[granted]} />));
    expect(pending).toContain("4 maanden verlengd, tot en met 30 april 2029");
    expect(pending).toContain("Vier maanden volstaan.");
    expect(pending).toContain("De brief wordt gemaakt.");
    const stored = render(
      <ExtensionRequests rows={[{ ...granted, letterDocumentId: "00000000-0000-4000-8000-00000000000d" }]} />,
      "en",
    );
    expect(stored).toContain('href="/documenten/00000000-0000-4000-8000-00000000000d"');
    expect(text(stored)).toContain("Extended by 4 months, up to and including 30 April 2029");
    expect(text(stored)).toContain("Granted");
    // The decision maker's words keep their language for a screen reader.
    expect(stored).toContain('<span lang="nl">Vier maanden volstaan.</span>');
  });

  it("shows a withdrawn request as closed, without a letter", () => {
    const html = text(
      render(
        <ExtensionRequests rows={[row({ status: "WITHDRAWN", closedAt: "2027-03-05T08:00:00.000Z" })]} />,
      ),
    );
    expect(html).toContain("Ingetrokken door de aanvrager");
    expect(html).toContain("Op 5 maart 2027");
    expect(html).not.toContain("De brief wordt gemaakt.");
  });
});

describe("the period on the applicant's plan page", () => {
  const summary = (change: Partial<ExtensionSummaryData>): ExtensionSummaryData => ({
    planId: "p1",
    periodStart: "2027-01-01",
    periodEnd: "2028-12-31",
    extendedTo: null,
    link: null,
    ...change,
  });

  it("offers the request while one may be made", () => {
    const html = render(<ExtensionSummary summary={summary({ link: "request" })} />);
    expect(text(html)).toContain("1 januari 2027 tot en met 31 december 2028");
    expect(html).toMatch(/href="\/aanvrager\/plannen\/p1\/verlenging"[^>]*>Verlenging aanvragen</);
  });

  it("names the extended end, and links to the requests", () => {
    const html = render(<ExtensionSummary summary={summary({ extendedTo: "2029-04-30", link: "view" })} />);
    expect(text(html)).toContain("31 december 2028, verlengd tot en met 30 april 2029");
    expect(html).toContain(">Verzoek om verlenging<");
  });

  it("shows no link where there is nothing to ask or read", () => {
    expect(render(<ExtensionSummary summary={summary({})} />)).not.toContain("verlenging");
  });

  it("says why a request cannot be made yet, naming the day, in Dutch and in English", () => {
    const notice = beforeInterimReportOpens("2028-01-01");
    const nl = text(render(<ExtensionSummary summary={summary({ notice })} />));
    expect(nl).toContain("Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag");
    expect(nl).toContain("vanaf 1 januari 2028");
    const en = text(render(<ExtensionSummary summary={summary({ notice })} />, "en"));
    expect(en).toContain("You can submit that report from 1 January 2028.");
  });
});
