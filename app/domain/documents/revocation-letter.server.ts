import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { parseGrantTerms } from "../decision/terms.ts";
import { NotFoundError } from "../errors.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import { formatIban } from "../payments/iban.ts";
import { debtorAccount } from "../payments/sepa.server.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import { recoveryClaimDueOn } from "../settlement/terms.ts";
import { localDateToDb } from "../time/index.ts";
import { inWords } from "../words.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate, utcDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import { closing, objectionClause, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { signatoryOf } from "./signatory.server.ts";
import { type DocumentStore, documentStore } from "./store.server.ts";

/**
 * The beschikking tot intrekking (regulation art. 5.2, Awb 4:48): the grant is revoked because
 * execution did not start within the term, and what was advanced is claimed back. Without it the
 * revocation has no effect (Awb 3:40) and the organisation learns of the recovery claim only when
 * finance chases it. Rendered by the letters worker from the outbox message the revoke event writes.
 */

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const REVOCATION_LETTER_TEMPLATE_VERSION = "beschikking-intrekking@2";

/** WITHDRAWN is final, so a plan's grant is revoked at most once: the plan names the letter. */
export function revocationLetterKey(planId: string): string {
  return `revocation-letter:${planId}`;
}

export function revocationLetterSubject(reference: string): string {
  return `Beschikking tot intrekking van de subsidieverlening voor ${reference}`;
}

export type RevocationLetterInput = {
  planId: string;
  reference: string;
  title: string;
  /** The moment of the revoke event: the letter's date and the PDF's dates come from it. */
  revokedAt: Date;
  /** The decision maker's motivation, drawn as plain text. */
  reason: string;
  signatory: Signatory | null;
  /** The grant that is revoked: its moment (from which the term to start ran) and its maximum. */
  grantedAt: Date;
  grantedCents: bigint;
  /** Advances actually paid out before the revocation. */
  paidCents: bigint;
  /** Whether advances still planned were cancelled by the revocation (the plan asked for advances). */
  advancesStopped: boolean;
  /**
   * The RecoveryClaim the revocation booked (settleAtNilOnRevocation); null when nothing was paid.
   * Its last day runs from the letter's bekendmaking (recoveryClaimDueOn), not from revokedAt.
   */
  recovery: { amountCents: bigint; dueOn: LocalDate } | null;
  /** Where the organisation pays the claim back: the agency's own account. */
  payTo: { name: string; iban: string };
  addressee: { name: string; street: string; postalCode: string; city: string };
  regulation: {
    citationTitle: string;
    legalBasis: string;
    publication: string;
    /** The grant's term to start (its Decision.terms): what the grant letter and the guard held to. */
    executionStartMonths: number;
    objectionAuthority: string;
    objectionAddress: string;
  };
};

/** The revocation's claim is the plan's one without a settlement: a revoked grant is never settled. */
function revocationClaimOf(db: Db, planId: string) {
  return db.recoveryClaim.findFirst({
    where: { planId, settlementId: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, amountCents: true, dueOn: true },
  });
}

/**
 * The facts of the revocation's beschikking. `sentAt` is the moment the letter is being stored: the
 * claim's last day is counted from it. Without it, the claim's stored dueOn: once the letter exists,
 * the day it stated; before, the provisional day the intrekking booked.
 */
export async function loadRevocationLetterInput(
  db: Db,
  planId: string,
  sentAt?: Date,
): Promise<RevocationLetterInput> {
  const [plan, event, paid, cancelled, claim] = await Promise.all([
    db.plan.findUnique({
      where: { id: planId },
      include: {
        organisation: true,
        regulation: true,
        decision: { include: { years: true } },
      },
    }),
    db.workflowEvent.findFirst({
      where: { planId, event: "revoke" },
      orderBy: { id: "desc" },
      select: { createdAt: true, actorId: true, reason: true },
    }),
    db.payment.aggregate({ where: { planId, status: "PAID" }, _sum: { amountCents: true } }),
    db.payment.count({ where: { planId, status: "CANCELLED" } }),
    revocationClaimOf(db, planId),
  ]);
  if (!plan || !event || !plan.decision)
    throw new NotFoundError("Geen ingetrokken subsidieverlening gevonden.");
  const reg = plan.regulation;
  const o = plan.organisation;
  const account = debtorAccount();
  return {
    planId,
    reference: plan.reference,
    title: plan.title,
    revokedAt: event.createdAt,
    reason: event.reason ?? "",
    signatory: await signatoryOf(db, event.actorId, event.createdAt),
    grantedAt: plan.decision.decidedAt,
    grantedCents: plan.decision.years.reduce((sum, y) => sum + y.grantedCents, 0n),
    paidCents: paid._sum.amountCents ?? 0n,
    advancesStopped: cancelled > 0,
    recovery: claim
      ? { amountCents: claim.amountCents, dueOn: sentAt ? recoveryClaimDueOn(sentAt) : utcDate(claim.dueOn) }
      : null,
    payTo: { name: account.name, iban: account.iban },
    addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
    regulation: {
      citationTitle: reg.citationTitle,
      legalBasis: reg.legalBasis,
      publication: reg.publication,
      executionStartMonths: parseGrantTerms(plan.decision.terms).executionStartMonths,
      objectionAuthority: reg.objectionAuthority,
      objectionAddress: reg.objectionAddress,
    },
  };
}

/** Dated by the revocation, not by "now": the same input always gives the same bytes. */
export async function renderRevocationLetter(input: RevocationLetterInput): Promise<Uint8Array> {
  const subject = revocationLetterSubject(input.reference);
  const reg = input.regulation;
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, REVOCATION_LETTER_TEMPLATE_VERSION],
    templateVersion: REVOCATION_LETTER_TEMPLATE_VERSION,
    at: input.revokedAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, reg.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(input.revokedAt))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");
  const grantedOn = formatDateNl(amsterdamDate(input.grantedAt));
  l.paragraph(
    `Bij beschikking van ${grantedOn} heb ik u op grond van de ${reg.citationTitle} een subsidie verleend van ten ` +
      `hoogste ${euro(input.grantedCents)} voor het sectorplan “${input.title}”. In deze brief leest u dat ik die ` +
      "subsidieverlening intrek, en wat dat voor u betekent.",
  );

  l.heading("Besluit");
  l.paragraph(
    `Ik trek de subsidieverlening van ${grantedOn} geheel in. De intrekking werkt terug tot en met de dag van de ` +
      "verlening (artikel 4:48, tweede lid, Awb): u heeft geen recht meer op de subsidie.",
  );

  // The same last day as the grant letter, the reminder and the revocation guard
  // (executionStartDeadline, moved past a closed day by the Atw).
  const lastDay = formatDateNl(executionStartDeadline(input.grantedAt, reg.executionStartMonths));
  l.heading("Waarom trek ik de subsidie in?");
  l.paragraph(
    `In de beschikking tot verlening stond dat u binnen ${inWords(reg.executionStartMonths)} maanden na de datum ` +
      `van die beschikking met de uitvoering van het sectorplan moest beginnen, uiterlijk op ${lastDay}, en de ` +
      "start in het portaal moest melden. U heeft niet gemeld dat de uitvoering binnen die termijn is begonnen: " +
      "de activiteiten waarvoor de subsidie is verleend, zijn niet binnen de termijn begonnen. Is niet binnen " +
      "de termijn met de uitvoering begonnen, dan wordt de subsidieverlening volgens artikel 5.2 van de " +
      "regeling geheel ingetrokken.",
  );
  if (input.reason.trim()) {
    l.heading("Motivering");
    l.paragraph(input.reason.trim());
  }

  l.heading("Wettelijke grondslag");
  l.paragraph(
    `Dit besluit berust op artikel 5.2 van de ${reg.citationTitle} (${reg.publication}), vastgesteld op grond van ` +
      `${reg.legalBasis}, en op artikel 4:48, eerste lid, onder a, van de Algemene wet bestuursrecht (Awb): ` +
      "zolang de subsidie niet is vastgesteld, kan de verlening worden ingetrokken als de activiteiten niet of " +
      "niet geheel hebben plaatsgevonden. De terugvordering berust op artikel 5.2 van de regeling en artikel " +
      "4:57 Awb.",
  );

  // The heading and its three rows on one page: a figure alone at the top of the next reads as lost.
  l.ensureSpace(6 * l.size * l.lineGap);
  l.heading("Bedragen");
  l.keyValues(
    [
      ["Verleend (ten hoogste)", euro(input.grantedCents)],
      ["Betaalde voorschotten", euro(input.paidCents)],
      ["Terug te betalen", euro(input.recovery?.amountCents ?? 0n)],
    ],
    160,
  );
  if (input.advancesStopped) l.paragraph("Voorschotten die nog niet waren betaald, betaal ik niet meer uit.");

  l.heading("Terugbetaling");
  if (input.recovery) {
    const amount = euro(input.recovery.amountCents);
    l.paragraph(
      `Ik vorder de betaalde voorschotten van ${amount} van u terug (artikel 5.2 van de regeling).`,
    );
    l.paragraph(
      `Betaal ${amount} uiterlijk ${formatDateNl(input.recovery.dueOn)} op rekening ${formatIban(input.payTo.iban)} ` +
        `ten name van ${input.payTo.name}, onder vermelding van het kenmerk ${input.reference}.`,
    );
    // The claim is the principal: the letter asked for exactly that amount while saying "vermeerderd
    // met de wettelijke rente", and nothing computed or followed up the interest. The interest the
    // law attaches to it runs from the day after the payment term (Awb 4:98: late payment is
    // verzuim by law), and the letter says so.
    l.paragraph(
      `Betaalt u niet uiterlijk ${formatDateNl(input.recovery.dueOn)}, dan bent u vanaf de dag daarna over het ` +
        "openstaande bedrag de wettelijke rente verschuldigd (artikel 5.2 van de regeling en artikel 4:98 van " +
        "de Algemene wet bestuursrecht).",
    );
  } else {
    l.paragraph("U heeft geen voorschotten ontvangen. Ik vorder daarom niets van u terug.");
  }

  objectionClause(l, reg);
  closing(l, input.signatory);
  l.finish(`Kenmerk ${input.reference}`);
  return savePdf(doc);
}

/**
 * The beschikking tot intrekking: rendered, stored once under `revocation-letter:<planId>`, and by
 * the run that created it, in the transaction that stores it, the claim's last day set six weeks
 * from the bekendmaking (Awb 4:87 lid 1) and the organisation told, in-app and by e-mail with the
 * letter. The Document's createdAt is the bekendmaking from which the objection term runs (Awb 6:8):
 * there is no revocation row to record it on, and the letter is made available in that same
 * transaction. One moment, taken before rendering, is that createdAt and the start of the six weeks
 * the letter states; a second run finds the letter and moves nothing.
 */
export async function produceRevocationLetter(
  planId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  const sentAt = now();
  return produceLetterOnce(
    {
      idempotencyKey: revocationLetterKey(planId),
      at: sentAt,
      load: () => loadRevocationLetterInput(prisma, planId, sentAt),
      render: renderRevocationLetter,
      describe: (input) => ({
        planId,
        kind: "REVOCATION_DECISION",
        title: revocationLetterSubject(input.reference),
        filename: `beschikking-intrekking-${input.reference}.pdf`,
        templateVersion: REVOCATION_LETTER_TEMPLATE_VERSION,
      }),
      notify: async (tx, input, document) => {
        const { recovery } = input;
        const claim = recovery ? await revocationClaimOf(tx, planId) : null;
        if (claim && recovery)
          await tx.recoveryClaim.update({
            where: { id: claim.id },
            data: { dueOn: localDateToDb(recovery.dueOn) },
          });
        await notifyPlanOrganisation(tx, {
          planId,
          title: `Subsidieverlening ${input.reference} ingetrokken`,
          body:
            `De subsidie voor het sectorplan “${input.title}” is ingetrokken, omdat de uitvoering niet op tijd ` +
            "is begonnen." +
            (input.recovery
              ? ` Wij vorderen ${euro(input.recovery.amountCents)} aan voorschotten terug.`
              : "") +
            " De beschikking staat bij uw plan in het portaal.",
          link: `/aanvrager/plannen/${planId}`,
          email: { template: "revocation-decided", documentId: document.id },
        });
      },
    },
    store,
  );
}
