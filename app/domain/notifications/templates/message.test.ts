import { describe, expect, it } from "vitest";
import { oneLine, p, renderHtml, renderText, strong } from "./message.ts";

const message = (text: string) => ({
  subject: "Aanvulling gevraagd",
  preheader: "Stuur ons nog iets.",
  heading: "Aanvulling gevraagd",
  blocks: [p(text), p("Notitie: ", strong("regel één\nregel <twee>"))],
  action: { label: "Naar uw plan", href: "https://portaal.example.nl/aanvrager/plannen/1" },
});

describe("an e-mail's text typed by staff", () => {
  it("keeps its line breaks in the HTML part, escaped, as in the plain part", () => {
    const text = "Stuur ons nog:\n1. het uittreksel van de KvK\r\n2. de getekende samenwerkingsovereenkomst";
    const html = renderHtml(message(text));
    expect(html).toContain(
      "Stuur ons nog:<br>1. het uittreksel van de KvK<br>2. de getekende samenwerkingsovereenkomst",
    );
    expect(html).toContain("<strong>regel één<br>regel &lt;twee&gt;</strong>");
    expect(renderText(message(text))).toContain("Stuur ons nog:\n1. het uittreksel van de KvK");
  });
});

describe("a subject", () => {
  it("is one line, and never cut between the two halves of a character", () => {
    expect(oneLine("Titel\r\nBcc: iemand@example.nl")).toBe("Titel Bcc: iemand@example.nl");
    const title = `${"A".repeat(58)}😀😀😀`;
    const cut = oneLine(title, 60);
    expect(cut).toBe(`${"A".repeat(58)}😀…`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(oneLine("kort 😀", 60)).toBe("kort 😀");
  });
});
