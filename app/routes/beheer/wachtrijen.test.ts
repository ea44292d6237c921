import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeQueues } from "../../../workers/queues.ts";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { loader } from "./wachtrijen.tsx";

afterAll(async () => {
  await closeQueues();
  await disconnectPrisma();
});

type LoaderData = {
  outbox: { id: string; count: number }[];
  unknownOutbox: { queue: string; count: number; oldest: string }[];
};

/** The loader's data, whether Redis answered (plain object) or not (data() with a 503). */
function dataOf(result: unknown): LoaderData {
  const r = result as { data?: LoaderData };
  return (r.data ?? result) as LoaderData;
}

describe("/beheer/wachtrijen", () => {
  it("shows the pending messages for a queue this version does not know, apart from the known queues", async () => {
    const admin = await prisma.user.create({
      data: {
        email: `wachtrijen-${randomUUID().slice(0, 8)}@example.nl`,
        name: "Beheerder",
        passwordHash: "x",
        memberships: { create: [{ role: "ADMIN" }] },
      },
    });
    const cookie = (await createUserSession(new Request("http://localhost/"), admin.id)).split(";")[0];
    const queue = `page-unknown-${randomUUID().slice(0, 8)}`;
    await prisma.outboxMessage.createMany({
      data: [1, 2].map((n) => ({
        queue,
        jobName: "newer-job",
        payload: { n },
        createdAt: new Date(Date.UTC(2026, 10, 30, 9, 15, 0, n)),
      })),
    });
    try {
      const request = new Request("http://localhost/beheer/wachtrijen", {
        headers: { Cookie: cookie ?? "" },
      });
      const loaded = dataOf(await loader({ request, params: {}, context: {} } as never));
      expect(loaded.unknownOutbox).toContainEqual({
        queue,
        count: 2,
        oldest: expect.stringContaining("2026"),
      });
      expect(loaded.outbox.map((o) => o.id)).not.toContain(queue);
    } finally {
      await prisma.outboxMessage.deleteMany({ where: { queue } });
    }
  });
});
