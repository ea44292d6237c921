import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  completePlan,
  scenarioScores,
  submittedPlan,
  withOwnLead,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { saveStep, submitPlan } from "../plan/drafts.server.ts";
import { decidePlan, recordAdvice } from "../plan/review.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { allocateWaitingList } from "./allocate-waiting.server.ts";
import { checkLedger } from "./reports.server.ts";

/**
 * A supplement asked during assessment may change the plan's yearly amounts; the plan holds a
 * reservation then, which must follow them (review/workflow-effects.server.ts supplementArrived,
 * budget/waiting-list.server.ts followChangedRequest). Driven through the real use cases, each in
 * its own transaction, as the applicant and the staff would.
 */

afterAll(async () => {
  await disconnectPrisma();
});

const EUR = 100n;

/** The plan's net reservation per pot kind and year (window: year null), from its entries. */
async function reservedByYear(s: Scenario, planId: string): Promise<Record<string, bigint>> {
  const envelopes = await prisma.budgetEnvelope.findMany({
    where: { fund: s.regulation.fund },
    select: { year: true, potId: true },
  });
  const yearOf = new Map(envelopes.map((e) => [e.potId, e.year]));
  const entries = await prisma.ledgerEntry.findMany({ where: { planId } });
  const out: Record<string, bigint> = {};
  for (const e of entries) {
    const sign =
      e.kind === "RESERVATION"
        ? 1n
        : e.kind === "COMMITMENT" || (e.kind === "RELEASE" && e.releases === "RESERVATION")
          ? -1n
          : 0n;
    const key = e.potId === s.windowPotId ? "window" : String(yearOf.get(e.potId));
    out[key] = (out[key] ?? 0n) + sign * e.amountCents;
  }
  for (const [key, cents] of Object.entries(out)) if (cents === 0n) delete out[key];
  return out;
}

async function potIds(s: Scenario): Promise<string[]> {
  const envelopes = await prisma.budgetEnvelope.findMany({ where: { fund: s.regulation.fund } });
  return [s.windowPotId, ...envelopes.map((e) => e.potId)];
}

/**
 * The handler asks for the lead, measures and budget steps; the applicant answers with a plan over
 * the years `firstYear` and `firstYear + 1`, `perYear` requested a year at `cost` a year.
 */
async function supplementWith(
  s: Scenario,
  planId: string,
  version: number,
  answer: { firstYear: number; perYear: string; cost: string },
): Promise<void> {
  const asked = await requestSupplement(
    s.handler,
    planId,
    version,
    supplementRequestSchema.parse({
      text: "Pas de looptijd en de begroting aan.",
      steps: ["lead", "measures", "budget"],
      termDays: "14",
    }),
  );
  // Step 1 reopened names the organisation that applies, as submission asks.
  const inputs = withOwnLead(validPlanDraft(answer.firstYear - 1, answer.perYear, answer.cost), s.orgA);
  let current = asked.version;
  for (const step of ["lead", "measures", "budget", "submit"] as const)
    ({ version: current } = await saveStep(s.applicantA, planId, current, step, inputs[step]));
  await submitPlan(s.applicantA, planId, current);
}

const plan = (id: string) => prisma.plan.findUniqueOrThrow({ where: { id } });
const allocations = (fund: string) =>
  prisma.outboxMessage.count({ where: { jobName: "allocate-waiting", payload: { equals: { fund } } } });

describe("a supplement during assessment that changes the yearly amounts", () => {
  it("moves the reservation to the new years, leaves the ledger consistent, and the full grant commits", async () => {
    const s = await createScenario();
    const y = s.year;
    const { id, version } = await completePlan(s);
    expect(await reservedByYear(s, id)).toEqual({
      window: 600_000n * EUR,
      [y + 1]: 300_000n * EUR,
      [y + 2]: 300_000n * EUR,
    });
    const allocationsBefore = await allocations(s.regulation.fund);

    // Years y+1 and y+2 become y+2 and y+3.
    await supplementWith(s, id, version, { firstYear: y + 2, perYear: "300.000,00", cost: "700.000,00" });
    const after = await plan(id);
    expect(after.status).toBe("IN_ASSESSMENT");
    expect(await reservedByYear(s, id)).toEqual({
      window: 600_000n * EUR,
      [y + 2]: 300_000n * EUR,
      [y + 3]: 300_000n * EUR,
    });
    // The y+1 envelope no longer holds money nobody asks for.
    const yearOne = await prisma.budgetEnvelope.findFirstOrThrow({
      where: { fund: s.regulation.fund, year: y + 1 },
      select: { pot: { select: { reservedCents: true } } },
    });
    expect(yearOne.pot.reservedCents).toBe(0n);
    expect(await checkLedger(prisma, { potIds: await potIds(s) })).toEqual([]);
    // Money of y+1 was released: the waiting line is served.
    expect(await allocations(s.regulation.fund)).toBe(allocationsBefore + 1);

    await activeAdviser(s, id);
    const amounts = [
      { year: y + 2, amount: 300_000n * EUR },
      { year: y + 3, amount: 300_000n * EUR },
    ];
    const advised = await recordAdvice(s.adviser, id, after.version, {
      scores: scenarioScores(),
      recommendation: "GRANT",
      text: "Goed onderbouwd.",
      amounts,
    });
    await decidePlan(s.decisionMaker, id, advised.version, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts,
    });
    expect((await plan(id)).status).toBe("GRANTED");
    const committed = await prisma.planPosition.findMany({
      where: { planId: id },
      orderBy: { potKind: "asc" },
    });
    expect(committed.map((p) => [p.potKind, p.reservedCents, p.committedCents])).toEqual([
      ["WINDOW", 0n, 600_000n * EUR],
      ["YEAR", 0n, 600_000n * EUR],
    ]);
    expect(await checkLedger(prisma, { potIds: await potIds(s) })).toEqual([]);
  });

  it("lets the plan wait for budget, holding nothing, when the new amounts do not fit; the line then serves it", async () => {
    // Each envelope holds 500.000: the first request (300.000 a year) fits, 600.000 a year does not.
    const s = await createScenario({ yearCeiling: 500_000n * EUR });
    const y = s.year;
    const { id, version } = await completePlan(s);
    const completeReceivedAt = (await plan(id)).completeReceivedAt;
    const allocationsBefore = await allocations(s.regulation.fund);

    await supplementWith(s, id, version, { firstYear: y + 1, perYear: "600.000,00", cost: "1.200.000,00" });
    const waiting = await plan(id);
    expect(waiting.status).toBe("WAITING_FOR_BUDGET");
    // Its place in line stays its complete receipt.
    expect(waiting.completeReceivedAt).toEqual(completeReceivedAt);
    expect(await reservedByYear(s, id)).toEqual({});
    expect(await checkLedger(prisma, { potIds: await potIds(s) })).toEqual([]);
    expect(await allocations(s.regulation.fund)).toBe(allocationsBefore + 1);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId: id, event: "supply_info" },
      orderBy: { id: "desc" },
    });
    expect([event.fromStatus, event.toStatus]).toEqual(["INFO_REQUESTED", "WAITING_FOR_BUDGET"]);

    // Raised ceilings: the waiting line reserves the new amounts.
    await prisma.budgetPot.updateMany({
      where: { envelope: { fund: s.regulation.fund } },
      data: { ceilingCents: 10_000_000n * EUR },
    });
    expect((await allocateWaitingList(s.regulation.fund)).reserved).toHaveLength(1);
    expect((await plan(id)).status).toBe("IN_ASSESSMENT");
    expect(await reservedByYear(s, id)).toEqual({
      window: 1_200_000n * EUR,
      [y + 1]: 600_000n * EUR,
      [y + 2]: 600_000n * EUR,
    });
    expect(await checkLedger(prisma, { potIds: await potIds(s) })).toEqual([]);
  });

  it("takes no more while an earlier plan of the fund waits, but may ask less", async () => {
    const s = await createScenario();
    const y = s.year;
    const first = await completePlan(s);
    const second = await completePlan(s);
    // An earlier-received plan waits (found complete after these, as a handler may do).
    const earlier = await submittedPlan(s);
    const firstReceipt = (await plan(first.id)).completeReceivedAt as Date;
    await prisma.plan.update({
      where: { id: earlier.id },
      data: { status: "WAITING_FOR_BUDGET", completeReceivedAt: new Date(firstReceipt.getTime() - 60_000) },
    });

    // Less: the plan keeps its place and its (smaller) reservation.
    await supplementWith(s, first.id, first.version, {
      firstYear: y + 1,
      perYear: "250.000,00",
      cost: "700.000,00",
    });
    expect((await plan(first.id)).status).toBe("IN_ASSESSMENT");
    expect(await reservedByYear(s, first.id)).toEqual({
      window: 500_000n * EUR,
      [y + 1]: 250_000n * EUR,
      [y + 2]: 250_000n * EUR,
    });

    // A new year is money the earlier plan may wait for: the plan waits behind it.
    await supplementWith(s, second.id, second.version, {
      firstYear: y + 2,
      perYear: "300.000,00",
      cost: "700.000,00",
    });
    expect((await plan(second.id)).status).toBe("WAITING_FOR_BUDGET");
    expect(await reservedByYear(s, second.id)).toEqual({});
    expect(await checkLedger(prisma, { potIds: await potIds(s) })).toEqual([]);
  });

  it("leaves the reservation alone when the amounts did not change", async () => {
    const s = await createScenario();
    const { id, version } = await completePlan(s);
    const entries = await prisma.ledgerEntry.count({ where: { planId: id } });
    await supplementWith(s, id, version, {
      firstYear: s.year + 1,
      perYear: "300.000,00",
      cost: "700.000,00",
    });
    expect((await plan(id)).status).toBe("IN_ASSESSMENT");
    expect(await prisma.ledgerEntry.count({ where: { planId: id } })).toBe(entries);
  });
});
