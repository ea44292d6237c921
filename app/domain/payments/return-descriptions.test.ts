import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { renderEmail } from "../notifications/templates/message.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { amsterdamDate } from "../time/index.ts";
import {
  approveBatch,
  duePayments,
  getBatch,
  paymentDescription,
  paymentKindLabel,
  prepareBatch,
} from "./batches.server.ts";
import { batchCsv } from "./csv.server.ts";
import { recordPaymentReturn } from "./returns.server.ts";

/**
 * A payment that pays a returned one again takes the plan's next sequence (its kenmerk stays
 * unique), but the organisation reads it as the advance the bank sent back: "Voorschot 1
 * (opnieuw)", never "Voorschot 5" for a plan whose grant letter announced four advances.
 */
afterEach(() => setClock(null));
const today = () => amsterdamDate(new Date());

async function pay(finance: [Actor, Actor], paymentId: string): Promise<string> {
  const batch = await prepareBatch(finance[0], { paymentIds: [paymentId], executionDate: today() });
  await approveBatch(finance[1], batch.id);
  return batch.id;
}

describe("a payment that pays a returned one again", () => {
  it("is described by the first payment it replaces, on every list, file, booking and message", async () => {
    const s = await createScenario();
    const finance: [Actor, Actor] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const { id: planId, version } = await completePlan(s);
    const advised = await advisePlan(s, planId, version);
    await grantPlan(s, planId, advised);
    await announceDecision(planId);
    const [first] = (await duePayments(prisma)).filter((p) => p.planId === planId);
    if (!first) throw new Error("no first advance due");
    expect(first.originalSequence).toBeNull();
    await pay(finance, first.id);
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const scheduled = await prisma.payment.count({ where: { planId } });

    const r1 = await recordPaymentReturn(finance[0], first.id, { reasonCode: "MS03", note: "" });
    if (r1.alreadyReturned || !r1.replacement) throw new Error("no replacement");
    // The kenmerk's sequence is the plan's next one; the words are those of advance 1.
    expect(r1.replacement.sequence).toBe(scheduled + 1);
    const due = (await duePayments(prisma)).find((p) => p.id === r1.replacement?.id);
    expect(due?.originalSequence).toBe(1);
    expect(paymentKindLabel("ADVANCE", due?.sequence ?? 0, due?.originalSequence ?? null)).toBe(
      "voorschot 1 (opnieuw)",
    );

    // Paid: the batch page, its CSV, the SEPA text and the ledger's booking say the same.
    const batchId = await pay(finance, r1.replacement.id);
    const expected = `Voorschot 1 (opnieuw) sectorplan ${plan.reference}`;
    const batch = await getBatch(prisma, batchId);
    expect(batch.payments.map((p) => p.description)).toEqual([expected]);
    expect(expected.length).toBeLessThanOrEqual(140);
    expect(batchCsv(batch)).toContain(expected);
    const booked = await prisma.ledgerEntry.findMany({
      where: { paymentId: r1.replacement.id, kind: "DISBURSEMENT" },
      select: { reason: true },
    });
    expect(booked.length).toBeGreaterThan(0);
    for (const e of booked) expect(e.reason).toContain(expected);

    // The replacement comes back too: its mail and notice name advance 1 again, and so does the
    // next replacement (followed back through the chain to the first payment).
    const r2 = await recordPaymentReturn(finance[0], r1.replacement.id, { reasonCode: "MS03", note: "" });
    if (r2.alreadyReturned || !r2.replacement) throw new Error("no second replacement");
    const again = (await duePayments(prisma)).find((p) => p.id === r2.replacement?.id);
    expect(again?.originalSequence).toBe(1);
    const bell = await prisma.notification.findMany({
      where: { userId: s.applicantA.userId, planId, title: { startsWith: "Betaling teruggekomen" } },
      orderBy: { createdAt: "asc" },
    });
    expect(bell.map((n) => n.body.match(/\((Voorschot [^)]*\)?[^)]*)\)/)?.[1])).toEqual([
      `Voorschot 1 sectorplan ${plan.reference}`,
      expected,
    ]);
    const prepared = await EMAIL_TEMPLATES["payment-returned"].prepare(
      prisma,
      {
        template: "payment-returned",
        planId,
        recipientUserId: s.applicantA.userId,
        paymentId: r1.replacement.id,
      },
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
    if (prepared instanceof SkipEmail) throw new Error("mail skipped");
    expect(renderEmail(prepared.message).text).toContain(`(${expected})`);
    const undone = await prisma.ledgerEntry.findMany({
      where: { paymentId: r1.replacement.id, kind: "RECOVERY" },
      select: { reason: true },
    });
    expect(undone.length).toBeGreaterThan(0);
    for (const e of undone) expect(e.reason).toContain(`Teruggeboekt door de bank: ${expected}`);
  });

  it("a final payment paid again reads as the vaststelling, again", () => {
    expect(paymentDescription("SP-2026-000001", "FINAL", 7, 5)).toBe(
      "Vaststelling sectorplan SP-2026-000001 (opnieuw)",
    );
    expect(paymentKindLabel("FINAL", 7, 5)).toBe("eindbetaling na vaststelling (opnieuw)");
    expect(paymentDescription("SP-2026-000001", "ADVANCE", 3, null)).toBe(
      "Voorschot 3 sectorplan SP-2026-000001",
    );
  });
});
