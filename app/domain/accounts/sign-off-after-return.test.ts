import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { acceptInvitationAsAccount } from "./invitation-accept.server.ts";
import { endMembership, inviteColleague, setSignatory } from "./organisation.server.ts";
import { requestSignOff } from "./sign-off.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";

/**
 * A signatory asked to sign, whose access then ended, lost the request's notice with it. Invited
 * back and trusted again within the hour, they were still counted as asked (from the request's
 * audit row), so nobody could ask them: the repeat refusal must count only who still holds it.
 */
const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

describe("a signatory whose access ended and who came back", () => {
  it("is asked to sign again within the hour; a signatory who stayed is not asked twice", async () => {
    const s = await createScenario();
    const signer = await s.newUser("APPLICANT", s.orgA.id); // a second signatory, besides applicantA
    const writer = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: writer.userId },
      data: { isSignatory: false },
    });
    const { id: planId } = await draftPlan(s, { actor: writer });
    planIds.push(planId);
    expect(await requestSignOff(writer, planId)).toEqual({ notified: 2 });

    // The signer leaves (their bell's request goes with the access), is invited back and trusted again.
    await endMembership(s.applicantA, s.orgA.id, signer.userId);
    expect(await prisma.notification.count({ where: { userId: signer.userId, planId } })).toBe(0);
    const { email } = await prisma.user.findUniqueOrThrow({ where: { id: signer.userId } });
    const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, email);
    const token = newToken();
    await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
    expect((await acceptInvitationAsAccount(token, signer.userId)).ok).toBe(true);
    await setSignatory(s.applicantA, s.orgA.id, signer.userId, true);

    // Within the hour, nothing changed: only the returned signer is asked.
    expect(await requestSignOff(writer, planId)).toEqual({ notified: 1 });
    const bells = async (userId: string) => prisma.notification.count({ where: { userId, planId } });
    expect({ signer: await bells(signer.userId), stayed: await bells(s.applicantA.userId) }).toEqual({
      signer: 1,
      stayed: 1,
    });
    // And once they are asked, a repeat is refused again.
    await expect(requestSignOff(writer, planId)).rejects.toMatchObject({
      code: "SIGN_OFF_ALREADY_REQUESTED",
    });
  });
});
