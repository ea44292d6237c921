import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { endMembership } from "../accounts/organisation.server.ts";
import { changeStaffRoles } from "../accounts/staff.server.ts";
import { decideIbanChange, requestIbanChange, STALE_IBAN_REQUEST_REASON } from "./iban.server.ts";

/**
 * A bank-account change filed by a signatory whose access then ended: finance could still approve
 * the account that person typed, and the organisation could neither withdraw it nor file its own
 * ("Er staat al een wijziging … open") until finance acted. It is set aside when the access ends
 * (iban-revival.test.ts for the other ways of no longer standing); the decision still checks the
 * requester, for a request left pending otherwise.
 */
afterAll(disconnectPrisma);

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error) => e,
  );

describe("a bank-account change whose requester no longer stands for the organisation", () => {
  it("is set aside when its requester's access ends, and gives way to the organisation's own request", async () => {
    const s = await createScenario();
    const leaver = await s.newUser("APPLICANT", s.orgA.id);
    const { iban: before } = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    const { id: stale } = await requestIbanChange(leaver, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: "Privérekening",
    });
    await endMembership(s.applicantA, s.orgA.id, leaver.userId);

    const finance = await s.newUser("FINANCE");
    const refused = await errorOf(decideIbanChange(finance, stale, { approve: true }));
    expect(refused?.message).toBe("Deze wijziging is al beoordeeld.");
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).iban).toBe(before);

    // The organisation's own request takes its place.
    const { id: own } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL39RABO0300065264",
      accountHolder: s.orgA.name,
    });
    const rows = await prisma.ibanChangeRequest.findMany({
      where: { id: { in: [stale, own] } },
      select: { id: true, status: true, rejectionReason: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.rejectionReason]]))).toEqual({
      [stale]: ["REJECTED", STALE_IBAN_REQUEST_REASON],
      [own]: ["PENDING", null],
    });
    const audit = await prisma.auditLog.findMany({
      where: { action: "iban_change_rejected", targetId: s.orgA.id },
      select: { actorId: true, details: true },
    });
    expect(audit).toEqual([
      {
        actorId: s.applicantA.userId,
        details: expect.objectContaining({ requestId: stale, reason: STALE_IBAN_REQUEST_REASON }),
      },
    ]);
    // What the organisation stands behind is approved as before.
    await decideIbanChange(finance, own, { approve: true });
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).iban).toBe(
      "NL39RABO0300065264",
    );
  });

  it("cannot be approved once its requester stopped standing without it being set aside", async () => {
    const s = await createScenario();
    const { iban: before } = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    // A finance user files it and then loses the role (changeStaffRoles sets nothing aside).
    const requester = await s.newUser("FINANCE");
    const { id } = await requestIbanChange(requester, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    await changeStaffRoles(await s.newUser("ADMIN"), requester.userId, ["ADVISER"]);
    const refused = await errorOf(decideIbanChange(await s.newUser("FINANCE"), id, { approve: true }));
    expect(refused?.message).toContain("niet meer tekenbevoegd");
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).iban).toBe(before);
  });

  it("still blocks a second request while the first one's requester stands", async () => {
    const s = await createScenario();
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await requestIbanChange(colleague, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    const second = await errorOf(
      requestIbanChange(s.applicantA, {
        organisationId: s.orgA.id,
        iban: "NL39RABO0300065264",
        accountHolder: s.orgA.name,
      }),
    );
    expect(second?.message).toContain("Er staat al een wijziging van het rekeningnummer open");
  });
});
