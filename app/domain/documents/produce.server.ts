import { prisma } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import {
  ACKNOWLEDGEMENT_TEMPLATE_VERSION,
  acknowledgementKey,
  acknowledgementSubject,
  loadAcknowledgementInput,
  renderAcknowledgement,
} from "./acknowledgement.server.ts";
import { renderDecisionLetter, TEMPLATE_VERSION } from "./decision-letter.server.ts";
import { loadDecisionLetterInput } from "./decision-letter-input.server.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import {
  type DocumentStore,
  documentStore,
  type StoreDocumentInput,
  storeDocumentOnce,
} from "./store.server.ts";
import {
  loadWithdrawalConfirmationInput,
  renderWithdrawalConfirmation,
  WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION,
  withdrawalConfirmationKey,
  withdrawalConfirmationSubject,
} from "./withdrawal-confirmation.server.ts";

export function decisionLetterKey(decisionId: string): string {
  return `decision-letter:${decisionId}`;
}

export { acknowledgementKey };

async function renderDecisionLetterForStore(decisionId: string, key: string): Promise<StoreDocumentInput> {
  const input = await loadDecisionLetterInput(prisma, decisionId);
  return {
    planId: input.plan.id,
    kind: input.kind,
    idempotencyKey: key,
    title: `Beschikking op uw aanvraag ${input.plan.reference}`,
    filename: `beschikking-${input.plan.reference}.pdf`,
    templateVersion: TEMPLATE_VERSION[input.kind],
    bytes: await renderDecisionLetter(input),
  };
}

const applicantPlanLink = (planId: string) => `/aanvrager/plannen/${planId}`;

/**
 * Makes the beschikking available to the applicant: render, store once, record the bekendmaking
 * (Decision.announcedAt, from which the objection term runs, Awb 6:8) and tell the organisation,
 * the last three in one transaction. Safe to run twice: a second run finds the document by its
 * key, renders nothing, and — because announcedAt is no longer null — tells nobody again. A retry
 * after a crash before the commit finds neither document nor announcedAt and does it all.
 */
export async function produceDecisionLetter(
  decisionId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  const key = decisionLetterKey(decisionId);
  const existing = await prisma.document.findUnique({ where: { idempotencyKey: key } });
  // Rendering is slow and reads only committed rows: outside the transaction.
  const toStore = existing ? null : await renderDecisionLetterForStore(decisionId, key);

  return prisma.$transaction(async (tx) => {
    let doc: Document;
    if (existing) doc = existing;
    else if (toStore) doc = (await storeDocumentOnce(tx, { ...toStore, createdAt: now() }, store)).document;
    else throw new Error("unreachable: neither a stored nor a rendered letter");
    // Only the run that records the bekendmaking tells people: exactly one, even when two race
    // (the second waits on the row lock and then matches nothing).
    const announced = await tx.decision.updateMany({
      where: { id: decisionId, announcedAt: null },
      data: { announcedAt: now() },
    });
    if (announced.count === 1) {
      const plan = await tx.plan.findUniqueOrThrow({
        where: { id: doc.planId },
        select: { reference: true, title: true },
      });
      await notifyPlanOrganisation(tx, {
        planId: doc.planId,
        title: `Besluit op uw aanvraag ${plan.reference}`,
        body:
          `Er is een besluit genomen op uw aanvraag voor het sectorplan “${plan.title}”. ` +
          "De beschikking staat bij uw plan in het portaal.",
        link: applicantPlanLink(doc.planId),
        email: { template: "decision-available", documentId: doc.id },
      });
    }
    return doc;
  });
}

/**
 * The ontvangstbevestiging of one submitted version: rendered from the version's snapshot, stored
 * once under `acknowledgement:<planVersionId>`, and in the same transaction the organisation is
 * told (in-app and by e-mail) — only by the run that actually created the document.
 */
export async function produceAcknowledgement(
  planVersionId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  return produceLetterOnce(
    {
      idempotencyKey: acknowledgementKey(planVersionId),
      load: () => loadAcknowledgementInput(prisma, planVersionId),
      render: renderAcknowledgement,
      describe: (input) => ({
        planId: input.planId,
        kind: "ACKNOWLEDGEMENT",
        title: acknowledgementSubject(input.reference),
        filename: `ontvangstbevestiging-${input.reference}-versie-${input.versionNumber}.pdf`,
        templateVersion: ACKNOWLEDGEMENT_TEMPLATE_VERSION,
      }),
      notify: (tx, input, document) =>
        notifyPlanOrganisation(tx, {
          planId: input.planId,
          // A later version is the supplement that was asked for, not a new application.
          title:
            input.versionNumber > 1
              ? `Aanvulling op ${input.reference} ontvangen`
              : `Aanvraag ${input.reference} ontvangen`,
          body:
            `Wij hebben ${input.versionNumber > 1 ? "de aanvulling op " : ""}uw aanvraag voor het sectorplan ` +
            `“${input.title}” ontvangen. De ontvangstbevestiging staat bij uw plan in het portaal.`,
          link: applicantPlanLink(input.planId),
          email: { template: "plan-received", documentId: document.id },
        }),
    },
    store,
  );
}

/**
 * The bevestiging van intrekking: rendered, stored once under `withdrawal-confirmation:<planId>`
 * and, by the run that created it, sent to the organisation (in-app and by e-mail).
 */
export async function produceWithdrawalConfirmation(
  planId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  return produceLetterOnce(
    {
      idempotencyKey: withdrawalConfirmationKey(planId),
      load: () => loadWithdrawalConfirmationInput(prisma, planId),
      render: renderWithdrawalConfirmation,
      describe: (input) => ({
        planId,
        kind: "WITHDRAWAL_CONFIRMATION",
        title: withdrawalConfirmationSubject(input.reference),
        filename: `bevestiging-intrekking-${input.reference}.pdf`,
        templateVersion: WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION,
      }),
      notify: (tx, input, document) =>
        notifyPlanOrganisation(tx, {
          planId,
          title: `Intrekking van aanvraag ${input.reference} bevestigd`,
          body: "U heeft uw aanvraag ingetrokken. De bevestiging staat bij uw plan in het portaal.",
          link: applicantPlanLink(planId),
          email: { template: "withdrawal-confirmed", documentId: document.id },
        }),
    },
    store,
  );
}
