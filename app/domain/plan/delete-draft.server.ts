import { prisma, type Tx } from "../../db/client.server.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { AttachmentKind, PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { attachmentKindLabel } from "../attachments/detect.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { deletingBytes } from "../documents/store.server.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { planWhereForActor } from "./access.server.ts";
import { lockEditableDraft } from "./drafts.server.ts";
import { readDraft, STEPS, type StepKey } from "./steps/wizard.ts";

/**
 * "A DRAFT is simply deleted" (design.md §4): an abandoned draft leaves no trace on the
 * organisation's dashboard, unlike a submitted plan, which is withdrawn and kept.
 *
 * Who: any applicant of the plan's organisation, signatory or not. Every member may edit a draft
 * (saveStep, uploads, removing attachments: lockEditableDraft asks no signatory) and could empty it
 * step by step; only what binds the organisation towards the ministry (submitting, withdrawing,
 * a verlenging) asks a signatory. Deleting an unsent draft binds nobody.
 *
 * What: only a plan that never left the organisation. The workflow has no way back to DRAFT (no
 * transition in definition.server.ts leads there), so a DRAFT is always unsent today; the history
 * check below keeps that true should one ever be added: a plan staff have seen (a version, a
 * letter, a note, money…) is never erased, whatever its status says.
 */

export const DRAFT_DELETE_NOT_A_DRAFT =
  "Dit plan is ingediend en kan daarom niet worden verwijderd. Een ingediend plan blijft bewaard; zolang er nog geen besluit is, kunt u het intrekken op de pagina van het plan.";
export const DRAFT_DELETE_HAS_HISTORY =
  "Dit concept is al eerder ingediend of behandeld en blijft daarom bewaard; het kan niet worden verwijderd.";

const DRAFT_DELETED: AuditAction = "plan.draft-deleted";

/**
 * Every table whose rows only exist once a plan was submitted (or money, staff or letters touched
 * it). Their foreign keys are RESTRICT (the contents' PlanYear, Measure and SupplementRequest:
 * CASCADE; LedgerEntry: SET NULL): a row in any of them means the plan has a history, and the
 * deletion is refused instead of cascading or failing on the key.
 */
const HISTORY_TABLES = [
  "PlanVersion",
  "PlanYear",
  "Measure",
  "SupplementRequest",
  "Advice",
  "Decision",
  "Document",
  "AdviserAssignment",
  "PlanNote",
  "PlanMessage",
  "DefaultNotice",
  "Payment",
  "RealisationReport",
  "Settlement",
  "RecoveryClaim",
  "PlanExtension",
  "LedgerEntry",
] as const;

/** The tables (and WorkflowEvent beyond the "create" event) holding rows of the plan's history. */
async function historyOf(db: Tx | typeof prisma, planId: string): Promise<string[]> {
  const parts = HISTORY_TABLES.map(
    (table) =>
      Prisma.sql`SELECT ${table}::text AS name WHERE EXISTS (SELECT 1 FROM ${Prisma.raw(`"${table}"`)} WHERE "planId" = ${planId})`,
  );
  parts.push(
    Prisma.sql`SELECT 'WorkflowEvent'::text AS name WHERE EXISTS (SELECT 1 FROM "WorkflowEvent" WHERE "planId" = ${planId} AND event <> 'create')`,
  );
  const rows = await db.$queryRaw<{ name: string }[]>`${Prisma.join(parts, " UNION ALL ")}`;
  return rows.map((r) => r.name);
}

/** Why this plan may not be deleted, or null when it may. */
function refusal(status: PlanStatus | string, submittedAt: Date | null, history: string[]): string | null {
  if (status !== "DRAFT") return DRAFT_DELETE_NOT_A_DRAFT;
  if (submittedAt !== null || history.length > 0) return DRAFT_DELETE_HAS_HISTORY;
  return null;
}

/** The dashboard's offer to delete: a draft never submitted (deleteDraft checks the rest again). */
export function offersDeletion(plan: { status: PlanStatus; submittedAt: Date | null }): boolean {
  return plan.status === "DRAFT" && plan.submittedAt === null;
}

export type DraftDeletionView = {
  id: string;
  reference: string;
  title: string;
  version: number;
  /** The wizard's steps saved at least once, in the wizard's order. */
  stepsSaved: StepKey[];
  attachments: { filename: string; kind: AttachmentKind; kindLabel: string; byteSize: number }[];
  /** Why it cannot be deleted; null when it can. */
  refusal: string | null;
};

/** What the confirmation page shows: the draft and what goes with it. Another organisation's plan: NotFound. */
export async function draftDeletionView(actor: Actor, planId: string): Promise<DraftDeletionView> {
  const plan = await prisma.plan.findFirst({
    where: { AND: [planWhereForActor(actor, planId), { organisationId: { in: actor.organisationIds } }] },
    select: {
      id: true,
      reference: true,
      title: true,
      version: true,
      status: true,
      submittedAt: true,
      draftData: true,
      attachments: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { filename: true, kind: true, byteSize: true },
      },
    },
  });
  if (!actor.roles.includes("APPLICANT") || !plan)
    throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const saved = readDraft(plan.draftData).saved;
  return {
    id: plan.id,
    reference: plan.reference,
    title: plan.title,
    version: plan.version,
    stepsSaved: STEPS.map((s) => s.key).filter((k) => saved.includes(k)),
    attachments: plan.attachments.map((a) => ({ ...a, kindLabel: attachmentKindLabel(a.kind) })),
    refusal: refusal(plan.status, plan.submittedAt, await historyOf(prisma, plan.id)),
  };
}

/**
 * Deletes a draft of the actor's organisation with everything that belongs to it, under the
 * plan's row lock (the same lock as every save, upload and submission: an upload or a submission
 * waits and then finds no plan; a save at the old version is a conflict), at the version the page
 * was read at. Writes one AuditLog row that keeps the title and the organisation, as the plan and
 * its events are gone.
 */
export async function deleteDraft(
  actor: Actor,
  planId: string,
  expectedVersion: number,
): Promise<{ reference: string; title: string }> {
  return deletingBytes(async (tx, release) => {
    let locked: Awaited<ReturnType<typeof lockEditableDraft>>;
    try {
      // The organisation scope (ADR 0014: another organisation's plan is not found), the version
      // (stale: ConflictError) and an editable status.
      locked = await lockEditableDraft(tx, actor, planId, expectedVersion);
    } catch (err) {
      // Not editable = submitted; the lock's own message speaks of changing, not deleting.
      if (err instanceof RuleViolation)
        throw new RuleViolation(DRAFT_DELETE_NOT_A_DRAFT, undefined, "NOT_A_DRAFT");
      throw err;
    }
    const plan = await tx.plan.findFirstOrThrow({
      where: planWhereForActor(actor, planId),
      select: { title: true, submittedAt: true, organisation: { select: { id: true, name: true } } },
    });
    // INFO_REQUESTED is editable too, but it is a submitted plan.
    const why = refusal(locked.status, plan.submittedAt, await historyOf(tx, planId));
    if (why)
      throw new RuleViolation(
        why,
        undefined,
        why === DRAFT_DELETE_NOT_A_DRAFT ? "NOT_A_DRAFT" : "HAS_HISTORY",
      );

    const stepsSaved = readDraft(locked.draftData).saved;
    const attachments = await tx.planAttachment.findMany({
      where: { planId },
      select: { storageKey: true },
    });
    await tx.planAttachment.deleteMany({ where: { planId } });
    // The bytes go too, as with removeAttachment: in this transaction with the database store, a
    // folder store's files once it committed (deletingBytes). An attachment's key is its own
    // (attachments/<plan>/<id>), but bytes another row still points at (a letter's content address,
    // another attachment) are never taken along.
    release(attachments.map((a) => a.storageKey));
    // What points at the plan without a foreign key: the bell (a sign-off request), and the
    // outbox's messages about it (its e-mails), which would otherwise be sent, or handed over
    // again after a Redis loss (workers/redrive.ts), for a plan that no longer exists.
    await tx.notification.deleteMany({ where: { planId } });
    await tx.$executeRaw`DELETE FROM "OutboxMessage" WHERE payload->>'planId' = ${planId}`;
    await tx.reminder.deleteMany({ where: { planId } });
    // The draft's only event is its "create" (historyOf). The hash chain is per plan
    // (chain.server.ts: each event links to the plan's previous one, verifyChains walks plan by
    // plan), so removing a plan's whole chain together with the plan leaves no other chain broken
    // and nothing for audit:verify to miss: the AuditLog row below records the deletion instead.
    await tx.workflowEvent.deleteMany({ where: { planId } });
    // biome-ignore lint/plugin/plan-scope: the plan was locked by lockEditableDraft (the actor's organisation) above
    await tx.plan.delete({ where: { id: planId } });
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: DRAFT_DELETED,
        targetType: "Plan",
        targetId: planId,
        details: {
          reference: locked.reference,
          title: plan.title,
          organisationId: plan.organisation.id,
          organisation: plan.organisation.name,
          stepsSaved,
          attachments: attachments.length,
        },
        createdAt: now(),
      },
    });
    return { reference: locked.reference, title: plan.title };
  });
}
