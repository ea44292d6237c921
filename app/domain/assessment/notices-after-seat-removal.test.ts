import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { activeAdviser, completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { countUnread, listNotifications } from "../notifications/inbox.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { releaseAdviserSeats, removeAssignment } from "./assignment.server.ts";

/**
 * An adviser's bell after the seat on a plan ends (the coordinator takes them off, or the seats are
 * released): the notices about that plan link to its page, now a 404 to them, so they are read.
 * A notice about a plan the adviser still opens stays unread.
 */
const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

/** A plan in assessment with the scenario's adviser seated (ACTIVE) and one unread notice about it. */
async function seatedWithNotice(s: Scenario): Promise<{ planId: string; assignmentId: string }> {
  const { id } = await completePlan(s);
  planIds.push(id);
  await activeAdviser(s, id);
  await prisma.notification.create({
    data: {
      userId: s.adviser.userId,
      planId: id,
      title: "Beslistermijn loopt af",
      body: "Adviseer over dit plan.",
      link: `/behandeling/plannen/${id}`,
      createdAt: new Date(),
    },
  });
  const seat = await prisma.adviserAssignment.findFirstOrThrow({
    where: { planId: id, adviserId: s.adviser.userId, status: "ACTIVE" },
    select: { id: true },
  });
  return { planId: id, assignmentId: seat.id };
}

const readAbout = async (userId: string, planId: string) =>
  (await listNotifications(userId)).filter((n) => n.planId === planId).map((n) => n.readAt !== null);

describe("the bell of an adviser whose seat on a plan ended", () => {
  it("no longer counts the plan's notices once the coordinator takes the adviser off", async () => {
    const s = await createScenario();
    const { planId, assignmentId } = await seatedWithNotice(s);
    expect(await countUnread(s.adviser.userId)).toBe(1);
    await removeAssignment(s.coordinator, assignmentId, "Langdurig afwezig.");
    expect(await countUnread(s.adviser.userId)).toBe(0);
    expect(await readAbout(s.adviser.userId, planId)).toEqual([true]);
  });

  it("keeps the notices of another plan on which the adviser still holds a seat", async () => {
    const s = await createScenario();
    const removed = await seatedWithNotice(s);
    const kept = await seatedWithNotice(s);
    await removeAssignment(s.coordinator, removed.assignmentId, "Herverdeling.");
    expect(await readAbout(s.adviser.userId, removed.planId)).toEqual([true]);
    expect(await readAbout(s.adviser.userId, kept.planId)).toEqual([false]);
    expect(await countUnread(s.adviser.userId)).toBe(1);
  });

  it("keeps them when a case handler's role still opens the plan", async () => {
    const s = await createScenario();
    const { planId, assignmentId } = await seatedWithNotice(s);
    await prisma.roleMembership.create({
      data: { userId: s.adviser.userId, role: "CASE_HANDLER", createdAt: new Date() },
    });
    await removeAssignment(s.coordinator, assignmentId, "Herverdeling.");
    expect(await readAbout(s.adviser.userId, planId)).toEqual([false]);
    expect(await countUnread(s.adviser.userId)).toBe(1);
  });

  it("no longer counts them once the seats are released, whoever releases them", async () => {
    const s = await createScenario();
    const { planId } = await seatedWithNotice(s);
    // Released on its own (not through an admin's account change, which retires them itself).
    const released = await prisma.$transaction((tx) =>
      releaseAdviserSeats(tx, s.adviser.userId, s.coordinator.userId, "Seat released in a test."),
    );
    expect(released).toBe(1);
    expect(await countUnread(s.adviser.userId)).toBe(0);
    expect(await readAbout(s.adviser.userId, planId)).toEqual([true]);
  });
});
