import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { ForbiddenError } from "../errors.ts";
import { writeOutbox } from "../outbox.server.ts";
import { outboxBacklog } from "./job-actions.server.ts";

afterAll(disconnectPrisma);

describe("the outbox backlog on the admin's queue page", () => {
  it("counts per queue the messages not yet handed to BullMQ, with the oldest one's moment; admins only", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const before = (await outboxBacklog(admin)).get("emails")?.count ?? 0;
    const ids = await prisma.$transaction(async (tx) => [
      await writeOutbox(tx, "sendAccountEmail", { template: "invitation", tokenId: randomUUID() }),
      await writeOutbox(tx, "sendAccountEmail", { template: "password-reset", tokenId: randomUUID() }),
    ]);
    try {
      const emails = (await outboxBacklog(admin)).get("emails");
      expect(emails?.count).toBe(before + 2);
      const first = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: ids[0] ?? "" } });
      expect(emails?.oldest.getTime()).toBeLessThanOrEqual(first.createdAt.getTime());

      // A message handed over no longer counts.
      await prisma.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: "SENT" } });
      expect((await outboxBacklog(admin)).get("emails")?.count ?? 0).toBe(before);
      await expect(outboxBacklog(s.handler)).rejects.toBeInstanceOf(ForbiddenError);
    } finally {
      await prisma.outboxMessage.deleteMany({ where: { id: { in: ids } } });
    }
  });
});
