import type { Tx } from "../../db/client.server.ts";
import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { commitForPlan, releaseForPlan, reserveForPlan } from "../budget/ledger.server.ts";
import { now } from "../clock.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import { cancelReminders, scheduleDecisionTermReminders } from "../reminders/reminders.server.ts";

/**
 * The workflow of design.md §4 as one declarative table: for every event the states it may
 * fire from, the state it leads to, the roles that may fire it, its guards and its effects.
 * applyEvent() is the only code that writes Plan.status. The walking skeleton has the thin
 * path; the review-workflow issue adds the other events to this same table.
 */

export type EventName =
  | "submit"
  | "request_info"
  | "supply_info"
  | "complete"
  | "advise"
  | "grant"
  | "grant_partially"
  | "reject";

export type PlanFacts = {
  id: string;
  status: PlanStatus;
  version: number;
  organisationId: string;
  handlerId: string | null;
  adviserIds: string[];
  /**
   * The active signatories (tekenbevoegden) of the plan's organisation, loaded by lockPlan. Absent
   * where facts are built without them (a page view): the submit guard then refuses, never allows.
   */
  signatoryIds?: readonly string[];
};

export type EventInput = {
  /** Per-year amounts for grant events. */
  grantedPerYear?: { year: number; cents: bigint }[];
  reason?: string;
  decisionId?: string;
  /** For "submit": the version just frozen, which the acknowledgement of receipt names. */
  planVersionId?: string;
};

export type EffectContext = {
  tx: Tx;
  plan: PlanFacts;
  actor: Actor;
  actorRole: Role;
  input: EventInput;
};

/** A guard returns null when the event may fire, otherwise the reason (Dutch) it may not. */
type Guard = (plan: PlanFacts, actor: Actor) => string | null;
type Effect = (ctx: EffectContext) => Promise<void>;

export type Transition = {
  from: readonly PlanStatus[];
  to: PlanStatus;
  roles: readonly Role[];
  guards: readonly Guard[];
  effects: readonly Effect[];
};

const ownOrganisation: Guard = (plan, actor) =>
  actor.organisationIds.includes(plan.organisationId) ? null : "Dit plan is niet van uw organisatie.";

export const NOT_A_SIGNATORY =
  "Alleen een tekenbevoegde van uw organisatie mag het plan indienen. Bied het plan ter ondertekening aan.";

/** Only an authorised signatory of the plan's organisation submits (issue 4). */
const signatory: Guard = (plan, actor) =>
  plan.signatoryIds?.includes(actor.userId) ? null : NOT_A_SIGNATORY;

/** Four-eyes (design.md §4): the decision maker is never the handler or an adviser of the plan. */
const fourEyes: Guard = (plan, actor) =>
  plan.handlerId === actor.userId || plan.adviserIds.includes(actor.userId)
    ? "U heeft dit plan behandeld of erover geadviseerd; een ander moet erover beslissen (vier-ogenprincipe)."
    : null;

const notTheHandler: Guard = (plan, actor) =>
  plan.handlerId === actor.userId ? "De behandelaar van een plan adviseert er niet zelf over." : null;

const reserveBudget: Effect = async ({ tx, plan, actor }) => {
  await reserveForPlan(tx, { planId: plan.id, actorId: actor.userId });
};

const recordCompleteReceipt: Effect = async ({ tx, plan, actor }) => {
  // Allocation follows the moment the complete application was received (regulation art. 1.5).
  await tx.plan.update({
    where: { id: plan.id },
    data: { completeReceivedAt: now(), handlerId: actor.userId },
  });
};

const commitBudget: Effect = async ({ tx, plan, actor, input }) => {
  if (!input.grantedPerYear) throw new Error("grant without amounts");
  await commitForPlan(tx, { planId: plan.id, actorId: actor.userId, grantedPerYear: input.grantedPerYear });
};

const releaseBudget: Effect = async ({ tx, plan, actor, input }) => {
  await releaseForPlan(tx, { planId: plan.id, actorId: actor.userId, reason: input.reason ?? "afwijzing" });
};

const acknowledgeReceipt: Effect = async ({ tx, plan, input }) => {
  if (!input.planVersionId) throw new Error("submit without a plan version");
  await writeOutbox(tx, "renderLetter", {
    kind: "ACKNOWLEDGEMENT",
    planId: plan.id,
    planVersionId: input.planVersionId,
  });
};

const tellApplicantSupplement: Effect = async ({ tx, plan }) => {
  const { reference } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { reference: true },
  });
  await notifyPlanOrganisation(tx, {
    planId: plan.id,
    title: `Aanvulling gevraagd: ${reference}`,
    body: "De behandelaar vraagt u de aanvraag aan te vullen. De stappen waar het om gaat staan weer open.",
    link: `/aanvrager/plannen/${plan.id}`,
    email: { template: "supplement-requested" },
  });
};

const startDecisionTerm: Effect = async ({ tx, plan }) => {
  await scheduleDecisionTermReminders(tx, plan.id);
};

const stopReminders: Effect = async ({ tx, plan }) => {
  await cancelReminders(tx, plan.id);
};

const decisionLetter =
  (kind: "GRANT_DECISION" | "PARTIAL_GRANT_DECISION" | "REJECTION_DECISION"): Effect =>
  async ({ tx, plan, input }) => {
    if (!input.decisionId) throw new Error("decision letter without decision");
    await writeOutbox(tx, "renderLetter", { kind, planId: plan.id, decisionId: input.decisionId });
  };

export const WORKFLOW: Record<EventName, Transition> = {
  submit: {
    from: ["DRAFT"],
    to: "SUBMITTED",
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatory],
    effects: [acknowledgeReceipt],
  },
  // "Aanvulling vragen" (Awb 4:5): the steps named in the request reopen for the applicant.
  request_info: {
    from: ["SUBMITTED"],
    to: "INFO_REQUESTED",
    roles: ["CASE_HANDLER"],
    guards: [],
    effects: [tellApplicantSupplement],
  },
  // "Aanvulling versturen": a signatory sends the plan back; a new version is frozen and acknowledged.
  supply_info: {
    from: ["INFO_REQUESTED"],
    to: "SUBMITTED",
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatory],
    effects: [acknowledgeReceipt],
  },
  complete: {
    from: ["SUBMITTED"],
    to: "IN_ASSESSMENT",
    roles: ["CASE_HANDLER"],
    guards: [],
    effects: [recordCompleteReceipt, reserveBudget, startDecisionTerm],
  },
  advise: {
    from: ["IN_ASSESSMENT"],
    to: "ADVISED",
    roles: ["ADVISER"],
    guards: [notTheHandler],
    effects: [],
  },
  grant: {
    from: ["ADVISED"],
    to: "GRANTED",
    roles: ["DECISION_MAKER"],
    guards: [fourEyes],
    effects: [commitBudget, stopReminders, decisionLetter("GRANT_DECISION")],
  },
  grant_partially: {
    from: ["ADVISED"],
    to: "PARTIALLY_GRANTED",
    roles: ["DECISION_MAKER"],
    guards: [fourEyes],
    effects: [commitBudget, stopReminders, decisionLetter("PARTIAL_GRANT_DECISION")],
  },
  reject: {
    from: ["ADVISED"],
    to: "REJECTED",
    roles: ["DECISION_MAKER"],
    guards: [fourEyes],
    effects: [releaseBudget, stopReminders, decisionLetter("REJECTION_DECISION")],
  },
};

/** Why `actor` may not fire `event` on `plan` now, or null when it may. */
export function whyNot(event: EventName, plan: PlanFacts, actor: Actor): string | null {
  const t = WORKFLOW[event];
  if (!t.from.includes(plan.status)) return "Deze handeling past niet bij de huidige status van het plan.";
  if (!t.roles.some((r) => actor.roles.includes(r))) return "Uw rol mag deze handeling niet uitvoeren.";
  for (const guard of t.guards) {
    const reason = guard(plan, actor);
    if (reason) return reason;
  }
  return null;
}

export function allowedEvents(plan: PlanFacts, actor: Actor): EventName[] {
  return (Object.keys(WORKFLOW) as EventName[]).filter((e) => whyNot(e, plan, actor) === null);
}
