import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { isAbsent } from "../caselist/absence.server.ts";
import { now, setClock } from "../clock.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { addCalendarDays, amsterdamDate, localDateToDb, startOfAmsterdamDay } from "../time/index.ts";
import { assignAdviser, assignmentOverview, assignmentsForPlans, claimPlan } from "./assignment.server.ts";

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
