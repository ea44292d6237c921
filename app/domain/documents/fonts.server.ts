import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument } from "pdf-lib";

/**
 * DejaVu Sans ships in the repository (assets/fonts, with its licence) so that a letter renders to
 * the same bytes on every machine, whatever fonts the host has. The folder is looked up from the
 * working directory first because a Vite build moves this module away from its source location.
 */
const FILES = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf" } as const;

export type FontBytes = { regular: Uint8Array; bold: Uint8Array };

let cached: FontBytes | undefined;

function fontsDir(): string {
  const candidates = [
    process.env.LETTER_FONTS_DIR,
    path.join(process.cwd(), "assets", "fonts"),
    fileURLToPath(new URL("../../../assets/fonts/", import.meta.url)),
  ].filter((d): d is string => Boolean(d));
  const found = candidates.find((d) => existsSync(path.join(d, FILES.regular)));
  if (!found) throw new Error(`Letter fonts not found; looked in: ${candidates.join(", ")}`);
  return found;
}

export function letterFonts(): FontBytes {
  if (!cached) {
    const dir = fontsDir();
    cached = {
      regular: new Uint8Array(readFileSync(path.join(dir, FILES.regular))),
      bold: new Uint8Array(readFileSync(path.join(dir, FILES.bold))),
    };
  }
  return cached;
}

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type ParsedFont = ReturnType<Fontkit["create"]>;
const parsed = new WeakMap<Uint8Array, ParsedFont>();

/**
 * One document's view of a parsed font: the font's tables (parsed once per process) are shared,
 * its glyph objects are not. fontkit keeps one glyph object per glyph id on the font, with the
 * code points of the first request; pdf-lib writes those code points into the document's text
 * layer. Shared across documents, a glyph first reached as a bare component of a composite (I and
 * J in Ĳ, C in Ç) kept no code points, and every later document in that worker lost those letters
 * from its text layer, and with them its byte-for-byte identity (fonts.test.ts).
 */
function documentView(font: ParsedFont): ParsedFont {
  const view = Object.create(font) as ParsedFont & { _glyphs: Record<number, unknown> };
  // fontkit's lazily computed layout engine and glyphs are defined on whoever first asks: the
  // view, since the shared font itself is never handed out.
  view._glyphs = {};
  return view;
}

/**
 * fontkit that parses each font file once per process instead of once per letter (most of a
 * render's time), and gives every embedding (one per document and font) a view of its own.
 */
export const cachingFontkit: Fontkit = {
  create(buffer, postscriptName) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return documentView(font);
  },
};
