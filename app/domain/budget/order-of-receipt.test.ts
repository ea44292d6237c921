import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { holdPots, untilWaiting } from "../../test/lock-waits.server.ts";
import {
  advisePlan,
  completePlan,
  declareComplete,
  fullAmounts,
  submittedPlan,
  withOwnLead,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { saveStep, submitPlan } from "../plan/drafts.server.ts";
import { decidePlan } from "../plan/review.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { verifyChains } from "../workflow/chain.server.ts";
import { allocateWaitingList } from "./allocate-waiting.server.ts";
import { checkLedger } from "./reports.server.ts";
import {
  BUDGET_SYSTEM_ACTOR,
  CHANGED_REQUEST_REASON,
  waitingList,
  yieldReason,
} from "./waiting-list.server.ts";

/**
 * Allocation in order of COMPLETE RECEIPT, not of the handler's click (regulation art. 1.5,
 * Awb 4:26; design.md §2 "Allocation", §5 "RESERVATION (application complete, in order of
 * receipt)"): a plan received earlier but found complete later takes the money that undecided
 * plans received after it reserved; a grant is never taken back. Scenario plans ask € 300.000 a
 * year for two years (€ 600.000) unless told otherwise; only the window's ceiling binds.
 */

afterAll(async () => {
  await disconnectPrisma();
});

const M = 1_000_000n; // € 10.000 in cents
const plan = (id: string) =>
  prisma.plan.findUniqueOrThrow({
    where: { id },
    select: { status: true, version: true, reference: true },
  });
const status = async (id: string) => (await plan(id)).status;

async function complete(s: Scenario, p: { id: string; version: number }) {
  return declareComplete(s.handler, p.id, p.version);
}

async function fundPotIds(s: Scenario): Promise<string[]> {
  const envelopes = await prisma.budgetEnvelope.findMany({ where: { fund: s.regulation.fund } });
  return [s.windowPotId, ...envelopes.map((e) => e.potId)];
}

/** design.md §5 for every pot of the scenario, and the balance rows equal to their entries. */
async function assertInvariant(s: Scenario) {
  const potIds = await fundPotIds(s);
  for (const potId of potIds) {
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: potId } });
    expect(pot.reservedCents + pot.committedCents).toBeLessThanOrEqual(pot.ceilingCents);
    expect(pot.disbursedCents).toBeLessThanOrEqual(pot.committedCents);
  }
  expect(await checkLedger(prisma, { potIds })).toEqual([]);
}

/** What the plan holds reserved on its window pot, from its entries. */
async function reservedOnWindow(s: Scenario, planId: string): Promise<bigint> {
  const entries = await prisma.ledgerEntry.findMany({ where: { planId, potId: s.windowPotId } });
  return entries.reduce(
    (sum, e) =>
      e.kind === "RESERVATION"
        ? sum + e.amountCents
        : e.kind === "COMMITMENT" || (e.kind === "RELEASE" && e.releases === "RESERVATION")
          ? sum - e.amountCents
          : sum,
    0n,
  );
}

const yieldEvents = (planIds: string[]) =>
  prisma.workflowEvent.findMany({ where: { planId: { in: planIds }, event: "yield_budget" } });

/**
 * The handler asks for the budget to be changed during assessment; the applicant answers with
 * `perYear` requested in each of the same two years, at `cost` a year (supplement-reservation.test.ts).
 */
async function supplementWith(s: Scenario, planId: string, perYear: string, cost: string) {
  const asked = await requestSupplement(
    s.handler,
    planId,
    (await plan(planId)).version,
    supplementRequestSchema.parse({
      text: "Pas de begroting aan.",
      steps: ["lead", "measures", "budget"],
      termDays: "14",
    }),
  );
  // Step 1 reopened names the organisation that applies, as submission asks.
  const inputs = withOwnLead(validPlanDraft(s.year, perYear, cost), s.orgA);
  let current = asked.version;
  for (const step of ["lead", "measures", "budget", "submit"] as const)
    ({ version: current } = await saveStep(s.applicantA, planId, current, step, inputs[step]));
  await submitPlan(s.applicantA, planId, current);
}

describe("allocation in order of complete receipt", () => {
  it("gives the earlier-received plan the reservation of the latest undecided plan, which waits again", async () => {
    // Window € 1.200.000: two plans. Received a, b, c; found complete b, c, then a.
    const s = await createScenario({ windowCeiling: 120n * M });
    const a = await submittedPlan(s);
    const b = await submittedPlan(s);
    const c = await submittedPlan(s);
    expect((await complete(s, b)).status).toBe("IN_ASSESSMENT");
    const cComplete = await complete(s, c);
    expect(cComplete.status).toBe("IN_ASSESSMENT");
    // c is advised already: it keeps its advice while it waits.
    await advisePlan(s, c.id, cComplete.version);
    expect(await status(c.id)).toBe("ADVISED");

    expect((await complete(s, a)).status).toBe("IN_ASSESSMENT");
    expect([await status(a.id), await status(b.id), await status(c.id)]).toEqual([
      "IN_ASSESSMENT",
      "IN_ASSESSMENT",
      "WAITING_FOR_BUDGET",
    ]);
    expect(await reservedOnWindow(s, a.id)).toBe(60n * M);
    expect(await reservedOnWindow(s, b.id)).toBe(60n * M);
    expect(await reservedOnWindow(s, c.id)).toBe(0n);

    // The waiting line's own audit: a workflow event of the system actor in c's chain, naming a,
    // a RELEASE with the same reason, and a request to serve the line.
    const { reference: aRef } = await plan(a.id);
    const events = await yieldEvents([a.id, b.id, c.id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      planId: c.id,
      fromStatus: "ADVISED",
      toStatus: "WAITING_FOR_BUDGET",
      actorId: BUDGET_SYSTEM_ACTOR.userId,
      actorRole: "FINANCE",
      reason: yieldReason(aRef),
    });
    const releases = await prisma.ledgerEntry.findMany({ where: { planId: c.id, kind: "RELEASE" } });
    expect(releases.length).toBeGreaterThan(0);
    expect(new Set(releases.map((r) => r.reason))).toEqual(new Set([yieldReason(aRef)]));
    const allocations = await prisma.outboxMessage.findMany({ where: { jobName: "allocate-waiting" } });
    expect(allocations.some((m) => (m.payload as { fund?: string }).fund === s.regulation.fund)).toBe(true);
    expect((await waitingList(prisma, { fund: s.regulation.fund })).map((r) => r.planId)).toEqual([c.id]);
    expect((await verifyChains(prisma, { planIds: [a.id, b.id, c.id] })).broken).toEqual([]);
    await assertInvariant(s);

    // Money released: c gets its reservation back, as ADVISED (its advice stands).
    await withdrawPlan(s.applicantA, b.id, (await plan(b.id)).version, null);
    expect((await allocateWaitingList(s.regulation.fund)).reserved).toEqual([(await plan(c.id)).reference]);
    expect(await status(c.id)).toBe("ADVISED");
    expect(await reservedOnWindow(s, c.id)).toBe(60n * M);
    await assertInvariant(s);
  });

  it("never takes a granted plan's money, and takes nobody's when that would not make room", async () => {
    // Window € 900.000. Received a (€ 600.000), b (€ 600.000), c (€ 300.000); b is granted and c
    // reserved before a is found complete. Only c could give way, and € 300.000 is not enough.
    const s = await createScenario({ windowCeiling: 90n * M });
    const a = await submittedPlan(s);
    const b = await submittedPlan(s);
    const c = await submittedPlan(s, "150.000,00");
    const bComplete = await complete(s, b);
    await decidePlan(s.decisionMaker, b.id, await advisePlan(s, b.id, bComplete.version), {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: fullAmounts(s),
    });
    expect((await complete(s, c)).status).toBe("IN_ASSESSMENT");

    expect((await complete(s, a)).status).toBe("WAITING_FOR_BUDGET");
    expect([await status(b.id), await status(c.id)]).toEqual(["GRANTED", "IN_ASSESSMENT"]);
    expect(await reservedOnWindow(s, c.id)).toBe(30n * M);
    expect(await yieldEvents([a.id, b.id, c.id])).toEqual([]);
    const window = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect([window.committedCents, window.reservedCents]).toEqual([60n * M, 30n * M]);
    await assertInvariant(s);
  });

  it("keeps the invariant when two earlier plans are found complete at once: each takes one later reservation", async () => {
    // Window € 1.200.000, full with the later l1 and l2. a1 and a2, received before them, are found
    // complete at the same moment: one waits for the pots (held by the test), the other for the
    // fund's line; then both go through, and l1 and l2 wait in their own order.
    const s = await createScenario({ windowCeiling: 120n * M });
    const a1 = await submittedPlan(s);
    const a2 = await submittedPlan(s);
    const l1 = await submittedPlan(s);
    const l2 = await submittedPlan(s);
    await complete(s, l1);
    await complete(s, l2);

    const release = await holdPots([s.windowPotId]);
    const clicks = Promise.allSettled([complete(s, a1), complete(s, a2)]);
    await untilWaiting(2);
    await release();
    const results = await clicks;

    expect(results.map((r) => (r.status === "fulfilled" ? r.value.status : String(r.reason)))).toEqual([
      "IN_ASSESSMENT",
      "IN_ASSESSMENT",
    ]);
    expect([await status(l1.id), await status(l2.id)]).toEqual(["WAITING_FOR_BUDGET", "WAITING_FOR_BUDGET"]);
    const events = await yieldEvents([a1.id, a2.id, l1.id, l2.id]);
    expect(events.map((e) => e.planId).sort()).toEqual([l1.id, l2.id].sort());
    expect((await waitingList(prisma, { fund: s.regulation.fund })).map((r) => r.planId)).toEqual([
      l1.id,
      l2.id,
    ]);
    const window = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(window.reservedCents).toBe(120n * M);
    expect((await verifyChains(prisma, { planIds: [a1.id, a2.id, l1.id, l2.id] })).broken).toEqual([]);
    await assertInvariant(s);
  });

  it("lets a grant that is under way win over the earlier plan's completion, without a deadlock", async () => {
    // Window € 600.000, reserved by the later, advised l. The grant of l holds l's row and waits
    // for the pots (held by the test); a's completion chooses l to give way and waits for l's row.
    // Once the grant commits, l's money is committed: a waits, l keeps its grant.
    const s = await createScenario({ windowCeiling: 60n * M });
    const a = await submittedPlan(s);
    const l = await submittedPlan(s);
    const advised = await advisePlan(s, l.id, (await complete(s, l)).version);

    const release = await holdPots([s.windowPotId]);
    const grant = decidePlan(s.decisionMaker, l.id, advised, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: fullAmounts(s),
    });
    await untilWaiting(1);
    const click = complete(s, a);
    await untilWaiting(2);
    await release();
    await grant;
    expect((await click).status).toBe("WAITING_FOR_BUDGET");

    expect(await status(l.id)).toBe("GRANTED");
    expect(await yieldEvents([a.id, l.id])).toEqual([]);
    const window = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect([window.committedCents, window.reservedCents]).toEqual([60n * M, 0n]);
    await assertInvariant(s);
  });

  it("makes later reservations give way when a supplement raises an earlier plan's amounts", async () => {
    // Window € 1.200.000, full with w (received first) and l. w's supplement asks € 800.000: the
    // € 200.000 more is held by l, received later and undecided, which gives way; w keeps its place.
    const s = await createScenario({ windowCeiling: 120n * M });
    const w = await completePlan(s);
    const l = await completePlan(s);
    const { reference: wRef } = await plan(w.id);

    await supplementWith(s, w.id, "400.000,00", "800.000,00");

    expect([await status(w.id), await status(l.id)]).toEqual(["IN_ASSESSMENT", "WAITING_FOR_BUDGET"]);
    expect(await reservedOnWindow(s, w.id)).toBe(80n * M);
    expect(await reservedOnWindow(s, l.id)).toBe(0n);
    // w's reservation moved (no release and new reservation of its own), and l's history says why.
    expect(
      (await prisma.ledgerEntry.findMany({ where: { planId: w.id, kind: "RELEASE" } })).map((e) => e.reason),
    ).not.toContain(yieldReason(wRef));
    expect(
      (await prisma.ledgerEntry.findMany({ where: { planId: w.id } })).some(
        (e) => e.reason === CHANGED_REQUEST_REASON,
      ),
    ).toBe(true);
    const events = await yieldEvents([w.id, l.id]);
    expect(events.map((e) => [e.planId, e.fromStatus, e.toStatus, e.reason])).toEqual([
      [l.id, "IN_ASSESSMENT", "WAITING_FOR_BUDGET", yieldReason(wRef)],
    ]);
    expect((await waitingList(prisma, { fund: s.regulation.fund })).map((r) => r.planId)).toEqual([l.id]);
    expect((await verifyChains(prisma, { planIds: [w.id, l.id] })).broken).toEqual([]);
    await assertInvariant(s);
  });

  it("serves a waiting plan from the line by taking back later undecided reservations", async () => {
    // Window € 1.200.000. w's supplement asks € 1.400.000: more than the window holds even if l gave
    // way, so nobody does and w waits. The ceiling is raised to € 1.500.000: the worker serves w,
    // whom l's reservation now stands in the way of; l gives way and waits behind it.
    const s = await createScenario({ windowCeiling: 120n * M });
    const w = await completePlan(s);
    const l = await completePlan(s);
    const { reference: wRef } = await plan(w.id);

    await supplementWith(s, w.id, "700.000,00", "1.400.000,00");
    expect([await status(w.id), await status(l.id)]).toEqual(["WAITING_FOR_BUDGET", "IN_ASSESSMENT"]);
    expect(await yieldEvents([w.id, l.id])).toEqual([]);
    expect((await allocateWaitingList(s.regulation.fund)).reserved).toEqual([]);
    expect(await status(l.id)).toBe("IN_ASSESSMENT");

    await prisma.budgetPot.update({ where: { id: s.windowPotId }, data: { ceilingCents: 150n * M } });
    const result = await allocateWaitingList(s.regulation.fund);
    expect(result).toEqual({ reserved: [wRef], stillWaiting: 1 });
    expect([await status(w.id), await status(l.id)]).toEqual(["IN_ASSESSMENT", "WAITING_FOR_BUDGET"]);
    expect(await reservedOnWindow(s, w.id)).toBe(140n * M);
    expect(await reservedOnWindow(s, l.id)).toBe(0n);
    const events = await yieldEvents([w.id, l.id]);
    expect(events.map((e) => [e.planId, e.actorId, e.reason])).toEqual([
      [l.id, BUDGET_SYSTEM_ACTOR.userId, yieldReason(wRef)],
    ]);
    // Running the job again changes nothing: l is first now and does not fit.
    expect(await allocateWaitingList(s.regulation.fund)).toEqual({ reserved: [], stillWaiting: 1 });
    expect(await yieldEvents([w.id, l.id])).toHaveLength(1);
    expect((await verifyChains(prisma, { planIds: [w.id, l.id] })).broken).toEqual([]);
    await assertInvariant(s);
  });

  it("lets a grant under way win over the worker serving an earlier waiting plan, without a deadlock", async () => {
    // As above, but l is advised and its grant holds l's row, waiting for the pots (held by the
    // test); the worker chooses l to give way and waits for l's row. Once the grant commits, l's
    // money is committed: w keeps waiting, and the line stops there.
    const s = await createScenario({ windowCeiling: 120n * M });
    const w = await completePlan(s);
    const l = await completePlan(s);
    const advised = await advisePlan(s, l.id, l.version);
    await supplementWith(s, w.id, "700.000,00", "1.400.000,00");
    expect(await status(w.id)).toBe("WAITING_FOR_BUDGET");
    await prisma.budgetPot.update({ where: { id: s.windowPotId }, data: { ceilingCents: 150n * M } });

    const release = await holdPots([s.windowPotId]);
    const grant = decidePlan(s.decisionMaker, l.id, advised, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: fullAmounts(s),
    });
    await untilWaiting(1);
    const served = allocateWaitingList(s.regulation.fund);
    await untilWaiting(2);
    await release();
    await grant;
    expect(await served).toEqual({ reserved: [], stillWaiting: 1 });

    expect([await status(w.id), await status(l.id)]).toEqual(["WAITING_FOR_BUDGET", "GRANTED"]);
    expect(await yieldEvents([w.id, l.id])).toEqual([]);
    const window = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect([window.committedCents, window.reservedCents]).toEqual([60n * M, 0n]);
    await assertInvariant(s);
  });
});
