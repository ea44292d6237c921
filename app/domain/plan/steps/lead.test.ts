import { describe, expect, it } from "vitest";
import { translateDomainText } from "../../../i18n/domain-messages.ts";
import { issueMessages, scenarioRules, validPlanDraft } from "../../../test/scenario.server.ts";
import { planYears } from "./common.ts";
import {
  emptyLeadStep,
  type LeadStepInput,
  leadFromOrganisation,
  leadIbanNotOrganisation,
  leadIbanNotOrganisationOrRequested,
  leadIbanNotRequested,
  leadIbanOf,
  leadKvkNotOrganisation,
  leadOrganisationIssues,
  leadOrganisationOf,
  leadStepSchema,
} from "./lead.ts";

const rules = scenarioRules(2026);
const schema = leadStepSchema(rules);
const valid = (): LeadStepInput => validPlanDraft(2026).lead;
const messagesFor = (patch: Partial<LeadStepInput>) =>
  issueMessages(schema.safeParse({ ...valid(), ...patch }));

describe("step 1, the lead applicant and the plan", () => {
  it("accepts a valid step: IBAN without spaces, amounts in cents, numbers as numbers", () => {
    const out = schema.parse(valid());
    expect(out.leadIban).toBe("NL91ABNA0417164300");
    expect(out.securityAmount).toBe(60_000_000n);
    expect(out.employeesInScope).toBe(140_000);
    expect(out.sectorCodes).toEqual(["3"]);
  });

  it("refuses a KvK number that is not 8 digits", () => {
    for (const kvk of ["1234567", "123456789", "1234567a", "", "4115 2337"]) {
      expect(messagesFor({ leadKvk: kvk }).leadKvk, kvk).toBe("Het KvK-nummer bestaat uit 8 cijfers.");
    }
    expect(messagesFor({ leadKvk: " 41152337 " }).leadKvk).toBeUndefined();
  });

  it("refuses an IBAN whose check digits do not fit, and one that is no IBAN at all", () => {
    for (const iban of ["NL92ABNA0417164300", "NL91ABNA0417164301", "NL91 ABNA 0417", "rekening", ""]) {
      expect(messagesFor({ leadIban: iban }).leadIban, iban).toMatch(/Dit IBAN klopt niet/);
    }
    expect(messagesFor({ leadIban: "nl91 abna 0417 1643 00" }).leadIban).toBeUndefined();
  });

  it("requires every text, trims it, and caps it at 200 characters (summary 10,000)", () => {
    const empty = messagesFor({ title: "   ", leadName: "", leadAddress: "", contactName: " " });
    expect(empty).toMatchObject({
      title: "Vul de titel van het plan in.",
      leadName: "Vul de naam van de hoofdaanvrager in.",
      leadAddress: "Vul het adres van de hoofdaanvrager in.",
      contactName: "Vul de naam van de contactpersoon in.",
    });
    expect(messagesFor({ title: "x".repeat(201) }).title).toBe(
      "De titel van het plan mag hoogstens 200 tekens hebben.",
    );
    expect(messagesFor({ title: "x".repeat(200) }).title).toBeUndefined();
    expect(messagesFor({ leadName: "x".repeat(201) }).leadName).toMatch(/hoogstens 200 tekens/);
    expect(messagesFor({ summary: "x".repeat(10_001) }).summary).toBe(
      "De samenvatting mag hoogstens 10000 tekens hebben.",
    );
    expect(messagesFor({ summary: "" }).summary).toBeUndefined();
  });

  it("keeps HTML as the plain text it is", () => {
    const title = "<b>Plan</b> & <script>alert('x')</script>";
    expect(schema.parse({ ...valid(), title }).title).toBe(title);
  });

  it("requires a real e-mail address for the contact", () => {
    expect(messagesFor({ contactEmail: "" }).contactEmail).toBe(
      "Vul het e-mailadres van de contactpersoon in.",
    );
    expect(messagesFor({ contactEmail: "geen-adres" }).contactEmail).toMatch(/geldig e-mailadres/);
  });

  it("refuses a legal form, security kind or coverage outside the lists", () => {
    const m = messagesFor({
      leadLegalForm: "Eenmanszaak" as LeadStepInput["leadLegalForm"],
      securityKind: "" as LeadStepInput["securityKind"],
      coverage: "LAND" as LeadStepInput["coverage"],
    });
    expect(m.leadLegalForm).toBe("Kies de rechtsvorm van de hoofdaanvrager.");
    expect(m.securityKind).toMatch(/eigen vermogen toont of het samenwerkingsverband garant staat/);
    expect(m.coverage).toBe("Kies of het plan sectoren of arbeidsmarktregio's beslaat.");
  });

  it("requires at least one sector (or region) of the regulation's lists", () => {
    expect(messagesFor({ sectorCodes: [] }).sectorCodes).toBe("Kies ten minste één sector uit de lijst.");
    expect(messagesFor({ sectorCodes: ["3", "99"] }).sectorCodes).toBe(
      "Kies ten minste één sector uit de lijst.",
    );
    const regions = leadStepSchema({ ...rules, regions: [{ code: "GR", label: "Groningen" }] });
    const byRegion = { ...valid(), coverage: "REGIONS" as const, sectorCodes: [] };
    expect(issueMessages(regions.safeParse({ ...byRegion, regionCodes: [] })).regionCodes).toBe(
      "Kies ten minste één arbeidsmarktregio uit de lijst.",
    );
    expect(issueMessages(regions.safeParse({ ...byRegion, regionCodes: ["XX"] })).regionCodes).toMatch(
      /arbeidsmarktregio/,
    );
    expect(regions.parse({ ...byRegion, regionCodes: ["GR"] }).regionCodes).toEqual(["GR"]);
  });

  it("requires the number of employees as a whole number of at least 1", () => {
    for (const n of ["0", "-1", "1,5", "veel", "", "12345678"]) {
      expect(messagesFor({ employeesInScope: n }).employeesInScope, n).toMatch(/als heel getal/);
    }
  });

  it("refuses negative, fractional-cent, non-numeric and absurd security amounts", () => {
    for (const bad of ["-5", "12,345", "abc", "2.000.000.000,00", "1,2,3"]) {
      expect(messagesFor({ securityAmount: bad }).securityAmount, bad).toBe(
        "Bij het bedrag van het eigen vermogen of de garantie staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.",
      );
    }
    expect(messagesFor({ securityAmount: "" }).securityAmount).toBe(
      "Vul het bedrag van het eigen vermogen of de garantie in.",
    );
    expect(schema.parse({ ...valid(), securityAmount: "€ 1.000.000.000,00" }).securityAmount).toBe(
      100_000_000_000n,
    );
  });

  it("refuses invalid dates and an end before the start", () => {
    const m = messagesFor({ periodStart: "2027-02-30", periodEnd: "morgen" });
    expect(m.periodStart).toBe("Vul een geldige begindatum in.");
    expect(m.periodEnd).toBe("Vul een geldige einddatum in.");
    expect(messagesFor({ periodStart: "2027-06-01", periodEnd: "2027-05-31" }).periodEnd).toBe(
      "De einddatum ligt vóór de begindatum.",
    );
  });

  it("refuses a period outside the regulation's years or longer than its maximum", () => {
    expect(messagesFor({ periodStart: "2025-12-31", periodEnd: "2026-06-30" }).periodStart).toBe(
      "Het plan kan niet eerder beginnen dan 1 januari 2026.",
    );
    expect(messagesFor({ periodStart: "2029-01-01", periodEnd: "2030-01-01" }).periodEnd).toBe(
      "Het plan moet uiterlijk op 31 december 2029 eindigen.",
    );
    expect(messagesFor({ periodStart: "2027-01-01", periodEnd: "2029-01-01" }).periodEnd).toBe(
      "Een plan duurt hoogstens 24 maanden: met deze begindatum eindigt het uiterlijk op 31 december 2028.",
    );
    // Exactly 24 months, from the first day of the regulation's years to the last.
    expect(messagesFor({ periodStart: "2027-07-01", periodEnd: "2029-06-30" })).toEqual({});
    expect(messagesFor({ periodStart: "2026-01-01", periodEnd: "2026-01-01" })).toEqual({});
  });

  it("refuses a start before the regulation's publication, saying it was published then", () => {
    // As planRules gives them for the 2013 regulation: envelopes from 2013, published 14 August 2013.
    const published = leadStepSchema({
      ...scenarioRules(2013),
      earliestStart: "2013-08-15",
      publishedOn: "2013-08-14",
    });
    const period = (periodStart: string, periodEnd: string) =>
      issueMessages(published.safeParse({ ...validPlanDraft(2013).lead, periodStart, periodEnd }));
    expect(period("2013-01-01", "2014-12-31")).toEqual({
      periodStart:
        "De regeling is op 14 augustus 2013 gepubliceerd: het plan kan pas de dag daarna beginnen.",
    });
    expect(period("2013-08-13", "2014-12-31").periodStart).toMatch(/op 14 augustus 2013 gepubliceerd/);
    // Art. 1.2 lid 5: "niet eerder … dan na publicatie": the day itself is too early.
    expect(period("2013-08-14", "2015-08-13").periodStart).toMatch(/op 14 augustus 2013 gepubliceerd/);
    expect(period("2013-08-15", "2015-08-14")).toEqual({});
    // Published before the first budget year: that year bounds the start, as before.
    const early = leadStepSchema({ ...rules, publishedOn: "2025-06-01" });
    expect(issueMessages(early.safeParse({ ...valid(), periodStart: "2025-12-31" })).periodStart).toBe(
      "Het plan kan niet eerder beginnen dan 1 januari 2026.",
    );
  });

  it("refuses a period that covers a year without an envelope, naming the year on the field to change", () => {
    // Envelopes 2026, 2027 and 2029: none for 2028.
    const gap = leadStepSchema({ ...rules, envelopeYears: [2026, 2027, 2029] });
    const period = (periodStart: string, periodEnd: string) =>
      issueMessages(gap.safeParse({ ...valid(), periodStart, periodEnd }));
    expect(period("2027-07-01", "2029-06-30")).toEqual({
      periodEnd:
        "Voor 2028 heeft de regeling geen budget: het plan moet uiterlijk op 31 december 2027 eindigen.",
    });
    expect(period("2027-01-01", "2028-01-01").periodEnd).toMatch(/^Voor 2028 heeft de regeling geen budget/);
    expect(period("2028-03-01", "2029-12-31")).toEqual({
      periodStart: "Voor 2028 heeft de regeling geen budget: het plan kan niet in 2028 beginnen.",
    });
    expect(period("2026-01-01", "2027-12-31")).toEqual({});
    expect(period("2029-01-01", "2029-12-31")).toEqual({});
    // Two gaps: both named, the end before the first.
    const gaps = leadStepSchema({
      ...rules,
      maxDurationMonths: 60,
      latestEnd: "2030-12-31",
      envelopeYears: [2026, 2028, 2030],
    });
    expect(
      issueMessages(gaps.safeParse({ ...valid(), periodStart: "2026-01-01", periodEnd: "2029-12-31" })),
    ).toEqual({
      periodEnd:
        "Voor 2027, 2029 heeft de regeling geen budget: het plan moet uiterlijk op 31 december 2026 eindigen.",
    });
    // A year after the last envelope is the latest end's message only, not named again.
    const short = leadStepSchema({
      ...rules,
      maxDurationMonths: 48,
      latestEnd: "2028-12-31",
      envelopeYears: [2026, 2028],
    });
    expect(
      issueMessages(short.safeParse({ ...valid(), periodStart: "2026-01-01", periodEnd: "2029-12-31" })),
    ).toEqual({
      periodEnd:
        "Het plan moet uiterlijk op 31 december 2028 eindigen.\nVoor 2027 heeft de regeling geen budget: het plan moet uiterlijk op 31 december 2026 eindigen.",
    });
  });

  it("refuses every period when the fund has no envelope at all", () => {
    const none = leadStepSchema({
      ...rules,
      earliestStart: "2026-01-01",
      latestEnd: "2026-12-31",
      envelopeYears: [],
    });
    expect(
      issueMessages(none.safeParse({ ...valid(), periodStart: "2026-01-01", periodEnd: "2026-12-31" })),
    ).toEqual({
      periodStart: "Voor 2026 heeft de regeling geen budget: het plan kan niet in 2026 beginnen.",
    });
  });

  it("knows the years of a period and the longest allowed end", () => {
    expect(planYears("2026-07-01", "2028-06-30")).toEqual([2026, 2027, 2028]);
    expect(planYears("2028-01-01", "2027-01-01")).toEqual([]);
    expect(planYears("", "2027-01-01")).toEqual([]);
    // More years than any plan spans (2017 typed for 2027) is no period either, rather than cut short.
    expect(planYears("2017-01-01", "2028-12-31")).toEqual([]);
    expect(planYears("2019-01-01", "2028-12-31")).toHaveLength(10);
  });

  it("counts the longest period as the completeness check and an extension do (time/lastDayOfMonths)", () => {
    // 18 months from 31 August 2027 end on 28 February 2029: there is no 31 February. The wizard's
    // own sum overflowed into March (2 March 2029) and let through an end the check then refused.
    const eighteen = leadStepSchema({ ...rules, maxDurationMonths: 18 });
    const endsOn = (periodEnd: string) =>
      issueMessages(eighteen.safeParse({ ...valid(), periodStart: "2027-08-31", periodEnd })).periodEnd;
    expect(endsOn("2029-02-28")).toBeUndefined();
    expect(endsOn("2029-03-01")).toBe(
      "Een plan duurt hoogstens 18 maanden: met deze begindatum eindigt het uiterlijk op 28 februari 2029.",
    );
  });

  it("starts empty, and an empty step names every missing field at once", () => {
    const m = issueMessages(schema.safeParse(emptyLeadStep()));
    expect(Object.keys(m).sort()).toEqual(
      [
        "title",
        "periodStart",
        "periodEnd",
        "leadName",
        "leadKvk",
        "leadLegalForm",
        "leadAddress",
        "leadIban",
        "contactName",
        "contactEmail",
        "securityKind",
        "securityAmount",
        "sectorCodes",
        "employeesInScope",
      ].sort(),
    );
  });
});

describe("step 1 and the organisation that applies", () => {
  const organisation = {
    name: "Stichting OOM",
    kvkNumber: "12345678",
    legalForm: "Stichting",
    street: "Bredewater 20",
    postalCode: "2715 CA",
    city: "Zoetermeer",
    iban: "NL91ABNA0417164300",
  };
  const lead = (patch: Partial<LeadStepInput>) => ({ ...valid(), leadKvk: "12345678", ...patch });
  // Its account approved by finance, no change asked for.
  const held = leadOrganisationOf({ ...organisation, ibanCheckedAt: new Date() }, null);

  it("names the organisation as the hoofdaanvrager, a legal form the form does not offer left to choose", () => {
    expect(leadFromOrganisation(organisation)).toEqual({
      leadName: "Stichting OOM",
      leadKvk: "12345678",
      leadLegalForm: "Stichting",
      leadAddress: "Bredewater 20, 2715 CA Zoetermeer",
      leadIban: "NL91ABNA0417164300",
    });
    expect(leadFromOrganisation({ ...organisation, legalForm: "Eenmanszaak" }).leadLegalForm).toBe("");
  });

  it("accepts the organisation's own KvK number and account, however typed", () => {
    expect(leadOrganisationIssues(lead({ leadKvk: " 12345678 " }), held)).toEqual([]);
    expect(leadOrganisationIssues(lead({ leadIban: "nl91 abna 0417 1643 00" }), held)).toEqual([]);
  });

  it("refuses another legal entity's KvK number and another account, each at its field", () => {
    expect(
      leadOrganisationIssues(lead({ leadKvk: "41152337", leadIban: "NL02ABNA0123456789" }), held),
    ).toEqual([
      {
        path: "leadKvk",
        message:
          "Het KvK-nummer van de hoofdaanvrager moet dat van uw organisatie zijn (12345678): de beschikking wordt aan uw organisatie gericht. Is een andere rechtspersoon hoofdaanvrager, dan vraagt die zelf een account aan.",
      },
      {
        path: "leadIban",
        message:
          "Het IBAN van de hoofdaanvrager moet de rekening van uw organisatie zijn (NL91 ABNA 0417 1643 00): alleen daarop wordt de subsidie betaald. Een andere rekening geeft u op bij de gegevens van uw organisatie; Financiën controleert die eerst.",
      },
    ]);
  });

  it("leaves a KvK number or IBAN the schema refuses to the schema's message", () => {
    expect(leadOrganisationIssues(lead({ leadKvk: "1234", leadIban: "NL92ABNA0417164300" }), held)).toEqual(
      [],
    );
  });

  const REQUESTED = "NL20INGB0001234567";
  const THIRD = "NL02ABNA0123456789";

  it("compares only with an approved account, not with one finance rejected or the bank sent back", () => {
    // Organisation.iban keeps the rejected (or returned) account, with ibanCheckedAt null.
    const none = leadOrganisationOf({ ...organisation, ibanCheckedAt: null }, null);
    expect(none).toEqual({ kvkNumber: "12345678", approvedIban: null, pendingIban: null });
    // Nothing is paid until an account is approved (step 7 says so): nothing to hold step 1 to.
    expect(leadOrganisationIssues(lead({ leadIban: THIRD }), none)).toEqual([]);
    expect(leadIbanOf(none, organisation.iban)).toBe(organisation.iban);
  });

  it("holds step 1 to the account finance is asked to check when none is approved", () => {
    const asked = leadOrganisationOf({ ...organisation, ibanCheckedAt: null }, { iban: REQUESTED });
    expect(leadIbanOf(asked, organisation.iban)).toBe(REQUESTED);
    expect(leadOrganisationIssues(lead({ leadIban: "nl20 ingb 0001 2345 67" }), asked)).toEqual([]);
    // The rejected account is not paid on: refused, naming the one asked for.
    expect(leadOrganisationIssues(lead({ leadIban: organisation.iban }), asked)).toEqual([
      {
        path: "leadIban",
        message:
          "Het IBAN van de hoofdaanvrager moet de rekening zijn die uw organisatie heeft opgegeven (NL20 INGB 0001 2345 67): alleen daarop wordt de subsidie betaald, zodra Financiën die heeft goedgekeurd.",
      },
    ]);
  });

  it("accepts the approved account and the one a pending change asks for, and names both to another", () => {
    const changing = leadOrganisationOf({ ...organisation, ibanCheckedAt: new Date() }, { iban: REQUESTED });
    expect(leadIbanOf(changing, organisation.iban)).toBe(organisation.iban);
    expect(leadOrganisationIssues(lead({ leadIban: organisation.iban }), changing)).toEqual([]);
    // The payment goes to whichever finance approves: the change asked for is no other account.
    expect(leadOrganisationIssues(lead({ leadIban: REQUESTED }), changing)).toEqual([]);
    expect(leadOrganisationIssues(lead({ leadIban: THIRD }), changing)).toEqual([
      {
        path: "leadIban",
        message:
          "Het IBAN van de hoofdaanvrager moet de rekening van uw organisatie zijn (NL91 ABNA 0417 1643 00) of de nieuwe rekening die u heeft opgegeven (NL20 INGB 0001 2345 67): de subsidie wordt betaald op de rekening die Financiën goedkeurt.",
      },
    ]);
    // A change of only the holder's name keeps the IBAN: the usual message.
    const holderOnly = leadOrganisationOf(
      { ...organisation, ibanCheckedAt: new Date() },
      { iban: organisation.iban },
    );
    expect(leadOrganisationIssues(lead({ leadIban: THIRD }), holderOnly)).toEqual([
      { path: "leadIban", message: leadIbanNotOrganisation(organisation.iban) },
    ]);
  });

  it("says it in English too", () => {
    expect(translateDomainText(leadIbanNotRequested(REQUESTED), "en")).toBe(
      "The lead applicant's IBAN must be the account your organisation gave (NL20 INGB 0001 2345 67): the subsidy is paid into that account only, once Finance has approved it.",
    );
    expect(translateDomainText(leadIbanNotOrganisationOrRequested(organisation.iban, REQUESTED), "en")).toBe(
      "The lead applicant's IBAN must be your organisation's account (NL91 ABNA 0417 1643 00) or the new account you gave (NL20 INGB 0001 2345 67): the subsidy is paid into the account Finance approves.",
    );
    expect(translateDomainText(leadKvkNotOrganisation("12345678"), "en")).toBe(
      "The lead applicant's Chamber of Commerce (KvK) number must be that of your organisation (12345678): the decision is addressed to your organisation. If another legal entity is the lead applicant, it applies for an account of its own.",
    );
    expect(translateDomainText(leadIbanNotOrganisation("NL91ABNA0417164300"), "en")).toBe(
      "The lead applicant's IBAN must be your organisation's account (NL91 ABNA 0417 1643 00): the subsidy is paid into that account only. You give another account in your organisation's details; Finance checks it first.",
    );
  });
});
