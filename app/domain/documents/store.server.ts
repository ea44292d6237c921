import { createHash, randomUUID } from "node:crypto";
import type { Stats } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document, DocumentKind } from "../../generated/prisma/client.ts";
import { currentLog } from "../../log.server.ts";
import { NotFoundError } from "../errors.ts";

/**
 * Where document bytes live. The database is the default (one less service to run); a folder
 * (env DOCUMENT_STORE=fs:/path) stands in for an object store. Keys are content addresses, so a
 * put of the same bytes twice is harmless.
 */
export interface DocumentStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /**
   * Removes the bytes under key unless a row (a Document, a PlanAttachment) still points at it: a
   * letter's key is a content address, shared by every row with the same bytes. Nothing under the
   * key is no error. Call it once the rows are gone: the database store in the transaction that
   * removed them, a folder store after that transaction committed (deletingBytes does both).
   * Bytes under a content address written less than RECENT_PUT_MS ago stay (the nightly sweep
   * takes them if no row came): a put of the same bytes may be in flight, its row not yet committed.
   */
  delete(key: string): Promise<void>;
  /**
   * Removes bytes no row points at that were written before `writtenBefore`: what a crash
   * between a commit and delete, or a rolled-back transaction after put, left behind. Returns how
   * many went. `writtenBefore` must lie further back than any transaction lasts: a put comes
   * before the insert of its row, so younger bytes may belong to a row not yet committed.
   */
  removeOrphans(writtenBefore: Date, batchSize?: number): Promise<number>;
}

type Db = PrismaClient | Tx;

/**
 * How long bytes under a content address count as possibly just stored by a transaction that has
 * not committed its row yet. Every put happens inside a transaction that also writes the row, and
 * those time out after 30 to 60 seconds (client.server.ts, allocate-waiting.server.ts); a letter's
 * put even commits before its row (the store's own connection). Ten minutes is far beyond that and
 * beyond clock drift between machines sharing a folder.
 */
export const RECENT_PUT_MS = 10 * 60_000;

/**
 * Whether rows written independently of each other can point at the key: a document's content
 * address (storeDocumentOnce). An attachment's key (attachments/<plan>/<id>) belongs to its one
 * row, so no other put of it can be in flight when that row is gone.
 */
function isContentAddress(key: string): boolean {
  return key.startsWith("documents/sha256/");
}

/**
 * The keys of `keys` that a Document or PlanAttachment row points at, as `db` sees them (both
 * tables index storageKey).
 */
async function referencedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT "storageKey" AS key FROM "Document" WHERE "storageKey" = ANY(${keys}::text[])
    UNION SELECT "storageKey" AS key FROM "PlanAttachment" WHERE "storageKey" = ANY(${keys}::text[])`;
  return new Set(rows.map((r) => r.key));
}

export class DatabaseDocumentStore implements DocumentStore {
  constructor(private readonly db: Db = prisma) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    // Two workers racing to store the same content both succeed. Bytes already there (a letter's
    // content address, left by a put whose transaction rolled back) are written anew as far as the
    // nightly sweep can tell: their createdAt restarts, and the row stays locked until this
    // transaction ends, so removeOrphans neither finds them old nor waits for them (ADR 0028).
    await this.db.$executeRaw`INSERT INTO "StoredBlob" (key, bytes) VALUES (${key}, ${new Uint8Array(bytes)})
      ON CONFLICT (key) DO UPDATE SET "createdAt" = now()`;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const blob = await this.db.storedBlob.findUnique({ where: { key }, select: { bytes: true } });
    return blob ? new Uint8Array(blob.bytes) : null;
  }

  async delete(key: string): Promise<void> {
    // First lock the blob in a statement of its own: a put of the same bytes in another transaction
    // holds its row until that transaction ends, with the row that points at the bytes. A single
    // DELETE … NOT EXISTS would wait for that lock too, but then re-check only the blob row, and its
    // NOT EXISTS would still use the snapshot taken before the wait: it would delete bytes the
    // committed Document points at. The DELETE below is a new statement, so (READ COMMITTED, as
    // every transaction here) it sees that row.
    const locked = await this.db.$queryRaw<{ key: string }[]>`
      SELECT key FROM "StoredBlob" WHERE key = ${key} FOR UPDATE`;
    if (locked.length === 0) return;
    // A letter's put commits before its row (storeDocumentOnce on the store's own connection),
    // holding no lock meanwhile: a content address put just now may still get a row. The put
    // restarts createdAt, so such bytes are young and stay for the nightly sweep (ADR 0028).
    const contentAddress = isContentAddress(key);
    await this.db.$executeRaw`DELETE FROM "StoredBlob" b WHERE b.key = ${key}
      AND (NOT ${contentAddress}::boolean OR b."createdAt" < now() - ${RECENT_PUT_MS}::int * interval '1 millisecond')
      AND NOT EXISTS (SELECT 1 FROM "PlanAttachment" a WHERE a."storageKey" = b.key)
      AND NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."storageKey" = b.key)`;
  }

  async removeOrphans(writtenBefore: Date, batchSize = 1_000): Promise<number> {
    let total = 0;
    for (;;) {
      // SKIP LOCKED: a blob locked by a put of the same content belongs to a transaction that may
      // still commit a row pointing at it. A put after this lock waits and then writes it anew.
      const n = await this.db.$executeRaw`DELETE FROM "StoredBlob" WHERE key IN (
        SELECT b.key FROM "StoredBlob" b WHERE b."createdAt" < ${writtenBefore}
          AND NOT EXISTS (SELECT 1 FROM "PlanAttachment" a WHERE a."storageKey" = b.key)
          AND NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."storageKey" = b.key)
        LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`;
      total += n;
      if (n < batchSize) return total;
    }
  }
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/;
/**
 * The names the portal writes into a folder store: an attachment (attachments.server.ts), a
 * document's content address (storeDocumentOnce), and the temporary names of put and delete.
 */
const WRITTEN_NAME =
  /^(?:attachments\/[0-9a-f-]{36}\/[0-9a-f-]{36}|documents\/sha256\/[0-9a-f]{64})(?:\.[0-9a-f-]{36}\.(?:tmp|deleting))?$/;

export class FolderDocumentStore implements DocumentStore {
  /**
   * `db` answers whether a row still points at a file. It must see committed rows only (not the
   * transaction that is removing them): a deletion that rolls back then still finds its rows.
   */
  constructor(
    private readonly root: string,
    private readonly db: Db = prisma,
  ) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key) || key.split("/").includes("..")) throw new Error(`Invalid document key: ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write beside and rename, so a reader never sees half a file. The bytes and then the rename
    // reach the disk before put returns: the caller commits the Document row next, and a row
    // pointing at a file that a power cut left empty would fail its hash check for good (a re-run
    // finds the row and never writes the file again).
    const tmp = `${file}.${randomUUID()}.tmp`;
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    const dir = await open(path.dirname(file), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.file(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.file(key);
    const seen = await statOrNull(file);
    if (!seen) return;
    // The check below sees committed rows only. A put of the same content address whose transaction
    // has not yet committed its row wrote a new file (put always renames a fresh one in place): if
    // that was before the stat, the file is young and stays for the nightly sweep (ADR 0028); if
    // after, removeIfUnchanged finds another file and puts it back. Transactions end long before
    // RECENT_PUT_MS, so an older file's row, if any, is committed and found.
    if (isContentAddress(key) && seen.mtimeMs > Date.now() - RECENT_PUT_MS) return;
    if ((await referencedKeys(this.db, [key])).has(key)) return;
    await this.removeIfUnchanged(file, seen);
  }

  async removeOrphans(writtenBefore: Date, batchSize = 1_000): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.root, { recursive: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw e;
    }
    let removed = 0;
    const check = async (batch: { key: string; file: string; seen: FileStat }[]) => {
      const referenced = await referencedKeys(
        this.db,
        batch.map((c) => c.key),
      );
      for (const c of batch)
        if (!referenced.has(c.key) && (await this.removeIfUnchanged(c.file, c.seen))) removed++;
    };
    let batch: { key: string; file: string; seen: FileStat }[] = [];
    for (const name of names) {
      const key = name.split(path.sep).join("/");
      // Only what the portal writes (also put's .tmp and delete's .deleting files, left by a crash
      // midway): a file someone else put in the folder is not ours to remove.
      if (!WRITTEN_NAME.test(key)) continue;
      const file = path.join(this.root, key);
      const seen = await statOrNull(file);
      if (!seen?.isFile() || seen.mtimeMs >= writtenBefore.getTime()) continue;
      batch.push({ key, file, seen });
      if (batch.length >= batchSize) {
        await check(batch);
        batch = [];
      }
    }
    await check(batch);
    return removed;
  }

  /**
   * Removes `file` if it is still the one `seen` before the reference check. A put of the same
   * content address meanwhile renames a new file in place (another inode), whose row may not be
   * committed yet: moved aside first, so that such a file is put back rather than lost.
   */
  private async removeIfUnchanged(file: string, seen: FileStat): Promise<boolean> {
    const aside = `${file}.${randomUUID()}.deleting`;
    try {
      await rename(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
    const moved = await lstat(aside);
    if (moved.ino !== seen.ino || moved.mtimeMs !== seen.mtimeMs) {
      // Same key, so the same bytes (a content address, or an upload's own key): putting it back
      // over a yet newer put loses nothing.
      await rename(aside, file);
      return false;
    }
    await unlink(aside);
    return true;
  }
}

type FileStat = Stats;

async function statOrNull(file: string): Promise<FileStat | null> {
  try {
    return await lstat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** The one place that picks the store, from env DOCUMENT_STORE ("db" or unset, or "fs:/path"). */
export function documentStore(): DocumentStore {
  const setting = process.env.DOCUMENT_STORE?.trim() || "db";
  if (setting === "db") return new DatabaseDocumentStore();
  if (setting.startsWith("fs:")) {
    const dir = setting.slice(3);
    if (!path.isAbsolute(dir)) throw new Error(`DOCUMENT_STORE=fs: needs an absolute path, got "${dir}"`);
    return new FolderDocumentStore(dir);
  }
  throw new Error(`DOCUMENT_STORE must be "db" or "fs:/absolute/path", got "${setting}"`);
}

/**
 * Runs `work` in one transaction, then removes the bytes under the keys it passed to `release`
 * (the rows it deleted pointed at them) unless another row still points at them. The database
 * store deletes them in that same transaction; any other store only after the commit, so that a
 * rollback never loses bytes a row still points at. A crash, or a failing disk, between the commit
 * and the removal leaves a file no row points at: the nightly cleanup takes it (removeOrphans,
 * ADR 0028), so the caller's deletion does not fail for it.
 */
export async function deletingBytes<T>(
  work: (tx: Tx, release: (keys: string[]) => void) => Promise<T>,
  store: DocumentStore = documentStore(),
): Promise<T> {
  const keys = new Set<string>();
  const inTransaction = store instanceof DatabaseDocumentStore;
  const result = await prisma.$transaction(async (tx) => {
    const out = await work(tx, (released) => {
      for (const key of released) keys.add(key);
    });
    if (inTransaction) {
      const blobs = new DatabaseDocumentStore(tx);
      for (const key of keys) await blobs.delete(key);
    }
    return out;
  });
  if (!inTransaction)
    for (const key of keys) {
      try {
        await store.delete(key);
      } catch (err) {
        currentLog().warn({ err, key }, "document bytes left for the nightly cleanup");
      }
    }
  return result;
}

export type StoreDocumentInput = {
  planId: string;
  kind: DocumentKind;
  /** A job that runs twice passes the same key and gets the first document back. */
  idempotencyKey: string;
  title: string;
  filename: string;
  templateVersion?: string | null;
  mimeType?: string;
  bytes: Uint8Array;
  /** From the clock (clock.ts), so that tests that set the clock see it; the column default otherwise. */
  createdAt?: Date;
};

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores the bytes and records the Document. Idempotent on idempotencyKey: when a document with
 * that key exists (or another process creates it meanwhile), that document is returned and
 * nothing new is written.
 */
export async function storeDocument(
  db: Db,
  input: StoreDocumentInput,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  return (await storeDocumentOnce(db, input, store)).document;
}

/**
 * storeDocument that also says whether this call created the row. Pass a transaction as `db` to
 * tie what follows (notifying people) to the document's creation: when a concurrent transaction
 * inserted the same key, ON CONFLICT waits for it and then reports `created: false`, so exactly one
 * of the two tells anybody. The bytes go to the store first and outside the transaction; they are
 * content-addressed, so a rolled-back transaction leaves at most an unreferenced blob.
 */
export async function storeDocumentOnce(
  db: Db,
  input: StoreDocumentInput,
  store: DocumentStore = documentStore(),
): Promise<{ document: Document; created: boolean }> {
  const existing = await db.document.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (existing) return { document: existing, created: false };

  const sha256 = sha256Hex(input.bytes);
  const storageKey = `documents/sha256/${sha256}`;
  await store.put(storageKey, input.bytes);
  // ON CONFLICT DO NOTHING rather than catching the unique violation: inside a transaction a
  // failed insert would abort it. Whoever inserted first, that row is the document.
  const { count } = await db.document.createMany({
    data: [
      {
        planId: input.planId,
        kind: input.kind,
        idempotencyKey: input.idempotencyKey,
        title: input.title,
        filename: input.filename,
        mimeType: input.mimeType ?? "application/pdf",
        templateVersion: input.templateVersion ?? null,
        sha256,
        byteSize: input.bytes.byteLength,
        storageKey,
        ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      },
    ],
    skipDuplicates: true,
  });
  const document = await db.document.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
  return { document, created: count === 1 };
}

/**
 * A document and its bytes, for the download route. Authorisation is the route's job: the plan
 * must belong to the actor's organisation, or the actor must be staff. The hash is checked so that
 * a changed or damaged file is never handed out as the decision.
 */
export async function readDocument(
  documentId: string,
  db: Db = prisma,
  store: DocumentStore = documentStore(),
): Promise<{ doc: Document; bytes: Uint8Array }> {
  const doc = await db.document.findUnique({ where: { id: documentId } });
  if (!doc) throw new NotFoundError("Document niet gevonden.");
  const bytes = await store.get(doc.storageKey);
  if (!bytes) throw new Error(`Document ${doc.id}: no bytes under ${doc.storageKey}`);
  if (sha256Hex(bytes) !== doc.sha256)
    throw new Error(`Document ${doc.id}: SHA-256 does not match the stored bytes`);
  return { doc, bytes };
}
