import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { decideIbanChange, requestIbanChange } from "../payments/iban.server.ts";
import { acceptInvitationAsAccount } from "./invitation-accept.server.ts";
import { endMembership, inviteColleague } from "./organisation.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";

afterAll(disconnectPrisma);

describe("a person in two organisations whose access to one ends", () => {
  it("no longer reads that organisation's bank account in the bell", async () => {
    const s = await createScenario();
    // A member of B who also works for A (accepted A's invitation with the same account).
    const person = await s.newUser("APPLICANT", s.orgB.id);
    const email = (await prisma.user.findUniqueOrThrow({ where: { id: person.userId } })).email;
    const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, email);
    const token = newToken();
    await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
    expect((await acceptInvitationAsAccount(token, person.userId)).ok).toBe(true);

    // A's bank account changes; every applicant of A, the person too, is told with the number.
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL39RABO0300065264",
      accountHolder: s.orgA.name,
    });
    await decideIbanChange(await s.newUser("FINANCE"), id, { approve: true });
    const bell = () =>
      prisma.notification.findMany({ where: { userId: person.userId }, select: { body: true, link: true } });
    expect(await bell()).toContainEqual({
      body: expect.stringContaining(`het rekeningnummer van ${s.orgA.name}`),
      link: `/aanvrager/organisatie?organisatie=${s.orgA.id}`,
    });

    // A ends the person's access (they still work for B).
    await endMembership(s.applicantA, s.orgA.id, person.userId);
    const left = await bell();
    // A's bank-account notice went with the access; it named A and linked to A's page, so B's
    // notices (none here) are told apart from it.
    expect(left.filter((n) => n.body.includes("NL39 RABO") || n.body.includes("NL39RABO"))).toEqual([]);
  });
});
