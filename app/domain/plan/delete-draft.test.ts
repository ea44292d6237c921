import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { minimalPdf } from "../../test/files.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { requestSignOff } from "../accounts/sign-off.server.ts";
import type { Actor } from "../actor.ts";
import { removeAttachment, uploadAttachment } from "../attachments/attachments.server.ts";
import { fileExists, withFolderStore } from "../documents/folder-store.test-support.ts";
import { deletingBytes } from "../documents/store.server.ts";
import { ConflictError, NotFoundError, RuleViolation } from "../errors.ts";
import { verifyChains } from "../workflow/chain.server.ts";
import {
  DRAFT_DELETE_HAS_HISTORY,
  DRAFT_DELETE_NOT_A_DRAFT,
  deleteDraft,
  draftDeletionView,
} from "./delete-draft.server.ts";
import { requestSupplement } from "./supplement.server.ts";
import { supplementRequestSchema } from "./supplement.ts";

// Deleting a draft (design.md §4: "a DRAFT is simply deleted"): by any member of its organisation,
// only while it was never submitted, under its lock and version, with what belongs to it.

let s: Scenario;
/** A member of organisation A who is not a signatory (tekenbevoegde): prepares plans, may not submit. */
let colleague: Actor;
beforeAll(async () => {
  s = await createScenario();
  colleague = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: colleague.userId, role: "APPLICANT" },
    data: { isSignatory: false },
  });
});
afterAll(async () => {
  await disconnectPrisma();
});

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** Every row that points at the plan, by table: what a deletion must leave at zero. */
async function rowsOf(planId: string, keys: string[]) {
  const [outbox] = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "OutboxMessage" WHERE payload->>'planId' = ${planId}`;
  return {
    plan: await prisma.plan.count({ where: { id: planId } }),
    attachments: await prisma.planAttachment.count({ where: { planId } }),
    blobs: await prisma.storedBlob.count({ where: { key: { in: keys } } }),
    notifications: await prisma.notification.count({ where: { planId } }),
    outbox: Number(outbox?.n ?? 0n),
    events: await prisma.workflowEvent.count({ where: { planId } }),
  };
}

async function keysOf(planId: string): Promise<string[]> {
  return (await prisma.planAttachment.findMany({ where: { planId }, select: { storageKey: true } })).map(
    (a) => a.storageKey,
  );
}

describe("deleteDraft", () => {
  it("removes the draft, its attachments and bytes, its bell notices, outbox messages and events; the audit keeps title and organisation", async () => {
    const { id } = await draftPlan(s, { actor: colleague });
    // The colleague asks the signatories to submit: a bell notice and an e-mail in the outbox.
    await requestSignOff(colleague, id);
    const keys = await keysOf(id);
    const before = await rowsOf(id, keys);
    expect(before).toMatchObject({ plan: 1, attachments: 1, blobs: 1, events: 1 });
    expect(before.notifications).toBeGreaterThan(0);
    expect(before.outbox).toBeGreaterThan(0);
    const { reference, title } = await prisma.plan.findUniqueOrThrow({ where: { id } });

    // Any member may delete a draft, as any member may edit it: no signatory needed.
    const deleted = await deleteDraft(colleague, id, await version(id));

    expect(deleted).toEqual({ reference, title });
    expect(await rowsOf(id, keys)).toEqual({
      plan: 0,
      attachments: 0,
      blobs: 0,
      notifications: 0,
      outbox: 0,
      events: 0,
    });
    const audit = await prisma.auditLog.findMany({
      where: { targetType: "Plan", targetId: id, action: "plan.draft-deleted" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(colleague.userId);
    expect(audit[0]?.details).toMatchObject({
      reference,
      title,
      organisationId: s.orgA.id,
      organisation: s.orgA.name,
      attachments: 1,
    });
    // The sign-off request's own audit row stays: the trail is never thinned.
    expect(await prisma.auditLog.count({ where: { targetId: id, action: "plan.sign-off-requested" } })).toBe(
      1,
    );
  });

  it("leaves every other plan's chain intact (the chain is per plan)", async () => {
    const kept = await submittedPlan(s);
    const { id } = await draftPlan(s);
    await deleteDraft(s.applicantA, id, await version(id));
    expect((await verifyChains(prisma, { planIds: [kept.id, id] })).broken).toEqual([]);
  });

  it("answers another organisation's applicant, and staff, as if the plan did not exist", async () => {
    const { id } = await draftPlan(s);
    const v = await version(id);
    await expect(deleteDraft(s.applicantB, id, v)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDraft(s.handler, id, v)).rejects.toBeInstanceOf(NotFoundError);
    await expect(draftDeletionView(s.applicantB, id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await rowsOf(id, await keysOf(id))).plan).toBe(1);
  });

  it("refuses a submitted plan: it is withdrawn, not deleted", async () => {
    const { id, version: v } = await submittedPlan(s);
    const refused = deleteDraft(s.applicantA, id, v);
    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(refused).rejects.toThrow(DRAFT_DELETE_NOT_A_DRAFT);
    expect(await prisma.plan.count({ where: { id } })).toBe(1);
    expect((await draftDeletionView(s.applicantA, id)).refusal).toBe(DRAFT_DELETE_NOT_A_DRAFT);
  });

  it("refuses a plan asked for a supplement: editable again, but submitted", async () => {
    const { id, version: v } = await submittedPlan(s);
    const asked = await requestSupplement(
      s.handler,
      id,
      v,
      supplementRequestSchema.parse({
        text: "Voeg het mandaat toe.",
        steps: ["attachments"],
        termDays: "14",
      }),
    );
    await expect(deleteDraft(s.applicantA, id, asked.version)).rejects.toThrow(DRAFT_DELETE_NOT_A_DRAFT);
    expect(await prisma.plan.count({ where: { id } })).toBe(1);
  });

  it("refuses a plan in DRAFT that has a history (a version, a letter), should the workflow ever lead back", async () => {
    const { id } = await draftPlan(s);
    await prisma.planVersion.create({
      data: {
        planId: id,
        number: 1,
        snapshot: {},
        sha256: "0".repeat(64),
        submittedById: s.applicantA.userId,
        submittedAt: new Date(),
      },
    });
    await expect(deleteDraft(s.applicantA, id, await version(id))).rejects.toThrow(DRAFT_DELETE_HAS_HISTORY);
    expect((await draftDeletionView(s.applicantA, id)).refusal).toBe(DRAFT_DELETE_HAS_HISTORY);
    expect(await prisma.plan.count({ where: { id } })).toBe(1);
  });

  it("refuses a stale version as a conflict and deletes nothing", async () => {
    const { id } = await draftPlan(s);
    const stale = (await version(id)) - 1;
    await expect(deleteDraft(s.applicantA, id, stale)).rejects.toBeInstanceOf(ConflictError);
    expect((await rowsOf(id, await keysOf(id))).plan).toBe(1);
  });

  it("refuses as a conflict when a colleague added or removed a file after the page was read", async () => {
    const { id } = await draftPlan(s);
    const page = await draftDeletionView(s.applicantA, id);
    expect(page.attachments).toHaveLength(1);
    const added = await uploadAttachment(colleague, id, {
      kind: "BUDGET_SHEET",
      filename: "begroting.pdf",
      bytes: await minimalPdf("Begroting van de collega"),
    });
    await expect(deleteDraft(s.applicantA, id, page.version)).rejects.toBeInstanceOf(ConflictError);
    expect(await prisma.planAttachment.count({ where: { planId: id } })).toBe(2);

    const again = await draftDeletionView(s.applicantA, id);
    expect(again.attachments).toHaveLength(2);
    await removeAttachment(colleague, id, added.id);
    await expect(deleteDraft(s.applicantA, id, again.version)).rejects.toBeInstanceOf(ConflictError);
    expect((await rowsOf(id, await keysOf(id))).plan).toBe(1);
  });

  it("keeps bytes that another row still points at", async () => {
    const { id } = await draftPlan(s);
    const [key] = await keysOf(id);
    if (!key) throw new Error("the draft has no attachment");
    // A letter of another plan stored under the same key (the store is content-addressed for letters).
    const other = await submittedPlan(s);
    await prisma.document.create({
      data: {
        planId: other.id,
        kind: "ATTACHMENT",
        idempotencyKey: `shared-${randomUUID()}`,
        title: "Gedeeld",
        filename: "gedeeld.pdf",
        mimeType: "application/pdf",
        sha256: "0".repeat(64),
        byteSize: 1,
        storageKey: key,
      },
    });
    await deleteDraft(s.applicantA, id, await version(id));
    expect(await prisma.planAttachment.count({ where: { planId: id } })).toBe(0);
    expect(await prisma.storedBlob.count({ where: { key } })).toBe(1);
  });

  it("shows what goes: the saved steps in the wizard's order and the attachments", async () => {
    const { id } = await draftPlan(s);
    const view = await draftDeletionView(colleague, id);
    expect(view.refusal).toBeNull();
    expect(view.stepsSaved).toEqual(["lead", "partnership", "analysis", "measures", "budget", "submit"]);
    expect(view.attachments).toEqual([
      {
        filename: "samenwerkingsovereenkomst.pdf",
        kind: "PARTNERSHIP_AGREEMENT",
        kindLabel: "Ondertekende samenwerkingsovereenkomst",
        byteSize: expect.any(Number),
      },
    ]);
  });
});

// With DOCUMENT_STORE=fs: the attachment files are personal data the confirmation page says go
// (ADR 0027): removed once the deletion committed, never before, and not while another row
// points at the same file.
describe("deleteDraft with a folder document store", () => {
  it("removes the attachment's file", async () => {
    await withFolderStore(async (_store, fileOf) => {
      const { id } = await draftPlan(s);
      const [key] = await keysOf(id);
      if (!key) throw new Error("the draft has no attachment");
      expect(await fileExists(fileOf(key))).toBe(true);
      await deleteDraft(s.applicantA, id, await version(id));
      expect(await prisma.plan.count({ where: { id } })).toBe(0);
      expect(await fileExists(fileOf(key))).toBe(false);
    });
  });

  it("keeps a file that another row still points at, and removes it with the last row", async () => {
    await withFolderStore(async (store, fileOf) => {
      const { id } = await draftPlan(s);
      const [key] = await keysOf(id);
      if (!key) throw new Error("the draft has no attachment");
      const other = await submittedPlan(s);
      const letter = await prisma.document.create({
        data: {
          planId: other.id,
          kind: "ATTACHMENT",
          idempotencyKey: `shared-${randomUUID()}`,
          title: "Gedeeld",
          filename: "gedeeld.pdf",
          mimeType: "application/pdf",
          sha256: "0".repeat(64),
          byteSize: 1,
          storageKey: key,
        },
      });
      await deleteDraft(s.applicantA, id, await version(id));
      expect(await prisma.planAttachment.count({ where: { planId: id } })).toBe(0);
      expect(await fileExists(fileOf(key))).toBe(true);

      await deletingBytes(async (tx, release) => {
        await tx.document.delete({ where: { id: letter.id } });
        release([key]);
      }, store);
      expect(await fileExists(fileOf(key))).toBe(false);
    });
  });

  it("keeps the file when the deletion rolls back after removing the rows", async () => {
    await withFolderStore(async (_store, fileOf) => {
      const { id } = await draftPlan(s);
      const [key] = await keysOf(id);
      if (!key) throw new Error("the draft has no attachment");
      // The plan's own DELETE fails, after its attachment rows went in the same transaction.
      const fn = `st_refuse_${randomUUID().replaceAll("-", "")}`;
      await prisma.$executeRawUnsafe(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: refused'; END $$`,
      );
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER ${fn} BEFORE DELETE ON "Plan" FOR EACH ROW WHEN (OLD.id = '${id}') EXECUTE FUNCTION ${fn}()`,
      );
      try {
        await expect(deleteDraft(s.applicantA, id, await version(id))).rejects.toThrow(/test: refused/);
      } finally {
        await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "Plan"`);
        await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
      }
      expect(await keysOf(id)).toEqual([key]);
      expect(await fileExists(fileOf(key))).toBe(true);
    });
  });
});
