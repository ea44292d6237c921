import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import { activeAdviser, advisePlan, completePlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { assignAdviser, claimPlan, declareInterest, isCoordinator } from "../assessment/assignment.server.ts";
import { setClock } from "../clock.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { sendDueReminders } from "../reminders/send-due.server.ts";
import {
  changeStaffRoles,
  listUsers,
  setCoordinator,
  setSigningTitle,
  setUserActive,
} from "./staff.server.ts";
import {
  COORDINATOR_INACTIVE,
  COORDINATOR_NOT_ADVISER,
  lastCoordinatorMessage,
  lastOfRoleMessage,
  RELEASE_REASON,
  ROLES_NEVER_EMPTY,
  SIGNING_TITLE_NOT_STAFF,
} from "./staff-messages.ts";

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  // Leave no pending reminder behind for a worker on the real clock in a later test file.
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

/**
 * Switches off every other active holder of `role` (with coordinator: every other coordinator)
 * until the returned function switches them on again: the worker's database holds the staff of
 * the files before this one too, so "the last one" has to be made.
 */
async function onlyActive(role: Role, keep: string[], coordinator = false): Promise<() => Promise<unknown>> {
  const others = await prisma.user.findMany({
    where: {
      active: true,
      id: { notIn: keep },
      memberships: { some: { role, organisationId: null, ...(coordinator ? { isCoordinator: true } : {}) } },
    },
    select: { id: true },
  });
  const ids = others.map((o) => o.id);
  await prisma.user.updateMany({ where: { id: { in: ids } }, data: { active: false } });
  return () => prisma.user.updateMany({ where: { id: { in: ids } }, data: { active: true } });
}

const userAudit = (userId: string) =>
  prisma.auditLog.findMany({ where: { targetType: "User", targetId: userId }, orderBy: { id: "asc" } });
const planAudit = (planId: string) =>
  prisma.auditLog.findMany({ where: { targetType: "Plan", targetId: planId }, orderBy: { id: "asc" } });
const handlerOf = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { handlerId: true } })).handlerId;
const seatOf = (planId: string, adviserId: string) =>
  prisma.adviserAssignment.findFirstOrThrow({
    where: { planId, adviserId },
    orderBy: { assignedAt: "desc" },
  });

/** Users who hold `role` now: notifyRole tells each of them. */
async function holdersOf(role: Role): Promise<string[]> {
  const rows = await prisma.roleMembership.findMany({
    where: { role, user: { active: true } },
    select: { userId: true },
  });
  return [...new Set(rows.map((r) => r.userId))].sort();
}
async function notifiedUsers(planId: string): Promise<string[]> {
  const rows = await prisma.notification.findMany({ where: { planId }, select: { userId: true } });
  return [...new Set(rows.map((r) => r.userId))].sort();
}

describe("the coordinator of the Actieteam", () => {
  it("keeps the flag while other roles change; an admin names and unnames one, audited", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    await changeStaffRoles(admin, s.coordinator.userId, ["ADVISER", "DECISION_MAKER"]);
    await changeStaffRoles(admin, s.coordinator.userId, ["ADVISER"]);
    expect(await isCoordinator(prisma, s.coordinator.userId)).toBe(true);

    await setCoordinator(admin, s.adviser.userId, true);
    expect(await isCoordinator(prisma, s.adviser.userId)).toBe(true);
    // The new coordinator assigns at once.
    const plan = await completePlan(s);
    planIds.push(plan.id);
    await assignAdviser(s.adviser, plan.id, s.adviser2.userId);
    await setCoordinator(admin, s.adviser.userId, false);
    expect(await isCoordinator(prisma, s.adviser.userId)).toBe(false);
    const rows = await userAudit(s.adviser.userId);
    expect(rows.map((r) => [r.action, r.actorId, r.details])).toEqual([
      [
        "user.coordinator-changed",
        admin.userId,
        { before: { coordinator: false }, after: { coordinator: true } },
      ],
      [
        "user.coordinator-changed",
        admin.userId,
        { before: { coordinator: true }, after: { coordinator: false } },
      ],
    ]);

    await expect(setCoordinator(admin, s.handler.userId, true)).rejects.toMatchObject({
      message: COORDINATOR_NOT_ADVISER,
      field: `coordinator-${s.handler.userId}`,
    });
    await setUserActive(admin, s.adviser2.userId, false);
    await expect(setCoordinator(admin, s.adviser2.userId, true)).rejects.toMatchObject({
      message: COORDINATOR_INACTIVE,
    });
  });

  it("a coordinator who loses the ADVISER role loses the flag, on the record; re-added, it is not back", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const second = await s.newUser("ADVISER");
    await setCoordinator(admin, second.userId, true);
    await changeStaffRoles(admin, second.userId, ["DECISION_MAKER"]);
    const [, change] = await userAudit(second.userId);
    expect(change?.details).toEqual({
      before: { roles: ["ADVISER"], coordinator: true },
      after: { roles: ["DECISION_MAKER"], coordinator: false },
    });
    await changeStaffRoles(admin, second.userId, ["ADVISER", "DECISION_MAKER"]);
    expect(await isCoordinator(prisma, second.userId)).toBe(false);
  });

  it("refuses to lose the last active coordinator: the flag, the ADVISER role or the account", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const id = s.coordinator.userId;
    const restore = await onlyActive("ADVISER", [id], true);
    try {
      await expect(setCoordinator(admin, id, false)).rejects.toMatchObject({
        code: "LAST_COORDINATOR",
        message: lastCoordinatorMessage("unset"),
        field: `coordinator-${id}`,
      });
      await expect(changeStaffRoles(admin, id, ["DECISION_MAKER"])).rejects.toMatchObject({
        code: "LAST_COORDINATOR",
        message: lastCoordinatorMessage("remove"),
        field: `roles-${id}`,
      });
      await expect(setUserActive(admin, id, false)).rejects.toMatchObject({
        code: "LAST_COORDINATOR",
        message: lastCoordinatorMessage("deactivate"),
        field: `active-${id}`,
      });
      expect(await isCoordinator(prisma, id)).toBe(true);
      expect(await userAudit(id)).toEqual([]);

      // Once another adviser is coordinator, the first may stop.
      await setCoordinator(admin, s.adviser.userId, true);
      await setCoordinator(admin, id, false);
      expect(await isCoordinator(prisma, id)).toBe(false);
    } finally {
      await restore();
    }
  });
});

describe("the last active holder of a role", () => {
  it.each(ROLES_NEVER_EMPTY)("is refused switching off, or losing the role, for %s", async (role) => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const target = await s.newUser(role);
    // For ADMIN this switches the acting admin off too: a request begun before an other admin
    // switched this one off (two admins switching each other off at once) must not leave none.
    const restore = await onlyActive(role, [target.userId]);
    try {
      await expect(setUserActive(admin, target.userId, false)).rejects.toMatchObject({
        code: "LAST_OF_ROLE",
        message: lastOfRoleMessage(role, "deactivate"),
        field: `active-${target.userId}`,
      });
      await expect(changeStaffRoles(admin, target.userId, ["ADVISER"])).rejects.toMatchObject({
        code: "LAST_OF_ROLE",
        message: lastOfRoleMessage(role, "remove"),
        field: `roles-${target.userId}`,
      });
      const after = await prisma.user.findUniqueOrThrow({
        where: { id: target.userId },
        select: { active: true, memberships: { select: { role: true } } },
      });
      expect(after).toEqual({ active: true, memberships: [{ role }] });
      expect(await userAudit(target.userId)).toEqual([]);
    } finally {
      await restore();
    }
    // With another active holder, both are allowed (the files before may have left no other).
    await s.newUser(role);
    await changeStaffRoles(admin, target.userId, ["ADVISER"]);
    await setUserActive(admin, target.userId, false);
  });
});

const ask = () =>
  supplementRequestSchema.parse({
    text: "Voeg de begroting per maatregel toe.",
    steps: ["measures"],
    termDays: "14",
  });

describe("the open work of a user who goes", () => {
  it("switching a handler off puts their open plans back in the queue, audited; the lapsed term reaches the other handlers", async () => {
    // A fixed moment in the past: the tick below sends only reminders due by then.
    setClock(new Date("2025-05-05T08:00:00Z"));
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const colleague = await s.newUser("CASE_HANDLER");
    const asked = await submittedPlan(s);
    planIds.push(asked.id);
    await requestSupplement(s.handler, asked.id, asked.version, ask());
    const assessed = await completePlan(s);
    planIds.push(assessed.id);
    expect(await handlerOf(asked.id)).toBe(s.handler.userId);
    expect(await handlerOf(assessed.id)).toBe(s.handler.userId);

    expect(await setUserActive(admin, s.handler.userId, false)).toEqual({ plans: 2, seats: 0 });
    for (const id of [asked.id, assessed.id]) {
      expect(await handlerOf(id)).toBeNull();
      const last = (await planAudit(id)).at(-1);
      expect(last).toMatchObject({
        action: "plan.handler-released",
        actorId: admin.userId,
        details: { before: s.handler.userId, after: null, reason: RELEASE_REASON.deactivated },
      });
    }
    expect((await userAudit(s.handler.userId)).at(-1)).toMatchObject({
      action: "user.deactivated",
      details: { before: { active: true }, after: { active: false, releasedPlans: 2 } },
    });

    // The hersteltermijn lapses: with nobody named, every active handler is told, not the one gone.
    const lapsed = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: asked.id, kind: "SUPPLEMENT_TERM_LAPSED" } },
    });
    await sendDueReminders({ at: lapsed.dueAt });
    expect((await prisma.reminder.findUniqueOrThrow({ where: { id: lapsed.id } })).sentAt).not.toBeNull();
    const told = await notifiedUsers(asked.id);
    expect(told).toContain(colleague.userId);
    expect(told).not.toContain(s.handler.userId);
    for (const handler of await holdersOf("CASE_HANDLER")) expect(told).toContain(handler);
  });

  it("taking the CASE_HANDLER role away releases the plans too; a change of other roles does not", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    await s.newUser("CASE_HANDLER");
    const plan = await completePlan(s);
    planIds.push(plan.id);
    expect(await changeStaffRoles(admin, s.handler.userId, ["CASE_HANDLER", "FINANCE"])).toEqual({
      plans: 0,
      seats: 0,
    });
    expect(await handlerOf(plan.id)).toBe(s.handler.userId);
    expect(await changeStaffRoles(admin, s.handler.userId, ["FINANCE"])).toEqual({ plans: 1, seats: 0 });
    expect(await handlerOf(plan.id)).toBeNull();
    expect((await planAudit(plan.id)).at(-1)).toMatchObject({
      action: "plan.handler-released",
      details: { reason: RELEASE_REASON.caseHandlerRemoved },
    });
    expect((await userAudit(s.handler.userId)).at(-1)?.details).toEqual({
      before: { roles: ["CASE_HANDLER", "FINANCE"] },
      after: { roles: ["FINANCE"], releasedPlans: 1 },
    });
  });

  it("switching an adviser off ends the seats that still count, as the coordinator's removal does; another adviser can take the plan", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const active = await completePlan(s);
    await activeAdviser(s, active.id, s.adviser);
    const pending = await completePlan(s);
    await assignAdviser(s.coordinator, pending.id, s.adviser.userId);
    const advised = await completePlan(s);
    await advisePlan(s, advised.id, advised.version);
    const conflict = await completePlan(s);
    await assignAdviser(s.coordinator, conflict.id, s.adviser.userId);
    await declareInterest(s.adviser, conflict.id, { conflict: true, explanation: "Oud-bestuurder." });
    planIds.push(active.id, pending.id, advised.id, conflict.id);
    // One adviser is enough for the scenario's regulation: the seat blocks everybody else.
    await expect(claimPlan(s.adviser2, active.id)).rejects.toBeInstanceOf(ConflictError);

    expect(await setUserActive(admin, s.adviser.userId, false)).toEqual({ plans: 0, seats: 2 });
    for (const [plan, previousStatus] of [
      [active, "ACTIVE"],
      [pending, "PENDING_DECLARATION"],
    ] as const) {
      const seat = await seatOf(plan.id, s.adviser.userId);
      expect(seat).toMatchObject({
        status: "REMOVED",
        removedById: admin.userId,
        removalReason: RELEASE_REASON.deactivated,
      });
      expect((await planAudit(plan.id)).at(-1)).toMatchObject({
        action: "assignment.removed",
        actorId: admin.userId,
        details: {
          assignmentId: seat.id,
          adviserId: s.adviser.userId,
          previousStatus,
          reason: RELEASE_REASON.deactivated,
        },
      });
    }
    // The adviser who advised stays on record (four-eyes); a declared conflict stays recorded.
    expect((await seatOf(advised.id, s.adviser.userId)).status).toBe("ACTIVE");
    expect((await seatOf(conflict.id, s.adviser.userId)).status).toBe("CONFLICT");

    await claimPlan(s.adviser2, active.id);
    expect((await seatOf(active.id, s.adviser2.userId)).status).toBe("PENDING_DECLARATION");
  });

  it("taking the ADVISER role away ends the seats too, on the record of the role change", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const plan = await completePlan(s);
    planIds.push(plan.id);
    await activeAdviser(s, plan.id, s.adviser2);
    expect(await changeStaffRoles(admin, s.adviser2.userId, ["DECISION_MAKER"])).toEqual({
      plans: 0,
      seats: 1,
    });
    expect(await seatOf(plan.id, s.adviser2.userId)).toMatchObject({
      status: "REMOVED",
      removalReason: RELEASE_REASON.adviserRemoved,
    });
    expect((await userAudit(s.adviser2.userId)).at(-1)?.details).toEqual({
      before: { roles: ["ADVISER"] },
      after: { roles: ["DECISION_MAKER"], releasedSeats: 1 },
    });
  });

  it("a decision-term warning reaches the coordinators and the handler once the only seated adviser is switched off", async () => {
    setClock(new Date("2025-06-02T08:00:00Z"));
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const plan = await completePlan(s);
    planIds.push(plan.id);
    await activeAdviser(s, plan.id, s.adviser);
    await setUserActive(admin, s.adviser.userId, false);
    const warning = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: plan.id, kind: "DECISION_TERM_WARNING" } },
    });
    await sendDueReminders({ at: warning.dueAt });
    const told = await notifiedUsers(plan.id);
    expect(told).not.toContain(s.adviser.userId);
    // No adviser holds the assessment now: its coordinators (to assign one) and its handler hear of it.
    const coordinators = await prisma.roleMembership.findMany({
      where: { role: "ADVISER", isCoordinator: true, user: { active: true } },
      select: { userId: true },
    });
    expect(told).toEqual([...new Set([s.handler.userId, ...coordinators.map((c) => c.userId)])].sort());
  });
});

describe("the function a staff member signs besluiten with", () => {
  const titleOf = async (userId: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { signingTitle: true } }))
      .signingTitle;

  it("an admin records and clears it, audited with before and after; an unchanged value writes nothing", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const dm = s.decisionMaker.userId;
    await setSigningTitle(admin, dm, "de directeur Agentschap SZW");
    expect(await titleOf(dm)).toBe("de directeur Agentschap SZW");
    expect((await listUsers(admin)).find((u) => u.id === dm)?.signingTitle).toBe(
      "de directeur Agentschap SZW",
    );
    await setSigningTitle(admin, dm, "de directeur Agentschap SZW");
    await setSigningTitle(admin, dm, null);
    expect(await titleOf(dm)).toBeNull();
    const rows = (await userAudit(dm)).filter((r) => r.action === "user.signing-title-changed");
    expect(rows.map((r) => [r.actorId, r.details])).toEqual([
      [
        admin.userId,
        { before: { signingTitle: null }, after: { signingTitle: "de directeur Agentschap SZW" } },
      ],
      [
        admin.userId,
        { before: { signingTitle: "de directeur Agentschap SZW" }, after: { signingTitle: null } },
      ],
    ]);
  });

  it("only an admin changes it, and only a staff member gets one", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    await expect(
      setSigningTitle(s.decisionMaker, s.decisionMaker.userId, "de directeur"),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setSigningTitle(admin, s.applicantA.userId, "de directeur")).rejects.toMatchObject({
      message: SIGNING_TITLE_NOT_STAFF,
      field: `signingTitle-${s.applicantA.userId}`,
    });
    expect(await titleOf(s.applicantA.userId)).toBeNull();
    expect(await titleOf(s.decisionMaker.userId)).toBeNull();
  });
});
