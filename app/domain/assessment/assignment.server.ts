import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AssignmentStatus, PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { isAbsent } from "../caselist/absence.server.ts";
import { PAGE_SIZE } from "../caselist/params.ts";
import { now } from "../clock.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { retireUnopenableNotices } from "../notifications/retire.server.ts";
import { readDraft } from "../plan/steps/wizard.ts";
import { lockActingStaff } from "../workflow/acting-staff.server.ts";
import { advisersRequiredOf } from "./assessment.server.ts";

/**
 * The Actieteam's assignments (issue 5): a coordinator assigns an adviser to a plan in assessment,
 * or an adviser claims one; before the plan opens the adviser declares (no) conflict of interest.
 * Every change is written to the AuditLog in the transaction of the change itself.
 */

/** Assignments that still hold a seat on the plan (a declared conflict does not). */
const SEATED: AssignmentStatus[] = ["PENDING_DECLARATION", "ACTIVE"];
const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";

async function audit(
  tx: Tx,
  actorId: string,
  action: AuditAction,
  planId: string,
  details: Prisma.InputJsonValue,
): Promise<void> {
  await tx.auditLog.create({
    data: { actorId, action, targetType: "Plan", targetId: planId, details, createdAt: now() },
  });
}

export async function isCoordinator(db: Tx | typeof prisma, userId: string): Promise<boolean> {
  const m = await db.roleMembership.findFirst({
    where: { userId, role: "ADVISER", isCoordinator: true, user: { active: true } },
    select: { id: true },
  });
  return m !== null;
}

/**
 * The user is an active adviser, with their account locked FOR SHARE, before the plan's row
 * (workflow/acting-staff.server.ts): an admin switching the account off or taking the role away
 * (accounts/staff.server.ts) waits for this transaction, or this one sees the change, so no seat is
 * taken by someone whose seats that change has just released.
 */
const isActiveAdviser = (tx: Tx, userId: string) => lockActingStaff(tx, userId, "ADVISER");

async function requireCoordinator(tx: Tx, actor: Actor): Promise<void> {
  if (!actor.roles.includes("ADVISER") || !(await isCoordinator(tx, actor.userId)))
    throw new ForbiddenError("Alleen de coördinator van het Actieteam wijst adviseurs toe.");
}

/**
 * The states in which a plan is assessed: in assessment, and waiting for budget — a waiting plan is
 * granted for what is left at the end of its window only on advice (assessedBeforeWaitingGrant), so
 * its advisers work while it waits.
 */
/**
 * A seat on which its adviser declared a conflict of interest: CONFLICT, or one taken off the plan
 * after declaring it (the declaration stands). It keeps the adviser from the plan (design.md §4),
 * also as a coordinator told of it.
 */
export const DECLARED_CONFLICT = {
  OR: [{ status: "CONFLICT" }, { conflictExplanation: { not: null } }],
} satisfies Prisma.AdviserAssignmentWhereInput;

export const ASSESSED_IN: readonly PlanStatus[] = ["IN_ASSESSMENT", "WAITING_FOR_BUDGET"];

/** Locks the plan row: concurrent claims and assignments of one plan queue up here. */
async function lockForAssignment(tx: Tx, planId: string) {
  const rows = await tx.$queryRaw<{ id: string; status: PlanStatus; handlerId: string | null }[]>`
    SELECT id, status, "handlerId" FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
  const plan = rows[0];
  if (!plan || plan.status === "DRAFT") throw new NotFoundError(NOT_FOUND);
  if (!ASSESSED_IN.includes(plan.status))
    throw new ConflictError(
      "Alleen een plan in beoordeling of een plan dat op budget wacht krijgt een adviseur.",
      "WRONG_STATE",
    );
  return plan;
}

/** Said to the coordinator who assigns a (former) handler of the plan as its adviser. */
export const HANDLER_NOT_ADVISER =
  "Deze medewerker heeft dit plan behandeld en kan er daarom niet over adviseren (vier-ogenprincipe). Kies een andere adviseur.";
/** Said to an adviser who claims a plan they handled. */
export const HANDLER_MAY_NOT_CLAIM =
  "U heeft dit plan behandeld en kunt er daarom niet over adviseren (vier-ogenprincipe).";

/**
 * Everyone who handled the plan: the current handler and whoever took a handler's step on it
 * before (asked for a supplement, found it complete, took it over). handlerId names only the
 * latest; the decision's four-eyes reads the same history (decision/engine.server.ts).
 */
async function handlersOf(tx: Tx, planId: string, handlerId: string | null): Promise<Set<string>> {
  const { handlerStepActorIds } = await loadFourEyesFacts(tx, planId);
  return new Set([...(handlerId ? [handlerId] : []), ...handlerStepActorIds]);
}

async function addAssignment(
  tx: Tx,
  plan: { id: string; handlerId: string | null },
  adviserId: string,
  assignedById: string,
) {
  const planId = plan.id;
  if ((await handlersOf(tx, planId, plan.handlerId)).has(adviserId))
    throw new RuleViolation(
      adviserId === assignedById ? HANDLER_MAY_NOT_CLAIM : HANDLER_NOT_ADVISER,
      "adviserId",
    );
  // A declared conflict stands, also on a seat taken off the plan since (DECLARED_CONFLICT): a new
  // seat, claimed or assigned, would let its adviser declare "no conflict" and read the plan.
  const conflicted = await tx.adviserAssignment.findFirst({
    where: { planId, adviserId, ...DECLARED_CONFLICT },
    select: { id: true },
  });
  if (conflicted)
    throw new RuleViolation(
      "Deze adviseur heeft een mogelijk belang gemeld bij dit plan en kan het niet beoordelen.",
      "adviserId",
    );
  const existing = await tx.adviserAssignment.findFirst({
    where: { planId, adviserId, status: { not: "REMOVED" } },
    select: { status: true },
  });
  if (existing) throw new RuleViolation("Deze adviseur is al aan dit plan toegewezen.", "adviserId");
  return tx.adviserAssignment.create({
    data: { planId, adviserId, assignedById, assignedAt: now(), status: "PENDING_DECLARATION" },
    select: { id: true },
  });
}

/** The coordinator assigns an adviser; the adviser must still declare before the plan opens. */
export async function assignAdviser(actor: Actor, planId: string, adviserId: string) {
  return prisma.$transaction(async (tx) => {
    await requireCoordinator(tx, actor);
    if (!(await isActiveAdviser(tx, adviserId)))
      throw new RuleViolation("Kies een adviseur van het Actieteam.", "adviserId");
    const plan = await lockForAssignment(tx, planId);
    const a = await addAssignment(tx, plan, adviserId, actor.userId);
    await audit(tx, actor.userId, "assignment.assigned", planId, { assignmentId: a.id, adviserId });
    return a;
  });
}

/** An adviser takes an unassigned plan, as long as it still needs advisers. */
export async function claimPlan(actor: Actor, planId: string) {
  if (!actor.roles.includes("ADVISER")) throw new ForbiddenError();
  return prisma.$transaction(async (tx) => {
    // The session's roles were read when the request began; the account may have changed since.
    if (!(await isActiveAdviser(tx, actor.userId))) throw new ForbiddenError();
    const plan = await lockForAssignment(tx, planId);
    const needs = await tx.plan.findUniqueOrThrow({
      where: { id: planId },
      select: { advisersRequired: true, regulation: { select: { advisersRequired: true } } },
    });
    const seated = await tx.adviserAssignment.count({ where: { planId, status: { in: SEATED } } });
    if (seated >= advisersRequiredOf(needs))
      throw new ConflictError("Dit plan heeft al genoeg adviseurs.", "ALREADY_ASSIGNED");
    const a = await addAssignment(tx, plan, actor.userId, actor.userId);
    await audit(tx, actor.userId, "assignment.claimed", planId, {
      assignmentId: a.id,
      adviserId: actor.userId,
    });
    return a;
  });
}

export type Declaration = { conflict: false } | { conflict: true; explanation: string };

/**
 * The adviser's declaration on belangenverstrengeling. None → ACTIVE: the plan opens. A possible
 * interest → CONFLICT: blocked from the plan, recorded, and the coordinator assigns someone else.
 */
export async function declareInterest(actor: Actor, planId: string, declaration: Declaration) {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${planId} FOR UPDATE`;
    const a = await tx.adviserAssignment.findFirst({
      where: { planId, adviserId: actor.userId, status: "PENDING_DECLARATION" },
      select: { id: true },
    });
    if (!a)
      throw new ConflictError("Er is voor u geen verklaring open bij dit plan.", "NO_PENDING_ASSIGNMENT");
    const status: AssignmentStatus = declaration.conflict ? "CONFLICT" : "ACTIVE";
    const explanation = declaration.conflict ? declaration.explanation : null;
    await tx.adviserAssignment.update({
      where: { id: a.id },
      data: { status, declaredAt: now(), conflictExplanation: explanation },
    });
    await audit(
      tx,
      actor.userId,
      declaration.conflict ? "assignment.conflict-declared" : "assignment.no-conflict-declared",
      planId,
      // The statement itself (often about family or health: AVG art. 9) stays on the seat, which
      // the coordinator reads; the admin reads the audit trail but no plan, so it gets a flag.
      { assignmentId: a.id, adviserId: actor.userId, hasExplanation: explanation !== null },
    );
    return { status };
  });
}

/** Reassignment (absence, a declared conflict): the coordinator takes an adviser off, with a reason. */
export async function removeAssignment(actor: Actor, assignmentId: string, reason: string) {
  const why = reason.trim();
  if (!why) throw new RuleViolation("Geef de reden waarom de adviseur van het plan gaat.", "reason");
  return prisma.$transaction(async (tx) => {
    await requireCoordinator(tx, actor);
    const seat = await tx.adviserAssignment.findUnique({
      where: { id: assignmentId },
      select: { planId: true },
    });
    if (!seat) throw new NotFoundError("Deze toewijzing bestaat niet.");
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${seat.planId} FOR UPDATE`;
    // The seat's status is read only now, under the plan's lock: a second press (a double click,
    // a colleague) read before it waited here and would remove the seat again, with a second audit
    // row and its own reason over the first.
    const a = await tx.adviserAssignment.findUniqueOrThrow({
      where: { id: assignmentId },
      select: { id: true, planId: true, adviserId: true, status: true },
    });
    if (a.status === "REMOVED") throw new ConflictError("Deze adviseur is al van het plan gehaald.");
    // An advice that speaks for the plan as it stands keeps its seat. One on an earlier version
    // does not: the adviser has to advise again, and may be replaced meanwhile. Either way the
    // advice stays in the case file and its adviser on record (four-eyes: Advice, the seat's declaredAt).
    if ((await advisedOnLatestVersion(tx, a.adviserId, [a.planId])).size > 0)
      throw new RuleViolation(
        "Deze adviseur heeft al over de huidige versie van het plan geadviseerd en blijft eraan verbonden.",
      );
    await tx.adviserAssignment.update({
      where: { id: a.id },
      data: { status: "REMOVED", removedAt: now(), removedById: actor.userId, removalReason: why },
    });
    await audit(tx, actor.userId, "assignment.removed", a.planId, {
      assignmentId: a.id,
      adviserId: a.adviserId,
      previousStatus: a.status,
      // The coordinator's words (absence, illness) stay in removalReason, not on the admin's page.
      hasReason: true,
    });
    // Without the seat the plan's page is a 404 to the adviser (unless a handler's role still
    // opens it): its notices leave the bell, as after an admin's account change.
    await retireUnopenableNotices(tx, a.adviserId);
  });
}

/**
 * The plans among `planIds` on whose latest version the adviser advised: only such advice counts
 * towards the plan's advisers (enoughAdvice), so only it holds the seat against a removal. After a
 * supplement made a new version the adviser advises again, and until then is replaceable like one
 * who has not advised — else a seat the adviser can no longer fill (switched off, absent) keeps the
 * plan from the advice it needs.
 */
async function advisedOnLatestVersion(
  tx: Tx | typeof prisma,
  adviserId: string,
  planIds: readonly string[],
): Promise<Set<string>> {
  const latest = await tx.planVersion.groupBy({
    by: ["planId"],
    where: { planId: { in: [...planIds] } },
    _max: { number: true },
  });
  const latestOf = new Map(latest.map((v) => [v.planId, v._max.number]));
  const advice = await tx.advice.findMany({
    where: { adviserId, planId: { in: [...planIds] }, planVersionId: { not: null } },
    select: { planId: true, planVersion: { select: { number: true } } },
  });
  return new Set(advice.filter((a) => a.planVersion?.number === latestOf.get(a.planId)).map((a) => a.planId));
}

/**
 * Plans on which a seat still counts towards the advisers the assessment needs: in assessment, or
 * on their way there or back (a supplement asked, waiting for budget); and ADVISED, where a seat
 * without advice on the current version is the optional second adviser's, still offered the advice
 * form (assessmentView's mayAdvise). After that the seat is history.
 */
const SEAT_COUNTS_IN: PlanStatus[] = [
  "SUBMITTED",
  "INFO_REQUESTED",
  "IN_ASSESSMENT",
  "WAITING_FOR_BUDGET",
  "ADVISED",
];

/**
 * An adviser's seats end because the admin switched the account off or took the ADVISER role away
 * (accounts/staff.server.ts), in the caller's transaction: as the coordinator's removal does, they
 * become REMOVED, with who and why, and an audit row each, so that another adviser can take the plan.
 * A seat whose adviser advised on the plan's latest version stays, as removeAssignment keeps it
 * (advisedOnLatestVersion); the advice rows stay in any case (four-eyes).
 * Returns how many seats ended.
 */
export async function releaseAdviserSeats(
  tx: Tx,
  adviserId: string,
  byId: string,
  reason: string,
): Promise<number> {
  const where = { adviserId, status: { in: SEATED }, plan: { status: { in: SEAT_COUNTS_IN } } };
  const candidates = await tx.adviserAssignment.findMany({ where, select: { planId: true } });
  const planIds = [...new Set(candidates.map((c) => c.planId))];
  if (planIds.length === 0) return 0;
  // In one order, as every other writer locks the plan before its assignments: a declaration or an
  // advice on the plan either commits first (and is seen below) or waits for this release. NO KEY
  // UPDATE, as the account change's own plan locks (workflow/acting-staff.server.ts): it still
  // queues with every step's FOR UPDATE, but not with a row inserted for the plan meanwhile.
  await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ANY(${planIds}::text[]) ORDER BY id FOR NO KEY UPDATE`;
  const seats = await tx.adviserAssignment.findMany({
    where: { ...where, planId: { in: planIds } },
    orderBy: { assignedAt: "asc" },
    select: { id: true, planId: true, status: true },
  });
  const advised = await advisedOnLatestVersion(tx, adviserId, planIds);
  let released = 0;
  for (const seat of seats) {
    if (advised.has(seat.planId)) continue;
    await tx.adviserAssignment.update({
      where: { id: seat.id },
      data: { status: "REMOVED", removedAt: now(), removedById: byId, removalReason: reason },
    });
    // `reason` here is the system's fixed text for the admin's own act (RELEASE_REASON), not
    // someone's words about a person, so the trail keeps it (audit/present.ts shows it).
    await audit(tx, byId, "assignment.removed", seat.planId, {
      assignmentId: seat.id,
      adviserId,
      previousStatus: seat.status,
      reason,
    });
    released++;
  }
  // The bell's notices about plans the adviser no longer opens, whichever caller ended the seats.
  if (released > 0) await retireUnopenableNotices(tx, adviserId);
  return released;
}

/**
 * The ADVISED plans on which the actor may still advise (assessmentView's mayAdvise): a seat, not
 * the plan's handler, and no advice of theirs on its current version — the optional second adviser
 * (design.md §4). A seat still awaiting its declaration counts too: the queue leads there to the
 * declaration, after which the form opens. The assessment queue names them besides the plans
 * ASSESSED_IN. Few (the actor's own seats), so looked up apart and passed to the list's where as ids.
 */
export async function advisableAdvisedPlans(db: Tx | typeof prisma, actor: Actor): Promise<string[]> {
  if (!actor.roles.includes("ADVISER")) return [];
  const seats = await db.adviserAssignment.findMany({
    where: {
      adviserId: actor.userId,
      status: { in: ["ACTIVE", "PENDING_DECLARATION"] },
      plan: { status: "ADVISED" },
    },
    select: { planId: true, plan: { select: { handlerId: true } } },
  });
  const planIds = seats.filter((x) => x.plan.handlerId !== actor.userId).map((x) => x.planId);
  if (planIds.length === 0) return [];
  const advised = await advisedOnLatestVersion(db, actor.userId, planIds);
  return planIds.filter((id) => !advised.has(id));
}

/**
 * Filters for the assessment queue (H5's /behandeling list), to AND with its own where:
 * "mine" = the actor holds a seat (pending or active); "unassigned" = nobody holds a seat.
 */
export function assessmentQueueWhere(actor: Actor, filter: "mine" | "unassigned"): Prisma.PlanWhereInput {
  return filter === "mine"
    ? { assignments: { some: { adviserId: actor.userId, status: { in: SEATED } } } }
    : { assignments: { none: { status: { in: SEATED } } } };
}

type AssignedAdviser = {
  assignmentId: string;
  adviserId: string;
  name: string;
  status: AssignmentStatus;
  absent: boolean;
};

export type PlanAssignmentSummary = {
  /** The advisers who hold a seat (pending or active): those who (will) assess the plan. */
  advisers: AssignedAdviser[];
  /** Who declared a conflict on the plan: barred from it, so no adviser of it in a list. */
  conflicted: AssignedAdviser[];
  /** The actor's own assignment on the plan, if any (not REMOVED). */
  mine: AssignmentStatus | null;
  unassigned: boolean;
  /** Seats held (pending or active), as claimPlan counts them. */
  held: number;
};

/** Assigned advisers per plan for one page of a queue: one query, whatever the page size. */
export async function assignmentsForPlans(
  actor: Actor,
  planIds: readonly string[],
): Promise<Map<string, PlanAssignmentSummary>> {
  const rows = await prisma.adviserAssignment.findMany({
    where: { planId: { in: [...planIds] }, status: { not: "REMOVED" } },
    orderBy: { assignedAt: "asc" },
    select: { id: true, planId: true, adviserId: true, status: true },
  });
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.adviserId))] } },
    select: { id: true, name: true, absentUntil: true },
  });
  const at = now();
  const out = new Map<string, PlanAssignmentSummary>();
  for (const id of planIds)
    out.set(id, { advisers: [], conflicted: [], mine: null, unassigned: true, held: 0 });
  for (const r of rows) {
    const entry = out.get(r.planId);
    if (!entry) continue;
    const u = users.find((x) => x.id === r.adviserId);
    const seated = SEATED.includes(r.status);
    (seated ? entry.advisers : entry.conflicted).push({
      assignmentId: r.id,
      adviserId: r.adviserId,
      name: u?.name ?? "",
      status: r.status,
      absent: isAbsent(u?.absentUntil ?? null, at),
    });
    if (r.adviserId === actor.userId) entry.mine = r.status;
    if (seated) {
      entry.unassigned = false;
      entry.held++;
    }
  }
  return out;
}

/**
 * What an assigned adviser sees before declaring: only what is needed to judge a conflict of
 * interest (kenmerk, title, organisation, partnership), never the plan's content.
 */
export async function declarationView(actor: Actor, planId: string) {
  if (!actor.roles.includes("ADVISER")) throw new NotFoundError(NOT_FOUND);
  const assignment = await prisma.adviserAssignment.findFirst({
    where: { planId, adviserId: actor.userId, status: { not: "REMOVED" } },
    select: { status: true, conflictExplanation: true },
  });
  if (!assignment) throw new NotFoundError(NOT_FOUND);
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { reference: true, title: true, draftData: true, organisation: { select: { name: true } } },
  });
  const draft = readDraft(plan.draftData);
  return {
    reference: plan.reference,
    title: plan.title,
    organisationName: plan.organisation.name,
    leadName: draft.lead.leadName,
    partners: draft.partnership.partners.map((p) => ({ kind: p.kind, name: p.name })),
    status: assignment.status,
    conflictExplanation: assignment.conflictExplanation,
  };
}

/**
 * The assignment page at the page that holds the plan (assignmentOverview's `plan`): with the
 * page a time, the bare page may not show it.
 */
export const assignmentPageHref = (planId: string) => `/behandeling/toewijzing?plan=${planId}#plan-${planId}`;

/** Plans per page of the assignment page, as in the staff lists. */
export const ASSIGNMENT_PAGE_SIZE = PAGE_SIZE;

const ASSESSED_WHERE = { status: { in: [...ASSESSED_IN] } } satisfies Prisma.PlanWhereInput;

/**
 * How many assessed plans come before `planId` in the overview's order (receipt, then number;
 * PostgreSQL puts a missing receipt last), or null when the plan is not among them.
 */
async function positionInOverview(planId: string): Promise<number | null> {
  const p = await prisma.plan.findFirst({
    where: { id: planId, ...ASSESSED_WHERE },
    select: { completeReceivedAt: true, number: true },
  });
  if (!p) return null;
  const at = p.completeReceivedAt;
  return prisma.plan.count({
    where: {
      ...ASSESSED_WHERE,
      OR: at
        ? [{ completeReceivedAt: { lt: at } }, { completeReceivedAt: at, number: { lt: p.number } }]
        : [{ completeReceivedAt: { not: null } }, { completeReceivedAt: null, number: { lt: p.number } }],
    },
  });
}

/**
 * The coordinator's overview: plans in assessment and plans waiting for budget (ASSESSED_IN) with
 * their advisers, declared conflicts, the advisers. A page of them at a time (`page`, from 1);
 * `plan` asks for the page that holds that plan, which the adviser's queue links to
 * (caselist/list.server.ts rowHref). A fixed number of queries per page.
 */
export async function assignmentOverview(actor: Actor, opts: { page?: number; plan?: string } = {}) {
  if (!actor.roles.includes("ADVISER")) throw new ForbiddenError();
  const coordinator = await isCoordinator(prisma, actor.userId);
  const [total, position] = await Promise.all([
    prisma.plan.count({ where: ASSESSED_WHERE }),
    opts.plan ? positionInOverview(opts.plan) : null,
  ]);
  const pageCount = Math.max(1, Math.ceil(total / ASSIGNMENT_PAGE_SIZE));
  const page =
    position !== null
      ? Math.floor(position / ASSIGNMENT_PAGE_SIZE) + 1
      : Math.min(Math.max(1, Math.trunc(opts.page ?? 1)), pageCount);
  const plans = await prisma.plan.findMany({
    where: ASSESSED_WHERE,
    orderBy: [{ completeReceivedAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
    skip: (page - 1) * ASSIGNMENT_PAGE_SIZE,
    take: ASSIGNMENT_PAGE_SIZE,
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      advisersRequired: true,
      regulation: { select: { advisersRequired: true } },
      organisation: { select: { name: true } },
    },
  });
  const byPlan = await assignmentsForPlans(
    actor,
    plans.map((p) => p.id),
  );
  const conflicts = coordinator
    ? await prisma.adviserAssignment.findMany({
        where: { status: "CONFLICT", plan: { status: { in: [...ASSESSED_IN] } } },
        orderBy: { declaredAt: "desc" },
        select: {
          id: true,
          planId: true,
          adviserId: true,
          declaredAt: true,
          conflictExplanation: true,
          plan: { select: { reference: true } },
        },
      })
    : [];
  const advisers = coordinator
    ? await prisma.user.findMany({
        where: { active: true, memberships: { some: { role: "ADVISER" } } },
        orderBy: { name: "asc" },
        select: { id: true, name: true, absentUntil: true },
      })
    : [];
  const nameOf = (id: string) => advisers.find((a) => a.id === id)?.name ?? "";
  const at = now();
  return {
    coordinator,
    page,
    pageCount,
    total,
    plans: plans.map((p) => {
      const { advisers: held, conflicted, ...summary } = byPlan.get(p.id) as PlanAssignmentSummary;
      return {
        id: p.id,
        reference: p.reference,
        title: p.title,
        organisationName: p.organisation.name,
        /** Waits for budget: advised now, it can be granted for what is left when its window closed. */
        waitingForBudget: p.status === "WAITING_FOR_BUDGET",
        ...summary,
        // Here the declared conflicts are named too, marked as such (toewijzing.tsx).
        advisers: [...held, ...conflicted],
        /** Seats claimPlan still gives: a plan needing two advisers is open after the first. */
        openSeats: Math.max(0, advisersRequiredOf(p) - summary.held),
      };
    }),
    conflicts: conflicts.map((c) => ({
      assignmentId: c.id,
      planId: c.planId,
      reference: c.plan.reference,
      adviserName: nameOf(c.adviserId),
      declaredAt: c.declaredAt?.toISOString() ?? null,
      explanation: c.conflictExplanation ?? "",
    })),
    advisers: advisers.map((a) => ({
      id: a.id,
      name: a.name,
      absent: isAbsent(a.absentUntil, at),
    })),
  };
}
