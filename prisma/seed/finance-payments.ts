import { prisma } from "../../app/db/client.server.ts";
import type { Actor } from "../../app/domain/actor.ts";
import { claimPlan, declareInterest } from "../../app/domain/assessment/assignment.server.ts";
import { now, setClock } from "../../app/domain/clock.ts";
import { requestExtension } from "../../app/domain/extension/extension.server.ts";
import {
  openInterimReport,
  saveInterimStep,
  submitInterimReport,
} from "../../app/domain/interim/report.server.ts";
import { approveBatch, duePayments, prepareBatch } from "../../app/domain/payments/batches.server.ts";
import { requestIbanChange } from "../../app/domain/payments/iban.server.ts";
import { scheduleAdvances } from "../../app/domain/payments/schedule.server.ts";
import {
  createDraftPlan,
  decidePlan,
  markComplete,
  recordAdvice,
  submitPlan,
} from "../../app/domain/plan/plans.server.ts";
import {
  amsterdamDate,
  type LocalDate,
  localDateFromDb,
  startOfAmsterdamDay,
} from "../../app/domain/time/index.ts";
import { saveAllSteps, uploadAgreement } from "../../app/test/plan-steps.server.ts";
import { validPlanDraft } from "../../app/test/scenario.server.ts";
import { startHistoricExecutions } from "./finance-settlement.ts";
import { demoScores } from "./regulation-data.ts";

/** Paid out before this day: the historic plans' advances the dashboard shows over time. */
const HISTORIC_UNTIL = "2016-01-01";

const at = (d: LocalDate, hours: number) => new Date(startOfAmsterdamDay(d).getTime() + hours * 3600_000);

/**
 * Payments of the demo (issue 6): the historic grants' advances due before 2016 paid in half-yearly
 * batches (prepared by financien@, approved by financien2@ at historic clock times), one DEMO plan
 * granted today so that an advance is due now, and one pending IBAN change.
 */
export async function seedPayments(actors: Map<string, Actor>): Promise<void> {
  const actor = (email: string) => {
    const a = actors.get(email);
    if (!a) throw new Error(`seedPayments: no seed user ${email}`);
    return a;
  };
  const preparer = actor("financien@example.nl");
  const approver = actor("financien2@example.nl");

  // The grant effect schedules advances; plans granted before it existed get theirs here (idempotent).
  const granted = await prisma.plan.findMany({
    where: { status: { in: ["GRANTED", "PARTIALLY_GRANTED"] }, advancesRequested: true },
    select: { id: true },
  });
  for (const p of granted) await prisma.$transaction((tx) => scheduleAdvances(tx, p.id));
  await startHistoricExecutions(actors);

  const historic = await prisma.payment.findMany({
    where: { status: "PLANNED", dueOn: { lt: new Date(`${HISTORIC_UNTIL}T00:00:00Z`) } },
    select: { id: true, dueOn: true },
    orderBy: { dueOn: "asc" },
  });
  const halfYears = new Map<string, { ids: string[]; last: LocalDate }>();
  for (const p of historic) {
    const d = localDateFromDb(p.dueOn);
    const key = `${d.slice(0, 4)}-${Number(d.slice(5, 7)) <= 6 ? 1 : 2}`;
    const group = halfYears.get(key) ?? { ids: [], last: d };
    group.ids.push(p.id);
    if (d > group.last) group.last = d;
    halfYears.set(key, group);
  }
  try {
    for (const group of halfYears.values()) {
      setClock(at(group.last, 10));
      // What the grant allowed to pay then: a plan that never reported its start has its later
      // advances held (paymentHoldReason), as finance would have seen them.
      const payable = new Set(
        (await duePayments(prisma, group.last)).filter((p) => p.blocked === null).map((p) => p.id),
      );
      const ids = group.ids.filter((id) => payable.has(id));
      if (ids.length === 0) continue;
      const batch = await prepareBatch(preparer, { paymentIds: ids, executionDate: group.last });
      setClock(at(group.last, 15));
      await approveBatch(approver, batch.id);
    }
  } finally {
    setClock(null);
  }

  await grantDemoPlanToday(actor);

  // A signatory of Fundeon asks for a new account: it waits for a finance user.
  const fundeon = await prisma.organisation.findFirst({
    where: { name: { contains: "Fundeon" } },
    select: { id: true },
  });
  if (fundeon) {
    await requestIbanChange(actor("aanvrager.bouw@example.nl"), {
      organisationId: fundeon.id,
      iban: "NL81RABO0312345678",
      accountHolder: "Stichting Fundeon",
    });
  }
}

/** A DEMO-regulation plan of OOM, granted today with advances: its first advance is due today. */
async function grantDemoPlanToday(actor: (email: string) => Actor): Promise<void> {
  const demo = await prisma.regulation.findUnique({ where: { code: "DEMO" }, select: { id: true } });
  if (!demo) return;
  const applicant = actor("aanvrager.metaal@example.nl");
  const year = Number(amsterdamDate(now()).slice(0, 4));
  const { id } = await createDraftPlan(applicant, { regulationId: demo.id });
  // The tests' plan, written as OOM would: its summary carries the tests' script probe.
  const org = await prisma.organisation.findUniqueOrThrow({
    where: { id: applicant.organisationIds[0] },
    select: { name: true, kvkNumber: true, iban: true },
  });
  const draft = validPlanDraft(year);
  draft.lead.summary =
    "Leerwerkplekken voor jongeren en scholing van vakkrachten in de metaal (demonstratie van een verleend plan).";
  draft.lead.leadName = org.name;
  draft.lead.leadKvk = org.kvkNumber;
  draft.lead.leadIban = org.iban;
  draft.lead.contactName = "Marieke de Vries";
  draft.lead.contactEmail = "m.devries@oom.example.nl";
  // OOM's other demo plan of this window covers the metal sector (3): a second plan of the same
  // applicant for the same sector fails the completeness checklist (art. 2.3), so this one covers
  // the rest of industry.
  draft.lead.sectorCodes = ["4"];
  await saveAllSteps(applicant, id, 1, draft);
  await uploadAgreement(applicant, id);
  let { version } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } });
  ({ version } = await submitPlan(applicant, id, version));
  ({ version } = await markComplete(actor("behandelaar@example.nl"), id, version, { agreementSigned: true }));
  const adviser = actor("adviseur2@example.nl");
  await claimPlan(adviser, id);
  await declareInterest(adviser, id, { conflict: false });
  const amounts = [
    { year: year + 1, amount: 30_000_000n },
    { year: year + 2, amount: 30_000_000n },
  ];
  ({ version } = await recordAdvice(adviser, id, version, {
    scores: demoScores(4),
    recommendation: "GRANT",
    text: "Het plan is goed onderbouwd en de maatregelen sluiten aan op de analyse.",
    amounts,
  }));
  ({ version } = await decidePlan(actor("beslisser@example.nl"), id, version, {
    outcome: "GRANT",
    reason: "Het plan voldoet aan de regeling.",
    amounts,
  }));
  // The decision maker's demo of a verlenging (art. 1.2a): OOM foresees that its last round of
  // training cannot finish in time and asks for four months. Art. 1.2a lid 2 allows the request
  // only after the interim report after the 12th month: the demo runs ahead to mid-January of the
  // plan's second year, submits that report, and asks then.
  setClock(at(`${year + 2}-01-15` as LocalDate, 10));
  try {
    const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    const view = await openInterimReport(applicant, id, 12);
    const results = await saveInterimStep(applicant, id, 12, view.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "35" })),
      summary:
        "De scholing van vakkrachten loopt volgens plan. De leerwerkplekken startten later: het praktijkcentrum in Nieuwegein is nog niet open.",
    });
    const costs = await saveInterimStep(applicant, id, 12, results.version, "costs", {
      costs: measures.map((m) => ({ measureId: m.id, year: String(year + 1), amount: "120.000,00" })),
    });
    await submitInterimReport(applicant, id, 12, costs.version, true);
    ({ version } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } }));
    await requestExtension(applicant, id, version, {
      months: 4,
      motivation:
        "Het nieuwe praktijkcentrum in Nieuwegein opent een half jaar later dan gepland. De laatste scholingsronde voor vakkrachten kan daardoor pas na de zomer beginnen en loopt tot na het einde van de periode.",
    });
  } finally {
    setClock(null);
  }
}
