import { afterAll, afterEach, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { isAtwClosedDay, localDateFromDb, nextWorkingDayIfClosed } from "../time/index.ts";
import { disburseForPlan } from "./ledger.server.ts";
import { checkLedger, planBudgetPosition } from "./reports.server.ts";

/** Intrekking (art. 5.2) settles the grant at nil: commitment released, advances claimed back, payments cancelled. */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

it("releases the commitment, claims back the paid advance and cancels the planned payments", async () => {
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  // The payments module's schedule may have made rows already; these two are the test's own.
  await prisma.payment.deleteMany({ where: { planId: id } });
  const paid = await prisma.payment.create({
    data: {
      planId: id,
      sequence: 1,
      kind: "ADVANCE",
      dueOn: new Date(),
      amountCents: 6_000_000n,
      status: "PAID",
    },
  });
  const planned = await prisma.payment.create({
    data: { planId: id, sequence: 2, kind: "ADVANCE", dueOn: new Date(), amountCents: 6_000_000n },
  });
  await prisma.$transaction((tx) =>
    disburseForPlan(tx, {
      planId: id,
      actorId: "test",
      paymentId: paid.id,
      amountCents: 6_000_000n,
      reason: "Voorschot",
    }),
  );

  setClock(new Date(Date.now() + 200 * 86_400_000));
  const current = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } });
  await revokeGrant(s.decisionMaker, id, current.version, "De uitvoering is niet begonnen.");

  for (const position of await planBudgetPosition(prisma, id)) {
    expect(position).toMatchObject({ reservedCents: 0n, committedCents: 0n, disbursedCents: 0n });
  }
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId: id } });
  expect(claim.amountCents).toBe(6_000_000n);
  expect(await prisma.payment.findUniqueOrThrow({ where: { id: planned.id } })).toMatchObject({
    status: "CANCELLED",
  });
  expect((await prisma.payment.findUniqueOrThrow({ where: { id: paid.id } })).status).toBe("PAID");
  expect(await prisma.auditLog.count({ where: { action: "grant.revoked", targetId: id } })).toBe(1);
  const messages = await prisma.outboxMessage.findMany({ where: { jobName: "allocate-waiting" } });
  expect(messages.some((m) => (m.payload as { fund?: string }).fund === s.regulation.fund)).toBe(true);
  const potIds = (await planBudgetPosition(prisma, id)).map((p) => p.potId);
  expect(await checkLedger(prisma, { potIds })).toEqual([]);
});

it("lets the claim fall due on a working day: six weeks after 13 November is Christmas Day", async () => {
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await prisma.payment.deleteMany({ where: { planId: id } });
  const paid = await prisma.payment.create({
    data: {
      planId: id,
      sequence: 1,
      kind: "ADVANCE",
      dueOn: new Date(),
      amountCents: 6_000_000n,
      status: "PAID",
    },
  });
  await prisma.$transaction((tx) =>
    disburseForPlan(tx, {
      planId: id,
      actorId: "test",
      paymentId: paid.id,
      amountCents: 6_000_000n,
      reason: "Voorschot",
    }),
  );
  // Next year's 13 November: long after the six months to start.
  setClock(new Date(`${s.year + 1}-11-13T10:00:00Z`));
  const current = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } });
  await revokeGrant(s.decisionMaker, id, current.version, "De uitvoering is niet begonnen.");
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId: id } });
  const dueOn = localDateFromDb(claim.dueOn);
  expect(isAtwClosedDay(dueOn)).toBe(false);
  expect(dueOn).toBe(nextWorkingDayIfClosed(`${s.year + 1}-12-25`));
  expect(dueOn > `${s.year + 1}-12-26`).toBe(true);
});
