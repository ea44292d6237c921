import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { prisma } from "../db/client.server.ts";
import type { Actor } from "../domain/actor.ts";
import { now, setClock } from "../domain/clock.ts";
import { applyRateBp, parseEuroInput } from "../domain/money.ts";
import type { MeasureCategory } from "../domain/plan/cofinancing.ts";
import { formatCents } from "../domain/plan/steps/common.ts";
import type { PlanRules, StepContext } from "../domain/plan/steps/rules.ts";
import type { StepInputs } from "../domain/plan/steps/wizard.ts";
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
      criteria: [{ code: "analyse", label: "Analyse", refusal: "De analyse is ontoereikend", weight: 1 }],
      overheadTiers: [{ uptoCents: null, rateBp: 1500 }],
      measureCategories: [SCENARIO_CATEGORY],
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
        // An organisation already paid on this account (finance checked it): tests of the check
        // before a first payment make one fresh from signup instead.
        ibanCheckedAt: at,
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

  // The Actieteam: a coordinator (assigns plans) and a second adviser, besides `adviser`.
  const coordinator = await user("ADVISER");
  await prisma.roleMembership.updateMany({
    where: { userId: coordinator.userId, role: "ADVISER" },
    data: { isCoordinator: true },
  });

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
    adviser2: await user("ADVISER"),
    coordinator,
    decisionMaker: await user("DECISION_MAKER"),
    newUser: user,
  };
}
export type Scenario = Awaited<ReturnType<typeof createScenario>>;

/** The scenario regulation's one category with a rate of its own (as the 2013 regulation's art. 4.4). */
export const SCENARIO_CATEGORY = {
  code: "kwetsbare-werknemers",
  label: "Indienstneming van kwetsbare werknemers",
  rateBp: 10_000,
  maxShareOfWageCostsBp: 2000,
  requiresNetJobGrowth: true,
  legalBasis: "artikel 4.4",
} as const satisfies MeasureCategory;

/**
 * The rules `createScenario`'s regulation yields (planRules), for unit tests of the step schemas
 * that need no database: the same themes, sectors, rate and minimum, envelopes year..year+3.
 */
export function scenarioRules(year: number): PlanRules {
  return {
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
    minThemes: 2,
    maxDurationMonths: 24,
    minimumRequestCents: "25000000",
    rateBp: 5000,
    measureCategories: [SCENARIO_CATEGORY],
    securityMinBp: 8000,
    earliestStart: `${year}-01-01`,
    latestEnd: `${year + 3}-12-31`,
    publishedOn: null,
    envelopeYears: [year, year + 1, year + 2, year + 3],
  };
}

/**
 * The steps' context of a plan whose measures all have the regulation's own rate, for unit tests
 * of the budget step: the most per year is rate × costs, the split follows the costs.
 */
export function singleRateContext(
  rules: Pick<PlanRules, "rateBp">,
  years: number[],
  costsPerYear: string[],
): StepContext {
  return {
    years,
    costsPerYear,
    maxPerYear: costsPerYear.map((c) => applyRateBp(BigInt(c), rules.rateBp).toString()),
    weightedCostsPerYear: costsPerYear.map((c) => (BigInt(c) * BigInt(rules.rateBp)).toString()),
    ownRates: false,
  };
}

/** Wage costs per participant over 12 months that inScenarioCategory states: € 40.000,00. */
export const SCENARIO_WAGE_COSTS = "40.000,00";

/**
 * Puts measure `index` of `inputs` (validPlanDraft's young people's measure unless given) in
 * SCENARIO_CATEGORY, with the wage costs and the net-job-growth declaration the category asks
 * for. validPlanDraft's figures stay valid: its 120 participants may cost 20% of € 40.000,00 each
 * (€ 960.000,00), the measure costs € 240.000,00; the request per year stays within the new most.
 * Usable as draftPlan's `change`.
 */
export function inScenarioCategory(inputs: StepInputs, index = 1): void {
  const m = inputs.measures.measures[index];
  if (!m) throw new Error(`inScenarioCategory: no measure ${index}`);
  m.category = SCENARIO_CATEGORY.code;
  m.wageCostsPerParticipant = SCENARIO_WAGE_COSTS;
  m.netJobGrowth = true;
}

/** Cents as a Dutch user types them: "580.000,00". */
export function euroInput(cents: bigint): string {
  return formatCents(cents).replace("€ ", "");
}

const cents = (euros: string) => parseEuroInput(euros) ?? 0n;

/**
 * The inputs of every form step of a valid plan over the calendar years year+1 and year+2:
 * two measures of different themes costing `cost` a year together, `perYear` requested a year,
 * the sector paying the rest. Each argument stays a string as the form holds it, so that tests can
 * pass invalid amounts; derived amounts then fall back to what still parses. `inCategory`: the young
 * people's measure is in SCENARIO_CATEGORY (inScenarioCategory); otherwise no measure has a category.
 */
export function validPlanDraft(
  year: number,
  perYear = "300.000,00",
  cost = "700.000,00",
  options: { inCategory?: boolean } = {},
): StepInputs {
  const y1 = year + 1;
  const y2 = year + 2;
  // The young people's measure has a fixed cost; the training measure takes the rest of `cost`.
  const youthPerYear = 12_000_000n;
  const trainingPerYear = cents(cost) - youthPerYear;
  const perParticipant = (total: bigint, participants: bigint) =>
    total % participants === 0n ? euroInput(total / participants) : "";
  const requested = cents(perYear);
  const inputs: StepInputs = {
    lead: {
      title: "Sectorplan Metaal: vakmanschap voor morgen",
      summary: "Leerwerkplekken en scholing. <script>alert('x')</script>",
      periodStart: `${y1}-01-01`,
      periodEnd: `${y2}-12-31`,
      leadName: "Stichting Opleidingsfonds Metaal",
      // Any organisation's: submission asks the applying one's KvK number and account, which
      // plan-steps.server.ts draftPlan (withOwnLead) puts in.
      leadKvk: "41152337",
      leadLegalForm: "Stichting",
      leadAddress: "Bredewater 20, 2715 CA Zoetermeer",
      leadIban: "NL91 ABNA 0417 1643 00",
      contactName: "Anna de Vries",
      contactEmail: "a.devries@opleidingsfonds-metaal.example",
      securityKind: "GUARANTEE",
      // The whole request: comfortably above the 80% the regulation asks.
      securityAmount: euroInput(2n * requested),
      coverage: "SECTORS",
      sectorCodes: ["3"],
      regionCodes: [],
      employeesInScope: "140000",
    },
    partnership: {
      partners: [
        {
          kind: "EMPLOYERS",
          name: "Koninklijke Metaalunie",
          contactName: "Pieter Jansen",
          contactEmail: "p.jansen@metaalunie.example",
        },
        {
          kind: "EMPLOYEES",
          name: "FNV Metaal",
          contactName: "Fatima el Amrani",
          contactEmail: "f.elamrani@fnv.example",
        },
      ],
    },
    analysis: {
      bottlenecksNow:
        "Bedrijven in de metaalbewerking vinden te weinig lassers, verspaners en constructiebankwerkers.",
      bottlenecksExpected:
        "Over vijf jaar gaat een kwart van de vakkrachten met pensioen; de instroom uit het mbo daalt.",
      targetGroups: "Jongeren in de bbl, zij-instromers en oudere vakkrachten.",
      goals: "400 vakkrachten bijgeschoold en 120 jongeren op een leerwerkplek; 80% blijft in de sector.",
      organisation:
        "Het opleidingsfonds voert uit; sociale partners sturen bij in een stuurgroep per kwartaal.",
      continuation: "De leerwerkplekken gaan na 2 jaar op in de cao-afspraken over opleiden.",
    },
    measures: {
      measures: [
        {
          theme: "scholing",
          title: "Scholing van vakkrachten",
          description: "Modulaire cursussen lassen en CNC-verspanen bij erkende opleiders.",
          conditions: "Alleen werknemers in dienst van een bedrijf in de sector.",
          executingParty: "Opleidingsfonds Metaal",
          participants: "400",
          costPerParticipant: perParticipant(2n * trainingPerYear, 400n),
          category: "",
          wageCostsPerParticipant: "",
          hiringGround: "",
          netJobGrowth: false,
          costs: [
            { year: y1, amount: euroInput(trainingPerYear) },
            { year: y2, amount: euroInput(trainingPerYear) },
          ],
        },
        {
          theme: "jongeren",
          title: "Leerwerkplekken voor jongeren",
          description: "Extra bbl-plekken met een praktijkopleider in het bedrijf.",
          conditions: "",
          executingParty: "Regionale opleidingsbedrijven",
          participants: "120",
          costPerParticipant: perParticipant(2n * youthPerYear, 120n),
          category: "",
          wageCostsPerParticipant: "",
          hiringGround: "",
          netJobGrowth: false,
          costs: [
            { year: y1, amount: euroInput(youthPerYear) },
            { year: y2, amount: euroInput(youthPerYear) },
          ],
        },
      ],
    },
    budget: {
      rows: [y1, y2].map((y) => ({
        year: y,
        requested: perYear,
        ownContribution: euroInput(cents(cost) - requested),
        otherSources: "0",
      })),
      otherSourcesDescription: "",
      noDoubleFunding: true,
      advancesRequested: true,
    },
    submit: { truthful: true, stateAid: true },
  };
  if (options.inCategory) inScenarioCategory(inputs);
  return inputs;
}

/** A schema's messages by path ("measures.0.costs"; "" for the root), several joined by newlines. */
export function issueMessages(result: z.ZodSafeParseResult<unknown>): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.join(".");
    byPath[path] = byPath[path] === undefined ? issue.message : `${byPath[path]}\n${issue.message}`;
  }
  return byPath;
}

/** Whole euros as cents, for amounts a reader can check at a glance. */
export const EUR = (euros: number) => BigInt(euros) * 100n;

/** Decision or advice amounts for the scenario plan's two years, in whole euros. */
export const per = (s: Scenario, first: number, second: number) => [
  { year: s.year + 1, amount: EUR(first) },
  { year: s.year + 2, amount: EUR(second) },
];

/** The clock an hour after the scenario's window closed (the end-of-window rule applies). */
export const afterClose = (s: Scenario) => setClock(new Date(s.window.closesAt.getTime() + 3_600_000));
