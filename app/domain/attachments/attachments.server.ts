import { randomUUID } from "node:crypto";
import { z } from "zod";
import { prisma, type Tx } from "../../db/client.server.ts";
import type { AttachmentKind } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { PlanSnapshot } from "../documents/snapshot.ts";
import {
  DatabaseDocumentStore,
  type DocumentStore,
  deletingBytes,
  documentStore,
  sha256Hex,
} from "../documents/store.server.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { planWhereForActor, visiblePlans } from "../plan/access.server.ts";
import { isEditableStatus, lockEditableDraft } from "../plan/drafts.server.ts";
import { editableSteps, openSupplementRequest } from "../plan/supplement.server.ts";
import {
  ATTACHMENT_KIND_VALUES,
  ATTACHMENT_KINDS,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_PLAN_MAX,
  attachmentKindLabel,
  cleanFilename,
  detectAttachmentType,
  downloadFilename,
  extensionFor,
  MSG_EMPTY,
  MSG_KIND,
  MSG_NOT_FOUND,
  MSG_SUBMITTED_FILE,
  MSG_TOO_LARGE,
  MSG_TOO_MANY,
  MSG_WRONG_TYPE,
} from "./detect.ts";

/** What lists and summaries show of an attachment; dates as ISO strings so loaders can pass it on. */
export type AttachmentView = {
  id: string;
  kind: AttachmentKind;
  kindLabel: string;
  filename: string;
  mimeType: string;
  byteSize: number;
  sha256: string;
  createdAt: string;
};

const Kind = z.enum(ATTACHMENT_KIND_VALUES, { error: MSG_KIND });

/**
 * The store for an upload's bytes. With the database store the bytes are written in the same
 * transaction as the row, so a refused or failed upload leaves nothing behind; a folder store is
 * written beside the transaction (its keys are unique per upload, so a rollback leaves at most an
 * unreferenced file).
 */
function storeIn(tx: Tx): DocumentStore {
  const store = documentStore();
  return store instanceof DatabaseDocumentStore ? new DatabaseDocumentStore(tx) : store;
}

/**
 * Adds a file to a draft of the actor's own organisation. The type is decided by the content, the
 * size by the bytes received; the name is kept only to show. The plan row stays locked while the
 * file is stored, so an upload cannot land in a plan that is being submitted meanwhile.
 */
export async function uploadAttachment(
  actor: Actor,
  planId: string,
  input: { kind: AttachmentKind; filename: string; bytes: Uint8Array },
): Promise<{ id: string; sha256: string; mimeType: string; version: number }> {
  const kind = Kind.safeParse(input.kind);
  if (!kind.success) throw new RuleViolation(MSG_KIND, "kind", "ATTACHMENT_KIND");
  return prisma.$transaction(async (tx) => {
    const plan = await lockEditableDraft(tx, actor, planId, undefined, "attachments");
    const { bytes } = input;
    if (bytes.byteLength === 0) throw new RuleViolation(MSG_EMPTY, "file", "ATTACHMENT_EMPTY");
    if (bytes.byteLength > ATTACHMENT_MAX_BYTES)
      throw new RuleViolation(MSG_TOO_LARGE, "file", "ATTACHMENT_TOO_LARGE");
    const type = await detectAttachmentType(bytes);
    if (!type) throw new RuleViolation(MSG_WRONG_TYPE, "file", "ATTACHMENT_TYPE");
    const sha256 = sha256Hex(bytes);
    // The same file again under the same heading is a second press of "Uploaden" (or the form sent
    // twice), not a second document: the plan keeps the one it has. Under the plan's lock, so two
    // presses at once find each other.
    const same = await tx.planAttachment.findFirst({
      where: { planId, kind: kind.data, sha256 },
      select: { id: true, mimeType: true },
    });
    if (same) return { id: same.id, sha256, mimeType: same.mimeType, version: plan.version };
    const count = await tx.planAttachment.count({ where: { planId } });
    if (count >= ATTACHMENTS_PER_PLAN_MAX)
      throw new RuleViolation(MSG_TOO_MANY, "file", "ATTACHMENT_TOO_MANY");

    const id = randomUUID();
    // Not content-addressed like letters: the same file in two plans is two attachments, and
    // removing one must not take the other's bytes.
    const storageKey = `attachments/${planId}/${id}`;
    await storeIn(tx).put(storageKey, bytes);
    await tx.planAttachment.create({
      data: {
        id,
        planId,
        kind: kind.data,
        filename: cleanFilename(input.filename, type.ext),
        mimeType: type.mimeType,
        byteSize: bytes.byteLength,
        sha256,
        storageKey,
        uploadedById: actor.userId,
        createdAt: now(),
      },
    });
    // The plan's new version, for a caller that goes on with the draft (a save, the submission).
    const version = await attachmentsChanged(tx, planId);
    return { id, sha256, mimeType: type.mimeType, version };
  });
}

/**
 * Removes a file while the plan is still editable, by its own organisation only. A file that went
 * in with a submitted version stays: that version's record names it (by name and hash only), and
 * staff must still be able to open what was sent, after a supplement request reopens the step too.
 */
export async function removeAttachment(actor: Actor, planId: string, attachmentId: string): Promise<void> {
  // A removed file is the applicant's to take back: its bytes go too (deletingBytes: a folder
  // store's file only once the row's removal committed).
  await deletingBytes(async (tx, release) => {
    await lockEditableDraft(tx, actor, planId, undefined, "attachments");
    const row = await tx.planAttachment.findFirst({
      where: { id: attachmentId, planId },
      select: { id: true, storageKey: true, createdAt: true },
    });
    if (!row) throw new NotFoundError(MSG_NOT_FOUND);
    const submittedWith = await tx.planVersion.findFirst({
      where: { planId, submittedAt: { gte: row.createdAt } },
      select: { number: true },
    });
    if (submittedWith) throw new RuleViolation(MSG_SUBMITTED_FILE, undefined, "ATTACHMENT_SUBMITTED");
    await tx.planAttachment.delete({ where: { id: row.id } });
    await attachmentsChanged(tx, planId);
    release([row.storageKey]);
  });
}

/**
 * The files are part of what the plan holds and what a submission sends: a page read before a file
 * came or went (deleting the draft, submitting it) is at an older version and gets the conflict a
 * colleague's save gives. The caller holds the plan's row lock (lockEditableDraft).
 */
async function attachmentsChanged(tx: Tx, planId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ version: number }[]>`
    UPDATE "Plan" SET version = version + 1, "updatedAt" = ${now()} WHERE id = ${planId} RETURNING version`;
  return row?.version ?? 0;
}

/** Whether the actor writes the plan: an applicant of its organisation, who sees its drafts too. */
function ownsPlan(actor: Actor, organisationId: string): boolean {
  return actor.roles.includes("APPLICANT") && actor.organisationIds.includes(organisationId);
}

type FileFacts = { kind: string; filename: string; sha256: string };
const fileKey = (f: FileFacts) => JSON.stringify([f.kind, f.filename, f.sha256]);

/**
 * Which of the plan's files went in with a submitted version, as the versions' snapshots name them
 * (drafts.server.ts snapshotOf). Only those reach staff: a file uploaded while a supplement is
 * being written is the organisation's draft material until a signatory sends it (as the
 * controleverklaring, plan/view.server.ts canAccessDocument), and may still be removed unseen.
 */
export async function sentWithVersion(
  db: Tx | typeof prisma,
  planId: string,
): Promise<(f: FileFacts) => boolean> {
  const versions = await db.planVersion.findMany({ where: { planId }, select: { snapshot: true } });
  const sent = new Set<string>();
  for (const { snapshot } of versions) {
    const raw =
      snapshot && typeof snapshot === "object" && !Array.isArray(snapshot) ? snapshot.attachments : undefined;
    const listed = PlanSnapshot.shape.attachments.safeParse(raw);
    for (const f of listed.success ? listed.data : []) sent.add(fileKey(f));
  }
  return (f) => sent.has(fileKey(f));
}

/**
 * The plan's files, for its organisation; for staff (once submitted) those sent with a submitted
 * version. Anyone else gets NotFound.
 */
export async function listAttachments(actor: Actor, planId: string): Promise<AttachmentView[]> {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { id: true, organisationId: true },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const all = await prisma.planAttachment.findMany({
    where: { planId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const sent = ownsPlan(actor, plan.organisationId) ? () => true : await sentWithVersion(prisma, planId);
  const rows = all.filter(sent);
  const order = (kind: string) => ATTACHMENT_KINDS.findIndex((k) => k.kind === kind);
  return rows
    .sort((a, b) => order(a.kind) - order(b.kind))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: attachmentKindLabel(r.kind),
      filename: r.filename,
      mimeType: r.mimeType,
      byteSize: r.byteSize,
      sha256: r.sha256,
      createdAt: r.createdAt.toISOString(),
    }));
}

/** Whether the actor may still add or remove files (the page shows the forms only then). */
export async function canEditAttachments(actor: Actor, planId: string): Promise<boolean> {
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { status: true, organisationId: true },
  });
  if (
    !plan ||
    !actor.roles.includes("APPLICANT") ||
    !actor.organisationIds.includes(plan.organisationId) ||
    !isEditableStatus(plan.status)
  )
    return false;
  // After a supplement request, only when the request reopened the attachments.
  const steps = editableSteps(plan.status, await openSupplementRequest(prisma, planId));
  return steps === "all" || (steps as string[]).includes("attachments");
}

/**
 * A file and its bytes for the download route, or null when it does not exist, the actor may not
 * see its plan, or the actor is staff and the file was not sent with a submitted version (the same
 * answer, so nobody learns which). The hash is checked so that a changed or damaged file is never
 * handed out as what the applicant uploaded.
 */
export async function readAttachment(
  actor: Actor,
  attachmentId: string,
): Promise<{ filename: string; mimeType: string; sha256: string; bytes: Uint8Array } | null> {
  if (!z.uuid().safeParse(attachmentId).success) return null;
  const row = await prisma.planAttachment.findFirst({
    where: { id: attachmentId, plan: visiblePlans(actor) },
    include: { plan: { select: { organisationId: true } } },
  });
  if (!row) return null;
  if (!ownsPlan(actor, row.plan.organisationId) && !(await sentWithVersion(prisma, row.planId))(row))
    return null;
  const bytes = await documentStore().get(row.storageKey);
  if (!bytes) throw new Error(`Attachment ${row.id}: no bytes under ${row.storageKey}`);
  if (sha256Hex(bytes) !== row.sha256)
    throw new Error(`Attachment ${row.id}: SHA-256 does not match the stored bytes`);
  const ext = extensionFor(row.mimeType);
  return {
    filename: ext ? downloadFilename(row.filename, ext) : row.filename,
    mimeType: row.mimeType,
    sha256: row.sha256,
    bytes,
  };
}
