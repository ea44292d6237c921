import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { endMembership } from "../accounts/organisation.server.ts";
import { decideIbanChange, requestIbanChange, STALE_IBAN_REQUEST_REASON } from "./iban.server.ts";

/**
 * A bank-account change filed by a signatory whose access then ended: finance could still approve
 * the account that person typed, and the organisation could neither withdraw it nor file its own
 * ("Er staat al een wijziging … open") until finance acted.
 */
afterAll(disconnectPrisma);

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error) => e,
  );

describe("a bank-account change whose requester no longer stands for the organisation", () => {
  it("cannot be approved, and gives way to the organisation's own request", async () => {
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
    expect(refused?.message).toContain("niet meer tekenbevoegd");
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
