import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { sentWithVersion } from "../attachments/attachments.server.ts";
import { attachmentKindLabel } from "../attachments/detect.ts";
import { planBudgetPosition } from "../budget/reports.server.ts";
import { now } from "../clock.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { cofinancingRatesOf, termsOf } from "../decision/terms.ts";
import { planRecords } from "../documents/plan-records.server.ts";
import { PlanSnapshot } from "../documents/snapshot.ts";
import { NotFoundError } from "../errors.ts";
import { INTERIM_WRITABLE_STATUSES, interimStatuses } from "../interim/status.ts";
import { centsToInputString } from "../money.ts";
import { loadRegulation, planRules } from "../regulation/regulation.server.ts";
import { interimReportsDue } from "../settlement/terms.ts";
import {
  amsterdamDate,
  isLocalDate,
  type LocalDate,
  localDateFromDb,
  objectionTermEnd,
} from "../time/index.ts";
import {
  allowedEvents,
  type EventName,
  type PlanFacts,
  WORKFLOW,
  whyNot,
} from "../workflow/definition.server.ts";
import { EVENT_LABEL, eventStatusLabel, planStatusLabel } from "../workflow/labels.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";
import { planWhereForActor, visiblePlans } from "./access.server.ts";
import { hasOwnRates, maxPerYear, rateOfMeasure } from "./cofinancing.ts";
import { isEditableStatus, loadPlanWithContent } from "./drafts.server.ts";
import type { PlanRules } from "./steps/rules.ts";
import { type PlanDraft, readDraft, STEPS, type StepKey, stepContext } from "./steps/wizard.ts";
import { openSupplementRequest } from "./supplement.server.ts";

export async function listOrganisationPlans(actor: Actor) {
  if (!actor.roles.includes("APPLICANT")) return [];
  const plans = await prisma.plan.findMany({
    where: { organisationId: { in: actor.organisationIds } },
    orderBy: [{ createdAt: "desc" }],
    select: { id: true, reference: true, title: true, status: true, updatedAt: true, submittedAt: true },
  });
  const statusLabel = await statusLabeller(prisma, plans);
  return plans.map((p) => ({ ...p, statusLabel: statusLabel(p) }));
}

export type PlanAction = "request_info" | "complete" | "advise" | "decide" | "withdraw" | "report_start";

const ACTION_OF: Record<EventName, PlanAction | null> = {
  submit: null,
  request_info: "request_info",
  supply_info: null,
  complete: "complete",
  advise: "advise",
  grant: "decide",
  grant_partially: "decide",
  reject: "decide",
  not_consider: null,
  budget_available: null,
  yield_budget: null,
  withdraw: "withdraw",
  report_start: "report_start",
  revoke: null,
  request_settlement: null,
  settle: null,
  // Verlenging has pages of its own (extension/extension.server.ts loadExtensions).
  request_extension: null,
  withdraw_extension: null,
  decide_extension: null,
  // The interim report has pages of its own (interim/report.server.ts, interim/review.server.ts).
  submit_interim_report: null,
  review_interim_report: null,
  // The melding onderbesteding too (underspending/melding.server.ts, review.server.ts).
  submit_underspending_report: null,
  review_underspending_report: null,
};

const cents = (v: bigint) => v.toString();

/** Everything a plan page shows, for one actor. Not visible → NotFoundError (404), never a hint that it exists. */
export async function getPlanView(actor: Actor, planId: string) {
  const visible = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { id: true },
  });
  if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");

  const plan = await loadPlanWithContent(prisma, planId);
  const isOwner = actor.roles.includes("APPLICANT") && actor.organisationIds.includes(plan.organisationId);
  const [
    organisation,
    regulation,
    rules,
    events,
    documents,
    advices,
    decision,
    budget,
    records,
    attachments,
    supplement,
    latestVersion,
    sentWith,
    grantedExtension,
    interimRows,
  ] = await Promise.all([
    prisma.organisation.findUniqueOrThrow({
      where: { id: plan.organisationId },
      select: { name: true, kvkNumber: true },
    }),
    loadRegulation(prisma, plan.regulationId),
    planRules(prisma, plan.regulationId),
    prisma.workflowEvent.findMany({ where: { planId }, orderBy: { id: "asc" } }),
    prisma.document.findMany({
      // The controleverklaring is the organisation's upload with its interim report, not a letter:
      // it is on the report's pages (interim/audit-report.server.ts).
      where: { planId, kind: { notIn: ["ATTACHMENT", "INTERIM_AUDIT_REPORT"] } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        title: true,
        kind: true,
        sha256: true,
        byteSize: true,
        createdAt: true,
        filename: true,
      },
    }),
    prisma.advice.findMany({ where: { planId }, orderBy: { createdAt: "desc" }, include: { years: true } }),
    prisma.decision.findUnique({ where: { planId }, include: { years: { orderBy: { year: "asc" } } } }),
    planBudgetPosition(prisma, planId),
    // Versions (PDF links), bekendmaking and objection term, case-file link (documents/).
    planRecords(prisma, actor, planId),
    prisma.planAttachment.findMany({
      where: { planId },
      orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, filename: true, byteSize: true, sha256: true, createdAt: true },
    }),
    plan.status === "INFO_REQUESTED" ? openSupplementRequest(prisma, planId) : Promise.resolve(null),
    // What was submitted last: staff read the plan as sent (submittedContent); its organisation
    // reads its own draft and files, so neither is read for it.
    isOwner
      ? null
      : prisma.planVersion.findFirst({
          where: { planId },
          orderBy: { number: "desc" },
          select: { snapshot: true },
        }),
    // The files sent with a submitted version: the only ones staff see (attachments.server.ts).
    isOwner ? () => true : sentWithVersion(prisma, planId),
    // A verlenging granted once (art. 1.2a) can add an interim report, dated as its letter dates it.
    prisma.planExtension.findFirst({
      where: { planId, status: "GRANTED" },
      select: { previousPeriodEnd: true, newPeriodEnd: true, decidedAt: true },
    }),
    // The interim reports written so far (interim/report.server.ts): where each one stands.
    prisma.interimReport.findMany({
      where: { planId },
      select: {
        afterMonths: true,
        dueOn: true,
        submittedAt: true,
        reviewedAt: true,
        reviewNote: true,
        version: true,
      },
    }),
  ]);
  // The wizard's draft: the organisation's own, with its changes not yet sent during a supplement.
  const draft = readDraft(plan.draftData);
  // Staff read what was sent, never the organisation's unsent work on a supplement (nor what it
  // left unsent when the plan was withdrawn or not considered meanwhile): the latest version as
  // frozen at submission, and the files sent with a version. The snapshot holds all the summary shows.
  const shown = isOwner || !latestVersion ? draft : submittedContent(latestVersion.snapshot);
  const shownAttachments = attachments.filter(sentWith);

  const userIds = [...new Set([...events.map((e) => e.actorId), ...advices.map((a) => a.adviserId)])].filter(
    (id): id is string => !!id,
  );
  const users = await prisma.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true },
  });
  const nameOf = (id: string | null) => users.find((u) => u.id === id)?.name ?? "";

  // The signatories, for the guards of withdraw and the like: without them those guards refuse.
  const signatories = await prisma.roleMembership.findMany({
    where: {
      organisationId: plan.organisationId,
      role: "APPLICANT",
      isSignatory: true,
      user: { active: true },
    },
    select: { userId: true },
  });
  // The decision page's four-eyes sets, so this page never offers what the engine refuses.
  const fourEyes = await loadFourEyesFacts(prisma, planId);
  const facts: PlanFacts = {
    id: plan.id,
    status: plan.status,
    version: plan.version,
    organisationId: plan.organisationId,
    handlerId: plan.handlerId,
    adviserIds: advices.map((a) => a.adviserId),
    ...fourEyes,
    signatoryIds: signatories.map((m) => m.userId),
    decidedAt: decision?.decidedAt ?? null,
  };
  const allowedActions = [
    ...new Set(
      allowedEvents(facts, actor)
        .map((e) => ACTION_OF[e])
        .filter((a): a is PlanAction => a !== null),
    ),
  ];
  // Say why a decision maker cannot decide (four-eyes), rather than silently hiding the form.
  const decideBlockedReason =
    plan.status === "ADVISED" && actor.roles.includes("DECISION_MAKER")
      ? whyNot("grant", facts, actor)
      : null;

  // A colleague who may not withdraw (no signatory) is told why, instead of missing the button.
  const withdrawBlockedReason =
    isOwner && WORKFLOW.withdraw.from.includes(plan.status) ? whyNot("withdraw", facts, actor) : null;
  // Likewise the start of execution (a signatory reports it, art. 5.2): the colleague reads why.
  const startBlockedReason =
    isOwner && WORKFLOW.report_start.from.includes(plan.status) ? whyNot("report_start", facts, actor) : null;
  const advice = advices[0];
  const terms = termsOf({ decision, regulation });
  const themeLabel = (code: string) => regulation.themes.find((t) => t.code === code)?.label ?? code;
  // A decided plan's rates are its grant's (the categories as they stood at the decision), an
  // undecided plan's its regulation's: the same rule as the wizard, decision and settlement.
  const rates = cofinancingRatesOf(terms);
  const most = maxPerYear(rates, plan.measures);
  const categoryLabel = (code: string | null) =>
    code ? (terms.measureCategories.find((c) => c.code === code)?.label ?? code) : null;
  // The plan's summary (DraftSummary) reads rates from its rules: the terms' rates, with the form's
  // questions (wage costs, net job growth) of the regulation's category of the same code.
  const contentRules: PlanRules = {
    ...rules,
    rateBp: terms.cofinancingRateBp,
    measureCategories: terms.measureCategories.map((c) => ({
      maxShareOfWageCostsBp: null,
      requiresNetJobGrowth: false,
      ...rules.measureCategories.find((r) => r.code === c.code),
      ...c,
    })),
  };

  return {
    id: plan.id,
    reference: plan.reference,
    title: plan.title,
    summary: plan.summary,
    status: plan.status,
    statusLabel: planStatusLabel(
      plan.status,
      events.some((e) => e.event === "revoke"),
    ),
    version: plan.version,
    organisation,
    regulation: {
      code: regulation.code,
      title: regulation.title,
      // A decided plan shows the rate and the term its grant was made on (decision/terms.ts).
      rateBp: terms.cofinancingRateBp,
      /** Whether the terms know categories with a rate of their own (the plan page shows each measure's). */
      hasCategories: terms.measureCategories.length > 0,
      /** Some measure is co-financed at a category's rate: a year's most is not rate × its costs. */
      ownRates: hasOwnRates(rates, plan.measures),
      hersteltermijnDays: regulation.hersteltermijnDays,
      executionStartMonths: terms.executionStartMonths,
    },
    sectorLabels: plan.sectorCodes.map((c) => regulation.sectors.find((s) => s.code === c)?.label ?? c),
    // A plan covers sectors or labour-market regions (design.md §3), never both.
    regionLabels: plan.regionCodes.map((c) => regulation.regions.find((r) => r.code === c)?.label ?? c),
    periodStart: plan.periodStart?.toISOString().slice(0, 10) ?? null,
    periodEnd: plan.periodEnd?.toISOString().slice(0, 10) ?? null,
    advancesRequested: plan.advancesRequested,
    submittedAt: plan.submittedAt?.toISOString() ?? null,
    completeReceivedAt: plan.completeReceivedAt?.toISOString() ?? null,
    content: { draft: shown, rules: contentRules, context: stepContext(shown, contentRules) },
    attachments: shownAttachments.map((a) => ({
      ...a,
      kindLabel: attachmentKindLabel(a.kind),
      createdAt: a.createdAt.toISOString(),
    })),
    years: plan.years.map((y) => ({
      year: y.year,
      requestedCents: cents(y.requestedCents),
      /** The most that may be requested or granted that year: Σ cost × the measure's rate, rounded down. */
      maxCents: cents(most.get(y.year) ?? 0n),
    })),
    measures: plan.measures.map((m) => ({
      theme: m.theme,
      themeLabel: themeLabel(m.theme),
      title: m.title,
      participants: m.participants,
      category: m.category,
      categoryLabel: categoryLabel(m.category),
      rateBp: rateOfMeasure(rates, m.category),
      costs: m.costs.map((c) => ({ year: c.year, cents: cents(c.costCents) })),
    })),
    events: events.map((e) => ({
      at: e.createdAt.toISOString(),
      event: e.event,
      label: EVENT_LABEL[e.event] ?? e.event,
      toStatusLabel: eventStatusLabel(e.event, e.toStatus),
      actorName: nameOf(e.actorId),
      reason: e.reason,
      startedOn: reportedStart(e.payload),
      checklist: recordedChecklist(e.event, e.payload),
    })),
    documents: documents.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
    advice: advice
      ? {
          recommendation: advice.recommendation,
          text: advice.text,
          adviserName: nameOf(advice.adviserId),
          createdAt: advice.createdAt.toISOString(),
          amounts: advice.years
            .sort((a, b) => a.year - b.year)
            .map((y) => ({ year: y.year, cents: cents(y.amountCents) })),
        }
      : null,
    decision: decision
      ? {
          outcome: decision.outcome,
          reason: decision.reason,
          decidedAt: decision.decidedAt.toISOString(),
          announcedAt: decision.announcedAt?.toISOString() ?? null,
          interimAuditRequired: decision.interimAuditRequired,
          amounts: decision.years.map((y) => ({ year: y.year, cents: cents(y.grantedCents) })),
        }
      : null,
    budget: budget,
    ...records,
    revocation: revocationOf(events, documents),
    /** The request the plan waits on (INFO_REQUESTED): what was asked, the reopened steps, the term. */
    supplement: supplement
      ? {
          text: supplement.text,
          steps: supplement.steps as StepKey[],
          requestedAt: supplement.requestedAt.toISOString(),
          /** The hersteltermijn's last day (dueAt is the end of that day, Amsterdam time). */
          dueOn: amsterdamDate(supplement.dueAt),
          /** Where "Aanvulling geven" opens: where its writer left off, if that step is open again. */
          resumeStep: resumeStep(draft, supplement.steps as StepKey[]),
        }
      : null,
    canEdit: isOwner && isEditableStatus(plan.status),
    allowedActions,
    decideBlockedReason,
    withdrawBlockedReason,
    startBlockedReason,
    executionStartedOn: plan.executionStartedOn ? localDateFromDb(plan.executionStartedOn) : null,
    decidedOn: decision ? amsterdamDate(decision.decidedAt) : null,
    /**
     * The interim reports the grant letter asks for (art. 5.4) and where each stands, while the
     * grant runs; afterwards only those submitted.
     */
    interimReports: interimStatuses(
      interimReportsDue(plan.periodStart, plan.periodEnd, grantedExtension, decision?.decidedAt ?? null),
      plan.periodStart ? localDateFromDb(plan.periodStart) : null,
      // A row is created on the first visit; saved at least once when its version moved.
      interimRows.map((r) => ({ ...r, started: r.version > 1 })),
      INTERIM_REPORT_STATUSES.includes(plan.status),
      now(),
      amsterdamDate(now()),
    ),
  };
}

/**
 * A PlanVersion's snapshot as the summary reads a draft: the values as submitted, amounts as a
 * money field holds them. A snapshot that cannot be read shows as an empty plan, never as the draft.
 */
export function submittedContent(snapshot: unknown): PlanDraft {
  const parsed = PlanSnapshot.safeParse(snapshot);
  if (!parsed.success) return readDraft(null);
  const v = parsed.data;
  const money = (cents: string | null) => (cents === null ? "" : centsToInputString(BigInt(cents)));
  const rows =
    v.financing.length > 0
      ? v.financing
      : v.requested.map((r) => ({
          year: r.year,
          requestedCents: r.cents,
          ownContributionCents: null,
          otherSourcesCents: null,
        }));
  return readDraft({
    lead: {
      title: v.title,
      summary: v.summary,
      periodStart: v.periodStart ?? "",
      periodEnd: v.periodEnd ?? "",
      leadName: v.lead?.name,
      leadKvk: v.lead?.kvk,
      leadLegalForm: v.lead?.legalForm,
      leadAddress: v.lead?.address,
      leadIban: v.lead?.iban,
      contactName: v.lead?.contactName,
      contactEmail: v.lead?.contactEmail,
      securityKind: v.lead?.securityKind,
      securityAmount: money(v.lead?.securityCents ?? null),
      coverage: v.regionCodes.length > 0 ? "REGIONS" : "SECTORS",
      sectorCodes: v.sectorCodes,
      regionCodes: v.regionCodes,
      employeesInScope: v.employeesInScope === null ? "" : String(v.employeesInScope),
    },
    partnership: { partners: v.partners },
    analysis: v.analysis,
    measures: {
      measures: v.measures.map((m) => ({
        theme: m.theme,
        title: m.title,
        description: m.description,
        conditions: m.conditions,
        executingParty: m.executingParty,
        participants: String(m.participants),
        costPerParticipant: money(m.costPerParticipantCents),
        category: m.category ?? "",
        wageCostsPerParticipant: money(m.wageCostsPerParticipantCents),
        // An older snapshot has no ground, only the tick: the summary reads it through hiringGroundOf.
        hiringGround: m.hiringGround ?? "",
        netJobGrowth: m.netJobGrowth,
        costs: m.costs.map((c) => ({ year: c.year, amount: money(c.cents) })),
      })),
    },
    budget: {
      rows: rows.map((r) => ({
        year: r.year,
        requested: money(r.requestedCents),
        ownContribution: money(r.ownContributionCents),
        otherSources: money(r.otherSourcesCents),
      })),
      otherSourcesDescription: v.otherSourcesDescription,
      noDoubleFunding: v.noDoubleFunding,
      advancesRequested: v.advancesRequested,
    },
    submit: v.declarations ?? {},
    saved: STEPS.map((s) => s.key),
    lastStep: "submit",
  });
}

/** A grant being carried out: granted, (partially) or in execution; not yet reported on at the end. */
const INTERIM_REPORT_STATUSES: readonly string[] = INTERIM_WRITABLE_STATUSES;

/**
 * The intrekking of the grant (revoke, regulation art. 5.2): the plan's latest besluit once there,
 * so the page shows its bekendmaking and objection term rather than the grant's. Its bekendmaking is
 * the moment the beschikking tot intrekking was stored, which is when it was made available
 * (revocation-letter.server.ts: there is no revocation row to record it on), as the grant's is
 * Decision.announcedAt, set when its letter was stored. Until the letter exists, `announcement` is
 * null: the objection term has not started.
 */
export function revocationOf(
  events: { event: string; createdAt: Date; reason: string | null }[],
  documents: { kind: string; createdAt: Date }[],
) {
  const revoked = events.findLast((e) => e.event === "revoke");
  if (!revoked) return null;
  // Stored once (its idempotency key is the plan's).
  const letter = documents.find((d) => d.kind === "REVOCATION_DECISION");
  return {
    revokedAt: revoked.createdAt.toISOString(),
    reason: revoked.reason,
    announcement: letter
      ? {
          announcedAt: letter.createdAt.toISOString(),
          announcedOn: amsterdamDate(letter.createdAt),
          /** Last day to object: Awb 6:7/6:8, moved by the Algemene termijnenwet. */
          objectionEnd: objectionTermEnd(letter.createdAt),
        }
      : null,
  };
}

/**
 * The wizard step to answer a supplement request at: the reopened step last worked on, else the
 * first reopened one. Step 7 only once its declarations were saved again since the request (which
 * clears them), e.g. by a colleague who then asked a signatory to send the answer: right after the
 * request the last step is step 7 (where the plan was submitted), where there is nothing to mend
 * yet; a closed step would only send the applicant on to step 7.
 */
export function resumeStep(draft: { lastStep: StepKey; saved: StepKey[] }, reopened: StepKey[]): StepKey {
  if (draft.lastStep === "submit" && draft.saved.includes("submit")) return "submit";
  return reopened.includes(draft.lastStep) ? draft.lastStep : (reopened[0] ?? "submit");
}

/** The start of execution an event reported (report_start), for the history to show in its language. */
function reportedStart(payload: unknown): LocalDate | null {
  const startedOn = (payload as { startedOn?: unknown } | null)?.startedOn;
  return typeof startedOn === "string" && isLocalDate(startedOn) ? startedOn : null;
}
/**
 * The completeness check a "complete" event recorded (plan/review.server.ts markComplete): the
 * handler's confirmation that all partners signed and how many checklist items passed. Null for
 * other events, and for a complete event recorded before the check was kept.
 */
function recordedChecklist(
  event: string,
  payload: unknown,
): { agreementSigned: boolean; passed: number; total: number } | null {
  if (event !== "complete") return null;
  const p = payload as { agreementSigned?: unknown; items?: unknown } | null;
  if (typeof p?.agreementSigned !== "boolean" || !Array.isArray(p.items)) return null;
  const items = p.items as { ok?: unknown }[];
  return {
    agreementSigned: p.agreementSigned,
    passed: items.filter((i) => i?.ok === true).length,
    total: items.length,
  };
}
export type PlanView = Awaited<ReturnType<typeof getPlanView>>;

/**
 * A document may be read by the plan's organisation and by staff; null means 404. A controleverklaring
 * is the organisation's own draft material until its interim report is submitted: only then does it
 * reach staff and advisers (who see the report from then on), so a file the organisation still
 * replaces, or never hands in, is not read outside it.
 */
export async function canAccessDocument(actor: Actor, documentId: string) {
  const member = actor.roles.includes("APPLICANT") && actor.organisationIds.length > 0;
  const doc = await prisma.document.findFirst({
    where: {
      id: documentId,
      plan: visiblePlans(actor),
      OR: [
        { kind: { not: "INTERIM_AUDIT_REPORT" } },
        { interimReport: { submittedAt: { not: null } } },
        ...(member ? [{ plan: { organisationId: { in: actor.organisationIds } } }] : []),
      ],
    },
    select: { id: true, storageKey: true, filename: true, mimeType: true },
  });
  return doc;
}
