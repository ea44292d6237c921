import { PDFDocument } from "pdf-lib";
import { cachingFontkit, letterFonts } from "./fonts.server.ts";
import type { LetterFonts } from "./layout.ts";

export const MINISTRY_NAME = "Ministerie van Sociale Zaken en Werkgelegenheid";

export type PdfMeta = {
  title: string;
  subject: string;
  keywords: string[];
  /** The template version, also in the Creator field so a file names the wording it was made with. */
  templateVersion: string;
  /** A moment from the data (never "now"): the same input must give the same bytes. */
  at: Date;
};

/**
 * pdf-lib reads only the glyphs of a fontkit layout (widths come from each glyph's own advance, and
 * text is drawn without per-glyph positioning), so the GPOS features of DejaVu Sans — kern, mark,
 * mkmk, its only ones — and the kern-table fallback change no byte of a document. Switching them
 * off skips the positioning lookups, about 40% of the layout time; the GSUB features (ligatures,
 * ccmp, locl, Arabic joining) still choose the glyphs.
 */
export const GLYPHS_ONLY = { kern: false, mark: false, mkmk: false } as const;

/**
 * A new PDF with the embedded DejaVu fonts and fixed metadata: title, author, subject, keywords,
 * language nl-NL, and creation/modification dates taken from the data. The same steps as the
 * decision letter, shared by the letters and documents added in issue 3.
 */
export async function newPdf(meta: PdfMeta): Promise<{ doc: PDFDocument; fonts: LetterFonts }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  const bytes = letterFonts();
  // customName replaces pdf-lib's random "-NNNN" suffix on the font name (deterministic bytes).
  const fonts = {
    regular: await doc.embedFont(bytes.regular, {
      subset: true,
      customName: "SZWAAA+DejaVuSans",
      features: GLYPHS_ONLY,
    }),
    bold: await doc.embedFont(bytes.bold, {
      subset: true,
      customName: "SZWAAB+DejaVuSans-Bold",
      features: GLYPHS_ONLY,
    }),
  };
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(MINISTRY_NAME);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setLanguage("nl-NL");
  doc.setCreator(`Sectorplanportaal (${meta.templateVersion})`);
  doc.setProducer("Sectorplanportaal met pdf-lib");
  doc.setCreationDate(meta.at);
  doc.setModificationDate(meta.at);
  return { doc, fonts };
}

/** Saves with the options every document uses. */
export function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: true });
}
