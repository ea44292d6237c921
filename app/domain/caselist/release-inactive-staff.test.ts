import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { AssignmentStatus, PlanStatus } from "../../generated/prisma/enums.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { RELEASE_REASON } from "../accounts/staff-messages.ts";

/**
 * The data migration 20261130161403_release_inactive_staff: accounts switched off or stripped of a
 * role before the release existed still named on open plans or holding seats get the release the
 * code gives them now (accounts/staff.server.ts). Its SQL file run against this worker's database,
 * twice, as the migrator runs it: in one transaction with nothing but `pg`.
 */

const MIGRATION = path.resolve(
  import.meta.dirname,
  "../../../prisma/migrations/20261130161403_release_inactive_staff/migration.sql",
);

afterAll(async () => {
  await disconnectPrisma();
});

async function runMigration(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(readFileSync(MIGRATION, "utf8"));
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

describe("the release_inactive_staff migration", () => {
  it("puts the open plans of switched-off handlers back in the queue and ends switched-off advisers' seats, once", async () => {
    const s = await createScenario();
    // Old data: switched off, or the role taken away, without the release.
    const goneHandler = await s.newUser("CASE_HANDLER");
    const strippedHandler = await s.newUser("CASE_HANDLER");
    const goneAdviser = await s.newUser("ADVISER");
    const strippedAdviser = await s.newUser("ADVISER");
    await prisma.user.updateMany({
      where: { id: { in: [goneHandler.userId, goneAdviser.userId] } },
      data: { active: false },
    });
    await prisma.roleMembership.deleteMany({
      where: { userId: { in: [strippedHandler.userId, strippedAdviser.userId] } },
    });

    const plan = async (status: PlanStatus, handlerId: string | null) => {
      const { id } = await submittedPlan(s);
      await prisma.plan.update({ where: { id }, data: { status, handlerId } });
      return id;
    };
    const openOfGone = await plan("SUBMITTED", goneHandler.userId);
    const grantedOfGone = await plan("GRANTED", goneHandler.userId);
    const closedOfGone = await plan("REJECTED", goneHandler.userId);
    const openOfStripped = await plan("IN_ASSESSMENT", strippedHandler.userId);
    const openOfActive = await plan("SUBMITTED", s.handler.userId);
    const assessed = await plan("IN_ASSESSMENT", s.handler.userId);
    const advisedOn = await plan("IN_ASSESSMENT", s.handler.userId);
    const advised = await plan("ADVISED", s.handler.userId);

    const seat = (planId: string, adviserId: string, status: AssignmentStatus) =>
      prisma.adviserAssignment.create({
        data: { planId, adviserId, assignedById: s.coordinator.userId, assignedAt: new Date(), status },
      });
    const pendingOfGone = await seat(assessed, goneAdviser.userId, "PENDING_DECLARATION");
    const activeOfStripped = await seat(assessed, strippedAdviser.userId, "ACTIVE");
    const activeOfActive = await seat(assessed, s.adviser.userId, "ACTIVE");
    const advisedByGone = await seat(advisedOn, goneAdviser.userId, "ACTIVE");
    await prisma.advice.create({
      data: { planId: advisedOn, adviserId: goneAdviser.userId, recommendation: "GRANT", text: "Goed." },
    });
    const pastAssessment = await seat(advised, goneAdviser.userId, "ACTIVE");

    const ours = [
      openOfGone,
      grantedOfGone,
      closedOfGone,
      openOfStripped,
      openOfActive,
      assessed,
      advisedOn,
      advised,
    ];
    await runMigration();

    const handlers = new Map(
      (
        await prisma.plan.findMany({ where: { id: { in: ours } }, select: { id: true, handlerId: true } })
      ).map((p) => [p.id, p.handlerId]),
    );
    expect(ours.map((id) => handlers.get(id))).toEqual([
      null,
      null,
      goneHandler.userId,
      null,
      s.handler.userId,
      s.handler.userId,
      s.handler.userId,
      s.handler.userId,
    ]);
    const audit = async () =>
      (
        await prisma.auditLog.findMany({
          where: { targetType: "Plan", targetId: { in: ours } },
          orderBy: { id: "asc" },
        })
      ).map((a) => ({ actorId: a.actorId, action: a.action, targetId: a.targetId, details: a.details }));
    const written = await audit();
    expect(written.filter((a) => a.action === "plan.handler-released")).toEqual(
      [
        { targetId: openOfGone, before: goneHandler.userId, reason: RELEASE_REASON.deactivated },
        { targetId: grantedOfGone, before: goneHandler.userId, reason: RELEASE_REASON.deactivated },
        {
          targetId: openOfStripped,
          before: strippedHandler.userId,
          reason: RELEASE_REASON.caseHandlerRemoved,
        },
      ]
        .sort((a, b) => a.targetId.localeCompare(b.targetId))
        .map(({ targetId, before, reason }) => ({
          actorId: null,
          action: "plan.handler-released",
          targetId,
          details: { before, after: null, reason },
        })),
    );

    const seats = new Map(
      (
        await prisma.adviserAssignment.findMany({
          where: { planId: { in: ours } },
          select: { id: true, status: true, removedAt: true, removedById: true, removalReason: true },
        })
      ).map((a) => [a.id, a]),
    );
    expect(seats.get(pendingOfGone.id)).toMatchObject({
      status: "REMOVED",
      removedById: null,
      removalReason: RELEASE_REASON.deactivated,
    });
    // The moment of the release, as an instant (the columns hold UTC).
    const removedAt = seats.get(pendingOfGone.id)?.removedAt?.getTime() ?? 0;
    expect(Math.abs(removedAt - Date.now())).toBeLessThan(60_000);
    expect(seats.get(activeOfStripped.id)).toMatchObject({
      status: "REMOVED",
      removalReason: RELEASE_REASON.adviserRemoved,
    });
    // Kept: an active adviser's seat, a seat whose adviser advised, a seat on a plan past assessment.
    for (const kept of [activeOfActive, advisedByGone, pastAssessment])
      expect(seats.get(kept.id)).toMatchObject({ status: "ACTIVE", removedAt: null, removalReason: null });
    expect(written.filter((a) => a.action === "assignment.removed")).toEqual(
      [
        [pendingOfGone.id, goneAdviser.userId, "PENDING_DECLARATION", RELEASE_REASON.deactivated],
        [activeOfStripped.id, strippedAdviser.userId, "ACTIVE", RELEASE_REASON.adviserRemoved],
      ]
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        .map(([assignmentId, adviserId, previousStatus, reason]) => ({
          actorId: null,
          action: "assignment.removed",
          targetId: assessed,
          details: { assignmentId, adviserId, previousStatus, reason },
        })),
    );

    // Twice: nothing left to release, nothing written.
    const auditRows = await prisma.auditLog.count();
    const before = await prisma.adviserAssignment.findMany({
      where: { planId: { in: ours } },
      orderBy: { id: "asc" },
    });
    await runMigration();
    expect(await prisma.auditLog.count()).toBe(auditRows);
    expect(
      await prisma.adviserAssignment.findMany({ where: { planId: { in: ours } }, orderBy: { id: "asc" } }),
    ).toEqual(before);
    expect(
      (
        await prisma.plan.findMany({ where: { id: { in: ours } }, select: { id: true, handlerId: true } })
      ).map((p) => handlers.get(p.id) === p.handlerId),
    ).toEqual(ours.map(() => true));
  });
});
