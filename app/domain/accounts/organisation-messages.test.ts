import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { createDraftPlan } from "../plan/drafts.server.ts";
import { endMembership, inviteColleague, setSignatory, withdrawInvitation } from "./organisation.server.ts";
import { requestSignOff } from "./sign-off.server.ts";

/** The organisation page shows its refusals through dt(): on an English page, each needs English. */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(() => disconnectPrisma());

const messageOf = (p: Promise<unknown>) =>
  p.then(
    () => "no refusal",
    (e: Error) => e.message,
  );

it("has English for the organisation page's refusals and the sign-off's", async () => {
  const emailOf = async (userId: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;
  const colleague = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: colleague.userId },
    data: { isSignatory: false },
  });
  const inactive = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: inactive.userId },
    data: { isSignatory: false },
  });
  await prisma.user.update({ where: { id: inactive.userId }, data: { active: false } });
  // An invitation that is no longer open (here: accepted) cannot be withdrawn.
  const accepted = async () => {
    const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, `aangenomen-${s.tag}@example.nl`);
    return prisma.invitation.update({ where: { id: invitationId }, data: { acceptedAt: new Date() } });
  };
  const messages = [
    await messageOf(inviteColleague(s.applicantA, s.orgA.id, await emailOf(s.applicantA.userId))),
    await messageOf(withdrawInvitation(s.applicantA, s.orgA.id, (await accepted()).id)),
    await messageOf(setSignatory(s.applicantA, s.orgA.id, s.applicantA.userId, false)),
    await messageOf(setSignatory(colleague, s.orgA.id, colleague.userId, true)),
    await messageOf(setSignatory(s.applicantA, s.orgA.id, s.applicantB.userId, true)),
    await messageOf(setSignatory(s.applicantA, s.orgA.id, inactive.userId, true)),
    // "Toegang beëindigen": not a signatory, not a member, the last signatory leaving.
    await messageOf(endMembership(colleague, s.orgA.id, s.applicantA.userId)),
    await messageOf(endMembership(s.applicantA, s.orgA.id, s.applicantB.userId)),
    await messageOf(endMembership(s.applicantA, s.orgA.id, s.applicantA.userId)),
  ];
  // A colleague asks for sign-off while the organisation has no active signatory left.
  await prisma.roleMembership.updateMany({
    where: { organisationId: s.orgB.id },
    data: { isSignatory: false },
  });
  const { id } = await createDraftPlan(s.applicantB, { regulationId: s.regulation.id });
  messages.push(await messageOf(requestSignOff(s.applicantB, id)));
  expect(messages).not.toContain("no refusal");
  expect(messages.filter((m) => !hasEnglish(m))).toEqual([]);
});
