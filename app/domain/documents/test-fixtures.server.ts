import { randomUUID } from "node:crypto";
import { type PrismaClient, prisma } from "../../db/client.server.ts";
import type { DecisionOutcome } from "../../generated/prisma/enums.ts";
import { advisePlan, declareComplete, grantPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import type { Scenario } from "../../test/scenario.server.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { grantTermsJson } from "../decision/terms.ts";

/** Rows a decision letter needs, each test with its own (tests share one database). */
export async function createDecisionFixture(
  db: PrismaClient,
  opts: { outcome?: DecisionOutcome; advancesRequested?: boolean } = {},
): Promise<{ planId: string; decisionId: string; reference: string }> {
  const tag = randomUUID().slice(0, 8);
  const regulation = await db.regulation.create({
    data: {
      code: `docs-test-${tag}`,
      title:
        "Regeling van de Minister van Sociale Zaken en Werkgelegenheid tot cofinanciering van sectorplannen",
      citationTitle: "Regeling cofinanciering sectorplannen",
      legalBasis: "de artikelen 2, 3 en 5 van de Kaderwet SZW-subsidies",
      publication: "Stcrt. 2013, 22962",
      fund: `docs-test-${tag}`,
      cofinancingRateBp: 5000,
      minimumRequestCents: 25_000_000n,
      maxDurationMonths: 24,
      overheadTiers: [],
      themes: [{ code: "scholing", label: "Scholing" }],
      sectors: [{ code: "3", label: "Metalektro en metaalnijverheid" }],
      regions: [],
      criteria: [],
      objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
      objectionAddress: "Postbus 90801, 2509 LV Den Haag",
    },
  });
  const org = await db.organisation.create({
    data: {
      name: "Opleidingscoöperatie Metaal U.A.",
      kvkNumber: String(Math.floor(10_000_000 + Math.random() * 89_999_999)),
      legalForm: "Coöperatie",
      street: "Ĳsselstraat 12",
      postalCode: "2595 AA",
      city: "’s-Gravenhage",
      iban: "NL91ABNA0417164300",
    },
  });
  const user = await db.user.create({
    data: { email: `beslisser-${tag}@example.nl`, name: "J. de Vries", passwordHash: "x" },
  });
  const reference = `SP-T-${tag}`;
  const plan = await db.plan.create({
    data: {
      reference,
      organisationId: org.id,
      regulationId: regulation.id,
      status: opts.outcome === "REJECTED" ? "REJECTED" : "GRANTED",
      title: "Vakmanschap in de metaal",
      sectorCodes: ["3"],
      periodStart: new Date("2014-01-01"),
      periodEnd: new Date("2015-12-31"),
      advancesRequested: opts.advancesRequested ?? true,
      createdById: user.id,
      submittedAt: new Date("2014-04-02T10:00:00Z"),
      years: {
        create: [
          { year: 2014, requestedCents: 20_000_000n },
          { year: 2015, requestedCents: 10_000_000n },
        ],
      },
      measures: {
        create: [{ position: 1, theme: "scholing", title: "Leerwerkplekken", participants: 120 }],
      },
    },
  });
  const granted = opts.outcome === "REJECTED" ? 0n : 1n;
  const decision = await db.decision.create({
    data: {
      planId: plan.id,
      outcome: opts.outcome ?? "GRANTED",
      reason: "Het plan voldoet aan de criteria.",
      decidedById: user.id,
      decidedAt: new Date("2014-05-12T09:00:00Z"),
      terms: grantTermsJson(await regulationTermsForPlan(db, plan.id)),
      years: {
        create: [
          { year: 2014, grantedCents: 20_000_000n * granted },
          { year: 2015, grantedCents: 10_000_000n * granted },
        ],
      },
    },
  });
  return { planId: plan.id, decisionId: decision.id, reference };
}

/** A plan of the scenario's organisation A, submitted through the use cases (one PlanVersion). */
export async function submittedScenarioPlan(s: Scenario, perYear = "300.000,00") {
  const { id, version } = await submittedPlan(s, perYear);
  const frozen = await prisma.planVersion.findFirstOrThrow({
    where: { planId: id },
    orderBy: { number: "desc" },
  });
  return { planId: id, planVersionId: frozen.id, version };
}

/** The scenario plan taken through completeness, advice and a full grant: returns the decision. */
export async function grantedScenarioPlan(s: Scenario) {
  const p = await submittedScenarioPlan(s);
  const c = await declareComplete(s.handler, p.planId, p.version);
  await grantPlan(s, p.planId, await advisePlan(s, p.planId, c.version));
  const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: p.planId } });
  return { ...p, decisionId: decision.id };
}
