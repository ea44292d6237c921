/**
 * Demo data: the real scheme (design.md §2; domain-facts.md §13–14) and a demonstration
 * regulation whose window opens today, so that a newcomer can apply at once. Historic plans are
 * driven through the real use cases with the clock set back (every wizard step saved, the
 * partnership agreement uploaded, then submitted), so their drafts, versions, ledger, events and
 * letters are exactly what the portal itself would have produced. Runs once: a second run changes
 * nothing.
 *
 *   node --import tsx prisma/seed.ts        (npm start and npm test call it)
 *   npm run seed -- --plans 10000 [--seed 42]   (also bulk data for load tests: seed/bulk-plans.ts)
 */
import { readFileSync } from "node:fs";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { hashPassword } from "../app/auth/password.server.ts";
import { sealSecret } from "../app/auth/totp.server.ts";
import { databaseUrl, disconnectPrisma, prisma } from "../app/db/client.server.ts";
import type { Actor } from "../app/domain/actor.ts";
import { claimPlan, declareInterest } from "../app/domain/assessment/assignment.server.ts";
import { uploadAttachment } from "../app/domain/attachments/attachments.server.ts";
import { now, setClock } from "../app/domain/clock.ts";
import { centsToInputString } from "../app/domain/money.ts";
import {
  createDraftPlan,
  decidePlan,
  markComplete,
  recordAdvice,
  saveStep,
  submitPlan,
} from "../app/domain/plan/plans.server.ts";
import type { AnalysisStepInput } from "../app/domain/plan/steps/analysis.ts";
import type { PartnerInput } from "../app/domain/plan/steps/partnership.ts";
import type { FormStepKey, StepInputs } from "../app/domain/plan/steps/wizard.ts";
import { addMonths, amsterdamDate, parseLocalDate, startOfAmsterdamDay } from "../app/domain/time/index.ts";
import type { Role } from "../app/generated/prisma/enums.ts";
import { seedBulkPlans } from "./seed/bulk-plans.ts";
import { seedPayments } from "./seed/finance-payments.ts";
import { seedSettlements } from "./seed/finance-settlement.ts";
import { seedWaitingList } from "./seed/finance-waiting.ts";
import { sendLettersAsThen } from "./seed/letters-then.ts";
import {
  CRITERIA,
  demoScores,
  MEASURE_CATEGORIES,
  OVERHEAD_TIERS,
  REGIONS,
  SECTORS,
  SZW,
  THEMES,
} from "./seed/regulation-data.ts";

type SeedUser = {
  role: Role;
  email: string;
  password: string;
  name: string;
  organisation?: string;
  /** Tekenbevoegde of its organisation (may submit plans). */
  signatory?: boolean;
  /** Coordinator of the Actieteam (assigns plans to advisers). */
  coordinator?: boolean;
  /**
   * Staff who sign letters: the function they sign besluiten with in mandate (User.signingTitle).
   * The decision maker is the directeur the regulation mandates (art. 1.6); the case handler, who
   * signs requests to supplement and not-considered besluiten, holds the directeur's sub-mandate.
   */
  signingTitle?: string;
  /** Staff: the demo's fixed base32 TOTP secret (`npm run totp -- <email>` prints the code). */
  totpSecret?: string;
};
const users: SeedUser[] = JSON.parse(readFileSync(new URL("./seed-users.json", import.meta.url), "utf8"));

const EUR = (euros: number) => BigInt(Math.round(euros * 100));

/** A valid Dutch IBAN (mod-97 check digits) for a fictitious account. */
function iban(bank: string, account: string): string {
  const bban = `${bank}${account.padStart(10, "0")}`;
  const digits = `${bban}NL00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = 98n - (BigInt(digits) % 97n);
  return `NL${check.toString().padStart(2, "0")}${bban}`;
}

const ORGANISATIONS = {
  OOM: {
    name: "Stichting Opleidings- en Ontwikkelingsfonds Metaalbewerking (OOM)",
    kvkNumber: "41152337",
    legalForm: "Stichting",
    street: "Bredewater 20",
    postalCode: "2715 CA",
    city: "Zoetermeer",
    iban: iban("INGB", "0004831290"),
  },
  FUNDEON: {
    name: "Stichting Fundeon (Bouw en Infra)",
    kvkNumber: "27275183",
    legalForm: "Stichting",
    street: "Stationsplein 12",
    postalCode: "2801 AK",
    city: "Gouda",
    iban: iban("ABNA", "0517730418"),
  },
  OTIB: {
    name: "Stichting Opleidingsfonds voor de Technische Installatiebranche (OTIB)",
    kvkNumber: "41203690",
    legalForm: "Stichting",
    street: "Loire 150",
    postalCode: "2491 AK",
    city: "Den Haag",
    iban: iban("RABO", "0300447125"),
  },
  STL: {
    name: "Stichting Sectorinstituut Transport en Logistiek",
    kvkNumber: "41159512",
    legalForm: "Stichting",
    street: "Boerhaavelaan 40",
    postalCode: "2713 HX",
    city: "Zoetermeer",
    iban: iban("INGB", "0006621874"),
  },
  SVGB: {
    name: "Stichting Vakopleiding Kleinschalig Specialistisch Vakmanschap (SVGB)",
    kvkNumber: "30141856",
    legalForm: "Stichting",
    street: "Verrijn Stuartweg 60",
    postalCode: "1112 AX",
    city: "Diemen",
    iban: iban("ABNA", "0248156733"),
  },
} as const;
type OrgKey = keyof typeof ORGANISATIONS;

async function alreadySeeded(): Promise<boolean> {
  return (await prisma.regulation.count({ where: { code: "RCS-2013" } })) > 0;
}

async function createPot(kind: "WINDOW" | "YEAR", name: string, ceilingCents: bigint) {
  return prisma.budgetPot.create({ data: { kind, name, ceilingCents }, select: { id: true } });
}

async function seedRealScheme() {
  const regulation = await prisma.regulation.create({
    data: {
      code: "RCS-2013",
      title: "Regeling cofinanciering sectorplannen",
      citationTitle: "Regeling cofinanciering sectorplannen",
      legalBasis: "de artikelen 2, 3 en 5 van de Kaderwet SZW-subsidies",
      publication: "Stcrt. 2013, 22962; gewijzigd in 2014 en 2015",
      // The Staatscourant of 14 August 2013 (domain-facts §1); a @db.Date is midnight UTC.
      publishedOn: new Date("2013-08-14T00:00:00Z"),
      fund: "Sociaal Akkoord 2013",
      cofinancingRateBp: 5000,
      minimumRequestCents: EUR(250_000),
      maxDurationMonths: 24,
      themes: THEMES,
      sectors: SECTORS,
      regions: REGIONS,
      criteria: CRITERIA,
      overheadTiers: OVERHEAD_TIERS,
      measureCategories: MEASURE_CATEGORIES,
      ...SZW,
    },
  });
  // Yearly envelopes: 2014 and 2015 are the Sociaal Akkoord's EUR 300M; the others are illustrative.
  const envelopes: [number, number, boolean, string][] = [
    [2013, 100_000_000, true, "Illustratief: geen bron voor een jaarbudget 2013."],
    [2014, 300_000_000, false, "Sociaal Akkoord 11 april 2013: € 300 mln voor 2014."],
    [2015, 300_000_000, false, "Sociaal Akkoord 11 april 2013: € 300 mln voor 2015."],
    [2016, 150_000_000, true, "Illustratief: uitloop van plannen uit 2014–2015."],
    [2017, 50_000_000, true, "Illustratief: uitloop van plannen uit 2015."],
  ];
  for (const [year, euros, illustrative, note] of envelopes) {
    const pot = await createPot("YEAR", `Begrotingsjaar ${year}`, EUR(euros));
    await prisma.budgetEnvelope.create({
      data: { fund: regulation.fund, year, illustrative, note, potId: pot.id },
    });
  }
  const windows: [string, string, string, number, string][] = [
    [
      "Tijdvak 1 (2013)",
      "2013-10-01",
      "2014-01-01",
      260_000_000,
      "Openstelling 2013, BWBR0033898 (plafond € 200 mln, later € 260 mln)",
    ],
    [
      "Tijdvak 2 (2014)",
      "2014-04-01",
      "2014-06-01",
      205_000_000,
      "Openstelling 2014, BWBR0034947 (plafond € 200 mln, later € 205 mln)",
    ],
  ];
  for (const [name, opens, closes, euros, publication] of windows) {
    const pot = await createPot("WINDOW", `Subsidieplafond ${name}`, EUR(euros));
    await prisma.applicationWindow.create({
      data: {
        regulationId: regulation.id,
        name,
        opensAt: startOfAmsterdamDay(parseLocalDate(opens)),
        closesAt: startOfAmsterdamDay(parseLocalDate(closes)),
        publication,
        potId: pot.id,
      },
    });
  }
  return regulation;
}

async function seedDemoRegulation() {
  const today = amsterdamDate(now());
  const year = Number(today.slice(0, 4));
  const regulation = await prisma.regulation.create({
    data: {
      code: "DEMO",
      title: "Demonstratieregeling cofinanciering sectorplannen",
      citationTitle: "Demonstratieregeling cofinanciering sectorplannen (geen echte regeling)",
      legalBasis:
        "de Demonstratieregeling cofinanciering sectorplannen, naar het voorbeeld van de Regeling cofinanciering sectorplannen",
      publication: "Niet gepubliceerd: demonstratie",
      fund: "Demonstratie",
      isDemonstration: true,
      cofinancingRateBp: 5000,
      minimumRequestCents: EUR(250_000),
      maxDurationMonths: 24,
      themes: THEMES,
      sectors: SECTORS,
      regions: REGIONS,
      criteria: CRITERIA,
      overheadTiers: OVERHEAD_TIERS,
      measureCategories: MEASURE_CATEGORIES,
      ...SZW,
    },
  });
  // A window that opens today and stays open two years; plans run up to two years, so envelopes for five years.
  for (let y = year; y <= year + 4; y++) {
    const pot = await createPot("YEAR", `Begrotingsjaar ${y} (demonstratie)`, EUR(60_000_000));
    await prisma.budgetEnvelope.create({
      data: { fund: "Demonstratie", year: y, illustrative: true, note: "Demonstratie.", potId: pot.id },
    });
  }
  const pot = await createPot("WINDOW", "Subsidieplafond tijdvak demonstratie", EUR(100_000_000));
  const opens = startOfAmsterdamDay(today);
  // addMonths, not the same date two years on: seeded on 29 February that day does not exist.
  const closes = startOfAmsterdamDay(addMonths(today, 24));
  await prisma.applicationWindow.create({
    data: {
      regulationId: regulation.id,
      name: "Tijdvak demonstratie",
      opensAt: opens,
      closesAt: closes,
      potId: pot.id,
    },
  });
}

async function seedUsers() {
  const orgIds = new Map<OrgKey, string>();
  for (const [key, data] of Object.entries(ORGANISATIONS) as [OrgKey, (typeof ORGANISATIONS)[OrgKey]][]) {
    // The demo's sector funds have been paid on these accounts: finance checked them long ago.
    const org = await prisma.organisation.create({
      data: { ...data, ibanCheckedAt: new Date("2013-09-01T10:00:00+02:00") },
      select: { id: true },
    });
    orgIds.set(key, org.id);
  }
  const actors = new Map<string, Actor>();
  const passwordHashes = new Map<string, string>();
  const hashFor = async (pw: string) => {
    if (!passwordHashes.has(pw)) passwordHashes.set(pw, await hashPassword(pw));
    return passwordHashes.get(pw) as string;
  };
  const allUsers: SeedUser[] = [
    ...users,
    // Applicants of the historic plans' organisations (not printed: their plans were decided long ago).
    ...(["OTIB", "STL", "SVGB"] as const).map((org) => ({
      role: "APPLICANT" as Role,
      email: `aanvrager.${org.toLowerCase()}@example.nl`,
      password: "Sectorplan!2026",
      name: `Aanvrager ${org}`,
      organisation: org,
      signatory: true,
    })),
  ];
  for (const u of allUsers) {
    const organisationId = u.organisation ? orgIds.get(u.organisation as OrgKey) : undefined;
    const user = await prisma.user.create({
      data: {
        email: u.email,
        name: u.name,
        passwordHash: await hashFor(u.password),
        totpSecret: u.totpSecret ? sealSecret(u.totpSecret) : null,
        signingTitle: u.signingTitle ?? null,
        memberships: {
          create: {
            role: u.role,
            organisationId: organisationId ?? null,
            isSignatory: u.signatory ?? false,
            isCoordinator: u.coordinator ?? false,
          },
        },
      },
    });
    actors.set(u.email, {
      userId: user.id,
      roles: [u.role],
      organisationIds: organisationId ? [organisationId] : [],
    });
  }
  return actors;
}

type SeedMeasure = {
  theme: string;
  title: string;
  description: string;
  conditions?: string;
  executingParty: string;
  participants: number;
  /** Share of the plan's costs in every year; the last measure takes what is left. */
  share: number;
  /**
   * A category with a rate of its own (Regulation.measureCategories), with the wage costs per
   * participant over 12 months in euros that its cap asks for; net job growth is declared.
   */
  category?: { code: string; wageCostsEuros: number };
};

/** What an applicant types in the wizard, less what comes from the organisation's own record. */
type PlanContent = {
  applicant: string;
  organisation: OrgKey;
  title: string;
  summary: string;
  sector: string;
  start: string;
  end: string;
  employeesInScope: number;
  /** Requested subsidy per year in euros; the costs are twice that (50% co-financing), the sector pays the rest. */
  requested: Record<number, number>;
  security: "EQUITY" | "GUARANTEE";
  contact: { name: string; email: string };
  partners: PartnerInput[];
  analysis: AnalysisStepInput;
  measures: SeedMeasure[];
};

type HistoricPlan = PlanContent & {
  submitAt: string;
  completeAt: string;
  adviseAt: string;
  decideAt: string;
  decision: "GRANT" | "PARTIAL" | "REJECT";
  reason: string;
};

const partner = (kind: PartnerInput["kind"], name: string, contactName: string, contactEmail: string) => ({
  kind,
  name,
  contactName,
  contactEmail,
});

const HISTORIC: HistoricPlan[] = [
  {
    applicant: "aanvrager.metaal@example.nl",
    organisation: "OOM",
    title: "Sectorplan Metaalbewerking 2013–2015",
    summary:
      "Sociale partners in de metaalbewerking houden vakmanschap vast in de crisis: extra leerwerkplekken voor jongeren, scholing van vakkrachten en behoud van oudere vakkrachten.",
    sector: "3",
    start: "2013-09-01",
    end: "2015-08-31",
    employeesInScope: 150_000,
    requested: { 2013: 2_500_000, 2014: 8_500_000, 2015: 6_100_000 },
    security: "GUARANTEE",
    contact: { name: "Marieke de Vries", email: "m.devries@oom.example.nl" },
    partners: [
      partner("EMPLOYERS", "Koninklijke Metaalunie", "Jeroen Smit", "j.smit@metaalunie.example.nl"),
      partner("EMPLOYEES", "FNV Metaal", "Sandra Visser", "s.visser@fnv.example.nl"),
      partner("EMPLOYEES", "CNV Vakmensen", "Ahmed Bouzid", "a.bouzid@cnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "Door de crisis schrappen bedrijven leerwerkplekken: het aantal bbl-leerlingen in de metaalbewerking daalde in twee jaar met bijna een kwart. Tegelijk vinden bedrijven moeilijk lassers, verspaners en constructiebankwerkers met actuele vaardigheden.",
      bottlenecksExpected:
        "Een derde van de vakkrachten is ouder dan vijftig. Zonder extra instroom ontstaat binnen vijf jaar een tekort van enkele duizenden vakkrachten, juist wanneer de vraag aantrekt.",
      targetGroups:
        "Jongeren in de beroepsbegeleidende leerweg, werknemers van wie het vak verandert door automatisering, en oudere vakkrachten die hun kennis kunnen overdragen.",
      goals:
        "2.600 extra leerwerkplekken, 4.000 geschoolde vakkrachten met een erkend certificaat en 1.000 oudere vakkrachten die als leermeester behouden blijven; 80% van de leerlingen stroomt door naar een baan in de sector.",
      organisation:
        "OOM voert uit en rapporteert elk kwartaal aan een stuurgroep van Metaalunie, FNV Metaal en CNV Vakmensen. Regionale adviseurs werven bedrijven; erkende opleiders verzorgen de scholing.",
      continuation:
        "De leerwerkplekken en de leermeesterregeling worden na afloop uit het opleidingsfonds betaald; de cao-partijen hebben de premie daarvoor vastgelegd in de cao Metaal en Techniek.",
    },
    measures: [
      {
        theme: "jongeren",
        title: "2.600 extra leerwerkplekken (bbl)",
        description:
          "Bedrijven krijgen een bijdrage in de begeleidingskosten voor elke extra bbl-leerling boven hun gemiddelde van de afgelopen drie jaar.",
        conditions:
          "Alleen voor leerwerkplekken bij een erkend leerbedrijf, met een leerovereenkomst van ten minste een jaar.",
        executingParty: "OOM met de regionale opleidingsbedrijven",
        participants: 2600,
        share: 0.55,
      },
      {
        theme: "scholing",
        title: "Scholing van 4.000 vakkrachten",
        description:
          "Modulaire cursussen lassen, CNC-verspanen en onderhoud, afgesloten met een branchecertificaat.",
        executingParty: "Erkende opleiders, gecontracteerd door OOM",
        participants: 4000,
        share: 0.3,
      },
      {
        theme: "oudere-vakkrachten",
        title: "Behoud van 1.000 oudere vakkrachten",
        description:
          "Oudere vakkrachten worden opgeleid tot leermeester en begeleiden leerlingen in hun eigen bedrijf.",
        executingParty: "OOM",
        participants: 1000,
        share: 0.15,
      },
    ],
    submitAt: "2013-12-16T10:12:00Z",
    completeAt: "2014-01-20T09:00:00Z",
    adviseAt: "2014-03-10T14:00:00Z",
    decideAt: "2014-04-14T11:00:00Z",
    decision: "GRANT",
    reason:
      "Het plan voldoet aan de eisen van de regeling. De maatregelen sluiten aan op de analyse van de knelpunten in de metaalbewerking.",
  },
  {
    applicant: "aanvrager.bouw@example.nl",
    organisation: "FUNDEON",
    title: "Sectorplan Bouw en Infra",
    summary:
      "Bouw en infra houden leerlingen en leerbanen vast in de crisis en begeleiden vakmensen van werk naar werk, zodat de sector bij herstel genoeg vakmensen heeft.",
    sector: "5",
    start: "2014-01-01",
    end: "2015-12-31",
    employeesInScope: 140_000,
    requested: { 2014: 9_000_000, 2015: 9_000_000 },
    security: "GUARANTEE",
    contact: { name: "Henk Bakker", email: "h.bakker@fundeon.example.nl" },
    partners: [
      partner("EMPLOYERS", "Bouwend Nederland", "Karin Mulder", "k.mulder@bouwendnederland.example.nl"),
      partner("EMPLOYEES", "FNV Bouw", "Rob de Jong", "r.dejong@fnv.example.nl"),
      partner("EMPLOYEES", "CNV Vakmensen", "Ingrid Hoekstra", "i.hoekstra@cnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "Sinds 2009 verdween een op de vijf banen in de bouw. Leerbedrijven nemen geen leerlingen meer aan, zodat opleidingen leeglopen en jonge vakmensen de sector verlaten.",
      bottlenecksExpected:
        "Bij het herstel van de woningbouw en de opgave voor energiezuinige gebouwen ontstaat een tekort aan timmerlieden, metselaars en installatiemonteurs; de vergrijzing versterkt dat.",
      targetGroups:
        "Leerlingen in de bbl, werkloze bouwvakkers en werknemers met zwaar werk op de bouwplaats.",
      goals:
        "9.000 leerlingen houden hun leerbaan, 6.000 werknemers vinden via een traject ander werk in of buiten de sector, 9.000 werknemers krijgen een loopbaanscan.",
      organisation:
        "Fundeon coördineert; de regionale opleidingsbedrijven voeren uit. Een stuurgroep van Bouwend Nederland, FNV Bouw en CNV Vakmensen beslist over bijsturing.",
      continuation:
        "De plaatsingsgarantie voor leerlingen en de loopbaanscans zijn opgenomen in de cao Bouw en Infra en worden na 2015 uit het sociaal fonds betaald.",
    },
    measures: [
      {
        theme: "jongeren",
        title: "Behoud van leerlingen en leerbanen",
        description:
          "Leerbedrijven krijgen een tegemoetkoming per leerling die zijn opleiding in de bouw kan afmaken.",
        executingParty: "Fundeon en de regionale opleidingsbedrijven",
        participants: 9000,
        share: 0.6,
      },
      {
        theme: "van-werk-naar-werk",
        title: "Van-werk-naar-werktrajecten",
        description:
          "Werknemers die hun baan dreigen te verliezen krijgen begeleiding en scholing naar een nieuwe baan.",
        executingParty: "Mobiliteitscentra van de sector",
        participants: 6000,
        share: 0.25,
      },
      {
        theme: "mobiliteit-inzetbaarheid",
        title: "Duurzame inzetbaarheid op de bouwplaats",
        description: "Loopbaanscans en advies over ander werk voor werknemers met zwaar werk.",
        executingParty: "Arbodienst Volandis",
        participants: 9000,
        share: 0.15,
      },
    ],
    submitAt: "2013-12-20T15:30:00Z",
    completeAt: "2014-01-22T10:00:00Z",
    adviseAt: "2014-03-03T10:00:00Z",
    decideAt: "2014-03-31T10:00:00Z",
    decision: "GRANT",
    reason: "Het plan voldoet aan de eisen van de regeling.",
  },
  {
    applicant: "aanvrager.stl@example.nl",
    organisation: "STL",
    title: "Sectorplan Beroepsgoederenvervoer",
    summary:
      "Het beroepsgoederenvervoer leidt jonge chauffeurs en zij-instromers op en houdt chauffeurs gezond aan het werk.",
    sector: "9",
    start: "2014-01-01",
    end: "2015-12-31",
    employeesInScope: 130_000,
    requested: { 2014: 10_000_000, 2015: 10_000_000 },
    security: "GUARANTEE",
    contact: { name: "Peter van Dijk", email: "p.vandijk@stl.example.nl" },
    partners: [
      partner("EMPLOYERS", "Transport en Logistiek Nederland", "Esther Kuipers", "e.kuipers@tln.example.nl"),
      partner("EMPLOYEES", "FNV Transport en Logistiek", "Mehmet Yilmaz", "m.yilmaz@fnv.example.nl"),
      partner("EMPLOYEES", "CNV Vakmensen", "Linda Postma", "l.postma@cnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "Vervoerders nemen nauwelijks jonge chauffeurs aan omdat zij duur zijn in opleiding en verzekering; de gemiddelde leeftijd van chauffeurs stijgt snel.",
      bottlenecksExpected:
        "Binnen vijf jaar gaan meer dan 20.000 chauffeurs met pensioen. Zonder instroom van jongeren en zij-instromers ontstaat een structureel tekort.",
      targetGroups:
        "Jongeren tot 27 jaar, werkzoekenden uit andere sectoren en chauffeurs ouder dan 45 jaar.",
      goals:
        "1.250 jonge chauffeurs en 1.000 zij-instromers met rijbewijs C/CE en code 95 aan het werk; 13.000 chauffeurs krijgen een gezondheidscheck met een persoonlijk advies.",
      organisation:
        "Het sectorinstituut voert uit met opleiders in de regio; TLN, FNV en CNV vormen de stuurgroep en ontvangen elk halfjaar een voortgangsrapportage.",
      continuation:
        "De gezondheidschecks worden na 2015 onderdeel van het periodiek medisch onderzoek dat de cao regelt; de opleiding van jonge chauffeurs loopt door via het opleidingsfonds.",
    },
    measures: [
      {
        theme: "jongeren",
        title: "1.250 jonge chauffeurs opgeleid",
        description: "Opleiding tot beroepschauffeur met een leerbaan bij een vervoerder.",
        executingParty: "Erkende rijopleiders",
        participants: 1250,
        share: 0.5,
      },
      {
        theme: "van-werk-naar-werk",
        title: "1.000 zij-instromers",
        description: "Werkzoekenden uit andere sectoren halen rijbewijs C/CE en worden geplaatst.",
        executingParty: "Sectorinstituut met UWV",
        participants: 1000,
        share: 0.3,
      },
      {
        theme: "mobiliteit-inzetbaarheid",
        title: "13.000 gezondheidschecks",
        description: "Gezondheidscheck met persoonlijk advies voor chauffeurs.",
        executingParty: "Arbodiensten",
        participants: 13000,
        share: 0.2,
      },
    ],
    submitAt: "2013-12-05T09:00:00Z",
    completeAt: "2014-01-13T09:00:00Z",
    adviseAt: "2014-02-17T09:00:00Z",
    decideAt: "2014-03-12T09:00:00Z",
    decision: "PARTIAL",
    reason:
      "De kosten van de gezondheidschecks zijn onvoldoende onderbouwd (art. 2.5, onderdeel f); de subsidie wordt met € 5 mln verlaagd.",
  },
  {
    applicant: "aanvrager.otib@example.nl",
    organisation: "OTIB",
    title: "Sectorplan Technische Installatiebranche",
    summary:
      "De installatiebranche creëert extra leerwerkplekken en schoolt monteurs bij voor de verduurzaming van gebouwen.",
    sector: "5",
    start: "2014-07-01",
    end: "2016-06-30",
    employeesInScope: 150_000,
    requested: { 2014: 4_700_000, 2015: 9_350_000, 2016: 4_650_000 },
    security: "GUARANTEE",
    contact: { name: "Monique Vermeulen", email: "m.vermeulen@otib.example.nl" },
    partners: [
      partner("EMPLOYERS", "UNETO-VNI", "Bas Hendriks", "b.hendriks@uneto-vni.example.nl"),
      partner("EMPLOYEES", "FNV Bouw", "Thijs Koster", "t.koster@fnv.example.nl"),
      partner("EMPLOYEES", "CNV Vakmensen", "Yvonne Brouwer", "y.brouwer@cnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "Installatiebedrijven bieden minder leerwerkplekken aan; het aantal eerstejaars bbl-leerlingen is sinds 2011 met een derde gedaald.",
      bottlenecksExpected:
        "Energiebesparing en duurzame installaties vragen de komende vijf jaar duizenden monteurs met nieuwe vaardigheden, terwijl veel ervaren monteurs uitstromen.",
      targetGroups:
        "Bbl-leerlingen elektrotechniek en werktuigbouw, en zittende monteurs die bijscholing nodig hebben.",
      goals:
        "2.800 extra leerwerkplekken boven het niveau van 2013 en 3.500 monteurs met een certificaat voor warmtepompen, zonnepanelen of slimme meters.",
      organisation:
        "OTIB voert uit en verantwoordt zich aan het bestuur van het opleidingsfonds, waarin UNETO-VNI, FNV en CNV zitting hebben.",
      continuation:
        "De bijscholingsmodules worden opgenomen in het vaste cursusaanbod van het opleidingsfonds; de leerwerkplekken worden gefinancierd uit de cao-premie.",
    },
    measures: [
      {
        theme: "jongeren",
        title: "2.800 extra leerwerkplekken",
        description:
          "Een bijdrage per extra leerling boven het aantal van 2013, voor de duur van de opleiding.",
        executingParty: "OTIB",
        participants: 2800,
        share: 0.7,
      },
      {
        theme: "scholing",
        title: "Verduurzaming vastgoed: bijscholing monteurs",
        description:
          "Cursussen warmtepompen, zonne-energie en slimme meters, afgesloten met een certificaat.",
        executingParty: "Erkende opleiders in de installatietechniek",
        participants: 3500,
        share: 0.3,
      },
    ],
    submitAt: "2014-04-15T11:00:00Z",
    completeAt: "2014-04-22T11:00:00Z",
    adviseAt: "2014-05-06T11:00:00Z",
    decideAt: "2014-05-15T11:00:00Z",
    decision: "GRANT",
    reason: "Het plan voldoet aan de eisen van de regeling.",
  },
  {
    applicant: "aanvrager.svgb@example.nl",
    organisation: "SVGB",
    title: "Sectorplan Kleinschalig Specialistisch Vakmanschap",
    summary:
      "Kleine ambachtelijke bedrijven houden specialistisch vakmanschap in stand met vakmanschapstrajecten en leerwerkplaatsen.",
    sector: "21",
    start: "2014-07-01",
    end: "2016-06-30",
    employeesInScope: 30_000,
    requested: { 2014: 300_000, 2015: 650_000, 2016: 350_000 },
    security: "EQUITY",
    contact: { name: "Gerrit Schouten", email: "g.schouten@svgb.example.nl" },
    partners: [
      partner(
        "EMPLOYERS",
        "Koninklijke Vereniging van Ambachtelijke Ondernemers",
        "Anouk Peters",
        "a.peters@ambacht.example.nl",
      ),
      partner("EMPLOYEES", "FNV Ambacht", "Wim de Graaf", "w.degraaf@fnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "In ambachten als uurwerkmaken, edelsmeden en orgelbouw werken veel eenmanszaken en kleine bedrijven die geen leerling kunnen begeleiden; kennis gaat verloren als vakmensen stoppen.",
      bottlenecksExpected:
        "Binnen vijf jaar stopt naar verwachting een kwart van de ambachtelijke vakmensen zonder opvolger.",
      targetGroups:
        "Werknemers en zelfstandigen in kleinschalige ambachten, en jongeren die een ambacht willen leren.",
      goals:
        "2.000 vakmensen volgen een vakmanschapstraject; 300 jongeren leren een ambacht in een leerwerkplaats.",
      organisation:
        "SVGB voert uit met de brancheverenigingen; de partners overleggen elk halfjaar over de voortgang.",
      continuation:
        "De leerwerkplaatsen blijven bestaan als gezamenlijke voorziening van de brancheverenigingen, betaald uit contributies.",
    },
    measures: [
      {
        theme: "scholing",
        title: "Vakmanschapstrajecten in 13.000 mkb-bedrijven",
        description: "Meester-gezeltrajecten waarin ervaren vakmensen kennis overdragen.",
        executingParty: "SVGB",
        participants: 2000,
        share: 0.6,
      },
      {
        theme: "jongeren",
        title: "Leerwerkplaatsen voor ambachtelijke beroepen",
        description:
          "Gezamenlijke leerwerkplaatsen waar jongeren het vak leren bij meerdere kleine bedrijven.",
        executingParty: "Brancheverenigingen",
        participants: 300,
        share: 0.4,
      },
    ],
    submitAt: "2014-04-28T13:00:00Z",
    completeAt: "2014-05-06T13:00:00Z",
    adviseAt: "2014-06-02T13:00:00Z",
    decideAt: "2014-07-01T13:00:00Z",
    decision: "REJECT",
    reason:
      "Illustratief: het financieringsplan laat niet zien dat de sector deze maatregelen zonder de cofinanciering niet kan betalen. (De echte aanvraag is niet op deze grond beoordeeld; dit demonstreert een afwijzing.)",
  },
];

const euroInput = (cents: bigint) => centsToInputString(cents);

/** Cents per measure per year: each measure its share of twice the request, the last one the rest. */
function measureCosts(plan: PlanContent): bigint[][] {
  const years = Object.entries(plan.requested).map(([, euros]) => EUR(euros * 2));
  return plan.measures.map((m, i) =>
    years.map((yearCosts) => {
      if (i < plan.measures.length - 1) return EUR(Math.round((Number(yearCosts) / 100) * m.share));
      const others = plan.measures
        .slice(0, -1)
        .reduce((sum, o) => sum + EUR(Math.round((Number(yearCosts) / 100) * o.share)), 0n);
      return yearCosts - others;
    }),
  );
}

/** The wizard's six forms as the applicant would fill them in, the lead applicant from its organisation. */
function stepInputs(plan: PlanContent): StepInputs {
  const org = ORGANISATIONS[plan.organisation];
  const years = Object.keys(plan.requested).map(Number);
  const costs = measureCosts(plan);
  const requestedTotal = Object.values(plan.requested).reduce((sum, euros) => sum + EUR(euros), 0n);
  return {
    lead: {
      title: plan.title,
      summary: plan.summary,
      periodStart: plan.start,
      periodEnd: plan.end,
      leadName: org.name,
      leadKvk: org.kvkNumber,
      leadLegalForm: org.legalForm,
      leadAddress: `${org.street}, ${org.postalCode} ${org.city}`,
      leadIban: org.iban,
      contactName: plan.contact.name,
      contactEmail: plan.contact.email,
      securityKind: plan.security,
      // The whole request: the regulation asks at least 80% of it (art. 2.2).
      securityAmount: euroInput(requestedTotal),
      coverage: "SECTORS",
      sectorCodes: [plan.sector],
      regionCodes: [],
      employeesInScope: String(plan.employeesInScope),
    },
    partnership: { partners: plan.partners },
    analysis: plan.analysis,
    measures: {
      measures: plan.measures.map((m, i) => {
        const perYear = costs[i] ?? [];
        const total = perYear.reduce((sum, c) => sum + c, 0n);
        const participants = BigInt(m.participants);
        return {
          theme: m.theme,
          title: m.title,
          description: m.description,
          conditions: m.conditions ?? "",
          executingParty: m.executingParty,
          participants: String(m.participants),
          // Stated only where it divides evenly: the form checks participants × cost against the total.
          costPerParticipant: total % participants === 0n ? euroInput(total / participants) : "",
          category: m.category?.code ?? "",
          wageCostsPerParticipant: m.category ? euroInput(EUR(m.category.wageCostsEuros)) : "",
          netJobGrowth: m.category !== undefined,
          costs: years.map((year, y) => ({ year, amount: euroInput(perYear[y] ?? 0n) })),
        };
      }),
    },
    budget: {
      rows: years.map((year) => {
        const requested = EUR(plan.requested[year] ?? 0);
        return {
          year,
          requested: euroInput(requested),
          // Costs are twice the request, so the sector's own contribution equals it.
          ownContribution: euroInput(requested),
          otherSources: "0",
        };
      }),
      otherSourcesDescription: "",
      noDoubleFunding: true,
      advancesRequested: true,
    },
    submit: { truthful: true, stateAid: true },
  };
}

/** A one-page PDF standing in for the signed partnership agreement (step 6 requires one). */
async function agreementPdf(plan: PlanContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(now());
  doc.setModificationDate(now());
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  const lines = [
    "Samenwerkingsovereenkomst",
    plan.title,
    "",
    ...plan.partners.map((p) => p.name),
    "",
    "Ondertekend door de partijen (demonstratie).",
  ];
  lines.forEach((text, i) => {
    page.drawText(text, { x: 60, y: 760 - i * 18, size: i === 0 ? 16 : 11, font });
  });
  return doc.save();
}

const FORM_STEPS: FormStepKey[] = ["lead", "partnership", "analysis", "measures", "budget", "submit"];

/** Creates the plan, saves every step, uploads the agreement and submits, at the clock's time. */
async function submitSeedPlan(
  plan: PlanContent,
  applicant: Actor,
  options: { regulationId?: string } = {},
): Promise<{ id: string; version: number }> {
  const { id } = await createDraftPlan(applicant, options);
  const inputs = stepInputs(plan);
  let version = 1;
  for (const step of FORM_STEPS) ({ version } = await saveStep(applicant, id, version, step, inputs[step]));
  // A file changes the draft's version, as a save does.
  ({ version } = await uploadAttachment(applicant, id, {
    kind: "PARTNERSHIP_AGREEMENT",
    filename: "samenwerkingsovereenkomst.pdf",
    bytes: await agreementPdf(plan),
  }));
  ({ version } = await submitPlan(applicant, id, version));
  return { id, version };
}

async function runHistoricPlan(plan: HistoricPlan, actors: Map<string, Actor>) {
  const actor = (email: string) => actors.get(email) as Actor;
  try {
    setClock(new Date(plan.submitAt));
    const submitted = await submitSeedPlan(plan, actor(plan.applicant));
    const id = submitted.id;
    let version = submitted.version;
    await sendLettersAsThen(id);
    setClock(new Date(plan.completeAt));
    ({ version } = await markComplete(actor("behandelaar@example.nl"), id, version, {
      agreementSigned: true,
    }));

    const requested = Object.entries(plan.requested).map(([year, euros]) => ({ year: Number(year), euros }));
    const granted = requested.map((r) => ({
      year: r.year,
      // The partial grant of the transport plan: EUR 5M less, spread evenly over its years.
      euros:
        plan.decision === "PARTIAL"
          ? r.euros - 5_000_000 / requested.length
          : plan.decision === "REJECT"
            ? 0
            : r.euros,
    }));
    const amounts = granted.map((g) => ({ year: g.year, amount: EUR(g.euros) }));
    setClock(new Date(plan.adviseAt));
    version = await adviseAsActieteam(actor("adviseur@example.nl"), id, version, {
      score: plan.decision === "REJECT" ? 2 : 4,
      recommendation: plan.decision === "PARTIAL" ? "PARTIAL_GRANT" : plan.decision,
      reason: plan.reason,
      amounts,
    });
    setClock(new Date(plan.decideAt));
    await decidePlan(actor("beslisser@example.nl"), id, version, {
      outcome: plan.decision === "REJECT" ? "REJECT" : "GRANT",
      // A rejection rests on a ground (decision/grounds.ts): here art. 2.5's need for co-financing.
      // A partial grant refuses the rest on a ground too: art. 2.5 f, costs not substantiated.
      ground:
        plan.decision === "REJECT"
          ? "art-2.5-noodzaak"
          : plan.decision === "PARTIAL"
            ? "art-2.5-kosten"
            : undefined,
      reason: plan.reason,
      amounts: plan.decision === "REJECT" ? [] : amounts,
    });
    await sendLettersAsThen(id);
  } finally {
    setClock(null);
  }
}

/** Demo plans in today's window, so that each staff queue has work. */
async function seedDemoPlans(actors: Map<string, Actor>) {
  const year = Number(amsterdamDate(now()).slice(0, 4));
  const plan: PlanContent = {
    applicant: "aanvrager.bouw@example.nl",
    organisation: "FUNDEON",
    title: "Sectorplan Bouw: vakmanschap en instroom",
    summary: "Demonstratieplan: instroom van jongeren en zij-instromers in de bouw en infra.",
    sector: "5",
    start: `${year + 1}-01-01`,
    end: `${year + 2}-12-31`,
    employeesInScope: 140_000,
    requested: { [year + 1]: 800_000, [year + 2]: 800_000 },
    security: "GUARANTEE",
    contact: { name: "Henk Bakker", email: "h.bakker@fundeon.example.nl" },
    partners: [
      partner("EMPLOYERS", "Bouwend Nederland", "Karin Mulder", "k.mulder@bouwendnederland.example.nl"),
      partner("EMPLOYEES", "FNV Bouwen en Wonen", "Rob de Jong", "r.dejong@fnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "Bouwbedrijven kunnen vacatures voor timmerlieden, metselaars en grondwerkers maanden niet vervullen; projecten lopen daardoor vertraging op.",
      bottlenecksExpected:
        "De woningbouwopgave en de verduurzaming van bestaande woningen vragen de komende vijf jaar tienduizenden extra vakmensen, terwijl een kwart van de huidige vakmensen uitstroomt.",
      targetGroups:
        "Jongeren zonder startkwalificatie en werknemers uit krimpende sectoren zoals de detailhandel.",
      goals:
        "400 jongeren halen een mbo-diploma in de bouw en 160 zij-instromers werken na hun traject ten minste een jaar in de sector.",
      organisation:
        "Fundeon coördineert; de regionale opleidingsbedrijven werven deelnemers en begeleiden hen op de bouwplaats. Elk kwartaal rapporteert Fundeon aan de partners.",
      continuation:
        "Na de looptijd betaalt het sociaal fonds de begeleiding van leerlingen; de zij-instroomroute wordt een vast onderdeel van het opleidingsaanbod.",
    },
    measures: [
      {
        theme: "jongeren",
        title: "Leerbanen voor 400 jongeren",
        description:
          "Een leerbaan met een praktijkopleider op de bouwplaats en een bbl-opleiding op niveau 2 of 3.",
        conditions: "Jongeren tot 27 jaar met een leerovereenkomst van ten minste een jaar.",
        executingParty: "Regionale opleidingsbedrijven",
        participants: 400,
        share: 0.75,
      },
      {
        theme: "van-werk-naar-werk",
        title: "Zij-instroom van kwetsbare werkzoekenden",
        description:
          "Bouwbedrijven nemen werkzoekenden met een afstand tot de arbeidsmarkt in dienst, bovenop hun huidige personeel, met een verkort opleidingstraject en begeleiding op de bouwplaats.",
        executingParty: "Fundeon met UWV",
        participants: 160,
        share: 0.25,
        // The 2013 regulation's art. 4.4 at 100%: € 800.000 over 160 hires is € 5.000 each, within
        // 20% of € 38.000 wage costs (€ 7.600). The request (€ 800.000 a year) stays within the
        // year's most (€ 600.000 + € 400.000), and its split over the years is still half and half.
        category: { code: "kwetsbare-werknemers", wageCostsEuros: 38_000 },
      },
    ],
  };
  const demo = await prisma.regulation.findUniqueOrThrow({ where: { code: "DEMO" }, select: { id: true } });
  await submitSeedPlan(plan, actors.get(plan.applicant) as Actor, { regulationId: demo.id });
  await seedAdvisedDemoPlan(actors, demo.id, year);
}

/**
 * A second plan in today's window, complete and advised (grant in full), so that the decision
 * maker finds a plan to decide at the first login, with the live budget impact of today's pots.
 * The other demo plan waits for the handler; the historic ones were decided long ago.
 */
async function seedAdvisedDemoPlan(actors: Map<string, Actor>, regulationId: string, year: number) {
  const actor = (email: string) => actors.get(email) as Actor;
  const plan: PlanContent = {
    applicant: "aanvrager.metaal@example.nl",
    organisation: "OOM",
    title: "Sectorplan Metaal: technici voor de energietransitie",
    summary:
      "Demonstratieplan: omscholing van monteurs en lassers voor warmtepompen, laadpalen en netwerken.",
    sector: "3",
    start: `${year + 1}-03-01`,
    end: `${year + 2}-08-31`,
    employeesInScope: 150_000,
    requested: { [year + 1]: 450_000, [year + 2]: 350_000 },
    security: "EQUITY",
    contact: { name: "Marieke de Vries", email: "m.devries@oom.example.nl" },
    partners: [
      partner("EMPLOYERS", "Koninklijke Metaalunie", "Peter Smits", "p.smits@metaalunie.example.nl"),
      partner("EMPLOYEES", "FNV Metaal", "Linda Hendriks", "l.hendriks@fnv.example.nl"),
    ],
    analysis: {
      bottlenecksNow:
        "Installateurs en metaalbedrijven vinden te weinig monteurs die warmtepompen, laadpalen en zonnestroominstallaties kunnen aansluiten.",
      bottlenecksExpected:
        "De energietransitie vraagt de komende vijf jaar duizenden extra technici, terwijl de instroom uit het mbo daalt en veel ervaren monteurs met pensioen gaan.",
      targetGroups:
        "Monteurs en lassers in de metaal die zich willen bijscholen, en zij-instromers uit de logistiek.",
      goals:
        "300 monteurs halen een erkend certificaat voor warmtepompen of laadinfrastructuur; 80 zij-instromers werken na een jaar nog in de sector.",
      organisation:
        "OOM coördineert en betaalt de opleidingen; de regionale opleidingscentra leiden op en de werkgevers stellen leerplaatsen beschikbaar.",
      continuation:
        "Na de looptijd zijn de certificeringstrajecten onderdeel van het vaste scholingsaanbod van OOM, betaald uit het opleidingsfonds.",
    },
    measures: [
      {
        theme: "scholing",
        title: "Bijscholing warmtepompen en laadpalen",
        description: "Een praktijkopleiding van twaalf dagen met examen voor het erkende certificaat.",
        executingParty: "Regionale opleidingscentra metaal",
        participants: 300,
        share: 0.7,
      },
      {
        theme: "van-werk-naar-werk",
        title: "Zij-instroom uit de logistiek",
        description:
          "Een omscholingstraject van een half jaar met een baangarantie bij een deelnemend bedrijf.",
        executingParty: "OOM met UWV",
        participants: 80,
        share: 0.3,
      },
    ],
  };
  const submitted = await submitSeedPlan(plan, actor(plan.applicant), { regulationId });
  const { version } = await markComplete(actor("behandelaar@example.nl"), submitted.id, submitted.version, {
    agreementSigned: true,
  });
  await adviseAsActieteam(actor("adviseur@example.nl"), submitted.id, version, {
    score: 4,
    recommendation: "GRANT",
    reason:
      "Het plan pakt een aangetoond tekort aan; de kosten per deelnemer liggen in lijn met vergelijkbare plannen.",
    amounts: Object.entries(plan.requested).map(([y, euros]) => ({ year: Number(y), amount: EUR(euros) })),
  });
}

/**
 * The Actieteam's part: the adviser claims the plan, declares no conflict of interest, scores every
 * criterion alike and advises. Returns the plan's new version.
 */
async function adviseAsActieteam(
  adviser: Actor,
  planId: string,
  version: number,
  advice: {
    score: number;
    recommendation: "GRANT" | "PARTIAL_GRANT" | "REJECT";
    reason: string;
    amounts: { year: number; amount: bigint }[];
  },
): Promise<number> {
  await claimPlan(adviser, planId);
  await declareInterest(adviser, planId, { conflict: false });
  const recorded = await recordAdvice(adviser, planId, version, {
    scores: demoScores(advice.score),
    recommendation: advice.recommendation,
    text: advice.reason,
    amounts: advice.amounts,
  });
  return recorded.version;
}

/** `--plans N [--seed S]`: bulk data for load tests on top of the demo data (prisma/seed/bulk-plans.ts). */
function bulkArgs(argv: string[]): { plans: number; seed: number } | null {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const plans = value("--plans");
  if (plans === undefined) return null;
  const seed = value("--seed") ?? 42;
  if (!Number.isInteger(plans) || plans < 1 || !Number.isInteger(seed)) {
    throw new Error("gebruik: --plans <aantal> [--seed <geheel getal>]");
  }
  return { plans, seed };
}

async function main() {
  const bulk = bulkArgs(process.argv.slice(2));
  if (await alreadySeeded()) {
    console.log("seed: de demodata staan er al; niets gedaan.");
  } else {
    await seedDemo();
  }
  if (bulk) {
    const t0 = Date.now();
    const r = await seedBulkPlans(databaseUrl(), bulk);
    console.log(
      r.skipped
        ? "seed: de bulkdata staan er al; niets gedaan."
        : `seed: bulk (seed ${bulk.seed}): ${r.plans} plannen, ${r.measures} maatregelen, ${r.entries} boekingen in ${Date.now() - t0} ms.`,
    );
  }
}

async function seedDemo() {
  await seedRealScheme();
  await seedDemoRegulation();
  const actors = await seedUsers();
  for (const plan of HISTORIC) await runHistoricPlan(plan, actors);
  await seedDemoPlans(actors);
  // Finance (issue 6), in this order: the historic advances are paid before the settlements use
  // them; the waiting list comes last, because its plans would make any later complete plan of
  // the fund wait behind them.
  await seedPayments(actors);
  await seedSettlements(actors);
  await seedWaitingList(actors);
  // The history's terms ended years ago: the demo should not start by mailing about them.
  await prisma.reminder.updateMany({
    where: { sentAt: null, cancelledAt: null, termEnd: { lt: startOfAmsterdamDay(amsterdamDate(now())) } },
    data: { cancelledAt: now() },
  });
  // What the portal told the organisations years ago they have read by now: the bell counts
  // only today's news (the demo plans of today's window).
  await prisma.notification.updateMany({
    where: { readAt: null, createdAt: { lt: startOfAmsterdamDay(amsterdamDate(now())) } },
    data: { readAt: now() },
  });
  const counts = await Promise.all([
    prisma.plan.count(),
    prisma.ledgerEntry.count(),
    prisma.outboxMessage.count(),
  ]);
  console.log(`seed: ${counts[0]} plannen, ${counts[1]} boekingen, ${counts[2]} uitgaande berichten.`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => disconnectPrisma());
