import { createHash } from "node:crypto";
import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";

/**
 * The tamper-evident chain of WorkflowEvents (issue 5): every event stores the hash of the plan's
 * previous event (prevHash, null for the first) and its own hash, SHA-256 hex over a canonical
 * serialisation of its fields. Editing or deleting an event in the database breaks the chain at
 * that point, which verifyChains() (npm run audit:verify) names.
 *
 * The canonical form is exactly PostgreSQL's text output of
 *   jsonb_build_array(planId, event, fromStatus, toStatus, actorId, actorRole, reason, payload,
 *                     planVersion, createdAt ISO, prevHash)
 * so that the migration 20261128220000_workflow_event_chain could backfill the events written
 * before the chain existed in SQL alone, with the same result as this code.
 */

export type ChainFields = {
  planId: string;
  event: string;
  fromStatus: PlanStatus | null;
  toStatus: PlanStatus;
  actorId: string | null;
  actorRole: Role | null;
  reason: string | null;
  payload: unknown;
  planVersion: number;
  createdAt: Date;
};

/**
 * jsonb's text form: ", " and ": " separators, object keys ordered shorter first and then
 * bytewise (jsonb stores them so), strings escaped as JSON.stringify does for the characters a
 * PostgreSQL text can hold.
 */
export function jsonbText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("a workflow payload holds only finite numbers");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") throw new Error("store amounts in a workflow payload as strings");
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => {
      const ba = Buffer.from(a, "utf8");
      const bb = Buffer.from(b, "utf8");
      return ba.length - bb.length || Buffer.compare(ba, bb);
    });
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(", ")}}`;
  }
  throw new Error(`cannot serialise ${typeof value} in a workflow payload`);
}

export function canonicalEvent(fields: ChainFields, prevHash: string | null): string {
  return jsonbText([
    fields.planId,
    fields.event,
    fields.fromStatus,
    fields.toStatus,
    fields.actorId,
    fields.actorRole,
    fields.reason,
    fields.payload ?? {},
    fields.planVersion,
    fields.createdAt.toISOString(),
    prevHash,
  ]);
}

export function eventHash(fields: ChainFields, prevHash: string | null): string {
  return createHash("sha256").update(canonicalEvent(fields, prevHash), "utf8").digest("hex");
}

/**
 * Appends one WorkflowEvent to its plan's chain. The caller holds the plan's row lock (lockPlan,
 * or the plan was created in this transaction), so no other event of the plan can slip in
 * between reading the last hash and writing this one: the chain stays linear.
 */
export async function appendWorkflowEvent(
  tx: Tx,
  fields: ChainFields,
): Promise<{ id: bigint; hash: string }> {
  const last = await tx.workflowEvent.findFirst({
    where: { planId: fields.planId },
    orderBy: { id: "desc" },
    select: { hash: true },
  });
  const prevHash = last?.hash ?? null;
  const hash = eventHash(fields, prevHash);
  const row = await tx.workflowEvent.create({
    data: {
      planId: fields.planId,
      event: fields.event,
      fromStatus: fields.fromStatus,
      toStatus: fields.toStatus,
      actorId: fields.actorId,
      actorRole: fields.actorRole,
      reason: fields.reason,
      payload: (fields.payload ?? {}) as object,
      planVersion: fields.planVersion,
      createdAt: fields.createdAt,
      prevHash,
      hash,
    },
    select: { id: true },
  });
  return { id: row.id, hash };
}

export type BrokenLink = {
  planId: string;
  reference: string;
  eventId: string;
  /** What is wrong, in Dutch, as audit:verify prints it. */
  problem: string;
  expected: string | null;
  stored: string | null;
};

export type ChainReport = { plans: number; events: number; broken: BrokenLink[] };

type Row = ChainFields & { id: bigint; prevHash: string | null; hash: string | null };

/** The first broken link of one plan's events (in id order), or null when the chain holds. */
export function firstBreak(rows: readonly Row[]): Omit<BrokenLink, "planId" | "reference"> | null {
  let previous: string | null = null;
  for (const row of rows) {
    const eventId = row.id.toString();
    if (row.prevHash !== previous) {
      // A deleted event leaves the next one pointing at a hash that is no longer the previous one.
      return {
        eventId,
        problem:
          previous === null
            ? "de eerste gebeurtenis verwijst naar een voorganger die er niet (meer) is"
            : "de verwijzing naar de vorige gebeurtenis klopt niet (een gebeurtenis is verwijderd of ingevoegd)",
        expected: previous,
        stored: row.prevHash,
      };
    }
    const expected = eventHash(row, row.prevHash);
    if (row.hash !== expected) {
      return {
        eventId,
        problem:
          row.hash === null
            ? "de gebeurtenis heeft geen hash"
            : "de inhoud van de gebeurtenis past niet bij haar hash (gewijzigd)",
        expected,
        stored: row.hash,
      };
    }
    previous = row.hash;
  }
  return null;
}

/**
 * Deleting the newest event leaves an intact but shorter chain; the plan's status, which only
 * applyEvent writes together with an event, then no longer matches the last event's.
 */
function lastMatchesStatus(
  rows: readonly Row[],
  status: PlanStatus,
): Omit<BrokenLink, "planId" | "reference"> | null {
  const last = rows[rows.length - 1];
  if (!last)
    return { eventId: "-", problem: "het plan heeft geen enkele gebeurtenis", expected: null, stored: null };
  if (last.toStatus === status) return null;
  return {
    eventId: last.id.toString(),
    problem: `de laatste gebeurtenis leidt naar ${last.toStatus}, maar het plan staat op ${status} (een latere gebeurtenis ontbreekt)`,
    expected: status,
    stored: last.toStatus,
  };
}

/**
 * Recomputes every plan's chain (or only `planIds`'), plan by plan so that memory stays small
 * with many plans. Returns each plan's first broken link.
 */
export async function verifyChains(
  db: PrismaClient | Tx,
  options: { planIds?: string[]; batchSize?: number } = {},
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 500;
  const report: ChainReport = { plans: 0, events: 0, broken: [] };
  let cursor: string | undefined;
  for (;;) {
    const plans = await db.plan.findMany({
      where: options.planIds ? { id: { in: options.planIds } } : {},
      orderBy: { id: "asc" },
      take: batchSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, reference: true, status: true },
    });
    if (plans.length === 0) break;
    cursor = plans[plans.length - 1]?.id;
    const events = await db.workflowEvent.findMany({
      where: { planId: { in: plans.map((p) => p.id) } },
      orderBy: [{ planId: "asc" }, { id: "asc" }],
    });
    const byPlan = new Map<string, Row[]>();
    for (const e of events) {
      const list = byPlan.get(e.planId) ?? [];
      list.push(e as Row);
      byPlan.set(e.planId, list);
    }
    for (const plan of plans) {
      const rows = byPlan.get(plan.id) ?? [];
      report.plans += 1;
      report.events += rows.length;
      const broken = firstBreak(rows) ?? lastMatchesStatus(rows, plan.status);
      if (broken) report.broken.push({ planId: plan.id, reference: plan.reference, ...broken });
    }
    if (plans.length < batchSize) break;
  }
  return report;
}

/** The lines audit:verify prints for a report. */
export function describeReport(report: ChainReport): string[] {
  const lines = report.broken.map(
    (b) =>
      `GEBROKEN ${b.reference} (plan ${b.planId}), gebeurtenis ${b.eventId}: ${b.problem}; ` +
      `verwacht ${b.expected ?? "(geen)"}, opgeslagen ${b.stored ?? "(geen)"}`,
  );
  lines.push(
    report.broken.length === 0
      ? `In orde: ${report.events} gebeurtenissen van ${report.plans} plannen, elke keten klopt.`
      : `${report.broken.length} van ${report.plans} plannen hebben een gebroken keten (${report.events} gebeurtenissen gecontroleerd).`,
  );
  return lines;
}
