import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { buildCaseFile, caseFileFor } from "../documents/case-file.server.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";

/**
 * The case file's "Verslagen": every report handed in, as the applicant's figures stand in the
 * database, and the handler's reading of an interim report. Rows are written directly (the use
 * cases are tested in interim/ and settlement/), at fixed moments, so the file's text is known.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
// ignoreBOM: keep the byte-order mark in the text, so that the test sees it is there.
const text = (b: Uint8Array | undefined) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(b ?? new Uint8Array());
const nameOf = async (userId: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } })).name;

async function zipOf(planId: string) {
  const file = await buildCaseFile(planId);
  return { file, zip: unzipSync(file?.bytes ?? new Uint8Array()) };
}

describe("the case file's reports", () => {
  it("holds each submitted report with its figures and the handler's reading; drafts stay out; same bytes twice", async () => {
    const { planId } = await grantedScenarioPlan(s);
    const measures = await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } });
    expect(measures.length).toBeGreaterThanOrEqual(2);
    const [first, second] = measures as [(typeof measures)[number], (typeof measures)[number]];

    // Interim report after month 12: submitted on time, read by the handler with a note.
    await prisma.interimReport.create({
      data: {
        planId,
        afterMonths: 12,
        dueOn: new Date("2027-02-25"),
        participantsReached: 75,
        summary: '=HYPERLINK("https://evil") de scholing liep volgens plan',
        submittedAt: new Date("2027-02-20T13:05:00Z"),
        submittedById: s.applicantA.userId,
        reviewedAt: new Date("2027-03-02T09:30:00Z"),
        reviewedById: s.handler.userId,
        reviewNote: "Gelezen; de jongeren lopen achter.",
        version: 4,
        costs: {
          create: [
            { measureId: first.id, year: 2026, actualCents: 1234567n, participants: 50 },
            { measureId: second.id, year: 2026, actualCents: 100000001n, participants: 25 },
          ],
        },
      },
    });
    // Interim report after month 24: a draft, with figures typed but never handed in.
    await prisma.interimReport.create({
      data: {
        planId,
        afterMonths: 24,
        dueOn: new Date("2028-02-24"),
        summary: "Nog een concept",
        draftData: { results: { summary: "Nog een concept" } },
        version: 2,
        costs: { create: [{ measureId: first.id, year: 2027, actualCents: 99n, participants: 1 }] },
      },
    });
    // The realisation report, first as a draft.
    const realisation = await prisma.realisationReport.create({
      data: {
        planId,
        dueOn: new Date("2028-03-31"),
        summary: "Concept van het realisatieverslag",
        draftData: { results: { summary: "Concept" } },
      },
    });

    const draftsOnly = await zipOf(planId);
    expect(Object.keys(draftsOnly.zip).filter((n) => n.startsWith("verslagen/"))).toEqual([
      "verslagen/tussentijds-verslag-na-12-maanden.csv",
    ]);
    expect(text(draftsOnly.zip["inhoud.txt"])).not.toContain("Realisatieverslag");

    // Handed in late: the day after its last day, in the evening, Dutch time.
    await prisma.realisationReport.update({
      where: { id: realisation.id },
      data: {
        summary: "Alle maatregelen zijn uitgevoerd.",
        participantsReached: 180,
        submittedAt: new Date("2028-04-01T18:00:00Z"),
        submittedById: s.applicantA.userId,
        costs: {
          create: [
            { measureId: first.id, year: 2026, actualCents: 30_000_000n, participants: 120 },
            { measureId: first.id, year: 2027, actualCents: 25_000_050n, participants: 0 },
            { measureId: second.id, year: 2026, actualCents: 5_000_000n, participants: 60 },
            { measureId: second.id, year: 2027, actualCents: 0n, participants: 0 },
          ],
        },
      },
    });

    const { file, zip } = await zipOf(planId);
    expect(
      Object.keys(zip)
        .filter((n) => n.startsWith("verslagen/"))
        .sort(),
    ).toEqual(["verslagen/realisatieverslag.csv", "verslagen/tussentijds-verslag-na-12-maanden.csv"]);
    const applicant = await nameOf(s.applicantA.userId);
    const handler = await nameOf(s.handler.userId);

    const interim = text(zip["verslagen/tussentijds-verslag-na-12-maanden.csv"]);
    expect(interim.startsWith("\uFEFF")).toBe(true);
    const interimLines = interim.slice(1).split("\r\n");
    for (const line of [
      '"verslag";"Tussentijds voortgangsverslag na de 12e maand (art. 5.4)"',
      '"ingediend (UTC)";"2027-02-20T13:05:00.000Z"',
      '"ingediend (Nederlandse tijd)";"20 februari 2027 om 14:05"',
      `"ingediend door";"${applicant}"`,
      '"uiterste datum";"25 februari 2027"',
      '"te laat ingediend";"nee"',
      '"deelnemers bereikt (totaal)";75',
      // The applicant's text cannot run as a formula in a spreadsheet.
      '"samenvatting";"\'=HYPERLINK(""https://evil"") de scholing liep volgens plan"',
      '"gelezen door de behandelaar (Nederlandse tijd)";"2 maart 2027 om 10:30"',
      `"gelezen door";"${handler}"`,
      '"opmerking bij het lezen";"Gelezen; de jongeren lopen achter."',
      `"${first.title}";50`,
      `"${second.title}";25`,
      '"totaal";75',
      `"${first.title}";2026;12345,67`,
      `"${second.title}";2026;1000000,01`,
      '"totaal";"alle jaren";1012345,68',
    ]) {
      expect(interimLines).toContain(line);
    }
    // The draft's figures are nowhere.
    expect(interim).not.toContain("Nog een concept");

    const report = text(zip["verslagen/realisatieverslag.csv"]).slice(1).split("\r\n");
    for (const line of [
      '"verslag";"Realisatieverslag (art. 5.5)"',
      '"ingediend (Nederlandse tijd)";"1 april 2028 om 20:00"',
      '"uiterste datum";"31 maart 2028"',
      '"te laat ingediend";"ja"',
      '"deelnemers bereikt (totaal)";180',
      '"samenvatting";"Alle maatregelen zijn uitgevoerd."',
      // Participants per measure, summed over its rows.
      `"${first.title}";120`,
      `"${second.title}";60`,
      `"${first.title}";2027;250000,50`,
      `"${second.title}";2027;0,00`,
      `"${first.title}";"alle jaren";550000,50`,
      `"${second.title}";"alle jaren";50000,00`,
      '"totaal";"alle jaren";600000,50',
    ]) {
      expect(report).toContain(line);
    }
    // A realisation report is not read like an interim report.
    expect(report.join("\n")).not.toContain("gelezen");

    const manifest = text(zip["inhoud.txt"]);
    expect(manifest).toContain("Verslagen: verslagen/realisatieverslag.csv");
    expect(manifest).toContain("Realisatieverslag, ingediend 1 april 2028 om 20:00 (te laat)");
    expect(manifest).toContain(
      "Tussentijds voortgangsverslag na de 12e maand, ingediend 20 februari 2027 om 14:05, gelezen 2 maart 2027 om 10:30",
    );
    const entry = file?.entries.find((e) => e.path === "verslagen/realisatieverslag.csv");
    expect(entry?.sha256).toBe(sha(zip["verslagen/realisatieverslag.csv"] ?? new Uint8Array()));
    expect(manifest).toContain(`${entry?.sha256}  verslagen/realisatieverslag.csv`);

    // Built again: the same bytes. Finance's copy holds the reports too (they are no internal notes).
    const again = await buildCaseFile(planId);
    expect(sha(again?.bytes ?? new Uint8Array())).toBe(sha(file?.bytes ?? new Uint8Array()));
    const finance = await s.newUser("FINANCE");
    const financeZip = unzipSync((await caseFileFor(finance, planId))?.bytes ?? new Uint8Array());
    expect(Object.keys(financeZip)).toContain("verslagen/realisatieverslag.csv");
  });

  it("says an interim report was not read yet, and a plan without reports gets no file", async () => {
    const { planId } = await grantedScenarioPlan(s);
    const { zip: before } = await zipOf(planId);
    expect(Object.keys(before).filter((n) => n.startsWith("verslagen/"))).toEqual([]);
    expect(text(before["inhoud.txt"])).not.toContain("Verslagen:");

    await prisma.interimReport.create({
      data: {
        planId,
        afterMonths: 12,
        dueOn: new Date("2027-02-25"),
        participantsReached: 10,
        summary: "Op schema.",
        submittedAt: new Date("2027-02-26T10:00:00Z"),
        submittedById: s.applicantA.userId,
      },
    });
    const { zip } = await zipOf(planId);
    const lines = text(zip["verslagen/tussentijds-verslag-na-12-maanden.csv"]).slice(1).split("\r\n");
    expect(lines).toContain('"te laat ingediend";"ja"');
    expect(lines).toContain('"gelezen door de behandelaar";"nog niet"');
    expect(text(zip["inhoud.txt"])).toContain(
      "Tussentijds voortgangsverslag na de 12e maand, ingediend 26 februari 2027 om 11:00 (te laat), nog niet gelezen",
    );
  });
});
