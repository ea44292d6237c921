import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { completePlan, submittedPlan } from "../../../test/plan-steps.server.ts";
import { createScenario } from "../../../test/scenario.server.ts";
import { produceWithdrawalConfirmation } from "../../documents/produce.server.ts";
import { formatEuro } from "../../money.ts";
import { withdrawPlan } from "../../plan/withdrawal.server.ts";
import { sendPlanEmail } from "../email.server.ts";
import { startTestSmtp, type TestSmtp } from "../test-smtp.server.ts";

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

/** Withdraws the plan, makes the letter as the worker does, and sends its e-mail. */
async function withdrawAndMail(s: Awaited<ReturnType<typeof createScenario>>, planId: string) {
  const { version } = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { version: true },
  });
  await withdrawPlan(s.applicantA, planId, version, null);
  const doc = await produceWithdrawalConfirmation(planId);
  const msg = await prisma.outboxMessage.findFirstOrThrow({
    where: {
      jobName: "send-email",
      AND: [
        { payload: { path: ["template"], equals: "withdrawal-confirmed" } },
        { payload: { path: ["planId"], equals: planId } },
        { payload: { path: ["recipientUserId"], equals: s.applicantA.userId } },
      ],
    },
  });
  const payload = msg.payload as SendEmailPayload;
  expect(payload.documentId).toBe(doc.id);
  expect(
    await sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: "https://portaal.test" }),
  ).toMatchObject({
    status: "sent",
  });
  const [mail] = await smtp.waitFor(1);
  return mail?.text ?? "";
}

describe("the withdrawal-confirmed e-mail speaks of freed money only when the letter does", () => {
  it("says nothing of a reservation for a plan withdrawn before it was complete (nothing reserved)", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const text = await withdrawAndMail(s, plan.id);
    expect(await prisma.ledgerEntry.count({ where: { planId: plan.id } })).toBe(0);
    expect(text).toContain("Wij nemen er geen besluit meer over.");
    expect(text).not.toMatch(/reserver|gereserveerd/);
  });

  it("names the amount that came free for a plan that held a reservation, as the letter does", async () => {
    const s = await createScenario();
    const plan = await completePlan(s);
    const text = await withdrawAndMail(s, plan.id);
    const released = await prisma.ledgerEntry.aggregate({
      where: { planId: plan.id, kind: "RELEASE", year: null },
      _sum: { amountCents: true },
    });
    const cents = released._sum.amountCents ?? 0n;
    expect(cents).toBeGreaterThan(0n);
    // The text part may wrap lines; compare with whitespace folded.
    expect(text.replace(/\s+/g, " ")).toContain(
      `Het bedrag dat voor uw aanvraag was gereserveerd (${formatEuro(cents).replace(/\s/g, " ")}), is weer beschikbaar voor andere aanvragen.`,
    );
  });
});
