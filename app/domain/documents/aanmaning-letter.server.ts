import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { notifySignatories } from "../notifications/signatories.server.ts";
import { formatIban } from "../payments/iban.ts";
import { debtorAccount } from "../payments/sepa.server.ts";
import {
  type AanmaningKind,
  aanmaningDueOn,
  aanmaningKey,
  aanmaningSubjectOf,
} from "../settlement/aanmaning.server.ts";
import { interestPaymentDueOn } from "../settlement/interest-decision.server.ts";
import { interestDecisionKey, recoveryOutstandingCents } from "../settlement/recovery.server.ts";
import { addCalendarDays } from "../time/index.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate, utcDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import { closing, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { signatoryOf } from "./signatory.server.ts";
import { type DocumentStore, documentStore } from "./store.server.ts";

/**
 * The aanmaning (Awb 4:112) of a terugvordering, or of the wettelijke rente set on its late
 * repayment, whose term passed unpaid: what is owed and by when it was due, the two weeks to pay it
 * yet, where to pay, that the interest keeps running, that no costs are charged (4:113), that a
 * dwangbevel may follow (4:114), and that the aanmaning itself is no besluit. Rendered by the
 * letters worker from the outbox message sendAanmaning writes; stored once per claim and kind.
 */

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const AANMANING_TEMPLATE_VERSION = "aanmaning@1";

export function aanmaningLetterSubject(what: AanmaningKind, reference: string): string {
  return what === "claim"
    ? `Aanmaning terugvordering ${reference}`
    : `Aanmaning wettelijke rente terugvordering ${reference}`;
}

export type AanmaningInput = {
  planId: string;
  claimId: string;
  what: AanmaningKind;
  reference: string;
  title: string;
  /** The moment finance had the aanmaning made: the letter's date. */
  madeAt: Date;
  /**
   * The moment the letter is made available (sent): its Document's createdAt. The two weeks run
   * from the day after (Awb 4:112 lid 1), not from madeAt: the worker may render days later.
   */
  sentAt: Date;
  signatory: Signatory | null;
  /** Whether the claim came from the intrekking (no settlement) or the vaststelling. */
  origin: "revocation" | "settlement";
  /** The terugvordering and its last day to pay. */
  amountCents: bigint;
  /** Parts of the claim received by the moment the aanmaning was made: it urges what is left. */
  paidCents?: bigint;
  dueOn: LocalDate;
  /** For an aanmaning of the interest: the beschikking that set it and its last day to pay. */
  interest: { cents: bigint; decidedAt: Date; payBy: LocalDate } | null;
  payTo: { name: string; iban: string };
  addressee: { name: string; street: string; postalCode: string; city: string };
  regulation: { citationTitle: string };
};

/** What the aanmaning urges: the sum, and the last day the debtor let pass. */
export function aanmaningOwed(input: AanmaningInput): { cents: bigint; lapsedOn: LocalDate } {
  return input.interest
    ? { cents: input.interest.cents, lapsedOn: input.interest.payBy }
    : { cents: input.amountCents - (input.paidCents ?? 0n), lapsedOn: input.dueOn };
}

/**
 * The facts of the claim's aanmaning of `what`. `sentAt` is the moment the letter is being
 * stored; without it, the stored letter's createdAt, so that the mail and a re-render state the
 * term the letter did.
 */
export async function loadAanmaningInput(
  db: Db,
  claimId: string,
  what: AanmaningKind,
  sentAt?: Date,
): Promise<AanmaningInput> {
  const [claim, interestLetter, stored] = await Promise.all([
    db.recoveryClaim.findUnique({
      where: { id: claimId },
      select: {
        planId: true,
        settlementId: true,
        amountCents: true,
        dueOn: true,
        interestCents: true,
        interestDecidedAt: true,
        aanmaningAt: true,
        aanmaningById: true,
        interestAanmaningAt: true,
        interestAanmaningById: true,
        plan: { include: { organisation: true, regulation: true } },
      },
    }),
    what === "interest"
      ? db.document.findUnique({
          where: { idempotencyKey: interestDecisionKey(claimId) },
          select: { createdAt: true },
        })
      : null,
    sentAt
      ? null
      : db.document.findUnique({
          where: { idempotencyKey: aanmaningKey(claimId, what) },
          select: { createdAt: true },
        }),
  ]);
  const madeAt = what === "claim" ? claim?.aanmaningAt : claim?.interestAanmaningAt;
  const madeById = what === "claim" ? claim?.aanmaningById : claim?.interestAanmaningById;
  if (!claim || !madeAt) throw new NotFoundError("Geen aanmaning gevonden voor deze terugvordering.");
  let interest: AanmaningInput["interest"] = null;
  if (what === "interest") {
    if (!claim.interestDecidedAt || !claim.interestCents || !interestLetter)
      throw new NotFoundError("De aanmaning noemt een beschikking wettelijke rente die niet is verzonden.");
    interest = {
      cents: claim.interestCents,
      decidedAt: claim.interestDecidedAt,
      payBy: interestPaymentDueOn(interestLetter.createdAt),
    };
  }
  const sent = sentAt ?? stored?.createdAt;
  if (!sent) throw new NotFoundError("De aanmaning van deze terugvordering is nog niet verzonden.");
  const { plan } = claim;
  const o = plan.organisation;
  const account = debtorAccount();
  return {
    planId: claim.planId,
    claimId,
    what,
    reference: plan.reference,
    title: plan.title,
    madeAt,
    sentAt: sent,
    signatory: await signatoryOf(db, madeById, madeAt),
    origin: claim.settlementId ? "settlement" : "revocation",
    amountCents: claim.amountCents,
    // As recorded when the aanmaning was made, so a re-render states what the letter did.
    paidCents: what === "claim" ? (await recoveryOutstandingCents(db, claimId, madeAt)).paidCents : 0n,
    dueOn: utcDate(claim.dueOn),
    interest,
    payTo: { name: account.name, iban: account.iban },
    addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
    regulation: { citationTitle: plan.regulation.citationTitle },
  };
}

/** Dated by the aanmaning and its sending, not by "now": the same input always gives the same bytes. */
export async function renderAanmaning(input: AanmaningInput): Promise<Uint8Array> {
  const subject = aanmaningLetterSubject(input.what, input.reference);
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, AANMANING_TEMPLATE_VERSION],
    templateVersion: AANMANING_TEMPLATE_VERSION,
    at: input.madeAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, input.regulation.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(input.madeAt))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");

  const owed = aanmaningOwed(input);
  const amount = euro(owed.cents);
  const lapsedOn = formatDateNl(owed.lapsedOn);
  const payBy = formatDateNl(aanmaningDueOn(input.sentAt));
  const origin =
    input.origin === "revocation" ? "de beschikking tot intrekking" : "de beschikking tot vaststelling";
  l.paragraph(
    input.interest
      ? `Bij beschikking van ${formatDateNl(amsterdamDate(input.interest.decidedAt))} heb ik de wettelijke ` +
          `rente over uw te late terugbetaling van ${euro(input.amountCents)} voor het sectorplan ` +
          `“${input.title}” vastgesteld op ${amount}, te betalen uiterlijk ${lapsedOn}. Dat bedrag heb ik ` +
          "niet binnen die termijn ontvangen."
      : input.paidCents
        ? `Bij ${origin} van de subsidie voor het sectorplan “${input.title}” heb ik ` +
          `${euro(input.amountCents)} van u teruggevorderd, te betalen uiterlijk ${lapsedOn}. Daarvan heb ik ` +
          `${euro(input.paidCents)} ontvangen; ${amount} heb ik niet binnen die termijn ontvangen.`
        : `Bij ${origin} van de subsidie voor het sectorplan “${input.title}” heb ik ${amount} van u ` +
          `teruggevorderd, te betalen uiterlijk ${lapsedOn}. Dat bedrag heb ik niet binnen die termijn ontvangen.`,
  );

  l.heading("Aanmaning");
  l.paragraph(
    `Ik maan u aan ${amount} alsnog te betalen binnen twee weken na de dag waarop deze aanmaning is ` +
      `verzonden, dus uiterlijk ${payBy} (artikel 4:112, eerste lid, Awb), op rekening ` +
      `${formatIban(input.payTo.iban)} ten name van ${input.payTo.name}, onder vermelding van het kenmerk ` +
      `${input.reference}.`,
  );
  l.keyValues(
    [
      ...(!input.interest && input.paidCents
        ? [
            ["Teruggevorderd bedrag", euro(input.amountCents)] as [string, string],
            ["Al ontvangen", euro(input.paidCents)] as [string, string],
            ["Nog te betalen", amount] as [string, string],
          ]
        : [
            [input.interest ? "Vastgestelde wettelijke rente" : "Teruggevorderd bedrag", amount] as [
              string,
              string,
            ],
          ]),
      ["Uiterste betaaldatum", lapsedOn],
      ["Nieuwe uiterste betaaldatum", payBy],
    ],
    180,
  );

  l.heading("Wettelijke rente");
  const since = formatDateNl(addCalendarDays(owed.lapsedOn, 1));
  l.paragraph(
    `Sinds ${since} bent u over het openstaande bedrag zonder ingebrekestelling in verzuim en de wettelijke ` +
      "rente verschuldigd (artikel 4:97 en 4:98 Awb). Die rente loopt door tot de dag waarop ik het bedrag " +
      "ontvang; deze aanmaning verandert daar niets aan.",
  );

  l.heading("Kosten en invordering");
  l.paragraph(
    "Voor deze aanmaning breng ik geen kosten in rekening (artikel 4:113 Awb). Betaalt u niet uiterlijk " +
      `${payBy}, dan kan ik het bedrag bij dwangbevel invorderen (artikel 4:114 Awb). De kosten van die ` +
      "invordering komen voor uw rekening.",
  );
  l.paragraph("Deze aanmaning is geen besluit: u kunt er geen bezwaar tegen maken.");

  closing(l, input.signatory);
  l.finish(`Kenmerk ${input.reference}`);
  return savePdf(doc);
}

/**
 * The aanmaning's letter: rendered, stored once under aanmaningKey(claimId, what), and by the run
 * that created it the organisation's signatories are told, in-app and by e-mail with the letter, in
 * the transaction that stores it. Its createdAt is the sending from which the two weeks run: one
 * moment, taken before rendering, is both the letter's stated last day's start and the stored
 * createdAt.
 */
export async function produceAanmaning(
  claimId: string,
  what: AanmaningKind,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  const sentAt = now();
  return produceLetterOnce(
    {
      idempotencyKey: aanmaningKey(claimId, what),
      at: sentAt,
      load: () => loadAanmaningInput(prisma, claimId, what, sentAt),
      render: renderAanmaning,
      describe: (input) => ({
        planId: input.planId,
        kind: "AANMANING",
        title: aanmaningLetterSubject(input.what, input.reference),
        filename: `${input.what === "claim" ? "aanmaning" : "aanmaning-wettelijke-rente"}-${input.reference}.pdf`,
        templateVersion: AANMANING_TEMPLATE_VERSION,
      }),
      notify: (tx, input, document) => {
        const owed = aanmaningOwed(input);
        return notifySignatories(tx, {
          planId: input.planId,
          title:
            input.what === "claim"
              ? `Aanmaning ${input.reference}`
              : `Aanmaning wettelijke rente ${input.reference}`,
          body:
            `U heeft ${aanmaningSubjectOf(input.what, input.reference)} niet uiterlijk ` +
            `${formatDateNl(owed.lapsedOn)} betaald. Betaal ${euro(owed.cents)} alsnog uiterlijk ` +
            `${formatDateNl(aanmaningDueOn(input.sentAt))}. De aanmaning staat bij uw plan in het portaal.`,
          link: `/aanvrager/plannen/${input.planId}`,
          email: { template: "aanmaning-sent", documentId: document.id },
        });
      },
    },
    store,
  );
}
