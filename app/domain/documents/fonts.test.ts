import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { renderDecisionLetter } from "./decision-letter.server.ts";
import { forgetWidths, widthOf } from "./layout.ts";
import { grantInput } from "./letter-input.test-support.ts";
import { newPdf, savePdf } from "./pdf.server.ts";

async function render(line: string): Promise<Uint8Array> {
  const { doc, fonts } = await newPdf({
    title: "Proef",
    subject: "Proef",
    keywords: [],
    templateVersion: "proef",
    at: new Date(Date.UTC(2014, 4, 12)),
  });
  doc.addPage().drawText(line, { x: 50, y: 700, size: 12, font: fonts.regular });
  return savePdf(doc);
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ").trim();
}

describe("letter fonts in a long-lived worker", () => {
  it("a document's text does not depend on the documents rendered before it", async () => {
    // Ĳ, Ĵ and Ç are composite glyphs: subsetting them reaches I, J and C as bare components.
    // With glyph objects shared through the parsed font, those kept no code points, and every
    // later document lost its I, J and C from the text layer (copying, search, screen readers).
    const probe = "Jansen, Curaçao, Congeren en Ijssel";
    const composites = await render("Ĳ Ĵ Ç ĳ ĵ ç");
    expect(await textOf(composites)).toBe("Ĳ Ĵ Ç ĳ ĵ ç");
    const after = await render(probe);
    expect(await textOf(after)).toBe(probe);
    // And byte for byte: the same document again, after yet another one, is the same file.
    await render("Ŀ Ǉ ǈ Ǳ ﬁ ﬂ");
    expect(Buffer.from(await render(probe)).equals(Buffer.from(after))).toBe(true);
  });

  it("widths measured in earlier documents leave a letter's bytes as a first measurement makes them", async () => {
    // The layout measures each word through a cache shared by the process (layout.ts widthOf);
    // a width must be the font's, whoever measured it first. A long word is cut by characters
    // and a long table cell is shortened, so both of those paths measure pieces too.
    const input = grantInput({
      reason: `Ĳverig en ﬁjn: ${"Samenwerkingsovereenkomstonderhandelingsresultaat".repeat(3)} en Ĳmuiden.`,
      plan: { ...grantInput().plan, title: `Vakmanschap ${"in de metaal en de elektrotechniek ".repeat(6)}` },
    });
    forgetWidths();
    const first = Buffer.from(await renderDecisionLetter(input));
    await render("Ĳ Ĵ Ç ĳ ĵ ç Ŀ Ǉ ǈ Ǳ ﬁ ﬂ");
    await renderDecisionLetter(
      grantInput({ kind: "REJECTION_DECISION", reason: "Een andere motivering, met Ĳ." }),
    );
    const warm = Buffer.from(await renderDecisionLetter(input));
    expect(warm.equals(first)).toBe(true);
    expect(await textOf(warm)).toContain("Ĳmuiden");
    // Each width the cache now holds for the letter's words is what a new document's fonts measure.
    const { fonts } = await newPdf({
      title: "",
      subject: "",
      keywords: [],
      templateVersion: "",
      at: new Date(0),
    });
    const words = new Set((await textOf(first)).split(" "));
    for (const font of [fonts.regular, fonts.bold]) {
      for (const size of [8, 9, 10, 12]) {
        for (const word of words) expect(widthOf(font, word, size)).toBe(font.widthOfTextAtSize(word, size));
      }
    }
  });
});
