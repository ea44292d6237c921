import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { InterimReportStatus } from "../../domain/interim/status.ts";
import { STEPS } from "../../domain/plan/steps/wizard.ts";
import type { LocalDate } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { InterimReports } from "../../ui/plan-interim.tsx";
import { UnderspendingMeldingen } from "../../ui/plan-underspending.tsx";
import ApplicantMessages from "./berichten.tsx";
import WizardLayout from "./wizard/layout.tsx";

// Staff write in Dutch; on the applicant's English pages their words are marked lang="nl", so a
// screen reader pronounces them as Dutch (ADR 0008, WCAG 3.1.2).

const STAFF_TEXT =
  "Voeg de ondertekende samenwerkingsovereenkomst toe; de versie bij uw aanvraag is niet getekend.";
const OWN_TEXT = "We have attached the signed agreement.";
const PLAN_ID = "00000000-0000-4000-8000-000000000001";

/** The step's own form, which this test does not need. */
function Empty() {
  return null;
}

/** The opening tag of the element that holds `text`, up to the text. */
function holder(html: string, text: string): string {
  const at = html.indexOf(text);
  expect(at, text).toBeGreaterThanOrEqual(0);
  return html.slice(html.lastIndexOf("<", at), at + text.length);
}

describe("staff-written Dutch on the applicant's English pages", () => {
  it("the wizard's supplement notice marks the handler's request lang=nl", () => {
    const keys = STEPS.map((s) => s.key);
    const loaderData = {
      plan: { id: PLAN_ID, reference: "SP-2026-000001" },
      states: Object.fromEntries(keys.map((k) => [k, "done"])),
      issues: Object.fromEntries(keys.map((k) => [k, []])),
      supplement: { text: STAFF_TEXT, steps: ["partnership"], dueAt: "2026-12-14T23:00:00.000Z" },
      editableSteps: ["partnership", "submit"],
    };
    const Stub = createRoutesStub([
      {
        id: "routes/aanvrager/wizard/layout",
        path: "/aanvrager/plannen/:planId/stap",
        Component: WizardLayout as never,
        children: [{ path: "samenwerking", Component: Empty }],
      },
    ]);
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n("en")}>
        <Stub
          initialEntries={[`/aanvrager/plannen/${PLAN_ID}/stap/samenwerking`]}
          hydrationData={{ loaderData: { "routes/aanvrager/wizard/layout": loaderData } }}
        />
      </I18nextProvider>,
    );
    expect(holder(html, STAFF_TEXT)).toMatch(/^<p [^>]*lang="nl"/);
  });

  it("the message thread marks the handler's messages lang=nl, not the applicant's own", () => {
    const loaderData = {
      plan: { id: PLAN_ID, reference: "SP-2026-000001" },
      messages: [
        {
          id: "m1",
          fromStaff: true,
          authorName: "B. Handelaar",
          createdAt: "2026-11-30T09:00:00.000Z",
          text: STAFF_TEXT,
        },
        {
          id: "m2",
          fromStaff: false,
          authorName: "A. Aanvrager",
          createdAt: "2026-12-01T09:00:00.000Z",
          text: OWN_TEXT,
        },
      ],
    };
    const Stub = createRoutesStub([
      {
        id: "berichten",
        path: "/aanvrager/plannen/:planId/berichten",
        Component: ApplicantMessages as never,
      },
    ]);
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n("en")}>
        <Stub
          initialEntries={[`/aanvrager/plannen/${PLAN_ID}/berichten`]}
          hydrationData={{ loaderData: { berichten: loaderData } }}
        />
      </I18nextProvider>,
    );
    expect(holder(html, STAFF_TEXT)).toMatch(/^<p [^>]*lang="nl"/);
    expect(holder(html, OWN_TEXT)).not.toMatch(/lang=/);
  });

  it("the plan page's interim reports and meldingen onderbesteding mark the handler's note lang=nl", () => {
    const read = {
      dueOn: "2016-02-25" as LocalDate,
      stage: "READ" as const,
      late: false,
      submittedAt: "2016-02-20T10:00:00.000Z",
      reviewedAt: "2016-03-01T10:00:00.000Z",
      reviewNote: STAFF_TEXT,
    };
    const interim: InterimReportStatus = { ...read, afterMonths: 12, opensOn: "2016-01-01" as LocalDate };
    const melding = {
      ...read,
      n: 1,
      startsOn: "2015-01-01" as LocalDate,
      endsOn: "2015-06-30" as LocalDate,
      termPassed: false,
    };
    for (const part of [
      <InterimReports key="i" plan={{ id: PLAN_ID, interimReports: [interim] }} />,
      <UnderspendingMeldingen key="u" planId={PLAN_ID} meldingen={[melding]} />,
    ]) {
      const html = renderToStaticMarkup(
        <I18nextProvider i18n={serverI18n("en")}>
          <MemoryRouter>{part}</MemoryRouter>
        </I18nextProvider>,
      );
      expect(holder(html, STAFF_TEXT)).toMatch(/^<span lang="nl">/);
      expect(html).toContain("read on 1 March 2016, with the note: <span");
    }
  });
});
