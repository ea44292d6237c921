import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import { formatIban } from "../payments/iban.ts";
import { debtorAccount } from "../payments/sepa.server.ts";
import { interestPaymentDueOn } from "../settlement/interest-decision.server.ts";
import {
  interestDecisionKey,
  recoveryPartsOf,
  type StoredInterestLine,
} from "../settlement/recovery.server.ts";
import { daysBetween } from "../time/index.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate, percent, utcDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import { closing, objectionClause, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { signatoryOf } from "./signatory.server.ts";
import { type DocumentStore, documentStore } from "./store.server.ts";

/**
 * The beschikking that sets the wettelijke rente of a terugvordering paid after its last day (Awb
 * 4:99): the claim, the days of verzuim, the computation as it was made (the lines stored when the
 * figure was worked out), the legal ground, where and by when to pay (Awb 4:87 lid 1) and the
 * objection clause. Rendered by the letters worker from the outbox message decideRecoveryInterest
 * writes; stored once per claim.
 */

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const INTEREST_DECISION_TEMPLATE_VERSION = "beschikking-wettelijke-rente@3";

export function interestDecisionSubject(reference: string): string {
  return `Beschikking wettelijke rente terugvordering ${reference}`;
}

export type InterestDecisionInput = {
  planId: string;
  claimId: string;
  reference: string;
  title: string;
  /** The moment finance had the beschikking made: the letter's date. */
  decidedAt: Date;
  /**
   * The moment the letter is made available to the organisation (sent, Awb 3:41): its Document's
   * createdAt. The six weeks to pay run from it (Awb 4:87 lid 1), not from decidedAt: the letters
   * worker may render days after finance pressed the button.
   */
  sentAt: Date;
  signatory: Signatory | null;
  /** Whether the claim came from the intrekking (no settlement) or the vaststelling. */
  origin: "revocation" | "settlement";
  amountCents: bigint;
  dueOn: LocalDate;
  /** The day of receipt: after parts, the last part's day. */
  receivedOn: LocalDate;
  /**
   * The parts the claim came back in, in the order of their day (ADR 0031). None (received before
   * parts were recorded) or one (the whole sum at once): the letter reads as it always did.
   */
  parts: { on: LocalDate; cents: bigint }[];
  interestCents: bigint;
  lines: StoredInterestLine[];
  payTo: { name: string; iban: string };
  addressee: { name: string; street: string; postalCode: string; city: string };
  regulation: { citationTitle: string; objectionAuthority: string; objectionAddress: string };
};

/**
 * The facts of the claim's beschikking. `sentAt` is the moment the letter is being stored; without
 * it, the stored letter's createdAt, so that the mail and a re-render state the term the letter did.
 */
export async function loadInterestDecisionInput(
  db: Db,
  claimId: string,
  sentAt?: Date,
): Promise<InterestDecisionInput> {
  const [claim, decided, stored, partsOf] = await Promise.all([
    db.recoveryClaim.findUnique({
      where: { id: claimId },
      select: {
        planId: true,
        settlementId: true,
        amountCents: true,
        dueOn: true,
        receivedOn: true,
        interestCents: true,
        interestDecidedAt: true,
        interestDecidedById: true,
        plan: { include: { organisation: true, regulation: true } },
      },
    }),
    db.auditLog.findFirst({
      where: {
        targetType: "RecoveryClaim",
        targetId: claimId,
        action: "recovery.interest-decided" satisfies AuditAction,
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { details: true },
    }),
    sentAt
      ? null
      : db.document.findUnique({
          where: { idempotencyKey: interestDecisionKey(claimId) },
          select: { createdAt: true },
        }),
    // Fixed once the claim is received (a part is refused then), so a re-render states the same parts.
    recoveryPartsOf(db, [claimId]),
  ]);
  const lines = (decided?.details as { interestLines?: StoredInterestLine[] } | null)?.interestLines;
  if (
    !claim?.interestDecidedAt ||
    !claim.receivedOn ||
    !claim.interestCents ||
    !Array.isArray(lines) ||
    lines.length === 0
  )
    throw new NotFoundError("Geen beschikking wettelijke rente gevonden voor deze terugvordering.");
  const sent = sentAt ?? stored?.createdAt;
  if (!sent)
    throw new NotFoundError("De beschikking wettelijke rente van deze terugvordering is nog niet verzonden.");
  const { plan } = claim;
  const o = plan.organisation;
  const account = debtorAccount();
  return {
    planId: claim.planId,
    claimId,
    reference: plan.reference,
    title: plan.title,
    decidedAt: claim.interestDecidedAt,
    sentAt: sent,
    signatory: await signatoryOf(db, claim.interestDecidedById, claim.interestDecidedAt),
    origin: claim.settlementId ? "settlement" : "revocation",
    amountCents: claim.amountCents,
    dueOn: utcDate(claim.dueOn),
    receivedOn: utcDate(claim.receivedOn),
    parts: partsOf.get(claimId) ?? [],
    interestCents: claim.interestCents,
    lines,
    payTo: { name: account.name, iban: account.iban },
    addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
    regulation: {
      citationTitle: plan.regulation.citationTitle,
      objectionAuthority: plan.regulation.objectionAuthority,
      objectionAddress: plan.regulation.objectionAddress,
    },
  };
}

/** Dated by the beschikking and its sending, not by "now": the same input always gives the same bytes. */
export async function renderInterestDecision(input: InterestDecisionInput): Promise<Uint8Array> {
  const subject = interestDecisionSubject(input.reference);
  const reg = input.regulation;
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, INTEREST_DECISION_TEMPLATE_VERSION],
    templateVersion: INTEREST_DECISION_TEMPLATE_VERSION,
    at: input.decidedAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, reg.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  const decidedOn = amsterdamDate(input.decidedAt);
  l.keyValues([
    ["Datum", formatDateNl(decidedOn)],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");
  const amount = euro(input.amountCents);
  const interest = euro(input.interestCents);
  const dueOn = formatDateNl(input.dueOn);
  const receivedOn = formatDateNl(input.receivedOn);
  const days = daysBetween(input.dueOn, input.receivedOn);
  const firstDay = formatDateNl(input.lines[0]?.from ?? input.dueOn);
  const origin =
    input.origin === "revocation" ? "de beschikking tot intrekking" : "de beschikking tot vaststelling";
  // Paid in parts, the whole sum did not come in on the last part's day, and the interest ran over
  // what was still open each day (Awb 4:99 with 3:46: the letter must say what it was set over).
  const inParts = input.parts.length > 1;
  const claimed =
    `Bij ${origin} van de subsidie voor het sectorplan “${input.title}” heb ik ${amount} van u ` +
    `teruggevorderd, te betalen uiterlijk ${dueOn}. `;
  l.paragraph(
    inParts
      ? `${claimed}U heeft dat bedrag in ${input.parts.length} delen betaald; het laatste deel heb ik op ` +
          `${receivedOn} ontvangen, na de uiterste betaaldatum. In deze brief stel ik de wettelijke rente vast ` +
          "die u verschuldigd bent over wat na de uiterste betaaldatum nog niet was betaald."
      : `${claimed}Dat bedrag heb ik op ${receivedOn} ontvangen, na de ` +
          "uiterste betaaldatum. In deze brief stel ik de wettelijke rente vast die u over die te late betaling " +
          "verschuldigd bent.",
  );

  l.heading("Besluit");
  l.paragraph(
    `Ik stel de wettelijke rente die u verschuldigd bent over de te late terugbetaling vast op ${interest} ` +
      "(artikel 4:99 van de Algemene wet bestuursrecht).",
  );

  // The heading and its rows on one page: a figure alone at the top of the next reads as lost.
  l.ensureSpace(7 * l.size * l.lineGap);
  l.heading("De terugvordering");
  l.keyValues(
    [
      ["Teruggevorderd bedrag", amount],
      ["Te betalen uiterlijk", dueOn],
      [inParts ? "Laatste deel ontvangen op" : "Ontvangen op", receivedOn],
      ["Dagen van verzuim", String(days)],
    ],
    160,
  );
  const dayCount = `${days} ${days === 1 ? "dag" : "dagen"}`;
  if (inParts) {
    l.paragraph("U heeft het teruggevorderde bedrag in deze delen betaald:");
    let open = input.amountCents;
    l.table(
      [
        { header: "Ontvangen op", width: 130 },
        { header: "Bedrag", width: 100, align: "right" },
        { header: "Daarna nog open", width: 110, align: "right" },
      ],
      input.parts.map((part) => {
        open -= part.cents;
        return [formatDateNl(part.on), euro(part.cents), euro(open)];
      }),
      { totalRow: ["Totaal", euro(input.parts.reduce((sum, part) => sum + part.cents, 0n)), ""] },
    );
    l.paragraph(
      `U was vanaf ${firstDay}, de dag na de uiterste betaaldatum, zonder ingebrekestelling in verzuim (artikel ` +
        "4:97 Awb) voor wat toen nog niet was betaald, tot en met de dag waarop ik het laatste deel ontving: " +
        `${dayCount}.`,
    );
  } else
    l.paragraph(
      `U was vanaf ${firstDay}, de dag na de uiterste betaaldatum, zonder ingebrekestelling in verzuim (artikel ` +
        `4:97 Awb), tot en met de dag waarop ik het bedrag ontving: ${dayCount}.`,
    );

  l.heading("Berekening");
  const rule =
    "per dag (een jaar telt 365 dagen), met het tarief voor niet-handelstransacties dat op elke dag gold. Een " +
    "nieuw tarief geldt vanaf de dag waarop het ingaat; na elk jaar van verzuim wordt de rente van dat jaar bij " +
    "het bedrag opgeteld waarover de rente wordt berekend. Elke regel is afgerond op hele centen.";
  l.paragraph(
    inParts
      ? "De wettelijke rente is berekend over wat op elke dag nog openstond van het teruggevorderde bedrag: een " +
          "deel telt niet meer mee vanaf de dag na die waarop ik het ontving. Elk deel is afgeboekt op het " +
          "teruggevorderde bedrag, omdat er geen kosten waren en nog geen vastgestelde rente (artikel 4:93 Awb). " +
          `De rente is berekend ${rule}`
      : `De wettelijke rente is berekend over het teruggevorderde bedrag, ${rule}`,
  );
  l.table(
    [
      // 465 points in all: the widest date ("30 september 2025", 99 pt), a base of tens of
      // millions (83 pt) and the bold headers fit with the layout's 6 pt to spare.
      { header: "Van", width: 105 },
      { header: "Tot en met", width: 105 },
      { header: "Dagen", width: 43, align: "right" },
      { header: "Tarief", width: 40, align: "right" },
      { header: "Over bedrag", width: 90, align: "right" },
      { header: "Rente", width: 82, align: "right" },
    ],
    input.lines.map((line) => [
      formatDateNl(line.from),
      formatDateNl(line.until),
      String(line.days),
      percent(line.rateBp),
      euro(BigInt(line.baseCents)),
      euro(BigInt(line.interestCents)),
    ]),
    { totalRow: ["Totaal", "", String(days), "", "", interest] },
  );

  l.heading("Wettelijke grondslag");
  l.paragraph(
    "Wie een geldsom niet binnen de termijn betaalt, is zonder ingebrekestelling in verzuim (artikel 4:97 " +
      "Awb). Het verzuim maakt de wettelijke rente verschuldigd zoals bepaald in artikel 6:119, eerste en tweede " +
      "lid, en artikel 6:120, eerste lid, van het Burgerlijk Wetboek (artikel 4:98 Awb), met de tarieven van " +
      "het Besluit vaststelling wettelijke rente. Bedraagt de rente minder dan € 20, dan is zij niet " +
      "verschuldigd (artikel 4:98, tweede lid, Awb). Het bestuursorgaan stelt de wettelijke rente bij " +
      "beschikking vast (artikel 4:99 Awb).",
  );

  l.heading("Betaling");
  const payBy = formatDateNl(interestPaymentDueOn(input.sentAt));
  l.paragraph(
    `Betaal ${interest} binnen zes weken na de dag waarop deze beschikking is verzonden, uiterlijk ${payBy} (artikel ` +
      `4:87, eerste lid, Awb), op rekening ${formatIban(input.payTo.iban)} ten name van ${input.payTo.name}, ` +
      `onder vermelding van het kenmerk ${input.reference}.`,
  );

  objectionClause(l, reg);
  closing(l, input.signatory);
  l.finish(`Kenmerk ${input.reference}`);
  return savePdf(doc);
}

/**
 * The organisation's in-app notice of the beschikking (Dutch: the bell shows stored text as Dutch).
 * After parts it names them as the letter does, not the whole sum as paid late.
 */
export function interestDecidedNotice(input: InterestDecisionInput): string {
  const payBy = formatDateNl(interestPaymentDueOn(input.sentAt));
  const tail = `; betaal die uiterlijk ${payBy}. De beschikking staat bij uw plan in het portaal.`;
  if (input.parts.length > 1)
    return (
      `U heeft de terugvordering van ${euro(input.amountCents)} in ${input.parts.length} delen betaald, het ` +
      `laatste deel op ${formatDateNl(input.receivedOn)}, na de uiterste betaaldatum. De wettelijke rente over ` +
      `wat na die datum nog openstond, is vastgesteld op ${euro(input.interestCents)}${tail}`
    );
  return (
    `U heeft de terugvordering van ${euro(input.amountCents)} na de uiterste betaaldatum betaald. ` +
    `De wettelijke rente daarover is vastgesteld op ${euro(input.interestCents)}${tail}`
  );
}

/**
 * The interest beschikking: rendered, stored once under interestDecisionKey(claimId), and by the
 * run that created it the organisation is told, in-app and by e-mail with the letter, in the
 * transaction that stores it. Its createdAt is the bekendmaking from which the objection term and
 * the six weeks to pay run: one moment, taken before rendering, is both the letter's stated sending
 * day and the stored createdAt.
 */
export async function produceInterestDecision(
  claimId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  const sentAt = now();
  return produceLetterOnce(
    {
      idempotencyKey: interestDecisionKey(claimId),
      at: sentAt,
      load: () => loadInterestDecisionInput(prisma, claimId, sentAt),
      render: renderInterestDecision,
      describe: (input) => ({
        planId: input.planId,
        kind: "INTEREST_DECISION",
        title: interestDecisionSubject(input.reference),
        filename: `beschikking-wettelijke-rente-${input.reference}.pdf`,
        templateVersion: INTEREST_DECISION_TEMPLATE_VERSION,
      }),
      notify: (tx, input, document) =>
        notifyPlanOrganisation(tx, {
          planId: input.planId,
          title: `Wettelijke rente ${input.reference} vastgesteld`,
          body: interestDecidedNotice(input),
          link: `/aanvrager/plannen/${input.planId}`,
          email: { template: "interest-decided", documentId: document.id },
        }),
    },
    store,
  );
}
