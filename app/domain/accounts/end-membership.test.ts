import { afterAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { translateDomainText } from "../../i18n/domain-messages.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { ORGANISATION_PAGE } from "../payments/iban.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import {
  endMembership,
  inviteColleague,
  ORGANISATION_PAGE_LINK,
  setSignatory,
} from "./organisation.server.ts";
import {
  END_ACCESS_FIELD,
  END_ACCESS_NOT_ALLOWED,
  LAST_SIGNATORY_LEAVING,
  lastSignatoryLeavingMessage,
  NOT_A_MEMBER,
} from "./organisation-messages.ts";
import { setUserActive } from "./staff.server.ts";

/**
 * "Toegang beëindigen": a signatory ends a colleague's access to the organisation (a member who
 * left keeps reading its plans, letters and bank account otherwise, AVG art. 5(1)(f) and 32), and
 * anyone may end their own, except the organisation's last active signatory.
 */
const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

const outcomeOf = (p: Promise<unknown>) =>
  p.then(
    () => "done",
    (e: Error) => e.message,
  );

const membershipOf = (userId: string, organisationId: string) =>
  prisma.roleMembership.findFirst({ where: { userId, organisationId, role: "APPLICANT" } });

/** A colleague of organisation A who is no signatory. */
async function colleagueOf(s: Scenario): Promise<Actor> {
  const colleague = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: colleague.userId, organisationId: s.orgA.id },
    data: { isSignatory: false },
  });
  return colleague;
}

describe("a signatory ending a colleague's access", () => {
  it("removes the membership, ends the sessions, withdraws their invitations, clears their bell; audited", async () => {
    const s = await createScenario();
    const colleague = await colleagueOf(s);
    const { id: planId } = await draftPlan(s);
    planIds.push(planId);
    await createUserSession(new Request("http://localhost/"), colleague.userId);
    const { invitationId } = await inviteColleague(colleague, s.orgA.id, `via-collega-${s.tag}@example.nl`);
    const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    // Their bell: a notice on the organisation's plan, one about its bank account, and one on a plan
    // of organisation B's that they have nothing to do with (as if; it is not the organisation's).
    const { id: otherPlan } = await draftPlan(s, { actor: s.applicantB });
    planIds.push(otherPlan);
    await prisma.notification.createMany({
      data: [
        {
          userId: colleague.userId,
          planId,
          title: "Ter ondertekening",
          body: "…",
          link: `/aanvrager/plannen/${planId}`,
        },
        {
          userId: colleague.userId,
          title: "Rekeningnummer gewijzigd",
          body: "NL20 …",
          link: ORGANISATION_PAGE,
        },
        { userId: colleague.userId, planId: otherPlan, title: "Ander", body: "…", link: "/elders" },
      ],
    });

    const result = await endMembership(s.applicantA, s.orgA.id, colleague.userId);

    expect(result).toEqual({ name: expect.any(String), self: false, sessionsEnded: true });
    expect(await membershipOf(colleague.userId, s.orgA.id)).toBeNull();
    expect(await prisma.session.count({ where: { userId: colleague.userId } })).toBe(0);
    const after = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(after.withdrawnAt).not.toBeNull();
    expect(after.expiresAt.getTime()).toBeLessThan(invitation.expiresAt.getTime());
    expect(
      (await prisma.notification.findMany({ where: { userId: colleague.userId } })).map((n) => n.title),
    ).toEqual(["Ander"]);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "user.membership-ended", targetId: colleague.userId },
    });
    expect(audit.actorId).toBe(s.applicantA.userId);
    expect(audit.details).toEqual({
      before: { organisationId: s.orgA.id, role: "APPLICANT", isSignatory: false },
      after: {
        organisationId: s.orgA.id,
        member: false,
        invitationsWithdrawn: 1,
        noticesRemoved: 2,
        sessionsEnded: 1,
      },
    });
    // The account is not switched off: that stays the admin's decision.
    expect(
      (await prisma.user.findUniqueOrThrow({ where: { id: colleague.userId }, select: { active: true } }))
        .active,
    ).toBe(true);
  });

  it("keeps the sessions and the organisation-page notices of someone with another organisation left", async () => {
    const s = await createScenario();
    const colleague = await colleagueOf(s);
    await prisma.roleMembership.create({
      data: { userId: colleague.userId, role: "APPLICANT", organisationId: s.orgB.id },
    });
    await createUserSession(new Request("http://localhost/"), colleague.userId);
    await prisma.notification.create({
      data: { userId: colleague.userId, title: "Rekening", body: "…", link: ORGANISATION_PAGE },
    });
    const result = await endMembership(s.applicantA, s.orgA.id, colleague.userId);
    expect(result.sessionsEnded).toBe(false);
    expect(await prisma.session.count({ where: { userId: colleague.userId } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: colleague.userId } })).toBe(1);
    expect(await membershipOf(colleague.userId, s.orgB.id)).not.toBeNull();
  });

  it("may end a switched-off colleague's access, signatory or not", async () => {
    const s = await createScenario();
    const other = await s.newUser("APPLICANT", s.orgA.id); // a signatory
    await prisma.user.update({ where: { id: other.userId }, data: { active: false } });
    const { id } = await submittedPlan(s);
    planIds.push(id);
    await endMembership(s.applicantA, s.orgA.id, other.userId);
    expect(await membershipOf(other.userId, s.orgA.id)).toBeNull();
  });

  it("is refused to a colleague who is no signatory, and for someone of another organisation", async () => {
    const s = await createScenario();
    const colleague = await colleagueOf(s);
    await expect(endMembership(colleague, s.orgA.id, s.applicantA.userId)).rejects.toMatchObject({
      message: END_ACCESS_NOT_ALLOWED,
      field: END_ACCESS_FIELD,
      code: "NOT_A_SIGNATORY",
    });
    await expect(endMembership(s.applicantA, s.orgA.id, s.applicantB.userId)).rejects.toMatchObject({
      message: NOT_A_MEMBER,
      field: END_ACCESS_FIELD,
    });
    // Nor for another organisation than one's own.
    await expect(endMembership(s.applicantA, s.orgB.id, s.applicantB.userId)).rejects.toMatchObject({
      status: 404,
    });
    expect(await membershipOf(s.applicantA.userId, s.orgA.id)).not.toBeNull();
    expect(await membershipOf(s.applicantB.userId, s.orgB.id)).not.toBeNull();
  });

  it("says so when the access has already been ended (a second click)", async () => {
    const s = await createScenario();
    const colleague = await colleagueOf(s);
    await endMembership(s.applicantA, s.orgA.id, colleague.userId);
    await expect(endMembership(s.applicantA, s.orgA.id, colleague.userId)).rejects.toMatchObject({
      message: NOT_A_MEMBER,
      code: "NOT_A_MEMBER",
    });
    expect(
      await prisma.auditLog.count({ where: { action: "user.membership-ended", targetId: colleague.userId } }),
    ).toBe(1);
  });

  it("reads the actor's own right after a change to it has committed (the organisation's row)", async () => {
    const s = await createScenario();
    await s.newUser("APPLICANT", s.orgA.id); // a second signatory, so the right may go
    const colleague = await colleagueOf(s);
    // setSignatory's transaction held open after its lock: it takes applicantA's right away.
    const held = gate();
    const release = gate();
    const demote = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${s.orgA.id} FOR UPDATE`;
        held.open();
        await release.opened;
        await tx.roleMembership.updateMany({
          where: { userId: s.applicantA.userId, organisationId: s.orgA.id },
          data: { isSignatory: false },
        });
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const ending = outcomeOf(endMembership(s.applicantA, s.orgA.id, colleague.userId));
    await untilWaiting(1);
    release.open();
    await demote;
    expect(await ending).toBe(END_ACCESS_NOT_ALLOWED);
    expect(await membershipOf(colleague.userId, s.orgA.id)).not.toBeNull();
  });
});

describe("ending one's own access", () => {
  it("is allowed to a colleague who is no signatory", async () => {
    const s = await createScenario();
    const colleague = await colleagueOf(s);
    const result = await endMembership(colleague, s.orgA.id, colleague.userId);
    expect(result.self).toBe(true);
    expect(await membershipOf(colleague.userId, s.orgA.id)).toBeNull();
  });

  it("is refused to the last active signatory while a plan is in flight, naming the organisation", async () => {
    const s = await createScenario();
    const colleague = await colleagueOf(s);
    const { id } = await submittedPlan(s);
    planIds.push(id);
    await expect(endMembership(s.applicantA, s.orgA.id, s.applicantA.userId)).rejects.toMatchObject({
      message: lastSignatoryLeavingMessage(s.orgA.name),
      field: END_ACCESS_FIELD,
      code: "LAST_SIGNATORY",
    });
    expect(translateDomainText(lastSignatoryLeavingMessage(s.orgA.name), "en")).toMatch(
      new RegExp(`^You are the last active signatory of ${s.orgA.name}, .* then you can end your access\\.$`),
    );
    expect(await membershipOf(s.applicantA.userId, s.orgA.id)).not.toBeNull();
    // A colleague made signatory first: then it may.
    await setSignatory(s.applicantA, s.orgA.id, colleague.userId, true);
    await endMembership(s.applicantA, s.orgA.id, s.applicantA.userId);
    expect(await membershipOf(s.applicantA.userId, s.orgA.id)).toBeNull();
  });

  it("is refused to the last active signatory with only drafts too: nobody else could name the next", async () => {
    const s = await createScenario();
    await colleagueOf(s);
    await draftPlan(s);
    await expect(endMembership(s.applicantA, s.orgA.id, s.applicantA.userId)).rejects.toMatchObject({
      message: LAST_SIGNATORY_LEAVING,
      code: "LAST_SIGNATORY",
    });
    expect(await membershipOf(s.applicantA.userId, s.orgA.id)).not.toBeNull();
  });
});

describe("the shared last-signatory check", () => {
  it("still refuses the admin's switch in the admin's words (staff.server.ts)", async () => {
    const s = await createScenario();
    await colleagueOf(s);
    const { id } = await submittedPlan(s);
    planIds.push(id);
    await expect(setUserActive(await s.newUser("ADMIN"), s.applicantA.userId, false)).rejects.toMatchObject({
      code: "LAST_SIGNATORY",
      message: expect.stringMatching(/daarna kunt u dit account uitschakelen\.$/),
    });
  });

  it("links the bell notices it removes the way the bank account's notices are written", () => {
    expect(ORGANISATION_PAGE_LINK).toBe(ORGANISATION_PAGE);
  });
});
