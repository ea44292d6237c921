import { prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { type DocumentStore, type StoreDocumentInput, storeDocumentOnce } from "./store.server.ts";

/** One kind of letter: how to find it again, gather its facts, render it, file it, and tell. */
export type LetterSpec<Input> = {
  idempotencyKey: string;
  load: () => Promise<Input>;
  render: (input: Input) => Promise<Uint8Array>;
  describe: (input: Input) => Omit<StoreDocumentInput, "idempotencyKey" | "bytes" | "createdAt">;
  /** The notice of a letter this run created, written in the transaction that stores it. */
  notify?: (tx: Tx, input: Input, document: Document) => Promise<unknown>;
  /**
   * The moment the letter is made available, stored as the Document's createdAt (its bekendmaking);
   * now() at the store when absent. A letter that states a term running from its bekendmaking takes
   * this moment before it renders and passes it here, so that the stated term and the stored
   * moment cannot differ however long the render takes.
   */
  at?: Date;
};

/**
 * Render, store once under the key, and tell, so that a job that runs twice has the effect of
 * running once: a second run finds the document and renders nothing; two runs at the same moment
 * both render, but only the one whose insert wins creates the document and writes the notice.
 */
export async function produceLetterOnce<Input>(
  spec: LetterSpec<Input>,
  store: DocumentStore,
): Promise<Document> {
  const existing = await prisma.document.findUnique({ where: { idempotencyKey: spec.idempotencyKey } });
  if (existing) return existing;
  const input = await spec.load();
  const bytes = await spec.render(input);
  return prisma.$transaction(async (tx) => {
    const { document, created } = await storeDocumentOnce(
      tx,
      { ...spec.describe(input), idempotencyKey: spec.idempotencyKey, bytes, createdAt: spec.at ?? now() },
      store,
    );
    if (created && spec.notify) await spec.notify(tx, input, document);
    return document;
  });
}
