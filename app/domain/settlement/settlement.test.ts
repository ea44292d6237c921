import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import {
  advisePlan,
  announceDecision,
  completePlan,
  grantPlan,
  payFirstAdvance,
} from "../../test/plan-steps.server.ts";
import { createScenario, euroInput, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { checkLedger, planBudgetPosition } from "../budget/reports.server.ts";
import { now, setClock } from "../clock.ts";
import { FOUR_EYES_REFUSAL } from "../decision/engine.server.ts";
import { produceSettlementLetter } from "../documents/settlement-letter.server.ts";
import { ConflictError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { approveBatch, prepareBatch } from "../payments/batches.server.ts";
import { recordPaymentReturn } from "../payments/returns.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { decidePlan } from "../plan/plans.server.ts";
import { termsOverview } from "../review/deadlines.server.ts";
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamTimeOn,
  isAtwClosedDay,
  type LocalDate,
  localDateFromDb,
  nextWorkingDayIfClosed,
} from "../time/index.ts";
import { computeSettlement } from "./compute.ts";
import { loadSettlementBasis, proposeSettlement } from "./propose.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  reportOverview,
  saveReportStep,
  submitRealisationReport,
} from "./report.server.ts";
import { PROPOSER_MAY_NOT_SETTLE, settlePlan } from "./settle.server.ts";
import { settlementDecisionDueOn } from "./terms.ts";
import { applicantSettlementSummary, settlementPage } from "./view.server.ts";

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const INITIAL_ADVANCE = 6_000_000n; // 10% of the € 600.000 grant

/**
 * A granted plan (€ 300.000 in each of its two years) in execution, its first advance paid; with
 * `grantedPerYear`, granted in part for that amount a year instead.
 */
async function planInExecution(
  grantedPerYear?: bigint,
): Promise<{ id: string; measures: { id: string }[]; years: number[] }> {
  const { id, version } = await completePlan(s);
  const advised = await advisePlan(s, id, version);
  if (grantedPerYear === undefined) await grantPlan(s, id, advised);
  else
    await decidePlan(s.decisionMaker, id, advised, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "Een deel van de kosten is niet onderbouwd.",
      amounts: [
        { year: s.year + 1, amount: grantedPerYear },
        { year: s.year + 2, amount: grantedPerYear },
      ],
    });
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  // Finance pays one advance (the batch itself is the payments module's, tested there).
  await payFirstAdvance(id, INITIAL_ADVANCE);
  const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
  return { id, measures, years: [s.year + 1, s.year + 2] };
}

/** After the plan's period (it ends 31 December of year + 2). */
const afterTheEnd = () => setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));

async function writeReport(
  actor: Actor,
  plan: { id: string; measures: { id: string }[]; years: number[] },
  perMeasureYear: bigint,
) {
  let { report } = await openRealisationReport(actor, plan.id);
  if (!report) throw new Error("no report");
  const r = await saveReportStep(actor, plan.id, report.version, "results", {
    measures: plan.measures.map((m) => ({ measureId: m.id, participants: "100" })),
    summary: "De scholing liep volgens plan; de jongerenmaatregel kwam later op gang.",
  });
  const c = await saveReportStep(actor, plan.id, r.version, "costs", {
    costs: plan.measures.flatMap((m) =>
      plan.years.map((year) => ({ measureId: m.id, year: String(year), amount: euroInput(perMeasureYear) })),
    ),
  });
  expect(c.issues).toEqual([]);
  ({ report } = await getRealisationReport(actor, plan.id));
  return submitRealisationReport(actor, plan.id, report?.version ?? 0, true);
}

const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

async function letterText(settlementId: string): Promise<string> {
  const doc = await produceSettlementLetter(settlementId);
  const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, " ");
}

async function ledgerProblems(planId: string) {
  const potIds = (await planBudgetPosition(prisma, planId)).map((p) => p.potId);
  return checkLedger(prisma, { potIds });
}

describe("the realisation report", () => {
  it("opens after the end, keeps invalid drafts, refuses stale saves, and needs every step", async () => {
    const plan = await planInExecution();
    // Before the end: not open.
    expect((await openRealisationReport(s.applicantA, plan.id)).open).toBe(false);
    afterTheEnd();
    // Another organisation does not even see it.
    await expect(openRealisationReport(s.applicantB, plan.id)).rejects.toBeInstanceOf(NotFoundError);
    // The first visit creates the report; visits at the same moment (two tabs) must not race into an error.
    const views = await Promise.all(
      Array.from({ length: 20 }, () => openRealisationReport(s.applicantA, plan.id)),
    );
    expect(views.every((v) => v.report !== null)).toBe(true);
    expect(await prisma.realisationReport.count({ where: { planId: plan.id } })).toBe(1);
    const view = await openRealisationReport(s.applicantA, plan.id);
    expect(view.open).toBe(true);
    // 31 Dec + 13 weeks = 1 April of year + 3 (or the next working day).
    expect(view.dueOn?.startsWith(`${s.year + 3}-04-0`)).toBe(true);

    const bad = await saveReportStep(s.applicantA, plan.id, view.report?.version ?? 0, "results", {
      measures: plan.measures.map((m) => ({ measureId: m.id, participants: "veel" })),
      summary: "kort",
    });
    expect(bad.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["measures.0.participants", "summary"]),
    );
    // The draft survives as typed.
    const again = await getRealisationReport(s.applicantA, plan.id);
    expect(again.report?.draft.results.measures[0]?.participants).toBe("veel");
    expect(again.report?.draft.results.summary).toBe("kort");
    // A save from the older page is refused.
    await expect(
      saveReportStep(s.applicantA, plan.id, view.report?.version ?? 0, "results", {}),
    ).rejects.toThrow(/gewijzigd/);
    // Incomplete: request_settlement refuses, and nothing changed.
    await expect(submitRealisationReport(s.applicantA, plan.id, bad.version, true)).rejects.toBeInstanceOf(
      RuleViolation,
    );
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("IN_EXECUTION");
    // The report reminder was scheduled at report_start.
    const reminder = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: plan.id, kind: "SETTLEMENT_REPORT_WARNING" } },
    });
    expect(reminder.cancelledAt).toBeNull();
  });
});

describe("the vaststelling", () => {
  it("settles below the grant: releases the rest, pays the remainder finally, and the letter says so", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    // € 250.000 per measure and year: € 1.000.000 of the € 1.400.000 planned (71,42%).
    await writeReport(s.applicantA, plan, 25_000_000n);
    const requested = await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(requested.status).toBe("SETTLEMENT_REQUESTED");
    const reminders = await prisma.reminder.findMany({ where: { planId: plan.id } });
    expect(reminders.find((r) => r.kind === "SETTLEMENT_REPORT_WARNING")?.cancelledAt).not.toBeNull();
    expect(reminders.find((r) => r.kind === "SETTLEMENT_DECISION_WARNING")?.cancelledAt).toBeNull();

    // Overhead 15% = € 150.000; 50% of € 1.150.000 = € 575.000. More may not be proposed.
    await expect(
      proposeSettlement(s.handler, plan.id, requested.version, {
        amountCents: 57_500_001n,
        motivation: "Alles akkoord.",
      }),
    ).rejects.toThrow(/575\.000,00/);
    await proposeSettlement(s.handler, plan.id, requested.version, {
      amountCents: 57_500_000n,
      motivation: "Kosten gecontroleerd en akkoord.",
    });
    // Four-eyes: the handler never settles.
    const handlerAsDm: Actor = { ...s.handler, roles: ["CASE_HANDLER", "DECISION_MAKER"] };
    await expect(
      settlePlan(handlerAsDm, plan.id, await planVersion(plan.id), {
        reduction: null,
        reason: "Vastgesteld zoals voorgesteld.",
      }),
    ).rejects.toThrow(FOUR_EYES_REFUSAL);

    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(57_500_000n);
    const window = (await planBudgetPosition(prisma, plan.id)).find((p) => p.year === null);
    expect(window?.committedCents).toBe(57_500_000n);
    expect(window?.disbursedCents).toBe(INITIAL_ADVANCE);
    const final = await prisma.payment.findFirstOrThrow({ where: { planId: plan.id, kind: "FINAL" } });
    expect(final.amountCents).toBe(57_500_000n - INITIAL_ADVANCE);
    expect(final.status).toBe("PLANNED");
    expect(
      await prisma.payment.count({ where: { planId: plan.id, kind: "ADVANCE", status: "PLANNED" } }),
    ).toBe(0);
    expect(await prisma.recoveryClaim.count({ where: { planId: plan.id } })).toBe(0);
    expect(await ledgerProblems(plan.id)).toEqual([]);
    expect(
      (
        await prisma.reminder.findUniqueOrThrow({
          where: { planId_kind: { planId: plan.id, kind: "SETTLEMENT_DECISION_WARNING" } },
        })
      ).cancelledAt,
    ).not.toBeNull();

    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    const letters = await prisma.outboxMessage.findMany({ where: { jobName: "render-letter" } });
    expect(letters.some((m) => (m.payload as { settlementId?: string }).settlementId === settlement.id)).toBe(
      true,
    );
    const doc = await produceSettlementLetter(settlement.id);
    expect(await produceSettlementLetter(settlement.id)).toMatchObject({ id: doc.id });
    expect(doc.kind).toBe("SETTLEMENT_DECISION");
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("€ 575.000,00");
    expect(flat).toContain("€ 1.000.000,00"); // actual costs
    expect(flat).toContain("€ 150.000,00"); // overhead
    expect(flat).toContain("71,42%"); // realisation
    expect(flat).toContain("€ 515.000,00"); // the final payment
    expect(flat).toContain(requested.reference);
    expect(flat).toMatch(/bezwaar/i);
    expect(flat).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    // Signed by the decision maker who settled it.
    const settler = await prisma.user.findUniqueOrThrow({ where: { id: s.decisionMaker.userId } });
    expect(flat).toContain(`De Minister van Sociale Zaken en Werkgelegenheid, namens deze, ${settler.name}`);
    expect(
      (await prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).announcedAt,
    ).not.toBeNull();
    const mails = (await prisma.outboxMessage.findMany({ where: { jobName: "send-email" } })).filter(
      (m) =>
        (m.payload as { planId: string; template: string }).planId === plan.id &&
        (m.payload as { template: string }).template === "settlement-decided",
    );
    expect(mails.length).toBeGreaterThan(0);

    // Once the final payment is paid: the organisation is told it was paid, not that it will still
    // receive it, and the staff tab's paid advances stay what the letter says (found by a review).
    expect((await applicantSettlementSummary(plan.id))?.finalPayment).toEqual({
      amount: formatEuro(51_500_000n),
      paidOn: null,
    });
    const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    await announceDecision(plan.id);
    const batch = await prepareBatch(preparer, {
      paymentIds: [final.id],
      executionDate: amsterdamDate(now()),
    });
    await approveBatch(approver, batch.id);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: final.id } })).status).toBe("PAID");
    expect((await loadSettlementBasis(prisma, plan.id)).paidCents).toBe(INITIAL_ADVANCE);
    const page = await settlementPage(s.handler, plan.id);
    expect(page.figures?.paid).toBe(formatEuro(INITIAL_ADVANCE));
    expect((await applicantSettlementSummary(plan.id))?.finalPayment).toEqual({
      amount: formatEuro(51_500_000n),
      paidOn: amsterdamDate(now()),
    });
    // The bank sends it back: a new final payment is owed, and both pages say so (not the old row).
    await recordPaymentReturn(preparer, final.id, { reasonCode: "AC04", note: "" });
    expect((await settlementPage(s.handler, plan.id)).finalPayment?.status).toBe("PLANNED");
    expect((await applicantSettlementSummary(plan.id))?.finalPayment?.paidOn).toBeNull();
  });

  it("settles after a storno left paid money in a later year while an earlier year has room", async () => {
    // € 300.000 a year. Advances: € 60.000 (planInExecution) and € 240.000 fill year 1; € 40.000
    // lands in year 2. The bank returns the € 240.000: year 1 holds € 60.000 paid, year 2 € 40.000.
    const plan = await planInExecution();
    const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    await announceDecision(plan.id);
    const advance = (sequence: number, amountCents: bigint) =>
      prisma.payment.create({
        data: { planId: plan.id, sequence, kind: "ADVANCE", dueOn: new Date(), amountCents },
      });
    // An earlier test's AC04 storno holds the shared organisation's account: finance approved it again.
    const { organisationId } = await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    await prisma.organisation.update({
      where: { id: organisationId },
      data: { ibanCheckedAt: new Date(), ibanCheckedById: approver.userId },
    });
    const second = await advance(90, 24_000_000n);
    const third = await advance(91, 4_000_000n);
    // One batch each, in this order: within one batch the order of the payments is not given.
    for (const payment of [second, third]) {
      const batch = await prepareBatch(preparer, {
        paymentIds: [payment.id],
        executionDate: amsterdamDate(now()),
      });
      await approveBatch(approver, batch.id);
    }
    // MS03, no reason given: an account reason (AC04) would hold the account again.
    await recordPaymentReturn(preparer, second.id, { reasonCode: "MS03", note: "" });
    const perYear = async () =>
      Object.fromEntries(
        (await planBudgetPosition(prisma, plan.id))
          .filter((p) => p.year !== null)
          .map((p) => [p.year, [p.committedCents, p.disbursedCents]]),
      );
    const [first, next] = plan.years as [number, number];
    expect(await perYear()).toEqual({
      [first]: [30_000_000n, INITIAL_ADVANCE],
      [next]: [30_000_000n, 4_000_000n],
    });

    afterTheEnd();
    await writeReport(s.applicantA, plan, 25_000_000n);
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 25_000_000n,
      motivation: "Kosten gecontroleerd; vastgesteld op het gevraagde bedrag.",
    });
    // Filling year 1 first with all € 250.000 left year 2 with € 40.000 paid and nothing committed:
    // the booking refused it and the vaststelling failed with a 500.
    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(25_000_000n);
    // Year 2 keeps what stays paid in it; the rest fills year 1.
    expect(await perYear()).toEqual({
      [first]: [21_000_000n, INITIAL_ADVANCE],
      [next]: [4_000_000n, 4_000_000n],
    });
    const final = await prisma.payment.findFirstOrThrow({ where: { planId: plan.id, kind: "FINAL" } });
    expect(final.amountCents).toBe(25_000_000n - INITIAL_ADVANCE - 4_000_000n);
    expect(await prisma.recoveryClaim.count({ where: { planId: plan.id } })).toBe(0);
    expect(await ledgerProblems(plan.id)).toEqual([]);
  });

  it("measures a partial grant's realisation against the costs it granted, not the whole budget", async () => {
    // Half of the € 300.000 asked a year is granted: it covers € 350.000 of the € 700.000 planned a year.
    const plan = await planInExecution(15_000_000n);
    afterTheEnd();
    // € 175.000 per measure and year: € 700.000, half the budget but all of the granted costs.
    await writeReport(s.applicantA, plan, 17_500_000n);
    // 15% overhead = € 105.000; 50% of € 805.000 = € 402.500, capped at the € 300.000 granted.
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 30_000_000n,
      motivation: "Wat verleend is, is uitgevoerd.",
    });
    const proposed = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    expect(proposed.plannedCostsCents).toBe(70_000_000n);
    expect(proposed.realisationBp).toBe(10_000);
    expect(proposed.computedCents).toBe(30_000_000n);
    // Not below the threshold: no choice between nil and a reduction, the rule applies in full.
    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(30_000_000n);
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    const doc = await produceSettlementLetter(settlement.id);
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("Jaar Verleend Begroot Subsidiabel Werkelijk");
    expect(flat).toContain("€ 1.400.000,00"); // the budget
    expect(flat).toContain("€ 700.000,00"); // the granted eligible costs, and the actual costs
    expect(flat).toContain("De meegetelde kosten zijn 100% daarvan");
    expect(flat).not.toContain("onder 60%");
    // Everything reported was covered by the grant: no table of costs that do not count.
    expect(flat).not.toContain("Telt niet mee");
  });

  it("counts no costs of a year the grant left out: all spent in that year settles at nil", async () => {
    // € 300.000 granted for the first year, nothing for the second.
    const { id, version } = await completePlan(s);
    await decidePlan(s.decisionMaker, id, await advisePlan(s, id, version), {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "Het tweede jaar is niet onderbouwd en wordt niet verleend.",
      amounts: [
        { year: s.year + 1, amount: 30_000_000n },
        { year: s.year + 2, amount: 0n },
      ],
    });
    await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
    const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    const plan = { id, measures, years: [s.year + 1, s.year + 2] };
    afterTheEnd();
    // Nothing in the granted year; the whole year-2 budget (€ 700.000) spent in the year not granted.
    let { report } = await openRealisationReport(s.applicantA, id);
    const r = await saveReportStep(s.applicantA, id, report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "100" })),
      summary: "Alles is in het tweede jaar uitgevoerd, niets in het eerste.",
    });
    const planned = await prisma.measureCost.findMany({
      where: { measureId: { in: measures.map((m) => m.id) } },
    });
    await saveReportStep(s.applicantA, id, r.version, "costs", {
      costs: measures.flatMap((m) =>
        plan.years.map((year) => ({
          measureId: m.id,
          year: String(year),
          amount: euroInput(
            year === s.year + 2
              ? (planned.find((c) => c.measureId === m.id && c.year === year)?.costCents ?? 0n)
              : 0n,
          ),
        })),
      ),
    });
    ({ report } = await getRealisationReport(s.applicantA, id));
    await submitRealisationReport(s.applicantA, id, report?.version ?? 0, true);

    // Not even what a proportional reduction would pay: the rule allows nothing.
    await expect(
      proposeSettlement(s.handler, id, await planVersion(id), {
        amountCents: 1n,
        motivation: "Eén cent te veel.",
      }),
    ).rejects.toThrow(/dan €\s0,00:/);
    await proposeSettlement(s.handler, id, await planVersion(id), {
      amountCents: 0n,
      motivation: "Het verleende jaar is niet uitgevoerd.",
    });
    const proposed = await prisma.settlement.findUniqueOrThrow({ where: { planId: id } });
    expect(proposed.plannedCostsCents).toBe(70_000_000n);
    // Stored: the costs that counted, not the € 700.000 reported.
    expect(proposed.actualCostsCents).toBe(0n);
    expect(proposed.realisationBp).toBe(0);
    expect(proposed.computedCents).toBe(0n);
    const { settledCents } = await settlePlan(s.decisionMaker, id, await planVersion(id), {
      reduction: "PROPORTIONAL",
      reason: "Alleen het niet verleende jaar is uitgevoerd.",
    });
    expect(settledCents).toBe(0n);
    expect(await prisma.payment.count({ where: { planId: id, kind: "FINAL" } })).toBe(0);
    expect(await ledgerProblems(id)).toEqual([]);

    const doc = await produceSettlementLetter(proposed.id);
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, " ");
    // The letter shows what was reported and what of it counted.
    expect(flat).toContain("Jaar Werkelijk Meegeteld Telt niet mee");
    expect(flat).toContain(`${s.year + 2} € 700.000,00 € 0,00 € 700.000,00`);
    expect(flat).toContain("Meegetelde kosten € 0,00");
    expect(flat).toContain("De meegetelde kosten zijn 0% daarvan");
  });

  it("below the threshold at nil: claims the advance back; the proposer may not settle", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    // € 175.000 per measure and year: 50% realised.
    await writeReport(s.applicantA, plan, 17_500_000n);
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 0n,
      motivation: "Minder dan 60% gerealiseerd.",
    });
    // The decision maker must choose between nil and a proportional reduction.
    await expect(
      settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
        reduction: null,
        reason: "Onder de drempel gebleven.",
      }),
    ).rejects.toThrow(/drempel/);
    // Someone who proposed cannot settle, whatever other role they hold.
    const both = await s.newUser("DECISION_MAKER");
    await prisma.roleMembership.create({ data: { userId: both.userId, role: "CASE_HANDLER" } });
    const bothActor: Actor = { ...both, roles: ["DECISION_MAKER", "CASE_HANDLER"] };
    await proposeSettlement(bothActor, plan.id, await planVersion(plan.id), {
      amountCents: 0n,
      motivation: "Minder dan 60% gerealiseerd.",
    });
    await expect(
      settlePlan(bothActor, plan.id, await planVersion(plan.id), {
        reduction: "NIL",
        reason: "Onder de drempel gebleven.",
      }),
    ).rejects.toThrow(PROPOSER_MAY_NOT_SETTLE);

    // Settled on 13 November: six weeks later is Christmas Day, a closed day (Atw); the claim falls
    // due on the next working day (27 December, or the Monday after when that is a weekend day).
    setClock(new Date(`${s.year + 3}-11-13T10:00:00Z`));
    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: "NIL",
      reason: "Onder de drempel gebleven.",
    });
    expect(settledCents).toBe(0n);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId: plan.id } });
    const dueOn = localDateFromDb(claim.dueOn);
    expect(isAtwClosedDay(dueOn)).toBe(false);
    expect(dueOn).toBe(nextWorkingDayIfClosed(`${s.year + 3}-12-25`));
    expect(dueOn > `${s.year + 3}-12-26`).toBe(true);
    expect(claim.amountCents).toBe(INITIAL_ADVANCE);
    expect(claim.status).toBe("OPEN");
    expect(claim.settlementId).not.toBeNull();
    expect(await prisma.ledgerEntry.count({ where: { planId: plan.id, kind: "RECOVERY" } })).toBeGreaterThan(
      0,
    );
    expect(await prisma.payment.count({ where: { planId: plan.id, kind: "FINAL" } })).toBe(0);
    // The letter says where to pay the claim, as the revocation's does.
    const doc = await produceSettlementLetter(claim.settlementId as string);
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
      mergePages: true,
    });
    expect(text.replace(/\s+/g, " ")).toMatch(
      /Ik vorder € [\d.,]+ van u terug \(artikel 4:57 Awb\)\. Betaal dit bedrag uiterlijk \d+ \w+ \d{4} op rekening NL\d\d [A-Z]{4}( \d{4}){2} \d\d ten name van [^,]+, onder vermelding van het kenmerk SP-/,
    );
    const window = (await planBudgetPosition(prisma, plan.id)).find((p) => p.year === null);
    expect(window?.committedCents).toBe(0n);
    expect(await ledgerProblems(plan.id)).toEqual([]);
  });
});

describe("the vaststelling's decision term on the terms overview (/behandeling/termijnen)", () => {
  it("is listed from 7 days before its 22 weeks end, as late once they passed, until it is settled", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    await writeReport(s.applicantA, plan, 25_000_000n);
    // Requested on 20 January of year + 3: 22 weeks (regulation art. 5.5), a closed day moved (Atw).
    const requestedOn = amsterdamDate(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    const due = settlementDecisionDueOn(requestedOn, 22);
    const listed = async (day: LocalDate) => {
      setClock(amsterdamTimeOn(day, 10));
      return (await termsOverview(s.handler)).settlementTerms.find((t) => t.id === plan.id);
    };
    expect(await listed(addCalendarDays(due, -8))).toBeUndefined();
    expect(await listed(addCalendarDays(due, -7))).toMatchObject({ due, daysLeft: 7, requestedOn });
    // 40 weeks on, still undecided: flagged as late (design.md §4 Deadlines).
    const late = addCalendarDays(due, 280);
    const row = await listed(late);
    expect(row).toMatchObject({ id: plan.id, due, daysLeft: -280 });
    // Settled: no term left to flag.
    const version = await planVersion(plan.id);
    await proposeSettlement(s.handler, plan.id, version, {
      amountCents: 57_500_000n,
      motivation: "Kosten gecontroleerd en akkoord.",
    });
    await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(await listed(late)).toBeUndefined();
  });
});

describe("a vaststelling below the rule's amount", () => {
  it("says in its letter by how much and why: the handler's motivation for the lower proposal", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    // € 250.000 per measure and year: the rule gives € 575.000.
    await writeReport(s.applicantA, plan, 25_000_000n);
    const motivation =
      "De kosten van de externe trainer (€ 175.000) zijn niet onderbouwd met <b>facturen</b>.";
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 40_000_000n,
      motivation,
    });
    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(40_000_000n);
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    const flat = await letterText(settlement.id);
    expect(flat).toContain("50% daarvan € 575.000,00");
    expect(flat).toContain(
      "Ik stel de subsidie vast op € 400.000,00: € 175.000,00 lager dan de berekening geeft (€ 575.000,00). " +
        "Waarom, leest u onder ‘Motivering’.",
    );
    // Under Motivering, before the decision maker's own reason; staff text drawn as written.
    expect(flat).toContain(
      "Motivering De subsidie is € 175.000,00 lager vastgesteld dan de berekening geeft (€ 575.000,00), om de " +
        `volgende reden: ${motivation} Vastgesteld zoals voorgesteld.`,
    );
  });
});

describe("the realisation the applicant is shown (art. 5.1 lid 3)", () => {
  it("is the vaststelling's: a year's budget spent in the next counts once, and the 60% is said", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    const planned = await prisma.measureCost.findMany({
      where: { measureId: { in: plan.measures.map((m) => m.id) } },
    });
    let { report } = await openRealisationReport(s.applicantA, plan.id);
    const r = await saveReportStep(s.applicantA, plan.id, report?.version ?? 0, "results", {
      measures: plan.measures.map((m) => ({ measureId: m.id, participants: "100" })),
      summary: "Het eerste jaar is niets uitgevoerd, het tweede jaar dubbel zoveel.",
    });
    // Before the costs are in, there is no realisation to show.
    expect(reportOverview(await getRealisationReport(s.applicantA, plan.id)).realisationBp).toBeNull();
    // Nothing in year 1, twice the budget in year 2: all € 1.400.000 planned is spent.
    await saveReportStep(s.applicantA, plan.id, r.version, "costs", {
      costs: plan.measures.flatMap((m) =>
        plan.years.map((year) => ({
          measureId: m.id,
          year: String(year),
          amount: euroInput(
            year === plan.years[0]
              ? 0n
              : 2n * (planned.find((c) => c.measureId === m.id && c.year === year)?.costCents ?? 0n),
          ),
        })),
      ),
    });
    const overview = reportOverview(await getRealisationReport(s.applicantA, plan.id));
    expect(overview.actualCents).toBe(overview.plannedCents);
    // Only year 2's € 700.000 counts against the € 1.400.000 the grant covers: 50%, under the 60%.
    expect(overview).toMatchObject({
      realisationBp: 5000,
      countedCents: 70_000_000n,
      eligibleCents: 140_000_000n,
      thresholdBp: 6000,
      belowThreshold: true,
    });
    ({ report } = await getRealisationReport(s.applicantA, plan.id));
    await submitRealisationReport(s.applicantA, plan.id, report?.version ?? 0, true);
    const basis = await loadSettlementBasis(prisma, plan.id);
    expect(computeSettlement(basis.rule).realisationBp).toBe(overview.realisationBp);
  });
});

describe("the choice between nil and a proportional reduction", () => {
  it("is refused as proportional on a nil proposal, and settles the proportional amount once proposed", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    // € 175.000 per measure and year: 50% realised. Proportionally: 50% of (€ 700.000 + € 105.000).
    await writeReport(s.applicantA, plan, 17_500_000n);
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 0n,
      motivation: "Minder dan 60% gerealiseerd.",
    });
    // The vaststelling never goes above the proposal: settled at € 0 it would be a nil settlement
    // whose letter cites the proportional reduction of art. 5.1 lid 4.
    const refused = settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: "PROPORTIONAL",
      reason: "Evenredig verlaagd naar de realisatie.",
    });
    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(refused).rejects.toThrow(/evenredige verlaging geeft €\s402\.500,00/);
    expect(await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } })).toMatchObject({
      settledAt: null,
      reduction: null,
    });
    expect(await prisma.recoveryClaim.count({ where: { planId: plan.id } })).toBe(0);

    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 40_250_000n,
      motivation: "Evenredig met de realisatie van 50%.",
    });
    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: "PROPORTIONAL",
      reason: "Evenredig verlaagd naar de realisatie.",
    });
    expect(settledCents).toBe(40_250_000n);
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    expect(settlement.reduction).toBe("PROPORTIONAL");
    const flat = await letterText(settlement.id);
    expect(flat).toContain("Ik verlaag de subsidie daarom naar evenredigheid (artikel 5.1, vierde lid");
    // As proposed: no lowering below the rule to explain.
    expect(flat).not.toContain("lager vastgesteld");
  });

  it("is not recorded for a plan above the threshold, even when posted", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    // Every year as planned (€ 350.000 per measure and year): 100% realised.
    await writeReport(s.applicantA, plan, 35_000_000n);
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 60_000_000n,
      motivation: "Volledig uitgevoerd.",
    });
    const { settledCents } = await settlePlan(s.decisionMaker, plan.id, await planVersion(plan.id), {
      reduction: "NIL",
      reason: "Volledig uitgevoerd, vastgesteld.",
    });
    expect(settledCents).toBe(60_000_000n);
    const settlement = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    expect(settlement.reduction).toBeNull();
    // The tab's outcome would read "(nihil)" beside € 600.000 paid in full.
    expect((await settlementPage(s.decisionMaker, plan.id)).settlement?.reduction).toBeNull();
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetId: plan.id, action: "settlement.settled" },
    });
    expect((audit.details as { reduction: unknown }).reduction).toBeNull();
  });
});

describe("a revised proposal and the vaststelling at the same moment", () => {
  it("the vaststelling waits for the proposal's plan lock and is refused as stale, without a deadlock", async () => {
    const plan = await planInExecution();
    afterTheEnd();
    await writeReport(s.applicantA, plan, 25_000_000n);
    await proposeSettlement(s.handler, plan.id, await planVersion(plan.id), {
      amountCents: 57_500_000n,
      motivation: "Eerste voorstel volgens de regel.",
    });
    const current = await planVersion(plan.id);

    // Hold the report's table so that the revised proposal stops after taking the plan's lock and
    // before writing the Settlement row (loadSettlementBasis reads the report).
    const held = gate();
    const release = gate();
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`LOCK TABLE "RealisationReport" IN ACCESS EXCLUSIVE MODE`);
        held.open();
        await release.opened;
      },
      { timeout: 60_000 },
    );
    await held.opened;
    const revise = proposeSettlement(s.handler, plan.id, current, {
      amountCents: 57_499_900n,
      motivation: "Herzien voorstel: één euro minder.",
    });
    await untilWaiting(1);
    const settle = settlePlan(s.decisionMaker, plan.id, current, {
      reduction: null,
      reason: "Vastgesteld volgens het voorstel.",
    });
    await untilWaiting(2);
    release.open();
    await holder;
    const [revised, settled] = await Promise.allSettled([revise, settle]);
    expect(revised.status).toBe("fulfilled");
    expect(settled.status).toBe("rejected");
    const err = (settled as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe("PLAN_CHANGED");
    const row = await prisma.settlement.findUniqueOrThrow({ where: { planId: plan.id } });
    expect(row).toMatchObject({ proposedCents: 57_499_900n, settledAt: null, reduction: null });
  });
});
