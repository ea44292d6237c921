import { randomUUID } from "node:crypto";
import { prisma } from "../db/client.server.ts";
import type { Actor } from "../domain/actor.ts";
import { now } from "../domain/clock.ts";
import type { PlanFormInput } from "../domain/plan/plan-form.ts";
import type { Role } from "../generated/prisma/enums.ts";

/**
 * A self-contained regulation with its own fund, window, envelopes, organisations and staff, so
 * that integration tests can run beside each other (and beside the seed) in one database.
 */
export async function createScenario(opts: { windowCeiling?: bigint; yearCeiling?: bigint } = {}) {
  const tag = randomUUID().slice(0, 8);
  const year = now().getUTCFullYear();
  const fund = `TEST-${tag}`;
  const regulation = await prisma.regulation.create({
    data: {
      code: `TEST-${tag}`,
      title: `Testregeling ${tag}`,
      citationTitle: `Testregeling ${tag}`,
      legalBasis: "de testregeling",
      publication: "geen",
      fund,
      cofinancingRateBp: 5000,
      minimumRequestCents: 25_000_000n,
      maxDurationMonths: 24,
      themes: [
        { code: "scholing", label: "Scholing" },
        { code: "jongeren", label: "Jongeren" },
        { code: "van-werk-naar-werk", label: "Van werk naar werk" },
      ],
      sectors: [
        { code: "3", label: "Metalektro en metaalnijverheid" },
        { code: "5", label: "Bouwnijverheid en bouwinstallatie" },
      ],
      regions: [],
      criteria: [{ code: "analyse", label: "Analyse", weight: 1 }],
      overheadTiers: [{ uptoCents: null, rateBp: 1500 }],
      objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
      objectionAddress: "Postbus 90801, 2509 LV Den Haag",
    },
  });
  for (let y = year; y <= year + 3; y++) {
    const pot = await prisma.budgetPot.create({
      data: {
        kind: "YEAR",
        name: `Begrotingsjaar ${y} (${tag})`,
        ceilingCents: opts.yearCeiling ?? 10_000_000_000n,
      },
    });
    await prisma.budgetEnvelope.create({ data: { fund, year: y, potId: pot.id } });
  }
  const windowPot = await prisma.budgetPot.create({
    data: {
      kind: "WINDOW",
      name: `Subsidieplafond testtijdvak ${tag}`,
      ceilingCents: opts.windowCeiling ?? 10_000_000_000n,
    },
  });
  const at = now();
  const window = await prisma.applicationWindow.create({
    data: {
      regulationId: regulation.id,
      name: `Testtijdvak ${tag}`,
      opensAt: new Date(at.getTime() - 86_400_000),
      closesAt: new Date(at.getTime() + 365 * 86_400_000),
      potId: windowPot.id,
    },
  });

  const org = (name: string, kvk: string) =>
    prisma.organisation.create({
      data: {
        name,
        kvkNumber: kvk,
        legalForm: "Stichting",
        street: "Straat 1",
        postalCode: "1234 AB",
        city: "Den Haag",
        iban: "NL91ABNA0417164300",
      },
    });
  const kvk = () => String(Math.floor(10_000_000 + Math.random() * 89_999_999));
  const orgA = await org(`Stichting A ${tag}`, kvk());
  const orgB = await org(`Stichting B ${tag}`, kvk());

  const user = async (role: Role, organisationId?: string): Promise<Actor> => {
    const u = await prisma.user.create({
      data: {
        email: `${role.toLowerCase()}-${randomUUID()}@test.example`,
        name: `${role} ${tag}`,
        passwordHash: "not-a-login",
        // Applicants are signatories (tekenbevoegd), so that they can submit; tests of the guard make others.
        memberships: {
          create: { role, organisationId: organisationId ?? null, isSignatory: role === "APPLICANT" },
        },
      },
    });
    return { userId: u.id, roles: [role], organisationIds: organisationId ? [organisationId] : [] };
  };

  return {
    tag,
    year,
    regulation,
    window,
    windowPotId: windowPot.id,
    orgA,
    orgB,
    applicantA: await user("APPLICANT", orgA.id),
    applicantB: await user("APPLICANT", orgB.id),
    handler: await user("CASE_HANDLER"),
    adviser: await user("ADVISER"),
    decisionMaker: await user("DECISION_MAKER"),
    newUser: user,
  };
}
export type Scenario = Awaited<ReturnType<typeof createScenario>>;

/** A valid plan over the next two calendar years requesting `perYear` euros a year. */
export function validPlanForm(year: number, perYear = "300.000,00", cost = "700.000,00"): PlanFormInput {
  const y1 = year + 1;
  const y2 = year + 2;
  return {
    title: "Sectorplan Metaal: vakmanschap voor morgen",
    summary: "Leerwerkplekken en scholing. <script>alert('x')</script>",
    sectorCode: "3",
    periodStart: `${y1}-01-01`,
    periodEnd: `${y2}-12-31`,
    advancesRequested: true,
    measures: [
      {
        theme: "scholing",
        title: "Scholing van vakkrachten",
        participants: "400",
        costs: [
          { year: y1, amount: cost },
          { year: y2, amount: cost },
        ],
      },
      {
        theme: "jongeren",
        title: "Leerwerkplekken voor jongeren",
        participants: "120",
        costs: [
          { year: y1, amount: "0" },
          { year: y2, amount: "0" },
        ],
      },
    ],
    requested: [
      { year: y1, amount: perYear },
      { year: y2, amount: perYear },
    ],
  };
}
