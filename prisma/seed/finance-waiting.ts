import { composeIBAN, friendlyFormatIBAN } from "ibantools";
import { hashPassword } from "../../app/auth/password.server.ts";
import { prisma } from "../../app/db/client.server.ts";
import type { Actor } from "../../app/domain/actor.ts";
import { claimPlan, declareInterest } from "../../app/domain/assessment/assignment.server.ts";
import { setClock } from "../../app/domain/clock.ts";
import {
  createDraftPlan,
  markComplete,
  recordAdvice,
  submitPlan,
} from "../../app/domain/plan/plans.server.ts";
import { saveAllSteps, uploadAgreement } from "../../app/test/plan-steps.server.ts";
import { validPlanDraft } from "../../app/test/scenario.server.ts";
import { sendLettersAsThen } from "./letters-then.ts";
import { demoScores } from "./regulation-data.ts";

/**
 * The waiting list of the demo (issue 6): late in the 2014 window (Tijdvak 2, ceiling € 205 mln)
 * two large plans take nearly all that is left of the ceiling, and three plans completed after
 * them wait for budget in order of receipt — the last one (€ 5 mln) would fit in the € 6,3 mln
 * left, but may not overtake the two before it (regulation art. 1.5). The window's other plans
 * were decided long ago; these stay where 2014 left them (the first two in assessment).
 *
 * A waiting plan is assessed while it waits: once its window closed it is granted for what is left
 * only on advice (ADR 0011). The first in line (Kinderopvang) was advised in 2014 and still waits;
 * the two behind it have no adviser yet, which the waiting list and the coordinator's overview show.
 */

type WaitingSeedPlan = {
  /** The sector's fund that applies; created with one signatory (not a printed demo login). */
  organisation: { name: string; kvk: string; city: string; bank: string; account: string; sector: string };
  title: string;
  /** Requested per year, 2014 and 2015 (euros as the form writes them). */
  perYear: string;
  /** The measures' costs per year; the regulation pays at most half. */
  cost: string;
  submitAt: string;
  completeAt: string;
  /** When the Actieteam advised on it while it waited (adviseur2 claims, declares, advises). */
  advisedAt?: string;
  /** What makes the tests' plan this sector's: its partners, contact and shortage. */
  sector: { employers: string; employees: string; contact: string; shortage: string; training: string };
};

const PLANS: WaitingSeedPlan[] = [
  {
    organisation: {
      name: "Stichting Arbeidsmarkt Zorg Noord- en Oost-Nederland",
      kvk: "60010014",
      city: "Zwolle",
      bank: "RABO",
      account: "0123000114",
      sector: "18",
    },
    title: "Sectorplan Zorg en Welzijn Noord- en Oost-Nederland",
    perYear: "45.000.000,00",
    cost: "90.000.000,00",
    submitAt: "2014-05-12T09:00:00Z",
    completeAt: "2014-05-19T09:00:00Z",
    sector: {
      employers: "ActiZ, organisatie van zorgaanbieders",
      employees: "FNV Zorg & Welzijn",
      contact: "Ingrid Bosma",
      shortage:
        "Zorginstellingen in Noord- en Oost-Nederland vinden te weinig verpleegkundigen en verzorgenden voor de wijkzorg.",
      training: "Bij- en omscholing tot verzorgende IG en wijkverpleegkundige bij erkende zorgopleiders.",
    },
  },
  {
    organisation: {
      name: "Stichting Arbeidsmarkt Zorg Zuid- en West-Nederland",
      kvk: "60010022",
      city: "Breda",
      bank: "ABNA",
      account: "0456000222",
      sector: "18",
    },
    title: "Sectorplan Zorg en Welzijn Zuid- en West-Nederland",
    perYear: "45.000.000,00",
    cost: "90.000.000,00",
    submitAt: "2014-05-13T10:00:00Z",
    completeAt: "2014-05-20T10:00:00Z",
    sector: {
      employers: "Nederlandse Vereniging van Ziekenhuizen",
      employees: "CNV Zorg & Welzijn",
      contact: "Mark Verhoeven",
      shortage:
        "Ziekenhuizen en verpleeghuizen in Zuid- en West-Nederland vinden te weinig operatie- en IC-verpleegkundigen.",
      training: "Vervolgopleidingen tot operatie- en IC-verpleegkundige in samenwerking met de ziekenhuizen.",
    },
  },
  {
    organisation: {
      name: "Stichting Fonds Kinderopvang",
      kvk: "60010030",
      city: "Utrecht",
      bank: "INGB",
      account: "0007000330",
      sector: "19",
    },
    title: "Sectorplan Kinderopvang: vakmanschap en behoud",
    perYear: "6.000.000,00",
    cost: "12.500.000,00",
    submitAt: "2014-05-15T11:00:00Z",
    completeAt: "2014-05-22T11:00:00Z",
    advisedAt: "2014-06-05T10:00:00Z",
    sector: {
      employers: "Branchevereniging Maatschappelijke Kinderopvang",
      employees: "FNV Zorg & Welzijn",
      contact: "Esther van Leeuwen",
      shortage:
        "Kinderopvangorganisaties verliezen pedagogisch medewerkers door krimp en kunnen straks bij groei de vacatures niet vullen.",
      training: "Scholing van pedagogisch medewerkers in taal en ontwikkelingsgericht werken.",
    },
  },
  {
    organisation: {
      name: "Stichting Opleidingsfonds Recreatie",
      kvk: "60010049",
      city: "Amersfoort",
      bank: "RABO",
      account: "0145000449",
      sector: "20",
    },
    title: "Sectorplan Recreatie: seizoenswerk naar vast werk",
    perYear: "4.000.000,00",
    cost: "8.500.000,00",
    submitAt: "2014-05-16T13:00:00Z",
    completeAt: "2014-05-23T13:00:00Z",
    sector: {
      employers: "RECRON, vereniging van recreatieondernemers",
      employees: "FNV Horeca en Recreatie",
      contact: "Bart Hoekstra",
      shortage:
        "Recreatiebedrijven werken met seizoenskrachten die elk jaar vertrekken; vakmensen voor techniek en gastheerschap ontbreken.",
      training: "Opleidingen in techniek en gastheerschap die seizoenskrachten een vast contract geven.",
    },
  },
  {
    organisation: {
      name: "Stichting Opleidingsfonds Schilders- en Afbouwbedrijf",
      kvk: "60010057",
      city: "Woerden",
      bank: "ABNA",
      account: "0578000557",
      sector: "5",
    },
    title: "Sectorplan Schilders- en Afbouwbedrijf",
    perYear: "2.500.000,00",
    cost: "5.500.000,00",
    submitAt: "2014-05-19T14:00:00Z",
    completeAt: "2014-05-26T14:00:00Z",
    sector: {
      employers: "Koninklijke Afbouw en Onderhoud Nederland",
      employees: "FNV Bouwen en Wonen",
      contact: "Gerrit Molenaar",
      shortage:
        "Schilders- en afbouwbedrijven vinden te weinig schilders en stukadoors; een derde is ouder dan vijftig.",
      training: "Leerwerktrajecten schilderen en stukadoren bij erkende leerbedrijven.",
    },
  },
];

export async function seedWaitingList(actors: Map<string, Actor>): Promise<void> {
  const actor = (email: string) => {
    const a = actors.get(email);
    if (!a) throw new Error(`seedWaitingList: no seed user ${email}`);
    return a;
  };
  const regulation = await prisma.regulation.findUniqueOrThrow({
    where: { code: "RCS-2013" },
    select: { id: true },
  });
  const ids: string[] = [];
  const passwordHash = await hashPassword("Sectorplan!2026");
  try {
    for (const p of PLANS) {
      setClock(new Date(p.submitAt));
      const applicant = await sectorApplicant(p.organisation, passwordHash);
      const { id } = await createDraftPlan(applicant, { regulationId: regulation.id });
      const inputs = validPlanDraft(2013, p.perYear, p.cost);
      inputs.lead.title = p.title;
      inputs.lead.leadName = p.organisation.name;
      inputs.lead.leadKvk = p.organisation.kvk;
      inputs.lead.leadAddress = `Stationsplein 1, ${p.organisation.city}`;
      inputs.lead.leadIban = await ibanOf(p.organisation.name);
      inputs.lead.sectorCodes = [p.organisation.sector];
      inputs.lead.summary = `${p.title}: scholing en instroom (demonstratie van de wachtlijst).`;
      inputs.lead.contactName = p.sector.contact;
      inputs.lead.contactEmail = mailOf(p.sector.contact, p.organisation.name);
      const [employers, employees] = inputs.partnership.partners;
      inputs.partnership.partners = [
        {
          ...employers,
          kind: "EMPLOYERS",
          name: p.sector.employers,
          contactName: "Hanneke de Graaf",
          contactEmail: mailOf("Hanneke de Graaf", p.sector.employers),
        },
        {
          ...employees,
          kind: "EMPLOYEES",
          name: p.sector.employees,
          contactName: "Youssef Amrani",
          contactEmail: mailOf("Youssef Amrani", p.sector.employees),
        },
      ];
      inputs.analysis.bottlenecksNow = p.sector.shortage;
      const [training] = inputs.measures.measures;
      if (training) {
        training.description = p.sector.training;
        training.executingParty = p.organisation.name;
      }
      let version = await saveAllSteps(applicant, id, 1, inputs);
      await uploadAgreement(applicant, id);
      version = (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
      ({ version } = await submitPlan(applicant, id, version));
      await sendLettersAsThen(id);
      setClock(new Date(p.completeAt));
      ({ version } = await markComplete(actor("behandelaar@example.nl"), id, version, {
        agreementSigned: true,
      }));
      if (p.advisedAt) {
        setClock(new Date(p.advisedAt));
        const adviser = actor("adviseur2@example.nl");
        await claimPlan(adviser, id);
        await declareInterest(adviser, id, { conflict: false });
        const years = await prisma.planYear.findMany({
          where: { planId: id },
          orderBy: { year: "asc" },
          select: { year: true, requestedCents: true },
        });
        const advised = await recordAdvice(adviser, id, version, {
          scores: demoScores(4),
          recommendation: "GRANT",
          text: "Het plan is goed onderbouwd: de scholing sluit aan op het verloop van pedagogisch medewerkers. Verlenen zodra er budget is.",
          amounts: years.map((y) => ({ year: y.year, amount: y.requestedCents })),
        });
        // The advice leaves it in line: it waits for budget as before.
        if (advised.status !== "WAITING_FOR_BUDGET")
          throw new Error(`seedWaitingList: ${p.title} should still wait, is ${advised.status}`);
      }
      ids.push(id);
    }
  } finally {
    setClock(null);
  }
  // Their decision terms ran out in 2014: the demo should not start by mailing about that.
  await prisma.reminder.updateMany({
    where: { planId: { in: ids }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
}

/** A sector fund's organisation and its signatory, who submits the plan (issue 6's waiting list). */
async function sectorApplicant(org: WaitingSeedPlan["organisation"], passwordHash: string): Promise<Actor> {
  const iban = composeIBAN({ countryCode: "NL", bban: `${org.bank}${org.account}` });
  if (!iban) throw new Error(`seedWaitingList: no IBAN for ${org.name}`);
  const organisation = await prisma.organisation.create({
    data: {
      name: org.name,
      kvkNumber: org.kvk,
      legalForm: "Stichting",
      street: "Stationsplein 1",
      postalCode: "1000 AA",
      city: org.city,
      iban,
      // A sector fund paid before: its account is checked, so its grant's advances can be paid.
      ibanCheckedAt: new Date(),
    },
    select: { id: true },
  });
  const slug = org.name
    .toLowerCase()
    .replace(/^stichting /, "")
    .replace(/[^a-z]+/g, ".")
    .replace(/\.+$/, "");
  const user = await prisma.user.create({
    data: {
      email: `aanvrager.${slug}@example.nl`,
      name: `Aanvrager ${org.name.replace(/^Stichting /, "")}`,
      passwordHash,
      memberships: {
        create: { role: "APPLICANT", organisationId: organisation.id, isSignatory: true },
      },
    },
    select: { id: true },
  });
  return { userId: user.id, roles: ["APPLICANT"], organisationIds: [organisation.id] };
}

async function ibanOf(name: string): Promise<string> {
  const org = await prisma.organisation.findFirstOrThrow({ where: { name }, select: { iban: true } });
  return friendlyFormatIBAN(org.iban) ?? org.iban;
}

/** "Ingrid Bosma" of "Stichting Fonds Kinderopvang": i.bosma@fonds-kinderopvang.example. */
function mailOf(person: string, organisation: string): string {
  const [first = "", ...rest] = person.toLowerCase().split(" ");
  const domain = organisation
    .toLowerCase()
    .replace(/^stichting /, "")
    .normalize("NFD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${first[0]}.${rest.join("")}@${domain}.example`;
}
