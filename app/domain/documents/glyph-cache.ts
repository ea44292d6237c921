/**
 * Work fontkit repeats for every letter although its result depends only on the font file (parsed
 * once per process, see fonts.server.ts) and its input. Shaping a string (GSUB lookups) was most of
 * a letter's render time, and a letter shapes the same words and lines again and again: once to
 * measure each word, once per line to draw it, and the template's wording in every letter. Nothing
 * here changes a byte of a document (glyph-cache.test.ts compares with plain fontkit).
 */

import type { PDFDocument } from "pdf-lib";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
export type ParsedFont = ReturnType<Fontkit["create"]>;
type GlyphRun = ReturnType<ParsedFont["layout"]>;
type Glyph = GlyphRun["glyphs"][number];
type Features = Parameters<ParsedFont["layout"]>[1];
type Shape = (text: string, features?: Features, ...rest: unknown[]) => GlyphRun;

/** Longer strings are shaped every time: a letter's lines and words are far shorter. */
export const MAX_CACHED_LENGTH = 256;
/** Per generation, per font and features object: at most 2 × 4096 short strings and their glyph lists. */
export const MAX_ENTRIES = 4096;

/**
 * Bounded by generations rather than strict LRU order, so that a hit is one Map lookup: when the
 * current generation is full it becomes the old one and the one before is dropped; a hit in the old
 * generation moves the key to the current one. At most 2 × capacity entries are held.
 */
export class BoundedCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const old = this.previous.get(key);
    if (old !== undefined) {
      this.previous.delete(key);
      this.set(key, old);
    }
    return old;
  }

  set(key: K, value: V): void {
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}

/**
 * A subset re-reads the outline of every glyph it holds (fontkit's `_decode`, which parses all the
 * points) only to learn whether the glyph is composite, in every letter. A glyph's outline is a
 * fixed part of the font file, so it is decoded once per glyph object (the font keeps one per glyph
 * id: bounded by the font's glyph count) and frozen, so no reader can change the shared copy. Only
 * for fonts without variations (DejaVu Sans), whose outlines never depend on settings.
 */
export function cacheOutlines(font: ParsedFont): ParsedFont {
  const getGlyph = font.getGlyph.bind(font);
  const done = new WeakSet<object>();
  const glyphWithCachedOutline: ParsedFont["getGlyph"] = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints) as Glyph & { _decode?: () => unknown };
    if (glyph && !done.has(glyph)) {
      done.add(glyph);
      const decode = glyph._decode;
      if (typeof decode === "function") {
        let outline: unknown;
        let decoded = false;
        const cachedDecode = () => {
          if (!decoded) {
            const value = decode.call(glyph);
            outline = value && typeof value === "object" ? Object.freeze(value) : value;
            decoded = true;
          }
          return outline;
        };
        Object.defineProperty(glyph, "_decode", { value: cachedDecode, configurable: true, writable: true });
      }
    }
    return glyph;
  };
  Object.defineProperty(font, "getGlyph", {
    value: glyphWithCachedOutline,
    configurable: true,
    writable: true,
  });
  return font;
}

/**
 * Replaces `font.layout` with one that remembers, per string, the glyphs it shapes to. A hit gives
 * a run with only the (frozen) `glyphs` — the only field pdf-lib reads — and a miss gives the same
 * shape, so no caller can come to depend on a field that a hit would lack. Calls with a script,
 * language or direction, or with a long string, go straight to fontkit.
 */
export function cacheGlyphs(font: ParsedFont, capacity = MAX_ENTRIES): ParsedFont {
  const shape = font.layout.bind(font) as Shape;
  type Run = { readonly glyphs: readonly Glyph[] };
  const byFeatures = new WeakMap<object, BoundedCache<string, Run>>();
  const withoutFeatures = new BoundedCache<string, Run>(capacity);
  const cacheFor = (features: Features) => {
    if (features === undefined) return withoutFeatures;
    let cache = byFeatures.get(features);
    if (!cache) {
      cache = new BoundedCache(capacity);
      byFeatures.set(features, cache);
    }
    return cache;
  };
  const layout: Shape = (text, features, ...rest) => {
    if (rest.length > 0 || typeof text !== "string" || text.length > MAX_CACHED_LENGTH) {
      return shape(text, features, ...rest);
    }
    const cache = cacheFor(features);
    let run = cache.get(text);
    if (!run) {
      run = Object.freeze({ glyphs: Object.freeze(shape(text, features).glyphs.slice()) });
      cache.set(text, run);
    }
    // Typed as fontkit's run for pdf-lib, which reads nothing but `glyphs` (see above).
    return run as unknown as GlyphRun;
  };
  Object.defineProperty(font, "layout", { value: layout, configurable: true, writable: true });
  return font;
}
