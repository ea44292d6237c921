import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { inviteColleague } from "./organisation.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});

describe("two invitations to one address at once (a double click)", () => {
  it("leave one open invitation and one mail", async () => {
    const s = await createScenario();
    const org = s.orgA.id;
    const email = `nieuw-${crypto.randomUUID()}@example.nl`;
    const first = await inviteColleague(s.applicantA, org, email);
    // A third transaction holds the earlier invitation, so that both clicks reach "expire the open
    // ones" before either commits: a real double click lands there by timing, this makes it certain.
    const held = gate();
    const release = gate();
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Invitation" WHERE id = ${first.invitationId} FOR UPDATE`;
        held.open();
        await release.opened;
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const clicks = Promise.all([
      inviteColleague(s.applicantA, org, email),
      inviteColleague(s.applicantA, org, email),
    ]);
    await untilWaiting(2);
    release.open();
    await holder;
    const [a, b] = await clicks;
    const open = await prisma.invitation.findMany({
      where: { organisationId: org, email, acceptedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    expect(open).toHaveLength(1);
    // The later click's: each queues its mail, and the job mints a link only for one still open
    // (account-email.server.ts), so one mail with a working link goes out.
    expect([a.invitationId, b.invitationId]).toContain(open[0]?.id);
  });
});
