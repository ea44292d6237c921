import type { DecisionLetterInput } from "./decision-letter.server.ts";

/** An addressee with the characters that have tripped the renderer before (Ĳ, ’, ö). */
export const TEST_ADDRESSEE = {
  name: "Opleidingscoöperatie Metaal U.A.",
  street: "Ĳsselstraat 12",
  postalCode: "2595 AA",
  city: "’s-Gravenhage",
};

/** A grant letter's input with the characters that have tripped the renderer before (Ĳ, ’, ç). */
export function grantInput(overrides: Partial<DecisionLetterInput> = {}): DecisionLetterInput {
  return {
    kind: "GRANT_DECISION",
    decisionId: "00000000-0000-4000-8000-000000000001",
    // 23:30 UTC on 11 May is already 12 May in Amsterdam.
    decidedAt: new Date("2014-05-11T23:30:00Z"),
    reason: "Het plan voldoet aan alle criteria van artikel 2.5 van de regeling.",
    signatory: { name: "J. de Vries", title: "de directeur Agentschap SZW" },
    plan: {
      id: "00000000-0000-4000-8000-000000000002",
      reference: "SP-2014-000012",
      title: "Vakmanschap in de metaal",
      submittedOn: "2014-04-02",
      completeOn: "2014-04-02",
      periodStart: "2014-01-01",
      periodEnd: "2015-12-31",
      sectors: ["Metalektro en metaalnijverheid"],
      regions: [],
      advancesRequested: true,
      activities: [{ title: "Leerwerkplekken", theme: "Scholing", participants: 2600 }],
    },
    addressee: TEST_ADDRESSEE,
    regulation: {
      citationTitle: "Regeling cofinanciering sectorplannen",
      legalBasis: "de artikelen 2, 3 en 5 van de Kaderwet SZW-subsidies",
      publication: "Stcrt. 2013, 22962",
      cofinancingRateBp: 5000,
      objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
      objectionAddress: "Postbus 90801, 2509 LV Den Haag",
      executionStartMonths: 6,
      settlementRequestWeeks: 13,
      settlementThresholdBp: 6000,
      advanceInitialBp: 1000,
      advanceMaxBp: 8000,
      advanceIntervalMonths: 6,
    },
    years: [
      // Granted in full at 50%: the whole budget is subsidiabel.
      {
        year: 2014,
        requestedCents: 61_728_395_00n,
        grantedCents: 61_728_395_00n,
        eligibleCents: 123_456_790_00n,
      },
      {
        year: 2015,
        requestedCents: 1_234_567_01n,
        grantedCents: 1_234_567_01n,
        eligibleCents: 2_469_134_02n,
      },
    ],
    ...overrides,
  };
}
