import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { errorOf } from "../../test/domain-error.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { invariantBreaches } from "../budget/balances.ts";
import { settleForPlan } from "../budget/ledger.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { renderEmail } from "../notifications/templates/message.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import { addCalendarDays, amsterdamDate, amsterdamTimeOn, localDateToDb } from "../time/index.ts";
import { approveBatch, duePayments, IBAN_NOT_CHECKED, prepareBatch } from "./batches.server.ts";
import { decideIbanChange, pendingIbanChanges, requestIbanChange } from "./iban.server.ts";
import { recordPaymentReturn, returnedAccountReason, returnsOfBatch } from "./returns.server.ts";

afterEach(() => setClock(null));

const today = () => amsterdamDate(new Date());

type Paid = { s: Scenario; planId: string; paymentId: string; batchId: string; finance: [Actor, Actor] };

/** A granted plan of organisation A whose first advance was paid in an approved batch. */
async function paidAdvance(): Promise<Paid & { potsBefore: Map<string, bigint> }> {
  const s = await createScenario();
  const finance: [Actor, Actor] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
  const { id, version } = await completePlan(s);
  const advised = await advisePlan(s, id, version);
  await grantPlan(s, id, advised);
  await announceDecision(id);
  const due = (await duePayments(prisma)).filter((p) => p.planId === id);
  expect(due).toHaveLength(1);
  const potsBefore = await disbursedPerPot(id);
  const batch = await prepareBatch(finance[0], {
    paymentIds: [due[0]?.id as string],
    executionDate: today(),
  });
  await approveBatch(finance[1], batch.id);
  return { s, planId: id, paymentId: due[0]?.id as string, batchId: batch.id, finance, potsBefore };
}

/** Each pot the plan books against, with its disbursed balance. */
async function disbursedPerPot(planId: string): Promise<Map<string, bigint>> {
  const pots = await prisma.budgetPot.findMany({
    where: { entries: { some: { planId } } },
    select: { id: true, disbursedCents: true },
  });
  return new Map(pots.map((p) => [p.id, p.disbursedCents]));
}

async function ledgerProblems(planId: string) {
  return checkLedger(prisma, { potIds: [...(await disbursedPerPot(planId)).keys()] });
}

describe("a payment the bank sent back", () => {
  it("undoes its disbursement pot by pot, and pays the same amount again from today", async () => {
    const { s, planId, paymentId, batchId, finance, potsBefore } = await paidAdvance();
    const paid = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
    const afterPaying = await disbursedPerPot(planId);
    expect([...afterPaying.values()].some((v, i) => v !== [...potsBefore.values()][i])).toBe(true);

    const result = await recordPaymentReturn(finance[0], paymentId, {
      reasonCode: "MS03",
      note: "Afschrift 12",
    });
    expect(result).toMatchObject({ alreadyReturned: false, ibanToCheck: false });

    // Every pot's disbursed figure is what it was before the payment; the ledger is sound.
    expect(await disbursedPerPot(planId)).toEqual(potsBefore);
    expect(await ledgerProblems(planId)).toEqual([]);
    const pots = await prisma.budgetPot.findMany({ where: { id: { in: [...potsBefore.keys()] } } });
    for (const pot of pots) expect(invariantBreaches(pot)).toEqual([]);
    // The RECOVERY entries mirror the DISBURSEMENT entries, pot by pot.
    const disbursed = await prisma.ledgerEntry.findMany({ where: { paymentId, kind: "DISBURSEMENT" } });
    const recovered = await prisma.ledgerEntry.findMany({
      where: { planId, kind: "RECOVERY", recoveryClaimId: null },
    });
    const byPot = (es: { potId: string; amountCents: bigint }[]) =>
      Object.fromEntries(es.map((e) => [e.potId, e.amountCents]));
    expect(byPot(recovered)).toEqual(byPot(disbursed));
    // Each names the payment the bank sent back.
    expect(recovered.map((e) => e.paymentId)).toEqual(recovered.map(() => paymentId));

    const returned = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(returned).toMatchObject({
      status: "RETURNED",
      returnedById: finance[0].userId,
      returnReasonCode: "MS03",
      returnNote: "Afschrift 12",
    });
    const replacement = await prisma.payment.findUniqueOrThrow({ where: { replacesPaymentId: paymentId } });
    const last = await prisma.payment.aggregate({
      where: { planId, id: { not: replacement.id } },
      _max: { sequence: true },
    });
    expect(replacement).toMatchObject({
      status: "PLANNED",
      kind: paid.kind,
      amountCents: paid.amountCents,
      sequence: (last._max.sequence ?? 0) + 1,
    });
    expect(amsterdamDate(replacement.dueOn)).toBe(today());
    // Due today and payable: the account was not what the bank refused.
    const due = (await duePayments(prisma)).find((p) => p.id === replacement.id);
    expect(due?.blocked).toBeNull();

    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "payment_returned", targetId: batchId },
    });
    expect(audit.details).toMatchObject({
      paymentId,
      reasonCode: "MS03",
      replacementPaymentId: replacement.id,
    });
    // The signatories hear it in the portal and by mail.
    const bell = await prisma.notification.findMany({ where: { userId: s.applicantA.userId, planId } });
    expect(bell.some((n) => n.title.startsWith("Betaling teruggekomen"))).toBe(true);
    const mails = (await prisma.outboxMessage.findMany({ where: { jobName: "send-email" } })).filter(
      (m) => (m.payload as { paymentId?: string }).paymentId === paymentId,
    );
    expect(mails.map((m) => m.payload)).toEqual([
      { template: "payment-returned", planId, recipientUserId: s.applicantA.userId, paymentId },
    ]);

    // The batch page's view: the reason and the new payment's plan.
    const views = await returnsOfBatch(prisma, batchId);
    expect(views).toMatchObject([
      {
        paymentId,
        reason: "Geen reden opgegeven door de bank (MS03)",
        replacement: { id: replacement.id, planId, status: "te betalen" },
      },
    ]);

    // Paying it again books it again and leaves the ledger sound.
    const batch = await prepareBatch(finance[0], { paymentIds: [replacement.id], executionDate: today() });
    await approveBatch(finance[1], batch.id);
    expect(await ledgerProblems(planId)).toEqual([]);
    expect(await disbursedPerPot(planId)).toEqual(afterPaying);
  });

  it("holds the new payment until finance approves the account again, when the account was the reason", async () => {
    const { s, planId, paymentId, finance } = await paidAdvance();
    const result = await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC04", note: "" });
    expect(result).toMatchObject({ alreadyReturned: false, ibanToCheck: true });
    const replacement = await prisma.payment.findUniqueOrThrow({ where: { replacesPaymentId: paymentId } });
    const due = (await duePayments(prisma)).find((p) => p.id === replacement.id);
    expect(due?.blocked).toBe(IBAN_NOT_CHECKED);
    const refused = await errorOf(
      prepareBatch(finance[0], { paymentIds: [replacement.id], executionDate: today() }),
    );
    expect(refused.message).toContain(IBAN_NOT_CHECKED);
    const bell = await prisma.notification.findFirstOrThrow({
      where: { userId: s.applicantA.userId, planId, title: { startsWith: "Betaling teruggekomen" } },
    });
    expect(bell.body).toMatch(/Controleer het rekeningnummer op de pagina van uw organisatie/);
    expect(bell.link).toBe(`/aanvrager/organisatie?organisatie=${s.orgA.id}`);

    // The mail asks the same.
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["payment-returned"].prepare(
      prisma,
      { template: "payment-returned", planId, recipientUserId: s.applicantA.userId, paymentId },
      {
        recipient: { id: s.applicantA.userId, name: "Aanvrager", email: "a@example.nl" },
        plan: {
          id: planId,
          reference: plan.reference,
          title: plan.title,
          status: plan.status,
          organisationName: plan.organisation.name,
        },
        publicUrl: "https://portaal.test.example",
        at: new Date(),
      },
    );
    expect(prepared).not.toBeInstanceOf(SkipEmail);
    if (prepared instanceof SkipEmail) return;
    const { text } = renderEmail(prepared.message);
    expect(text).toContain("Rekening opgeheven (AC04)");
    expect(text).toContain(`/aanvrager/organisatie?organisatie=${s.orgA.id}`);

    // The organisation gives its account again (the same number), finance approves it: payable.
    const { id: requestId } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL91ABNA0417164300",
      accountHolder: s.orgA.name,
    });
    await decideIbanChange(finance[1], requestId, { approve: true });
    const after = (await duePayments(prisma)).find((p) => p.id === replacement.id);
    expect(after?.blocked).toBeNull();
  });

  it("is recorded once: a second return, even at the same moment, books nothing more", async () => {
    const { planId, paymentId, finance } = await paidAdvance();
    const results = await Promise.all([
      recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC01", note: "" }),
      recordPaymentReturn(finance[1], paymentId, { reasonCode: "AC01", note: "" }),
    ]);
    expect(results.filter((r) => r.alreadyReturned)).toHaveLength(1);
    const again = await recordPaymentReturn(finance[0], paymentId, { reasonCode: "MS03", note: "" });
    expect(again.alreadyReturned).toBe(true);
    expect(await prisma.payment.count({ where: { replacesPaymentId: paymentId } })).toBe(1);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).returnReasonCode).toBe(
      "AC01",
    );
    expect(
      await prisma.auditLog.count({
        where: { action: "payment_returned", details: { path: ["paymentId"], equals: paymentId } },
      }),
    ).toBe(1);
    expect(await ledgerProblems(planId)).toEqual([]);
  });

  it("is refused for anyone but finance, and for a payment not paid in an approved batch", async () => {
    const { s, planId, paymentId, finance } = await paidAdvance();
    for (const actor of [s.applicantA, s.handler, s.decisionMaker]) {
      const refused = await errorOf(recordPaymentReturn(actor, paymentId, { reasonCode: "AC04", note: "" }));
      expect(refused.status).toBe(403);
    }
    const unknownReason = await errorOf(
      recordPaymentReturn(finance[0], paymentId, { reasonCode: "XX99", note: "" }),
    );
    expect(unknownReason.status).toBe(422);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("PAID");
    // A planned payment (never sent) cannot come back.
    const planned = await prisma.payment.findFirstOrThrow({ where: { planId, status: "PLANNED" } });
    const notPaid = await errorOf(
      recordPaymentReturn(finance[0], planned.id, { reasonCode: "AC04", note: "" }),
    );
    expect(notPaid.status).toBe(409);
    expect(await prisma.ledgerEntry.count({ where: { planId, kind: "RECOVERY" } })).toBe(0);
  });

  it("pays nothing again when the grant no longer stands", async () => {
    const { planId, paymentId, finance } = await paidAdvance();
    // Withdrawn without a claim on what was paid (a revocation claims it: the next test).
    await prisma.plan.update({ where: { id: planId }, data: { status: "WITHDRAWN" } });
    const result = await recordPaymentReturn(finance[0], paymentId, { reasonCode: "MS03", note: "" });
    expect(result).toMatchObject({ alreadyReturned: false, replacement: null });
    expect(await prisma.payment.count({ where: { replacesPaymentId: paymentId } })).toBe(0);
    expect(await ledgerProblems(planId)).toEqual([]);
  });

  it("after a revocation that claimed the payment back: refused, nothing booked, nothing paid again", async () => {
    const { s, planId, paymentId, finance } = await paidAdvance();
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    setClock(amsterdamTimeOn(addCalendarDays(executionStartDeadline(decision.decidedAt, 6), 1), 10));
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    await revokeGrant(s.decisionMaker, planId, version, "De uitvoering is niet begonnen.");
    const refused = await errorOf(
      recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC04", note: "" }),
    );
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/terugvordering/);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("PAID");
    expect(await prisma.payment.count({ where: { replacesPaymentId: paymentId } })).toBe(0);
    expect(await ledgerProblems(planId)).toEqual([]);
  });

  it("a revocation after the return claims back only what the organisation kept", async () => {
    const { s, planId, paymentId, finance } = await paidAdvance();
    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "MS03", note: "" });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    setClock(amsterdamTimeOn(addCalendarDays(executionStartDeadline(decision.decidedAt, 6), 1), 10));
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    await revokeGrant(s.decisionMaker, planId, version, "De uitvoering is niet begonnen.");
    // The money came back through the bank: nothing is claimed, the new payment is cancelled.
    expect(await prisma.recoveryClaim.count({ where: { planId } })).toBe(0);
    const replacement = await prisma.payment.findUniqueOrThrow({ where: { replacesPaymentId: paymentId } });
    expect(replacement.status).toBe("CANCELLED");
    expect(await ledgerProblems(planId)).toEqual([]);
  });
});

describe("the ledger check knows returns", () => {
  it("reports a claimless recovery that names a payment the bank did not send back", async () => {
    const { planId, paymentId } = await paidAdvance();
    const paid = await prisma.ledgerEntry.findFirstOrThrow({ where: { paymentId, kind: "DISBURSEMENT" } });
    // Booked as a return, but the payment stays PAID (balance rows moved too, so only this check sees it).
    const tampered = await prisma.ledgerEntry.create({
      data: {
        potId: paid.potId,
        planId,
        kind: "RECOVERY",
        year: paid.year,
        amountCents: paid.amountCents,
        reason: "knoeien",
        paymentId,
      },
    });
    await prisma.budgetPot.update({
      where: { id: paid.potId },
      data: { disbursedCents: { decrement: paid.amountCents } },
    });
    try {
      const problems = await ledgerProblems(planId);
      expect(problems).toContainEqual(
        expect.objectContaining({ code: "RETURN_MISMATCH", potId: paid.potId, planId }),
      );
      expect(problems.find((p) => p.code === "RETURN_MISMATCH")?.message).toContain("niet als teruggestuurd");
    } finally {
      // Other tests (and ledger:check's) check the whole ledger of this shared database.
      await prisma.ledgerEntry.delete({ where: { id: tampered.id } });
      await prisma.budgetPot.update({
        where: { id: paid.potId },
        data: { disbursedCents: { increment: paid.amountCents } },
      });
    }
    expect(await ledgerProblems(planId)).toEqual([]);
  });

  it("reports a payment marked returned whose disbursement was not undone", async () => {
    const { planId, paymentId } = await paidAdvance();
    await prisma.payment.update({ where: { id: paymentId }, data: { status: "RETURNED" } });
    try {
      const problems = await ledgerProblems(planId);
      expect(problems.map((p) => p.code)).toContain("RETURN_MISMATCH");
      expect(problems.every((p) => p.code === "RETURN_MISMATCH" && p.planId === planId)).toBe(true);
    } finally {
      await prisma.payment.update({ where: { id: paymentId }, data: { status: "PAID" } });
    }
    expect(await ledgerProblems(planId)).toEqual([]);
  });
});

describe("a return after a terugvordering", () => {
  async function payDue(finance: [Actor, Actor], planId: string): Promise<string[]> {
    const due = (await duePayments(prisma)).filter((p) => p.planId === planId && !p.blocked);
    const batch = await prepareBatch(finance[0], {
      paymentIds: due.map((d) => d.id),
      executionDate: today(),
    });
    await approveBatch(finance[1], batch.id);
    return due.map((d) => d.id);
  }

  it("is refused when a vaststelling claimed part of the advances back: no new payment beside an open claim", async () => {
    const s = await createScenario();
    const finance: [Actor, Actor] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const { id: planId, version } = await completePlan(s);
    await grantPlan(s, planId, await advisePlan(s, planId, version));
    await announceDecision(planId);
    const [a1 = ""] = await payDue(finance, planId);
    const next = await prisma.payment.findFirstOrThrow({
      where: { planId, status: "PLANNED" },
      orderBy: { sequence: "asc" },
    });
    await prisma.payment.update({ where: { id: next.id }, data: { dueOn: localDateToDb(today()) } });
    const [a2 = ""] = await payDue(finance, planId);
    const [p1, p2] = await Promise.all(
      [a1, a2].map((id) => prisma.payment.findUniqueOrThrow({ where: { id } })),
    );
    // Settled above the first advance and below both: a claim for the rest of the second.
    const booking = await prisma.$transaction((tx) =>
      settleForPlan(tx, {
        planId,
        actorId: null,
        settledCents: (p1?.amountCents ?? 0n) + (p2?.amountCents ?? 0n) / 2n,
        reason: "Vaststelling (test)",
        recoveryDueOn: localDateToDb(today()),
      }),
    );
    await prisma.plan.update({ where: { id: planId }, data: { status: "SETTLED" } });
    expect(booking.recoveredCents).toBeGreaterThan(0n);

    // The bank sends the first advance back: what the organisation kept is below the settled amount,
    // so the claim counted money that is not unduly paid; the portal refuses rather than pay again.
    const err = await errorOf(recordPaymentReturn(finance[0], a1, { reasonCode: "MS03", note: "" }));
    expect(err.code).toBe("RETURN_ALREADY_RECOVERED");
    expect(err.message).toContain("Verreken het teruggeboekte bedrag met die terugvordering");
    expect(await prisma.payment.count({ where: { replacesPaymentId: a1 } })).toBe(0);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: a1 } })).status).toBe("PAID");
    expect(await ledgerProblems(planId)).toEqual([]);
  });
});

describe("a return for the account, and the requests and organisations on that account", () => {
  const SCENARIO_IBAN = "NL91ABNA0417164300";

  it("sets aside a change of the holder's name filed before it: approving that would approve the account the bank refused", async () => {
    const { s, paymentId, finance } = await paidAdvance();
    const holder = `Beheerstichting ${s.tag}`;
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: SCENARIO_IBAN,
      accountHolder: holder,
    });
    // A change to another account is the organisation's way out of the refused one: it stays.
    const { id: other } = await requestIbanChange(s.applicantB, {
      organisationId: s.orgB.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgB.name,
    });
    const result = await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC04", note: "" });
    expect(result).toMatchObject({ alreadyReturned: false, ibanToCheck: true });

    const setAside = await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id } });
    expect(setAside).toMatchObject({ status: "REJECTED", rejectionReason: returnedAccountReason("AC04") });
    expect(setAside.rejectionReason).toContain("Rekening opgeheven (AC04)");
    expect(await errorOf(decideIbanChange(finance[1], id, { approve: true }))).toMatchObject({ status: 409 });
    expect((await pendingIbanChanges(prisma)).map((r) => r.id)).not.toContain(id);
    expect((await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id: other } })).status).toBe(
      "PENDING",
    );
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "iban_change_rejected", targetId: s.orgA.id },
    });
    expect(audit).toMatchObject({ actorId: finance[0].userId, details: { requestId: id } });
    const replacement = await prisma.payment.findUniqueOrThrow({ where: { replacesPaymentId: paymentId } });
    expect((await duePayments(prisma)).find((p) => p.id === replacement.id)?.blocked).toBe(IBAN_NOT_CHECKED);

    // The organisation gives its account again: a request finance checks knowing of the return.
    const again = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: SCENARIO_IBAN,
      accountHolder: holder,
    });
    expect(await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id: again.id } })).toMatchObject({
      status: "PENDING",
      previousIban: "",
    });
  });

  it("holds every organisation approved on that account, and tells the others why", async () => {
    const { s, paymentId, finance } = await paidAdvance();
    // An organisation on another account is not concerned.
    const elsewhere = await createScenario();
    await prisma.organisation.update({
      where: { id: elsewhere.orgA.id },
      data: { iban: "NL02ABNA0123456789" },
    });
    expect(s.orgB.iban).toBe(s.orgA.iban);

    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC01", note: "" });
    const checkedAt = async (id: string) =>
      (await prisma.organisation.findUniqueOrThrow({ where: { id } })).ibanCheckedAt;
    expect(await checkedAt(s.orgA.id)).toBeNull();
    expect(await checkedAt(s.orgB.id)).toBeNull();
    expect(await checkedAt(elsewhere.orgA.id)).not.toBeNull();
    const told = await prisma.notification.findFirstOrThrow({
      where: { userId: s.applicantB.userId, title: "Rekeningnummer opnieuw te controleren" },
    });
    expect(told.body).toContain("IBAN NL91 ABNA 0417 1643 00");
    expect(told.body).toContain("Wij betalen niets op deze rekening tot Financiën");
    expect(told.body).not.toContain(s.orgA.name);
    expect(told.link).toBe(`/aanvrager/organisatie?organisatie=${s.orgB.id}`);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "payment_returned", details: { path: ["paymentId"], equals: paymentId } },
    });
    expect((audit.details as { heldOrganisationIds: string[] }).heldOrganisationIds).toEqual(
      expect.arrayContaining([s.orgA.id, s.orgB.id]),
    );
  });

  it("a reason that is not the account's holds no other organisation and sets nothing aside", async () => {
    const { s, paymentId, finance } = await paidAdvance();
    const { id } = await requestIbanChange(s.applicantB, {
      organisationId: s.orgB.id,
      iban: SCENARIO_IBAN,
      accountHolder: `Beheerstichting ${s.tag}`,
    });
    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "MS02", note: "" });
    expect(
      (await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgB.id } })).ibanCheckedAt,
    ).not.toBeNull();
    expect((await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
  });

  it("a change rejected once the return unapproved the account does not say we pay on the old one", async () => {
    const { s, paymentId, finance } = await paidAdvance();
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC04", note: "" });
    await decideIbanChange(finance[1], id, { approve: false, reason: "Naam onbekend bij de bank" });
    const rejected = await prisma.notification.findFirstOrThrow({
      where: { userId: s.applicantA.userId, planId: null },
      orderBy: { createdAt: "desc" },
    });
    expect(rejected.title).toBe("Wijziging van het rekeningnummer afgewezen");
    expect(rejected.body).not.toContain("Wij betalen op IBAN");
    expect(rejected.body).toContain(
      "Wij betalen niets uit tot Financiën een rekeningnummer van uw organisatie opnieuw heeft goedgekeurd",
    );

    // A change of the holder's name left pending by a return recorded before such requests were
    // set aside: its rejection says the same.
    const legacy = await createScenario();
    const { id: holderChange } = await requestIbanChange(legacy.applicantA, {
      organisationId: legacy.orgA.id,
      iban: SCENARIO_IBAN,
      accountHolder: `Beheerstichting ${legacy.tag}`,
    });
    await prisma.organisation.update({ where: { id: legacy.orgA.id }, data: { ibanCheckedAt: null } });
    await decideIbanChange(finance[1], holderChange, { approve: false, reason: "Naam onbekend bij de bank" });
    const told = await prisma.notification.findFirstOrThrow({
      where: { userId: legacy.applicantA.userId, title: "Wijziging van de rekeninghouder afgewezen" },
    });
    expect(told.body).not.toContain("Wij betalen op deze rekening");
    expect(told.body).toContain("Wij betalen niets uit tot Financiën");
  });
});
