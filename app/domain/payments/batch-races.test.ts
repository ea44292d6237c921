import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, holdPots, untilWaiting } from "../../test/lock-waits.server.ts";
import {
  advisePlan,
  announceDecision,
  announceSettlement,
  completePlan,
  grantPlan,
  writeRealisationReport,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { createBudgetFixture } from "../budget/fixtures.test-support.ts";
import { commitForPlan, reserveForPlan } from "../budget/ledger.server.ts";
import { checkLedger, planBudgetPosition } from "../budget/reports.server.ts";
import { now, setClock } from "../clock.ts";
import { grantTermsJson, REGULATION_TERMS_SELECT, termsFromRegulation } from "../decision/terms.ts";
import { ConflictError } from "../errors.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { proposeSettlement } from "../settlement/propose.server.ts";
import { getRealisationReport, submitRealisationReport } from "../settlement/report.server.ts";
import { settlePlan } from "../settlement/settle.server.ts";
import { amsterdamDate, localDateToDb } from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import {
  ADVANCE_AFTER_SETTLEMENT_REQUEST,
  approveBatch,
  cancelBatch,
  duePayments,
  getBatch,
  prepareBatch,
} from "./batches.server.ts";
import { batchCsv } from "./csv.server.ts";
import { recordPaymentReturn } from "./returns.server.ts";
import { batchSepaXml } from "./sepa.server.ts";

/**
 * Approving a batch against the writers that change the same plans and pots (design.md §5,
 * ADR 0005/0012). The interleavings are forced, not hoped for (test/lock-waits.server.ts).
 */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const SETTLED = 57_500_000n; // € 575.000: € 250.000 per measure and year, see settlement.test.ts
const REASON = "Vastgesteld zoals voorgesteld.";

/** The amount an approved batch's SEPA file transfers (CtrlSum), in cents; 0 for no file. */
async function sepaCents(batchId: string): Promise<bigint> {
  const detail = await getBatch(prisma, batchId);
  if (detail.status !== "APPROVED") return 0n;
  const xml = new XMLParser({ parseTagValue: false }).parse(batchSepaXml(detail));
  const sum = String(xml.Document.CstmrCdtTrfInitn.GrpHdr.CtrlSum);
  const csv = parse(batchCsv(detail), { columns: true, delimiter: ";" }) as { bedrag: string }[];
  const csvCents = csv.reduce((t, r) => t + BigInt(r.bedrag.replace(",", "")), 0n);
  expect(BigInt(sum.replace(".", ""))).toBe(csvCents);
  return csvCents;
}

/** What the ledger says the plan was paid: DISBURSEMENT less RECOVERY on its window pot. */
async function ledgerPaid(planId: string): Promise<bigint> {
  const window = (await planBudgetPosition(prisma, planId)).find((p) => p.year === null);
  return window?.disbursedCents ?? 0n;
}

async function ledgerProblems(planIds: string[]) {
  const potIds = new Set<string>();
  for (const id of planIds) for (const p of await planBudgetPosition(prisma, id)) potIds.add(p.potId);
  return checkLedger(prisma, { potIds: [...potIds] });
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

/**
 * A granted plan (€ 600.000) after its period, its realisation report in and a vaststelling of
 * € 575.000 proposed, with every advance (80%, € 480.000) in a prepared batch.
 */
/**
 * A granted plan whose period is over, its realisation report filled in but not yet sent, and a
 * batch of its unpaid advances prepared: once the vaststelling is asked they are held
 * (paymentHoldReason), so a batch that meets a settlement was prepared before.
 */
async function planWithPreparedAdvances(s: Scenario) {
  const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await announceDecision(id);
  const granted = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, granted.version, amsterdamDate(new Date()));
  setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));

  await writeRealisationReport(s, id, 25_000_000n, { submit: false });
  const advances = await prisma.payment.findMany({ where: { planId: id, status: "PLANNED" } });
  expect(advances.reduce((t, p) => t + p.amountCents, 0n)).toBe(48_000_000n);
  const batch = await prepareBatch(preparer, {
    paymentIds: advances.map((p) => p.id),
    executionDate: amsterdamDate(now()),
  });
  return { planId: id, batchId: batch.id, preparer, approver };
}

/** The applicant asks the vaststelling (request_settlement) and the handler proposes SETTLED. */
async function askAndPropose(s: Scenario, planId: string): Promise<number> {
  const { report } = await getRealisationReport(s.applicantA, planId);
  await submitRealisationReport(s.applicantA, planId, report?.version ?? 0, true);
  const requested = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
  await proposeSettlement(s.handler, planId, requested.version, {
    amountCents: SETTLED,
    motivation: "Kosten gecontroleerd en akkoord.",
  });
  return (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;
}

async function planReadyToSettle(s: Scenario) {
  const prepared = await planWithPreparedAdvances(s);
  const planVersion = await askAndPropose(s, prepared.planId);
  return { ...prepared, planVersion };
}

/** Prepares and approves the plan's FINAL payment; answers the batch. */
async function payFinal(planId: string, preparer: Actor, approver: Actor): Promise<string> {
  // The vaststelling is made known when the worker stores its letter; until then nothing is paid.
  await announceSettlement(planId);
  const final = await prisma.payment.findFirstOrThrow({ where: { planId, kind: "FINAL" } });
  const batch = await prepareBatch(preparer, { paymentIds: [final.id], executionDate: amsterdamDate(now()) });
  expect(await approveBatch(approver, batch.id)).toEqual({ alreadyApproved: false });
  return batch.id;
}

describe("approving a batch while the plan is settled", () => {
  it("the vaststelling commits first: the waiting approval finds the advances cancelled and pays nothing", async () => {
    const s = await createScenario();
    const { planId, planVersion, batchId, preparer, approver } = await planReadyToSettle(s);

    // The vaststelling has done all its work (advances cancelled, commitment lowered) but not committed.
    const booked = gate();
    const commit = gate();
    const settling = prisma.$transaction(async (tx) => {
      await applyEvent(tx, {
        planId,
        event: "settle",
        actor: s.decisionMaker,
        expectedVersion: planVersion,
        input: { reason: REASON },
      });
      booked.open();
      await commit.opened;
    });
    await booked.opened;
    const approval = errorOf(approveBatch(approver, batchId));
    await untilWaiting(1);
    commit.open();
    await settling;

    const refused = await approval;
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toHaveProperty("code", "STALE_BATCH");
    expect(await ledgerPaid(planId)).toBe(0n);
    expect(await sepaCents(batchId)).toBe(0n);
    const advances = await prisma.payment.findMany({ where: { planId, kind: "ADVANCE" } });
    expect(advances.every((p) => p.status === "CANCELLED")).toBe(true);
    // Finance cancels the stale batch; the cancelled advances stay cancelled.
    await cancelBatch(approver, batchId);
    expect(await prisma.payment.count({ where: { planId, status: { not: "CANCELLED" } } })).toBe(1);

    // The FINAL payment (settled − paid) is payable, and the ledger pays what the files transfer.
    const final = await payFinal(planId, preparer, approver);
    expect(await sepaCents(final)).toBe(SETTLED);
    expect(await ledgerPaid(planId)).toBe(SETTLED);
    expect(await ledgerProblems([planId])).toEqual([]);
  });

  it("the approval holds the plan first: the request for the vaststelling waits, which counts the advances as paid", async () => {
    const s = await createScenario();
    const { planId, batchId, preparer, approver } = await planWithPreparedAdvances(s);

    // The approval is held at the pots (after the plan and payment locks); the request queues.
    const releasePots = await holdPots([s.windowPotId]);
    const approval = approveBatch(approver, batchId);
    await untilWaiting(1);
    const asking = askAndPropose(s, planId);
    await untilWaiting(2);
    await releasePots();
    expect(await approval).toEqual({ alreadyApproved: false });
    const planVersion = await asking;
    expect(
      await settlePlan(s.decisionMaker, planId, planVersion, { reduction: null, reason: REASON }),
    ).toMatchObject({
      settledCents: SETTLED,
    });

    const paid = await sepaCents(batchId);
    expect(paid).toBe(48_000_000n);
    expect(await ledgerPaid(planId)).toBe(paid);
    const settled = await prisma.settlement.findUniqueOrThrow({ where: { planId } });
    expect(settled.paidCents).toBe(paid);
    const final = await prisma.payment.findFirstOrThrow({ where: { planId, kind: "FINAL" } });
    expect(final.amountCents).toBe(SETTLED - paid);
    expect(await ledgerProblems([planId])).toEqual([]);

    const finalBatch = await payFinal(planId, preparer, approver);
    expect(paid + (await sepaCents(finalBatch))).toBe(SETTLED);
    expect(await ledgerPaid(planId)).toBe(SETTLED);
    expect(await ledgerProblems([planId])).toEqual([]);
  });

  it("the request comes first: the approval finds the advances held, pays nothing, and the vaststelling pays it all", async () => {
    const s = await createScenario();
    const { planId, batchId, preparer, approver } = await planWithPreparedAdvances(s);
    const planVersion = await askAndPropose(s, planId);
    const held = await errorOf(approveBatch(approver, batchId));
    expect(held).toHaveProperty("code", "STALE_BATCH_HELD");
    expect((held as Error).message).toContain(ADVANCE_AFTER_SETTLEMENT_REQUEST);
    expect(await ledgerPaid(planId)).toBe(0n);
    await cancelBatch(approver, batchId);
    await settlePlan(s.decisionMaker, planId, planVersion, { reduction: null, reason: REASON });
    const final = await prisma.payment.findFirstOrThrow({ where: { planId, kind: "FINAL" } });
    expect(final.amountCents).toBe(SETTLED);
    expect(await sepaCents(await payFinal(planId, preparer, approver))).toBe(SETTLED);
    expect(await ledgerProblems([planId])).toEqual([]);
  });
});

describe("the final payment", () => {
  it("is held until the vaststelling is made known (Awb 3:40), at preparation and at approval", async () => {
    const s = await createScenario();
    const { planId, planVersion, batchId, preparer, approver } = await planReadyToSettle(s);
    await cancelBatch(preparer, batchId);
    await settlePlan(s.decisionMaker, planId, planVersion, { reduction: null, reason: REASON });
    const final = await prisma.payment.findFirstOrThrow({ where: { planId, kind: "FINAL" } });
    const due = async () => (await duePayments(prisma)).find((p) => p.id === final.id);

    expect((await due())?.blocked).toMatch(/beschikking tot vaststelling is nog niet bekendgemaakt/);
    await expect(
      prepareBatch(preparer, { paymentIds: [final.id], executionDate: amsterdamDate(now()) }),
    ).rejects.toThrow(/vaststelling is nog niet bekendgemaakt/);

    await announceSettlement(planId);
    expect((await due())?.blocked).toBeNull();
    const batch = await prepareBatch(preparer, {
      paymentIds: [final.id],
      executionDate: amsterdamDate(now()),
    });
    // Made known, then (in a test only) taken back: the approval reads it again.
    await prisma.settlement.update({ where: { planId }, data: { announcedAt: null } });
    await expect(approveBatch(approver, batch.id)).rejects.toHaveProperty("code", "STALE_BATCH_HELD");
    await announceSettlement(planId);
    expect(await approveBatch(approver, batch.id)).toEqual({ alreadyApproved: false });
    expect(await sepaCents(batch.id)).toBe(final.amountCents);
  });
});

describe("two batches with crossed pots", () => {
  it("approved at the same moment, both finish without a deadlock", async () => {
    const s = await createScenario();
    const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const GRANT = 10_000_000n;
    // Window W1 with envelope 2014, window W2 with envelope 2015: plans of W1 and of W2 share no pot.
    const w1 = await createBudgetFixture({
      windowCeilingCents: 10n * GRANT,
      envelopes: [{ year: 2014, ceilingCents: 10n * GRANT }],
    });
    const w2 = await createBudgetFixture({
      windowCeilingCents: 10n * GRANT,
      envelopes: [{ year: 2015, ceilingCents: 10n * GRANT }],
    });
    const plan = async (f: typeof w1, year: number) => {
      const id = await f.createPlan([{ year, cents: GRANT }], { status: "GRANTED" });
      // A beschikking made known today: its advances are payable (batches.server.ts paymentHoldReason).
      const { regulation } = await prisma.plan.findUniqueOrThrow({
        where: { id },
        select: { regulation: { select: REGULATION_TERMS_SELECT } },
      });
      await prisma.decision.create({
        data: {
          planId: id,
          outcome: "GRANTED",
          reason: "Test",
          decidedById: "test",
          decidedAt: now(),
          announcedAt: now(),
          terms: grantTermsJson(termsFromRegulation(regulation)),
        },
      });
      await prisma.$transaction(async (tx) => {
        await reserveForPlan(tx, { planId: id, actorId: "test" });
        await commitForPlan(tx, { planId: id, actorId: "test", grantedPerYear: [{ year, cents: GRANT }] });
      });
      return id;
    };
    const [a, b, c, d] = [
      await plan(w1, 2014),
      await plan(w2, 2015),
      await plan(w2, 2015),
      await plan(w1, 2014),
    ];
    // Payment ids chosen so that booking payment by payment would take batch 1's W1 pots before its
    // W2 pots, and batch 2's W2 pots before its W1 pots: the crossing that deadlocks.
    const prefix = randomUUID();
    const payment = async (planId: string, n: number) =>
      (
        await prisma.payment.create({
          data: {
            id: `${prefix}-${n}`,
            planId,
            sequence: 1,
            kind: "ADVANCE",
            dueOn: localDateToDb(amsterdamDate(now())),
            amountCents: GRANT / 10n,
          },
        })
      ).id;
    const batch = async (ids: string[]) =>
      (await prepareBatch(preparer, { paymentIds: ids, executionDate: amsterdamDate(now()) })).id;
    const batch1 = await batch([await payment(a, 0), await payment(b, 1)]);
    const batch2 = await batch([await payment(c, 2), await payment(d, 3)]);

    // Both approvals queue on the held pots, then are let go at the same moment.
    const releasePots = await holdPots([...w1.potIds, ...w2.potIds]);
    const approvals = Promise.allSettled([approveBatch(approver, batch1), approveBatch(approver, batch2)]);
    await untilWaiting(2);
    await releasePots();
    const results = await approvals;
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : r.status))).toEqual([
      "fulfilled",
      "fulfilled",
    ]);

    for (const id of [a, b, c, d]) expect(await ledgerPaid(id)).toBe(GRANT / 10n);
    expect((await sepaCents(batch1)) + (await sepaCents(batch2))).toBe((4n * GRANT) / 10n);
    expect(await ledgerProblems([a, b, c, d])).toEqual([]);
  });
});

describe("a bank return on a shared account and an approval paying organisations on it", () => {
  it("lock the organisations in one order: the return finishes, the approval then finds the account unapproved", async () => {
    const s = await createScenario();
    const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const GRANT = 10_000_000n;
    // Two organisations (one per fixture), both approved on the one account NL91ABNA0417164300.
    const f1 = await createBudgetFixture({
      windowCeilingCents: 10n * GRANT,
      envelopes: [{ year: 2014, ceilingCents: 10n * GRANT }],
    });
    const f2 = await createBudgetFixture({
      windowCeilingCents: 10n * GRANT,
      envelopes: [{ year: 2015, ceilingCents: 10n * GRANT }],
    });
    const plan = async (f: typeof f1, year: number) => {
      const id = await f.createPlan([{ year, cents: GRANT }], { status: "GRANTED" });
      const { regulation } = await prisma.plan.findUniqueOrThrow({
        where: { id },
        select: { regulation: { select: REGULATION_TERMS_SELECT } },
      });
      await prisma.decision.create({
        data: {
          planId: id,
          outcome: "GRANTED",
          reason: "Test",
          decidedById: "test",
          decidedAt: now(),
          announcedAt: now(),
          terms: grantTermsJson(termsFromRegulation(regulation)),
        },
      });
      await prisma.$transaction(async (tx) => {
        await reserveForPlan(tx, { planId: id, actorId: "test" });
        await commitForPlan(tx, { planId: id, actorId: "test", grantedPerYear: [{ year, cents: GRANT }] });
      });
      return id;
    };
    const [paidPlan, a, b] = [await plan(f1, 2014), await plan(f1, 2014), await plan(f2, 2015)];
    const orgOf = async (planId: string) =>
      (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).organisationId;
    const [orgA, orgB] = [await orgOf(a), await orgOf(b)];
    const [low, high] = orgA < orgB ? [orgA, orgB] : [orgB, orgA];
    const prefix = randomUUID();
    const payment = async (planId: string, n: number) =>
      (
        await prisma.payment.create({
          data: {
            id: `${prefix}-${n}`,
            planId,
            sequence: 1,
            kind: "ADVANCE",
            dueOn: localDateToDb(amsterdamDate(now())),
            amountCents: GRANT / 10n,
          },
        })
      ).id;
    const batch = async (ids: string[]) =>
      (await prepareBatch(preparer, { paymentIds: ids, executionDate: amsterdamDate(now()) })).id;
    const paid = await payment(paidPlan, 0);
    await approveBatch(approver, await batch([paid]));
    // The second batch's payment of the organisation with the higher id comes first: locking the
    // organisations payment by payment would take the higher one before the lower one.
    const second = await batch([
      await payment(high === orgA ? a : b, 1),
      await payment(high === orgA ? b : a, 2),
    ]);

    // The lower organisation is held; the return queues on it first, then the approval.
    const held = gate();
    const release = gate();
    const holding = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${low} FOR UPDATE`;
      held.open();
      await release.opened;
    });
    await held.opened;
    const returning = errorOf(recordPaymentReturn(preparer, paid, { reasonCode: "AC01", note: "" }));
    await untilWaiting(1);
    const approval = errorOf(approveBatch(approver, second));
    await untilWaiting(2);
    release.open();
    await holding;

    expect(await returning).toBeNull();
    // The bank refused the account both organisations are paid on: the batch is not paid to it.
    expect(await approval).toHaveProperty("code", "STALE_BATCH_IBAN_UNCHECKED");
    for (const id of [paidPlan, a, b]) expect(await ledgerPaid(id)).toBe(0n);
    expect(await ledgerProblems([paidPlan, a, b])).toEqual([]);
    expect(await prisma.organisation.count({ where: { id: { in: [low, high] }, ibanCheckedAt: null } })).toBe(
      2,
    );
  });
});
