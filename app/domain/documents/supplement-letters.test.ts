import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { TEST_ADDRESSEE } from "./letter-input.test-support.ts";
import {
  renderNotConsideredDecision,
  renderSupplementRequestLetter,
  SUPPLEMENT_REQUEST_TEMPLATE_VERSION,
  type SupplementLetterInput,
} from "./supplement-letters.server.ts";

function input(fromStatus: string, receivedAt: Date | null): SupplementLetterInput {
  return {
    planId: "00000000-0000-4000-8000-000000000002",
    reference: "SP-2014-000012",
    title: "Vakmanschap in de metaal",
    submittedAt: new Date("2014-04-01T08:00:00Z"),
    request: {
      id: "00000000-0000-4000-8000-000000000004",
      text: "De cofinancieringsverklaring van de O&O-fondsen ontbreekt.",
      steps: ["budget"],
      requestedAt: new Date("2014-04-15T09:00:00Z"),
      dueAt: new Date("2014-04-29T21:59:59Z"),
      fromStatus,
    },
    receivedAt,
    decidedAt: null,
    signatory: { name: "M. de Vries", title: "het hoofd van de afdeling Subsidies" },
    addressee: TEST_ADDRESSEE,
    regulation: {
      citationTitle: "Regeling cofinanciering sectorplannen",
      decisionTermWeeks: 13,
      objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
      objectionAddress: "Postbus 90801, 2509 LV Den Haag",
    },
  };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

describe("the request to supplement (Awb 4:5)", () => {
  it("before completeness: the supplement's arrival becomes the moment of receipt", async () => {
    const text = await textOf(await renderSupplementRequestLetter(input("SUBMITTED", null)));
    expect(text).toContain("Uw aanvraag is nog niet volledig.");
    expect(text).toContain(
      "Als moment van ontvangst van uw aanvraag geldt het moment waarop de aanvulling binnenkomt.",
    );
    expect(text).toContain("uiterlijk op 29 april 2014");
  });

  it("during the assessment: the complete application keeps its moment of receipt and its place", async () => {
    const text = await textOf(
      await renderSupplementRequestLetter(input("IN_ASSESSMENT", new Date("2014-04-03T10:15:00Z"))),
    );
    expect(text).not.toContain("nog niet volledig");
    expect(text).not.toContain("het moment waarop de aanvulling binnenkomt");
    expect(text).toContain("Om uw aanvraag te kunnen beoordelen heb ik meer gegevens nodig.");
    expect(text).toContain(
      "Als moment van ontvangst van uw volledige aanvraag blijft 3 april 2014 om 12:15 gelden",
    );
    expect(text).toContain("haar plaats in de volgorde van ontvangst");
  });

  it("states the suspension of Awb 4:15: from the day after the letter until the supplement arrives, at most to the term's end", async () => {
    // 4:15 lid 1 a: "met ingang van de dag na" the request "tot de dag waarop de aanvraag is aangevuld
    // of de daarvoor gestelde termijn ongebruikt is verstreken" — not as long as the supplement is
    // outstanding: after the hersteltermijn lapsed unused the beslistermijn runs again.
    const text = await textOf(await renderSupplementRequestLetter(input("SUBMITTED", null)));
    expect(text).not.toContain("Zolang de aanvulling uitstaat");
    expect(text).toContain(
      "De beslistermijn van 13 weken staat stil vanaf de dag na de datum van deze brief tot de dag waarop ik " +
        "de aanvulling ontvang, maar niet langer dan tot en met 29 april 2014 (artikel 4:15 Awb).",
    );
    expect(SUPPLEMENT_REQUEST_TEMPLATE_VERSION).toBe("verzoek-aanvulling@5");
  });
});

describe("the signature of the supplement letters", () => {
  it("signs in mandate with the signer's sub-mandated function", async () => {
    const text = await textOf(await renderSupplementRequestLetter(input("SUBMITTED", null)));
    expect(text).toContain(
      "Met vriendelijke groet, De Minister van Sociale Zaken en Werkgelegenheid, namens deze, " +
        "het hoofd van de afdeling Subsidies, M. de Vries",
    );
  });

  it("signs the not-considered besluit in mandate too, and by name alone without a function", async () => {
    const decided = { ...input("SUBMITTED", null), decidedAt: new Date("2014-05-01T09:00:00Z") };
    expect(await textOf(await renderNotConsideredDecision(decided))).toContain(
      "De Minister van Sociale Zaken en Werkgelegenheid, namens deze, het hoofd van de afdeling Subsidies, M. de Vries",
    );
    const untitled = await textOf(
      await renderNotConsideredDecision({ ...decided, signatory: { name: "M. de Vries", title: null } }),
    );
    expect(untitled).toContain("De Minister van Sociale Zaken en Werkgelegenheid, namens deze, M. de Vries");
  });
});
