import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
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
});
