import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { AuditAction } from "../audit/actions.ts";
import type { Signatory } from "./letter-parts.ts";

const TITLE_CHANGED = "user.signing-title-changed" satisfies AuditAction;

/**
 * Who signs a besluit: the staff member who took it, namens de minister, with the function the
 * mandate (or sub-mandate) gave them (User.signingTitle) at `at`, the moment of the besluit. The
 * letter is rendered later by a worker, and again whenever it is re-rendered: a function changed
 * since then (audited by setSigningTitle, with the value before) must not appear on a besluit
 * taken under the earlier one. A change made around the admin's form has no audit row; then the
 * present value is all there is.
 */
export async function signatoryOf(
  db: PrismaClient | Tx,
  userId: string | null | undefined,
  at: Date,
): Promise<Signatory | null> {
  if (!userId) return null;
  const [user, changedLater] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { name: true, signingTitle: true } }),
    db.auditLog.findFirst({
      where: { action: TITLE_CHANGED, targetType: "User", targetId: userId, createdAt: { gt: at } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { details: true },
    }),
  ]);
  if (!user) return null;
  const title = changedLater ? titleBefore(changedLater.details) : user.signingTitle;
  return { name: user.name, title: title?.trim() || null };
}

/** The function before a change, as setSigningTitle records it: { before: { signingTitle } }. */
function titleBefore(details: unknown): string | null {
  const before = (details as { before?: { signingTitle?: unknown } } | null)?.before;
  return typeof before?.signingTitle === "string" ? before.signingTitle : null;
}
