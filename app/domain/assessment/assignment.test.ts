import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import {
  activeAdviser,
  completePlan,
  declareComplete,
  fullAmounts,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { isAbsent, takeOverPlan } from "../caselist/absence.server.ts";
import { now, setClock } from "../clock.ts";
import { ConflictError, ForbiddenError, RuleViolation } from "../errors.ts";
import { saveStep, submitPlan } from "../plan/drafts.server.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { addCalendarDays, amsterdamDate, localDateToDb, startOfAmsterdamDay } from "../time/index.ts";
import {
  assignAdviser,
  assignmentOverview,
  assignmentsForPlans,
  claimPlan,
  declareInterest,
  HANDLER_MAY_NOT_CLAIM,
  HANDLER_NOT_ADVISER,
  removeAssignment,
} from "./assignment.server.ts";

let s: Scenario;
const planIds: string[] = [];
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

describe("an adviser's absence", () => {
  it("counts through the last Dutch calendar day, as the case lists count it", async () => {
    const plan = await completePlan(s);
    planIds.push(plan.id);
    await assignAdviser(s.coordinator, plan.id, s.adviser.userId);
    const lastDay = amsterdamDate(now());
    await prisma.user.update({
      where: { id: s.adviser.userId },
      data: { absentUntil: localDateToDb(lastDay) },
    });
    const absentIn = async () => ({
      queue: (await assignmentsForPlans(s.coordinator, [plan.id])).get(plan.id)?.advisers[0]?.absent,
      overview: (await assignmentOverview(s.coordinator)).advisers.find((a) => a.id === s.adviser.userId)
        ?.absent,
    });

    // 10:00 and 23:30 Dutch time on the last day: still away (compared as an instant, the date's
    // midnight UTC made both "present").
    for (const hour of [10, 23.5]) {
      const at = new Date(startOfAmsterdamDay(lastDay).getTime() + hour * 3_600_000);
      setClock(at);
      expect(await absentIn()).toEqual({ queue: true, overview: true });
      expect(isAbsent(localDateToDb(lastDay), at)).toBe(true);
    }
    // The next day, just after midnight Dutch time (still the last day in UTC): back.
    const nextDay = new Date(startOfAmsterdamDay(addCalendarDays(lastDay, 1)).getTime() + 30 * 60_000);
    setClock(nextDay);
    expect(await absentIn()).toEqual({ queue: false, overview: false });
    expect(isAbsent(localDateToDb(lastDay), nextDay)).toBe(false);
    await prisma.user.update({ where: { id: s.adviser.userId }, data: { absentUntil: null } });
  });
});

describe("a seat for an adviser whose account changed after the request began", () => {
  it("is refused to a switched-off adviser claiming, and to a coordinator assigning one", async () => {
    const plan = await completePlan(s);
    planIds.push(plan.id);
    const gone = await s.newUser("ADVISER");
    await prisma.user.update({ where: { id: gone.userId }, data: { active: false } });
    // `gone` is the actor a session read before the account was switched off.
    await expect(claimPlan(gone, plan.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assignAdviser(s.coordinator, plan.id, gone.userId)).rejects.toBeInstanceOf(RuleViolation);
    expect(await prisma.adviserAssignment.count({ where: { planId: plan.id } })).toBe(0);
  });
});

describe("a former handler of the plan", () => {
  it("is not seated as its adviser, nor advises on it (four-eyes, as for the decision)", async () => {
    // A staff member who is both case handler and adviser asks the supplement, then hands over.
    const both = await s.newUser("CASE_HANDLER");
    await prisma.roleMembership.create({ data: { userId: both.userId, role: "ADVISER" } });
    const dual = { ...both, roles: ["CASE_HANDLER", "ADVISER"] as typeof both.roles };
    const p = await submittedPlan(s);
    planIds.push(p.id);
    const asked = await requestSupplement(
      dual,
      p.id,
      p.version,
      supplementRequestSchema.parse({ text: "Vul de begroting aan.", steps: ["budget"], termDays: "14" }),
    );
    const inputs = validPlanDraft(s.year);
    let v = asked.version;
    for (const step of ["budget", "submit"] as const)
      ({ version: v } = await saveStep(s.applicantA, p.id, v, step, inputs[step]));
    const sub = await submitPlan(s.applicantA, p.id, v);
    await takeOverPlan(s.handler, p.id);
    const c = await declareComplete(s.handler, p.id, sub.version);
    expect(c.status).toBe("IN_ASSESSMENT");

    await expect(assignAdviser(s.coordinator, p.id, dual.userId)).rejects.toThrow(HANDLER_NOT_ADVISER);
    await expect(claimPlan(dual, p.id)).rejects.toThrow(HANDLER_MAY_NOT_CLAIM);
    // The current handler, as before.
    await prisma.roleMembership.create({ data: { userId: s.handler.userId, role: "ADVISER" } });
    await expect(assignAdviser(s.coordinator, p.id, s.handler.userId)).rejects.toThrow(HANDLER_NOT_ADVISER);
    await prisma.roleMembership.deleteMany({ where: { userId: s.handler.userId, role: "ADVISER" } });
    // A seat given another way (before this rule) does not let the former handler advise either.
    await prisma.adviserAssignment.create({
      data: {
        planId: p.id,
        adviserId: dual.userId,
        assignedById: s.coordinator.userId,
        assignedAt: now(),
        status: "ACTIVE",
      },
    });
    await expect(
      recordAdvice(dual, p.id, c.version, {
        recommendation: "GRANT",
        text: "Goed.",
        amounts: fullAmounts(s),
        scores: scenarioScores(),
      }),
    ).rejects.toThrow("U heeft dit plan behandeld; een ander moet erover adviseren (vier-ogenprincipe).");
  });
});

describe("an adviser who declared a conflict of interest", () => {
  it("stays off the plan once the conflicted seat was taken off: no new claim, no new assignment", async () => {
    const { id } = await completePlan(s);
    planIds.push(id);
    await assignAdviser(s.coordinator, id, s.adviser.userId);
    await declareInterest(s.adviser, id, {
      conflict: true,
      explanation: "Mijn partner is bestuurder van de aanvragende stichting.",
    });
    const seat = await prisma.adviserAssignment.findFirstOrThrow({
      where: { planId: id, adviserId: s.adviser.userId },
    });
    await removeAssignment(s.coordinator, seat.id, "Belangenverstrengeling gemeld; andere adviseur nodig.");
    for (const again of [
      () => claimPlan(s.adviser, id),
      () => assignAdviser(s.coordinator, id, s.adviser.userId),
    ])
      await expect(again()).rejects.toThrow("heeft een mogelijk belang gemeld bij dit plan");
    expect(await prisma.adviserAssignment.count({ where: { planId: id, adviserId: s.adviser.userId } })).toBe(
      1,
    );
  });
});

describe("two coordinators taking the same adviser off a plan at the same moment", () => {
  it("one removes the seat; the other is told it was already removed (one audit row, first reason kept)", async () => {
    const plan = await completePlan(s);
    planIds.push(plan.id);
    await activeAdviser(s, plan.id);
    const seat = await prisma.adviserAssignment.findFirstOrThrow({
      where: { planId: plan.id, adviserId: s.adviser.userId },
    });
    const coordinator2 = await s.newUser("ADVISER");
    await prisma.roleMembership.updateMany({
      where: { userId: coordinator2.userId, role: "ADVISER" },
      data: { isCoordinator: true },
    });
    // Something else holds the plan's row while both presses arrive: both read the seat before
    // they wait for the plan's lock.
    const held = gate();
    const release = gate();
    const holder = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${plan.id} FOR UPDATE`;
      held.open();
      await release.opened;
    });
    await held.opened;
    const first = removeAssignment(s.coordinator, seat.id, "Afwezig wegens ziekte.");
    await untilWaiting(1);
    const second = removeAssignment(coordinator2, seat.id, "Andere adviseur nodig.");
    await untilWaiting(2);
    release.open();
    await holder;
    const results = await Promise.allSettled([first, second]);
    expect(results[0].status).toBe("fulfilled");
    const refused = results[1].status === "rejected" ? results[1].reason : null;
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.message).toBe("Deze adviseur is al van het plan gehaald.");
    expect(await prisma.auditLog.count({ where: { action: "assignment.removed", targetId: plan.id } })).toBe(
      1,
    );
    const after = await prisma.adviserAssignment.findUniqueOrThrow({ where: { id: seat.id } });
    expect(after.removalReason).toBe("Afwezig wegens ziekte.");
    expect(after.removedById).toBe(s.coordinator.userId);
  });
});
