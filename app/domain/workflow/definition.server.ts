import type { Tx } from "../../db/client.server.ts";
import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import {
  activeAdviserGuard,
  advisedWhenEnoughAdvisers,
  assessedBeforeWaitingGrant,
  backToAdvisedWhenAdvised,
} from "../assessment/assessment.server.ts";
import { commitForPlan, releaseForPlan } from "../budget/ledger.server.ts";
import { settleAtNilOnRevocation } from "../budget/revocation-effects.server.ts";
import { allocateReleasedMoney, keepDecisionTerm, reserveHeadOfLine } from "../budget/waiting-list.server.ts";
import { now } from "../clock.ts";
import {
  checkWaitingRejection,
  fourEyesRefusal,
  grantAfterFirstInLine,
  reserveWhatIsLeft,
  revokeRefusal,
  windowClosedRefusal,
} from "../decision/engine.server.ts";
import {
  EXTENDABLE_STATUSES,
  extensionNotInTerms,
  extensionWindowRefusal,
  NO_OPEN_EXTENSION,
  NOT_A_SIGNATORY_TO_EXTEND,
  NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION,
  onceRefusal,
  periodEndedRefusal,
  SETTLEMENT_WHILE_EXTENSION_OPEN,
} from "../extension/rules.ts";
import {
  closeWithdrawnExtension,
  extensionLetter,
  lapseOpenExtension,
  recordExtensionDecision,
  recordExtensionRequest,
  tellStaffOfExtensionRequest,
} from "../extension/workflow-effects.server.ts";
import {
  tellHandlerOfInterimReport,
  tellSignatoriesOfInterimReview,
} from "../interim/workflow-effects.server.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import {
  BUDGET_YIELDED_BODY,
  BUDGET_YIELDED_TITLE,
} from "../notifications/templates/budget-yielded.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import { scheduleAdvancesEffect } from "../payments/schedule.server.ts";
import { cancelReminders, scheduleDecisionTermReminders } from "../reminders/reminders.server.ts";
import {
  cancelExecutionCheck,
  hersteltermijnLapsed,
  notConsideredLetter,
  reserveOrWait,
  scheduleExecutionCheck,
  supplementArrived,
  supplementRequested,
} from "../review/workflow-effects.server.ts";
import {
  bookSettlement,
  scheduleSettlementReportReminder,
  settlementRequested,
} from "../settlement/workflow-effects.server.ts";
import { amsterdamDate, type LocalDate, localDateFromDb } from "../time/index.ts";
import {
  tellHandlerOfMelding,
  tellSignatoriesOfMeldingReview,
} from "../underspending/workflow-effects.server.ts";
import { recordExecutionStart } from "./execution-effects.server.ts";
import {
  confirmWithdrawalByLetter,
  releaseOnWithdrawal,
  tellHandlerOfWithdrawal,
} from "./withdrawal-effects.server.ts";

/**
 * The workflow of design.md §4 as one declarative table: for every event the states it may
 * fire from, the state it leads to (and the other states an effect may choose instead), the
 * roles that may fire it, its guards and its effects. applyEvent() is the only code that writes
 * Plan.status; the staff page /behandeling/werkproces draws this table.
 */

export type EventName =
  | "submit"
  | "request_info"
  | "supply_info"
  | "not_consider"
  | "complete"
  | "budget_available"
  | "yield_budget"
  | "advise"
  | "grant"
  | "grant_partially"
  | "reject"
  | "withdraw"
  | "report_start"
  | "revoke"
  | "request_settlement"
  | "settle"
  | "request_extension"
  | "withdraw_extension"
  | "decide_extension"
  | "submit_interim_report"
  | "review_interim_report"
  | "submit_underspending_report"
  | "review_underspending_report";

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
  /**
   * Advisers who hold a seat on the plan (pending declaration, active, or who declared a conflict),
   * or held one and declared before being taken off it: none of them may decide it (four-eyes). A
   * seat removed before its adviser declared does not count. Loaded by lockPlan (FOUR_EYES_COLUMNS).
   */
  assignedAdviserIds?: readonly string[];
  /**
   * Everyone who fired a case handler's event on the plan (complete, request_info, not_consider) or
   * took it over: handlerId names only the latest, and none of them may decide it (four-eyes).
   * Loaded by lockPlan (FOUR_EYES_COLUMNS).
   */
  handlerStepActorIds?: readonly string[];
  /** Everyone who proposed or revised the plan's vaststelling: none of them settles it. Loaded by lockPlan. */
  settlementProposerIds?: readonly string[];
  /** Advisers who declared no conflict of interest: only they may advise. Loaded by lockPlan. */
  activeAdviserIds?: readonly string[];
  /** End of the hersteltermijn of the open supplement request, if any. Loaded by lockPlan. */
  supplementDueAt?: Date | null;
  /** The moment the plan's application window closes (exclusive). Loaded by lockPlan. */
  windowClosesAt?: Date | null;
  /** The moment of the grant decision, once there is one. Loaded by lockPlan. */
  decidedAt?: Date | null;
  /** Regulation settings the guards need. Loaded by lockPlan. */
  advisersRequired?: number;
  executionStartMonths?: number;
  /** The plan's first day. Loaded by lockPlan. */
  periodStart?: Date | null;
  /** The plan's last day. Loaded by lockPlan. */
  periodEnd?: Date | null;
  /** The months its grant's terms allow the period to be extended by (art. 1.2a). Loaded by lockPlan. */
  extensionMonths?: number;
  /** The request for verlenging awaiting its decision (REQUESTED), if any. Loaded by lockPlan. */
  openExtensionId?: string | null;
  /** Whether the period was extended before: it is extended once at most. Loaded by lockPlan. */
  extensionGranted?: boolean;
  /**
   * Whether the interim report after the 12th month (art. 5.4 lid 1) was submitted: a request for
   * verlenging may not come before it (art. 1.2a lid 2). Loaded by lockPlan.
   */
  interimReportSubmitted?: boolean;
};

export type EventInput = {
  /** Per-year amounts for grant events. */
  grantedPerYear?: { year: number; cents: bigint }[];
  reason?: string;
  decisionId?: string;
  /** For "reject": the Decision's ground; a waiting plan's refusal is checked by it (checkWaitingRejection). */
  groundCode?: string | null;
  /**
   * For "grant_partially" of a waiting plan, refused in part for the ceiling: the most each year may
   * be granted (its request, capped by the rates). With what the pots have left, the least the grant
   * must be (reserveWhatIsLeft): the ceiling refuses only what no longer fits (Awb 4:25 lid 2).
   */
  ceilingRoom?: { year: number; cents: bigint }[];
  /** For "submit": the version just frozen, which the acknowledgement of receipt names. */
  planVersionId?: string;
  /** For "report_start": the day execution began (YYYY-MM-DD), recorded in the event's payload. */
  startedOn?: string;
  /** For "complete": the checklist as the handler passed it, recorded in the event's payload. */
  completeness?: { agreementSigned: boolean; items: { code: string; ok: boolean }[] };
  /**
   * For the verlenging's events: the request concerned and what the event did to it, recorded in
   * the event's payload (the months asked, withdrawn or granted; the old and new last day).
   */
  extension?: ExtensionEventInput;
  /**
   * For "withdraw": what its release gave back to the window's pot, set by that effect
   * (releaseOnWithdrawal) and recorded in the event's payload, so that the confirmation letter
   * states what this withdrawal freed — not every release of the plan's history (a reservation it
   * gave up earlier, yield_budget). 0 when the plan held nothing.
   */
  releasedCents?: bigint;
  /**
   * For the tussentijds voortgangsverslag's events (interim/report.server.ts, review.server.ts): the
   * report, the month it follows, whether it came late, and the handler's note on reading it; at its
   * submission, the accountant's controleverklaring handed in with it (its Document and sha256).
   */
  interimReport?: {
    id: string;
    afterMonths: 12 | 24;
    late?: boolean;
    note?: string | null;
    auditReport?: { documentId: string; sha256: string };
  };
  /**
   * For the melding onderbesteding's events (underspending/melding.server.ts, review.server.ts):
   * the melding, its half-year, whether it came late, and the handler's note on reading it.
   */
  underspendingReport?: { id: string; halfYear: number; late?: boolean; note?: string | null };
};

export type ExtensionEventInput = {
  id: string;
  /** Asked (request, withdraw), granted (GRANTED) or asked and refused (REFUSED). */
  months: number;
  /** The plan's last day before the event. */
  previousEnd: LocalDate;
  /** GRANTED: the new last day. */
  newEnd?: LocalDate;
  /** request_extension: the applicant's reasons. */
  motivation?: string;
  outcome: "REQUESTED" | "WITHDRAWN" | "GRANTED" | "REFUSED";
};

/** applyEvent for another plan, in the same transaction (apply-event.server.ts). */
export type FireEvent = (args: {
  planId: string;
  event: EventName;
  actor: Actor;
  expectedVersion: number;
  input?: EventInput;
}) => Promise<{ version: number; status: PlanStatus }>;

export type EffectContext = {
  tx: Tx;
  plan: PlanFacts;
  actor: Actor;
  actorRole: Role;
  input: EventInput;
  /**
   * For an effect that moves another plan too (a later plan's reservation that gives way to this
   * one, yield_budget): through the table, so that plan's chain records it like any other event.
   */
  fireEvent: FireEvent;
};

/** A guard returns null when the event may fire, otherwise the reason (Dutch) it may not. */
type Guard = (plan: PlanFacts, actor: Actor) => string | null;
/** An effect may choose the target among the transition's `alternatives` by returning it. */
// biome-ignore lint/suspicious/noConfusingVoidType: most effects return nothing; a few choose the target.
type Effect = (ctx: EffectContext) => Promise<void | { to: PlanStatus }>;
/** An effect that locks budget pots: it runs after the status is written, so it cannot choose the target. */
type PotEffect = (ctx: EffectContext) => Promise<void>;

export type Transition = {
  from: readonly PlanStatus[];
  /** Where the event leads; an effect may return one of `alternatives` instead (see apply-event). */
  to: PlanStatus;
  alternatives?: readonly PlanStatus[];
  /**
   * Origins the event leaves as they are (it is recorded, the status stays): applyEvent keeps the
   * plan's status there, and `to` is for the other origins. The workflow page draws no move for them.
   */
  stays?: readonly PlanStatus[];
  roles: readonly Role[];
  guards: readonly Guard[];
  effects: readonly Effect[];
  /**
   * Run after `effects`, the status and the event (apply-event): the budget pots of a window are
   * the one lock all its decisions queue for, so they are taken as late as possible.
   */
  potEffects?: readonly PotEffect[];
  /** One line for the workflow page: what the event means. */
  description: string;
};

const ownOrganisation: Guard = (plan, actor) =>
  actor.organisationIds.includes(plan.organisationId) ? null : "Dit plan is niet van uw organisatie.";

export const NOT_A_SIGNATORY =
  "Alleen een tekenbevoegde van uw organisatie mag het plan indienen. Bied het plan ter ondertekening aan.";

export const NOT_A_SIGNATORY_TO_WITHDRAW =
  "Alleen een tekenbevoegde van uw organisatie mag de aanvraag intrekken.";
export const NOT_A_SIGNATORY_TO_SETTLE =
  "Alleen een tekenbevoegde van uw organisatie mag de vaststelling aanvragen.";
export const NOT_A_SIGNATORY_TO_REPORT =
  "Alleen een tekenbevoegde van uw organisatie mag het tussentijds voortgangsverslag indienen.";
export const NOT_A_SIGNATORY_TO_REPORT_UNDERSPENDING =
  "Alleen een tekenbevoegde van uw organisatie mag de melding onderbesteding indienen.";
export const NOT_A_SIGNATORY_TO_REPORT_START =
  "Alleen een tekenbevoegde van uw organisatie mag de start van de uitvoering melden.";

const isSignatory = (plan: PlanFacts, actor: Actor) => plan.signatoryIds?.includes(actor.userId) ?? false;
/** Only an authorised signatory of the plan's organisation submits (issue 4). */
const signatory: Guard = (plan, actor) => (isSignatory(plan, actor) ? null : NOT_A_SIGNATORY);
/** …and withdraws, or asks for the vaststelling, each refusal saying which act it is about. */
const signatoryToWithdraw: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_WITHDRAW;
const signatoryToSettle: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_SETTLE;
/** The interim report is submitted by whoever may submit the realisation report: a signatory. */
const signatoryToReport: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_REPORT;
/** The melding onderbesteding binds the organisation as the interim report does: a signatory. */
const signatoryToReportUnderspending: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_REPORT_UNDERSPENDING;
/**
 * The start of execution binds the organisation too: its date decides whether the grant is
 * withdrawn after six months (art. 5.2), so a signatory reports it, as every act towards the ministry.
 */
const signatoryToReportStart: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_REPORT_START;
const signatoryToExtend: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_EXTEND;
const signatoryToWithdrawExtension: Guard = (plan, actor) =>
  isSignatory(plan, actor) ? null : NOT_A_SIGNATORY_TO_WITHDRAW_EXTENSION;

// Verlenging (art. 1.2a, extension/rules.ts). Facts lockPlan did not load refuse, never allow.
const extensionInTerms: Guard = (plan) => extensionNotInTerms({ extensionMonths: plan.extensionMonths ?? 0 });
/** A request up to and including the period's last day (Dutch time): an ended period stays ended. */
const periodNotEnded: Guard = (plan) =>
  periodEndedRefusal(
    { periodEnd: plan.periodEnd ? localDateFromDb(plan.periodEnd) : null },
    amsterdamDate(now()),
  );
/** Art. 1.2a lid 2: after the interim report of art. 5.4 lid 1, within 24 months of the grant's date. */
const requestWindow: Guard = (plan) =>
  extensionWindowRefusal(
    {
      periodStart: plan.periodStart ? localDateFromDb(plan.periodStart) : null,
      periodEnd: plan.periodEnd ? localDateFromDb(plan.periodEnd) : null,
      grantDecidedAt: plan.decidedAt ?? null,
      interimReportSubmitted: plan.interimReportSubmitted ?? false,
    },
    amsterdamDate(now()),
  );
const extensionOnce: Guard = (plan) =>
  onceRefusal({
    extensionGranted: plan.extensionGranted ?? true,
    openExtension: plan.openExtensionId !== null,
  });
const extensionOpen: Guard = (plan) => (plan.openExtensionId ? null : NO_OPEN_EXTENSION);
/** The vaststelling closes the period: not while a request to extend it awaits its decision. */
const noExtensionOpen: Guard = (plan) => (plan.openExtensionId ? SETTLEMENT_WHILE_EXTENSION_OPEN : null);

/**
 * Four-eyes (design.md §4): the decision maker is never a handler or an adviser of the plan — also
 * an earlier handler, an adviser assigned but not (yet) advising or taken off after declaring, and
 * for the vaststelling whoever proposed it (decision/engine.server.ts).
 */
const fourEyes: Guard = fourEyesRefusal;
/** A waiting plan is decided only after its window closed (design.md §4 "Waiting for budget"). */
const windowClosed: Guard = (plan) => windowClosedRefusal(plan);
/** Intrekking only after the term to start execution passed without a reported start (art. 5.2). */
const executionLate: Guard = (plan) => revokeRefusal(plan);

/**
 * Who handled the plan never advises on it: the current handler and everyone who took a handler's
 * step on it before (handlerStepActorIds, as the decision's four-eyes reads it), since handlerId
 * names only the latest.
 */
const notTheHandler: Guard = (plan, actor) =>
  plan.handlerId === actor.userId || plan.handlerStepActorIds?.includes(actor.userId)
    ? "U heeft dit plan behandeld; een ander moet erover adviseren (vier-ogenprincipe)."
    : null;

/**
 * …and who advises on the plan never handles it: the advisers the decision's four-eyes counts — who
 * advised, holds a seat, or held one beyond its declaration (adviserIds, assignedAdviserIds, loaded
 * by lockPlan as FOUR_EYES_COLUMNS), whom takeOverPlan refuses too. An adviser who also holds the
 * case handler's role would otherwise become one of the plan's handlers by a handler's step, and
 * then be refused their own (re-)advice by notTheHandler. Each refusal names the step it refuses.
 */
const advisesOn = (plan: PlanFacts, actor: Actor) =>
  plan.adviserIds.includes(actor.userId) || (plan.assignedAdviserIds?.includes(actor.userId) ?? false);
const notAnAdviserToAsk: Guard = (plan, actor) =>
  advisesOn(plan, actor)
    ? "U adviseert over dit plan en mag daarom geen aanvulling vragen; dat doet een andere behandelaar (vier-ogenprincipe)."
    : null;
const notAnAdviserToReview: Guard = (plan, actor) =>
  advisesOn(plan, actor)
    ? "U adviseert over dit plan en mag daarom het tussentijds voortgangsverslag niet als behandelaar afhandelen; dat doet een andere behandelaar (vier-ogenprincipe)."
    : null;
const notAnAdviserToReviewMelding: Guard = (plan, actor) =>
  advisesOn(plan, actor)
    ? "U adviseert over dit plan en mag daarom de melding onderbesteding niet als behandelaar afhandelen; dat doet een andere behandelaar (vier-ogenprincipe)."
    : null;
const notAnAdviserToClose: Guard = (plan, actor) =>
  advisesOn(plan, actor)
    ? "U adviseert over dit plan en mag het daarom niet buiten behandeling stellen; dat doet een andere behandelaar (vier-ogenprincipe)."
    : null;

const recordCompleteReceipt: Effect = async ({ tx, plan, actor }) => {
  // Allocation and the decision term follow the moment the complete version ARRIVED (regulation
  // art. 1.5, Awb 4:5): the submission, or the supplement that completed it (supplementArrived
  // keeps receivedAt at that arrival). Not the handler's click: a plan checked sooner would
  // otherwise overtake one received earlier.
  // The beslistermijn and the number of advisers stay the plan's own: fixed at its submission
  // (submitPlan), else (a plan submitted before they were) now; a later change of the regulation
  // governs the plans submitted after it (Plan.decisionTermWeeks).
  const current = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: {
      receivedAt: true,
      submittedAt: true,
      decisionTermWeeks: true,
      advisersRequired: true,
      regulation: { select: { decisionTermWeeks: true, advisersRequired: true } },
    },
  });
  await tx.plan.update({
    where: { id: plan.id },
    data: {
      completeReceivedAt: current.receivedAt ?? current.submittedAt ?? now(),
      handlerId: actor.userId,
      decisionTermWeeks: current.decisionTermWeeks ?? current.regulation.decisionTermWeeks,
      advisersRequired: current.advisersRequired ?? current.regulation.advisersRequired,
    },
  });
};

const commitBudget: PotEffect = async ({ tx, plan, actor, input }) => {
  if (!input.grantedPerYear) throw new Error("grant without amounts");
  await commitForPlan(tx, { planId: plan.id, actorId: actor.userId, grantedPerYear: input.grantedPerYear });
};

const releaseBudget: PotEffect = async ({ tx, plan, actor, input }) => {
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

/**
 * The plan gave its reservation back to a plan received complete earlier (yield_budget): a change
 * the applicant did not cause and would otherwise only find in the history. Told in the bell and by
 * e-mail, in the event's transaction, that it is no refusal and where the plan stands.
 */
const tellApplicantBudgetYielded: Effect = async ({ tx, plan }) => {
  const { reference } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { reference: true },
  });
  await notifyPlanOrganisation(tx, {
    planId: plan.id,
    title: BUDGET_YIELDED_TITLE(reference),
    body: BUDGET_YIELDED_BODY,
    link: `/aanvrager/plannen/${plan.id}`,
    email: { template: "budget-yielded" },
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

/**
 * The intrekking has no effect before it is made known (Awb 3:40, 3:41), and it claims advances
 * back: its beschikking, once per plan (WITHDRAWN is final), in the revoke event's transaction.
 */
const revocationLetter: Effect = async ({ tx, plan }) => {
  await writeOutbox(tx, "renderLetter", { kind: "REVOCATION_DECISION", planId: plan.id });
};

/** While the grant runs (interim/status.ts INTERIM_WRITABLE_STATUSES). */
const INTERIM_STATUSES: readonly PlanStatus[] = ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION"];
/**
 * Every status a plan with a submitted interim report can reach: WITHDRAWN only by revoke (withdraw
 * fires before a grant), so a report submitted earlier is read whatever followed.
 */
const INTERIM_REVIEW_STATUSES: readonly PlanStatus[] = [
  ...INTERIM_STATUSES,
  "SETTLEMENT_REQUESTED",
  "SETTLED",
  "WITHDRAWN",
];

export const WORKFLOW: Record<EventName, Transition> = {
  submit: {
    from: ["DRAFT"],
    to: "SUBMITTED",
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatory],
    effects: [acknowledgeReceipt],
    description: "Een tekenbevoegde dient het plan in; een ontvangstbevestiging volgt.",
  },
  // "Aanvulling vragen" (Awb 4:5): the steps named in the request reopen for the applicant; the
  // decision term is suspended meanwhile (Awb 4:15).
  request_info: {
    from: ["SUBMITTED", "IN_ASSESSMENT"],
    to: "INFO_REQUESTED",
    roles: ["CASE_HANDLER"],
    guards: [notAnAdviserToAsk],
    effects: [tellApplicantSupplement, supplementRequested],
    description: "De behandelaar vraagt om aanvulling, met een hersteltermijn; de beslistermijn staat stil.",
  },
  // "Aanvulling versturen": a signatory sends the plan back; a new version is frozen and acknowledged.
  supply_info: {
    from: ["INFO_REQUESTED"],
    to: "SUBMITTED",
    // WAITING_FOR_BUDGET: asked during assessment, the changed amounts no longer fit (supplementArrived).
    alternatives: ["IN_ASSESSMENT", "WAITING_FOR_BUDGET"],
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatory],
    effects: [acknowledgeReceipt, supplementArrived],
    description: "Een tekenbevoegde stuurt de aanvulling; het plan gaat terug naar waar het was.",
  },
  // Awb 4:5: the hersteltermijn lapsed without a supplement.
  not_consider: {
    from: ["INFO_REQUESTED"],
    to: "NOT_CONSIDERED",
    roles: ["CASE_HANDLER"],
    guards: [notAnAdviserToClose, hersteltermijnLapsed],
    effects: [releaseBudget, allocateReleasedMoney, stopReminders, notConsideredLetter],
    description: "De hersteltermijn is verstreken: de aanvraag wordt buiten behandeling gesteld.",
  },
  complete: {
    from: ["SUBMITTED"],
    to: "IN_ASSESSMENT",
    alternatives: ["WAITING_FOR_BUDGET"],
    roles: ["CASE_HANDLER"],
    guards: [],
    effects: [recordCompleteReceipt, reserveOrWait, startDecisionTerm],
    description:
      "Volledig: het budget wordt gereserveerd in volgorde van ontvangst, of het plan wacht op budget.",
  },
  // Money was released (a rejection, a withdrawal, a partial grant): the first waiting plan moves on.
  budget_available: {
    from: ["WAITING_FOR_BUDGET"],
    to: "IN_ASSESSMENT",
    // ADVISED: a plan that had its advice when it gave way to an earlier one (yield_budget).
    alternatives: ["ADVISED"],
    roles: ["FINANCE"],
    guards: [],
    effects: [reserveHeadOfLine, keepDecisionTerm, backToAdvisedWhenAdvised],
    description: "Er is budget vrijgekomen: het plan krijgt zijn reservering en gaat (weer) in beoordeling.",
  },
  // An earlier-received complete plan needs the money this undecided plan reserved — found complete,
  // its amounts changed by a supplement, or served from the waiting line (budget/waiting-list.server.ts
  // takePlaceInLine): this one waits again, at its own place in line, and the applicant is told.
  yield_budget: {
    from: ["IN_ASSESSMENT", "ADVISED"],
    to: "WAITING_FOR_BUDGET",
    roles: ["FINANCE"],
    guards: [],
    effects: [allocateReleasedMoney, tellApplicantBudgetYielded],
    potEffects: [releaseBudget],
    description:
      "Een eerder volledig ontvangen plan gaat voor: de reservering vervalt en het plan wacht weer op budget.",
  },
  // Also on a plan waiting for budget: it may be granted for what is left at the end of its window,
  // and only on advice (assessedBeforeWaitingGrant). It keeps waiting; budget_available moves it on.
  // Also on an ADVISED plan, by an assigned adviser who has not advised on it yet: the optional
  // second adviser (design §4) of a plan that needed one (recordAdvice refuses a second advice
  // from the same adviser there). The plan stays ADVISED; the decision page shows both advices.
  advise: {
    from: ["IN_ASSESSMENT", "WAITING_FOR_BUDGET", "ADVISED"],
    to: "ADVISED",
    alternatives: ["IN_ASSESSMENT", "WAITING_FOR_BUDGET"],
    stays: ["WAITING_FOR_BUDGET", "ADVISED"],
    roles: ["ADVISER"],
    guards: [notTheHandler, activeAdviserGuard],
    effects: [advisedWhenEnoughAdvisers],
    description:
      "Een adviseur van het Actieteam brengt advies uit; met twee adviseurs pas na het tweede. Een wachtend plan blijft wachten.",
  },
  grant: {
    // From WAITING_FOR_BUDGET after the window closed, when the whole request fits what is left,
    // and only with the advice an ADVISED plan has.
    from: ["ADVISED", "WAITING_FOR_BUDGET"],
    to: "GRANTED",
    roles: ["DECISION_MAKER"],
    guards: [fourEyes, windowClosed],
    effects: [
      // An advised plan after the fund's first waiting plan whose window closed: that one first.
      grantAfterFirstInLine,
      // Before the status is written; a no-op for an advised plan, whose reservation is booked.
      reserveWhatIsLeft,
      // After the line's refusals (who is first says more), before anything else; a throw rolls back.
      assessedBeforeWaitingGrant,
      scheduleAdvancesEffect,
      stopReminders,
      scheduleExecutionCheck,
      decisionLetter("GRANT_DECISION"),
    ],
    potEffects: [commitBudget],
    description: "De beslisser verleent de subsidie zoals aangevraagd.",
  },
  grant_partially: {
    from: ["ADVISED", "WAITING_FOR_BUDGET"],
    to: "PARTIALLY_GRANTED",
    roles: ["DECISION_MAKER"],
    guards: [fourEyes, windowClosed],
    effects: [
      grantAfterFirstInLine,
      // Before the status is written: it checks the plan is still the first waiting one. A no-op
      // for an advised plan, whose reservation is booked already.
      reserveWhatIsLeft,
      assessedBeforeWaitingGrant,
      allocateReleasedMoney,
      scheduleAdvancesEffect,
      stopReminders,
      scheduleExecutionCheck,
      decisionLetter("PARTIAL_GRANT_DECISION"),
    ],
    potEffects: [commitBudget],
    description:
      "De beslisser verleent een deel, met redenen (ook: wat er over is als het plafond bereikt is).",
  },
  reject: {
    from: ["ADVISED", "WAITING_FOR_BUDGET"],
    to: "REJECTED",
    roles: ["DECISION_MAKER"],
    // No windowClosed guard: a waiting plan's refusal on the merits is open while its window is;
    // checkWaitingRejection keeps the window and the money for the ceiling's ground (ADR 0011).
    guards: [fourEyes],
    effects: [
      checkWaitingRejection,
      allocateReleasedMoney,
      stopReminders,
      decisionLetter("REJECTION_DECISION"),
    ],
    potEffects: [releaseBudget],
    description: "De beslisser wijst af, op een grond uit de regeling (ook: subsidieplafond bereikt).",
  },
  withdraw: {
    from: ["SUBMITTED", "INFO_REQUESTED", "IN_ASSESSMENT", "WAITING_FOR_BUDGET", "ADVISED"],
    to: "WITHDRAWN",
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatoryToWithdraw],
    effects: [
      releaseOnWithdrawal,
      allocateReleasedMoney,
      stopReminders,
      tellHandlerOfWithdrawal,
      confirmWithdrawalByLetter,
    ],
    description: "De aanvrager trekt de aanvraag in vóór het besluit; een reservering vervalt.",
  },
  // Regulation art. 5.2: execution starts within six months of the grant.
  report_start: {
    from: ["GRANTED", "PARTIALLY_GRANTED"],
    to: "IN_EXECUTION",
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatoryToReportStart],
    effects: [recordExecutionStart, cancelExecutionCheck, scheduleSettlementReportReminder],
    description: "Een tekenbevoegde van de aanvrager meldt dat de uitvoering is begonnen.",
  },
  revoke: {
    from: ["GRANTED", "PARTIALLY_GRANTED"],
    to: "WITHDRAWN",
    roles: ["DECISION_MAKER"],
    guards: [fourEyes, executionLate],
    // An open request for verlenging lapses with the grant it would have extended (no letter).
    effects: [settleAtNilOnRevocation, stopReminders, revocationLetter, lapseOpenExtension],
    description:
      "De verlening wordt ingetrokken: de uitvoering begon niet binnen de termijn die de verlening stelt (artikel 5.2); een beschikking met de terugvordering volgt.",
  },
  request_settlement: {
    from: ["IN_EXECUTION"],
    to: "SETTLEMENT_REQUESTED",
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatoryToSettle, noExtensionOpen],
    // The period has ended and the report is complete: checked under the lock by the effect.
    effects: [settlementRequested],
    description: "Na afloop vraagt een tekenbevoegde de vaststelling aan, met het realisatieverslag.",
  },
  settle: {
    from: ["SETTLEMENT_REQUESTED"],
    to: "SETTLED",
    roles: ["DECISION_MAKER"],
    // Four-eyes, and no one who proposed or revised it (settlementProposerIds; bookSettlement
    // refuses the latest proposer again, under the Settlement row it reads).
    guards: [fourEyes],
    // lapseOpenExtension: a request left open by data older than noExtensionOpen ends with the grant.
    effects: [bookSettlement, lapseOpenExtension],
    description: "De beslisser stelt de subsidie vast.",
  },
  // Verlenging (regulation art. 1.2a): recorded in the plan's chain, the status stays as it is.
  request_extension: {
    from: EXTENDABLE_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: EXTENDABLE_STATUSES,
    roles: ["APPLICANT"],
    guards: [
      ownOrganisation,
      signatoryToExtend,
      extensionInTerms,
      extensionOnce,
      periodNotEnded,
      requestWindow,
    ],
    effects: [recordExtensionRequest, tellStaffOfExtensionRequest],
    description:
      "Een tekenbevoegde vraagt eenmalig verlenging, met redenen: na het tussentijds voortgangsverslag na de 12e maand, uiterlijk 24 maanden na de beschikking en vóór het einde van de periode; de beslistermijn is acht weken.",
  },
  withdraw_extension: {
    from: EXTENDABLE_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: EXTENDABLE_STATUSES,
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatoryToWithdrawExtension, extensionOpen],
    effects: [closeWithdrawnExtension],
    description: "Een tekenbevoegde trekt het verzoek om verlenging in voordat erop is beslist.",
  },
  // Also after the old end has passed: a request made in time is decided. Adds time, not money.
  decide_extension: {
    from: EXTENDABLE_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: EXTENDABLE_STATUSES,
    roles: ["DECISION_MAKER"],
    guards: [fourEyes, extensionOpen],
    effects: [recordExtensionDecision, extensionLetter],
    description:
      "De beslisser verlengt de periode (met de termijn van het realisatieverslag) of weigert, met redenen; een besluit volgt.",
  },
  // Tussentijds voortgangsverslag (regulation art. 5.4): recorded in the chain, the status stays.
  // The use case (interim/report.server.ts) checks the report under the plan's lock first.
  submit_interim_report: {
    from: INTERIM_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: INTERIM_STATUSES,
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatoryToReport],
    effects: [tellHandlerOfInterimReport],
    description:
      "Na de 12e (en 24e) maand dient een tekenbevoegde het tussentijds voortgangsverslag in; de behandelaar krijgt bericht.",
  },
  // Also once the vaststelling is asked, made, or the grant revoked: a report handed in before it
  // is still read, and leaves the terms overview's "te lezen" list only then.
  review_interim_report: {
    from: INTERIM_REVIEW_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: INTERIM_REVIEW_STATUSES,
    roles: ["CASE_HANDLER"],
    guards: [notAnAdviserToReview],
    effects: [tellSignatoriesOfInterimReview],
    description:
      "De behandelaar legt vast dat het tussentijds voortgangsverslag gelezen is, met een eventuele opmerking aan de aanvrager.",
  },
  // Melding onderbesteding (regulation art. 5.3): recorded in the chain, the status stays, as the
  // interim report's. The use case (underspending/melding.server.ts) checks the melding first.
  submit_underspending_report: {
    from: INTERIM_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: INTERIM_STATUSES,
    roles: ["APPLICANT"],
    guards: [ownOrganisation, signatoryToReportUnderspending],
    effects: [tellHandlerOfMelding],
    description:
      "Bleven de kosten in een halfjaar op of onder 75% van de begroting, dan meldt een tekenbevoegde dat binnen twee maanden; de behandelaar krijgt bericht.",
  },
  // Read also after the vaststelling is asked or made, or the grant revoked, as the interim report.
  review_underspending_report: {
    from: INTERIM_REVIEW_STATUSES,
    // Every origin stays: `to` is never taken.
    to: "GRANTED",
    stays: INTERIM_REVIEW_STATUSES,
    roles: ["CASE_HANDLER"],
    guards: [notAnAdviserToReviewMelding],
    effects: [tellSignatoriesOfMeldingReview],
    description:
      "De behandelaar legt vast dat de melding onderbesteding gelezen is, met een eventuele opmerking aan de aanvrager.",
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
