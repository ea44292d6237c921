import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WithReferences } from "./references.tsx";

describe("references kept on one line", () => {
  it("wraps each kenmerk and batch reference, and leaves the rest of the text as it was", () => {
    expect(renderToStaticMarkup(<WithReferences text="Voorschot 1 sectorplan SP-2013-000001" />)).toBe(
      'Voorschot 1 sectorplan <span class="sp-nowrap">SP-2013-000001</span>',
    );
    expect(renderToStaticMarkup(<WithReferences text="BB-2014-0001 met SP-2014-000004." />)).toBe(
      '<span class="sp-nowrap">BB-2014-0001</span> met <span class="sp-nowrap">SP-2014-000004</span>.',
    );
    expect(renderToStaticMarkup(<WithReferences text="Gebruiker Anneke <a@b.nl>" />)).toBe(
      "Gebruiker Anneke &lt;a@b.nl&gt;",
    );
  });
});
