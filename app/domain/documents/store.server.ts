import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document, DocumentKind } from "../../generated/prisma/client.ts";
import { NotFoundError } from "../errors.ts";

/**
 * Where document bytes live. The database is the default (one less service to run); a folder
 * (env DOCUMENT_STORE=fs:/path) stands in for an object store. Keys are content addresses, so a
 * put of the same bytes twice is harmless.
 */
export interface DocumentStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
}

type Db = PrismaClient | Tx;

export class DatabaseDocumentStore implements DocumentStore {
  constructor(private readonly db: Db = prisma) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    // skipDuplicates: two workers racing to store the same content both succeed.
    await this.db.storedBlob.createMany({
      data: [{ key, bytes: new Uint8Array(bytes) as Uint8Array<ArrayBuffer> }],
      skipDuplicates: true,
    });
  }

  async get(key: string): Promise<Uint8Array | null> {
    const blob = await this.db.storedBlob.findUnique({ where: { key }, select: { bytes: true } });
    return blob ? new Uint8Array(blob.bytes) : null;
  }
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

export class FolderDocumentStore implements DocumentStore {
  constructor(private readonly root: string) {}

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
