import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import {
  advisePlan,
  completePlan,
  fullAmounts,
  grantPlan,
  payFirstAdvance,
  scenarioScores,
  writeRealisationReport,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { changeStaffRoles } from "../accounts/staff.server.ts";
import type { Actor } from "../actor.ts";
import { assignAdviser, declareInterest, removeAssignment } from "../assessment/assignment.server.ts";
import { takeOverPlan } from "../caselist/absence.server.ts";
import { setClock } from "../clock.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { decidePlan, getPlanView, recordAdvice } from "../plan/plans.server.ts";
import { proposeSettlement } from "../settlement/propose.server.ts";
import { PROPOSER_MAY_NOT_SETTLE, settlePlan } from "../settlement/settle.server.ts";
import { settlementPage } from "../settlement/view.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { FOUR_EYES_REFUSAL } from "./engine.server.ts";
import { decisionPage } from "./page.server.ts";

/**
 * Four-eyes (design.md §4) over the plan's whole history: an adviser taken off the plan after
 * declaring, and handler acts that are no workflow event (taking the plan over, proposing the
 * vaststelling), still bar their actor from deciding or settling it.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

/** A staff member with `first` and DECISION_MAKER. */
async function dual(first: "ADVISER" | "CASE_HANDLER"): Promise<Actor> {
  const u = await s.newUser(first);
  await prisma.roleMembership.create({ data: { userId: u.userId, role: "DECISION_MAKER" } });
  return { ...u, roles: [first, "DECISION_MAKER"] };
}

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const status = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

const grant = () => ({
  outcome: "GRANT" as const,
  reason: "Het plan voldoet aan de regeling.",
  amounts: fullAmounts(s),
});
const reject = () => ({
  outcome: "REJECT" as const,
  ground: "awb-4-35",
  reason: "Het plan voldoet niet.",
  amounts: [],
});

/** `adviser` is assigned, declares no conflict and advises to grant: the plan is ADVISED. */
async function adviseBy(adviser: Actor, id: string) {
  await assignAdviser(s.coordinator, id, adviser.userId);
  await declareInterest(adviser, id, { conflict: false });
  await recordAdvice(adviser, id, await version(id), {
    scores: scenarioScores(),
    recommendation: "GRANT",
    text: "Goed onderbouwd.",
    amounts: fullAmounts(s),
  });
  expect(await status(id)).toBe("ADVISED");
}

const seatOf = (planId: string, adviserId: string) =>
  prisma.adviserAssignment.findFirstOrThrow({ where: { planId, adviserId } });

/** Refused by the engine and said on both pages that offer the decision. */
async function expectBarred(actor: Actor, id: string) {
  const refusal = decidePlan(actor, id, await version(id), grant());
  await expect(refusal).rejects.toBeInstanceOf(ForbiddenError);
  await expect(refusal).rejects.toThrow(FOUR_EYES_REFUSAL);
  await expect(decidePlan(actor, id, await version(id), reject())).rejects.toThrow(FOUR_EYES_REFUSAL);
  const page = await decisionPage(actor, id);
  expect(page.canDecide).toBe(false);
  expect(page.blockedReason).toBe(FOUR_EYES_REFUSAL);
  expect((await getPlanView(actor, id)).decideBlockedReason).toBe(FOUR_EYES_REFUSAL);
  expect(await status(id)).toBe("ADVISED");
}

describe("four-eyes: an adviser taken off the plan", () => {
  it("refuses an adviser who declared a conflict of interest and was then taken off", async () => {
    const { id } = await completePlan(s);
    const both = await dual("ADVISER");
    await assignAdviser(s.coordinator, id, both.userId);
    await declareInterest(both, id, {
      conflict: true,
      explanation: "Ik zit in het bestuur van de aanvrager.",
    });
    // The documented path after a declared conflict: the coordinator takes the adviser off.
    const seat = await seatOf(id, both.userId);
    await removeAssignment(s.coordinator, seat.id, "Belangenverstrengeling gemeld; een ander beoordeelt.");
    await adviseBy(s.adviser2, id);
    await expectBarred(both, id);
  });

  it("refuses an adviser who declared no conflict (the plan opened) and was taken off for absence", async () => {
    const { id } = await completePlan(s);
    const both = await dual("ADVISER");
    await assignAdviser(s.coordinator, id, both.userId);
    await declareInterest(both, id, { conflict: false });
    const seat = await seatOf(id, both.userId);
    await removeAssignment(s.coordinator, seat.id, "Afwezig; een ander neemt het over.");
    await adviseBy(s.adviser2, id);
    await expectBarred(both, id);
  });

  it("refuses an adviser with an opened plan whose role the admin changed to decision maker", async () => {
    const { id } = await completePlan(s);
    const adv = await s.newUser("ADVISER");
    await assignAdviser(s.coordinator, id, adv.userId);
    await declareInterest(adv, id, { conflict: false });
    const admin = await s.newUser("ADMIN");
    await changeStaffRoles(admin, adv.userId, ["DECISION_MAKER"]);
    // The role change released the seat (releaseAdviserSeats): REMOVED, as the coordinator would.
    expect((await seatOf(id, adv.userId)).status).toBe("REMOVED");
    await adviseBy(s.adviser2, id);
    await expectBarred({ ...adv, roles: ["DECISION_MAKER"] }, id);
  });

  it("lets decide an adviser taken off before declaring: that one never saw the plan", async () => {
    const { id } = await completePlan(s);
    const both = await dual("ADVISER");
    await assignAdviser(s.coordinator, id, both.userId);
    const seat = await seatOf(id, both.userId);
    await removeAssignment(s.coordinator, seat.id, "Verkeerd toegewezen.");
    await adviseBy(s.adviser2, id);
    expect((await decisionPage(both, id)).blockedReason).toBeNull();
    const done = await decidePlan(both, id, await version(id), grant());
    expect(done.status).toBe("GRANTED");
  });
});

describe("four-eyes: handler acts that are no workflow event", () => {
  it("refuses a decision maker who took the plan over and handed it on", async () => {
    const { id, version: v } = await completePlan(s);
    const both = await dual("CASE_HANDLER");
    await takeOverPlan(both, id); // "Overnemen": the plan's handler, no workflow event
    await takeOverPlan(s.handler, id); // and handed on
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).handlerId).toBe(s.handler.userId);
    await advisePlan(s, id, v);
    await expectBarred(both, id);
    // A decision maker who never handled it decides.
    await grantPlan(s, id, await version(id));
    expect(await status(id)).toBe("GRANTED");
  });

  it("refuses the vaststelling to a handler whose proposal another handler revised", async () => {
    const { id, version: v } = await completePlan(s);
    await grantPlan(s, id, await advisePlan(s, id, v));
    await reportExecutionStart(s.applicantA, id, await version(id), amsterdamDate(new Date()));
    // The grant scheduled its first advance; finance pays it (the batch is the payments module's).
    await payFirstAdvance(id);
    // After the plan's period (it ends 31 December of year + 2): the report, all realised.
    setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    await writeRealisationReport(s, id, 30_000_000n);
    expect(await status(id)).toBe("SETTLEMENT_REQUESTED");

    const both = await dual("CASE_HANDLER");
    await proposeSettlement(both, id, await version(id), {
      amountCents: 50_000_000n,
      motivation: "Alles gerealiseerd, voorstel.",
    });
    // A colleague revises it: the Settlement row now names only the colleague.
    await proposeSettlement(s.handler, id, await version(id), {
      amountCents: 50_000_000n,
      motivation: "Herzien voorstel, zelfde bedrag.",
    });
    const refusal = settlePlan(both, id, await version(id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    await expect(refusal).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refusal).rejects.toThrow(PROPOSER_MAY_NOT_SETTLE);
    expect((await settlementPage(both, id)).settleRefusal).toBe(PROPOSER_MAY_NOT_SETTLE);
    expect(await status(id)).toBe("SETTLEMENT_REQUESTED");
    // A decision maker who neither proposed nor handled it settles.
    expect((await settlementPage(s.decisionMaker, id)).settleRefusal).toBeNull();
    const { settledCents } = await settlePlan(s.decisionMaker, id, await version(id), {
      reduction: null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    expect(settledCents).toBe(50_000_000n);
  });
});

describe("four-eyes: an adviser taken off the plan does not handle it either", () => {
  /** An adviser who is also a case handler, assigned to the plan. */
  async function adviserHandler(id: string): Promise<Actor> {
    const u = await s.newUser("ADVISER");
    await prisma.roleMembership.create({ data: { userId: u.userId, role: "CASE_HANDLER" } });
    const both: Actor = { ...u, roles: ["ADVISER", "CASE_HANDLER"] };
    await assignAdviser(s.coordinator, id, both.userId);
    return both;
  }
  const handlerOf = async (id: string) =>
    (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { handlerId: true } })).handlerId;

  it.each([
    [
      "a conflict of interest",
      { conflict: true as const, explanation: "Ik zit in het bestuur van de aanvrager." },
    ],
    ["no conflict (the plan opened)", { conflict: false as const }],
  ])(
    "refuses to take the plan over to an adviser who declared %s and was taken off",
    async (_, declaration) => {
      const { id } = await completePlan(s);
      const both = await adviserHandler(id);
      await declareInterest(both, id, declaration);
      await removeAssignment(
        s.coordinator,
        (await seatOf(id, both.userId)).id,
        "Een ander beoordeelt het plan.",
      );
      expect((await seatOf(id, both.userId)).status).toBe("REMOVED");
      const refusal = takeOverPlan(both, id);
      await expect(refusal).rejects.toBeInstanceOf(RuleViolation);
      await expect(refusal).rejects.toThrow(
        "U adviseert of besluit over dit plan en kunt het daarom niet behandelen.",
      );
      expect(await handlerOf(id)).toBe(s.handler.userId);
    },
  );

  it("lets take it over an adviser taken off before declaring: that one never saw the plan", async () => {
    const { id } = await completePlan(s);
    const both = await adviserHandler(id);
    await removeAssignment(s.coordinator, (await seatOf(id, both.userId)).id, "Verkeerd toegewezen.");
    await takeOverPlan(both, id);
    expect(await handlerOf(id)).toBe(both.userId);
  });
});
