import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { Signatory } from "./letter-parts.ts";

/**
 * Who signs a besluit: the staff member who took it, namens de minister, with the function the
 * mandate (or sub-mandate) gave them (User.signingTitle) when one is recorded.
 */
export async function signatoryOf(
  db: PrismaClient | Tx,
  userId: string | null | undefined,
): Promise<Signatory | null> {
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { name: true, signingTitle: true },
  });
  return user ? { name: user.name, title: user.signingTitle?.trim() || null } : null;
}
