import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../db/client.server.ts";
import { createScenario, type Scenario } from "../test/scenario.server.ts";
import { createUserSession, getSessionUser } from "./session.server.ts";

/**
 * The session's actor lists the organisations in the order the user joined them, so that a page
 * showing "the first" shows the same one on every request. The membership made last is given the
 * earliest moment and the larger organisation id here: neither the insertion order nor the id order
 * (the unique index's) gives the expected answer by chance.
 */
let s: Scenario;
afterAll(() => disconnectPrisma());
beforeAll(async () => {
  s = await createScenario();
});

describe("the session's organisations", () => {
  it("come in the order the memberships were made", async () => {
    const [low, high] = [s.orgA.id, s.orgB.id].sort();
    const user = await s.newUser("APPLICANT", low);
    const firstJoined = new Date(Date.now() - 86_400_000);
    await prisma.roleMembership.create({
      data: { userId: user.userId, role: "APPLICANT", organisationId: high, createdAt: firstJoined },
    });
    const cookie = (await createUserSession(new Request("http://localhost/"), user.userId)).split(";")[0];
    const session = await getSessionUser(
      new Request("http://localhost/", { headers: { Cookie: cookie ?? "" } }),
    );
    expect(session?.organisationIds).toEqual([high, low]);
    expect(session?.actor.organisationIds).toEqual([high, low]);
  });
});
