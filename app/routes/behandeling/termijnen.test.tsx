import { renderToStaticMarkup } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import type { LocalDate } from "../../domain/time/index.ts";
import Terms from "./termijnen.tsx";

/**
 * The terms overview's interim report lists link to the plan's Tussentijds verslag tab, where the
 * report is read and recorded as read, as the other lists link to the tab of their term.
 */
const LATE = "00000000-0000-4000-8000-00000000000a";
const TO_READ = "00000000-0000-4000-8000-00000000000b";
const row = {
  reference: "SP-2026-000001",
  title: "Scholing",
  organisationName: "OOM",
  statusLabel: "In uitvoering",
  afterMonths: 12 as const,
  due: "2028-02-25" as LocalDate,
};

const M_LATE = "00000000-0000-4000-8000-00000000000c";
const M_TO_READ = "00000000-0000-4000-8000-00000000000d";
const melding = (id: string, submittedOn: LocalDate | null) => ({
  id,
  meldingId: `m-${id}`,
  reference: "SP-2026-000002",
  organisationName: "OOM",
  statusLabel: "In uitvoering",
  halfYear: 1,
  due: "2028-02-29" as LocalDate,
  submittedOn,
  late: submittedOn === null,
});

function render(): string {
  const loaderData = {
    today: "2028-04-01",
    decisionTerms: [],
    penalties: [],
    totalPenaltyCents: "0",
    lapsed: [],
    executionLate: [],
    extensionTerms: [],
    settlementTerms: [],
    reportsOverdue: [],
    interimReportsOverdue: [{ ...row, id: LATE, daysLate: 36, draftStarted: false }],
    interimReportsToRead: [
      { ...row, id: TO_READ, reportId: "r1", submittedOn: "2028-02-20" as LocalDate, late: false },
    ],
    meldingenLate: [melding(M_LATE, null)],
    meldingenUnread: [melding(M_TO_READ, "2028-02-20" as LocalDate)],
    more: {},
    listLimit: 50,
  };
  const Stub = createRoutesStub([{ id: "terms", path: "/behandeling/termijnen", Component: Terms as never }]);
  return renderToStaticMarkup(
    <Stub
      initialEntries={["/behandeling/termijnen"]}
      hydrationData={{ loaderData: { terms: loaderData } }}
    />,
  );
}

/** The part of the page from the section with `id` up to the next section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  const next = html.indexOf("<section", start);
  return html.slice(start, next === -1 ? undefined : next);
}

describe("the terms overview's interim report rows", () => {
  it("link to the plan's Tussentijds verslag tab, in both lists", () => {
    const html = render();
    const late = section(html, "tussentijdse-verslagen");
    expect(late).toContain(`href="/behandeling/plannen/${LATE}/tussentijds"`);
    const toRead = section(html, "tussentijdse-verslagen-te-lezen");
    expect(toRead).toContain(`href="/behandeling/plannen/${TO_READ}/tussentijds"`);
    expect(html).not.toContain(`href="/behandeling/plannen/${TO_READ}"`);
    expect(html).not.toContain(`href="/behandeling/plannen/${LATE}"`);
  });
});

describe("the terms overview's melding onderbesteding rows", () => {
  it("link to the plan's Onderbesteding tab, late drafts and unread meldingen alike", () => {
    const html = render();
    const late = section(html, "onderbesteding-te-laat");
    expect(late).toContain(`href="/behandeling/plannen/${M_LATE}/onderbesteding"`);
    expect(late).toContain("concept, niet ingediend");
    const toRead = section(html, "onderbesteding-te-lezen");
    expect(toRead).toContain(`href="/behandeling/plannen/${M_TO_READ}/onderbesteding"`);
  });
});
