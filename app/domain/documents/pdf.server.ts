import { PDFDocument } from "pdf-lib";
import { currentLog } from "../../log.server.ts";
import { cachingFontkit, letterFonts } from "./fonts.server.ts";
import { type LetterFonts, placeholder } from "./layout.ts";

/**
 * DejaVu's OpenType positioning features (its whole GPOS table), switched off for shaping. pdf-lib
 * draws each glyph at its advance width and never reads the positions shaping computes, so they
 * change no byte of a document; computing them was a fifth of a letter's time. Substitutions (GSUB:
 * ligatures, composed characters) stay on, since they choose the glyphs.
 */
const NO_POSITIONING = { kern: false, mark: false, mkmk: false };

/** Enough to see which scripts or emoji a document met; a long Chinese text has thousands. */
const REPORTED_MAX = 20;

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
 * A new PDF with the embedded DejaVu fonts and fixed metadata: title, author, subject, keywords,
 * language nl-NL, and creation/modification dates taken from the data. The same steps as the
 * decision letter, shared by the letters and documents added in issue 3. Characters DejaVu cannot
 * draw are shown as placeholders (layout.ts) and logged once per document as a warning: by code
 * point and the document's subject, never the text (a title or a motivation is the applicant's).
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
      features: NO_POSITIONING,
    }),
    bold: await doc.embedFont(bytes.bold, {
      subset: true,
      customName: "SZWAAB+DejaVuSans-Bold",
      features: NO_POSITIONING,
    }),
    reportMissing: (codePoints: number[]) =>
      currentLog().warn(
        {
          document: meta.subject,
          templateVersion: meta.templateVersion,
          missing: codePoints.length,
          codePoints: codePoints.slice(0, REPORTED_MAX).map((c) => placeholder(c).slice(1, -1)),
        },
        "document drew characters its font has no glyph for as placeholders",
      ),
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
