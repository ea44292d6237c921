import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { acceptInvitationAsAccount } from "../accounts/invitation-accept.server.ts";
import { endMembership, inviteColleague, setSignatory } from "../accounts/organisation.server.ts";
import { setUserActive } from "../accounts/staff.server.ts";
import { hashToken, newToken } from "../accounts/tokens.server.ts";
import type { Actor } from "../actor.ts";
import { decideIbanChange, requestIbanChange, STALE_IBAN_REQUEST_REASON } from "./iban.server.ts";

/**
 * A bank-account change whose requester stopped standing for the organisation was judged only when
 * finance decided: once the person was invited back (or given the signing right, or switched on)
 * again, the account they typed before came back to life — finance could approve it, and it blocked
 * the organisation's own request. It is set aside at the moment the requester stops standing.
 */
afterAll(disconnectPrisma);

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error) => e,
  );

type Scenario = Awaited<ReturnType<typeof createScenario>>;

/** A signatory of orgA files a change to a private account. */
async function staleRequest(s: Scenario) {
  const requester = await s.newUser("APPLICANT", s.orgA.id);
  const { iban: before } = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
  const { id } = await requestIbanChange(requester, {
    organisationId: s.orgA.id,
    iban: "NL02ABNA0123456789",
    accountHolder: "Privérekening",
  });
  return { requester, before, id };
}

/** What the organisation and finance find once the requester stands again. */
async function afterReturn(s: Scenario, stale: string) {
  const request = await prisma.ibanChangeRequest.findUniqueOrThrow({
    where: { id: stale },
    select: { status: true, rejectionReason: true },
  });
  const approve = await errorOf(decideIbanChange(await s.newUser("FINANCE"), stale, { approve: true }));
  const own = await errorOf(
    requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL39RABO0300065264",
      accountHolder: s.orgA.name,
    }),
  );
  const { iban } = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
  return { request, approve: approve?.message ?? "approved", own: own?.message ?? "filed", iban };
}

const expected = (before: string) => ({
  request: { status: "REJECTED", rejectionReason: STALE_IBAN_REQUEST_REASON },
  approve: "Deze wijziging is al beoordeeld.",
  own: "filed",
  iban: before,
});

async function inviteBack(s: Scenario, person: Actor) {
  const { email } = await prisma.user.findUniqueOrThrow({ where: { id: person.userId } });
  const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, email);
  const token = newToken();
  await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
  expect((await acceptInvitationAsAccount(token, person.userId)).ok).toBe(true);
}

describe("a bank-account change of someone who stopped standing for the organisation", () => {
  it("stays set aside when a former member is invited back and made signatory again", async () => {
    const s = await createScenario();
    const { requester, before, id } = await staleRequest(s);
    await endMembership(s.applicantA, s.orgA.id, requester.userId);
    const ended = await prisma.auditLog.findFirstOrThrow({
      where: { action: "user.membership-ended", targetId: requester.userId },
      select: { details: true },
    });
    expect(ended.details).toMatchObject({ after: { ibanRequestsSetAside: 1 } });

    await inviteBack(s, requester);
    await setSignatory(s.applicantA, s.orgA.id, requester.userId, true);
    expect(await afterReturn(s, id)).toEqual(expected(before));
  });

  it("stays set aside when the signing right is taken away and given back", async () => {
    const s = await createScenario();
    const { requester, before, id } = await staleRequest(s);
    await setSignatory(s.applicantA, s.orgA.id, requester.userId, false);
    await setSignatory(s.applicantA, s.orgA.id, requester.userId, true);
    expect(await afterReturn(s, id)).toEqual(expected(before));
    const rejected = await prisma.auditLog.findFirstOrThrow({
      where: { action: "iban_change_rejected", targetId: s.orgA.id },
      select: { actorId: true },
    });
    expect(rejected.actorId).toBe(s.applicantA.userId);
  });

  it("stays set aside when the account is switched off and on again", async () => {
    const s = await createScenario();
    const { requester, before, id } = await staleRequest(s);
    const admin = await s.newUser("ADMIN");
    await setUserActive(admin, requester.userId, false);
    await setUserActive(admin, requester.userId, true);
    expect(await afterReturn(s, id)).toEqual(expected(before));
  });

  it("leaves a request alone whose requester still stands", async () => {
    const s = await createScenario();
    const { id } = await staleRequest(s);
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await setSignatory(s.applicantA, s.orgA.id, colleague.userId, false);
    await endMembership(s.applicantA, s.orgA.id, colleague.userId);
    const { status } = await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id } });
    expect(status).toBe("PENDING");
  });
});
