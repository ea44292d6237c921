import type { PrismaClient, Tx } from "../../db/client.server.ts";

/** The name a besluit is signed with: the staff member who took it, namens de minister. */
export async function signatoryName(
  db: PrismaClient | Tx,
  userId: string | null | undefined,
): Promise<string | null> {
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
  return user?.name ?? null;
}
