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

type Details = Record<string, string | number>;

export type JobActionEntry<T> = {
  action: JobAction;
  queue: string;
  jobId?: string;
  /** Or made from what the change returned (how many jobs a retry-all put back). */
  details: Details | ((result: T) => Details);
};

/** Long enough for a retry-all of a thousand jobs; the Redis side of a single job is bounded itself. */
const JOB_ACTION_TX_TIMEOUT_MS = 30_000;

/**
 * A retry or discard of a job and its row in the audit trail, as one: the row is written in a
 * transaction and `inRedis`, the change itself, runs inside it, last before the commit. So a change
 * that fails (Redis away, the job no longer failed) leaves no row, and a row that cannot be written
 * leaves the job as it was. This matters for a discard: the re-drive after Redis lost its data
 * (workers/redrive.ts, ADR 0022) knows a discard only from this row, and would bring back a job
 * discarded without it. What is left is a commit that fails after Redis made the change (or a change
 * that reached Redis after its answer was given up on): a discard without its row, which a later
 * loss of Redis' data would undo.
 */
export async function recordJobAction<T = void>(
  actor: Actor,
  entry: JobActionEntry<T>,
  inRedis: () => Promise<T> = async () => undefined as T,
): Promise<T> {
  assertQueueAdmin(actor);
  return prisma.$transaction(
    async (tx) => {
      const row = await tx.auditLog.create({
        data: {
          actorId: actor.userId,
          action: entry.action,
          targetType: "Job",
          targetId: entry.jobId ? `${entry.queue}/${entry.jobId}` : entry.queue,
          details: typeof entry.details === "function" ? {} : entry.details,
          createdAt: now(),
        },
        select: { id: true },
      });
      const result = await inRedis();
      if (typeof entry.details === "function") {
        // Still inside the transaction: nobody ever sees the row without its details.
        await tx.auditLog.update({ where: { id: row.id }, data: { details: entry.details(result) } });
      }
      return result;
    },
    { timeout: JOB_ACTION_TX_TIMEOUT_MS },
  );
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
