import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { requestIbanChange } from "../payments/iban.server.ts";
import { SIGNATORY_INACTIVE, setSignatory } from "./organisation.server.ts";

/**
 * A signatory's right is read under the organisation's row lock, which setSignatory takes too: a
 * colleague who takes the right away first is seen by a step that was waiting for the lock. Read
 * before the lock, the step went on with a right its actor no longer had.
 */
afterAll(async () => {
  await disconnectPrisma();
});

const isSignatoryNow = async (userId: string, organisationId: string) =>
  (
    await prisma.roleMembership.findFirstOrThrow({
      where: { userId, organisationId, role: "APPLICANT" },
      select: { isSignatory: true },
    })
  ).isSignatory;

/** B takes A's right away in a transaction held open, holding the organisation's lock. */
async function demoteWhileHeld(organisationId: string, a: Actor) {
  const held = gate();
  const release = gate();
  const done = prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${organisationId} FOR UPDATE`;
      held.open();
      await release.opened;
      await tx.roleMembership.updateMany({
        where: { userId: a.userId, organisationId, role: "APPLICANT" },
        data: { isSignatory: false },
      });
    },
    { timeout: 30_000 },
  );
  await held.opened;
  return async () => {
    await untilWaiting(1);
    release.open();
    await done;
  };
}

const outcomeOf = (p: Promise<unknown>) =>
  p.then(
    () => "done",
    (e: Error) => e.constructor.name,
  );

describe("a signatory's right taken away while a step of theirs waits", () => {
  it("refuses to make a colleague signatory", async () => {
    const s = await createScenario();
    const org = s.orgA.id;
    const colleague = await s.newUser("APPLICANT", org);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId, organisationId: org },
      data: { isSignatory: false },
    });
    await s.newUser("APPLICANT", org); // a second signatory, so that A's right may go
    const commit = await demoteWhileHeld(org, s.applicantA);
    const promote = outcomeOf(setSignatory(s.applicantA, org, colleague.userId, true));
    await commit();
    expect(await promote).toBe("ForbiddenError");
    expect(await isSignatoryNow(colleague.userId, org)).toBe(false);
  });

  it("refuses a change of the bank account", async () => {
    const s = await createScenario();
    const org = s.orgA.id;
    await s.newUser("APPLICANT", org);
    const commit = await demoteWhileHeld(org, s.applicantA);
    const request = outcomeOf(
      requestIbanChange(s.applicantA, {
        organisationId: org,
        iban: "NL02ABNA0123456789",
        accountHolder: "Stichting A",
      }),
    );
    await commit();
    expect(await request).toBe("ForbiddenError");
    expect(await prisma.ibanChangeRequest.count({ where: { requestedById: s.applicantA.userId } })).toBe(0);
  });
});

describe("making a colleague signatory", () => {
  it("is refused for a switched-off account, which would otherwise be one again when switched on", async () => {
    const s = await createScenario();
    const org = s.orgA.id;
    const colleague = await s.newUser("APPLICANT", org);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId, organisationId: org },
      data: { isSignatory: false },
    });
    await prisma.user.update({ where: { id: colleague.userId }, data: { active: false } });
    await expect(setSignatory(s.applicantA, org, colleague.userId, true)).rejects.toMatchObject({
      message: SIGNATORY_INACTIVE,
      code: "INACTIVE",
    });
    expect(await isSignatoryNow(colleague.userId, org)).toBe(false);
  });
});
