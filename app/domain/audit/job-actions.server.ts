import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { ForbiddenError } from "../errors.ts";
import type { AuditAction } from "./actions.ts";

type JobAction = Extract<AuditAction, "job.retried" | "job.discarded" | "jobs.retried">;

/** Only an admin touches the job queues (the queue pages, ADR 0021). */
export function assertQueueAdmin(actor: Actor): void {
  if (!actor.roles.includes("ADMIN")) throw new ForbiddenError("Alleen een beheerder beheert de wachtrijen.");
}

/**
 * A retry or discard of a job, in the audit trail: the queue lives in Redis, so this row is written
 * after Redis did it (a row for something that did not happen would be worse than none).
 */
export async function recordJobAction(
  actor: Actor,
  entry: { action: JobAction; queue: string; jobId?: string; details: Record<string, string | number> },
): Promise<void> {
  assertQueueAdmin(actor);
  await prisma.auditLog.create({
    data: {
      actorId: actor.userId,
      action: entry.action,
      targetType: "Job",
      targetId: entry.jobId ? `${entry.queue}/${entry.jobId}` : entry.queue,
      details: entry.details,
      createdAt: now(),
    },
  });
}

/**
 * The kenmerk of each plan that failed jobs name, so the admin can tell a case handler which plan a
 * missing letter concerns; nothing else of the plan (the admin reads no plans).
 */
export async function planReferences(actor: Actor, planIds: string[]): Promise<Map<string, string>> {
  assertQueueAdmin(actor);
  const ids = [...new Set(planIds)].filter((id) => /^[0-9a-f-]{36}$/.test(id));
  if (ids.length === 0) return new Map();
  const plans = await prisma.plan.findMany({
    where: { id: { in: ids } },
    select: { id: true, reference: true },
  });
  return new Map(plans.map((p) => [p.id, p.reference]));
}

export type OutboxBacklog = Map<string, { count: number; oldest: Date }>;

/**
 * Per queue, the outbox messages not yet handed to BullMQ and the oldest one's moment: work that is
 * safe in PostgreSQL while Redis or the worker is away, and that the queue counts cannot show.
 */
export async function outboxBacklog(actor: Actor): Promise<OutboxBacklog> {
  assertQueueAdmin(actor);
  const rows = await prisma.outboxMessage.groupBy({
    by: ["queue"],
    where: { status: "PENDING" },
    _count: { _all: true },
    _min: { createdAt: true },
  });
  return new Map(
    rows.map((r) => [r.queue, { count: r._count._all, oldest: r._min.createdAt ?? new Date(0) }]),
  );
}
