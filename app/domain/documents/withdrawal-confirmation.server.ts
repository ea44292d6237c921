import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { NotFoundError } from "../errors.ts";
import { formatDateTimeNl } from "../time/index.ts";
import { WITHDRAWAL_RELEASE_REASON } from "../workflow/withdrawal-effects.server.ts";
import { amsterdamDate, euro, formatDateNl } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { closing } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION = "bevestiging-intrekking@3";

/** A plan is withdrawn once (WITHDRAWN is final), so the plan names its confirmation. */
export function withdrawalConfirmationKey(planId: string): string {
  return `withdrawal-confirmation:${planId}`;
}

export function withdrawalConfirmationSubject(reference: string): string {
  return `Bevestiging van de intrekking van uw aanvraag ${reference}`;
}

export type WithdrawalConfirmationInput = {
  planId: string;
  reference: string;
  title: string;
  /** The moment of the withdraw event: the letter's date and the PDF dates come from it. */
  withdrawnAt: Date;
  reason: string | null;
  /**
   * What the withdrawal gave back from the window's pot: 0 when the plan held nothing (withdrawn
   * before it was complete, or while it waited for budget); the letter then says nothing came free.
   */
  releasedCents: bigint;
  addressee: { name: string; street: string; postalCode: string; city: string };
  citationTitle: string;
};

export async function loadWithdrawalConfirmationInput(
  db: Db,
  planId: string,
): Promise<WithdrawalConfirmationInput> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: { organisation: true, regulation: { select: { citationTitle: true } } },
  });
  const event = await db.workflowEvent.findFirst({
    where: { planId, event: "withdraw" },
    orderBy: { id: "desc" },
    select: { createdAt: true, reason: true, payload: true },
  });
  if (!plan || !event) throw new NotFoundError("Geen ingetrokken aanvraag gevonden.");
  const o = plan.organisation;
  return {
    planId,
    reference: plan.reference,
    title: plan.title,
    withdrawnAt: event.createdAt,
    reason: event.reason,
    releasedCents: await releasedByWithdrawal(db, planId, event.payload),
    addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
    citationTitle: plan.regulation.citationTitle,
  };
}

/**
 * What the withdrawal itself gave back: the amount its event recorded (releaseOnWithdrawal). Not
 * the sum of the plan's releases — a plan that gave its reservation way to an earlier one
 * (yield_budget) released it then, and may hold nothing, or a new reservation, when withdrawn.
 * An event recorded before it carried the amount: the window pot's (year null, the whole
 * reservation) RELEASE entries booked with the withdrawal's reason; a plan is withdrawn once.
 */
async function releasedByWithdrawal(db: Db, planId: string, payload: unknown): Promise<bigint> {
  const recorded = (payload as { releasedCents?: unknown } | null)?.releasedCents;
  if (typeof recorded === "string" && /^\d+$/.test(recorded)) return BigInt(recorded);
  const released = await db.ledgerEntry.aggregate({
    where: {
      planId,
      year: null,
      kind: "RELEASE",
      releases: "RESERVATION",
      reason: WITHDRAWAL_RELEASE_REASON,
    },
    _sum: { amountCents: true },
  });
  return released._sum.amountCents ?? 0n;
}

/** Dated by the withdrawal, not by "now": the same input always gives the same bytes. */
export async function renderWithdrawalConfirmation(input: WithdrawalConfirmationInput): Promise<Uint8Array> {
  const subject = withdrawalConfirmationSubject(input.reference);
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION],
    templateVersion: WITHDRAWAL_CONFIRMATION_TEMPLATE_VERSION,
    at: input.withdrawnAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, input.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(input.withdrawnAt))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");
  l.paragraph(
    `Op ${formatDateTimeNl(input.withdrawnAt)} heeft u uw aanvraag om subsidie op grond van de ` +
      `${input.citationTitle} voor het sectorplan “${input.title}” ingetrokken. Met deze brief bevestig ik ` +
      "dat. Ik neem op deze aanvraag geen besluit meer.",
  );
  if (input.reason) {
    l.heading("De reden die u opgaf");
    l.paragraph(input.reason);
  }
  l.heading("Wat betekent dit?");
  if (input.releasedCents > 0n)
    l.bullet(
      `Het bedrag dat voor uw aanvraag was gereserveerd (${euro(input.releasedCents)}), is weer beschikbaar ` +
        "voor andere aanvragen.",
    );
  l.bullet(
    "Wilt u toch subsidie? Dan dient u een nieuwe aanvraag in, zolang er een aanvraagtijdvak open is. " +
      "Die wordt behandeld in de volgorde van ontvangst, als iedere andere aanvraag.",
  );
  l.paragraph(`Vermeld bij contact over deze aanvraag het kenmerk ${input.reference}.`);
  closing(l);
  l.finish(`Kenmerk ${input.reference}`);
  return savePdf(doc);
}
