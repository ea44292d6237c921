import { createHash } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { submitPlan } from "../plan/drafts.server.ts";
import {
  ACKNOWLEDGEMENT_TEMPLATE_VERSION,
  type AcknowledgementInput,
  loadAcknowledgementInput,
  renderAcknowledgement,
} from "./acknowledgement.server.ts";
import { TEST_ADDRESSEE } from "./letter-input.test-support.ts";

const SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

function input(overrides: Partial<AcknowledgementInput> = {}): AcknowledgementInput {
  return {
    planId: "00000000-0000-4000-8000-000000000002",
    planVersionId: "00000000-0000-4000-8000-000000000003",
    reference: "SP-2014-000012",
    versionNumber: 1,
    versionSha256: SHA,
    // 22:05 UTC on 1 April 2014 is 00:05 on 2 April in Amsterdam (summer time).
    submittedAt: new Date("2014-04-01T22:05:00Z"),
    title: "Vakmanschap in de metaal <b>vet</b>",
    periodStart: "2014-01-01",
    periodEnd: "2015-12-31",
    sectors: ["Metalektro en metaalnijverheid"],
    regions: [],
    requested: [
      { year: 2014, cents: 61_728_395_00n },
      { year: 2015, cents: 1_234_567_01n },
    ],
    addressee: TEST_ADDRESSEE,
    regulation: {
      citationTitle: "Regeling cofinanciering sectorplannen",
      decisionTermWeeks: 13,
      hersteltermijnDays: 14,
    },
    ...overrides,
  };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("acknowledgement of receipt", () => {
  it("names the kenmerk, the moment of receipt in Dutch time, the version's SHA-256, the amounts and the 13 weeks", async () => {
    const bytes = await renderAcknowledgement(input());
    const text = await textOf(bytes);
    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Ontvangstbevestiging van uw aanvraag SP-2014-000012");
    expect(text).toContain("Kenmerk SP-2014-000012");
    expect(text).toContain("Op 2 april 2014 om 00:05 heb ik uw aanvraag ontvangen");
    expect(text).toContain(`SHA-256: ${SHA}`);
    expect(text).toContain("Vakmanschap in de metaal <b>vet</b>");
    expect(text).toContain("1 januari 2014 tot en met 31 december 2015");
    expect(text).toContain("€ 61.728.395,00");
    expect(text).toContain("€ 1.234.567,01");
    expect(text).toContain("€ 62.962.962,01");
    expect(text).toContain(
      "Ik beslis binnen 13 weken na ontvangst van de volledige aanvraag (artikel 4:13 Awb",
    );
    expect(text).toContain("hersteltermijn");
    // Awb 4:15 lid 1 a: the term stands still until the supplement arrives or the hersteltermijn
    // lapsed unused — not for the whole hersteltermijn when the supplement comes early.
    expect(text).not.toContain("zolang de hersteltermijn loopt");
    expect(text).toContain(
      "dan staat die termijn stil vanaf de dag na mijn verzoek tot de dag waarop ik uw aanvulling ontvang, " +
        "maar niet langer dan tot het einde van de hersteltermijn (artikel 4:15 Awb).",
    );
    expect(ACKNOWLEDGEMENT_TEMPLATE_VERSION).toBe("ontvangstbevestiging@4");
    expect(text).toContain("in de volgorde van ontvangst van de volledige");
    expect(text).toContain("Ĳsselstraat 12");
    expect(text).toMatch(/pagina 1 van \d/);
  });

  it("renders the same bytes twice, and records its template and language in the metadata", async () => {
    const a = await renderAcknowledgement(input());
    const b = await renderAcknowledgement(input());
    expect(sha(a)).toBe(sha(b));
    const other = await renderAcknowledgement(input({ versionNumber: 2 }));
    expect(sha(other)).not.toBe(sha(a));

    const pdf = await getDocumentProxy(new Uint8Array(a));
    const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(info.Subject).toBe("Ontvangstbevestiging van uw aanvraag SP-2014-000012");
    expect(String(info.Creator)).toContain(ACKNOWLEDGEMENT_TEMPLATE_VERSION);
    expect(info.Language).toBe("nl-NL");
  });

  it("names the sector of a sector plan and the arbeidsmarktregio's of a regional plan", async () => {
    const sectoral = await textOf(await renderAcknowledgement(input()));
    expect(sectoral).toContain("Sector Metalektro en metaalnijverheid");
    expect(sectoral).not.toContain("Regio’s");

    const regional = await textOf(
      await renderAcknowledgement(input({ sectors: [], regions: ["Groot Amsterdam", "Twente"] })),
    );
    expect(regional).toContain("Regio’s Groot Amsterdam, Twente");
    expect(regional).not.toContain("Sector —");
  });

  it("reads the regions of a regional plan from the submitted version, by their labels", async () => {
    const s = await createScenario();
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { regions: [{ code: "R1", label: "Groot Amsterdam" }] },
    });
    const { id, version } = await draftPlan(s, {
      change: (i) => {
        i.lead.coverage = "REGIONS";
        i.lead.sectorCodes = [];
        i.lead.regionCodes = ["R1"];
      },
    });
    await submitPlan(s.applicantA, id, version);
    const v = await prisma.planVersion.findFirstOrThrow({ where: { planId: id } });
    const loaded = await loadAcknowledgementInput(prisma, v.id);
    expect(loaded).toMatchObject({ sectors: [], regions: ["Groot Amsterdam"] });
    expect(await textOf(await renderAcknowledgement(loaded))).toContain("Regio’s Groot Amsterdam");
  });
});
