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
 * fontkit that parses each font file once per process instead of once per letter (most of a
 * render's time). Reusing the parsed font is safe: every embedding makes its own subset.
 */
export const cachingFontkit: Fontkit = {
  create(buffer, postscriptName) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return font;
  },
};
