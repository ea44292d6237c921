import { prisma } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { renderDecisionLetter, TEMPLATE_VERSION } from "./decision-letter.server.ts";
import { loadDecisionLetterInput } from "./decision-letter-input.server.ts";
import { type DocumentStore, documentStore, storeDocument } from "./store.server.ts";

export function decisionLetterKey(decisionId: string): string {
  return `decision-letter:${decisionId}`;
}

async function renderAndStore(decisionId: string, store: DocumentStore): Promise<Document> {
  const input = await loadDecisionLetterInput(prisma, decisionId);
  const bytes = await renderDecisionLetter(input);
  return storeDocument(
    prisma,
    {
      planId: input.plan.id,
      kind: input.kind,
      idempotencyKey: decisionLetterKey(decisionId),
      title: `Beschikking op uw aanvraag ${input.plan.reference}`,
      filename: `beschikking-${input.plan.reference}.pdf`,
      templateVersion: TEMPLATE_VERSION[input.kind],
      bytes,
    },
    store,
  );
}

/**
 * Makes the beschikking available to the applicant: render, store once, and record the
 * bekendmaking (Decision.announcedAt), from which the objection term runs (Awb 6:8). Safe to run
 * twice: a second run finds the document by its key, renders nothing and leaves announcedAt alone.
 */
export async function produceDecisionLetter(
  decisionId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  const existing = await prisma.document.findUnique({
    where: { idempotencyKey: decisionLetterKey(decisionId) },
  });
  const doc = existing ?? (await renderAndStore(decisionId, store));
  // Also on the found-document path: a retry after a crash between storing and this update
  // still records the bekendmaking.
  await prisma.decision.updateMany({
    where: { id: decisionId, announcedAt: null },
    data: { announcedAt: now() },
  });
  return doc;
}
