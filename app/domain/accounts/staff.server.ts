import { hashPassword } from "../../auth/password.server.ts";
import { prisma, type Tx } from "../../db/client.server.ts";
import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { releaseAdviserSeats } from "../assessment/assignment.server.ts";
import type { AuditAction } from "../audit/actions.ts";
import { OPEN_STATES } from "../caselist/absence.server.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { retireUnopenableNotices } from "../notifications/retire.server.ts";
import { setAsideRequestsOf } from "../payments/iban.server.ts";
import { writeAudit } from "./audit.server.ts";
import { refuseLastSignatory } from "./last-signatory.server.ts";
import { withdrawInvitationsOf } from "./organisation.server.ts";
import { issuePasswordToken } from "./password-reset.server.ts";
import { EMAIL_TAKEN, isUniqueViolation } from "./signup.server.ts";
import {
  COORDINATOR_INACTIVE,
  COORDINATOR_NOT_ADVISER,
  type Loss,
  lastCoordinatorMessage,
  lastOfRoleMessage,
  NOTHING_RELEASED,
  RELEASE_REASON,
  type ReleasedWork,
  ROLES_NEVER_EMPTY,
  type RoleNeverEmpty,
  SIGNING_TITLE_NOT_STAFF,
  STAFF_ROLE_FOR_APPLICANT,
} from "./staff-messages.ts";
import { newToken } from "./tokens.server.ts";
import { type CreateStaff, STAFF_ROLE_VALUES, type StaffRole } from "./validation.ts";

function assertAdmin(actor: Actor): void {
  if (!actor.roles.includes("ADMIN")) throw new ForbiddenError("Alleen een beheerder beheert accounts.");
}

const isStaffRole = (r: Role): r is StaffRole => (STAFF_ROLE_VALUES as readonly string[]).includes(r);

/** Every user with their roles (and organisation, for applicants), staff first. */
export async function listUsers(actor: Actor) {
  assertAdmin(actor);
  const users = await prisma.user.findMany({
    orderBy: [{ name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      active: true,
      signingTitle: true,
      memberships: {
        select: {
          role: true,
          isSignatory: true,
          isCoordinator: true,
          organisation: { select: { name: true } },
        },
      },
    },
  });
  return users
    .map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      active: u.active,
      staffRoles: u.memberships.map((m) => m.role).filter(isStaffRole),
      coordinator: u.memberships.some((m) => m.role === "ADVISER" && m.isCoordinator),
      signingTitle: u.signingTitle,
      organisations: u.memberships
        .filter((m) => m.role === "APPLICANT" && m.organisation)
        .map((m) => ({ name: m.organisation?.name ?? "", isSignatory: m.isSignatory })),
      isMe: u.id === actor.userId,
    }))
    .sort((a, b) => Number(b.staffRoles.length > 0) - Number(a.staffRoles.length > 0));
}

/**
 * Creates a staff user with the given roles and no usable password: the e-mail carries a link
 * (the reset mechanism) to choose one, so no admin ever knows a colleague's password.
 */
export async function createStaffUser(actor: Actor, input: CreateStaff): Promise<{ userId: string }> {
  assertAdmin(actor);
  if (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } }))
    throw new RuleViolation(
      EMAIL_TAKEN.replace(" Log in of vraag een nieuw wachtwoord aan.", ""),
      "email",
      "EMAIL_TAKEN",
    );
  // A hash of a random secret nobody holds: the account cannot be logged into until the link is used.
  const passwordHash = await hashPassword(newToken());
  try {
    return await prisma.$transaction(async (tx) => {
      const at = now();
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          passwordHash,
          createdAt: at,
          memberships: { create: input.roles.map((role) => ({ role, createdAt: at })) },
        },
        select: { id: true },
      });
      await issuePasswordToken(tx, user.id, "password-set");
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "user.created",
        targetType: "User",
        targetId: user.id,
        after: { name: input.name, email: input.email, roles: input.roles },
      });
      return { userId: user.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new RuleViolation(EMAIL_TAKEN, "email", "EMAIL_TAKEN");
    throw err;
  }
}

const LOCK_OUT = "U kunt uw eigen beheerdersrol niet intrekken; laat een andere beheerder dat doen.";

/** Statuses in which a plan still has work for its handler: the ones absence counts. */
const OPEN_FOR_HANDLER: PlanStatus[] = [...OPEN_STATES];
const SEATED = ["PENDING_DECLARATION", "ACTIVE"] as const;

/** Whether the account is active, and its staff roles with the coordinator flag. */
async function staffAccount(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: {
      active: true,
      memberships: { where: { organisationId: null }, select: { role: true, isCoordinator: true } },
    },
  });
  if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
  return user;
}

/**
 * Account changes one after another: "is anyone else still active in this role?" holds only while
 * nobody else changes accounts, or two admins could each switch off one of the last two decision
 * makers (or each other) at once, each seeing the other still there.
 */
async function serialiseAccountChanges(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('staff-accounts'))::text AS locked`;
}

/**
 * Lock order against the user's own steps (workflow/acting-staff.server.ts): the account's row
 * first, then the plans. A step that names its actor on a plan (complete, a supplement request, a
 * take-over, an adviser's seat) holds that row FOR SHARE before its plan, so it either finished
 * before this lock — and the release below sees what it wrote — or waits here and is then refused.
 * NO KEY UPDATE, not FOR UPDATE: a row inserted meanwhile that refers to the user (a notification)
 * takes KEY SHARE on it, maybe while holding one of the user's plans, and must not wait for this.
 */
async function lockAccount(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;
}

/**
 * Locks the plans the user handles or holds a seat on, after the account (lockAccount), in id
 * order: a step on one of them either finished before this or waits for it. NO KEY UPDATE still
 * queues with every step's FOR UPDATE, but not with the KEY SHARE of a row inserted for the plan (a
 * supplement request, written before its event takes the account's lock).
 */
async function lockPlansOf(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT p.id FROM "Plan" p
    WHERE (p."handlerId" = ${userId} AND p.status::text = ANY(${OPEN_FOR_HANDLER}::text[]))
       OR p.id IN (SELECT a."planId" FROM "AdviserAssignment" a
                   WHERE a."adviserId" = ${userId} AND a.status::text = ANY(${[...SEATED]}::text[]))
    ORDER BY p.id
    FOR NO KEY UPDATE OF p`;
}

/**
 * Refuses a change that leaves nobody active in a role the portal cannot do without, or without a
 * coordinator of the Actieteam (then nobody could assign advisers, and only an admin can name one).
 * `roles` are the roles the (active) user loses; `coordinator` whether they stop being coordinator.
 */
async function refuseLastHolder(
  tx: Tx,
  userId: string,
  lost: { roles: readonly Role[]; coordinator: boolean },
  loss: Loss | "unset",
  field: string,
): Promise<void> {
  for (const role of ROLES_NEVER_EMPTY) {
    if (!lost.roles.includes(role)) continue;
    if ((await othersActive(tx, userId, role, false)) === 0)
      throw new RuleViolation(
        lastOfRoleMessage(role, loss === "unset" ? "remove" : loss),
        field,
        "LAST_OF_ROLE",
      );
  }
  if (lost.coordinator && (await othersActive(tx, userId, "ADVISER", true)) === 0)
    throw new RuleViolation(lastCoordinatorMessage(loss), field, "LAST_COORDINATOR");
}

function othersActive(tx: Tx, userId: string, role: RoleNeverEmpty | "ADVISER", coordinator: boolean) {
  return tx.roleMembership.count({
    where: {
      role,
      organisationId: null,
      userId: { not: userId },
      user: { active: true },
      ...(coordinator ? { isCoordinator: true } : {}),
    },
  });
}

/**
 * The plans the user handles go back to the unassigned queue (handlerId null): the lists show them
 * there, and reminders and notices that would have gone to the handler go to every case handler.
 * An audit row per plan. The four-eyes rule is unaffected: it reads who took a handler's step from
 * the plan's events, not from handlerId.
 */
async function releaseHandledPlans(tx: Tx, userId: string, byId: string, reason: string): Promise<number> {
  const plans = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Plan"
    WHERE "handlerId" = ${userId} AND status::text = ANY(${OPEN_FOR_HANDLER}::text[])
    ORDER BY id
    FOR NO KEY UPDATE`;
  for (const { id } of plans) {
    // biome-ignore lint/plugin/plan-scope: an admin's use case (assertAdmin); the ids the query above locked.
    await tx.plan.update({ where: { id }, data: { handlerId: null } });
    await tx.auditLog.create({
      data: {
        actorId: byId,
        action: "plan.handler-released" satisfies AuditAction,
        targetType: "Plan",
        targetId: id,
        details: { before: userId, after: null, reason },
        createdAt: now(),
      },
    });
  }
  return plans.length;
}

/** The counts, for the account's own audit row, only when something was released. */
const releasedDetails = (r: ReleasedWork) => ({
  ...(r.plans > 0 ? { releasedPlans: r.plans } : {}),
  ...(r.seats > 0 ? { releasedSeats: r.seats } : {}),
});

/**
 * Changes a user's staff roles (applicant memberships are untouched); audited with before and
 * after. Only the rows of removed roles go and only added ones are made: a role that stays keeps
 * its row, and with it the ADVISER row's coordinator flag. Losing CASE_HANDLER puts the user's open
 * plans back in the queue, losing ADVISER ends their seats, in the same transaction.
 */
export async function changeStaffRoles(
  actor: Actor,
  userId: string,
  roles: StaffRole[],
): Promise<ReleasedWork> {
  assertAdmin(actor);
  const field = `roles-${userId}`;
  if (userId === actor.userId && !roles.includes("ADMIN"))
    throw new RuleViolation(LOCK_OUT, field, "SELF_LOCKOUT");
  return prisma.$transaction(async (tx) => {
    await serialiseAccountChanges(tx);
    await lockAccount(tx, userId);
    const user = await staffAccount(tx, userId);
    const before = user.memberships
      .map((m) => m.role)
      .filter(isStaffRole)
      .sort();
    const after = [...roles].sort();
    if (before.join() === after.join()) return NOTHING_RELEASED;
    const removed = before.filter((r) => !after.includes(r));
    const added = after.filter((r) => !before.includes(r));
    // The page offers no roles for such an account; a posted form must not give them either. Taking
    // roles away stays possible, should an account ever hold both.
    if (
      added.length > 0 &&
      (await tx.roleMembership.count({ where: { userId, organisationId: { not: null } } }))
    )
      throw new RuleViolation(STAFF_ROLE_FOR_APPLICANT, field, "APPLICANT_ACCOUNT");
    const wasCoordinator = user.memberships.some((m) => m.role === "ADVISER" && m.isCoordinator);
    const losesCoordinator = wasCoordinator && removed.includes("ADVISER");
    // An inactive user holds nothing anybody relies on; their roles may change freely.
    if (user.active)
      await refuseLastHolder(tx, userId, { roles: removed, coordinator: losesCoordinator }, "remove", field);
    const releases = removed.includes("CASE_HANDLER") || removed.includes("ADVISER");
    if (releases) await lockPlansOf(tx, userId);
    const at = now();
    await tx.roleMembership.deleteMany({ where: { userId, organisationId: null, role: { in: removed } } });
    for (const role of added) {
      await tx.roleMembership.create({ data: { userId, role, createdAt: at } });
    }
    const released: ReleasedWork = {
      plans: removed.includes("CASE_HANDLER")
        ? await releaseHandledPlans(tx, userId, actor.userId, RELEASE_REASON.caseHandlerRemoved)
        : 0,
      seats: removed.includes("ADVISER")
        ? await releaseAdviserSeats(tx, userId, actor.userId, RELEASE_REASON.adviserRemoved)
        : 0,
    };
    await retireUnopenableNotices(tx, userId);
    // A first staff role needs the second factor (needsSecondFactor), which a session begun
    // without one never gave: roles are read afresh on every request, so that session would walk
    // into the staff's pages on a password alone. It ends; the next login asks for the code.
    if (before.length === 0 && after.length > 0) await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.roles-changed",
      targetType: "User",
      targetId: userId,
      before: { roles: before, ...(losesCoordinator ? { coordinator: true } : {}) },
      after: {
        roles: after,
        ...(losesCoordinator ? { coordinator: false } : {}),
        ...releasedDetails(released),
      },
    });
    return released;
  });
}

/**
 * Deactivates (or reactivates) an account; a deactivated user's sessions end at once, and their
 * open work is released in the same transaction: their plans back to the queue, their adviser
 * seats ended. Refused for the last active holder of a role the portal cannot do without, and for
 * an organisation's last active signatory while it has a plan in flight (refuseLastSignatory).
 */
export async function setUserActive(actor: Actor, userId: string, active: boolean): Promise<ReleasedWork> {
  assertAdmin(actor);
  const field = `active-${userId}`;
  if (userId === actor.userId && !active)
    throw new RuleViolation("U kunt uw eigen account niet uitschakelen.", undefined, "SELF_LOCKOUT");
  return prisma.$transaction(async (tx) => {
    await serialiseAccountChanges(tx);
    await lockAccount(tx, userId);
    const user = await staffAccount(tx, userId);
    if (user.active === active) return NOTHING_RELEASED;
    let released = NOTHING_RELEASED;
    if (!active) {
      const coordinator = user.memberships.some((m) => m.role === "ADVISER" && m.isCoordinator);
      const roles = user.memberships.map((m) => m.role);
      await refuseLastHolder(tx, userId, { roles, coordinator }, "deactivate", field);
      await refuseLastSignatory(tx, userId, field);
      await lockPlansOf(tx, userId);
    }
    await tx.user.update({ where: { id: userId }, data: { active } });
    let invitationsWithdrawn = 0;
    let ibanRequestsSetAside = 0;
    if (!active) {
      await tx.session.deleteMany({ where: { userId } });
      // An applicant's open invitations are their word for the organisation: switched off, they
      // no longer let anyone in (acceptInvitation checks the inviter too, for one sent meanwhile).
      invitationsWithdrawn = await withdrawInvitationsOf(tx, userId);
      // Their open bank-account changes are set aside too, or switched back on they would find
      // them revived. Their organisations' rows are locked already (refuseLastSignatory, above).
      const applicantOf = await tx.roleMembership.findMany({
        where: { userId, role: "APPLICANT" },
        select: { organisationId: true },
      });
      ibanRequestsSetAside = await setAsideRequestsOf(
        tx,
        actor.userId,
        userId,
        applicantOf.flatMap((m) => m.organisationId ?? []),
      );
      // Whatever the roles: a handler's plans or seats left from before a role change go too.
      released = {
        plans: await releaseHandledPlans(tx, userId, actor.userId, RELEASE_REASON.deactivated),
        seats: await releaseAdviserSeats(tx, userId, actor.userId, RELEASE_REASON.deactivated),
      };
      await retireUnopenableNotices(tx, userId);
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: active ? "user.reactivated" : "user.deactivated",
      targetType: "User",
      targetId: userId,
      before: { active: user.active },
      after: {
        active,
        ...releasedDetails(released),
        ...(invitationsWithdrawn ? { invitationsWithdrawn } : {}),
        ...(ibanRequestsSetAside ? { ibanRequestsSetAside } : {}),
      },
    });
    return released;
  });
}

/**
 * Names an adviser coordinator of the Actieteam (who assigns plans to advisers), or takes that
 * away; audited. The last active coordinator stays one until another is named.
 */
export async function setCoordinator(actor: Actor, userId: string, coordinator: boolean): Promise<void> {
  assertAdmin(actor);
  const field = `coordinator-${userId}`;
  await prisma.$transaction(async (tx) => {
    await serialiseAccountChanges(tx);
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: {
        active: true,
        memberships: {
          where: { organisationId: null, role: "ADVISER" },
          select: { id: true, isCoordinator: true },
        },
      },
    });
    if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
    const membership = user.memberships[0];
    if (!membership) throw new RuleViolation(COORDINATOR_NOT_ADVISER, field, "NOT_AN_ADVISER");
    if (membership.isCoordinator === coordinator) return;
    if (coordinator && !user.active) throw new RuleViolation(COORDINATOR_INACTIVE, field, "INACTIVE");
    if (!coordinator && user.active)
      await refuseLastHolder(tx, userId, { roles: [], coordinator: true }, "unset", field);
    await tx.roleMembership.update({ where: { id: membership.id }, data: { isCoordinator: coordinator } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.coordinator-changed",
      targetType: "User",
      targetId: userId,
      before: { coordinator: membership.isCoordinator },
      after: { coordinator },
    });
  });
}

/**
 * Records (or clears, with null) the function a staff member signs besluiten with in mandate
 * (User.signingTitle); audited, with the value before: a besluit taken earlier keeps the function
 * it was taken under, also when its letter is made later (documents/signatory.server.ts).
 * Clearing is always allowed, so a function left on an account that lost its staff roles can go.
 */
export async function setSigningTitle(
  actor: Actor,
  userId: string,
  signingTitle: string | null,
): Promise<void> {
  assertAdmin(actor);
  await prisma.$transaction(async (tx) => {
    await serialiseAccountChanges(tx);
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: {
        signingTitle: true,
        memberships: { where: { organisationId: null }, select: { role: true } },
      },
    });
    if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
    if (user.signingTitle === signingTitle) return;
    if (signingTitle !== null && !user.memberships.some((m) => isStaffRole(m.role)))
      throw new RuleViolation(SIGNING_TITLE_NOT_STAFF, `signingTitle-${userId}`, "NOT_STAFF");
    await tx.user.update({ where: { id: userId }, data: { signingTitle } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.signing-title-changed",
      targetType: "User",
      targetId: userId,
      before: { signingTitle: user.signingTitle },
      after: { signingTitle },
    });
  });
}
