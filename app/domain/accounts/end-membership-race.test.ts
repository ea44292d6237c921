import { afterAll, describe, expect, it } from "vitest";
import { createUserSession, getSessionUser } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { acceptInvitationAsAccount } from "./invitation-accept.server.ts";
import { endMembership, inviteColleague, ORGANISATION_PAGE_LINK } from "./organisation.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";

/**
 * Two organisations end one person's access at the same moment: each read "what is left" before
 * the other committed, saw the other's membership, and neither ended the sessions nor removed the
 * bank-account notices. The user's row, locked first, puts them one after the other.
 */
const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

describe("both organisations end a shared colleague's access at the same moment", () => {
  it("the account is left with no role: its sessions end and its bank-account notices go", async () => {
    const s = await createScenario();
    const person = await s.newUser("APPLICANT", s.orgB.id);
    await prisma.roleMembership.updateMany({
      where: { userId: person.userId },
      data: { isSignatory: false },
    });
    const email = (await prisma.user.findUniqueOrThrow({ where: { id: person.userId } })).email;
    const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, email);
    const token = newToken();
    await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
    expect((await acceptInvitationAsAccount(token, person.userId)).ok).toBe(true);

    const { id: planA } = await draftPlan(s);
    const { id: planB } = await draftPlan(s, { actor: s.applicantB });
    planIds.push(planA, planB);
    const notice = (planId: string | null, link: string) =>
      prisma.notification.create({
        data: { userId: person.userId, planId, title: "t", body: "IBAN NL39 RABO 0300 0652 64", link },
        select: { id: true },
      });
    const nA = await notice(planA, `/aanvrager/plannen/${planA}`);
    const nB = await notice(planB, `/aanvrager/plannen/${planB}`);
    await notice(null, ORGANISATION_PAGE_LINK);
    const cookie =
      (await createUserSession(new Request("http://localhost/"), person.userId)).split(";")[0] ?? "";

    // Hold the two plan notices: each endMembership has then removed its membership and read what is
    // left (the other's, not yet committed) when it reaches them. In production the same interleaving
    // needs no holder, only two signatories clicking within a few milliseconds.
    const held = gate();
    const release = gate();
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Notification" WHERE id IN (${nA.id}, ${nB.id}) FOR UPDATE`;
        held.open();
        await release.opened;
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const ending = Promise.all([
      endMembership(s.applicantA, s.orgA.id, person.userId),
      endMembership(s.applicantB, s.orgB.id, person.userId),
    ]);
    await untilWaiting(2);
    release.open();
    await holder;
    await ending;

    expect(await prisma.roleMembership.count({ where: { userId: person.userId } })).toBe(0);
    const session = await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } }));
    const orgNotices = await prisma.notification.count({
      where: { userId: person.userId, link: ORGANISATION_PAGE_LINK },
    });
    expect({ sessionLives: session !== null, orgNotices }).toEqual({ sessionLives: false, orgNotices: 0 });
  });
});
