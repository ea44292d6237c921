import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { RELEASE_REASON } from "../accounts/staff-messages.ts";
import {
  assignAdviser,
  assignmentOverview,
  declareInterest,
  removeAssignment,
} from "../assessment/assignment.server.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { detailLines } from "./present.ts";
import { auditTrail } from "./trail.server.ts";

/**
 * The admin "manages accounts and queues, not cases: it reads no plan" (plan/access.server.ts), yet
 * reads every audit row. An adviser's statement of a conflict of interest and the coordinator's
 * reason to take an adviser off (health, family: AVG art. 9) stay on the seat, for the coordinator.
 */
let s: Scenario;
let planId = "";
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  if (planId) await prisma.$transaction((tx) => cancelReminders(tx, planId));
  await disconnectPrisma();
});

const CONFLICT = "Mijn echtgenote is bestuurder van de hoofdaanvrager";
const WHY = "Adviseur is langdurig ziek (burn-out)";

describe("the admin's audit trail of the Actieteam's assignments", () => {
  it("records that a statement and a reason were given, not their text; the coordinator still reads them", async () => {
    const plan = await completePlan(s);
    planId = plan.id;
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    const admin = await s.newUser("ADMIN");
    expect(await prisma.plan.count({ where: { AND: [{ id: plan.id }, visiblePlans(admin)] } })).toBe(0);

    await assignAdviser(s.coordinator, plan.id, s.adviser.userId);
    await declareInterest(s.adviser, plan.id, { conflict: true, explanation: CONFLICT });
    const second = await assignAdviser(s.coordinator, plan.id, s.adviser2.userId);
    await removeAssignment(s.coordinator, second.id, WHY);

    // Stored: ids and flags only.
    const stored = await prisma.auditLog.findMany({
      where: { targetType: "Plan", targetId: plan.id, action: { startsWith: "assignment." } },
      orderBy: { id: "asc" },
    });
    expect(JSON.stringify(stored.map((r) => r.details))).not.toMatch(/echtgenote|burn-out/);
    expect(stored.find((r) => r.action === "assignment.conflict-declared")?.details).toMatchObject({
      hasExplanation: true,
    });
    expect(stored.find((r) => r.action === "assignment.removed")?.details).toMatchObject({
      assignmentId: second.id,
      hasReason: true,
    });

    const shown = JSON.stringify(
      (await auditTrail(admin, 20, 0)).filter((r) => r.target.includes(reference)),
    );
    expect(shown).not.toContain(CONFLICT);
    expect(shown).not.toContain("burn-out");

    // The texts stay where the coordinator reads them.
    const seats = await prisma.adviserAssignment.findMany({ where: { planId: plan.id } });
    expect(seats.map((x) => x.conflictExplanation ?? x.removalReason).sort()).toEqual([WHY, CONFLICT].sort());
    const overview = await assignmentOverview(s.coordinator, { plan: plan.id });
    expect(overview.conflicts.find((c) => c.planId === plan.id)?.explanation).toBe(CONFLICT);
  });

  it("hides the text of rows written before, as a flag, and shows the system's own reason", async () => {
    const admin = await s.newUser("ADMIN");
    const old = (action: string, details: object) =>
      prisma.auditLog.create({
        data: {
          actorId: s.coordinator.userId,
          action,
          targetType: "Plan",
          targetId: planId,
          details,
          // Newer than any row other files write (some on a clock years ahead), so that these four
          // are the admin's first page; removed at the end.
          createdAt: new Date("2990-01-01T12:00:00Z"),
        },
      });
    await old("assignment.conflict-declared", { assignmentId: "a1", adviserId: "u1", explanation: CONFLICT });
    await old("assignment.no-conflict-declared", { assignmentId: "a2", adviserId: "u2", explanation: null });
    await old("assignment.removed", {
      assignmentId: "a3",
      adviserId: "u3",
      previousStatus: "ACTIVE",
      reason: WHY,
    });
    await old("assignment.removed", {
      assignmentId: "a4",
      adviserId: "u4",
      previousStatus: "ACTIVE",
      reason: RELEASE_REASON.deactivated,
    });
    const rows = await auditTrail(admin, 4, 0).finally(() =>
      prisma.auditLog.deleteMany({ where: { createdAt: new Date("2990-01-01T12:00:00Z") } }),
    );
    const details = Object.fromEntries(
      rows.map((r) => [r.details.find((d) => d.key === "assignmentId")?.value, r.details]),
    );
    expect(details.a1).toContainEqual({ key: "hasExplanation", value: "ja" });
    expect(details.a2).toContainEqual({ key: "hasExplanation", value: "nee" });
    expect(details.a3).toContainEqual({ key: "hasReason", value: "ja" });
    expect(details.a4).toContainEqual({ key: "reason", value: RELEASE_REASON.deactivated });
    const shown = JSON.stringify(rows);
    expect(shown).not.toContain(CONFLICT);
    expect(shown).not.toContain("burn-out");
  });

  it("keeps the same keys of other actions as written", () => {
    expect(detailLines({ reason: WHY }, "plan.released")).toEqual([{ key: "reason", value: WHY }]);
    expect(detailLines({ reason: WHY })).toEqual([{ key: "reason", value: WHY }]);
  });
});
