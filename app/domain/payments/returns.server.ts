import { prisma, type Tx } from "../../db/client.server.ts";
import { writeAudit } from "../accounts/audit.server.ts";
import { organisationPageOf } from "../accounts/organisation-links.ts";
import type { Actor } from "../actor.ts";
import { undoDisbursement } from "../budget/ledger.server.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { notifyOrganisation, notifyUsers } from "../notifications/notify.server.ts";
import { signatoriesOf } from "../notifications/signatories.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import { amsterdamDate, formatDateNl, localDateToDb } from "../time/index.ts";
import { originalOf, originalSequences, paymentDescription, paymentReference } from "./batches.server.ts";
import { setAsideStaleRequest } from "./iban.server.ts";
import { formatIban } from "./iban.ts";
import {
  ACCOUNT_REASONS,
  isReturnReasonCode,
  RETURN_NOTE_MAX,
  RETURN_REASONS,
  type ReturnReasonCode,
  returnReasonLabel,
} from "./return-reasons.ts";

/**
 * Terugboekingen (storno's): the bank sends a transfer of an approved batch back — the account is
 * closed, wrong, blocked, the payee has died, or the bank gives no reason. Until finance records it
 * the payment stands as PAID and its DISBURSEMENT in the ledger, so the pots overstate what was
 * disbursed and the organisation never gets its money. Recording it (design.md §5,
 * docs/decisions/0012): the payment becomes RETURNED, RECOVERY entries undo its DISBURSEMENT pot
 * by pot, and a new PLANNED payment of the same amount is due today — in one transaction, under the
 * locks a batch approval takes, in its order (batch, plan, payment, organisation, pots).
 */

/** A grant that no longer stands: nothing is paid again (revoked or withdrawn). */
const GRANT_ENDED = new Set(["WITHDRAWN", "REJECTED", "NOT_CONSIDERED"]);

export type ReturnResult =
  | { alreadyReturned: true; returnedAt: Date }
  | {
      alreadyReturned: false;
      /** The payment that pays it again, or null when the grant no longer stands. */
      replacement: { id: string; sequence: number } | null;
      /** The organisation's account must be approved again before the new payment goes out. */
      ibanToCheck: boolean;
    };

/**
 * Finance records that the bank sent a paid transfer back. Only a PAID payment of an APPROVED
 * batch; recording it a second time changes nothing (alreadyReturned).
 */
export async function recordPaymentReturn(
  actor: Actor,
  paymentId: string,
  input: { reasonCode: string; note: string },
): Promise<ReturnResult> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen Financiën registreert een terugboeking door de bank.");
  const reasonCode = input.reasonCode.trim();
  if (!isReturnReasonCode(reasonCode))
    throw new RuleViolation("Kies de reden die de bank opgeeft voor de terugboeking.", "reasonCode");
  const note = input.note.trim();
  if (note.length > RETURN_NOTE_MAX)
    throw new RuleViolation(`De toelichting is te lang (ten hoogste ${RETURN_NOTE_MAX} tekens).`, "note");

  return prisma.$transaction(async (tx) => {
    // The payment's batch and plan never change once it is paid: safe to read before their locks.
    const target = await tx.payment.findUnique({
      where: { id: paymentId },
      select: { batchId: true, planId: true },
    });
    if (!target) throw new NotFoundError("Deze betaling bestaat niet.");
    if (!target.batchId)
      throw new ConflictError(
        "Deze betaling zit niet in een goedgekeurde batch; alleen een betaalde betaling kan door de bank worden teruggeboekt.",
      );
    // The order approveBatch takes them in: batch, plan, payment, organisation, then the pots.
    await tx.$queryRaw`SELECT id FROM "PaymentBatch" WHERE id = ${target.batchId} FOR UPDATE`;
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${target.planId} FOR UPDATE`;
    await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${paymentId} FOR UPDATE`;
    const payment = await tx.payment.findUniqueOrThrow({
      where: { id: paymentId },
      include: {
        batch: { select: { status: true, reference: true } },
        plan: {
          select: {
            reference: true,
            status: true,
            organisationId: true,
            organisation: { select: { name: true } },
          },
        },
      },
    });
    if (payment.status === "RETURNED" && payment.returnedAt)
      return { alreadyReturned: true as const, returnedAt: payment.returnedAt };
    if (payment.status !== "PAID" || payment.batch?.status !== "APPROVED")
      throw new ConflictError(
        "Deze betaling is niet betaald in een goedgekeurde batch; alleen een betaalde betaling kan door de bank worden teruggeboekt.",
      );
    // The bank's word on the account itself (ACCOUNT_REASONS) concerns every organisation on that
    // IBAN or asking for it, not only the one whose payment came back: their rows are locked with
    // its own, in id order in one statement, so that two returns on one shared account queue up —
    // the order approveBatch takes them in too, so a batch paying two of them cannot hold one of
    // them while waiting for the other.
    const ownId = payment.plan.organisationId;
    const accountIban = ACCOUNT_REASONS.has(reasonCode) ? payment.iban : null;
    const locked = accountIban
      ? await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM "Organisation"
          WHERE id = ${ownId} OR iban = ${accountIban}
            OR id IN (SELECT "organisationId" FROM "IbanChangeRequest"
                      WHERE status = 'PENDING' AND iban = ${accountIban})
          ORDER BY id FOR UPDATE`
      : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Organisation" WHERE id = ${ownId} FOR UPDATE`;
    const lockedIds = locked.map((o) => o.id);
    // A terugvordering (after a lower vaststelling or a revocation) was computed from what was paid
    // then, this payment included: paying it again as well would leave a claim for money that was
    // never unduly paid (Awb 4:57). The return is set off against the claim instead, outside the
    // portal; undoDisbursement only catches a claim that took this payment's whole amount back.
    const claim = await tx.recoveryClaim.findFirst({
      where: { planId: payment.planId },
      select: { amountCents: true },
      orderBy: { createdAt: "asc" },
    });
    if (claim)
      throw new ConflictError(
        `Voor plan ${payment.plan.reference} loopt een terugvordering van ${formatEuro(claim.amountCents)}, berekend met deze betaling als betaald. Verreken het teruggeboekte bedrag met die terugvordering; de portal boekt deze terugboeking niet.`,
        "RETURN_ALREADY_RECOVERED",
      );

    const at = now();
    const reference = paymentReference(payment.plan.reference, payment.kind, payment.sequence);
    const batchReference = payment.batch.reference;
    // The returned payment may itself pay an earlier one again: it is told, and its own
    // replacement named, by the first payment of the chain.
    const original = originalOf(await originalSequences(tx, [payment]), paymentId);
    const description = paymentDescription(payment.plan.reference, payment.kind, payment.sequence, original);
    await undoDisbursement(tx, {
      planId: payment.planId,
      paymentId,
      actorId: actor.userId,
      reason: `Teruggeboekt door de bank: ${description} (batch ${batchReference}, ${reasonCode})`,
    });
    await tx.payment.update({
      where: { id: paymentId },
      data: {
        status: "RETURNED",
        returnedAt: at,
        returnedById: actor.userId,
        returnReasonCode: reasonCode,
        returnNote: note || null,
      },
    });

    // A revoked or withdrawn grant owes nothing more (its claim counted what was paid). A settled
    // one still owes the settled amount: the returned part is paid again, as the advance or final
    // payment it was. It takes the plan's next sequence (unique per plan, and its kenmerk), but is
    // described by the payment it replaces (paymentDescription).
    let replacement: { id: string; sequence: number } | null = null;
    if (!GRANT_ENDED.has(payment.plan.status)) {
      const last = await tx.payment.aggregate({
        where: { planId: payment.planId },
        _max: { sequence: true },
      });
      const sequence = (last._max.sequence ?? 0) + 1;
      const created = await tx.payment.create({
        data: {
          planId: payment.planId,
          sequence,
          kind: payment.kind,
          dueOn: localDateToDb(amsterdamDate(at)),
          amountCents: payment.amountCents,
          replacesPaymentId: paymentId,
          createdAt: at,
        },
        select: { id: true },
      });
      replacement = { id: created.id, sequence };
    }

    // The account the bank refused is held as one finance never approved (blockReason in
    // batches.server.ts): nothing is paid to it until finance approves an account again — for
    // every organisation approved on it. Only while it is still their account: one changed since
    // was approved after this transfer.
    const held = accountIban
      ? await tx.organisation.findMany({
          where: { id: { in: lockedIds }, iban: accountIban, ibanCheckedAt: { not: null } },
          select: { id: true, name: true },
          orderBy: { id: "asc" },
        })
      : [];
    const ibanToCheck = held.some((o) => o.id === ownId);
    const setAside: string[] = [];
    if (accountIban && held.length > 0) {
      await tx.organisation.updateMany({
        where: { id: { in: held.map((o) => o.id) } },
        data: { ibanCheckedAt: null, ibanCheckedById: null },
      });
      // A request for this account filed before the bank's word would, approved, approve it again
      // as if nothing had come back (a change of the holder's name only, too). Set aside: the
      // organisation gives its account again, and finance checks it knowing of the return.
      const pending = await tx.ibanChangeRequest.findMany({
        where: { status: "PENDING", iban: accountIban, organisationId: { in: lockedIds } },
        select: { id: true, organisationId: true, previousIban: true, iban: true },
        orderBy: { id: "asc" },
      });
      for (const request of pending) {
        await setAsideStaleRequest(tx, actor.userId, request, returnedAccountReason(reasonCode));
        setAside.push(request.id);
      }
    }

    await writeAudit(tx, {
      actorId: actor.userId,
      action: "payment_returned",
      targetType: "PaymentBatch",
      targetId: payment.batchId as string,
      details: {
        paymentId,
        reference,
        batch: batchReference,
        amountCents: payment.amountCents.toString(),
        reasonCode,
        note,
        replacementPaymentId: replacement?.id ?? null,
        ibanToCheck,
        iban: payment.iban,
        heldOrganisationIds: held.map((o) => o.id),
        setAsideRequestIds: setAside,
      },
    });
    await tellSignatories(tx, {
      planId: payment.planId,
      organisationId: payment.plan.organisationId,
      paymentId,
      text: returnNotice({
        planReference: payment.plan.reference,
        description,
        amountCents: payment.amountCents,
        iban: payment.iban,
        reasonCode,
        replaced: replacement !== null,
        ibanToCheck,
      }),
      linkToOrganisation: ibanToCheck,
    });
    // The others on the account hear why their payments are held; not whose payment came back.
    if (accountIban)
      for (const other of held.filter((o) => o.id !== ownId))
        await notifyOrganisation(tx, other.id, sharedAccountNotice(other, accountIban, reasonCode));
    return { alreadyReturned: false as const, replacement, ibanToCheck };
  });
}

/** Why a request for the account the bank refused was set aside (setAsideStaleRequest). */
export function returnedAccountReason(reasonCode: ReturnReasonCode): string {
  return `De bank heeft een betaling op dit rekeningnummer teruggestuurd (${RETURN_REASONS[reasonCode]}). Geef het rekeningnummer en de rekeninghouder opnieuw op; Financiën controleert ze dan opnieuw.`;
}

/** To another organisation approved on the account the bank refused. */
function sharedAccountNotice(
  org: { id: string; name: string },
  iban: string,
  reasonCode: ReturnReasonCode,
): { title: string; body: string; link: string } {
  const reason = RETURN_REASONS[reasonCode].replace(/ \([A-Z0-9]+\)$/, "").toLowerCase();
  return {
    title: "Rekeningnummer opnieuw te controleren",
    body:
      `De bank heeft een betaling op IBAN ${formatIban(iban)}, het rekeningnummer van ${org.name}, teruggestuurd. Reden van de bank: ${reason}. ` +
      "Wij betalen niets op deze rekening tot Financiën het rekeningnummer van uw organisatie opnieuw heeft goedgekeurd. Controleer het op de pagina van uw organisatie en geef het opnieuw of een ander rekeningnummer op.",
    link: organisationPageOf(org.id),
  };
}

/** The bell's words; the e-mail (payment-returned) says the same at more length. */
export function returnNotice(r: {
  planReference: string;
  description: string;
  amountCents: bigint;
  iban: string | null;
  reasonCode: ReturnReasonCode;
  replaced: boolean;
  ibanToCheck: boolean;
}): { title: string; body: string } {
  const account = r.iban ? ` op IBAN ${formatIban(r.iban)}` : "";
  const reason = RETURN_REASONS[r.reasonCode].replace(/ \([A-Z0-9]+\)$/, "").toLowerCase();
  const then = !r.replaced
    ? "De subsidie staat niet meer open voor betaling; er volgt geen nieuwe betaling."
    : r.ibanToCheck
      ? "Wij betalen het bedrag opnieuw zodra Financiën het rekeningnummer van uw organisatie opnieuw heeft goedgekeurd. Controleer het rekeningnummer op de pagina van uw organisatie en geef zo nodig een ander rekeningnummer op."
      : "Wij betalen het bedrag opnieuw.";
  return {
    title: `Betaling teruggekomen: ${r.planReference}`,
    body: `De bank heeft de betaling van ${formatEuro(r.amountCents)}${account} (${r.description}) teruggestuurd. Reden van de bank: ${reason}. ${then}`,
  };
}

async function tellSignatories(
  tx: Tx,
  n: {
    planId: string;
    organisationId: string;
    paymentId: string;
    text: { title: string; body: string };
    linkToOrganisation: boolean;
  },
): Promise<void> {
  const recipients = await signatoriesOf(tx, n.planId);
  await notifyUsers(tx, recipients, {
    planId: n.planId,
    ...n.text,
    link: n.linkToOrganisation ? organisationPageOf(n.organisationId) : `/aanvrager/plannen/${n.planId}`,
  });
  for (const userId of recipients)
    await writeOutbox(tx, "sendEmail", {
      template: "payment-returned",
      planId: n.planId,
      recipientUserId: userId,
      paymentId: n.paymentId,
    });
}

export type PaymentReturnView = {
  paymentId: string;
  returnedOn: string;
  returnedBy: string;
  reason: string;
  note: string | null;
  /** The payment that pays it again: its plan (the link) and its state. */
  replacement: { id: string; planId: string; reference: string; status: string } | null;
};

const REPLACEMENT_STATUS: Record<string, string> = {
  PLANNED: "te betalen",
  IN_BATCH: "in een batch",
  PAID: "betaald",
  CANCELLED: "geannuleerd",
  RETURNED: "ook teruggeboekt",
};

/** The returned payments of a batch, for its page. */
export async function returnsOfBatch(db: typeof prisma | Tx, batchId: string): Promise<PaymentReturnView[]> {
  const rows = await db.payment.findMany({
    where: { batchId, status: "RETURNED" },
    select: {
      id: true,
      returnedAt: true,
      returnedById: true,
      returnReasonCode: true,
      returnNote: true,
    },
  });
  if (rows.length === 0) return [];
  const [users, replacements] = [
    await db.user.findMany({
      where: { id: { in: rows.map((r) => r.returnedById).filter((x): x is string => !!x) } },
      select: { id: true, name: true },
    }),
    await db.payment.findMany({
      where: { replacesPaymentId: { in: rows.map((r) => r.id) } },
      select: {
        id: true,
        planId: true,
        kind: true,
        sequence: true,
        status: true,
        replacesPaymentId: true,
        plan: { select: { reference: true } },
      },
    }),
  ];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const byReturned = new Map(replacements.map((r) => [r.replacesPaymentId, r]));
  return rows.map((r) => {
    const next = byReturned.get(r.id);
    return {
      paymentId: r.id,
      returnedOn: r.returnedAt ? formatDateNl(amsterdamDate(r.returnedAt)) : "",
      returnedBy: (r.returnedById && names.get(r.returnedById)) || "onbekend",
      reason: returnReasonLabel(r.returnReasonCode),
      note: r.returnNote,
      replacement: next
        ? {
            id: next.id,
            planId: next.planId,
            reference: paymentReference(next.plan.reference, next.kind, next.sequence),
            status: REPLACEMENT_STATUS[next.status] ?? next.status,
          }
        : null,
    };
  });
}

export type AccountReturn = {
  /** The returned payment as the organisation's bank statement named it. */
  description: string;
  paidAt: Date;
  returnedAt: Date;
  reasonCode: ReturnReasonCode;
  /** The account the bank refused (the payee of the batch), formatted. */
  iban: string | null;
};

/**
 * The bank return that cleared the organisation's account check, for its page: the newest
 * payment of its plans the bank sent back for an account reason (ACCOUNT_REASONS), returned after
 * finance last approved an account of the organisation — an approval since then settled it. Null
 * when there is none; the caller asks only while the account is unapproved (ibanCheckedAt null).
 */
export async function accountReturnOf(
  db: typeof prisma | Tx,
  organisationId: string,
): Promise<AccountReturn | null> {
  const approved = await db.ibanChangeRequest.findFirst({
    where: { organisationId, status: "APPROVED", decidedAt: { not: null } },
    orderBy: { decidedAt: "desc" },
    select: { decidedAt: true },
  });
  const returned = await db.payment.findFirst({
    where: {
      status: "RETURNED",
      plan: { organisationId },
      returnReasonCode: { in: [...ACCOUNT_REASONS] },
      returnedAt: approved?.decidedAt ? { gt: approved.decidedAt } : { not: null },
    },
    orderBy: [{ returnedAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      kind: true,
      sequence: true,
      replacesPaymentId: true,
      iban: true,
      paidAt: true,
      returnedAt: true,
      returnReasonCode: true,
      plan: { select: { reference: true } },
    },
  });
  if (!returned?.returnedAt || !returned.paidAt || !isReturnReasonCode(returned.returnReasonCode ?? ""))
    return null;
  const original = originalOf(await originalSequences(db, [returned]), returned.id);
  return {
    description: paymentDescription(returned.plan.reference, returned.kind, returned.sequence, original),
    paidAt: returned.paidAt,
    returnedAt: returned.returnedAt,
    reasonCode: returned.returnReasonCode as ReturnReasonCode,
    iban: returned.iban ? formatIban(returned.iban) : null,
  };
}
