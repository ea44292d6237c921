import { prisma } from "../../app/db/client.server.ts";
import type { Actor } from "../../app/domain/actor.ts";
import { setClock } from "../../app/domain/clock.ts";
import { centsToInputString } from "../../app/domain/money.ts";
import { reportExecutionStart } from "../../app/domain/plan/execution.server.ts";
import { computeSettlement } from "../../app/domain/settlement/compute.ts";
import { loadSettlementBasis, proposeSettlement } from "../../app/domain/settlement/propose.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  saveReportStep,
  submitRealisationReport,
} from "../../app/domain/settlement/report.server.ts";
import { settlePlan } from "../../app/domain/settlement/settle.server.ts";
import { amsterdamDate } from "../../app/domain/time/index.ts";
import { sendLettersAsThen } from "./letters-then.ts";

/**
 * The vaststelling in the demo (issue 6), on the historic grants of 2014 (ended 2015):
 * - Bouw en Infra (aanvrager.bouw@): SETTLED — report, proposal, settlement and letter (outbox);
 *   90% realised, so it settles below the grant, releases the rest and ends in a final payment
 *   (or a recovery, if the seeded advances exceed the settled amount);
 * - Beroepsgoederenvervoer (aanvrager.stl@): SETTLEMENT_REQUESTED, awaiting the handler's proposal;
 * - Metaalbewerking (aanvrager.metaal@): IN_EXECUTION, its report still to be written (late).
 * Run after the payments seed, so the advances paid before 2016 are part of the settlement. The
 * three reported their start before that (startHistoricExecutions, called by the payments seed).
 */
export async function seedSettlements(actors: Map<string, Actor>): Promise<void> {
  const actor = (email: string) => {
    const a = actors.get(email);
    if (!a) throw new Error(`seedSettlements: no seed user ${email}`);
    return a;
  };
  try {
    const bouw = await historicPlan("Sectorplan Bouw en Infra", ["IN_EXECUTION"]);
    const stl = await historicPlan("Sectorplan Beroepsgoederenvervoer", ["IN_EXECUTION"]);
    if (bouw) {
      const applicant = actor("aanvrager.bouw@example.nl");
      await report(bouw.id, applicant, "2016-02-15T10:00:00Z", 9000);
      setClock(new Date("2016-04-11T10:00:00Z"));
      await propose(bouw.id, actor("behandelaar@example.nl"));
      setClock(new Date("2016-05-02T10:00:00Z"));
      const version = (await prisma.plan.findUniqueOrThrow({ where: { id: bouw.id } })).version;
      await settlePlan(actor("beslisser@example.nl"), bouw.id, version, {
        reduction: null,
        reason:
          "De werkelijke kosten zijn aangetoond met de einddeclaratie; 90% van de begrote kosten is gerealiseerd. " +
          "De subsidie wordt vastgesteld volgens artikel 5.1 en 5.6 van de regeling.",
      });
      await sendLettersAsThen(bouw.id);
    }
    if (stl) {
      const applicant = actor("aanvrager.stl@example.nl");
      await report(stl.id, applicant, "2016-03-14T10:00:00Z", 7500);
    }
  } finally {
    setClock(null);
  }
}

/**
 * The historic plans that ran reported their start two weeks after the grant, long before their
 * second advance fell due: the payments seed calls this before it pays them, as an advance after
 * the term to start without a reported start is held (payments/batches.server.ts). The other
 * historic grant (OTIB) never reports one: its later advances show as held.
 */
export async function startHistoricExecutions(actors: Map<string, Actor>): Promise<void> {
  const actor = (email: string) => {
    const a = actors.get(email);
    if (!a) throw new Error(`startHistoricExecutions: no seed user ${email}`);
    return a;
  };
  try {
    for (const [title, email] of [
      ["Sectorplan Metaalbewerking 2013–2015", "aanvrager.metaal@example.nl"],
      ["Sectorplan Bouw en Infra", "aanvrager.bouw@example.nl"],
      ["Sectorplan Beroepsgoederenvervoer", "aanvrager.stl@example.nl"],
    ] as const) {
      const plan = await historicPlan(title, ["GRANTED", "PARTIALLY_GRANTED"]);
      if (plan) await startExecution(plan, actor(email));
    }
  } finally {
    setClock(null);
  }
}

async function historicPlan(title: string, statuses: ("GRANTED" | "PARTIALLY_GRANTED" | "IN_EXECUTION")[]) {
  const plan = await prisma.plan.findFirst({
    where: { title, status: { in: statuses } },
    select: { id: true, version: true, decision: { select: { decidedAt: true } } },
  });
  if (!plan?.decision) return null;
  return { id: plan.id, version: plan.version, decidedAt: plan.decision.decidedAt };
}

/** Execution started two weeks after the grant (regulation art. 5.2). */
async function startExecution(plan: { id: string; version: number; decidedAt: Date }, applicant: Actor) {
  const day = new Date(plan.decidedAt.getTime() + 14 * 86_400_000);
  setClock(day);
  await reportExecutionStart(applicant, plan.id, plan.version, amsterdamDate(day));
}

/** The realisation report: `realisedBp` of every planned cost, participants alike, submitted at `at`. */
async function report(planId: string, applicant: Actor, at: string, realisedBp: number) {
  setClock(new Date(at));
  const view = await openRealisationReport(applicant, planId);
  const measures = view.measures;
  const results = await saveReportStep(applicant, planId, view.report?.version ?? 1, "results", {
    measures: measures.map((m) => ({
      measureId: m.id,
      participants: String(Math.floor((m.plannedParticipants * realisedBp) / 10_000)),
    })),
    summary:
      "De maatregelen zijn grotendeels uitgevoerd zoals gepland. Door de aantrekkende arbeidsmarkt in 2015 " +
      "vonden minder werkzoekenden de weg naar de omscholing; de leerwerkplekken zijn wel volledig benut.",
  });
  const costs = await saveReportStep(applicant, planId, results.version, "costs", {
    costs: measures.flatMap((m) =>
      view.years.map((year) => {
        const planned = m.plannedPerYear.find((p) => p.year === year)?.cents ?? 0n;
        return {
          measureId: m.id,
          year: String(year),
          amount: centsToInputString((planned * BigInt(realisedBp)) / 10_000n),
        };
      }),
    ),
  });
  if (results.issues.length + costs.issues.length > 0)
    throw new Error(
      `seedSettlements: report of ${planId} invalid: ${JSON.stringify([...results.issues, ...costs.issues])}`,
    );
  const fresh = await getRealisationReport(applicant, planId);
  await submitRealisationReport(applicant, planId, fresh.report?.version ?? costs.version, true);
}

/** The handler proposes what the rule gives. */
async function propose(planId: string, handler: Actor) {
  const basis = await loadSettlementBasis(prisma, planId);
  const figures = computeSettlement(basis.rule);
  const version = (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;
  await proposeSettlement(handler, planId, version, {
    amountCents: figures.cappedCents,
    motivation:
      "De einddeclaratie sluit aan op de projectadministratie; alle opgevoerde kosten zijn subsidiabel.",
  });
}
