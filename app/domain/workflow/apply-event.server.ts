import type { Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { FOUR_EYES_COLUMNS } from "../decision/engine.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { lockActingStaff } from "./acting-staff.server.ts";
import { appendWorkflowEvent } from "./chain.server.ts";
import {
  type EventInput,
  type EventName,
  type FireEvent,
  type PlanFacts,
  WORKFLOW,
  whyNot,
} from "./definition.server.ts";

export const PLAN_CHANGED =
  "Het plan is intussen gewijzigd door iemand anders. Laad de pagina opnieuw en bekijk de nieuwe stand.";

/**
 * Locks the plan row for the rest of the transaction and returns what the workflow's guards need.
 * Every change to a plan takes this lock first (and pots after it, in id order), so concurrent
 * changes of one plan queue up instead of deadlocking.
 */
export async function lockPlan(tx: Tx, planId: string): Promise<PlanFacts> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      status: PlanFacts["status"];
      version: number;
      organisationId: string;
      handlerId: string | null;
    }[]
  >`SELECT id, status, version, "organisationId", "handlerId" FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  // One statement for the rest (Prisma's nested reads were ten round trips, taken by every event).
  // A statement of its own after the lock, not subqueries of the locking one: that statement's
  // snapshot predates the wait for the lock and would miss what the previous holder committed.
  const [extra] = await tx.$queryRaw<
    {
      adviserIds: string[];
      handlerStepActorIds: string[];
      signatoryIds: string[];
      assignedAdviserIds: string[];
      settlementProposerIds: string[];
      activeAdviserIds: string[];
      supplementDueAt: Date | null;
      windowClosesAt: Date | null;
      decidedAt: Date | null;
      advisersRequired: number;
      executionStartMonths: number;
      periodStart: Date | null;
      periodEnd: Date | null;
      extensionMonths: number;
      openExtensionId: string | null;
      extensionGranted: boolean;
      interimReportSubmitted: boolean;
    }[]
  >`SELECT
      ARRAY(SELECT a."adviserId" FROM "Advice" a WHERE a."planId" = p.id) AS "adviserIds",
      ${FOUR_EYES_COLUMNS},
      ARRAY(
        SELECT m."userId" FROM "RoleMembership" m JOIN "User" u ON u.id = m."userId"
        WHERE m."organisationId" = p."organisationId" AND m.role = 'APPLICANT' AND m."isSignatory" AND u.active
      ) AS "signatoryIds",
      ARRAY(
        SELECT s."adviserId" FROM "AdviserAssignment" s WHERE s."planId" = p.id AND s.status = 'ACTIVE'
      ) AS "activeAdviserIds",
      (
        SELECT r."dueAt" FROM "SupplementRequest" r WHERE r."planId" = p.id AND r."answeredAt" IS NULL
        ORDER BY r."requestedAt" DESC LIMIT 1
      ) AS "supplementDueAt",
      w."closesAt" AS "windowClosesAt",
      d."decidedAt",
      -- The number the plan was found complete under (recordCompleteReceipt); before that, today's.
      COALESCE(p."advisersRequired", g."advisersRequired") AS "advisersRequired",
      -- A decided plan keeps the term its grant was made on (decision/terms.ts), not today's.
      COALESCE((d."terms"->>'executionStartMonths')::int, g."executionStartMonths") AS "executionStartMonths",
      p."periodStart",
      p."periodEnd",
      COALESCE((d."terms"->>'extensionMonths')::int, g."extensionMonths") AS "extensionMonths",
      (
        SELECT x.id FROM "PlanExtension" x WHERE x."planId" = p.id AND x.status = 'REQUESTED'
        ORDER BY x."requestedAt" DESC LIMIT 1
      ) AS "openExtensionId",
      EXISTS (
        SELECT 1 FROM "PlanExtension" x WHERE x."planId" = p.id AND x.status = 'GRANTED'
      ) AS "extensionGranted",
      -- Art. 1.2a lid 2: a request for verlenging only after the interim report of art. 5.4 lid 1.
      EXISTS (
        SELECT 1 FROM "InterimReport" r
        WHERE r."planId" = p.id AND r."afterMonths" = 12 AND r."submittedAt" IS NOT NULL
      ) AS "interimReportSubmitted"
    FROM "Plan" p
    JOIN "Regulation" g ON g.id = p."regulationId"
    LEFT JOIN "ApplicationWindow" w ON w.id = p."windowId"
    LEFT JOIN "Decision" d ON d."planId" = p.id
    WHERE p.id = ${planId}`;
  if (!extra) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  return { ...row, ...extra };
}

export function assertVersion(plan: PlanFacts, expectedVersion: number): void {
  if (plan.version !== expectedVersion) throw new ConflictError(PLAN_CHANGED, "PLAN_CHANGED");
}

/**
 * Fires a workflow event inside the caller's transaction: checks the expected version, the
 * state, the role and the guards; runs the event's effects (outbox, reminders, …); writes the new
 * status with the next version; appends the WorkflowEvent; then runs the effects that lock budget
 * pots (potEffects). Throws and changes nothing when any check fails (the caller's transaction
 * rolls back).
 *
 * `locked`: the facts lockPlan returned for this plan earlier in the same transaction, when the
 * caller took the lock itself (decide); nothing of the plan may have changed since but what the
 * caller puts in them. Saves reading them twice.
 */
export async function applyEvent(
  tx: Tx,
  args: {
    planId: string;
    event: EventName;
    actor: Actor;
    expectedVersion: number;
    input?: EventInput;
    locked?: PlanFacts;
  },
): Promise<{ version: number; status: PlanFacts["status"] }> {
  const { event, actor, expectedVersion } = args;
  const input = args.input ?? {};
  // A case handler's step names its actor on the plan (handlerId; the four-eyes history): it holds
  // the actor's account, before the plan's row, so that an admin switching the account off or
  // taking the role away either waits for it and then releases what it wrote, or came first and it
  // is refused (acting-staff.server.ts). The session's roles may be older than that change.
  if (
    WORKFLOW[event].roles.find((r) => actor.roles.includes(r)) === "CASE_HANDLER" &&
    !(await lockActingStaff(tx, actor.userId, "CASE_HANDLER"))
  )
    throw new ForbiddenError();
  const plan = args.locked?.id === args.planId ? args.locked : await lockPlan(tx, args.planId);
  assertVersion(plan, expectedVersion);

  const transition = WORKFLOW[event];
  const reason = whyNot(event, plan, actor);
  if (reason) {
    if (!transition.from.includes(plan.status)) throw new ConflictError(reason, "WRONG_STATE");
    throw new ForbiddenError(reason);
  }
  const actorRole = transition.roles.find((r) => actor.roles.includes(r));
  if (!actorRole) throw new ForbiddenError();

  const fireEvent: FireEvent = (other) => applyEvent(tx, other);
  // An origin the event leaves as it is (`stays`) keeps its status unless an effect chooses otherwise.
  let to = transition.stays?.includes(plan.status) ? plan.status : transition.to;
  for (const effect of transition.effects) {
    const chosen = await effect({ tx, plan, actor, actorRole, input, fireEvent });
    if (chosen) {
      if (!transition.alternatives?.includes(chosen.to))
        throw new Error(`${event} cannot lead to ${chosen.to}`);
      to = chosen.to;
    }
  }

  const version = plan.version + 1;
  await tx.plan.update({ where: { id: plan.id }, data: { status: to, version } });
  // Under the plan's row lock (lockPlan above): the chain of this plan's events stays linear.
  await appendWorkflowEvent(tx, {
    planId: plan.id,
    event,
    fromStatus: plan.status,
    toStatus: to,
    actorId: actor.userId,
    actorRole,
    reason: input.reason ?? null,
    payload: eventPayload(input),
    planVersion: version,
    createdAt: now(),
  });
  // Last, so that the pots — the rows every decision of a window waits for — stay locked only for
  // the booking and COMMIT. All in one transaction: a refusal here still rolls back everything.
  for (const effect of transition.potEffects ?? [])
    await effect({ tx, plan, actor, actorRole, input, fireEvent });
  return { version, status: to };
}

/**
 * What an event records besides its reason: the amounts of a grant, the reported start date, the
 * completeness check (the handler's confirmation and each checklist item's outcome), the request
 * for verlenging an event is about (its months, the old and the new last day, the outcome), what a
 * withdrawal released (in cents, as a string), the interim report an event is about.
 */
function eventPayload(input: EventInput): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (input.grantedPerYear)
    payload.grantedPerYear = input.grantedPerYear.map((g) => ({ year: g.year, cents: g.cents.toString() }));
  if (input.startedOn) payload.startedOn = input.startedOn;
  if (input.completeness) {
    payload.agreementSigned = input.completeness.agreementSigned;
    payload.items = input.completeness.items.map((i) => ({ code: i.code, ok: i.ok }));
  }
  if (input.extension) {
    payload.extensionId = input.extension.id;
    payload.months = input.extension.months;
    payload.previousEnd = input.extension.previousEnd;
    if (input.extension.newEnd) payload.newEnd = input.extension.newEnd;
    payload.outcome = input.extension.outcome;
  }
  if (input.releasedCents !== undefined) payload.releasedCents = input.releasedCents.toString();
  if (input.interimReport) {
    payload.interimReportId = input.interimReport.id;
    payload.afterMonths = input.interimReport.afterMonths;
    if (input.interimReport.late !== undefined) payload.late = input.interimReport.late;
    // Which file was handed in, so the event's hash (chain.server.ts) covers its bytes too; absent
    // without one, so the payload of every other submission is as it was.
    if (input.interimReport.auditReport) {
      payload.auditReportDocumentId = input.interimReport.auditReport.documentId;
      payload.auditReportSha256 = input.interimReport.auditReport.sha256;
    }
  }
  if (input.underspendingReport) {
    payload.underspendingReportId = input.underspendingReport.id;
    payload.halfYear = input.underspendingReport.halfYear;
    if (input.underspendingReport.late !== undefined) payload.late = input.underspendingReport.late;
  }
  return payload;
}
