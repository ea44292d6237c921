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
import { centsToInputString } from "../../app/domain/money.ts";
import { batchFile } from "../../app/domain/payments/batch-file.server.ts";
import { approveBatch, duePayments, prepareBatch } from "../../app/domain/payments/batches.server.ts";
import { requestIbanChange } from "../../app/domain/payments/iban.server.ts";
import { scheduleAdvances } from "../../app/domain/payments/schedule.server.ts";
import { reportExecutionStart } from "../../app/domain/plan/execution.server.ts";
import {
  createDraftPlan,
  decidePlan,
  markComplete,
  recordAdvice,
  submitPlan,
} from "../../app/domain/plan/plans.server.ts";
import {
  addCalendarDays,
  addMonths,
  amsterdamDate,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
  startOfAmsterdamDay,
} from "../../app/domain/time/index.ts";
import { saveAllSteps, uploadAgreement } from "../../app/test/plan-steps.server.ts";
import { validPlanDraft } from "../../app/test/scenario.server.ts";
import { startHistoricExecutions } from "./finance-settlement.ts";
import { sendLettersAsThen } from "./letters-then.ts";
import { demoScores } from "./regulation-data.ts";

/** Paid out before this day: the historic plans' advances the dashboard shows over time. */
const HISTORIC_UNTIL = "2016-01-01";

const at = (d: LocalDate, hours: number) => new Date(startOfAmsterdamDay(d).getTime() + hours * 3600_000);

/**
 * Payments of the demo (issue 6): the historic grants' advances due before 2016 paid in half-yearly
 * batches (prepared by financien@, approved by financien2@ at historic clock times), one DEMO plan
 * granted some 14 months ago that has asked for a verlenging, its last advance due and unpaid, and
 * one pending IBAN change.
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
      // Handed to the bank that day, as finance did: the download is recorded (sepaFileHandedOut),
      // so the history's batches do not read as files never sent.
      await batchFile(approver, batch.id, "sepa");
    }
  } finally {
    setClock(null);
  }

  const demo = await prisma.regulation.findUnique({ where: { code: "DEMO" }, select: { id: true } });
  if (demo) {
    await seedDemoVerlenging(
      {
        applicant: actor("aanvrager.metaal@example.nl"),
        handler: actor("behandelaar@example.nl"),
        adviser: actor("adviseur2@example.nl"),
        decisionMaker: actor("beslisser@example.nl"),
        preparer,
        approver,
      },
      demo.id,
    );
  }

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

/** Who builds the demo verlenging's history: the seed's users, or a test scenario's. */
export type DemoVerlengingActors = {
  applicant: Actor;
  handler: Actor;
  adviser: Actor;
  decisionMaker: Actor;
  preparer: Actor;
  approver: Actor;
};

/** The LocalDates of the demo verlenging's history, all before `today` whatever day that is. */
export function demoVerlengingDays(today: LocalDate) {
  // Month 12 must have ended some weeks ago, so the period began on the first of the month 13
  // months back; its month 12 ended on the last day of the month before last at the latest.
  const periodStart = `${addMonths(today, -13).slice(0, 7)}-01` as LocalDate;
  const submitted = addCalendarDays(addMonths(periodStart, -2), 4);
  return {
    periodStart,
    periodEnd: addCalendarDays(addMonths(periodStart, 24), -1),
    submitted,
    complete: addCalendarDays(submitted, 7),
    advised: addCalendarDays(submitted, 21),
    // About 14 months before today; the period starts some three weeks later.
    granted: addCalendarDays(submitted, 35),
    // The report after month 12 opens on the first day of month 13, at least four weeks ago.
    interimSubmitted: addCalendarDays(today, -10),
    // A week ago: the eight weeks to decide (Awb 4:13) still run, so the request waits for the
    // decision maker today, and a decision taken now comes after it.
    requested: addCalendarDays(today, -7),
  };
}

/**
 * The granted DEMO plan of OOM that has asked for a verlenging (art. 1.2a): the decision maker's
 * demo of deciding one, the applicant's of withdrawing one. Art. 1.2a lid 2 allows the request only
 * after the interim report after month 12 was submitted and within 24 months of the grant, so its
 * history is built as the historic plans' is, with the clock set back: submitted in an earlier
 * demonstration tijdvak about 15 months ago, granted about 14 months ago, execution started with
 * the period, the advances due before the last one paid, the interim report submitted ten days
 * ago and the request a week ago. Every day is counted back from today, so that the seed works on
 * any day of the year (run ahead to dates after today, it failed in early January and left a
 * report and a request dated in the future).
 */
export async function seedDemoVerlenging(
  actors: DemoVerlengingActors,
  regulationId: string,
): Promise<string> {
  const today = amsterdamDate(now());
  const days = demoVerlengingDays(today);
  const { applicant } = actors;
  const plainYears: number[] = [];
  for (let y = Number(days.periodStart.slice(0, 4)); y <= Number(days.periodEnd.slice(0, 4)); y++)
    plainYears.push(y);
  await openEarlierWindow(regulationId, days.submitted, today, plainYears);
  try {
    setClock(at(days.submitted, 9));
    const { id } = await createDraftPlan(applicant, { regulationId });
    const org = await prisma.organisation.findUniqueOrThrow({
      where: { id: applicant.organisationIds[0] },
      select: { name: true, kvkNumber: true, iban: true },
    });
    const draft = demoDraft(days, plainYears);
    draft.lead.leadName = org.name;
    draft.lead.leadKvk = org.kvkNumber;
    draft.lead.leadIban = org.iban;
    await saveAllSteps(applicant, id, 1, draft);
    await uploadAgreement(applicant, id);
    let { version } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } });
    ({ version } = await submitPlan(applicant, id, version));
    await sendLettersAsThen(id);
    setClock(at(days.complete, 10));
    ({ version } = await markComplete(actors.handler, id, version, { agreementSigned: true }));
    setClock(at(days.advised, 10));
    await claimPlan(actors.adviser, id);
    await declareInterest(actors.adviser, id, { conflict: false });
    const amounts = plainYears.map((year) => ({ year, amount: requestedIn(days, year) }));
    ({ version } = await recordAdvice(actors.adviser, id, version, {
      scores: demoScores(4),
      recommendation: "GRANT",
      text: "Het plan is goed onderbouwd en de maatregelen sluiten aan op de analyse.",
      amounts,
    }));
    setClock(at(days.granted, 11));
    ({ version } = await decidePlan(actors.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts,
    }));
    await sendLettersAsThen(id);
    const unpaid = await lastDueAdvance(id, today);
    await payAdvances(id, { before: days.periodStart, notOn: unpaid }, actors);
    // Art. 5.2: execution began with the period, reported that day; without it the later
    // advances would be held.
    setClock(at(days.periodStart, 10));
    ({ version } = await reportExecutionStart(applicant, id, version, days.periodStart));
    await payAdvances(id, { before: addCalendarDays(today, 1), notOn: unpaid }, actors);

    // OOM foresees that its last round of training cannot finish in time and asks for four months,
    // after the interim report after the 12th month (art. 1.2a lid 2).
    setClock(at(days.interimSubmitted, 10));
    const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    const view = await openInterimReport(applicant, id, 12);
    const results = await saveInterimStep(applicant, id, 12, view.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "35" })),
      summary:
        "De scholing van vakkrachten loopt volgens plan. De leerwerkplekken startten later: het praktijkcentrum in Nieuwegein is nog niet open.",
    });
    const costs = await saveInterimStep(applicant, id, 12, results.version, "costs", {
      costs: measures.flatMap((m) =>
        view.years.map((year) => ({ measureId: m.id, year: String(year), amount: "60.000,00" })),
      ),
    });
    await submitInterimReport(applicant, id, 12, costs.version, true);
    setClock(at(days.requested, 11));
    ({ version } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } }));
    await requestExtension(applicant, id, version, {
      months: 4,
      motivation:
        "Het nieuwe praktijkcentrum in Nieuwegein opent een half jaar later dan gepland. De laatste scholingsronde voor vakkrachten kan daardoor pas na de zomer beginnen en loopt tot na het einde van de periode.",
    });
    await sendLettersAsThen(id);
    return id;
  } finally {
    setClock(null);
  }
}

/** € 20.000 a month of the period that falls in `year`: € 480.000 over the 24 months. */
function requestedIn(days: { periodStart: LocalDate; periodEnd: LocalDate }, year: number): bigint {
  return 2_000_000n * BigInt(monthsIn(days, year));
}

function monthsIn(days: { periodStart: LocalDate; periodEnd: LocalDate }, year: number): number {
  const first = Math.max(year * 12, toMonth(days.periodStart));
  const last = Math.min(year * 12 + 11, toMonth(days.periodEnd));
  return Math.max(0, last - first + 1);
}
const toMonth = (d: LocalDate) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

/**
 * The plan as OOM wrote it (the tests' valid plan, its summary carrying the tests' script probe),
 * over the demo's period: per month € 58.000 of costs, € 20.000 of it asked. Under € 200.000 of
 * advances a year, so no melding onderbesteding is owed for the half-years that have passed.
 */
function demoDraft(days: ReturnType<typeof demoVerlengingDays>, years: number[]) {
  const draft = validPlanDraft(years[0] as number);
  draft.lead.summary =
    "Leerwerkplekken voor jongeren en scholing van vakkrachten in de metaal (demonstratie van een verleend plan).";
  draft.lead.periodStart = days.periodStart;
  draft.lead.periodEnd = days.periodEnd;
  draft.lead.contactName = "Marieke de Vries";
  draft.lead.contactEmail = "m.devries@oom.example.nl";
  // OOM's other demo plan covers the metal sector (3): a second plan of the same applicant for the
  // same sector fails the completeness checklist (art. 2.3), so this one covers the rest of industry.
  draft.lead.sectorCodes = ["4"];
  draft.lead.securityAmount = centsToInputString(2_000_000n * 24n);
  const perMonth = [4_800_000n, 1_000_000n];
  draft.measures.measures.forEach((m, i) => {
    m.costPerParticipant = "";
    m.costs = years.map((year) => ({
      year,
      amount: centsToInputString((perMonth[i] as bigint) * BigInt(monthsIn(days, year))),
    }));
  });
  draft.budget.rows = years.map((year) => ({
    year,
    requested: centsToInputString(requestedIn(days, year)),
    ownContribution: centsToInputString(3_800_000n * BigInt(monthsIn(days, year))),
    otherSources: "0",
  }));
  return draft;
}

/**
 * The tijdvak the demo plan was submitted in: the demonstration regulation's window opens today,
 * so an earlier one runs from before the submission up to it, with the years' envelopes the plan's
 * period needs that the regulation's do not have yet.
 */
async function openEarlierWindow(
  regulationId: string,
  submitted: LocalDate,
  today: LocalDate,
  years: number[],
) {
  const regulation = await prisma.regulation.findUniqueOrThrow({
    where: { id: regulationId },
    select: { fund: true },
  });
  const opensAt = startOfAmsterdamDay(addMonths(submitted, -1));
  const later = await prisma.applicationWindow.findFirst({
    where: { regulationId, opensAt: { gt: opensAt } },
    orderBy: { opensAt: "asc" },
    select: { opensAt: true },
  });
  const closesAt = later?.opensAt ?? startOfAmsterdamDay(today);
  const windowPot = await prisma.budgetPot.create({
    data: {
      kind: "WINDOW",
      name: "Subsidieplafond vorig tijdvak",
      ceilingCents: 100_000_000_00n,
    },
  });
  await prisma.applicationWindow.create({
    data: { regulationId, name: "Vorig tijdvak", opensAt, closesAt, potId: windowPot.id },
  });
  const have = new Set(
    (
      await prisma.budgetEnvelope.findMany({
        where: { fund: regulation.fund, year: { in: years } },
        select: { year: true },
      })
    ).map((e) => e.year),
  );
  for (const year of years.filter((y) => !have.has(y))) {
    const pot = await prisma.budgetPot.create({
      data: { kind: "YEAR", name: `Begrotingsjaar ${year} (demonstratie)`, ceilingCents: 60_000_000_00n },
    });
    await prisma.budgetEnvelope.create({
      data: { fund: regulation.fund, year, illustrative: true, note: "Demonstratie.", potId: pot.id },
    });
  }
}

/** The last advance due by today: finance has not paid it yet. */
async function lastDueAdvance(planId: string, today: LocalDate): Promise<LocalDate | null> {
  const last = await prisma.payment.findFirst({
    where: { planId, kind: "ADVANCE", dueOn: { lte: localDateToDb(today) } },
    orderBy: { dueOn: "desc" },
    select: { dueOn: true },
  });
  return last ? localDateFromDb(last.dueOn) : null;
}

/**
 * Finance paid the advances as they fell due, in a batch on the day each was due, prepared and
 * then approved by the second finance user (four eyes): those due before `before`, except the one
 * due on `notOn`, which waits in "/financien/betalingen" as the grant of today's did before.
 */
async function payAdvances(
  planId: string,
  { before, notOn }: { before: LocalDate; notOn: LocalDate | null },
  actors: DemoVerlengingActors,
) {
  const due = await prisma.payment.findMany({
    where: { planId, status: "PLANNED", dueOn: { lt: localDateToDb(before) } },
    select: { id: true, dueOn: true },
    orderBy: { dueOn: "asc" },
  });
  for (const p of due) {
    const day = localDateFromDb(p.dueOn);
    if (day === notOn) continue;
    setClock(at(day, 12));
    const batch = await prepareBatch(actors.preparer, { paymentIds: [p.id], executionDate: day });
    setClock(at(day, 16));
    await approveBatch(actors.approver, batch.id);
    await batchFile(actors.approver, batch.id, "sepa");
  }
}
