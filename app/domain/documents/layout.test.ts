import { createHash } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it, vi } from "vitest";
import { createLogger, withRequestContext } from "../../log.server.ts";
import { renderDecisionLetter } from "./decision-letter.server.ts";
import { LetterLayout, withPlaceholders } from "./layout.ts";
import { grantInput } from "./letter-input.test-support.ts";
import { newPdf, savePdf } from "./pdf.server.ts";

const META = {
  title: "Proef",
  subject: "Proef",
  keywords: [],
  templateVersion: "proef",
  at: new Date(Date.UTC(2014, 4, 12)),
};

async function pages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return text.map((t) => t.replace(/\s+/g, " "));
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

// DejaVu Sans has Ω, but no CJK and none of these emoji.
const MIXED = "中文 ✅ 🚀 Ωmega";
const SHOWN = "[U+4E2D][U+6587] [U+2705] [U+1F680] Ωmega";

describe("characters the letter fonts cannot draw", () => {
  it("are replaced by a visible, searchable placeholder, in regular and bold, and reported once", async () => {
    const { doc, fonts } = await newPdf(META);
    const reportMissing = vi.fn();
    const l = new LetterLayout(doc, { ...fonts, reportMissing });
    l.letterhead("Ministerie 🏥", "Regeling ✅");
    l.heading(MIXED);
    l.keyValues([["Onderwerp", MIXED]]);
    l.paragraph(MIXED);
    l.bullet(`👉 ${MIXED}`);
    l.table([{ header: "Naam 📈", width: 400 }], [[MIXED]]);
    l.finish(`Kenmerk ${MIXED}`);
    const [text = ""] = await pages(await savePdf(doc));
    expect(text).toContain(`Ministerie [U+1F3E5]`);
    expect(text).toContain("Regeling [U+2705]");
    expect(text).toContain(`Onderwerp ${SHOWN}`);
    expect(text).toContain(`• [U+1F449] ${SHOWN}`);
    expect(text).toContain("Naam [U+1F4C8]");
    expect(text).toContain(`Kenmerk ${SHOWN}`);
    // Heading, key value, paragraph, bullet, table cell and footer.
    expect(text.split(SHOWN)).toHaveLength(7);
    expect(text).not.toMatch(/[中文✅🚀📈👉🏥]/u);
    expect(reportMissing).toHaveBeenCalledTimes(1);
    expect(reportMissing).toHaveBeenCalledWith([0x1f3e5, 0x2705, 0x4e2d, 0x6587, 0x1f680, 0x1f449, 0x1f4c8]);
  });

  it("reports nothing for text the fonts draw", async () => {
    const { doc, fonts } = await newPdf(META);
    const reportMissing = vi.fn();
    const l = new LetterLayout(doc, { ...fonts, reportMissing });
    l.paragraph("Ĳverig, ﬁjn, Ωmega, € 1.000, “aanhalingstekens” — ✓ ❤️");
    l.finish("Kenmerk");
    expect(reportMissing).not.toHaveBeenCalled();
    expect(withPlaceholders("Ωmega\nregel", fonts.regular)).toBe("Ωmega\nregel");
  });

  it("names a lone surrogate half as a placeholder too", async () => {
    const { fonts } = await newPdf(META);
    const missing = new Set<number>();
    expect(withPlaceholders("half \uD83D emoji", fonts.regular, missing)).toBe("half [U+D83D] emoji");
    expect([...missing]).toEqual([0xd83d]);
  });

  it("breaks lines between placeholders, never inside one, and measures them as drawn", async () => {
    const { doc, fonts } = await newPdf(META);
    const l = new LetterLayout(doc, fonts);
    // 120 ideographs without a space: wider than a line, so the word is cut.
    const word = "中文".repeat(60);
    const lines = l.wrap(withPlaceholders(word, fonts.regular), fonts.regular, l.size, l.width);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line).toMatch(/^(\[U\+(4E2D|6587)\])+$/);
      expect(fonts.regular.widthOfTextAtSize(line, l.size)).toBeLessThanOrEqual(l.width);
    }
    expect(lines.join("")).toBe("[U+4E2D][U+6587]".repeat(60));
    // A table cell too narrow for its text is shortened by whole placeholders.
    l.table([{ header: "Kort", width: 120 }], [["🚀".repeat(20)]]);
    l.finish("");
    const [text = ""] = await pages(await savePdf(doc));
    expect(text).toMatch(/Kort (\[U\+1F680\])+… /);
  });

  it("newPdf's fonts warn through the logger, once per document, with the code points only", async () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line: string) => void lines.push(line) }, "warn");
    await withRequestContext({ requestId: "proef-verzoek", log }, async () => {
      const { doc, fonts } = await newPdf({
        ...META,
        title: `Proef — ${MIXED}`,
        subject: "Beschikking SP-1",
      });
      const l = new LetterLayout(doc, fonts);
      l.paragraph(MIXED);
      l.paragraph("🚀 nogmaals");
      l.finish("Kenmerk SP-1");
    });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 40,
      document: "Beschikking SP-1",
      codePoints: ["U+4E2D", "U+6587", "U+2705", "U+1F680"],
    });
    // The text itself (a title, a motivation) stays out of the log.
    expect(lines[0]).not.toContain("Ωmega");
  });

  it("a decision letter keeps such a plan title and motivation visible, the same bytes each time", async () => {
    const input = grantInput({
      reason: `Motivering: ${MIXED} einde.`,
      plan: { ...grantInput().plan, title: `Zorg ${MIXED}` },
    });
    const a = await renderDecisionLetter(input);
    const text = (await pages(a)).join(" ");
    expect(text).toContain(`Motivering: ${SHOWN} einde.`);
    expect(text).toContain(`Zorg ${SHOWN}`);
    expect(sha(await renderDecisionLetter(input))).toBe(sha(a));
    expect(a.byteLength).toBeLessThan(60_000);
  });
});
