import fontkit from "@pdf-lib/fontkit";
import { describe, expect, it } from "vitest";
import { letterFonts } from "./fonts.server.ts";
import {
  BoundedCache,
  cacheGlyphs,
  cacheOutlines,
  MAX_CACHED_LENGTH,
  type ParsedFont,
} from "./glyph-cache.ts";
import { GLYPHS_ONLY } from "./pdf.server.ts";

const SAMPLES = [
  "Beschikking op uw aanvraag SP-2014-000012",
  "ﬁets fiets ffl office Ĳsselstraat ĳs",
  "e\u0301 a\u0308 n\u0303 ½ 1\u20442 — “quotes” ‘x’ … €\u00A05",
  "Ω π Ж ש שָׁלוֹם سلام ا 漢 😀 soft\u00ADhyphen x\u200Dy",
  "Opleidingscoöperatie Metaal U.A. ’s-Gravenhage",
  "",
];

const parse = (bytes: Uint8Array) => fontkit.create(bytes) as unknown as ParsedFont;
const ids = (font: ParsedFont, text: string, features?: Parameters<ParsedFont["layout"]>[1]) =>
  font.layout(text, features).glyphs.map((g) => g.id);

async function subsetBytes(font: ParsedFont, text: string): Promise<Buffer> {
  const subset = font.createSubset() as unknown as {
    includeGlyph(g: unknown): number;
    encodeStream(): { on(event: string, listener: (arg?: Uint8Array) => void): unknown };
  };
  for (const glyph of font.layout(text).glyphs) subset.includeGlyph(glyph);
  // As pdf-lib reads it.
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const stream = subset.encodeStream();
    stream.on("data", (part) => parts.push(Buffer.from(part as Uint8Array)));
    stream.on("end", () => resolve(Buffer.concat(parts)));
    stream.on("error", reject);
  });
}

describe("glyph cache", () => {
  const { regular, bold } = letterFonts();

  it("shapes every string to the same glyphs as fontkit, cached or not, with or without features", () => {
    for (const bytes of [regular, bold]) {
      const plain = parse(bytes);
      const cached = cacheGlyphs(parse(bytes));
      for (const text of SAMPLES) {
        for (const features of [undefined, GLYPHS_ONLY]) {
          const expected = ids(plain, text, features);
          expect(ids(cached, text, features)).toEqual(expected);
          expect(ids(cached, text, features)).toEqual(expected);
        }
      }
    }
  });

  it("switching off the positioning features leaves the glyphs as they were", () => {
    const font = parse(regular);
    for (const text of SAMPLES) expect(ids(font, text, GLYPHS_ONLY)).toEqual(ids(font, text));
  });

  it("gives one frozen run per string and leaves long strings to fontkit", () => {
    const font = cacheGlyphs(parse(regular));
    const a = font.layout("Kenmerk");
    expect(font.layout("Kenmerk")).toBe(a);
    expect(Object.isFrozen(a.glyphs)).toBe(true);
    const long = "x".repeat(MAX_CACHED_LENGTH + 1);
    expect(font.layout(long)).not.toBe(font.layout(long));
    expect(ids(font, long)).toEqual(ids(parse(regular), long));
  });

  it("holds at most twice its capacity and keeps what is in use", () => {
    const cache = new BoundedCache<string, number>(3);
    for (let i = 0; i < 100; i++) {
      cache.set(`k${i}`, i);
      expect(cache.get("k0")).toBe(0);
      expect(cache.size).toBeLessThanOrEqual(6);
    }
    expect(cache.get("k1")).toBeUndefined();
    expect(cache.get("k99")).toBe(99);
  });
});

describe("outline cache", () => {
  it("subsets to the same bytes as fontkit, also when a glyph is met again", async () => {
    const { regular } = letterFonts();
    const plain = parse(regular);
    const cached = cacheOutlines(parse(regular));
    for (const text of [SAMPLES.join(" "), "Ĳ é ö ﬁ ½", SAMPLES.join(" ")]) {
      expect((await subsetBytes(cached, text)).equals(await subsetBytes(plain, text))).toBe(true);
    }
  });
});
