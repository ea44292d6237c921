import { afterAll, afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { ConflictError } from "../errors.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { addCalendarDays, amsterdamTimeOn, type LocalDate, localDateFromDb } from "../time/index.ts";
import { recordDefaultNotice } from "./deadlines.server.ts";

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  // Leave no pending reminder behind for a worker on the real clock in a later test file.
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
});

/**
 * A complete plan whose decision term has passed, the clock 20 days after its last day: a notice
 * counts only when received after that day (Awb 4:17).
 */
async function overduePlan(s: Scenario): Promise<{ id: string; due: LocalDate; today: LocalDate }> {
  const { id, version } = await submittedPlan(s);
  planIds.push(id);
  await declareComplete(s.handler, id, version);
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { decisionDueOn: true } });
  const due = localDateFromDb(plan.decisionDueOn as Date);
  const today = addCalendarDays(due, 20);
  setClock(amsterdamTimeOn(today, 12));
  return { id, due, today };
}

const versionOf = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const recordings = (planId: string) =>
  prisma.auditLog.count({ where: { action: "plan.default-notice-recorded", targetId: planId } });

describe("an ingebrekestelling recorded twice", () => {
  it("the same day sent twice at once and once more records it once, and nobody gets an error", async () => {
    const s = await createScenario();
    const { id, today: day } = await overduePlan(s);
    const v = await versionOf(id);
    const results = await Promise.allSettled([
      recordDefaultNotice(s.handler, id, day, v),
      recordDefaultNotice(s.handler, id, day, v),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    await recordDefaultNotice(s.handler, id, day, v);
    expect(await recordings(id)).toBe(1);
  });

  it("a colleague's form that showed no notice does not silently replace the day recorded meanwhile", async () => {
    const s = await createScenario();
    const colleague = await s.newUser("CASE_HANDLER");
    const { id, due, today: later } = await overduePlan(s);
    const shown = await versionOf(id);
    const earlier = addCalendarDays(due, 1);
    // Both pages showed no notice ("").
    await recordDefaultNotice(s.handler, id, later, shown, undefined, "");
    await expect(recordDefaultNotice(colleague, id, earlier, shown, undefined, "")).rejects.toBeInstanceOf(
      ConflictError,
    );
    const row = await prisma.defaultNotice.findFirstOrThrow({ where: { planId: id } });
    expect(localDateFromDb(row.receivedOn)).toBe(later);
    // From the page as it stands now (showing the recorded day), the correction goes through.
    await recordDefaultNotice(colleague, id, earlier, shown, undefined, later);
    expect(await recordings(id)).toBe(2);
  });

  it("leaves the plan's version alone, so nobody else's open form is refused because of it", async () => {
    const s = await createScenario();
    const { id, today } = await overduePlan(s);
    const before = await versionOf(id);
    await recordDefaultNotice(s.handler, id, today, before, undefined, "");
    expect(await versionOf(id)).toBe(before);
  });
});
