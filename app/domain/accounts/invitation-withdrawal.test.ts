import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { sendAccountEmail } from "./account-email.server.ts";
import {
  acceptInvitation,
  INVITATION_GONE,
  inviteColleague,
  lookUpInvitation,
  withdrawInvitation,
} from "./organisation.server.ts";
import { setUserActive } from "./staff.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";

/**
 * An invitation is its sender's word for the organisation: it ends when a colleague withdraws it,
 * and when the sender is switched off or leaves (review rv7: such a link still let its holder in
 * for seven days, and nobody could withdraw one).
 */
let s: Scenario;
let admin: Actor;
let smtp: TestSmtp;
beforeAll(async () => {
  s = await createScenario();
  admin = await s.newUser("ADMIN");
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const PASSWORD = "een-lang-wachtwoord-2026";
const address = () => `uitgenodigd-${randomUUID()}@example.nl`;

/** A member of organisation A who is not a signatory. */
async function colleague(): Promise<Actor> {
  const c = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({ where: { userId: c.userId }, data: { isSignatory: false } });
  return c;
}

/** Invites and gives the invitation a known token, as the e-mail job would have. */
async function invite(by: Actor): Promise<{ invitationId: string; token: string }> {
  const { invitationId } = await inviteColleague(by, s.orgA.id, address());
  const token = newToken();
  await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
  return { invitationId, token };
}

const accept = (token: string) =>
  acceptInvitation(token, { name: "Nieuwe Collega", password: PASSWORD, passwordRepeat: PASSWORD });

describe("an invitation whose sender is switched off", () => {
  it("is withdrawn with the account: the link says so and admits nobody", async () => {
    const leaver = await colleague();
    const { invitationId, token } = await invite(leaver);
    expect((await lookUpInvitation(token)).state).toBe("open");

    await setUserActive(admin, leaver.userId, false);

    expect(await lookUpInvitation(token)).toEqual({ state: "withdrawn" });
    expect(await accept(token)).toEqual({ ok: false, state: "withdrawn" });
    expect(
      await prisma.user.count({
        where: { memberships: { some: { organisationId: s.orgA.id } }, name: "Nieuwe Collega" },
      }),
    ).toBe(0);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetId: leaver.userId, action: "user.deactivated" },
    });
    expect((audit.details as { after: Record<string, unknown> }).after.invitationsWithdrawn).toBe(1);
    // Switched on again, the account does not bring the invitation back.
    await setUserActive(admin, leaver.userId, true);
    expect(await accept(token)).toEqual({ ok: false, state: "withdrawn" });
    // And the e-mail job sends nothing for it.
    expect(
      (await sendAccountEmail({ template: "invitation", tokenId: invitationId }, { smtpUrl: smtp.url }))
        .status,
    ).toBe("skipped");
  });

  it("is refused when the sender is inactive or no longer a member, however that came about", async () => {
    // Switched off past setUserActive (or in the moment between its look-up and its commit).
    const off = await colleague();
    const first = await invite(off);
    await prisma.user.update({ where: { id: off.userId }, data: { active: false } });
    expect(await lookUpInvitation(first.token)).toEqual({ state: "withdrawn" });
    expect(await accept(first.token)).toEqual({ ok: false, state: "withdrawn" });

    const gone = await colleague();
    const second = await invite(gone);
    await prisma.roleMembership.deleteMany({ where: { userId: gone.userId, organisationId: s.orgA.id } });
    expect(await accept(second.token)).toEqual({ ok: false, state: "withdrawn" });
    expect(
      (
        await sendAccountEmail(
          { template: "invitation", tokenId: second.invitationId },
          { smtpUrl: smtp.url },
        )
      ).status,
    ).toBe("skipped");
    expect(smtp.inbox).toHaveLength(0);
    expect(INVITATION_GONE.withdrawn).toMatch(/^Deze uitnodiging is ingetrokken\./);
  });

  it("an invitation of a colleague who stays active still works", async () => {
    const stays = await colleague();
    const { token } = await invite(stays);
    const result = await accept(token);
    expect(result.ok).toBe(true);
  });
});

describe("withdrawing an open invitation", () => {
  it("a signatory withdraws a colleague's invitation: audited, the link and the mail are dead", async () => {
    const inviter = await colleague();
    const { invitationId, token } = await invite(inviter);
    const { email } = await withdrawInvitation(s.applicantA, s.orgA.id, invitationId);

    expect(await lookUpInvitation(token)).toEqual({ state: "withdrawn" });
    expect(await accept(token)).toEqual({ ok: false, state: "withdrawn" });
    expect(
      (await sendAccountEmail({ template: "invitation", tokenId: invitationId }, { smtpUrl: smtp.url }))
        .status,
    ).toBe("skipped");
    const audit = await prisma.auditLog.findMany({
      where: { targetId: invitationId, action: "user.invitation-withdrawn" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: s.applicantA.userId, targetType: "Invitation" });
    expect(audit[0]?.details).toMatchObject({ after: { email, organisationId: s.orgA.id, withdrawn: true } });
    // No longer among the page's open invitations.
    expect(
      await prisma.invitation.count({ where: { id: invitationId, expiresAt: { gt: new Date() } } }),
    ).toBe(0);
    // Twice is refused with a reason, not a second audit row.
    await expect(withdrawInvitation(s.applicantA, s.orgA.id, invitationId)).rejects.toBeInstanceOf(
      RuleViolation,
    );
  });

  it("the sender withdraws their own; another non-signatory may not; another organisation finds none", async () => {
    const inviter = await colleague();
    const bystander = await colleague();
    const own = await invite(inviter);
    await expect(withdrawInvitation(bystander, s.orgA.id, own.invitationId)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(withdrawInvitation(s.applicantB, s.orgA.id, own.invitationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(withdrawInvitation(s.applicantB, s.orgB.id, own.invitationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await lookUpInvitation(own.token)).state).toBe("open");
    await withdrawInvitation(inviter, s.orgA.id, own.invitationId);
    expect((await lookUpInvitation(own.token)).state).toBe("withdrawn");
  });

  it("an accepted invitation cannot be withdrawn", async () => {
    const { invitationId, token } = await invite(s.applicantA);
    expect((await accept(token)).ok).toBe(true);
    await expect(withdrawInvitation(s.applicantA, s.orgA.id, invitationId)).rejects.toMatchObject({
      code: "NOT_OPEN",
    });
  });
});
