import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { extractText, getDocumentProxy } from "unpdf";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { addNote } from "../casefile/notes.server.ts";
import { setClock } from "../clock.ts";
import { csvCell } from "../csv-cell.ts";
import { getPlanView } from "../plan/plans.server.ts";
import { buildCaseFile, caseFileFor } from "./case-file.server.ts";
import { planVersionPdfFor, renderPlanVersionPdf } from "./plan-version-pdf.server.ts";
import { produceAcknowledgement, produceDecisionLetter } from "./produce.server.ts";
import { parseSnapshot } from "./snapshot.ts";
import { readDocument } from "./store.server.ts";
import { grantedScenarioPlan, submittedScenarioPlan } from "./test-fixtures.server.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function textOf(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  return (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, " ");
}

describe("versions as PDF", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });

  it("serves a submitted version to its organisation and to staff, the same bytes each time; not to another organisation", async () => {
    const { planVersionId } = await submittedScenarioPlan(s);
    const own = await planVersionPdfFor(s.applicantA, planVersionId);
    expect(own).not.toBeNull();
    const text = await textOf(own?.bytes ?? new Uint8Array());
    const version = await prisma.planVersion.findUniqueOrThrow({ where: { id: planVersionId } });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: version.planId } });
    expect(text).toContain(`Sectorplan ${plan.reference}, ingediende versie 1`);
    expect(text).toContain(version.sha256);
    expect(text).toContain("Scholing van vakkrachten");
    // User text drawn as text, never interpreted.
    expect(text).toContain("<script>alert('x')</script>");
    expect(text).toContain("€ 300.000,00");
    expect(own?.filename).toBe(`sectorplan-${plan.reference}-versie-1.pdf`);
    // Every step of the wizard, from the snapshot.
    const attachment = await prisma.planAttachment.findFirstOrThrow({ where: { planId: plan.id } });
    for (const expected of [
      "Hoofdaanvrager",
      "Stichting Opleidingsfonds Metaal",
      // The applying organisation's: submission holds step 1 to it.
      s.orgA.kvkNumber,
      "NL91ABNA0417164300",
      "garantie van het samenwerkingsverband: € 600.000,00",
      "Werkgeversorganisatie: Koninklijke Metaalunie",
      "Werknemersorganisatie: FNV Metaal",
      "Analyse en aanpak",
      "Doelgroepen Jongeren",
      "Jongeren in de bbl, zij-instromers en oudere vakkrachten.",
      "kosten per deelnemer: € 2.900,00",
      "Uitvoerende partij: Opleidingsfonds Metaal",
      "Voorwaarden: Alleen werknemers in dienst van een bedrijf in de sector.",
      "Financieringsplan per jaar",
      "Eigen bijdrage",
      "€ 700.000,00 € 300.000,00 € 400.000,00 € 0,00",
      "Totaal € 1.400.000,00 € 600.000,00 € 800.000,00 € 0,00",
      "geen andere subsidie (zoals ESF) aangevraagd — ja",
      `Ondertekende samenwerkingsovereenkomst: ${attachment.filename}`,
      `SHA-256: ${attachment.sha256}`,
      "Het formulier is naar waarheid ingevuld: ja.",
      "staatssteun zijn gelezen en nageleefd: ja.",
    ]) {
      expect(text).toContain(expected);
    }

    const staff = await planVersionPdfFor(s.handler, planVersionId);
    expect(staff?.sha256).toBe(own?.sha256);
    expect(sha(staff?.bytes ?? new Uint8Array())).toBe(own?.sha256);

    expect(await planVersionPdfFor(s.applicantB, planVersionId)).toBeNull();
    expect(await planVersionPdfFor(s.applicantA, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("versions frozen before the wizard", () => {
  it("still render, with the request per year in place of the financing plan", async () => {
    const snapshot = parseSnapshot({
      reference: "SP-2014-000001",
      title: "Sectorplan uit de tijd van één formulier",
      summary: "",
      sectorCodes: ["3"],
      periodStart: "2014-01-01",
      periodEnd: "2015-12-31",
      advancesRequested: true,
      measures: [{ theme: "scholing", title: "Leerwerkplekken", participants: 120, costs: [] }],
      requested: [
        { year: 2014, cents: "20000000" },
        { year: 2015, cents: "10000000" },
      ],
    });
    const bytes = await renderPlanVersionPdf({
      reference: "SP-2014-000001",
      versionNumber: 1,
      versionSha256: "a".repeat(64),
      submittedAt: new Date("2014-04-02T10:00:00Z"),
      submittedBy: "J. de Vries",
      organisation: "Stichting OOM",
      regulation: "Regeling cofinanciering sectorplannen",
      snapshot,
      sectorLabels: ["Metalektro en metaalnijverheid"],
      regionLabels: [],
      themeLabels: { scholing: "Scholing" },
    });
    const text = await textOf(bytes);
    expect(text).toContain("Sectorplan uit de tijd van één formulier");
    expect(text).toContain("Gevraagde subsidie per jaar");
    expect(text).toContain("Totaal € 300.000,00");
    expect(text).toContain("Thema: Scholing; deelnemers: 120");
    for (const absent of [
      "Financieringsplan",
      "Samenwerkingsverband",
      "Analyse en aanpak",
      "Bijlagen",
      "Verklaringen",
    ]) {
      expect(text).not.toContain(absent);
    }
  });
});

describe("the case file (dossier)", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  it("zips every version, every letter with a matching SHA-256, the event log and a manifest; staff only", async () => {
    const { planId, planVersionId, decisionId } = await grantedScenarioPlan(s);
    const ack = await produceAcknowledgement(planVersionId);
    const letter = await produceDecisionLetter(decisionId);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });

    const file = await caseFileFor(s.handler, planId);
    expect(file?.filename).toBe(`dossier-${plan.reference}.zip`);
    const zip = unzipSync(file?.bytes ?? new Uint8Array());
    const names = Object.keys(zip).sort();
    expect(names).toEqual(
      [
        `brieven/01-${ack.filename}`,
        `brieven/02-${letter.filename}`,
        "inhoud.txt",
        `versies/sectorplan-${plan.reference}-versie-1.pdf`,
        "verloop.csv",
      ].sort(),
    );
    expect(sha(zip[`brieven/01-${ack.filename}`] ?? new Uint8Array())).toBe(ack.sha256);
    expect(sha(zip[`brieven/02-${letter.filename}`] ?? new Uint8Array())).toBe(letter.sha256);
    expect(sha(zip[`brieven/02-${letter.filename}`] ?? new Uint8Array())).toBe(
      sha((await readDocument(letter.id)).bytes),
    );

    const manifest = new TextDecoder().decode(zip["inhoud.txt"]);
    expect(manifest).toContain(`${ack.sha256}  brieven/01-${ack.filename}`);
    expect(manifest).toContain(`${letter.sha256}  brieven/02-${letter.filename}`);
    const csv = new TextDecoder().decode(zip["verloop.csv"]);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(1 + 5); // header + create, submit, complete, advise, grant
    // Who did it, in the portal's words: "Aanvrager", "Behandelaar", not the database's role codes.
    expect(csv).toContain('"Aanvraag ingediend";"Concept";"Ingediend"');
    expect(csv).toContain(';"Aanvrager";');
    expect(csv).toContain(';"Beslisser";');
    expect(csv).not.toMatch(/;"(APPLICANT|CASE_HANDLER|ADVISER|DECISION_MAKER)";/);

    // Stable: built again, the same bytes.
    const again = await buildCaseFile(planId);
    expect(sha(again?.bytes ?? new Uint8Array())).toBe(sha(file?.bytes ?? new Uint8Array()));

    expect(await caseFileFor(s.applicantA, planId)).toBeNull();
    expect(await caseFileFor(s.applicantB, planId)).toBeNull();
  });

  it("leaves the reviewers' notes and messages out of finance's copy", async () => {
    const { planId } = await submittedScenarioPlan(s);
    await addNote(s.handler, planId, "Intern: bel de penningmeester.");
    const names = async (actor: Actor) =>
      Object.keys(unzipSync((await caseFileFor(actor, planId))?.bytes ?? new Uint8Array()));
    expect(await names(s.handler)).toContain("notities.csv");
    const finance = await s.newUser("FINANCE");
    const financeNames = await names(finance);
    expect(financeNames).toContain("verloop.csv");
    expect(financeNames).not.toContain("notities.csv");
    expect(financeNames).not.toContain("berichten.csv");
  });

  it("does not exist for a draft", async () => {
    const draft = await prisma.plan.findFirst({ where: { status: "DRAFT" }, select: { id: true } });
    if (draft) expect(await caseFileFor(s.handler, draft.id)).toBeNull();
    const { planId } = await submittedScenarioPlan(s);
    expect(await caseFileFor(s.handler, planId)).not.toBeNull();
  });

  it("defuses spreadsheet formulas in the event log", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("gewoon")).toBe('"gewoon"');
  });
});

describe("the plan view's records", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  it("shows the versions, the bekendmaking and the last day to object once the letter is out", async () => {
    const { planId, decisionId } = await grantedScenarioPlan(s);
    const before = await getPlanView(s.applicantA, planId);
    expect(before.versions).toHaveLength(1);
    expect(before.versions[0]?.href).toMatch(/^\/documenten\/versies\//);
    expect(before.announcement).toBeNull();
    expect(before.caseFileHref).toBeNull();

    // Bekendmaking Tuesday 5 March 2030 → six weeks from the day after: Tuesday 16 April 2030.
    setClock(new Date("2030-03-05T09:00:00Z"));
    await produceDecisionLetter(decisionId);
    const after = await getPlanView(s.applicantA, planId);
    expect(after.announcement?.announcedOn).toBe("2030-03-05");
    expect(after.announcement?.objectionEnd).toBe("2030-04-16");
    expect(after.documents.find((d) => d.kind === "GRANT_DECISION")?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const staff = await getPlanView(s.handler, planId);
    expect(staff.caseFileHref).toBe(`/behandeling/plannen/${planId}/dossier`);
  });
});
