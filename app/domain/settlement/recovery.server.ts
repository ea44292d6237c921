import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { type LocalDate, localDateFromDb } from "../time/index.ts";

export type RecoveryRow = {
  id: string;
  planId: string;
  reference: string;
  organisation: string;
  amount: string;
  dueOn: LocalDate;
  createdAt: string;
};

/**
 * Open terugvorderingen, the oldest due first, a page at a time, with how many are open in all.
 * The RECOVERY entry was booked when they were claimed.
 */
export async function openRecoveryClaims(
  page: { skip: number; take: number } = { skip: 0, take: 200 },
): Promise<{ rows: RecoveryRow[]; total: number }> {
  const [claims, total] = await Promise.all([
    prisma.recoveryClaim.findMany({
      where: { status: "OPEN" },
      orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      skip: page.skip,
      take: page.take,
      select: {
        id: true,
        planId: true,
        amountCents: true,
        dueOn: true,
        createdAt: true,
        plan: { select: { reference: true, organisation: { select: { name: true } } } },
      },
    }),
    prisma.recoveryClaim.count({ where: { status: "OPEN" } }),
  ]);
  const rows = claims.map((c) => ({
    id: c.id,
    planId: c.planId,
    reference: c.plan.reference,
    organisation: c.plan.organisation.name,
    amount: formatEuro(c.amountCents),
    dueOn: localDateFromDb(c.dueOn),
    createdAt: c.createdAt.toISOString(),
  }));
  return { rows, total };
}

/**
 * Finance records that the money came back. It changes no balance (the RECOVERY was booked at
 * the claim, docs/decisions/0012): it closes the claim, with its AuditLog row, once.
 */
export async function markRecoveryReceived(actor: Actor, claimId: string): Promise<void> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën registreert een terugbetaling.");
  await prisma.$transaction(async (tx) => {
    const at = now();
    const claim = await tx.recoveryClaim.findUnique({
      where: { id: claimId },
      select: { planId: true, amountCents: true },
    });
    if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
    const updated = await tx.recoveryClaim.updateMany({
      where: { id: claimId, status: "OPEN" },
      data: { status: "RECEIVED", receivedAt: at },
    });
    if (updated.count === 0)
      throw new ConflictError("Deze terugvordering is al als ontvangen geregistreerd.", "ALREADY_RECEIVED");
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "recovery.received" satisfies AuditAction,
        targetType: "RecoveryClaim",
        targetId: claimId,
        details: { planId: claim.planId, amountCents: claim.amountCents.toString() },
        createdAt: at,
      },
    });
  });
}
