import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, type PrismaClient, prisma } from "../../db/client.server.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { setClock } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { ageFile, fileExists, withFolderStore } from "./folder-store.test-support.ts";
import { decisionLetterKey, produceDecisionLetter } from "./produce.server.ts";
import {
  DatabaseDocumentStore,
  deletingBytes,
  documentStore,
  FolderDocumentStore,
  RECENT_PUT_MS,
  readDocument,
  sha256Hex,
  storeDocument,
} from "./store.server.ts";
import { createDecisionFixture } from "./test-fixtures.server.ts";

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

function docInput(planId: string, key: string, bytes: Uint8Array) {
  return {
    planId,
    kind: "ATTACHMENT" as const,
    idempotencyKey: key,
    title: "Bijlage",
    filename: "bijlage.pdf",
    templateVersion: null,
    bytes,
  };
}

describe("storeDocument", () => {
  it("stores one Document for one idempotency key, also when called again with other bytes", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const key = `test:${randomUUID()}`;
    const first = await storeDocument(prisma, docInput(planId, key, new TextEncoder().encode("%PDF-een")));
    const secondBytes = new TextEncoder().encode(`%PDF-twee-${randomUUID()}`);
    const second = await storeDocument(prisma, docInput(planId, key, secondBytes));

    expect(second.id).toBe(first.id);
    expect(await prisma.document.count({ where: { idempotencyKey: key } })).toBe(1);
    // The second call wrote no blob of its own.
    expect(
      await prisma.storedBlob.count({ where: { key: `documents/sha256/${sha256Hex(secondBytes)}` } }),
    ).toBe(0);
    expect(first.sha256).toBe(sha256Hex(new TextEncoder().encode("%PDF-een")));
    expect(first.byteSize).toBe(8);
  });

  it("stores one Document when two calls with one key race", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const key = `test:${randomUUID()}`;
    const bytes = new TextEncoder().encode(`%PDF-${randomUUID()}`);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => storeDocument(prisma, docInput(planId, key, bytes))),
    );
    expect(new Set(results.map((d) => d.id)).size).toBe(1);
    expect(await prisma.document.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it("reads back the bytes it stored, and refuses bytes that no longer match the hash", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const bytes = new TextEncoder().encode(`%PDF-${randomUUID()}`);
    const doc = await storeDocument(prisma, docInput(planId, `test:${randomUUID()}`, bytes));
    const read = await readDocument(doc.id);
    expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(read.doc.id).toBe(doc.id);

    await prisma.storedBlob.update({
      where: { key: doc.storageKey },
      data: { bytes: new Uint8Array([1, 2, 3]) },
    });
    await expect(readDocument(doc.id)).rejects.toThrow(/SHA-256/);
    await expect(readDocument(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps bytes in a folder when DOCUMENT_STORE=fs:/path", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "docs-store-"));
    const saved = process.env.DOCUMENT_STORE;
    try {
      process.env.DOCUMENT_STORE = `fs:${dir}`;
      const store = documentStore();
      expect(store).toBeInstanceOf(FolderDocumentStore);
      const { planId } = await createDecisionFixture(prisma);
      const bytes = new TextEncoder().encode(`%PDF-${randomUUID()}`);
      const doc = await storeDocument(prisma, docInput(planId, `test:${randomUUID()}`, bytes), store);
      expect(await prisma.storedBlob.count({ where: { key: doc.storageKey } })).toBe(0);
      const read = await readDocument(doc.id, prisma, store);
      expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
      expect(await store.get("documents/missing")).toBeNull();
      await expect(store.put("../escape", bytes)).rejects.toThrow(/Invalid document key/);

      process.env.DOCUMENT_STORE = "db";
      expect(documentStore()).toBeInstanceOf(DatabaseDocumentStore);
      process.env.DOCUMENT_STORE = "s3:bucket";
      expect(() => documentStore()).toThrow(/DOCUMENT_STORE/);
    } finally {
      if (saved === undefined) delete process.env.DOCUMENT_STORE;
      else process.env.DOCUMENT_STORE = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("deleting stored bytes", () => {
  it("a folder store removes a file no row points at, keeps one a row points at, and ignores a missing one", async () => {
    await withFolderStore(async (store, fileOf) => {
      const { planId } = await createDecisionFixture(prisma);
      const bytes = new TextEncoder().encode(`%PDF-${randomUUID()}`);
      const doc = await storeDocument(prisma, docInput(planId, `test:${randomUUID()}`, bytes), store);
      await store.delete(doc.storageKey);
      expect(await fileExists(fileOf(doc.storageKey))).toBe(true);

      const loose = `attachments/${randomUUID()}/${randomUUID()}`;
      await store.put(loose, bytes);
      await store.delete(loose);
      expect(await fileExists(fileOf(loose))).toBe(false);
      await store.delete(loose);
      await expect(store.delete("../escape")).rejects.toThrow(/Invalid document key/);
    });
  });

  it("a folder store keeps a file that a put of the same content replaced during the check", async () => {
    await withFolderStore(async (store, fileOf, dir) => {
      const key = `documents/sha256/${sha256Hex(new TextEncoder().encode(randomUUID()))}`;
      const bytes = new TextEncoder().encode(`%PDF-${randomUUID()}`);
      await store.put(key, bytes);
      // Another transaction stores the same letter while the delete asks the database: its row is
      // not committed yet, so the check finds none.
      const racing = {
        $queryRaw: async () => {
          await store.put(key, bytes);
          return [];
        },
      } as unknown as PrismaClient;
      await new FolderDocumentStore(dir, racing).delete(key);
      expect(await fileExists(fileOf(key))).toBe(true);
      expect(await store.get(key)).toEqual(bytes);
    });
  });

  it("deletingBytes removes blobs in the transaction with the database store, except shared ones", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const bytes = new TextEncoder().encode(`%PDF-${randomUUID()}`);
    const first = await storeDocument(prisma, docInput(planId, `test:${randomUUID()}`, bytes));
    const second = await storeDocument(prisma, docInput(planId, `test:${randomUUID()}`, bytes));
    expect(second.storageKey).toBe(first.storageKey);
    const removeDoc = (id: string) =>
      deletingBytes(async (tx, release) => {
        const gone = await tx.document.delete({ where: { id } });
        release([gone.storageKey]);
      }, new DatabaseDocumentStore());
    await ageBlob(first.storageKey);
    await removeDoc(first.id);
    expect(await prisma.storedBlob.count({ where: { key: first.storageKey } })).toBe(1);
    await removeDoc(second.id);
    expect(await prisma.storedBlob.count({ where: { key: first.storageKey } })).toBe(0);
  });

  it("the database store's orphan sweep takes old unreferenced blobs only", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const store = new DatabaseDocumentStore();
    const blob = async (age: number) => {
      const key = `attachments/${randomUUID()}/${randomUUID()}`;
      await store.put(key, new TextEncoder().encode(key));
      await prisma.storedBlob.update({ where: { key }, data: { createdAt: new Date(Date.now() - age) } });
      return key;
    };
    const oldOrphan = await blob(2 * 86_400_000);
    const newOrphan = await blob(60_000);
    const doc = await storeDocument(prisma, docInput(planId, `test:${randomUUID()}`, randomBytes()));
    await prisma.storedBlob.update({
      where: { key: doc.storageKey },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    expect(await store.removeOrphans(new Date(Date.now() - 86_400_000), 1)).toBeGreaterThanOrEqual(1);
    const left = await prisma.storedBlob.findMany({
      where: { key: { in: [oldOrphan, newOrphan, doc.storageKey] } },
      select: { key: true },
    });
    expect(left.map((b) => b.key).sort()).toEqual([newOrphan, doc.storageKey].sort());
  });

  it("the database store's orphan sweep spares an old blob that a transaction not yet committed stores again", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const bytes = randomBytes();
    const key = `documents/sha256/${sha256Hex(bytes)}`;
    // A letter job put these bytes two days ago and its transaction rolled back; a retry stores the
    // same letter now while the nightly sweep runs on its own connection.
    await prisma.storedBlob.create({
      data: { key, bytes: Buffer.from(bytes), createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    const doc = await prisma.$transaction(async (tx) => {
      const stored = await storeDocument(
        tx,
        docInput(planId, `test:${randomUUID()}`, bytes),
        new DatabaseDocumentStore(tx),
      );
      await new DatabaseDocumentStore().removeOrphans(new Date(Date.now() - 86_400_000));
      return stored;
    });
    expect(doc.storageKey).toBe(key);
    expect((await readDocument(doc.id)).bytes).toEqual(bytes);
    // Once committed the row protects it; its age counts from the second put.
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key }, select: { createdAt: true } });
    expect(Date.now() - blob.createdAt.getTime()).toBeLessThan(60_000);
  });
});

/** Makes a blob look as if it was put an hour ago: older than RECENT_PUT_MS. */
async function ageBlob(key: string): Promise<void> {
  await prisma.storedBlob.update({ where: { key }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
}

describe("deleting bytes while another transaction stores the same ones", () => {
  it("the database store waits for that transaction and keeps the bytes its committed row points at", async () => {
    const { planId } = await createDecisionFixture(prisma);
    const key = `attachments/${planId}/${randomUUID()}`;
    const bytes = randomBytes();
    // Left by an earlier put (a rolled-back upload), now stored again with a row pointing at it.
    await new DatabaseDocumentStore().put(key, bytes);
    await ageBlob(key);
    const held = gate();
    const release = gate();
    const storing = prisma.$transaction(async (tx) => {
      await new DatabaseDocumentStore(tx).put(key, bytes);
      await tx.planAttachment.create({
        data: {
          planId,
          kind: "OTHER",
          filename: "bijlage.pdf",
          mimeType: "application/pdf",
          byteSize: bytes.byteLength,
          sha256: sha256Hex(bytes),
          storageKey: key,
          uploadedById: randomUUID(),
        },
      });
      held.open();
      await release.opened;
    });
    await held.opened;
    const deleting = deletingBytes(
      async (_tx, releaseKeys) => releaseKeys([key]),
      new DatabaseDocumentStore(),
    );
    await untilWaiting(1);
    release.open();
    await storing;
    await deleting;
    expect(await new DatabaseDocumentStore().get(key)).toEqual(bytes);
  });

  it("the database store leaves a content address put just now, whose row may still come, to the sweep", async () => {
    // A letter's put commits on the store's own connection before its transaction inserts the row.
    const bytes = randomBytes();
    const key = `documents/sha256/${sha256Hex(bytes)}`;
    const store = new DatabaseDocumentStore();
    await store.put(key, bytes);
    await deletingBytes(async (_tx, releaseKeys) => releaseKeys([key]), store);
    expect(await store.get(key)).toEqual(bytes);
    await prisma.storedBlob.update({
      where: { key },
      data: { createdAt: new Date(Date.now() - RECENT_PUT_MS - 60_000) },
    });
    await deletingBytes(async (_tx, releaseKeys) => releaseKeys([key]), store);
    expect(await store.get(key)).toBeNull();
  });

  it("a folder store leaves a content address written just now to the sweep, and removes an older one", async () => {
    await withFolderStore(async (store, fileOf) => {
      const bytes = randomBytes();
      const key = `documents/sha256/${sha256Hex(bytes)}`;
      // Another upload of the same bytes has put them and not yet committed its row.
      await store.put(key, bytes);
      await store.delete(key);
      expect(await fileExists(fileOf(key))).toBe(true);
      await ageFile(fileOf(key), (RECENT_PUT_MS + 60_000) / 3_600_000);
      await store.delete(key);
      expect(await fileExists(fileOf(key))).toBe(false);
    });
  });
});

function randomBytes(): Uint8Array {
  return new TextEncoder().encode(`%PDF-${randomUUID()}`);
}

describe("produceDecisionLetter", () => {
  it("stores the letter once and records the bekendmaking once", async () => {
    const { decisionId, planId, reference } = await createDecisionFixture(prisma);
    setClock(new Date("2014-05-13T08:00:00Z"));
    const doc = await produceDecisionLetter(decisionId);
    expect(doc).toMatchObject({
      planId,
      kind: "GRANT_DECISION",
      idempotencyKey: decisionLetterKey(decisionId),
      templateVersion: "beschikking-verlening@7",
      filename: `beschikking-${reference}.pdf`,
      mimeType: "application/pdf",
    });
    const { bytes } = await readDocument(doc.id);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(bytes.byteLength).toBe(doc.byteSize);

    setClock(new Date("2014-05-20T08:00:00Z"));
    const again = await produceDecisionLetter(decisionId);
    expect(again.id).toBe(doc.id);
    expect(await prisma.document.count({ where: { planId } })).toBe(1);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(decision.announcedAt?.toISOString()).toBe("2014-05-13T08:00:00.000Z");
  });

  it("makes a refusal letter for a rejected plan", async () => {
    const { decisionId } = await createDecisionFixture(prisma, { outcome: "REJECTED" });
    const doc = await produceDecisionLetter(decisionId);
    expect(doc.kind).toBe("REJECTION_DECISION");
    expect(doc.templateVersion).toBe("beschikking-afwijzing@4");
  });
});
