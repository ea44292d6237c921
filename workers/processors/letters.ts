import { type Job, UnrecoverableError } from "bullmq";
import { produceAanmaning } from "../../app/domain/documents/aanmaning-letter.server.ts";
import { produceExtensionLetter } from "../../app/domain/documents/extension-letter.server.ts";
import { produceInterestDecision } from "../../app/domain/documents/interest-decision-letter.server.ts";
import {
  produceAcknowledgement,
  produceDecisionLetter,
  produceWithdrawalConfirmation,
} from "../../app/domain/documents/produce.server.ts";
import { produceRevocationLetter } from "../../app/domain/documents/revocation-letter.server.ts";
import { produceSettlementLetter } from "../../app/domain/documents/settlement-letter.server.ts";
import {
  produceNotConsideredDecision,
  produceSupplementRequestLetter,
} from "../../app/domain/documents/supplement-letters.server.ts";
import { DomainError } from "../../app/domain/errors.ts";
import { RenderLetterPayload } from "../../app/jobs/definitions.ts";
import { payloadError } from "../newer-version.ts";

export type LetterJobResult = { documentId: string };

/** A domain refusal (e.g. a missing decision or version) will not go away by retrying. */
async function unlessDomainError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError) throw new UnrecoverableError(`${e.code}: ${e.message}`);
    throw e;
  }
}

/**
 * The letters queue. The payload is parsed again: it crossed Redis and may come from an older
 * version of the code. Whatever retrying cannot fix fails at once (UnrecoverableError).
 */
export async function processLetterJob(job: Job): Promise<LetterJobResult> {
  const parsed = RenderLetterPayload.safeParse(job.data);
  if (!parsed.success) throw payloadError("render-letter", parsed.error, "kind");
  const payload = parsed.data;

  switch (payload.kind) {
    case "GRANT_DECISION":
    case "PARTIAL_GRANT_DECISION":
    case "REJECTION_DECISION": {
      const { decisionId } = payload;
      if (!decisionId) throw new UnrecoverableError(`${payload.kind} without decisionId`);
      const doc = await unlessDomainError(() => produceDecisionLetter(decisionId));
      return { documentId: doc.id };
    }
    case "ACKNOWLEDGEMENT": {
      const { planVersionId } = payload;
      if (!planVersionId) throw new UnrecoverableError("ACKNOWLEDGEMENT without planVersionId");
      const doc = await unlessDomainError(() => produceAcknowledgement(planVersionId));
      if (doc.planId !== payload.planId) {
        throw new UnrecoverableError(`plan version ${planVersionId} is not of plan ${payload.planId}`);
      }
      return { documentId: doc.id };
    }
    case "WITHDRAWAL_CONFIRMATION": {
      const doc = await unlessDomainError(() => produceWithdrawalConfirmation(payload.planId));
      return { documentId: doc.id };
    }
    case "SUPPLEMENT_REQUEST": {
      const { supplementRequestId } = payload;
      if (!supplementRequestId)
        throw new UnrecoverableError("SUPPLEMENT_REQUEST without supplementRequestId");
      const doc = await unlessDomainError(() => produceSupplementRequestLetter(supplementRequestId));
      if (doc.planId !== payload.planId) {
        throw new UnrecoverableError(
          `supplement request ${supplementRequestId} is not of plan ${payload.planId}`,
        );
      }
      return { documentId: doc.id };
    }
    case "NOT_CONSIDERED_DECISION": {
      const doc = await unlessDomainError(() => produceNotConsideredDecision(payload.planId));
      return { documentId: doc.id };
    }
    case "SETTLEMENT_DECISION": {
      const { settlementId } = payload;
      if (!settlementId) throw new UnrecoverableError("SETTLEMENT_DECISION without settlementId");
      const doc = await unlessDomainError(() => produceSettlementLetter(settlementId));
      if (doc.planId !== payload.planId) {
        throw new UnrecoverableError(`settlement ${settlementId} is not of plan ${payload.planId}`);
      }
      return { documentId: doc.id };
    }
    case "REVOCATION_DECISION": {
      const doc = await unlessDomainError(() => produceRevocationLetter(payload.planId));
      return { documentId: doc.id };
    }
    case "EXTENSION_DECISION": {
      const { extensionId } = payload;
      if (!extensionId) throw new UnrecoverableError("EXTENSION_DECISION without extensionId");
      const doc = await unlessDomainError(() => produceExtensionLetter(extensionId));
      if (doc.planId !== payload.planId) {
        throw new UnrecoverableError(`extension ${extensionId} is not of plan ${payload.planId}`);
      }
      return { documentId: doc.id };
    }
    case "INTEREST_DECISION": {
      const { recoveryClaimId } = payload;
      if (!recoveryClaimId) throw new UnrecoverableError("INTEREST_DECISION without recoveryClaimId");
      const doc = await unlessDomainError(() => produceInterestDecision(recoveryClaimId));
      if (doc.planId !== payload.planId) {
        throw new UnrecoverableError(`recovery claim ${recoveryClaimId} is not of plan ${payload.planId}`);
      }
      return { documentId: doc.id };
    }
    case "AANMANING": {
      const { recoveryClaimId, aanmaning } = payload;
      if (!recoveryClaimId || !aanmaning)
        throw new UnrecoverableError("AANMANING without recoveryClaimId or aanmaning");
      const doc = await unlessDomainError(() => produceAanmaning(recoveryClaimId, aanmaning));
      if (doc.planId !== payload.planId) {
        throw new UnrecoverableError(`recovery claim ${recoveryClaimId} is not of plan ${payload.planId}`);
      }
      return { documentId: doc.id };
    }
  }
}
