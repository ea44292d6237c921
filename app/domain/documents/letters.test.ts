import { createHash } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { advanceSchedule } from "./advances.ts";
import { renderDecisionLetter } from "./decision-letter.server.ts";
import { euro, percent } from "./format.ts";
import { grantInput } from "./letter-input.test-support.ts";
import { tierText } from "./settlement-letter.server.ts";

async function textOf(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  // pdf.js puts separate draw calls on separate lines; compare on single spaces.
  return { text: text.replace(/\s+/g, " "), pages: totalPages };
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("decision letters", () => {
  it("a grant letter names the kenmerk, the amounts in nl-NL, the rate and the objection clause", async () => {
    const started = performance.now();
    const bytes = await renderDecisionLetter(grantInput());
    const ms = performance.now() - started;
    console.info(`grant letter: ${bytes.byteLength} bytes, rendered in ${ms.toFixed(0)} ms`);
    const { text } = await textOf(bytes);

    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Kenmerk SP-2014-000012");
    expect(text).toContain("12 mei 2014");
    expect(text).toContain("Beschikking op uw aanvraag SP-2014-000012");
    expect(text).toContain("Ik verleen u een subsidie van ten hoogste € 62.962.962,01");
    expect(text).toContain("€ 61.728.395,00");
    expect(text).toContain("€ 1.234.567,01");
    expect(text).toContain("cofinancieringspercentage 50%");
    expect(text).toContain("4:29 tot en met 4:31");
    expect(text).toContain("als belanghebbende bezwaar maken");
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    expect(text).toContain("Postbus 90801, 2509 LV Den Haag");
    // Signed in mandate: the minister, "namens deze", the mandated function, then the name.
    expect(text).toContain(
      "Met vriendelijke groet, De Minister van Sociale Zaken en Werkgelegenheid, namens deze, " +
        "de directeur Agentschap SZW, J. de Vries",
    );
    expect(text).toContain("Opleidingscoöperatie Metaal U.A.");
    expect(text).toContain("Ĳsselstraat 12");
    expect(text).toContain("’s-Gravenhage");
    // 10% of the grant on the decision, rounded down to the cent.
    expect(text).toContain("€ 6.296.296,20");
    expect(text).toContain("pagina 1 van");
    expect(bytes.byteLength).toBeLessThan(60_000);
  });

  it("a refusal letter has the motivation and no grant table or advances", async () => {
    const bytes = await renderDecisionLetter(
      grantInput({
        kind: "REJECTION_DECISION",
        reason: "Subsidieplafond bereikt: het plafond van het tijdvak is uitgeput.",
        years: [{ year: 2014, requestedCents: 30_000_000n, grantedCents: 0n, eligibleCents: 0n }],
      }),
    );
    const { text } = await textOf(bytes);
    expect(text).toContain(
      "Ik wijs uw aanvraag om subsidie voor het sectorplan “Vakmanschap in de metaal” af",
    );
    expect(text).toContain("U vroeg in totaal € 300.000,00");
    expect(text).toContain("Subsidieplafond bereikt");
    expect(text).toContain("4:25, tweede lid");
    expect(text).toContain("binnen zes weken");
    expect(text).not.toContain("Voorschotten");
    expect(text).not.toContain("Subsidiebedrag per jaar");
  });

  it("names as 'uiterlijk' the days the portal holds to: on their calendar day, as the guard and reminders", async () => {
    // Thursday 5 March 2026 + six months is Saturday 5 September; the period ends on Saturday
    // 5 June 2027, + 13 weeks Saturday 4 September 2027. Terms of more than three months or twelve
    // weeks, so the Atw does not move them past the weekend (art. 4 sub a).
    const base = grantInput();
    const bytes = await renderDecisionLetter(
      grantInput({
        decidedAt: new Date("2026-03-05T10:00:00Z"),
        plan: { ...base.plan, periodStart: "2026-06-01", periodEnd: "2027-06-05" },
      }),
    );
    const { text } = await textOf(bytes);
    expect(text).toContain("(uiterlijk 5 september 2026) en meldt de start");
    expect(text).toContain("(uiterlijk 4 september 2027).");
    // Month 12 ends on 31 May 2027; the interim report is due 8 weeks later (art. 5.4).
    expect(text).toContain("U brengt uiterlijk 26 juli 2027 tussentijds verslag uit over de voortgang");
    expect(text).not.toContain("7 september 2026");
    expect(text).not.toContain("6 september 2027");
  });

  it("never names an interim-report day already past: a grant decided after month 12 gives 8 weeks from itself", async () => {
    // 1 January 2014 – 31 December 2015, decided on Sunday 15 March 2015 (a plan that waited for
    // budget): art. 5.4's day, 25 February 2015, lies before the letter. 8 weeks from the letter end
    // on Sunday 10 May: Monday 11 May (Atw), the day the portal's schedule holds (interimReportsDue).
    const base = grantInput();
    const { text } = await textOf(
      await renderDecisionLetter(
        grantInput({ decidedAt: new Date("2015-03-15T10:00:00Z"), plan: { ...base.plan } }),
      ),
    );
    expect(text).toContain("U brengt uiterlijk 11 mei 2015 tussentijds verslag uit over de voortgang");
    expect(text).not.toContain("25 februari 2015");
    // Decided in time, the letter keeps art. 5.4's day.
    expect((await textOf(await renderDecisionLetter(base))).text).toContain(
      "U brengt uiterlijk 25 februari 2015 tussentijds verslag uit over de voortgang",
    );
  });

  it("states per year the subsidiabele kosten the vaststelling (60%) and the melding onderbesteding (75%) measure against", async () => {
    for (const kind of ["GRANT_DECISION", "PARTIAL_GRANT_DECISION"] as const) {
      const { text: paged } = await textOf(await renderDecisionLetter(grantInput({ kind })));
      // The paragraph may run onto the next page: read past the page's footer.
      const text = paged.replace(/Kenmerk SP-2014-000012 pagina \d+ van \d+ /g, "");
      const table = text.slice(text.indexOf("Subsidiebedrag per jaar"), text.indexOf("Verplichtingen"));
      expect(table).toContain("Jaar Aangevraagd Verleend Subsidiabele kosten");
      expect(table).toContain("2014 € 61.728.395,00 € 61.728.395,00 € 123.456.790,00");
      expect(table).toContain("2015 € 1.234.567,01 € 1.234.567,01 € 2.469.134,02");
      expect(table).toContain("Totaal € 62.962.962,01 € 62.962.962,01 € 125.925.924,02");
      expect(table).toContain(
        "De subsidiabele kosten per jaar zijn de kosten die deze beschikking subsidieert. Daartegen meet ik bij " +
          "de vaststelling wat u hebt gerealiseerd: is dat minder dan 60%, dan stel ik de subsidie op nihil of " +
          "naar evenredigheid lager vast (artikel 5.1, derde en vierde lid, van de regeling). Ook de melding van " +
          "onderbesteding (artikel 5.3 van de regeling) meet tegen deze kosten: 75% of minder in een half jaar.",
      );
    }
    // The threshold is the grant's (its terms), not a constant of the letter.
    const { text } = await textOf(
      await renderDecisionLetter(
        grantInput({ regulation: { ...grantInput().regulation, settlementThresholdBp: 5500 } }),
      ),
    );
    expect(text).toContain("is dat minder dan 55%, dan stel ik");
  });

  it("words the rate as ever for a plan without a category, and names a category's rate, basis and measures", async () => {
    const base = grantInput();
    const { text: plain } = await textOf(await renderDecisionLetter(base));
    expect(plain).toContain(
      "De subsidie bedraagt 50% van de subsidiabele kosten (cofinancieringspercentage 50%), tot ten hoogste het " +
        "verleende bedrag (artikel 4:31 Awb). Een opslag voor overheadkosten bereken ik bij de vaststelling. Na " +
        "afloop stel ik de subsidie definitief vast op grond van de werkelijk gemaakte kosten.",
    );
    const { text: paged } = await textOf(
      await renderDecisionLetter(
        grantInput({
          plan: {
            ...base.plan,
            activities: [
              ...base.plan.activities,
              { title: "Instroom 55-plussers", theme: "Jongeren", participants: 40 },
              { title: "Werk na de WW", theme: "Van werk naar werk", participants: 30 },
            ],
          },
          rateCategories: [
            {
              label: "Indienstneming van kwetsbare werknemers (staatssteun)",
              rateBp: 10_000,
              legalBasis: "artikelen 4.4 en 5.1, tweede lid",
              measures: ["Instroom 55-plussers", "Werk na de WW"],
            },
          ],
        }),
      ),
    );
    // The paragraph may run onto the next page: read past the page's footer.
    const text = paged.replace(/Kenmerk SP-2014-000012 pagina \d+ van \d+ /g, "");
    expect(text).toContain(
      "De subsidie bedraagt 100% van de subsidiabele kosten van de maatregelen “Instroom 55-plussers” en “Werk na " +
        "de WW” (categorie ‘Indienstneming van kwetsbare werknemers (staatssteun)’, artikelen 4.4 en 5.1, tweede " +
        "lid, van de regeling) en 50% van de subsidiabele kosten van de overige maatregelen (cofinancieringspercentage " +
        "50%), per jaar naar beneden afgerond op hele centen, tot ten hoogste het verleende bedrag (artikel 4:31 " +
        "Awb). Een opslag voor overheadkosten bereken ik bij de vaststelling; die subsidieer ik tegen 50%.",
    );
  });

  it("says the application was made on the day it was submitted; a later complete day is a clause of its own", async () => {
    const base = grantInput();
    const supplemented = grantInput({
      plan: { ...base.plan, submittedOn: "2014-04-02", completeOn: "2014-04-11" },
    });
    const { text } = await textOf(await renderDecisionLetter(supplemented));
    expect(text).toContain(
      "Op 2 april 2014 heeft u namens uw samenwerkingsverband subsidie aangevraagd op grond van de Regeling " +
        "cofinanciering sectorplannen voor het sectorplan “Vakmanschap in de metaal”; uw aanvraag was volledig op " +
        "11 april 2014, met de aanvulling die ik toen ontving. U vroeg in totaal",
    );
    expect(text).not.toContain("Op 11 april 2014 heeft u");

    // Complete on the day it was made: one date, no clause.
    const { text: once } = await textOf(await renderDecisionLetter(base));
    expect(once).toContain("Op 2 april 2014 heeft u namens uw samenwerkingsverband subsidie aangevraagd");
    expect(once).not.toContain("volledig op");
  });

  it("with a first advance of 0%, announces none at the decision and lists only the instalments that are paid", async () => {
    const base = grantInput();
    const { text } = await textOf(
      await renderDecisionLetter(grantInput({ regulation: { ...base.regulation, advanceInitialBp: 0 } })),
    );
    const section = text.slice(text.indexOf("Voorschotten"), text.indexOf("Motivering"));
    expect(section).toContain(
      "Bij deze beschikking ontvangt u nog geen voorschot. U ontvangt vanaf 1 juli 2014 elke zes maanden een " +
        "voorschot, tot in totaal 80% van het verleende bedrag.",
    );
    expect(section).not.toContain("U ontvangt 0%");
    expect(section).not.toContain("€ 0,00");
    expect(section).not.toContain("12 mei 2014");
    // 80% of € 62.962.962,01 in three instalments from July 2014; the last takes the remainder.
    const rows = [...section.matchAll(/(\d{1,2} \w+ \d{4}) (€ [\d.,]+) (€ [\d.,]+)/g)].map((m) => m[1]);
    expect(rows).toEqual(["1 juli 2014", "1 januari 2015", "1 juli 2015"]);
    expect(section).toContain("€ 50.370.369,60");
  });

  it("announces the advances as the schedule holds them when there is no later one, or none at all", async () => {
    const base = grantInput();
    const { text: once } = await textOf(
      await renderDecisionLetter(
        grantInput({ regulation: { ...base.regulation, advanceInitialBp: 8000, advanceMaxBp: 8000 } }),
      ),
    );
    expect(once).toContain("U ontvangt 80% van het verleende bedrag als voorschot na deze beschikking.");
    expect(once).not.toContain("elke zes maanden");

    const { text: none } = await textOf(
      await renderDecisionLetter(
        grantInput({ regulation: { ...base.regulation, advanceInitialBp: 0, advanceMaxBp: 0 } }),
      ),
    );
    const section = none.slice(none.indexOf("Voorschotten"), none.indexOf("Motivering"));
    expect(section).toContain(
      "De regeling kent geen voorschotten. U ontvangt de subsidie na de vaststelling.",
    );
    expect(section).not.toContain("Totaal betaald");
  });

  it("states the controleverklaring of art. 5.4 lid 4 only when the grant requires it, in full and in part", async () => {
    const without = await renderDecisionLetter(grantInput());
    // Not required: the very bytes of a letter made before the obligation existed.
    expect(sha(await renderDecisionLetter(grantInput({ interimAuditRequired: false })))).toBe(sha(without));
    expect((await textOf(without)).text).not.toContain("controleverklaring");
    const obligation =
      "Bij het tussentijds voortgangsverslag voegt u een controleverklaring van een accountant als bedoeld in " +
      "artikel 393, eerste lid, van Boek 2 van het Burgerlijk Wetboek, volgens het model dat de minister " +
      "voorschrijft (artikel 5.4, vierde lid, van de regeling).";
    for (const kind of ["GRANT_DECISION", "PARTIAL_GRANT_DECISION"] as const) {
      const bytes = await renderDecisionLetter(grantInput({ kind, interimAuditRequired: true }));
      const { text } = await textOf(bytes);
      const duties = text.slice(text.indexOf("Verplichtingen"), text.indexOf("Voorschotten"));
      expect(duties).toContain(obligation);
      expect(duties).toContain("zonder controleverklaring kunt u het verslag niet indienen");
      expect(duties).toContain("De kosten van de controleverklaring zijn overheadkosten");
      expect(bytes.byteLength).toBeLessThan(60_000);
    }
  });

  it("renders the same input to the same bytes", async () => {
    const a = await renderDecisionLetter(grantInput());
    const b = await renderDecisionLetter(grantInput());
    expect(sha(a)).toBe(sha(b));
    const other = await renderDecisionLetter(grantInput({ decidedAt: new Date("2014-05-13T09:00:00Z") }));
    expect(sha(other)).not.toBe(sha(a));
  });

  it("flows a long motivation onto further pages, each numbered", async () => {
    const paragraph =
      "De aanvraag is getoetst aan de criteria van de regeling. Het plan beschrijft de knelpunten op de arbeidsmarkt " +
      "en de maatregelen sluiten daarop aan; de kosten zijn onderbouwd en redelijk. ";
    const reason = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${paragraph.repeat(2)}`).join("\n\n");
    const bytes = await renderDecisionLetter(grantInput({ reason }));
    const { text, pages } = await textOf(bytes);
    expect(pages).toBeGreaterThanOrEqual(3);
    const perPage = (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false }))
      .text;
    perPage.forEach((pageText, i) => {
      expect(pageText).toContain(`pagina ${i + 1} van ${pages}`);
      expect(pageText).toContain("Kenmerk SP-2014-000012");
    });
    expect(text).toContain("40. De aanvraag is getoetst");
  });

  it("keeps every line within the page's margins, the letterhead too, whatever the data's length", async () => {
    const base = grantInput();
    const long = "Samenwerkingsovereenkomstonderhandelingsresultaat ".repeat(3);
    const bytes = await renderDecisionLetter(
      grantInput({
        kind: "PARTIAL_GRANT_DECISION",
        reason: `${"De kosten zijn deels onderbouwd. ".repeat(30)}${long}`,
        regulation: {
          ...base.regulation,
          citationTitle:
            "Tijdelijke regeling cofinanciering sectorplannen ter bevordering van duurzame inzetbaarheid en van werk naar werk in de sectoren techniek, zorg en onderwijs",
        },
        plan: {
          ...base.plan,
          title: `Een zeer lange titel ${long}`,
          activities: base.plan.activities.map((a) => ({ ...a, title: `${a.title} ${long}` })),
        },
      }),
    );
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const outside: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const [, , pageWidth] = page.view as [number, number, number, number];
      for (const item of (await page.getTextContent()).items) {
        if (!("str" in item) || !item.str.trim()) continue;
        const x = item.transform[4] as number;
        // 70 pt left and 60 pt right, as LetterLayout's margins.
        if (x < 69.5 || x + item.width > pageWidth - 59.5) outside.push(`p${n} ${item.str}`);
      }
    }
    expect(outside).toEqual([]);
    const { text } = await textOf(bytes);
    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Tijdelijke regeling cofinanciering sectorplannen ter bevordering");
  });

  it("keeps the greeting and the signatory's name on one page, wherever the page breaks", async () => {
    // Motivations of 1 to 45 lines move the closing down a line at a time across the page break.
    const line = "De kosten zijn onderbouwd en redelijk en de maatregelen sluiten aan op de analyse.";
    let movedToNextPage = 0;
    for (let n = 1; n <= 45; n++) {
      const bytes = await renderDecisionLetter(grantInput({ reason: Array(n).fill(line).join("\n") }));
      const { text: pages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
        mergePages: false,
      });
      const flat = pages.map((p) => p.replace(/\s+/g, " "));
      const greeting = flat.findIndex((p) => p.includes("Met vriendelijke groet,"));
      const name = flat.findIndex((p) =>
        p.includes(
          "De Minister van Sociale Zaken en Werkgelegenheid, namens deze, de directeur Agentschap SZW, J. de Vries",
        ),
      );
      expect(greeting, `${n} lines`).toBeGreaterThanOrEqual(0);
      expect(name, `${n} lines`).toBe(greeting);
      // The closing went over to a page of its own, after the objection clause ended a page.
      if (greeting > 0 && flat[greeting - 1]?.includes("onderteken het (artikel 6:5 Awb)")) movedToNextPage++;
    }
    expect(movedToNextPage).toBeGreaterThan(0);
  });

  it("names the signer without a function when none is recorded, and invents none", async () => {
    const { text } = await textOf(
      await renderDecisionLetter(grantInput({ signatory: { name: "J. de Vries", title: null } })),
    );
    expect(text).toContain(
      "Met vriendelijke groet, De Minister van Sociale Zaken en Werkgelegenheid, namens deze, J. de Vries",
    );
    expect(text).not.toContain("directeur");
  });

  it("writes a sub-mandated function as given, with one comma after it", async () => {
    const { text } = await textOf(
      await renderDecisionLetter(
        grantInput({ signatory: { name: "A. Jansen", title: "het hoofd van de afdeling Subsidies, " } }),
      ),
    );
    expect(text).toContain(
      "De Minister van Sociale Zaken en Werkgelegenheid, namens deze, het hoofd van de afdeling Subsidies, A. Jansen",
    );
  });

  it("without a signer, says only on whose behalf the letter goes", async () => {
    const { text } = await textOf(await renderDecisionLetter(grantInput({ signatory: null })));
    expect(text).toContain(
      "Met vriendelijke groet, namens de Minister van Sociale Zaken en Werkgelegenheid,",
    );
    expect(text).not.toContain("namens deze");
  });

  it("draws user text as plain text", async () => {
    const reason = "Zie <b>bijlage</b> & %PDF-1.7 (haakjes) \\ backslash \u0007bel\ttab";
    const { text } = await textOf(await renderDecisionLetter(grantInput({ reason })));
    expect(text).toContain("Zie <b>bijlage</b> & %PDF-1.7 (haakjes) \\ backslash bel tab");
  });
});

describe("the settlement letter's overhead tiers", () => {
  it("reads as the regulation words them: over the first million, over the part between, over the part above", () => {
    expect(
      tierText([
        { uptoCents: 100_000_000n, rateBp: 1500 },
        { uptoCents: 1_000_000_000n, rateBp: 700 },
        { uptoCents: null, rateBp: 100 },
      ]).replace(/\u00a0/g, " "),
    ).toBe(
      "15% over de eerste € 1.000.000,00, 7% over het deel van € 1.000.000,00 tot € 10.000.000,00 en " +
        "1% over het deel boven € 10.000.000,00",
    );
    expect(tierText([{ uptoCents: null, rateBp: 1000 }])).toBe("10%");
  });
});

describe("advance schedule", () => {
  it("pays 10% at once and the rest every six months up to 80%, rounded down, last takes the remainder", () => {
    const s = advanceSchedule(
      1_000_001n,
      { initialBp: 1000, maxBp: 8000, intervalMonths: 6 },
      "2014-02-01",
      "2014-01-01",
      "2015-12-31",
    );
    expect(s.map((i) => i.date)).toEqual(["2014-02-01", "2014-07-01", "2015-01-01", "2015-07-01"]);
    expect(s[0]?.amountCents).toBe(100_000n);
    expect(s.reduce((a, i) => a + i.amountCents, 0n)).toBe(800_000n);
    expect(s.map((i) => i.amountCents)).toEqual([100_000n, 233_333n, 233_333n, 233_334n]);
  });

  it("merges instalments dated before the grant into the first later one", () => {
    const s = advanceSchedule(
      1_000_000n,
      { initialBp: 1000, maxBp: 8000, intervalMonths: 6 },
      "2014-08-15",
      "2014-01-01",
      "2015-12-31",
    );
    expect(s.map((i) => i.date)).toEqual(["2014-08-15", "2015-01-01", "2015-07-01"]);
    expect(s.reduce((a, i) => a + i.amountCents, 0n)).toBe(800_000n);
  });

  it("dates no advance after the plan's period: a grant after the last six-monthly date pays the rest at the period's end", () => {
    // Advances are paid during the activities (art. 5.3): a 12-month plan granted on 2 July, after its
    // only six-monthly date, got its 70% on 2 January of the next year, after the period had ended.
    const s = advanceSchedule(
      100_000_00n,
      { initialBp: 1000, maxBp: 8000, intervalMonths: 6 },
      "2026-07-02",
      "2026-01-01",
      "2026-12-31",
    );
    expect(s).toEqual([
      { date: "2026-07-02", amountCents: 10_000_00n },
      { date: "2026-12-31", amountCents: 70_000_00n },
    ]);
  });

  it("pays all advances at the grant when the plan's period has already ended, never before the grant", () => {
    const rules = { initialBp: 1000, maxBp: 8000, intervalMonths: 6 };
    expect(advanceSchedule(100_000_00n, rules, "2027-02-01", "2026-01-01", "2026-12-31")).toEqual([
      { date: "2027-02-01", amountCents: 80_000_00n },
    ]);
    // A first advance of 0%: the one instalment is still the whole 80%, at the grant.
    expect(
      advanceSchedule(100_000_00n, { ...rules, initialBp: 0 }, "2026-12-31", "2026-01-01", "2026-12-31"),
    ).toEqual([{ date: "2026-12-31", amountCents: 80_000_00n }]);
  });

  it("lists no instalment of € 0: a first advance of 0% is none, nor is a share a tiny grant rounds to nothing", () => {
    const s = advanceSchedule(
      1_000_000n,
      { initialBp: 0, maxBp: 8000, intervalMonths: 6 },
      "2014-02-01",
      "2014-01-01",
      "2015-12-31",
    );
    expect(s.map((i) => i.date)).toEqual(["2014-07-01", "2015-01-01", "2015-07-01"]);
    expect(s.map((i) => i.amountCents)).toEqual([266_666n, 266_666n, 266_668n]);
    // 10% of 2 cents is 0, 80% is 1: one instalment, the last.
    const tiny = advanceSchedule(
      2n,
      { initialBp: 1000, maxBp: 8000, intervalMonths: 6 },
      "2014-02-01",
      "2014-01-01",
      "2015-12-31",
    );
    expect(tiny).toEqual([{ date: "2015-07-01", amountCents: 1n }]);
  });

  it("formats amounts and rates the Dutch way", () => {
    // A no-break space, so a line never breaks between € and the amount.
    expect(euro(123_456_700n)).toBe("€\u00A01.234.567,00");
    expect(percent(5000)).toBe("50%");
    expect(percent(1250)).toBe("12,5%");
  });
});
