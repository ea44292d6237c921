import { type Job, UnrecoverableError } from "bullmq";
import { produceDecisionLetter } from "../../app/domain/documents/produce.server.ts";
import { DomainError } from "../../app/domain/errors.ts";
import { RenderLetterPayload } from "../../app/jobs/definitions.ts";

export type LetterJobResult = { documentId: string };

/**
 * The letters queue. The payload is parsed again: it crossed Redis and may come from an older
 * version of the code. Whatever retrying cannot fix fails at once (UnrecoverableError).
 */
export async function processLetterJob(job: Job): Promise<LetterJobResult> {
  const parsed = RenderLetterPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid render-letter payload: ${parsed.error.message}`);
  const payload = parsed.data;

  switch (payload.kind) {
    case "GRANT_DECISION":
    case "PARTIAL_GRANT_DECISION":
    case "REJECTION_DECISION": {
      if (!payload.decisionId) throw new UnrecoverableError(`${payload.kind} without decisionId`);
      try {
        const doc = await produceDecisionLetter(payload.decisionId);
        return { documentId: doc.id };
      } catch (e) {
        // A missing decision will not appear by retrying.
        if (e instanceof DomainError) throw new UnrecoverableError(`${e.code}: ${e.message}`);
        throw e;
      }
    }
    case "ACKNOWLEDGEMENT":
      throw new UnrecoverableError("ACKNOWLEDGEMENT letters are not built yet (a later issue).");
  }
}
