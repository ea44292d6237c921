import { OBJECTION_TERM_WEEKS } from "../time/index.ts";
import { inWords } from "../words.ts";
import type { LetterLayout } from "./layout.ts";

/**
 * The parts every letter of the portal words the same way. The objection clause is the Awb's
 * (3:45, 6:5, 6:7, 6:8), so each besluit must say it alike; the closing is the ministry's.
 */

/** To whom an objection goes. Its term is the law's (Awb 6:7), never a regulation's. */
export type ObjectionTerms = {
  objectionAuthority: string;
  objectionAddress: string;
};

/** The rechtsmiddelenclausule every besluit ends with (Awb 3:45). */
export function objectionClause(l: LetterLayout, reg: ObjectionTerms): void {
  l.heading("Bezwaar");
  l.paragraph(
    "Bent u het niet eens met dit besluit? Dan kunt u als belanghebbende bezwaar maken. Dat doet u binnen " +
      `${inWords(OBJECTION_TERM_WEEKS)} weken na de dag waarop dit besluit is verzonden (artikelen 3:45, 6:7 en ` +
      "6:8 Awb). Stuur uw bezwaarschrift aan:",
  );
  l.paragraph(`${reg.objectionAuthority}\n${reg.objectionAddress}`, { indent: 14 });
  l.paragraph(
    "Vermeld in uw bezwaarschrift uw naam en adres, de datum, het kenmerk van dit besluit en waarom u het er niet " +
      "mee eens bent, en onderteken het (artikel 6:5 Awb).",
  );
}

/**
 * The greeting, on whose behalf, and the name of who took the decision, kept on one page: a name
 * alone at the top of a page, or a greeting without it, reads as a letter cut short.
 */
export function closing(l: LetterLayout, signatory: string | null = null): void {
  l.space(6);
  l.ensureSpace((signatory ? 4 : 2) * l.size * l.lineGap + 2);
  l.paragraph("Met vriendelijke groet,", { spaceAfter: 2 });
  l.paragraph(
    `namens de Minister van Sociale Zaken en Werkgelegenheid,${signatory ? `\n\n${signatory}` : ""}`,
  );
}
