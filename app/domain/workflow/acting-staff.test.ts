import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, holdPots, lockWaiters } from "../../test/lock-waits.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { changeStaffRoles, setUserActive } from "../accounts/staff.server.ts";
import type { Actor } from "../actor.ts";
import { takeOverPlan } from "../caselist/absence.server.ts";
import { ForbiddenError } from "../errors.ts";
import { markComplete } from "../plan/review.server.ts";

/**
 * A case handler's own step that names them on a plan, racing an admin who switches their account
 * off or takes the role away (accounts/staff.server.ts releases their plans): whichever takes the
 * account's lock first, no open plan is left naming someone who is gone (acting-staff.server.ts).
 * The interleavings are forced with held locks, not hoped for.
 */

afterAll(async () => {
  await disconnectPrisma();
});

/** Until `n` backends wait for a lock — or `p` settled without waiting, as it does without the fix. */
async function untilWaitingOr(n: number, p: Promise<unknown>) {
  let settled = false;
  p.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await expect
    .poll(async () => settled || (await lockWaiters()) >= n, { timeout: 20_000, interval: 20 })
    .toBe(true);
}

/** A test transaction holding the plan's row until the returned function is called. */
async function holdPlan(planId: string) {
  const held = gate();
  const release = gate();
  const done = prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
    held.open();
    await release.opened;
  });
  await held.opened;
  return async () => {
    release.open();
    await done;
  };
}

const handlerOf = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { handlerId: true } })).handlerId;

/** The admin's two ways of switching a handler off. */
const switchOffs: [string, (admin: Actor, userId: string) => Promise<{ plans: number }>][] = [
  ["deactivation", (admin, userId) => setUserActive(admin, userId, false)],
  ["taking the role away", (admin, userId) => changeStaffRoles(admin, userId, [])],
];

async function setUp(): Promise<{ s: Scenario; admin: Actor; handler: Actor }> {
  const s = await createScenario();
  // s.handler stays: the switched-off handler is never the last one.
  return { s, admin: await s.newUser("ADMIN"), handler: await s.newUser("CASE_HANDLER") };
}

describe("a handler's step racing the switch-off of their account", () => {
  it.each(switchOffs)(
    "the step first: %s waits for it, then puts the plan back in the queue",
    async (_, off) => {
      const { s, admin, handler } = await setUp();
      const p = await submittedPlan(s);

      // The completion has named the handler and waits for the pots, inside its transaction.
      const releasePots = await holdPots([s.windowPotId]);
      const step = markComplete(handler, p.id, p.version, { agreementSigned: true });
      await untilWaitingOr(1, step);
      const change = off(admin, handler.userId);
      await untilWaitingOr(2, change);
      await releasePots();

      expect((await step).status).toBe("IN_ASSESSMENT");
      expect((await change).plans).toBe(1);
      expect(await handlerOf(p.id)).toBeNull();
      const audit = await prisma.auditLog.findMany({
        where: { targetType: "Plan", targetId: p.id, action: "plan.handler-released" },
      });
      expect(audit.map((a) => (a.details as { before: string }).before)).toEqual([handler.userId]);
    },
  );

  it.each(switchOffs)("%s first: a completion waiting for the account is refused", async (_, off) => {
    const { s, admin, handler } = await setUp();
    // The handler already handles q; the admin's change waits for q's row (held by the test)
    // while it holds the account. p is received first: the checklist refuses a later plan of the
    // same applicant for the same sector, and p's completion must reach the account's lock.
    const p = await submittedPlan(s);
    const q = await submittedPlan(s);
    await declareComplete(handler, q.id, q.version);

    const releaseQ = await holdPlan(q.id);
    const change = off(admin, handler.userId);
    await untilWaitingOr(1, change);
    const step = markComplete(handler, p.id, p.version, { agreementSigned: true });
    await untilWaitingOr(2, step);
    await releaseQ();

    expect((await change).plans).toBe(1);
    await expect(step).rejects.toBeInstanceOf(ForbiddenError);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: p.id } });
    expect([plan.status, plan.handlerId]).toEqual(["SUBMITTED", null]);
    expect(await handlerOf(q.id)).toBeNull();
  });

  it("deactivation first: a take-over waiting for the account is refused", async () => {
    const { s, admin, handler } = await setUp();
    const q = await submittedPlan(s);
    await declareComplete(handler, q.id, q.version);
    const p = await submittedPlan(s);

    const releaseQ = await holdPlan(q.id);
    const change = setUserActive(admin, handler.userId, false);
    await untilWaitingOr(1, change);
    const step = takeOverPlan(handler, p.id);
    await untilWaitingOr(2, step);
    await releaseQ();

    expect((await change).plans).toBe(1);
    await expect(step).rejects.toBeInstanceOf(ForbiddenError);
    expect(await handlerOf(p.id)).toBeNull();
  });

  it("refuses a take-over and a completion by a handler whose account was switched off before", async () => {
    const { s, admin, handler } = await setUp();
    const p = await submittedPlan(s);
    await changeStaffRoles(admin, handler.userId, []);
    // The session still says CASE_HANDLER: it was read before the change.
    await expect(takeOverPlan(handler, p.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(markComplete(handler, p.id, p.version, { agreementSigned: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await handlerOf(p.id)).toBeNull();
  });
});
