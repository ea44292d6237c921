import { prisma } from "../../db/client.server.ts";
import { QUEUE_LABEL } from "../../jobs/definitions.ts";
import type { Actor } from "../actor.ts";
import { ForbiddenError } from "../errors.ts";
import { auditActionLabel } from "./actions.ts";
import { detailLines } from "./present.ts";

type Row = { targetType: string; targetId: string };

const idsOf = (rows: Row[], type: string) => [
  ...new Set(rows.filter((r) => r.targetType === type).map((r) => r.targetId)),
];

/**
 * What each row is about, in words: a plan by its kenmerk, a user by name and e-mail address, an
 * organisation, batch, window or budget by its name. One query per kind of target on the page.
 */
async function targetNames(rows: Row[], userName: (id: string) => string | undefined) {
  const [plans, organisations, batches, windows, envelopes, regulations, claims, invitations] =
    await Promise.all([
      prisma.plan.findMany({
        where: { id: { in: idsOf(rows, "Plan") } },
        select: { id: true, reference: true },
      }),
      prisma.organisation.findMany({
        where: { id: { in: idsOf(rows, "Organisation") } },
        select: { id: true, name: true },
      }),
      prisma.paymentBatch.findMany({
        where: { id: { in: idsOf(rows, "PaymentBatch") } },
        select: { id: true, reference: true },
      }),
      prisma.applicationWindow.findMany({
        where: { id: { in: idsOf(rows, "ApplicationWindow") } },
        select: { id: true, name: true },
      }),
      prisma.budgetEnvelope.findMany({
        where: { id: { in: idsOf(rows, "BudgetEnvelope") } },
        select: { id: true, year: true, fund: true },
      }),
      prisma.regulation.findMany({
        where: { id: { in: idsOf(rows, "Regulation") } },
        select: { id: true, code: true },
      }),
      prisma.recoveryClaim.findMany({
        where: { id: { in: idsOf(rows, "RecoveryClaim") } },
        select: { id: true, plan: { select: { reference: true } } },
      }),
      prisma.invitation.findMany({
        where: { id: { in: idsOf(rows, "Invitation") } },
        select: { id: true, email: true },
      }),
    ]);
  const names = new Map<string, string>([
    ...plans.map((p) => [`Plan ${p.id}`, `Plan ${p.reference}`] as const),
    ...organisations.map((o) => [`Organisation ${o.id}`, o.name] as const),
    ...batches.map((b) => [`PaymentBatch ${b.id}`, `Betaalbatch ${b.reference}`] as const),
    ...windows.map((w) => [`ApplicationWindow ${w.id}`, w.name] as const),
    ...envelopes.map((e) => [`BudgetEnvelope ${e.id}`, `Jaarbudget ${e.year} (${e.fund})`] as const),
    ...regulations.map((r) => [`Regulation ${r.id}`, `Regeling ${r.code}`] as const),
    ...claims.map((c) => [`RecoveryClaim ${c.id}`, `Terugvordering, plan ${c.plan.reference}`] as const),
    ...invitations.map((i) => [`Invitation ${i.id}`, `Uitnodiging aan ${i.email}`] as const),
  ]);
  return (r: Row) =>
    (r.targetType === "User"
      ? userName(r.targetId)
      : r.targetType === "Job"
        ? jobTargetName(r.targetId)
        : names.get(`${r.targetType} ${r.targetId}`)) ?? `${r.targetType} ${r.targetId}`;
}

/** "letters/abc" (ADR 0021) as "Wachtrij Brieven, taak abc"; a queue alone as "Wachtrij Brieven". */
function jobTargetName(targetId: string): string {
  const [queue = "", ...job] = targetId.split("/");
  const name = (QUEUE_LABEL as Record<string, { name: string }>)[queue]?.name ?? queue;
  return job.length > 0 ? `Wachtrij ${name}, taak ${job.join("/")}` : `Wachtrij ${name}`;
}

function assertAuditReader(actor: Actor): void {
  if (!actor.roles.includes("ADMIN")) throw new ForbiddenError("Alleen een beheerder leest het auditlog.");
}

/** How many rows the audit trail holds, for its pages. */
export async function auditTrailCount(actor: Actor): Promise<number> {
  assertAuditReader(actor);
  return prisma.auditLog.count();
}

/**
 * The audit rows newest first, `take` of them after the `skip` newest, as the admin's page shows
 * them: when, who, what, about what, details.
 */
export async function auditTrail(actor: Actor, take = 50, skip = 0) {
  assertAuditReader(actor);
  const rows = await prisma.auditLog.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    skip,
  });
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.actorId, r.targetType === "User" ? r.targetId : null])),
  ].filter((x): x is string => !!x);
  const users = await prisma.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true, email: true },
  });
  const names = new Map(users.map((u) => [u.id, `${u.name} (${u.email})`]));
  const userName = (id: string) => names.get(id);
  const target = await targetNames(rows, userName);
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.createdAt.toISOString(),
    actor: r.actorId ? (userName(r.actorId) ?? "onbekend") : "systeem",
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    target: target(r),
    details: detailLines(r.details, r.action),
  }));
}
