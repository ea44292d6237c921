import { randomUUID } from "node:crypto";
import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { ExtensionStatus, PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { interimReportsDue, reportDueOn } from "../settlement/terms.ts";
import { amsterdamDate, isOverdue, type LocalDate, localDateFromDb } from "../time/index.ts";
import { applyEvent, assertVersion, lockPlan } from "../workflow/apply-event.server.ts";
import { type EventName, type PlanFacts, WORKFLOW, whyNot } from "../workflow/definition.server.ts";
import {
  EXTENDABLE_STATUSES,
  EXTENSION_HANDLED,
  extendedPeriodEnd,
  extensionDecisionDueOn,
  extensionDecisionSchema,
  extensionLetterKey,
  extensionRequestSchema,
  extensionWindowRefusal,
  NOT_EXTENDABLE_STATUS,
  periodEndedRefusal,
} from "./rules.ts";

/**
 * Verlenging of a granted plan's period (regulation art. 1.2a): the applicant's request, its
 * withdrawal, the decision maker's besluit, and what the pages read. Each act is a workflow event
 * (request_extension, withdraw_extension, decide_extension) that leaves the status as it is, so it
 * sits in the plan's hash-chained log; the rules are the table's guards, checked under the plan's
 * lock, and the writes its effects (workflow-effects.server.ts), all in one transaction.
 */

export const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";

export type ExtensionRow = {
  id: string;
  status: ExtensionStatus;
  requestedMonths: number;
  motivation: string;
  requestedAt: Date;
  requestedByName: string;
  previousPeriodEnd: LocalDate;
  grantedMonths: number | null;
  newPeriodEnd: LocalDate | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  decidedByName: string | null;
  closedAt: Date | null;
  /** Eight weeks from receipt (Awb 4:13 lid 2), moved by the Atw. */
  decisionDueOn: LocalDate;
  /** The EXTENSION_DECISION letter, once stored. */
  letterDocumentId: string | null;
};

/** The input broke the form's rules: every issue, by field, besides the first as the message. */
export class ExtensionInputError extends RuleViolation {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues[0]?.message ?? "Controleer de invoer.", issues[0]?.path || undefined, "INVALID_INPUT");
  }
}

function parseOrThrow<T>(result: {
  success: boolean;
  data?: T;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): T {
  if (result.success) return result.data as T;
  throw new ExtensionInputError(
    (result.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

async function assertVisible(tx: Tx, actor: Actor, planId: string): Promise<void> {
  const plan = await tx.plan.findFirst({ where: planWhereForActor(actor, planId), select: { id: true } });
  if (!plan) throw new NotFoundError(NOT_FOUND);
}

/** As applyEvent refuses: the wrong state is a conflict (409), anything else forbidden (403). */
function refuse(event: EventName, facts: PlanFacts, actor: Actor): void {
  const reason = whyNot(event, facts, actor);
  if (!reason) return;
  if (!WORKFLOW[event].from.includes(facts.status)) throw new ConflictError(reason, "WRONG_STATE");
  throw new ForbiddenError(reason);
}

/**
 * Locks the plan, checks the version and the event's guards, before the input is looked at.
 * `expectedVersion` null: the plan's version as it stands (a preview asks no optimistic lock).
 */
async function lockFor(
  tx: Tx,
  actor: Actor,
  planId: string,
  expectedVersion: number | null,
  event: EventName,
) {
  await assertVisible(tx, actor, planId);
  const facts = await lockPlan(tx, planId);
  if (expectedVersion !== null) assertVersion(facts, expectedVersion);
  refuse(event, facts, actor);
  return facts;
}

/** The open request the act is about: the one a stale page shows may have been handled meanwhile. */
async function openRequest(tx: Tx, facts: PlanFacts, extensionId: string) {
  if (facts.openExtensionId !== extensionId) throw new ConflictError(EXTENSION_HANDLED, "EXTENSION_HANDLED");
  return tx.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
}

/** A signatory of the plan's organisation asks to extend the period (rule 1). */
export async function requestExtension(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  input: unknown,
): Promise<{ version: number; extensionId: string }> {
  return prisma.$transaction(async (tx) => {
    const facts = await lockFor(tx, actor, planId, expectedVersion, "request_extension");
    const { months, motivation } = parseOrThrow(
      extensionRequestSchema(facts.extensionMonths ?? 0).safeParse(input),
    );
    if (!facts.periodEnd) throw new Error("a granted plan without a period");
    const extensionId = randomUUID();
    const { version } = await applyEvent(tx, {
      planId,
      event: "request_extension",
      actor,
      expectedVersion,
      locked: facts,
      input: {
        reason: motivation,
        extension: {
          id: extensionId,
          months,
          motivation,
          previousEnd: localDateFromDb(facts.periodEnd),
          outcome: "REQUESTED",
        },
      },
    });
    return { version, extensionId };
  });
}

/**
 * A tekenbevoegde of the organisation withdraws its open request (rule 2): it gives up the time the
 * organisation asked for, so a colleague who could not ask cannot take it back either.
 */
export async function withdrawExtension(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  extensionId: string,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const facts = await lockFor(tx, actor, planId, expectedVersion, "withdraw_extension");
    const request = await openRequest(tx, facts, extensionId);
    const { version } = await applyEvent(tx, {
      planId,
      event: "withdraw_extension",
      actor,
      expectedVersion,
      locked: facts,
      input: {
        extension: {
          id: extensionId,
          months: request.requestedMonths,
          previousEnd: localDateFromDb(request.previousPeriodEnd),
          outcome: "WITHDRAWN",
        },
      },
    });
    return { version };
  });
}

/** The decision maker grants (all or some of the months asked) or refuses the open request (rule 3). */
export async function decideExtension(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  extensionId: string,
  input: unknown,
): Promise<{ version: number }> {
  return prisma.$transaction((tx) =>
    decideExtensionIn(tx, actor, planId, expectedVersion, extensionId, input),
  );
}

/**
 * decideExtension's work inside the caller's transaction, so that the letter's preview
 * (preview.server.ts) takes the besluit by the same path and rolls it back. `expectedVersion`
 * null: on the plan's version as it stands.
 */
export async function decideExtensionIn(
  tx: Tx,
  actor: Actor,
  planId: string,
  expectedVersion: number | null,
  extensionId: string,
  input: unknown,
): Promise<{ version: number }> {
  const facts = await lockFor(tx, actor, planId, expectedVersion, "decide_extension");
  const request = await openRequest(tx, facts, extensionId);
  const decision = parseOrThrow(extensionDecisionSchema(request.requestedMonths).safeParse(input));
  const previousEnd = localDateFromDb(request.previousPeriodEnd);
  const granted = decision.outcome === "GRANT";
  const months = granted ? decision.months : request.requestedMonths;
  const { version } = await applyEvent(tx, {
    planId,
    event: "decide_extension",
    actor,
    expectedVersion: facts.version,
    locked: facts,
    input: {
      reason: decision.reason,
      extension: {
        id: extensionId,
        months,
        previousEnd,
        newEnd: granted ? extendedPeriodEnd(previousEnd, months) : undefined,
        outcome: granted ? "GRANTED" : "REFUSED",
      },
    },
  });
  return { version };
}

const EXTENSION_SELECT = {
  id: true,
  status: true,
  requestedMonths: true,
  motivation: true,
  requestedAt: true,
  requestedById: true,
  previousPeriodEnd: true,
  grantedMonths: true,
  newPeriodEnd: true,
  decisionReason: true,
  decidedAt: true,
  decidedById: true,
  closedAt: true,
} as const satisfies Prisma.PlanExtensionSelect;

type ExtensionRecord = Prisma.PlanExtensionGetPayload<{ select: typeof EXTENSION_SELECT }>;

async function namesOf(records: ExtensionRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(records.flatMap((r) => [r.requestedById, r.decidedById ?? []].flat()))];
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

function toRow(
  r: ExtensionRecord,
  names: Map<string, string>,
  letterDocumentId: string | null,
): ExtensionRow {
  return {
    id: r.id,
    status: r.status,
    requestedMonths: r.requestedMonths,
    motivation: r.motivation,
    requestedAt: r.requestedAt,
    requestedByName: names.get(r.requestedById) ?? "—",
    previousPeriodEnd: localDateFromDb(r.previousPeriodEnd),
    grantedMonths: r.grantedMonths,
    newPeriodEnd: r.newPeriodEnd ? localDateFromDb(r.newPeriodEnd) : null,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    decidedByName: r.decidedById ? (names.get(r.decidedById) ?? "—") : null,
    closedAt: r.closedAt,
    decisionDueOn: extensionDecisionDueOn(r.requestedAt),
    letterDocumentId,
  };
}

export type ExtensionsView = {
  plan: {
    id: string;
    reference: string;
    title: string;
    status: PlanStatus;
    version: number;
    periodStart: LocalDate | null;
    periodEnd: LocalDate | null;
    organisationName: string;
    /** The realisation report's due date on the period as it stands (art. 5.5). */
    reportDueOn: LocalDate | null;
    /**
     * The interim reports' due dates on the period as it stands (art. 5.4), as the letters give
     * them: never before 8 weeks after the grant, nor a report a verlenging added before 8 weeks
     * after that besluit (settlement/terms.ts interimReportsDue).
     */
    interimReportDueOn: LocalDate[];
  };
  /** The grant's extensionMonths: the most that may be asked. */
  maxMonths: number;
  /** Newest first. */
  rows: ExtensionRow[];
  open: ExtensionRow | null;
  granted: ExtensionRow | null;
  /** Whether this actor may ask now, by the same guards as the event (or why not, in Dutch). */
  canRequest: { ok: true } | { ok: false; reason: string };
  /**
   * canRequest's reason when it is about when (the period ended; art. 1.2a lid 2: not before the
   * interim report, not after 24 months from the grant), naming the day; else null.
   */
  requestTiming: string | null;
  /**
   * While a request is open: whether this actor may withdraw it, by the event's guards (a
   * tekenbevoegde of the organisation), or why not; null when nothing is open.
   */
  canWithdraw: { ok: true } | { ok: false; reason: string } | null;
  /**
   * For a decision maker while a request is open: whether they may decide it, by the event's
   * guards with the plan's four-eyes history (or why not); null for anyone else or nothing open.
   */
  canDecide: { ok: true } | { ok: false; reason: string } | null;
};

/** The plan's requests for verlenging, for its organisation or staff (scoped like every plan read). */
export async function loadExtensions(actor: Actor, planId: string): Promise<ExtensionsView> {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      version: true,
      organisationId: true,
      handlerId: true,
      periodStart: true,
      periodEnd: true,
      organisation: { select: { name: true } },
      extensions: { select: EXTENSION_SELECT, orderBy: [{ requestedAt: "desc" }, { id: "asc" }] },
      ...PLAN_TERMS_SELECT,
      // The grant's day as well: the interim reports are never due before 8 weeks after it.
      decision: { select: { ...PLAN_TERMS_SELECT.decision.select, decidedAt: true } },
      // Art. 1.2a lid 2: a request only after the interim report of art. 5.4 lid 1 was submitted.
      interimReports: { where: { afterMonths: 12, submittedAt: { not: null } }, select: { id: true } },
    },
  });
  if (!plan) throw new NotFoundError(NOT_FOUND);
  const terms = termsOf(plan);
  const decider = actor.roles.includes("DECISION_MAKER");
  const [names, letters, signatories, fourEyes, advisers] = await Promise.all([
    namesOf(plan.extensions),
    prisma.document.findMany({
      where: { planId, kind: "EXTENSION_DECISION" },
      select: { id: true, idempotencyKey: true },
    }),
    prisma.roleMembership.findMany({
      where: {
        organisationId: plan.organisationId,
        role: "APPLICANT",
        isSignatory: true,
        user: { active: true },
      },
      select: { userId: true },
    }),
    decider ? loadFourEyesFacts(prisma, planId) : null,
    decider ? prisma.advice.findMany({ where: { planId }, select: { adviserId: true } }) : [],
  ]);
  // The letter is stored under its request's key (the letters job uses the same function).
  const letterOf = (id: string) =>
    letters.find((d) => d.idempotencyKey === extensionLetterKey(id))?.id ?? null;
  const rows = plan.extensions.map((r) => toRow(r, names, letterOf(r.id)));
  const openRecord = plan.extensions.find((r) => r.status === "REQUESTED");
  const facts: PlanFacts = {
    id: plan.id,
    status: plan.status,
    version: plan.version,
    organisationId: plan.organisationId,
    handlerId: plan.handlerId,
    adviserIds: advisers.map((a) => a.adviserId),
    ...fourEyes,
    signatoryIds: signatories.map((m) => m.userId),
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    decidedAt: plan.decision?.decidedAt ?? null,
    extensionMonths: terms.extensionMonths,
    openExtensionId: openRecord?.id ?? null,
    extensionGranted: plan.extensions.some((r) => r.status === "GRANTED"),
    interimReportSubmitted: plan.interimReports.length > 0,
  };
  const decideRefusal = decider && openRecord ? whyNot("decide_extension", facts, actor) : undefined;
  const withdrawRefusal = openRecord ? whyNot("withdraw_extension", facts, actor) : undefined;
  const refusal = (EXTENDABLE_STATUSES as readonly PlanStatus[]).includes(plan.status)
    ? whyNot("request_extension", facts, actor)
    : NOT_EXTENDABLE_STATUS;
  const periodStart = plan.periodStart ? localDateFromDb(plan.periodStart) : null;
  const periodEnd = plan.periodEnd ? localDateFromDb(plan.periodEnd) : null;
  // The same guards' answer on when (the period, art. 1.2a lid 2), to tell apart "not now" from
  // "not you" or "not this grant": only the first is shown on the plan page.
  const today = amsterdamDate(now());
  const timing =
    periodEndedRefusal({ periodEnd }, today) ??
    extensionWindowRefusal(
      {
        periodStart,
        periodEnd,
        grantDecidedAt: plan.decision?.decidedAt ?? null,
        interimReportSubmitted: facts.interimReportSubmitted ?? false,
      },
      today,
    );
  return {
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      status: plan.status,
      version: plan.version,
      periodStart,
      periodEnd,
      organisationName: plan.organisation.name,
      reportDueOn: plan.periodEnd ? reportDueOn(plan.periodEnd, terms.settlementRequestWeeks) : null,
      // The days the grant letter and a granted verlenging's letter give, as the plan page, the
      // reminders and the late flag read them; art. 5.4's bare days would name a day already past
      // to a plan granted (or extended) late.
      interimReportDueOn: interimReportsDue(
        plan.periodStart,
        plan.periodEnd,
        plan.extensions.find((r) => r.status === "GRANTED") ?? null,
        plan.decision?.decidedAt ?? null,
      ).map((r) => r.dueOn),
    },
    maxMonths: terms.extensionMonths,
    rows,
    open: rows.find((r) => r.status === "REQUESTED") ?? null,
    granted: rows.find((r) => r.status === "GRANTED") ?? null,
    canRequest: refusal ? { ok: false, reason: refusal } : { ok: true },
    requestTiming: refusal && refusal === timing ? refusal : null,
    canWithdraw:
      withdrawRefusal === undefined
        ? null
        : withdrawRefusal
          ? { ok: false, reason: withdrawRefusal }
          : { ok: true },
    canDecide:
      decideRefusal === undefined
        ? null
        : decideRefusal
          ? { ok: false, reason: decideRefusal }
          : { ok: true },
  };
}

/** Who sees the staff's list of open requests: those who handle, decide and pay plans. */
const LIST_ROLES: readonly Role[] = ["CASE_HANDLER", "DECISION_MAKER", "FINANCE"];

export type OpenExtensionRow = ExtensionRow & {
  planId: string;
  reference: string;
  title: string;
  organisationName: string;
  /** The decision term has passed ("overschreden"). */
  overdue: boolean;
};

/** Every request awaiting its decision, oldest first, with its decision term. */
export async function listOpenExtensions(actor: Actor): Promise<OpenExtensionRow[]> {
  if (!actor.roles.some((r) => LIST_ROLES.includes(r))) throw new ForbiddenError();
  const records = await prisma.planExtension.findMany({
    where: { status: "REQUESTED" },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    select: {
      ...EXTENSION_SELECT,
      plan: { select: { id: true, reference: true, title: true, organisation: { select: { name: true } } } },
    },
  });
  const names = await namesOf(records);
  const at = now();
  return records.map((r) => {
    const row = toRow(r, names, null);
    return {
      ...row,
      planId: r.plan.id,
      reference: r.plan.reference,
      title: r.plan.title,
      organisationName: r.plan.organisation.name,
      overdue: isOverdue(row.decisionDueOn, at),
    };
  });
}
