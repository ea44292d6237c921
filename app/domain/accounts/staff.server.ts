import { hashPassword } from "../../auth/password.server.ts";
import { prisma } from "../../db/client.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { writeAudit } from "./audit.server.ts";
import { issuePasswordToken } from "./password-reset.server.ts";
import { EMAIL_TAKEN, isUniqueViolation } from "./signup.server.ts";
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
      memberships: { select: { role: true, isSignatory: true, organisation: { select: { name: true } } } },
    },
  });
  return users
    .map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      active: u.active,
      staffRoles: u.memberships.map((m) => m.role).filter(isStaffRole),
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

/** Replaces a user's staff roles (applicant memberships are untouched); audited with before and after. */
export async function changeStaffRoles(actor: Actor, userId: string, roles: StaffRole[]): Promise<void> {
  assertAdmin(actor);
  if (userId === actor.userId && !roles.includes("ADMIN"))
    throw new RuleViolation(LOCK_OUT, `roles-${userId}`, "SELF_LOCKOUT");
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { memberships: { where: { organisationId: null }, select: { role: true } } },
    });
    if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
    const before = user.memberships
      .map((m) => m.role)
      .filter(isStaffRole)
      .sort();
    const after = [...roles].sort();
    if (before.join() === after.join()) return;
    const at = now();
    await tx.roleMembership.deleteMany({ where: { userId, organisationId: null, role: { notIn: after } } });
    for (const role of after.filter((r) => !before.includes(r))) {
      await tx.roleMembership.create({ data: { userId, role, createdAt: at } });
    }
    // A first staff role needs the second factor (needsSecondFactor), which a session begun as an
    // applicant never gave: roles are read afresh on every request, so that session would walk
    // into the staff's pages on a password alone. It ends; the next login asks for the code.
    if (before.length === 0 && after.length > 0) await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "user.roles-changed",
      targetType: "User",
      targetId: userId,
      before: { roles: before },
      after: { roles: after },
    });
  });
}

/** Deactivates (or reactivates) an account; a deactivated user's sessions end at once. */
export async function setUserActive(actor: Actor, userId: string, active: boolean): Promise<void> {
  assertAdmin(actor);
  if (userId === actor.userId && !active)
    throw new RuleViolation("U kunt uw eigen account niet uitschakelen.", undefined, "SELF_LOCKOUT");
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true } });
    if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
    if (user.active === active) return;
    await tx.user.update({ where: { id: userId }, data: { active } });
    if (!active) await tx.session.deleteMany({ where: { userId } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: active ? "user.reactivated" : "user.deactivated",
      targetType: "User",
      targetId: userId,
      before: { active: user.active },
      after: { active },
    });
  });
}
