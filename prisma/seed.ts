/**
 * Demo data: the real scheme (design.md §2; domain-facts.md §13–14) and a demonstration
 * regulation whose window opens today, so that a newcomer can apply at once. Historic plans are
 * driven through the real use cases with the clock set back, so their ledger, events and letters
 * are exactly what the portal itself would have produced. Runs once: a second run changes nothing.
 *
 *   node --import tsx prisma/seed.ts        (npm start and npm test call it)
 */
import { readFileSync } from "node:fs";
import { hashPassword } from "../app/auth/password.server.ts";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import type { Actor } from "../app/domain/actor.ts";
import { now, setClock } from "../app/domain/clock.ts";
import { planFormSchema } from "../app/domain/plan/plan-form.ts";
import {
  createDraftPlan,
  decidePlan,
  markComplete,
  recordAdvice,
  savePlanDraft,
  submitPlan,
} from "../app/domain/plan/plans.server.ts";
import { planFormRules } from "../app/domain/regulation/regulation.server.ts";
import { amsterdamDate, parseLocalDate, startOfAmsterdamDay } from "../app/domain/time/index.ts";
import type { Role } from "../app/generated/prisma/enums.ts";
import { CRITERIA, OVERHEAD_TIERS, REGIONS, SECTORS, SZW, THEMES } from "./seed/regulation-data.ts";

type SeedUser = {
  role: Role;
  email: string;
  password: string;
  name: string;
  organisation?: string;
  /** Tekenbevoegde of its organisation (may submit plans). */
  signatory?: boolean;
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
      fund: "SOCIAAL-AKKOORD-2013",
      cofinancingRateBp: 5000,
      minimumRequestCents: EUR(250_000),
      maxDurationMonths: 24,
      themes: THEMES,
      sectors: SECTORS,
      regions: REGIONS,
      criteria: CRITERIA,
      overheadTiers: OVERHEAD_TIERS,
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
      fund: "DEMO",
      isDemonstration: true,
      cofinancingRateBp: 5000,
      minimumRequestCents: EUR(250_000),
      maxDurationMonths: 24,
      themes: THEMES,
      sectors: SECTORS,
      regions: REGIONS,
      criteria: CRITERIA,
      overheadTiers: OVERHEAD_TIERS,
      ...SZW,
    },
  });
  // A window that opens today and stays open two years; plans run up to two years, so envelopes for five years.
  for (let y = year; y <= year + 4; y++) {
    const pot = await createPot("YEAR", `Begrotingsjaar ${y} (demonstratie)`, EUR(60_000_000));
    await prisma.budgetEnvelope.create({
      data: { fund: "DEMO", year: y, illustrative: true, note: "Demonstratie.", potId: pot.id },
    });
  }
  const pot = await createPot("WINDOW", "Subsidieplafond demonstratietijdvak", EUR(100_000_000));
  const opens = startOfAmsterdamDay(today);
  const closes = startOfAmsterdamDay(parseLocalDate(`${year + 2}${today.slice(4)}`));
  await prisma.applicationWindow.create({
    data: {
      regulationId: regulation.id,
      name: "Demonstratietijdvak",
      opensAt: opens,
      closesAt: closes,
      potId: pot.id,
    },
  });
}

async function seedUsers() {
  const orgIds = new Map<OrgKey, string>();
  for (const [key, data] of Object.entries(ORGANISATIONS) as [OrgKey, (typeof ORGANISATIONS)[OrgKey]][]) {
    const org = await prisma.organisation.create({ data: { ...data }, select: { id: true } });
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
        memberships: {
          create: { role: u.role, organisationId: organisationId ?? null, isSignatory: u.signatory ?? false },
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

type HistoricPlan = {
  applicant: string;
  title: string;
  sector: string;
  start: string;
  end: string;
  /** Requested subsidy per year in euros; the costs are twice that (50% co-financing). */
  requested: Record<number, number>;
  measures: { theme: string; title: string; participants: number; share: number }[];
  submitAt: string;
  completeAt: string;
  adviseAt: string;
  decideAt: string;
  decision: "GRANT" | "PARTIAL" | "REJECT";
  reason: string;
};

const HISTORIC: HistoricPlan[] = [
  {
    applicant: "aanvrager.metaal@example.nl",
    title: "Sectorplan Metaalbewerking 2013–2015",
    sector: "3",
    start: "2013-09-01",
    end: "2015-08-31",
    requested: { 2013: 2_500_000, 2014: 8_500_000, 2015: 6_100_000 },
    measures: [
      { theme: "jongeren", title: "2.600 extra leerwerkplekken (bbl)", participants: 2600, share: 0.55 },
      { theme: "scholing", title: "Scholing van 4.000 vakkrachten", participants: 4000, share: 0.3 },
      {
        theme: "oudere-vakkrachten",
        title: "Behoud van 1.000 oudere vakkrachten",
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
    title: "Sectorplan Bouw en Infra",
    sector: "5",
    start: "2014-01-01",
    end: "2015-12-31",
    requested: { 2014: 9_000_000, 2015: 9_000_000 },
    measures: [
      { theme: "jongeren", title: "Behoud van leerlingen en leerbanen", participants: 9000, share: 0.6 },
      { theme: "van-werk-naar-werk", title: "Van-werk-naar-werktrajecten", participants: 6000, share: 0.25 },
      {
        theme: "mobiliteit-inzetbaarheid",
        title: "Duurzame inzetbaarheid op de bouwplaats",
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
    title: "Sectorplan Beroepsgoederenvervoer",
    sector: "9",
    start: "2014-01-01",
    end: "2015-12-31",
    requested: { 2014: 10_000_000, 2015: 10_000_000 },
    measures: [
      { theme: "jongeren", title: "1.250 jonge chauffeurs opgeleid", participants: 1250, share: 0.5 },
      { theme: "van-werk-naar-werk", title: "1.000 zij-instromers", participants: 1000, share: 0.3 },
      {
        theme: "mobiliteit-inzetbaarheid",
        title: "13.000 gezondheidschecks",
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
    title: "Sectorplan Technische Installatiebranche",
    sector: "5",
    start: "2014-07-01",
    end: "2016-06-30",
    requested: { 2014: 4_700_000, 2015: 9_350_000, 2016: 4_650_000 },
    measures: [
      { theme: "jongeren", title: "2.800 extra leerwerkplekken", participants: 2800, share: 0.7 },
      {
        theme: "scholing",
        title: "Verduurzaming vastgoed: bijscholing monteurs",
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
    title: "Sectorplan Kleinschalig Specialistisch Vakmanschap",
    sector: "21",
    start: "2014-07-01",
    end: "2016-06-30",
    requested: { 2014: 300_000, 2015: 650_000, 2016: 350_000 },
    measures: [
      {
        theme: "scholing",
        title: "Vakmanschapstrajecten in 13.000 mkb-bedrijven",
        participants: 2000,
        share: 0.6,
      },
      {
        theme: "jongeren",
        title: "Leerwerkplaatsen voor ambachtelijke beroepen",
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
      "Illustratief: de noodzaak van cofinanciering is niet aangetoond (art. 2.5, onderdeel g). (De echte aanvraag is niet op deze grond beoordeeld; dit demonstreert een afwijzing.)",
  },
];

function costsFor(plan: HistoricPlan, share: number) {
  return Object.entries(plan.requested).map(([year, euros]) => ({
    year: Number(year),
    // Costs are twice the subsidy (50% co-financing), split over the measures by share.
    amount: (Math.round(euros * 2 * share * 100) / 100).toFixed(2).replace(".", ","),
  }));
}

async function runHistoricPlan(plan: HistoricPlan, actors: Map<string, Actor>) {
  const actor = (email: string) => actors.get(email) as Actor;
  const applicant = actor(plan.applicant);
  try {
    setClock(new Date(plan.submitAt));
    const { id } = await createDraftPlan(applicant);
    const draft = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const rules = await planFormRules(prisma, draft.regulationId);
    const values = planFormSchema(rules).parse({
      title: plan.title,
      summary: "",
      sectorCode: plan.sector,
      periodStart: plan.start,
      periodEnd: plan.end,
      advancesRequested: true,
      measures: plan.measures.map((m) => ({
        theme: m.theme,
        title: m.title,
        participants: String(m.participants),
        costs: costsFor(plan, m.share),
      })),
      requested: Object.entries(plan.requested).map(([year, euros]) => ({
        year: Number(year),
        amount: euros.toFixed(2).replace(".", ","),
      })),
    });
    let { version } = await savePlanDraft(applicant, id, 1, values);
    ({ version } = await submitPlan(applicant, id, version));
    setClock(new Date(plan.completeAt));
    ({ version } = await markComplete(actor("behandelaar@example.nl"), id, version));

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
    ({ version } = await recordAdvice(actor("adviseur@example.nl"), id, version, {
      recommendation: plan.decision === "PARTIAL" ? "PARTIAL_GRANT" : plan.decision,
      text: plan.reason,
      amounts,
    }));
    setClock(new Date(plan.decideAt));
    await decidePlan(actor("beslisser@example.nl"), id, version, {
      outcome: plan.decision === "REJECT" ? "REJECT" : "GRANT",
      reason: plan.reason,
      amounts: plan.decision === "REJECT" ? [] : amounts,
    });
  } finally {
    setClock(null);
  }
}

/** Demo plans in today's window, so that each staff queue has work. */
async function seedDemoPlans(actors: Map<string, Actor>) {
  const applicant = actors.get("aanvrager.bouw@example.nl") as Actor;
  const { id } = await createDraftPlan(applicant);
  const draft = await prisma.plan.findUniqueOrThrow({ where: { id } });
  const rules = await planFormRules(prisma, draft.regulationId);
  const year = Number(amsterdamDate(now()).slice(0, 4));
  const start = `${year + 1}-01-01`;
  const end = `${year + 2}-12-31`;
  const values = planFormSchema(rules).parse({
    title: "Sectorplan Bouw: vakmanschap en instroom",
    summary: "Demonstratieplan: instroom van jongeren en zij-instromers in de bouw en infra.",
    sectorCode: "5",
    periodStart: start,
    periodEnd: end,
    advancesRequested: true,
    measures: [
      {
        theme: "jongeren",
        title: "Leerbanen voor 400 jongeren",
        participants: "400",
        costs: [
          { year: year + 1, amount: "1.200.000,00" },
          { year: year + 2, amount: "1.200.000,00" },
        ],
      },
      {
        theme: "van-werk-naar-werk",
        title: "Zij-instroom vanuit krimpsectoren",
        participants: "150",
        costs: [
          { year: year + 1, amount: "450.000,00" },
          { year: year + 2, amount: "450.000,00" },
        ],
      },
    ],
    requested: [
      { year: year + 1, amount: "800.000,00" },
      { year: year + 2, amount: "800.000,00" },
    ],
  });
  const { version } = await savePlanDraft(applicant, id, 1, values);
  await submitPlan(applicant, id, version);
}

async function main() {
  if (await alreadySeeded()) {
    console.log("seed: de demodata staan er al; niets gedaan.");
    return;
  }
  await seedRealScheme();
  await seedDemoRegulation();
  const actors = await seedUsers();
  for (const plan of HISTORIC) await runHistoricPlan(plan, actors);
  await seedDemoPlans(actors);
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
