import { type PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";

/**
 * A small flow layout for letters: text wraps at the margin and runs onto new pages; page numbers
 * are drawn once the page count is known. Every string is drawn as plain glyphs — nothing in user
 * text is interpreted — after control characters are removed, and with a placeholder for each
 * character the font has no glyph for.
 */

export type LetterFonts = {
  regular: PDFFont;
  bold: PDFFont;
  /** Told once per document, when it is finished, which code points were drawn as placeholders. */
  reportMissing?: (codePoints: number[]) => void;
};

export type Column = { header: string; width: number; align?: "left" | "right" };

type TextOptions = { bold?: boolean; size?: number; indent?: number; spaceAfter?: number };

const A4: [number, number] = [595.28, 841.89];
const INK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);
const RIJKSBLAUW = rgb(0.082, 0.259, 0.451);

/** Tabs become spaces, line separators become newlines, other control characters go. */
export function plainText(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
      .replace(/\t/g, " ")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "")
  );
}

/** "[U+1F680]": what a character the font cannot draw is shown as, in the Unicode notation. */
export function placeholder(codePoint: number): string {
  return `[U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}]`;
}

/** A placeholder, or one code point (a lone surrogate half too): the units a line is cut into. */
const UNIT = /\[U\+[0-9A-F]{4,6}\]|[\s\S]/gu;

const characterSets = new Map<string, ReadonlySet<number>>();

/** The code points `font` maps to a glyph; per font name, which is fixed per file (pdf.server.ts). */
function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font.name);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font.name, set);
  }
  return set;
}

/**
 * `text` with each code point `font` has no glyph for (Chinese, most emoji, flags, for DejaVu Sans)
 * replaced by its placeholder, collected in `missing`. pdf-lib would draw such a character as the
 * empty .notdef glyph and leave it out of the text layer: it would vanish from a beschikking or a
 * filed plan without a trace. The placeholder shows, copies and searches as what was there; a
 * fallback font is no answer, as no embeddable font covers emoji and a CJK one would multiply a
 * letter's size. Newlines stay: the layout breaks lines on them before anything is drawn.
 */
export function withPlaceholders(text: string, font: PDFFont, missing?: Set<number>): string {
  const set = characterSet(font);
  let out: string | undefined;
  let at = 0;
  for (const ch of text) {
    const codePoint = ch.codePointAt(0) ?? 0;
    if (codePoint !== 0x0a && !set.has(codePoint)) {
      out = (out ?? text.slice(0, at)) + placeholder(codePoint);
      missing?.add(codePoint);
    } else if (out !== undefined) {
      out += ch;
    }
    at += ch.length;
  }
  return out ?? text;
}

/**
 * Text widths shared by every document in the process, per font, size and text. Measuring runs
 * fontkit's shaping, and the layout measures every word before it draws the line, so this was a
 * quarter of a letter's time. A width depends only on the font file and the text (the glyphs'
 * advance widths); the fonts' names are fixed per file (pdf.server.ts), so one found once holds for
 * every later document. Drawing still shapes each line in its own document: that is what tells
 * pdf-lib which glyphs the document's font subset needs.
 */
const widths = new Map<string, number>();
const WIDTHS_MAX = 50_000;

export function widthOf(font: PDFFont, text: string, size: number): number {
  const key = `${font.name}\u0000${size}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    if (widths.size >= WIDTHS_MAX) widths.clear();
    width = font.widthOfTextAtSize(text, size);
    widths.set(key, width);
  }
  return width;
}

/** For tests: the next measurement of every text starts from the fonts again. */
export function forgetWidths(): void {
  widths.clear();
}

export class LetterLayout {
  readonly size = 10;
  readonly lineGap = 1.45;
  readonly margin = { left: 70, right: 60, top: 70, bottom: 70 };
  private readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  /** The code points drawn as placeholders so far, in the order first met. */
  private readonly missing = new Set<number>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: LetterFonts,
  ) {
    this.newPage();
  }

  get width(): number {
    return A4[0] - this.margin.left - this.margin.right;
  }

  get cursorY(): number {
    return this.y;
  }

  private lineHeight(size = this.size): number {
    return size * this.lineGap;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - this.margin.top;
  }

  /** Starts a new page unless `height` still fits above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.y - height < this.margin.bottom) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
  }

  /**
   * The ministry's mark: the blue ribbon, top centre, with the ministry's name and the regulation's
   * title beside it, wrapped within the right margin as the Rijkshuisstijl's word mark wraps. The
   * title is data (a regulation can be named anything), so it is kept to three lines.
   */
  letterhead(ministry: string, scheme: string): void {
    const ribbonX = A4[0] / 2 - 8;
    const top = A4[1] - 20;
    this.page.drawRectangle({ x: ribbonX, y: top - 70, width: 16, height: 70, color: RIJKSBLAUW });
    const x = ribbonX + 24;
    const width = A4[0] - this.margin.right - x;
    const size = 9;
    const lead = size * 1.3;
    const names = this.wrap(
      this.text(ministry, this.fonts.bold).replace(/\n/g, " "),
      this.fonts.bold,
      size,
      width,
    );
    let titles = this.wrap(
      this.text(scheme, this.fonts.regular).replace(/\n/g, " "),
      this.fonts.regular,
      size,
      width,
    );
    if (titles.length > 3)
      titles = [
        ...titles.slice(0, 2),
        this.truncate(titles.slice(2).join(" "), this.fonts.regular, size, width),
      ];
    // The block's last line sits level with the ribbon's foot, as far as the block allows.
    const lines = [
      ...names.map((text) => ({ text, font: this.fonts.bold })),
      ...titles.map((text) => ({ text, font: this.fonts.regular })),
    ];
    let y = Math.min(top - 16, top - 64 + (lines.length - 1) * lead);
    for (const line of lines) {
      this.page.drawText(line.text, { x, y, size, font: line.font, color: INK });
      y -= lead;
    }
    this.y = Math.min(top - 110, y - 30);
  }

  /** Label–value lines in two columns (the letter's Datum / Kenmerk / Onderwerp block). */
  keyValues(rows: [string, string][], labelWidth = 80): void {
    for (const [label, value] of rows) {
      const lines = this.wrap(
        this.text(value, this.fonts.regular),
        this.fonts.regular,
        this.size,
        this.width - labelWidth,
      );
      this.ensureSpace(this.lineHeight() * lines.length);
      this.draw(this.text(label, this.fonts.bold), this.margin.left, this.fonts.bold, this.size, GREY);
      lines.forEach((line, i) => {
        if (i > 0) this.y -= this.lineHeight();
        this.draw(line, this.margin.left + labelWidth, this.fonts.regular, this.size);
      });
      this.y -= this.lineHeight();
    }
  }

  heading(text: string): void {
    const size = this.size + 2;
    // Keep a heading with at least two lines of what follows it.
    this.ensureSpace(this.lineHeight(size) + 2 * this.lineHeight() + 8);
    this.y -= 8;
    this.paragraph(text, { bold: true, size, spaceAfter: 2 });
  }

  /** Wrapped text; a newline in `text` starts a new line, an empty line leaves a gap. */
  paragraph(text: string, opts: TextOptions = {}): void {
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const size = opts.size ?? this.size;
    const indent = opts.indent ?? 0;
    for (const line of this.wrap(this.text(text, font), font, size, this.width - indent)) {
      this.ensureSpace(this.lineHeight(size));
      this.draw(line, this.margin.left + indent, font, size);
      this.y -= this.lineHeight(size);
    }
    this.y -= opts.spaceAfter ?? this.size * 0.6;
  }

  /** The height `paragraph(text, opts)` takes, spacing after it included: to keep a block together. */
  paragraphHeight(text: string, opts: TextOptions = {}): number {
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const size = opts.size ?? this.size;
    const lines = this.wrap(this.text(text, font), font, size, this.width - (opts.indent ?? 0)).length;
    return lines * this.lineHeight(size) + (opts.spaceAfter ?? this.size * 0.6);
  }

  /** A list item with a hanging indent. */
  bullet(text: string): void {
    const indent = 14;
    const lines = this.wrap(
      this.text(text, this.fonts.regular),
      this.fonts.regular,
      this.size,
      this.width - indent,
    );
    lines.forEach((line, i) => {
      this.ensureSpace(this.lineHeight());
      if (i === 0) this.draw("•", this.margin.left + 3, this.fonts.regular, this.size);
      this.draw(line, this.margin.left + indent, this.fonts.regular, this.size);
      this.y -= this.lineHeight();
    });
    this.y -= 2;
  }

  /** A simple table: a header row, single-line cells, a rule under the header and above a total row. */
  table(columns: Column[], rows: string[][], opts: { totalRow?: string[] } = {}): void {
    const rowHeight = this.lineHeight() + 2;
    const drawRow = (cells: string[], font: PDFFont) => {
      let x = this.margin.left;
      columns.forEach((col, i) => {
        const text = this.text(cells[i] ?? "", font).replace(/\n/g, " ");
        const fitted = this.truncate(text, font, this.size, col.width - 6);
        const w = widthOf(font, fitted, this.size);
        const tx = col.align === "right" ? x + col.width - w : x;
        this.draw(fitted, tx, font, this.size);
        x += col.width;
      });
      this.y -= rowHeight;
    };
    const tableWidth = columns.reduce((s, c) => s + c.width, 0);
    const ruleAt = (y: number) =>
      this.page.drawLine({
        start: { x: this.margin.left, y },
        end: { x: this.margin.left + tableWidth, y },
        thickness: 0.5,
        color: GREY,
      });
    const header = () => {
      drawRow(
        columns.map((c) => c.header),
        this.fonts.bold,
      );
      // Just below the header's descenders.
      ruleAt(this.y + rowHeight - this.size - 3.5);
    };
    this.ensureSpace(rowHeight * Math.min(3, rows.length + 1));
    header();
    for (const row of rows) {
      if (this.y - rowHeight < this.margin.bottom) {
        this.newPage();
        header();
      }
      drawRow(row, this.fonts.regular);
    }
    if (opts.totalRow) {
      this.ensureSpace(rowHeight + 4);
      ruleAt(this.y + 1);
      this.y -= 4;
      drawRow(opts.totalRow, this.fonts.bold);
    }
    this.y -= this.size * 0.6;
  }

  /**
   * Draws "pagina i van n" (and a left footer, e.g. the kenmerk) on every page; call last. Reports
   * the characters drawn as placeholders, once, so a document that shows any is noticed.
   */
  finish(footerLeft: string): void {
    const n = this.pages.length;
    const size = 8;
    const footer = this.text(footerLeft, this.fonts.regular);
    this.pages.forEach((page, i) => {
      const y = this.margin.bottom - 30;
      const label = `pagina ${i + 1} van ${n}`;
      const w = widthOf(this.fonts.regular, label, size);
      page.drawText(footer, {
        x: this.margin.left,
        y,
        size,
        font: this.fonts.regular,
        color: GREY,
      });
      page.drawText(label, {
        x: A4[0] - this.margin.right - w,
        y,
        size,
        font: this.fonts.regular,
        color: GREY,
      });
    });
    if (this.missing.size > 0) this.fonts.reportMissing?.([...this.missing]);
  }

  /** `text` as it is drawn in `font`: plain, with placeholders; measure only text prepared so. */
  private text(text: string, font: PDFFont): string {
    return withPlaceholders(plainText(text), font, this.missing);
  }

  /** Draws text prepared by `text` (or the code's own bullet): it is scanned once, not again here. */
  private draw(text: string, x: number, font: PDFFont, size: number, color = INK): void {
    if (text) this.page.drawText(text, { x, y: this.y - size, size, font, color });
  }

  /** Shortened by whole units, so neither a placeholder nor a surrogate pair is cut. */
  private truncate(text: string, font: PDFFont, size: number, width: number): string {
    if (widthOf(font, text, size) <= width) return text;
    const units = text.match(UNIT) ?? [];
    let t = text;
    while (units.length > 1 && widthOf(font, `${t}…`, size) > width) {
      units.pop();
      t = units.join("");
    }
    return `${t}…`;
  }

  /** Greedy line breaking on spaces; a word wider than the line is cut by characters. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    const space = widthOf(font, " ", size);
    // An amount never breaks between "€" and its figure.
    for (const para of text.replace(/€ (?=[\d-])/g, "€\u00A0").split("\n")) {
      const words = para.split(/ +/).filter((w) => w.length > 0);
      if (words.length === 0) {
        lines.push("");
        continue;
      }
      let line = "";
      let lineWidth = 0;
      for (const word of words) {
        for (const [piece, w] of this.splitLongWord(word, font, size, width)) {
          if (line && lineWidth + space + w <= width) {
            line += ` ${piece}`;
            lineWidth += space + w;
          } else {
            if (line) lines.push(line);
            line = piece;
            lineWidth = w;
          }
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** The word, or its pieces if it is wider than the line, each with its width (measured once). */
  private splitLongWord(word: string, font: PDFFont, size: number, width: number): [string, number][] {
    const whole = widthOf(font, word, size);
    if (whole <= width) return [[word, whole]];
    const pieces: string[] = [];
    let current = "";
    for (const ch of word.match(UNIT) ?? []) {
      if (current && widthOf(font, current + ch, size) > width) {
        pieces.push(current);
        current = ch;
      } else {
        current += ch;
      }
    }
    if (current) pieces.push(current);
    return pieces.map((piece) => [piece, widthOf(font, piece, size)]);
  }
}
