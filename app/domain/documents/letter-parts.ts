import { OBJECTION_TERM_WEEKS } from "../time/index.ts";
import { inWords } from "../words.ts";
import type { LetterLayout } from "./layout.ts";

/**
 * The parts every letter of the portal words the same way. The objection clause is the Awb's
 * (3:45, 6:5, 6:7, 6:8), so each besluit must say it alike; the closing is the ministry's.
 */

/**
 * Whom the plan is for, as rows of a letter's key-value block: its sectors, or the
 * arbeidsmarktregio's it covers (a plan covers one or the other; with neither it says "—").
 */
export function coverageRows(sectors: string[], regions: string[]): [string, string][] {
  return [
    ...(sectors.length || !regions.length ? [["Sector", sectors.join(", ") || "—"] as [string, string]] : []),
    ...(regions.length ? [["Regio’s", regions.join(", ")] as [string, string]] : []),
  ];
}

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

/** Who signs a besluit: the staff member who took it, and the function they hold it in, if known. */
export type Signatory = { name: string; title: string | null };

/**
 * The greeting and the signature. A besluit taken in mandate is signed in the minister's name,
 * "namens deze", by the function the mandate went to (the regulation mandates the directeur
 * Agentschap SZW, art. 1.6, who may sub-mandate) and then the person's name. Without a recorded
 * function the signature names the person alone rather than guess one. A letter nobody signs (the
 * acknowledgement, a confirmation) only says on whose behalf it is sent. Greeting and signature are
 * kept on one page: a name alone at the top of a page, or a greeting without it, reads as a letter
 * cut short.
 */
export function closing(l: LetterLayout, signatory: Signatory | null = null): void {
  const title = signatory?.title?.trim().replace(/[\s,]+$/, "");
  const signature = signatory
    ? [
        "De Minister van Sociale Zaken en Werkgelegenheid,",
        "namens deze,",
        ...(title ? [`${title},`] : []),
        "",
        signatory.name,
      ].join("\n")
    : "namens de Minister van Sociale Zaken en Werkgelegenheid,";
  const greeting = "Met vriendelijke groet,";
  // The minister's name starts a block of its own; "namens de Minister" continues the greeting.
  const gap = signatory ? l.size * l.lineGap : 2;
  l.space(6);
  l.ensureSpace(
    l.paragraphHeight(greeting, { spaceAfter: gap }) + l.paragraphHeight(signature, { spaceAfter: 0 }),
  );
  l.paragraph(greeting, { spaceAfter: gap });
  l.paragraph(signature);
}
