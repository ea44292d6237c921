import { prisma } from "../../db/client.server.ts";
import { isSignatoryForPlan } from "../accounts/organisation.server.ts";
import type { Actor } from "../actor.ts";
import { attachmentKindLabel } from "../attachments/detect.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { pendingIbanChangeOf } from "../payments/iban.server.ts";
import { formatIban } from "../payments/iban.ts";
import { findOpenWindow, planRules } from "../regulation/regulation.server.ts";
import { lastDayOf } from "../regulation/setup.server.ts";
import { planWhereForActor } from "./access.server.ts";
import { isEditableStatus, ORGANISATION_LEAD, organisationChecked } from "./drafts.server.ts";
import { leadFromOrganisation, leadIbanOf, leadOrganisationOf } from "./steps/lead.ts";
import {
  readDraft,
  STEPS,
  type StepKey,
  stepContext,
  stepStates,
  validateStoredDraft,
} from "./steps/wizard.ts";
import { editableSteps, openSupplementRequest } from "./supplement.server.ts";

/** The steps the applicant may change: all of a draft, or those a supplement request reopened. */
function openSteps(status: string, supplement: { steps: string[] } | null): StepKey[] {
  const steps = editableSteps(status, supplement);
  return steps === "all" ? STEPS.map((s) => s.key) : (steps as StepKey[]);
}

/**
 * What a step page checks before it shows, without the rest of the wizard (the layout loads that):
 * whether the actor may edit the plan now, which steps, and where its writer left off.
 */
export async function wizardAccess(actor: Actor, planId: string) {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { status: true, organisationId: true, draftData: true },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const isOwner = actor.roles.includes("APPLICANT") && actor.organisationIds.includes(plan.organisationId);
  const supplement = plan.status === "INFO_REQUESTED" ? await openSupplementRequest(prisma, planId) : null;
  return {
    editable: isOwner && isEditableStatus(plan.status),
    editableSteps: openSteps(plan.status, supplement),
    lastStep: readDraft(plan.draftData).lastStep,
  };
}

/**
 * Everything the wizard's pages need for one plan and one applicant: the draft as typed, the
 * regulation's rules, what each step needs from the others, the issues of every step and the
 * step list's marks. Not visible → NotFoundError (404), as every plan query.
 */
export async function getWizard(actor: Actor, userId: string, planId: string) {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      version: true,
      organisationId: true,
      regulationId: true,
      draftData: true,
      updatedAt: true,
      // Step 1 is held to it at submission; step 7 says which account is paid.
      organisation: {
        select: { kvkNumber: true, iban: true, ibanCheckedAt: true, accountHolder: true, name: true },
      },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const isOwner = actor.roles.includes("APPLICANT") && actor.organisationIds.includes(plan.organisationId);
  const [rules, attachments, window, isSignatory, supplement, lastVersion, pendingIban] = await Promise.all([
    planRules(prisma, plan.regulationId),
    prisma.planAttachment.findMany({
      where: { planId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        kind: true,
        filename: true,
        mimeType: true,
        byteSize: true,
        sha256: true,
        createdAt: true,
      },
    }),
    findOpenWindow(prisma, plan.regulationId, now()),
    isSignatoryForPlan(userId, planId),
    plan.status === "INFO_REQUESTED" ? openSupplementRequest(prisma, planId) : Promise.resolve(null),
    // Files sent with a submitted version stay (removeAttachment refuses them); only a reopened
    // attachments step needs to know which.
    plan.status === "INFO_REQUESTED"
      ? prisma.planVersion.findFirst({
          where: { planId },
          orderBy: { number: "desc" },
          select: { submittedAt: true },
        })
      : Promise.resolve(null),
    // A change of the account asked for: step 1 may name it, and step 7 says it is underway.
    pendingIbanChangeOf(prisma, plan.organisationId),
  ]);
  const draft = readDraft(plan.draftData);
  const facts = { kinds: attachments.map((a) => a.kind) };
  // Answering a supplement request: only the reopened steps (and step 7) can be mended, so only
  // they show what blocks the answer (validateSupplementAnswer). Step 1 names the organisation
  // that applies, as submitPlan holds it to.
  const reopened = supplement ? (supplement.steps as StepKey[]) : null;
  const { issues } = organisationChecked(
    validateStoredDraft(draft, plan.draftData, rules, facts, reopened),
    draft,
    leadOrganisationOf(plan.organisation, pendingIban),
    reopened,
  );
  return {
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      status: plan.status,
      version: plan.version,
      savedAt: plan.updatedAt.toISOString(),
    },
    /** The signed-in user, under whom the step form keeps its copy for a reload (step-form.tsx). */
    userId,
    editable: isOwner && isEditableStatus(plan.status),
    editableSteps: openSteps(plan.status, supplement),
    supplement: supplement
      ? { text: supplement.text, steps: supplement.steps, dueAt: supplement.dueAt.toISOString() }
      : null,
    isSignatory,
    payee: payeeOf(plan.organisationId, plan.organisation, pendingIban),
    window: window ? { lastDay: lastDayOf(window.closesAt) } : null,
    rules,
    draft,
    context: stepContext(draft, rules),
    issues,
    states: stepStates(draft, issues, { count: attachments.length }),
    attachments: attachments.map((a) => ({
      ...a,
      kindLabel: attachmentKindLabel(a.kind),
      createdAt: a.createdAt.toISOString(),
      submitted: lastVersion ? a.createdAt <= lastVersion.submittedAt : false,
    })),
  };
}
export type Wizard = Awaited<ReturnType<typeof getWizard>>;

/**
 * The account the subsidy is paid on, whatever a draft's step 1 says, as step 7 tells it: payments
 * go only to an account finance approved, under the holder's name approved with it (the bank
 * file's payee), and are held while a change of it is open (payments/batches.server.ts).
 * - "approved": paid on `iban`;
 * - "changePending": on `iban` now, on `newIban` once finance approves the change; nothing until
 *   finance decided;
 * - "awaitingCheck": no account approved yet, `iban` is the one finance is asked to check (the
 *   first account, or a new one after a rejection or a bank return);
 * - "notPaid": none approved and none asked for: finance rejected the one given, or the bank sent
 *   a payment on it back (returns.server.ts); nothing is paid until a new one is approved.
 */
export type Payee = { organisationId: string } & (
  | { state: "approved" | "awaitingCheck"; iban: string; holder: string }
  | { state: "changePending"; iban: string; holder: string; newIban: string; newHolder: string }
  | { state: "notPaid" }
);

function payeeOf(
  organisationId: string,
  organisation: { iban: string; ibanCheckedAt: Date | null; accountHolder: string | null; name: string },
  pending: { iban: string; accountHolder: string } | null,
): Payee {
  if (organisation.ibanCheckedAt) {
    const approved = {
      organisationId,
      iban: formatIban(organisation.iban),
      holder: organisation.accountHolder ?? organisation.name,
    };
    return pending
      ? {
          ...approved,
          state: "changePending",
          newIban: formatIban(pending.iban),
          newHolder: pending.accountHolder,
        }
      : { ...approved, state: "approved" };
  }
  // Organisation.iban of an unapproved organisation is the account finance rejected or the bank
  // sent back (or the first one, which its open request names too): never the one to show as paid.
  return pending
    ? {
        organisationId,
        state: "awaitingCheck",
        iban: formatIban(pending.iban),
        holder: pending.accountHolder,
      }
    : { organisationId, state: "notPaid" };
}

/**
 * Step 1 before it was ever saved: the lead applicant is the user's own organisation. A new draft
 * holds it already (createDraftPlan); a draft made before that did not.
 */
export async function leadPrefill(planId: string, user: { name: string; email: string; actor: Actor }) {
  // Scoped although the step's loader checked the plan already: it reads the organisation's IBAN.
  const plan = await prisma.plan.findFirstOrThrow({
    where: planWhereForActor(user.actor, planId),
    select: { organisationId: true, organisation: { select: { ...ORGANISATION_LEAD, ibanCheckedAt: true } } },
  });
  // The account submission holds step 1 to: the approved one, or the one finance is asked to check.
  const pending = await pendingIbanChangeOf(prisma, plan.organisationId);
  const iban = leadIbanOf(leadOrganisationOf(plan.organisation, pending), plan.organisation.iban);
  return {
    ...leadFromOrganisation({ ...plan.organisation, iban }),
    contactName: user.name,
    contactEmail: user.email,
  };
}
