import { prisma } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { unreadCount } from "./notify.server.ts";

/** The bell's list and its "mark as read" (issue 3). A user only ever sees and changes their own. */

export type NotificationItem = {
  id: string;
  planId: string | null;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
};

/** Newest first; `take` caps the page (the bell's list is not an archive). */
export async function listNotifications(
  userId: string,
  { take = 50 }: { take?: number } = {},
): Promise<NotificationItem[]> {
  return prisma.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, take), 200),
    select: { id: true, planId: true, title: true, body: true, link: true, createdAt: true, readAt: true },
  });
}

/**
 * Marks one of the user's notifications read. Already read is a no-op; someone else's id is a
 * NotFoundError, the same as an id that does not exist, so it tells nothing about other users.
 */
export async function markRead(userId: string, id: string): Promise<void> {
  const { count } = await prisma.notification.updateMany({
    where: { id, userId, readAt: null },
    data: { readAt: now() },
  });
  if (count > 0) return;
  const own = await prisma.notification.count({ where: { id, userId } });
  if (own === 0) throw new NotFoundError("Deze melding bestaat niet.");
}

/** Marks all of the user's unread notifications read; returns how many changed. */
export async function markAllRead(userId: string): Promise<number> {
  const { count } = await prisma.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: now() },
  });
  return count;
}

/** The bell's number, on every page: one COUNT on the (userId, readAt, createdAt) index. */
export function countUnread(userId: string): Promise<number> {
  return unreadCount(prisma, userId);
}
