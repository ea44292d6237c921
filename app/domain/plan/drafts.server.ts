import { createHash } from "node:crypto";
import { prisma, type Tx } from "../../db/client.server.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { storesNothingNew } from "../autosave.server.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { pendingIbanChangeOf } from "../payments/iban.server.ts";
import { findOpenWindow, findRegulationsOpenNow, planRules } from "../regulation/regulation.server.ts";
import { capText } from "../text.ts";
import { amsterdamDate } from "../time/index.ts";
import { applyEvent, PLAN_CHANGED } from "../workflow/apply-event.server.ts";
import { appendWorkflowEvent } from "../workflow/chain.server.ts";
import { planWhereForActor, visiblePlans } from "./access.server.ts";
import { parseMeasureCategories } from "./cofinancing.ts";
import { isRealDate, TITLE_MAX } from "./steps/common.ts";
import {
  type ApplyingOrganisation,
  type LeadOrganisation,
  leadFromOrganisation,
  leadIbanOf,
  leadOrganisationIssues,
  leadOrganisationOf,
} from "./steps/lead.ts";
import { categoryOf, withApplicableCategoryFields } from "./steps/measures.ts";
import type { PlanRules, StepContext } from "./steps/rules.ts";
import {
  emptyDraft,
  type FormStepKey,
  type PlanDraft,
  type PlanIssues,
  type PlanValues,
  readDraft,
  type StepInputs,
  type StepKey,
  shapeStepInput,
  stepContext,
  validateStoredDraft,
  withPeriodYears,
} from "./steps/wizard.ts";
import { editableSteps, openSupplementRequest } from "./supplement.server.ts";

/** Kenmerk of a plan: "SP-2026-000042". */
export function formatReference(year: number, number: number): string {
  return `SP-${year}-${String(number).padStart(6, "0")}`;
}

export const CHOOSE_PLAN_ORGANISATION = "Kies voor welke organisatie u het plan begint.";

/**
 * Starts a draft for `organisationId`, which must be one the actor is an applicant of, under
 * `regulationId` or else the regulation open now. Without an organisation: the actor's only one; one
 * who belongs to several is asked which rather than given the first.
 */
export async function createDraftPlan(
  actor: Actor,
  options: { regulationId?: string; organisationId?: string; formKey?: string } = {},
): Promise<{ id: string }> {
  const own = actor.roles.includes("APPLICANT") ? actor.organisationIds : [];
  if (own.length === 0)
    throw new ForbiddenError("Alleen een aanvrager van een organisatie kan een plan beginnen.");
  if (options.organisationId !== undefined && !own.includes(options.organisationId))
    throw new ForbiddenError(
      "U kunt alleen een plan beginnen voor een organisatie waarvan u aanvrager bent.",
    );
  if (options.organisationId === undefined && own.length > 1)
    throw new RuleViolation(CHOOSE_PLAN_ORGANISATION, "organisationId");
  const organisationId = options.organisationId ?? (own[0] as string);
  const open = await findRegulationsOpenNow(prisma);
  const regulationId = options.regulationId ?? open[0];
  if (regulationId && !open.includes(regulationId)) {
    throw new RuleViolation("Voor deze regeling is op dit moment geen aanvraagtijdvak open.");
  }
  if (!regulationId) {
    throw new RuleViolation("Er is op dit moment geen aanvraagtijdvak open; u kunt nog geen plan beginnen.");
  }
  return prisma.$transaction(async (tx) => {
    // The page's form key (one per rendered "Nieuw plan" form): the same form sent twice (a double
    // click without JavaScript, a browser resending the POST) is the draft it already made, not a
    // second kenmerk. Only for the organisation chosen now: back on the form, one who belongs to
    // two organisations and chooses the other wants a draft for that one. Under a lock on key and
    // organisation, so two sends at once find each other.
    if (options.formKey) {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`create-draft:${organisationId}:${options.formKey}`}))::text AS locked`;
      const made = await tx.workflowEvent.findFirst({
        where: {
          // A resend comes within moments: the actor's drafts of the last hour bound the events read
          // (by the plan's index) instead of every event's payload.
          planId: { in: await recentDraftIds(tx, actor, organisationId) },
          event: "create",
          actorId: actor.userId,
          payload: { path: ["formKey"], equals: options.formKey },
        },
        select: { planId: true },
      });
      if (made) return { id: made.planId };
    }
    // The kenmerk needs the number before the row exists, so take it from the sequence first.
    const [{ nextval }] = (await tx.$queryRaw<
      { nextval: bigint }[]
    >`SELECT nextval('"Plan_number_seq"')`) as [{ nextval: bigint }];
    const number = Number(nextval);
    const year = Number(amsterdamDate(now()).slice(0, 4));
    const plan = await tx.plan.create({
      data: {
        number,
        reference: formatReference(year, number),
        organisationId,
        regulationId,
        title: "Nieuw sectorplan",
        draftData: await prefilledDraft(tx, organisationId, actor.userId),
        createdById: actor.userId,
        createdAt: now(),
      },
      select: { id: true },
    });
    // The first link of the plan's tamper-evident chain (workflow/chain.server.ts).
    await appendWorkflowEvent(tx, {
      planId: plan.id,
      event: "create",
      fromStatus: null,
      toStatus: "DRAFT",
      actorId: actor.userId,
      actorRole: "APPLICANT",
      reason: null,
      payload: options.formKey ? { formKey: options.formKey } : {},
      planVersion: 1,
      createdAt: now(),
    });
    return plan;
  });
}

/**
 * A new draft's step 1 names the organisation as the hoofdaanvrager, and its writer as the contact:
 * the beschikking is addressed to that organisation and paid to its account, which submission holds
 * step 1 to (organisationChecked): the approved one, or the one finance is asked to check when none
 * is (leadIbanOf). Not marked as saved: the step list shows it as still to do, and the step's page
 * fills it in afresh from the organisation until it is saved (wizard.server.ts leadPrefill).
 */
async function prefilledDraft(
  tx: Tx,
  organisationId: string,
  userId: string,
): Promise<Prisma.InputJsonObject> {
  const [organisation, pending, user] = await Promise.all([
    tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { ...ORGANISATION_LEAD, ibanCheckedAt: true },
    }),
    pendingIbanChangeOf(tx, organisationId),
    tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } }),
  ]);
  const iban = leadIbanOf(leadOrganisationOf(organisation, pending), organisation.iban);
  const draft = emptyDraft();
  const prefilled: PlanDraft = {
    ...draft,
    lead: {
      ...draft.lead,
      ...leadFromOrganisation({ ...organisation, iban }),
      contactName: user.name,
      contactEmail: user.email,
    },
  };
  return prefilled as unknown as Prisma.InputJsonObject;
}

/** What step 1 takes from the organisation (leadFromOrganisation). */
export const ORGANISATION_LEAD = {
  name: true,
  kvkNumber: true,
  legalForm: true,
  street: true,
  postalCode: true,
  city: true,
  iban: true,
} as const satisfies Record<keyof ApplyingOrganisation, true>;

/**
 * The plan's check as submission holds it: `checked` (validateStoredDraft) with step 1 held to the
 * organisation that applies (leadOrganisationIssues), while step 1 can still be changed: a
 * supplement answer that did not reopen it was checked at submission and cannot be mended now.
 * Only a step 1 someone saved: before that the draft holds the copy made with it, which the
 * step's page does not show (it fills in the organisation as it is now, leadPrefill), and such a
 * step 1 is incomplete anyway (its title and period are never filled in for them).
 * `organisationIssues` are those of step 1's own (submitPlan refuses with them first).
 */
export function organisationChecked(
  checked: { issues: PlanIssues; values?: PlanValues },
  draft: PlanDraft,
  organisation: LeadOrganisation,
  reopened: readonly StepKey[] | null,
): { issues: PlanIssues; values?: PlanValues; organisationIssues: { path: string; message: string }[] } {
  const held = draft.saved.includes("lead") && (reopened === null || reopened.includes("lead"));
  const own = held ? leadOrganisationIssues(draft.lead, organisation) : [];
  if (own.length === 0) return { ...checked, organisationIssues: [] };
  return {
    issues: { ...checked.issues, lead: [...checked.issues.lead, ...own] },
    organisationIssues: own,
  };
}

/** How long after a "Nieuw plan" form made its draft the same form sent again still finds it. */
const FORM_KEY_WINDOW_MS = 60 * 60 * 1000;

async function recentDraftIds(tx: Tx, actor: Actor, organisationId: string): Promise<string[]> {
  const drafts = await tx.plan.findMany({
    where: {
      AND: [
        visiblePlans(actor),
        {
          organisationId,
          status: "DRAFT",
          createdById: actor.userId,
          createdAt: { gte: new Date(now().getTime() - FORM_KEY_WINDOW_MS) },
        },
      ],
    },
    select: { id: true },
  });
  return drafts.map((d) => d.id);
}

type LockedDraft = {
  id: string;
  status: PlanStatus;
  version: number;
  organisationId: string;
  draftData: Prisma.JsonValue;
  regulationId: string;
  reference: string;
};

/** Statuses in which the applicant may still change the plan: a draft, or the steps reopened by a supplement request. */
const EDITABLE_STATUSES = new Set<string>(["DRAFT", "INFO_REQUESTED"]);

export const STEP_NOT_REOPENED =
  "Deze stap is niet heropend: alleen de stappen uit het verzoek om aanvulling kunnen worden gewijzigd.";

/**
 * Locks a draft the actor may edit: its own organisation's, still editable, at the expected
 * version; after a supplement request only the steps it names (`step`, when given).
 */
export async function lockEditableDraft(
  tx: Tx,
  actor: Actor,
  planId: string,
  expectedVersion?: number,
  step?: StepKey,
) {
  return editableDraft(tx, actor, planId, expectedVersion, step, true);
}

/** The same checks as lockEditableDraft, on a plain read (saveStep guards its write by version). */
async function editableDraft(
  db: Tx | typeof prisma,
  actor: Actor,
  planId: string,
  expectedVersion: number | undefined,
  step: StepKey | undefined,
  forUpdate: boolean,
) {
  // One read of what editing needs, and only of the actor's own organisation's plan: the
  // workflow's facts (lockPlan: advices, signatories, assignments…) are for events, which lock again.
  const own = actor.roles.includes("APPLICANT") ? actor.organisationIds : [];
  const [plan] = await db.$queryRaw<LockedDraft[]>`
    SELECT id, status::text AS status, version, "organisationId", "draftData", "regulationId", reference
    FROM "Plan" WHERE id = ${planId} AND "organisationId" = ANY(${own}::text[])
    ${forUpdate ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  if (!plan) {
    // Someone else's plan: "not found" unless the actor may see it (staff), then "forbidden".
    const visible = await db.plan.findFirst({
      where: planWhereForActor(actor, planId),
      select: { id: true },
    });
    if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    throw new ForbiddenError("Alleen de aanvragende organisatie kan dit plan wijzigen.");
  }
  if (expectedVersion !== undefined && plan.version !== expectedVersion)
    throw new ConflictError(PLAN_CHANGED, "PLAN_CHANGED");
  if (!EDITABLE_STATUSES.has(plan.status)) {
    throw new RuleViolation("Dit plan is ingediend en kan niet meer worden gewijzigd.");
  }
  const request = plan.status === "INFO_REQUESTED" ? await openSupplementRequest(db, planId) : null;
  const steps = editableSteps(plan.status, request);
  if (step && steps !== "all" && !(steps as StepKey[]).includes(step))
    throw new RuleViolation(STEP_NOT_REOPENED);
  return {
    ...plan,
    supplementRequestId: request?.id ?? null,
    /** The steps the open supplement request reopened; null outside a supplement request. */
    reopenedSteps: request ? (request.steps as StepKey[]) : null,
  };
}

export function isEditableStatus(status: string): boolean {
  return EDITABLE_STATUSES.has(status);
}

/**
 * The columns that lists and dashboards show, derived from the draft as far as it is readable
 * (a draft may be invalid). Submission overwrites them from the validated values.
 */
function projection(draft: PlanDraft) {
  const lead = draft.lead;
  const validPeriod =
    isRealDate(lead.periodStart) && isRealDate(lead.periodEnd) && lead.periodStart <= lead.periodEnd;
  const employees = Number(lead.employeesInScope);
  return {
    title: capText(lead.title.trim(), TITLE_MAX) || "Nieuw sectorplan",
    summary: capText(lead.summary, 10_000),
    sectorCodes: lead.coverage === "SECTORS" ? lead.sectorCodes.slice(0, 50) : [],
    regionCodes: lead.coverage === "REGIONS" ? lead.regionCodes.slice(0, 50) : [],
    employeesInScope:
      Number.isInteger(employees) && employees > 0 && employees < 10_000_000 ? employees : null,
    // "2014-01-01" for the date columns, as typed (a Date would be cast through the session's zone).
    periodStart: validPeriod ? lead.periodStart : null,
    periodEnd: validPeriod ? lead.periodEnd : null,
    advancesRequested: draft.budget.advancesRequested,
  };
}

/**
 * Step 4's category fields that a measure's category does not ask for are not stored (measures.ts
 * withApplicableCategoryFields): a wage cost typed under one category must not come back when it is
 * chosen again after another. The regulation is read only when some measure names a category.
 */
async function withoutInapplicableFields<K extends FormStepKey>(
  step: K,
  input: StepInputs[K],
  regulationId: string,
): Promise<StepInputs[K]> {
  if (step !== "measures") return input;
  const { measures } = input as StepInputs["measures"];
  const measureCategories = measures.some((m) => m.category)
    ? parseMeasureCategories(
        (
          await prisma.regulation.findUniqueOrThrow({
            where: { id: regulationId },
            select: { measureCategories: true },
          })
        ).measureCategories,
      )
    : [];
  return {
    measures: measures.map((m) => withApplicableCategoryFields({ measureCategories }, m)),
  } as StepInputs[K];
}

/**
 * Saves what was typed on one step, valid or not (drafts may be invalid; only submission needs
 * validity). Refused when the plan moved on since the page was loaded (another tab, a colleague):
 * `expectedVersion` is the version the workflow checks too, so nothing is silently overwritten.
 *
 * No transaction and no row lock: one read, then one UPDATE that applies only while the plan is
 * still at the version (and status) read. Every change of a plan's content or status bumps its
 * version, so a save that lost a race changes nothing and is answered as a conflict, exactly as a
 * locked read of the new version would have been. The one writer that does not bump it,
 * rememberStep, sets only the draft's lastStep in place, so it never writes back content.
 * (Autosave is the portal's most frequent write: this is 2 round trips instead of 4, and no
 * interactive transaction; issue 7's bench.)
 *
 * `acceptUnchanged` (autosaves only): a save at an older version that would store nothing new (the
 * step as stored, already counted as saved) is answered with the current version instead of a
 * conflict (autosave.server.ts, shared with the realisatieverslag). Any difference stays a conflict.
 */
export async function saveStep(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  step: FormStepKey,
  raw: unknown,
  options: { lastStep?: StepKey; acceptUnchanged?: boolean } = {},
): Promise<{ version: number; savedAt: Date }> {
  const shaped = shapeStepInput(step, raw);
  let plan: Awaited<ReturnType<typeof editableDraft>>;
  try {
    plan = await editableDraft(prisma, actor, planId, expectedVersion, step, false);
  } catch (err) {
    if (!(err instanceof ConflictError) || !options.acceptUnchanged) throw err;
    // The same checks again without the version: a plan submitted meanwhile is still refused.
    const stored = await editableDraft(prisma, actor, planId, undefined, step, false);
    // The step as posted (with the category fields that apply) against the step as stored, not
    // after withPeriodYears: amounts typed in a year that a period changed in another tab dropped
    // would be cut before the comparison, and the typing answered as saved while it was lost.
    const unchanged = storesNothingNew({
      expectedVersion,
      storedVersion: stored.version,
      saved: readDraft(stored.draftData).saved.includes(step),
      stored: shapeStepInput(step, storedSteps(stored.draftData)[step]),
      next: await withoutInapplicableFields(step, shaped, stored.regulationId),
    });
    if (unchanged) return { version: stored.version, savedAt: now() };
    throw err;
  }
  const current = readDraft(plan.draftData);
  const next: PlanDraft = keepClosedSteps(
    withPeriodYears({
      ...current,
      [step]: await withoutInapplicableFields(step, shaped, plan.regulationId),
      saved: current.saved.includes(step) ? current.saved : [...current.saved, step],
      lastStep: options.lastStep ?? step,
    }),
    plan.draftData,
    plan.reopenedSteps,
  );
  const version = plan.version + 1;
  const savedAt = now();
  // While a supplement is written the columns staff lists and dashboards show stay as submitted:
  // the typing is not sent until a signatory sends it, and submitPlan (materialise) writes them then.
  if (plan.status === "INFO_REQUESTED") {
    const updated = await prisma.$executeRaw`UPDATE "Plan" SET
        version = ${version}, "draftData" = ${JSON.stringify(next)}::jsonb, "updatedAt" = ${savedAt}
      WHERE id = ${planId} AND "organisationId" = ${plan.organisationId} AND version = ${plan.version}
        AND status = 'INFO_REQUESTED'`;
    if (updated !== 1) throw new ConflictError(PLAN_CHANGED, "PLAN_CHANGED");
    return { version, savedAt };
  }
  const p = projection(next);
  // Raw: Prisma's updateMany compiled a new query plan for every draft's JSON shape (~2 ms of CPU).
  const updated = await prisma.$executeRaw`UPDATE "Plan" SET
      version = ${version}, "draftData" = ${JSON.stringify(next)}::jsonb, title = ${p.title},
      summary = ${p.summary}, "sectorCodes" = ${p.sectorCodes}::text[], "regionCodes" = ${p.regionCodes}::text[],
      "employeesInScope" = ${p.employeesInScope}::int, "periodStart" = ${p.periodStart}::date,
      "periodEnd" = ${p.periodEnd}::date, "advancesRequested" = ${p.advancesRequested},
      "updatedAt" = ${savedAt}
    WHERE id = ${planId} AND "organisationId" = ${plan.organisationId} AND version = ${plan.version}
      AND status = CAST(${plan.status} AS "PlanStatus")`;
  if (updated !== 1) throw new ConflictError(PLAN_CHANGED, "PLAN_CHANGED");
  return { version, savedAt };
}

/**
 * The steps a supplement request left closed are stored as they were. A period changed in a
 * reopened step 1 would otherwise cut the years it leaves from the closed steps 4 and 5 for good
 * (withPeriodYears): put back, those years came back empty, and the applicant, who cannot open
 * those steps, could no longer answer. Read, they still follow the period (readDraft), and
 * validateSupplementAnswer says on step 1 that the years must stay.
 */
function keepClosedSteps(next: PlanDraft, stored: unknown, reopened: StepKey[] | null): PlanDraft {
  if (!reopened) return next;
  const raw = storedSteps(stored);
  const kept = { ...next };
  for (const key of ["measures", "budget"] as const)
    if (!reopened.includes(key)) Object.assign(kept, { [key]: shapeStepInput(key, raw[key]) });
  return kept;
}

/** Plan.draftData as stored, by key ({} when it is no object). */
function storedSteps(stored: unknown): Record<string, unknown> {
  return stored && typeof stored === "object" && !Array.isArray(stored)
    ? (stored as Record<string, unknown>)
    : {};
}

/**
 * Remembers the step the applicant opened, to resume there; not a change of the plan (no version,
 * no "saved at"). Only `lastStep` is written: the draft read back (readDraft) has its years made to
 * follow the period, and storing that would cut a supplement request's closed steps 4 and 5 to a
 * period changed in the reopened step 1 for good (keepClosedSteps), so the answer could never go in.
 */
export async function rememberStep(actor: Actor, planId: string, step: StepKey): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const plan = await lockEditableDraft(tx, actor, planId, undefined, step);
    if (storedSteps(plan.draftData).lastStep === step) return;
    await tx.$executeRaw`UPDATE "Plan" SET "draftData" = CASE
        WHEN jsonb_typeof("draftData") = 'object' THEN jsonb_set("draftData", '{lastStep}', to_jsonb(${step}::text))
        ELSE jsonb_build_object('lastStep', ${step}::text) END
      WHERE id = ${plan.id}`;
  });
}

const planWithContent = {
  years: { orderBy: { year: "asc" } },
  measures: { orderBy: { position: "asc" }, include: { costs: { orderBy: { year: "asc" } } } },
} as const;

type PlanWithContent = NonNullable<
  Awaited<
    ReturnType<typeof prisma.plan.findUnique<{ where: { id: string }; include: typeof planWithContent }>>
  >
>;

export async function loadPlanWithContent(db: Tx | typeof prisma, planId: string): Promise<PlanWithContent> {
  // biome-ignore lint/plugin/plan-scope: a loader for callers that checked planWhereForActor first (view.server.ts, the submission)
  const plan = await db.plan.findUnique({ where: { id: planId }, include: planWithContent });
  if (!plan) throw new NotFoundError();
  return plan;
}

type AttachmentRow = { kind: string; filename: string; byteSize: number; sha256: string };

/**
 * The immutable snapshot frozen at submission (PlanVersion). Money as decimal cent strings. A
 * measure keeps its category with the label and rate it was submitted under (`rules`: the
 * regulation's categories then).
 */
export function snapshotOf(
  reference: string,
  values: PlanValues,
  draft: PlanDraft,
  rules: Pick<PlanRules, "measureCategories">,
  context: Pick<StepContext, "costsPerYear">,
  attachments: AttachmentRow[],
) {
  const { lead, partnership, analysis, measures, budget } = values;
  return {
    reference,
    title: lead.title,
    summary: lead.summary,
    sectorCodes: lead.coverage === "SECTORS" ? lead.sectorCodes : [],
    regionCodes: lead.coverage === "REGIONS" ? lead.regionCodes : [],
    periodStart: lead.periodStart,
    periodEnd: lead.periodEnd,
    advancesRequested: budget.advancesRequested,
    employeesInScope: lead.employeesInScope,
    lead: {
      name: lead.leadName,
      kvk: lead.leadKvk,
      legalForm: lead.leadLegalForm,
      address: lead.leadAddress,
      iban: lead.leadIban,
      contactName: lead.contactName,
      contactEmail: lead.contactEmail,
      securityKind: lead.securityKind,
      securityCents: lead.securityAmount.toString(),
    },
    partners: partnership.partners,
    analysis,
    measures: measures.measures.map((m) => ({
      theme: m.theme,
      title: m.title,
      description: m.description,
      conditions: m.conditions,
      executingParty: m.executingParty,
      participants: m.participants,
      costPerParticipantCents: m.costPerParticipant === null ? null : m.costPerParticipant.toString(),
      category: m.category,
      categoryLabel: categoryOf(rules, m.category ?? undefined)?.label ?? null,
      rateBp: m.rateBp,
      wageCostsPerParticipantCents:
        m.wageCostsPerParticipant === null ? null : m.wageCostsPerParticipant.toString(),
      netJobGrowth: m.netJobGrowth,
      hiringGround: m.hiringGround,
      costs: m.costs.map((c) => ({ year: c.year, cents: c.amount.toString() })),
    })),
    requested: budget.rows.map((r) => ({ year: r.year, cents: r.requested.toString() })),
    financing: budget.rows.map((r, i) => ({
      year: r.year,
      costsCents: context.costsPerYear[i] ?? "0",
      requestedCents: r.requested.toString(),
      ownContributionCents: r.ownContribution.toString(),
      otherSourcesCents: r.otherSources.toString(),
    })),
    otherSourcesDescription: budget.otherSourcesDescription,
    noDoubleFunding: budget.noDoubleFunding,
    attachments: attachments.map((a) => ({
      kind: a.kind,
      filename: a.filename,
      byteSize: a.byteSize,
      sha256: a.sha256,
    })),
    declarations: { truthful: draft.submit.truthful, stateAid: draft.submit.stateAid },
  };
}

/** The validated draft as the structured rows the review, budget and letters read. */
async function materialise(tx: Tx, planId: string, values: PlanValues): Promise<void> {
  const { lead, measures, budget } = values;
  await tx.measure.deleteMany({ where: { planId } });
  await tx.planYear.deleteMany({ where: { planId } });
  // biome-ignore lint/plugin/plan-scope: materialise runs inside the submission, after lockEditableDraft checked the actor
  await tx.plan.update({
    where: { id: planId },
    data: {
      title: lead.title,
      summary: lead.summary,
      sectorCodes: lead.coverage === "SECTORS" ? lead.sectorCodes : [],
      regionCodes: lead.coverage === "REGIONS" ? lead.regionCodes : [],
      employeesInScope: lead.employeesInScope,
      periodStart: new Date(`${lead.periodStart}T00:00:00Z`),
      periodEnd: new Date(`${lead.periodEnd}T00:00:00Z`),
      advancesRequested: budget.advancesRequested,
      years: {
        create: budget.rows.map((r) => ({
          year: r.year,
          requestedCents: r.requested,
          ownContributionCents: r.ownContribution,
          otherSourcesCents: r.otherSources,
        })),
      },
    },
  });
  for (const [position, m] of measures.measures.entries()) {
    await tx.measure.create({
      data: {
        planId,
        position,
        theme: m.theme,
        title: m.title,
        description: m.description,
        conditions: m.conditions,
        executingParty: m.executingParty,
        participants: m.participants,
        costPerParticipantCents: m.costPerParticipant,
        category: m.category,
        wageCostsPerParticipantCents: m.wageCostsPerParticipant,
        netJobGrowth: m.netJobGrowth,
        costs: { create: m.costs.map((c) => ({ year: c.year, costCents: c.amount })) },
      },
    });
  }
}

/** The message for a plan that cannot be submitted yet: the first problem, with its step. */
function firstProblem(issues: Record<StepKey, { path: string; message: string }[]>) {
  for (const [step, list] of Object.entries(issues) as [StepKey, { path: string; message: string }[]][]) {
    const first = list[0];
    if (first) return { step, ...first };
  }
  return undefined;
}

/**
 * Submission: every step valid (the declarations too), the window open, a signatory (the workflow
 * guard). Freezes a PlanVersion with its SHA-256 and materialises the rows that review and
 * budget read; the acknowledgement follows through the outbox (workflow definition).
 */
export async function submitPlan(
  actor: Actor,
  planId: string,
  expectedVersion: number,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const plan = await lockEditableDraft(tx, actor, planId, expectedVersion);
    const supplement = plan.status === "INFO_REQUESTED";
    // The window first: after it closed, nothing else about the plan matters any more. A
    // supplement completes an application received in time, so the window does not apply to it.
    const at = now();
    const window = supplement ? null : await findOpenWindow(tx, plan.regulationId, at);
    if (!supplement && !window) {
      throw new RuleViolation(
        "Het aanvraagtijdvak is gesloten; indienen is niet meer mogelijk.",
        undefined,
        "WINDOW_CLOSED",
      );
    }
    const draft = readDraft(plan.draftData);
    const rules = await planRules(tx, plan.regulationId);
    const attachments = await tx.planAttachment.findMany({
      where: { planId },
      orderBy: { createdAt: "asc" },
      select: { kind: true, filename: true, byteSize: true, sha256: true },
    });
    const facts = { kinds: attachments.map((a) => a.kind) };
    const [organisation, pendingIban] = await Promise.all([
      tx.organisation.findUniqueOrThrow({
        where: { id: plan.organisationId },
        select: { kvkNumber: true, iban: true, ibanCheckedAt: true },
      }),
      pendingIbanChangeOf(tx, plan.organisationId),
    ]);
    const { issues, values, organisationIssues } = organisationChecked(
      validateStoredDraft(draft, plan.draftData, rules, facts, plan.reopenedSteps),
      draft,
      leadOrganisationOf(organisation, pendingIban),
      plan.reopenedSteps,
    );
    // Another legal entity as the hoofdaanvrager (or another account) is no gap to fill in but a
    // plan this organisation cannot send: said on its own, at step 1's field, before anything missing.
    const [own] = organisationIssues;
    if (own) throw new RuleViolation(own.message, `lead.${own.path}`, "LEAD_NOT_ORGANISATION");
    if (!values) {
      const first = firstProblem(issues);
      throw new RuleViolation(
        `Het plan is nog niet compleet: ${first?.message ?? "vul alle stappen in."}`,
        first ? `${first.step}.${first.path}` : undefined,
        "PLAN_INCOMPLETE",
      );
    }
    await materialise(tx, planId, values);
    const snapshot = snapshotOf(plan.reference, values, draft, rules, stepContext(draft, rules), attachments);
    const sha256 = createHash("sha256").update(JSON.stringify(snapshot)).digest("hex");
    const versions = await tx.planVersion.count({ where: { planId } });
    const planVersion = await tx.planVersion.create({
      data: { planId, number: versions + 1, snapshot, sha256, submittedById: actor.userId, submittedAt: at },
      select: { id: true },
    });
    // receivedAt orders the completeness queue: the submission now; a supplement's arrival later
    // (set by the supply_info effect when the plan returns to SUBMITTED, Awb 4:5). The beslistermijn
    // and the number of advisers are the regulation's at the application, as the acknowledgement
    // tells the applicant; a change of the regulation before completeness does not reach them.
    if (window) {
      const terms = await tx.regulation.findUniqueOrThrow({
        where: { id: plan.regulationId },
        select: { decisionTermWeeks: true, advisersRequired: true },
      });
      // biome-ignore lint/plugin/plan-scope: the submission locked the plan through lockEditableDraft (the actor's organisation)
      await tx.plan.update({
        where: { id: planId },
        data: { windowId: window.id, submittedAt: at, receivedAt: at, ...terms },
      });
    }
    if (plan.supplementRequestId)
      await tx.supplementRequest.update({
        where: { id: plan.supplementRequestId },
        data: { answeredAt: at, planVersionId: planVersion.id },
      });
    return applyEvent(tx, {
      planId,
      event: supplement ? "supply_info" : "submit",
      actor,
      expectedVersion,
      input: { planVersionId: planVersion.id },
    });
  });
}
