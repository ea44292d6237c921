import { createHash } from "node:crypto";
import { PDFDict, PDFDocument, PDFName, PDFStream } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { TEST_ADDRESSEE } from "./letter-input.test-support.ts";
import {
  REVOCATION_LETTER_TEMPLATE_VERSION,
  type RevocationLetterInput,
  renderRevocationLetter,
} from "./revocation-letter.server.ts";

const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'&<b>vet</b>`;

function input(overrides: Partial<RevocationLetterInput> = {}): RevocationLetterInput {
  return {
    planId: "00000000-0000-4000-8000-000000000002",
    reference: "SP-2026-000012",
    title: "Vakmanschap in de metaal",
    revokedAt: new Date("2026-12-01T10:00:00Z"),
    reason: "Er is geen start van de uitvoering gemeld, ook niet na de herinnering.",
    signatory: { name: "J. de Vries", title: "de directeur Agentschap SZW" },
    // Friday 17 April 2026: six months end on Saturday 17 October, and the Atw leaves a term of more
    // than three months there (art. 4 sub a).
    grantedAt: new Date("2026-04-17T10:00:00Z"),
    grantedCents: 61_728_395_00n,
    paidCents: 6_172_839_50n,
    advancesStopped: true,
    recovery: { amountCents: 6_172_839_50n, dueOn: "2027-01-12" },
    payTo: { name: "Agentschap SZW", iban: "NL28INGB0705001239" },
    addressee: TEST_ADDRESSEE,
    regulation: {
      citationTitle: "Regeling cofinanciering sectorplannen",
      legalBasis: "de artikelen 2, 3 en 5 van de Kaderwet SZW-subsidies",
      publication: "Stcrt. 2013, 22962",
      executionStartMonths: 6,
      objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
      objectionAddress: "Postbus 90801, 2509 LV Den Haag",
    },
    ...overrides,
  };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("the revocation letter (beschikking tot intrekking)", () => {
  it("states the decision, the grounds with the last day to start, the amounts, the claim with its due date and interest, and the objection clause", async () => {
    const text = await textOf(await renderRevocationLetter(input()));
    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Kenmerk SP-2026-000012");
    expect(text).toContain("Beschikking tot intrekking van de subsidieverlening voor SP-2026-000012");
    expect(text).toContain("1 december 2026");
    expect(text).toContain("Opleidingscoöperatie Metaal U.A.");
    expect(text).toContain("Ĳsselstraat 12");
    // The decision and its grounds: the regulation's art. 5.2 and Awb 4:48.
    expect(text).toContain("Ik trek de subsidieverlening van 17 april 2026 geheel in.");
    expect(text).toContain("binnen zes maanden na de datum van die beschikking");
    // The grant letter's last day: the Saturday itself, not moved to the Monday.
    expect(text).toContain("uiterlijk op 17 oktober 2026");
    expect(text).not.toContain("19 oktober 2026");
    expect(text).toContain("artikel 5.2 van de regeling geheel ingetrokken");
    expect(text).toContain("artikel 4:48, eerste lid, onder a, van de Algemene wet bestuursrecht");
    expect(text).toContain("Er is geen start van de uitvoering gemeld, ook niet na de herinnering.");
    // The amounts, in euros the Dutch way.
    expect(text).toContain("Verleend (ten hoogste) € 61.728.395,00");
    expect(text).toContain("Betaalde voorschotten € 6.172.839,50");
    expect(text).toContain("Terug te betalen € 6.172.839,50");
    expect(text).toContain("Voorschotten die nog niet waren betaald, betaal ik niet meer uit.");
    // The claim is the principal; the interest runs from the day after the payment term (Awb 4:98).
    expect(text).toContain(
      "Ik vorder de betaalde voorschotten van € 6.172.839,50 van u terug (artikel 5.2 van de regeling).",
    );
    expect(text).not.toContain("vermeerderd met de wettelijke rente");
    expect(text).toContain(
      "Betaalt u niet uiterlijk 12 januari 2027, dan bent u vanaf de dag daarna over het openstaande bedrag de " +
        "wettelijke rente verschuldigd (artikel 5.2 van de regeling en artikel 4:98 van de Algemene wet bestuursrecht).",
    );
    expect(text).toContain(
      "Betaal € 6.172.839,50 uiterlijk 12 januari 2027 op rekening NL28 INGB 0705 0012 39 ten name van " +
        "Agentschap SZW, onder vermelding van het kenmerk SP-2026-000012.",
    );
    // The objection clause (Awb 3:45) and the signature of who took the decision.
    expect(text).toContain("als belanghebbende bezwaar maken");
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    expect(text).toContain("Postbus 90801, 2509 LV Den Haag");
    expect(text).toContain(
      "Met vriendelijke groet, De Minister van Sociale Zaken en Werkgelegenheid, namens deze, " +
        "de directeur Agentschap SZW, J. de Vries",
    );
  });

  it("claims nothing back when no advance was paid", async () => {
    const text = await textOf(
      await renderRevocationLetter(input({ paidCents: 0n, advancesStopped: false, recovery: null })),
    );
    expect(text).toContain("Betaalde voorschotten € 0,00");
    expect(text).toContain("U heeft geen voorschotten ontvangen. Ik vorder daarom niets van u terug.");
    expect(text).not.toContain("wettelijke rente");
    expect(text).not.toContain("niet meer uit");
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
  });

  it("renders the same input to the same bytes, with its own template version", async () => {
    const a = await renderRevocationLetter(input());
    expect(sha(await renderRevocationLetter(input()))).toBe(sha(a));
    expect(
      sha(await renderRevocationLetter(input({ revokedAt: new Date("2026-12-02T10:00:00Z") }))),
    ).not.toBe(sha(a));
    const pdf = await getDocumentProxy(new Uint8Array(a));
    const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(String(info.Creator)).toContain(REVOCATION_LETTER_TEMPLATE_VERSION);
    expect(REVOCATION_LETTER_TEMPLATE_VERSION).toBe("beschikking-intrekking@2");
  });

  it("draws script and HTML in the plan's title and the motivation as the text they are, with no active content", async () => {
    const bytes = await renderRevocationLetter(input({ title: `Plan ${XSS}`, reason: `Reden ${XSS}` }));
    const text = await textOf(bytes);
    expect(text).toContain(`sectorplan “Plan ${XSS}”`);
    expect(text).toContain(`Reden ${XSS}`);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const active: string[] = [];
    for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
      for (const key of dict?.keys() ?? []) {
        const name = key.decodeText();
        if (["JavaScript", "JS", "OpenAction", "AA", "Launch"].includes(name)) active.push(`${ref} /${name}`);
      }
      if (dict?.get(PDFName.of("S"))?.toString() === "/JavaScript") active.push(`${ref} /S`);
    }
    expect(active).toEqual([]);
  });
});
