import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, useLoaderData } from "react-router";
import { describe, expect, it } from "vitest";
import type { NoticeTermState } from "../../domain/review/decision-term.ts";
import { serverI18n } from "../../entry.server.tsx";
import { DefaultNoticeForm, noticeHint } from "./default-notice-form.tsx";

// Awb 4:17: a notice counts only when received after the term's last day, and recordDefaultNotice
// refuses an earlier one. The handler reads from which day before sending, not only in the refusal.

/** The form as a page renders it, with the term the loader gave. */
function Page() {
  const { term } = useLoaderData() as { term: NoticeTermState | null };
  return (
    <DefaultNoticeForm
      planVersion={3}
      subject={{ kind: "GRANT" }}
      receivedOn={null}
      busy={false}
      term={term}
    />
  );
}

function render(term: NoticeTermState | null): string {
  const Stub = createRoutesStub([{ id: "page", path: "/", Component: Page }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub initialEntries={["/"]} hydrationData={{ loaderData: { page: { term } } }} />
    </I18nextProvider>,
  );
}

/** The text of the receivedOn field's description, which its aria-describedby names. */
const descriptionOf = (html: string) =>
  html.match(/id="default_notice-receivedOn-desc"[^>]*>(.*?)<\//)?.[1] ?? "";

describe("the ingebrekestelling form says from which day a notice counts", () => {
  it("names the term's last day and the first day a notice counts", () => {
    const html = render({ state: "ends", due: "2026-06-01" });
    expect(descriptionOf(html)).toBe(
      "Een ingebrekestelling telt pas als zij na het einde van de beslistermijn (1 juni 2026) is ontvangen: op of na 2 juni 2026. Twee weken na ontvangst is een dwangsom verschuldigd zolang er geen besluit is (Awb 4:17).",
    );
    expect(html).toMatch(/aria-describedby="[^"]*default_notice-receivedOn-desc/);
  });

  it("says a notice is too early while the term stands still, or has not begun", () => {
    expect(noticeHint({ state: "suspended", since: "2026-05-29" })).toContain(
      "De beslistermijn staat sinds 29 mei 2026 stil (Awb 4:15): een ingebrekestelling die nu binnenkomt, is te vroeg en telt niet.",
    );
    expect(noticeHint({ state: "not-started" })).toContain("nog niet begonnen");
  });

  it("without the term at hand still says a notice counts only after the term", () => {
    expect(descriptionOf(render(null))).toContain(
      "Een ingebrekestelling telt pas als zij na het einde van de beslistermijn is ontvangen.",
    );
  });
});
