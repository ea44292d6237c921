import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../auth/password.server.ts";
import { accountLimit } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { sendAccountEmail } from "./account-email.server.ts";
import { acceptInvitationAsAccount, acceptInvitationWithPassword } from "./invitation-accept.server.ts";
import { endMembership, inviteColleague, lookUpInvitation } from "./organisation.server.ts";
import { changeStaffRoles, setUserActive } from "./staff.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";

/**
 * An invitation to an address that already has an account: a colleague whose access ended can be
 * invited back, and one person can work for two sector bodies. The account accepts with its own
 * password (or, logged in as it, with a click) and gets the membership; it never gets a second user.
 */
let s: Scenario;
let smtp: TestSmtp;
let admin: Actor;
const PASSWORD = "het-eigen-wachtwoord-2026";
beforeAll(async () => {
  s = await createScenario();
  smtp = await startTestSmtp();
  admin = await s.newUser("ADMIN");
});
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const emailOf = async (userId: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;
const group = () => Math.floor(Math.random() * 0x10000).toString(16);
const clientAddress = () => `2001:db8:${group()}:${group()}::1`;

/** An account with a password it can log in with; an applicant of `organisationId` unless null. */
async function account(organisationId: string | null, role: "APPLICANT" | "CASE_HANDLER" = "APPLICANT") {
  const who = await s.newUser(role, organisationId ?? undefined);
  await prisma.user.update({
    where: { id: who.userId },
    data: { passwordHash: await hashPassword(PASSWORD) },
  });
  await prisma.roleMembership.updateMany({ where: { userId: who.userId }, data: { isSignatory: false } });
  // No organisation: an account with no role left (its last access ended).
  if (organisationId === null && role === "APPLICANT")
    await prisma.roleMembership.deleteMany({ where: { userId: who.userId } });
  return { ...who, email: await emailOf(who.userId) };
}

/** Organisation A invites the address; the link's token is set as the e-mail job would mint it. */
async function invite(email: string) {
  const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, email);
  const token = newToken();
  await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
  return { invitationId, token };
}

const membershipsOf = async (userId: string) =>
  (
    await prisma.roleMembership.findMany({
      where: { userId },
      select: { role: true, organisationId: true, isSignatory: true },
    })
  ).sort((a, b) => String(a.organisationId).localeCompare(String(b.organisationId)));

describe("a colleague whose access ended", () => {
  it("is invited again: the mail asks them to log in, their password adds the membership to the same account, once", async () => {
    const colleague = await account(s.orgA.id);
    await endMembership(s.applicantA, s.orgA.id, colleague.userId);
    expect(await membershipsOf(colleague.userId)).toEqual([]);

    const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, colleague.email);
    const sent = await sendAccountEmail(
      { template: "invitation", tokenId: invitationId },
      { smtpUrl: smtp.url },
    );
    expect(sent.status).toBe("sent");
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain("U heeft al een account in het Sectorplanportaal met dit e-mailadres");
    expect(mail?.text).not.toContain("Kies via de knop hieronder uw naam en een wachtwoord");
    // Greeted by the account's own name.
    expect(mail?.text).toContain(`Geachte APPLICANT ${s.tag},`);
    const token = /\/uitnodiging\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];

    expect(await lookUpInvitation(token)).toMatchObject({ state: "open", account: "existing" });
    const address = clientAddress();
    expect(await acceptInvitationWithPassword(token, "een-ander-wachtwoord", address)).toEqual({
      ok: false,
      state: "wrong-password",
    });
    expect(await acceptInvitationWithPassword(token, PASSWORD, address)).toEqual({
      ok: true,
      userId: colleague.userId,
    });
    expect(await prisma.user.count({ where: { email: colleague.email } })).toBe(1);
    expect(await membershipsOf(colleague.userId)).toEqual([
      { role: "APPLICANT", organisationId: s.orgA.id, isSignatory: false },
    ]);
    const audit = await prisma.auditLog.findMany({
      where: { targetId: colleague.userId, action: "user.invitation-accepted" },
    });
    expect(audit.map((a) => a.details)).toEqual([
      {
        before: null,
        after: {
          email: colleague.email,
          organisationId: s.orgA.id,
          role: "APPLICANT",
          isSignatory: false,
          existingAccount: true,
          invitationId,
        },
      },
    ]);
    // Single use, by either way.
    expect(await acceptInvitationWithPassword(token, PASSWORD, address)).toEqual({
      ok: false,
      state: "used",
    });
    expect(await acceptInvitationAsAccount(token, colleague.userId)).toEqual({ ok: false, state: "used" });
    expect(await lookUpInvitation(token)).toEqual({ state: "used" });
  });
});

describe("one person working for two sector bodies", () => {
  it("logged in as the account, accepts with a click and keeps the first membership", async () => {
    const person = await account(s.orgB.id);
    const { token } = await invite(person.email);
    // Another account (a session that is not the address's) cannot take it.
    const other = await account(s.orgB.id);
    expect(await acceptInvitationAsAccount(token, other.userId)).toEqual({
      ok: false,
      state: "other-account",
    });
    expect(await membershipsOf(other.userId)).toEqual([
      { role: "APPLICANT", organisationId: s.orgB.id, isSignatory: false },
    ]);

    expect(await acceptInvitationAsAccount(token, person.userId)).toEqual({
      ok: true,
      userId: person.userId,
    });
    expect(await membershipsOf(person.userId)).toEqual(
      [
        { role: "APPLICANT", organisationId: s.orgA.id, isSignatory: false },
        { role: "APPLICANT", organisationId: s.orgB.id, isSignatory: false },
      ].sort((a, b) => a.organisationId.localeCompare(b.organisationId)),
    );
  });

  it("two accepts at once make one membership", async () => {
    const person = await account(s.orgB.id);
    const { token } = await invite(person.email);
    const results = await Promise.all([
      acceptInvitationAsAccount(token, person.userId),
      acceptInvitationWithPassword(token, PASSWORD, clientAddress()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, state: "used" }]);
    expect(
      await prisma.roleMembership.count({ where: { userId: person.userId, organisationId: s.orgA.id } }),
    ).toBe(1);
  });
});

describe("an account that cannot take the invitation", () => {
  it("switched off: the link says so, neither the password nor a session accepts, the invitation stays open", async () => {
    const person = await account(s.orgB.id);
    const { invitationId, token } = await invite(person.email);
    await setUserActive(admin, person.userId, false);
    expect(await lookUpInvitation(token)).toMatchObject({ state: "refused", reason: "inactive" });
    expect(await acceptInvitationWithPassword(token, PASSWORD, clientAddress())).toEqual({
      ok: false,
      state: "refused",
      reason: "inactive",
    });
    expect(await acceptInvitationAsAccount(token, person.userId)).toEqual({
      ok: false,
      state: "refused",
      reason: "inactive",
    });
    expect(await membershipsOf(person.userId)).toEqual([
      { role: "APPLICANT", organisationId: s.orgB.id, isSignatory: false },
    ]);
    expect(
      (await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).acceptedAt,
    ).toBeNull();
  });

  it("a staff account gets no APPLICANT membership", async () => {
    const staff = await account(null, "CASE_HANDLER");
    const { token } = await invite(staff.email);
    expect(await lookUpInvitation(token)).toMatchObject({ state: "refused", reason: "staff" });
    expect(await acceptInvitationWithPassword(token, PASSWORD, clientAddress())).toEqual({
      ok: false,
      state: "refused",
      reason: "staff",
    });
    expect(await acceptInvitationAsAccount(token, staff.userId)).toEqual({
      ok: false,
      state: "refused",
      reason: "staff",
    });
    expect(await membershipsOf(staff.userId)).toEqual([
      { role: "CASE_HANDLER", organisationId: null, isSignatory: false },
    ]);
  });

  it("given a staff role while the acceptance waits: refused (the account's row orders the two)", async () => {
    const person = await account(null);
    const { token } = await invite(person.email);
    // The admin's change holds the account's row; the acceptance waits for it, then sees the role.
    const held = gate();
    const release = gate();
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${person.userId} FOR NO KEY UPDATE`;
        await tx.roleMembership.create({ data: { userId: person.userId, role: "CASE_HANDLER" } });
        held.open();
        await release.opened;
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const accepting = acceptInvitationAsAccount(token, person.userId);
    await untilWaiting(1);
    release.open();
    await holder;
    expect(await accepting).toEqual({ ok: false, state: "refused", reason: "staff" });
    expect(await prisma.roleMembership.count({ where: { userId: person.userId, role: "APPLICANT" } })).toBe(
      0,
    );
  });

  it("an account that took the invitation cannot be given a staff role afterwards (the earlier rule holds)", async () => {
    const person = await account(null);
    const { token } = await invite(person.email);
    expect((await acceptInvitationAsAccount(token, person.userId)).ok).toBe(true);
    await expect(changeStaffRoles(admin, person.userId, ["CASE_HANDLER"])).rejects.toMatchObject({
      code: "APPLICANT_ACCOUNT",
    });
  });

  it("already a member of the organisation: told so, nothing added", async () => {
    const person = await account(s.orgB.id);
    const { token } = await invite(person.email);
    // Made a member meanwhile (by another invitation of the organisation, say).
    await prisma.roleMembership.create({
      data: { userId: person.userId, role: "APPLICANT", organisationId: s.orgA.id },
    });
    expect(await lookUpInvitation(token)).toMatchObject({ state: "refused", reason: "member" });
    expect(await acceptInvitationAsAccount(token, person.userId)).toEqual({
      ok: false,
      state: "refused",
      reason: "member",
    });
    expect(
      await prisma.roleMembership.count({ where: { userId: person.userId, organisationId: s.orgA.id } }),
    ).toBe(1);
  });
});

describe("the password on the invitation page", () => {
  it(`counts as a login attempt: past ${accountLimit()} failures the account is blocked, even the right password`, async () => {
    const person = await account(s.orgB.id);
    const { token } = await invite(person.email);
    for (let i = 0; i < accountLimit(); i++)
      expect(await acceptInvitationWithPassword(token, `fout-${i}-${randomUUID()}`, clientAddress())).toEqual(
        {
          ok: false,
          state: "wrong-password",
        },
      );
    const blocked = await acceptInvitationWithPassword(token, PASSWORD, clientAddress());
    expect(blocked).toMatchObject({ ok: false, state: "throttled" });
    expect(
      await prisma.roleMembership.count({ where: { userId: person.userId, organisationId: s.orgA.id } }),
    ).toBe(0);
  });
});

describe("the acceptance's locks", () => {
  it("waits for the organisation's row, as inviteColleague and withdrawInvitation take it", async () => {
    const person = await account(s.orgB.id);
    const { token } = await invite(person.email);
    const held = gate();
    const release = gate();
    let accepted = false;
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${s.orgA.id} FOR NO KEY UPDATE`;
        held.open();
        await release.opened;
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const accepting = acceptInvitationAsAccount(token, person.userId).then((r) => {
      accepted = r.ok;
      return r;
    });
    await untilWaiting(1);
    expect(accepted).toBe(false);
    release.open();
    await holder;
    expect((await accepting).ok).toBe(true);
  });
});
