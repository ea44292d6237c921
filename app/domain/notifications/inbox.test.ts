import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { NotFoundError } from "../errors.ts";
import { listNotifications, markAllRead, markRead } from "./inbox.server.ts";
import { unreadCount } from "./notify.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});

async function userWith(titles: string[]) {
  const user = await prisma.user.create({
    data: { email: `bel-${randomUUID()}@example.nl`, name: "Bel", passwordHash: "x" },
  });
  const base = Date.parse("2026-03-01T09:00:00Z");
  for (const [i, title] of titles.entries()) {
    await prisma.notification.create({
      data: {
        userId: user.id,
        title,
        body: `Bericht ${i}`,
        link: "/aanvrager",
        createdAt: new Date(base + i * 60_000),
      },
    });
  }
  return user.id;
}

describe("in-app notifications", () => {
  it("lists the user's own notifications, newest first, capped by take", async () => {
    const me = await userWith(["eerste", "tweede", "derde"]);
    await userWith(["van een ander"]);
    const all = await listNotifications(me);
    expect(all.map((n) => n.title)).toEqual(["derde", "tweede", "eerste"]);
    expect((await listNotifications(me, { take: 2 })).map((n) => n.title)).toEqual(["derde", "tweede"]);
  });

  it("marks one read, then all, and the unread count follows", async () => {
    const me = await userWith(["a", "b", "c"]);
    expect(await unreadCount(prisma, me)).toBe(3);
    const [newest] = await listNotifications(me);
    await markRead(me, newest?.id as string);
    expect(await unreadCount(prisma, me)).toBe(2);
    // Marking it again is harmless and keeps the first moment of reading.
    const readAt = (await prisma.notification.findUniqueOrThrow({ where: { id: newest?.id } })).readAt;
    await markRead(me, newest?.id as string);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: newest?.id } })).readAt).toEqual(
      readAt,
    );

    expect(await markAllRead(me)).toBe(2);
    expect(await unreadCount(prisma, me)).toBe(0);
    expect(await markAllRead(me)).toBe(0);
  });

  it("never touches another user's notifications", async () => {
    const me = await userWith(["mijn"]);
    const other = await userWith(["niet de mijne"]);
    const [theirs] = await listNotifications(other);
    await expect(markRead(me, theirs?.id as string)).rejects.toBeInstanceOf(NotFoundError);
    await expect(markRead(me, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await markAllRead(me);
    expect(await unreadCount(prisma, other)).toBe(1);
  });
});
