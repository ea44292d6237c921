import { prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { disburseForPayments } from "../budget/ledger.server.ts";
import { now } from "../clock.ts";
import { parseGrantTerms } from "../decision/terms.ts";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import {
  addCalendarDays,
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  isLocalDate,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import { isOutsideEea, isPayableIban } from "./iban.ts";
import { SEPA_MAX_AMOUNT_CENTS, sepaFileHandedOut, sepaText } from "./sepa.server.ts";

/**
 * Betaalbatches (design.md §5): one finance user prepares a batch of due payments, another
 * approves it (four-eyes, enforced here, not only on the page). Approval books the DISBURSEMENT
 * entries through the ledger in the same transaction that marks the payments paid, so the ledger
 * and the payments never disagree; the batch row is locked first, so two approvals book once.
 */

type Db = typeof prisma | Tx;

/** Refused because the same person would both prepare and approve (or request and approve). */
export class FourEyesError extends DomainError {
  constructor(message: string) {
    super(message, 403, "FOUR_EYES");
  }
}

export const FOUR_EYES_BATCH =
  "U heeft deze batch zelf voorbereid. Een andere medewerker van Financiën moet hem goedkeuren (vier-ogenprincipe).";

function requireFinance(actor: Actor): void {
  if (!actor.roles.includes("FINANCE")) throw new ForbiddenError("Alleen Financiën beheert betalingen.");
}

/** The payment's own reference: the SEPA EndToEndId and the CSV's betalingskenmerk. */
export function paymentReference(planReference: string, kind: "ADVANCE" | "FINAL", sequence: number): string {
  return `${planReference}-${kind === "ADVANCE" ? "V" : "E"}${sequence}`;
}

/**
 * What a payment is, in a list of due payments: "voorschot 3", or the payment after the vaststelling.
 * A payment that pays a returned one again (replacesPaymentId) has a sequence of its own, past the
 * grant letter's schedule; it is named by the payment it replaces — `original`, the sequence of the
 * first payment of its chain (originalSequences) — so that "voorschot 5" never appears for a plan
 * whose letter announced four advances.
 */
export function paymentKindLabel(
  kind: "ADVANCE" | "FINAL",
  sequence: number,
  original: number | null,
): string {
  const again = original === null ? "" : " (opnieuw)";
  return kind === "ADVANCE"
    ? `voorschot ${original ?? sequence}${again}`
    : `eindbetaling na vaststelling${again}`;
}

/**
 * What the organisation reads on its bank statement (at most 140 characters in SEPA); a
 * replacement as for paymentKindLabel.
 */
export function paymentDescription(
  planReference: string,
  kind: "ADVANCE" | "FINAL",
  sequence: number,
  original: number | null,
): string {
  const again = original === null ? "" : " (opnieuw)";
  return kind === "ADVANCE"
    ? `Voorschot ${original ?? sequence}${again} sectorplan ${planReference}`
    : `Vaststelling sectorplan ${planReference}${again}`;
}

/**
 * For each payment that pays a returned one again, the sequence of the first payment of its chain
 * (a replacement may itself come back, and be replaced in turn): followed back through
 * replacesPaymentId in one query for the whole list. Payments that replace none are not in the map.
 */
export async function originalSequences(
  db: Db,
  payments: { id: string; replacesPaymentId: string | null }[],
): Promise<Map<string, number>> {
  const ids = payments.filter((p) => p.replacesPaymentId !== null).map((p) => p.id);
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ start: string; sequence: number }[]>`
    WITH RECURSIVE chain AS (
      SELECT id AS start, "replacesPaymentId" AS previous, sequence FROM "Payment" WHERE id = ANY(${ids}::text[])
      UNION ALL
      SELECT c.start, p."replacesPaymentId", p.sequence
      FROM chain c JOIN "Payment" p ON p.id = c.previous
    )
    SELECT start, sequence FROM chain WHERE previous IS NULL`;
  return new Map(rows.map((r) => [r.start, r.sequence]));
}

/** The original sequence of `id` from originalSequences, or null for a payment that replaces none. */
export function originalOf(originals: Map<string, number>, id: string): number | null {
  return originals.get(id) ?? null;
}

export function batchReference(year: number, number: number): string {
  return `BB-${year}-${String(number).padStart(4, "0")}`;
}

type OrgIbans = { id: string; name: string; iban: string };

/**
 * For each organisation, the other organisations that share one of its IBANs — its current one
 * or the one of a pending change request. A shared account is the classic sign of a typo or of
 * payment fraud, so the pages flag it.
 */
export async function sharedIbans(db: Db, organisationIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (organisationIds.length === 0) return result;
  const own = await db.organisation.findMany({
    where: { id: { in: organisationIds } },
    select: { id: true, iban: true, ibanChanges: { where: { status: "PENDING" }, select: { iban: true } } },
  });
  const ibans = new Set(own.flatMap((o) => [o.iban, ...o.ibanChanges.map((c) => c.iban)]));
  const holders = new Map<string, Map<string, string>>();
  const note = (iban: string, org: { id: string; name: string }) => {
    if (!holders.has(iban)) holders.set(iban, new Map());
    holders.get(iban)?.set(org.id, org.name);
  };
  // One after the other: db may be a transaction, whose one connection runs one query at a time.
  const current = await db.organisation.findMany({
    where: { iban: { in: [...ibans] } },
    select: { id: true, name: true, iban: true },
  });
  const pending = await db.ibanChangeRequest.findMany({
    where: { status: "PENDING", iban: { in: [...ibans] } },
    select: { iban: true, organisation: { select: { id: true, name: true } } },
  });
  for (const o of current as OrgIbans[]) note(o.iban, o);
  for (const p of pending) note(p.iban, p.organisation);
  for (const o of own) {
    const others = new Map<string, string>();
    for (const iban of [o.iban, ...o.ibanChanges.map((c) => c.iban)]) {
      for (const [id, name] of holders.get(iban) ?? []) if (id !== o.id) others.set(id, name);
    }
    result.set(o.id, [...others.values()].sort());
  }
  return result;
}

export type DuePayment = {
  id: string;
  planId: string;
  planReference: string;
  sequence: number;
  /** For a payment that pays a returned one again: the first payment's sequence (paymentKindLabel). */
  originalSequence: number | null;
  kind: "ADVANCE" | "FINAL";
  dueOn: LocalDate;
  amountCents: bigint;
  organisationId: string;
  organisationName: string;
  iban: string;
  /** Who the bank file would pay: the account holder finance approved (payeeNameOf). */
  payeeName: string;
  /**
   * Why it cannot be paid now, or null: held for the grant (paymentHoldReason: the beschikking not
   * yet made known, the term to start lapsed), for the organisation's account (blockReason) or for
   * an amount above what one SEPA transfer carries (sepaAmountReason).
   */
  blocked: string | null;
  sharedWith: string[];
};

/** Held: finance has not yet approved the organisation's first account (given at signup). */
export const IBAN_NOT_CHECKED_PENDING =
  "Financiën heeft het rekeningnummer van deze organisatie nog niet gecontroleerd (eerste rekeningnummer, zie Rekeningnummers); betaal pas als het is goedgekeurd.";
/**
 * Held: the first account was rejected and no other one has been approved since, or the bank sent a
 * payment back because of the account (payments/returns.server.ts sets it unchecked again).
 */
export const IBAN_NOT_CHECKED =
  "Het rekeningnummer van deze organisatie is niet goedgekeurd door Financiën (het opgegeven nummer is afgewezen, of de bank stuurde een betaling op dit nummer terug); betaal pas als de organisatie een rekeningnummer heeft opgegeven dat Financiën heeft goedgekeurd.";

/**
 * The name the bank file pays the organisation's account to: the account holder finance approved
 * with the IBAN (decideIbanChange), or the organisation's own name for an account approved before
 * the holder was kept. A bank checks this name against the IBAN and may refuse a mismatch.
 */
export function payeeNameOf(org: { name: string; accountHolder: string | null }): string {
  return org.accountHolder ?? org.name;
}

/**
 * Why the organisation's account holds a payment back, or null. An account nobody at finance has
 * approved (the one given at signup) is the organisation's own word: a payer checks the account
 * holder before the first payment, so a sign-up under a false name is not paid.
 */
function blockReason(org: {
  name: string;
  iban: string;
  accountHolder: string | null;
  ibanCheckedAt: Date | null;
  ibanChanges: unknown[];
}): string | null {
  if (!org.ibanCheckedAt) return org.ibanChanges.length > 0 ? IBAN_NOT_CHECKED_PENDING : IBAN_NOT_CHECKED;
  if (org.ibanChanges.length > 0)
    return "Er staat een wijziging van het rekeningnummer open; betaal pas als die is beoordeeld.";
  if (!isPayableIban(org.iban))
    return isOutsideEea(org.iban)
      ? "Het IBAN van deze organisatie is van een land buiten de EER: het bankbestand kan er zonder BIC niet naar overmaken."
      : "Het IBAN van deze organisatie is ongeldig.";
  // A SEPA file needs the payee's name in the Latin basic set; a name of only other characters
  // (Greek, Cyrillic) would leave it empty, which a bank refuses. requestIbanChange refuses such a
  // holder; one approved before it did is held here.
  if (sepaText(payeeNameOf(org), 70) !== "") return null;
  return org.accountHolder === null
    ? "De naam van deze organisatie heeft geen letters die een SEPA-betaling kan dragen; laat de naam aanpassen."
    : "De naam van de rekeninghouder heeft geen letters die een SEPA-betaling kan dragen; laat de organisatie het rekeningnummer opnieuw opgeven met de naam in Latijnse letters.";
}

/**
 * Why the amount cannot go in a SEPA file, or null. One credit transfer carries at most
 * € 999.999.999,99 (EPC rulebook); found here, before approval books the payment as paid, rather
 * than by the file writer afterwards.
 */
export function sepaAmountReason(amountCents: bigint): string | null {
  if (amountCents <= SEPA_MAX_AMOUNT_CENTS) return null;
  return (
    `Het bedrag van ${formatEuro(amountCents)} is hoger dan één SEPA-overboeking kan dragen ` +
    `(ten hoogste ${formatEuro(SEPA_MAX_AMOUNT_CENTS)}); deze betaling kan niet via een betaalbatch worden betaald.`
  );
}

/** What paymentHoldReason needs to know of a payment's grant. */
export type GrantFacts = {
  kind: "ADVANCE" | "FINAL";
  /** The plan's status: once the vaststelling is asked, advances give way to the final reckoning. */
  status: string;
  /** The beschikking: when it was taken and when it was made known; null before any decision. */
  decision: { decidedAt: Date; announcedAt: Date | null; terms: unknown } | null;
  executionStartedOn: Date | null;
  /** The vaststelling, for the final payment: made known when its letter was stored. */
  settlement: { announcedAt: Date | null } | null;
};

/** Held: the realisation is reported and the vaststelling asked; what is still due follows from it. */
export const ADVANCE_AFTER_SETTLEMENT_REQUEST =
  "De vaststelling is aangevraagd; dit voorschot wordt niet meer betaald maar verrekend in de vaststelling (wat dan nog verschuldigd is, volgt als eindbetaling).";

/**
 * Why the grant itself holds a payment back today, or null.
 * - Before the bekendmaking of the beschikking (Decision.announcedAt, set when its letter is
 *   stored) the decision has no effect (Awb 3:40): there is no grant yet to advance on.
 * - Once the term to start (art. 5.2, the grant's executionStartMonths, moved by the Atw as in the
 *   letter) has passed without a reported start, the grant is to be revoked and every advance
 *   recovered: paying another one would only add to the claim. The advance waits until the start is
 *   reported (it is then paid) or the grant is revoked (which cancels it).
 * - Once the vaststelling is asked (SETTLEMENT_REQUESTED), the realisation is known: an advance
 *   paid now could only be more than the settled amount and be claimed back. It waits, and the
 *   settlement cancels it (bookSettlement) and pays what is due as the final payment.
 */
export function paymentHoldReason(p: GrantFacts, today: LocalDate): string | null {
  if (!p.decision?.announcedAt)
    return "De beschikking is nog niet bekendgemaakt (artikel 3:40 Awb); de betaling wordt aangehouden tot zij aan de aanvrager is verzonden.";
  // The final payment rests on the vaststelling, a besluit of its own: the same rule.
  if (p.kind === "FINAL" && !p.settlement?.announcedAt)
    return "De beschikking tot vaststelling is nog niet bekendgemaakt (artikel 3:40 Awb); de betaling wordt aangehouden tot zij aan de aanvrager is verzonden.";
  if (p.kind === "ADVANCE" && p.status === "SETTLEMENT_REQUESTED") return ADVANCE_AFTER_SETTLEMENT_REQUEST;
  if (p.kind === "ADVANCE" && !p.executionStartedOn) {
    const months = parseGrantTerms(p.decision.terms).executionStartMonths;
    const lastDay = executionStartDeadline(p.decision.decidedAt, months);
    if (compareLocalDates(today, lastDay) > 0)
      return (
        `De uitvoering had uiterlijk ${formatDateNl(lastDay)} moeten beginnen en de start is niet gemeld ` +
        "(artikel 5.2 van de regeling); het voorschot wordt aangehouden tot de start is gemeld, en vervalt als de verlening wordt ingetrokken."
      );
  }
  return null;
}

/** The grant's facts for paymentHoldReason (a Prisma select on Plan). */
const GRANT_FACTS_SELECT = {
  status: true,
  executionStartedOn: true,
  decision: { select: { decidedAt: true, announcedAt: true, terms: true } },
  settlement: { select: { announcedAt: true } },
} as const;

/** Payments planned and due on or before `today` (Dutch date), oldest first. */
export async function duePayments(db: Db, today: LocalDate = amsterdamDate(now())): Promise<DuePayment[]> {
  const rows = await db.payment.findMany({
    where: { status: "PLANNED", dueOn: { lte: localDateToDb(today) } },
    orderBy: [{ dueOn: "asc" }, { plan: { number: "asc" } }, { sequence: "asc" }],
    select: {
      id: true,
      planId: true,
      sequence: true,
      replacesPaymentId: true,
      kind: true,
      dueOn: true,
      amountCents: true,
      plan: {
        select: {
          reference: true,
          ...GRANT_FACTS_SELECT,
          organisation: {
            select: {
              id: true,
              name: true,
              iban: true,
              accountHolder: true,
              ibanCheckedAt: true,
              ibanChanges: { where: { status: "PENDING" }, select: { id: true } },
            },
          },
        },
      },
    },
  });
  const shared = await sharedIbans(db, [...new Set(rows.map((r) => r.plan.organisation.id))]);
  const originals = await originalSequences(db, rows);
  return rows.map((r) => ({
    id: r.id,
    planId: r.planId,
    planReference: r.plan.reference,
    sequence: r.sequence,
    originalSequence: originalOf(originals, r.id),
    kind: r.kind,
    dueOn: localDateFromDb(r.dueOn),
    amountCents: r.amountCents,
    organisationId: r.plan.organisation.id,
    organisationName: r.plan.organisation.name,
    iban: r.plan.organisation.iban,
    payeeName: payeeNameOf(r.plan.organisation),
    blocked:
      paymentHoldReason({ kind: r.kind, ...r.plan }, today) ??
      blockReason(r.plan.organisation) ??
      sepaAmountReason(r.amountCents),
    sharedWith: shared.get(r.plan.organisation.id) ?? [],
  }));
}

async function audit(
  tx: Tx,
  actorId: string,
  action: AuditAction,
  batchId: string,
  details: object,
): Promise<void> {
  await tx.auditLog.create({
    data: { actorId, action, targetType: "PaymentBatch", targetId: batchId, details, createdAt: now() },
  });
}

/** How far ahead a batch may be dated (a transfer order a bank accepts ahead of its day). */
export const EXECUTION_DATE_MAX_DAYS_AHEAD = 90;

/** The execution date asked for a batch (prepareBatch, proposeExecutionDate): today up to 90 days ahead. */
function validExecutionDate(input: string, today: LocalDate): LocalDate {
  if (!isLocalDate(input))
    throw new RuleViolation("Vul een geldige uitvoeringsdatum in (dag, maand, jaar).", "executionDate");
  if (input < today)
    throw new RuleViolation(
      "De uitvoeringsdatum ligt in het verleden; kies vandaag of later.",
      "executionDate",
    );
  // Approval books the batch as paid: a date years ahead (a slip of the year) would show money as
  // paid that the bank refuses to schedule. Banks take a transfer order a limited time ahead.
  const latest = addCalendarDays(today, EXECUTION_DATE_MAX_DAYS_AHEAD);
  if (input > latest)
    throw new RuleViolation(
      `De uitvoeringsdatum ligt te ver vooruit; kies een datum tot en met ${formatDateNl(latest)} (${EXECUTION_DATE_MAX_DAYS_AHEAD} dagen na vandaag).`,
      "executionDate",
    );
  return input;
}

/**
 * Puts the chosen due payments in a new PREPARED batch, with the payee as it stands now (the
 * organisation's IBAN may change later; the batch pays the account that was checked). Refuses the
 * whole batch when one organisation's IBAN is not approved by finance, has a pending change or is
 * invalid.
 */
export async function prepareBatch(
  actor: Actor,
  input: { paymentIds: string[]; executionDate: string },
): Promise<{ id: string; reference: string }> {
  requireFinance(actor);
  const today = amsterdamDate(now());
  const executionDate = validExecutionDate(input.executionDate, today);
  const ids = [...new Set(input.paymentIds)].sort();
  if (ids.length === 0) throw new RuleViolation("Kies ten minste één betaling voor de batch.", "paymentIds");

  return prisma.$transaction(async (tx) => {
    // Row locks in id order: a second "Batch voorbereiden" with the same payments waits, then sees them taken.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Payment" WHERE id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE`;
    if (locked.length !== ids.length) throw new NotFoundError("Een gekozen betaling bestaat niet (meer).");
    const payments = await tx.payment.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        status: true,
        kind: true,
        dueOn: true,
        amountCents: true,
        plan: {
          select: {
            reference: true,
            ...GRANT_FACTS_SELECT,
            organisation: {
              select: {
                name: true,
                iban: true,
                accountHolder: true,
                ibanCheckedAt: true,
                ibanChanges: { where: { status: "PENDING" }, select: { id: true } },
              },
            },
          },
        },
      },
    });
    const problems: string[] = [];
    for (const p of payments) {
      const org = p.plan.organisation;
      if (p.status !== "PLANNED") {
        throw new ConflictError(
          `De betaling voor ${p.plan.reference} staat al in een batch of is niet meer te betalen. Laad de pagina opnieuw.`,
        );
      }
      if (localDateFromDb(p.dueOn) > today)
        problems.push(`${p.plan.reference}: de betaling is nog niet verschuldigd.`);
      const blocked =
        paymentHoldReason({ kind: p.kind, ...p.plan }, today) ??
        blockReason(org) ??
        sepaAmountReason(p.amountCents);
      if (blocked) problems.push(`${p.plan.reference} (${org.name}): ${blocked}`);
    }
    if (problems.length > 0)
      throw new RuleViolation(`Deze batch kan niet worden voorbereid. ${problems.join(" ")}`, "paymentIds");

    const seq = await tx.$queryRaw<{ number: bigint }[]>`
      SELECT nextval(pg_get_serial_sequence('"PaymentBatch"', 'number')) AS number`;
    const number = seq[0]?.number ?? 0n;
    const reference = batchReference(Number(today.slice(0, 4)), Number(number));
    const totalCents = payments.reduce((s, p) => s + p.amountCents, 0n);
    const batch = await tx.paymentBatch.create({
      data: {
        number: Number(number),
        reference,
        executionDate: localDateToDb(executionDate),
        totalCents,
        count: payments.length,
        preparedById: actor.userId,
        preparedAt: now(),
      },
      select: { id: true, reference: true },
    });
    for (const p of payments) {
      await tx.payment.update({
        where: { id: p.id },
        data: {
          status: "IN_BATCH",
          batchId: batch.id,
          iban: p.plan.organisation.iban,
          payeeName: payeeNameOf(p.plan.organisation),
        },
      });
    }
    await audit(tx, actor.userId, "payment_batch_prepared", batch.id, {
      reference,
      count: payments.length,
      totalCents: totalCents.toString(),
      executionDate: input.executionDate,
      paymentIds: ids,
    });
    return batch;
  });
}

async function lockBatch(tx: Tx, batchId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "PaymentBatch" WHERE id = ${batchId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("Deze betaalbatch bestaat niet.");
  return tx.paymentBatch.findUniqueOrThrow({ where: { id: batchId } });
}

/**
 * Goedkeuren: by a finance user other than the preparer. A second approval (double click, or two
 * users at once) waits for the batch lock, finds it APPROVED and books nothing.
 *
 * Locks in the order every writer of plans, payments and pots takes them (lockPlan, then the
 * payments, then the pots in id order — see cancelOpenPayments and the ledger): the batch row, the
 * plans' rows in id order, the payments' rows in id order, their organisations' rows in id order
 * (shared, as recordPaymentReturn takes them exclusively), then all pots of the whole batch in one
 * sorted acquisition (disburseForPayments). A vaststelling or revocation of one of the plans thus
 * either finishes first — and the payment statuses read here, after the plan locks, show what it
 * cancelled — or waits for this approval and counts the payments as paid.
 */
export async function approveBatch(actor: Actor, batchId: string): Promise<{ alreadyApproved: boolean }> {
  requireFinance(actor);
  return prisma.$transaction(async (tx) => {
    const batch = await lockBatch(tx, batchId);
    if (batch.status === "APPROVED") return { alreadyApproved: true };
    if (batch.status !== "PREPARED")
      throw new ConflictError("Deze batch is geannuleerd en kan niet meer worden goedgekeurd.");
    if (batch.preparedById === actor.userId) throw new FourEyesError(FOUR_EYES_BATCH);
    // Which plans is safe to read before their locks: a payment's plan never changes, and its
    // batch only under this batch's lock (cancelBatch), which we hold.
    await tx.$queryRaw`
      SELECT id FROM "Plan" WHERE id IN (SELECT "planId" FROM "Payment" WHERE "batchId" = ${batchId})
      ORDER BY id FOR UPDATE`;
    await tx.$queryRaw`SELECT id FROM "Payment" WHERE "batchId" = ${batchId} ORDER BY id FOR UPDATE`;
    // The organisations in id order, in a statement of their own: locked row by row with the
    // payments they would follow the payments' order, and a bank return on an account two of them
    // share (recordPaymentReturn, which takes them in id order) could hold one while we hold the
    // other. FOR SHARE makes a change of their account decided meanwhile wait for us.
    await tx.$queryRaw`
      SELECT id FROM "Organisation" WHERE id IN (
        SELECT p."organisationId" FROM "Payment" pay JOIN "Plan" p ON p.id = pay."planId"
        WHERE pay."batchId" = ${batchId})
      ORDER BY id FOR SHARE`;
    // A statement of its own after the locks, so it sees what a vaststelling committed meanwhile.
    const payments = await tx.$queryRaw<
      {
        id: string;
        planId: string;
        status: string;
        amountCents: bigint;
        kind: "ADVANCE" | "FINAL";
        sequence: number;
        replacesPaymentId: string | null;
        reference: string;
        planStatus: string;
        iban: string | null;
        currentIban: string;
        payeeName: string | null;
        organisationName: string;
        accountHolder: string | null;
        ibanPending: boolean;
        ibanChecked: boolean;
        executionStartedOn: Date | null;
        decidedAt: Date | null;
        announcedAt: Date | null;
        terms: unknown;
        settlementAnnouncedAt: Date | null;
      }[]
    >`
      SELECT pay.id, pay."planId", pay.status::text AS status, pay."amountCents", pay.kind::text AS kind,
        pay.sequence, pay."replacesPaymentId", p.reference, pay.iban, o.iban AS "currentIban",
        pay."payeeName", o.name AS "organisationName", o."accountHolder",
        EXISTS (SELECT 1 FROM "IbanChangeRequest" c
                WHERE c."organisationId" = o.id AND c.status = 'PENDING') AS "ibanPending",
        o."ibanCheckedAt" IS NOT NULL AS "ibanChecked",
        p.status::text AS "planStatus", p."executionStartedOn", d."decidedAt", d."announcedAt", d.terms,
        s."announcedAt" AS "settlementAnnouncedAt"
      FROM "Payment" pay JOIN "Plan" p ON p.id = pay."planId" JOIN "Organisation" o ON o.id = p."organisationId"
        LEFT JOIN "Decision" d ON d."planId" = p.id
        LEFT JOIN "Settlement" s ON s."planId" = p.id
      WHERE pay."batchId" = ${batchId} ORDER BY pay.id`;
    // A payment cancelled meanwhile (the grant was revoked or settled) refuses the whole batch rather
    // than paying the rest: the approver's four eyes are on the batch as prepared — its count, its
    // total, the file finance hands to the bank — and paying less than that without a new check
    // is not what was approved. Cancelling it gives the other payments back to prepare again.
    const stale = payments.filter((p) => p.status !== "IN_BATCH");
    if (stale.length > 0) {
      throw new ConflictError(
        `De betaling voor ${stale.map((p) => p.reference).join(", ")} is intussen geannuleerd ` +
          "(de subsidie is ingetrokken of vastgesteld). Annuleer deze batch en stel een nieuwe samen.",
        "STALE_BATCH",
      );
    }
    // Held since preparation (the term to start lapsed meanwhile): checked again here. Only in the
    // safe direction can this read be behind: a revocation meanwhile has cancelled the locked
    // payment rows (refused above), and a start reported meanwhile lifts the hold at the next try.
    const today = amsterdamDate(now());
    const held = payments
      .map((p) => ({
        reference: p.reference,
        reason: paymentHoldReason(
          {
            kind: p.kind,
            status: p.planStatus,
            executionStartedOn: p.executionStartedOn,
            decision: p.decidedAt
              ? { decidedAt: p.decidedAt, announcedAt: p.announcedAt, terms: p.terms }
              : null,
            settlement: { announcedAt: p.settlementAnnouncedAt },
          },
          today,
        ),
      }))
      .filter((h) => h.reason !== null);
    if (held.length > 0) {
      throw new ConflictError(
        `Deze batch kan niet worden goedgekeurd. ${held.map((h) => `${h.reference}: ${h.reason}`).join(" ")} ` +
          "Annuleer deze batch en stel een nieuwe samen.",
        "STALE_BATCH_HELD",
      );
    }
    // The bank file pays the IBAN copied at preparation. An account reported closed or taken over
    // since (a change asked for, or decided) must not be paid: the same hold as in preparation
    // (blockReason). FOR SHARE on the organisations makes a change decided meanwhile wait for us.
    // An account not approved by finance is never paid, whatever was prepared: read under the
    // same FOR SHARE, so an approval of it decided meanwhile waits for us or was committed before.
    const unchecked = payments.filter((p) => !p.ibanChecked);
    if (unchecked.length > 0) {
      throw new ConflictError(
        `Deze batch kan niet worden goedgekeurd. ${[...new Set(unchecked.map((p) => p.reference))].join(", ")}: ` +
          "Financiën heeft het rekeningnummer van de organisatie niet goedgekeurd. Annuleer deze batch en stel een nieuwe samen.",
        "STALE_BATCH_IBAN_UNCHECKED",
      );
    }
    // The holder's name goes with the IBAN (the bank checks one against the other): a holder
    // approved since preparation is a changed account as well (payeeNameOf).
    const moved = payments.filter(
      (p) =>
        p.ibanPending ||
        p.iban !== p.currentIban ||
        p.payeeName !== payeeNameOf({ name: p.organisationName, accountHolder: p.accountHolder }),
    );
    if (moved.length > 0) {
      throw new ConflictError(
        `Het rekeningnummer of de rekeninghouder voor ${[...new Set(moved.map((p) => p.reference))].join(", ")} is gewijzigd, ` +
          "of er staat een wijziging open, sinds deze batch is voorbereid. Annuleer deze batch en stel een nieuwe samen.",
        "STALE_BATCH_IBAN",
      );
    }
    // A bank refuses a requested execution date in the past; the file would be made with it.
    if (localDateFromDb(batch.executionDate) < amsterdamDate(now())) {
      throw new ConflictError(
        `De uitvoeringsdatum van deze batch (${formatDateNl(localDateFromDb(batch.executionDate))}) is voorbij. Annuleer deze batch en stel een nieuwe samen met een datum vanaf vandaag.`,
        "STALE_BATCH_DATE",
      );
    }
    const total = payments.reduce((s, p) => s + p.amountCents, 0n);
    if (payments.length !== batch.count || total !== batch.totalCents)
      throw new ConflictError(
        "De batch klopt niet meer met zijn betalingen. Annuleer hem en stel een nieuwe samen.",
      );
    const paidAt = now();
    const originals = await originalSequences(tx, payments);
    await disburseForPayments(tx, {
      actorId: actor.userId,
      payments: payments.map((p) => ({
        planId: p.planId,
        paymentId: p.id,
        amountCents: p.amountCents,
        reason: `${paymentDescription(p.reference, p.kind, p.sequence, originalOf(originals, p.id))} (batch ${batch.reference})`,
      })),
    });
    await tx.payment.updateMany({
      where: { id: { in: payments.map((p) => p.id) } },
      data: { status: "PAID", paidAt },
    });
    await tx.paymentBatch.update({
      where: { id: batchId },
      data: { status: "APPROVED", approvedById: actor.userId, approvedAt: paidAt },
    });
    await audit(tx, actor.userId, "payment_batch_approved", batchId, {
      reference: batch.reference,
      count: payments.length,
      totalCents: total.toString(),
    });
    return { alreadyApproved: false };
  });
}

/** Annuleren of a prepared batch: its payments are due again (PLANNED, without payee snapshot). */
export async function cancelBatch(actor: Actor, batchId: string): Promise<void> {
  requireFinance(actor);
  await prisma.$transaction(async (tx) => {
    const batch = await lockBatch(tx, batchId);
    if (batch.status === "CANCELLED") return;
    if (batch.status !== "PREPARED")
      throw new ConflictError("Een goedgekeurde batch is betaald en kan niet meer worden geannuleerd.");
    const back = await tx.payment.updateMany({
      where: { batchId, status: "IN_BATCH" },
      data: { status: "PLANNED", batchId: null, iban: null, payeeName: null },
    });
    await tx.paymentBatch.update({
      where: { id: batchId },
      data: { status: "CANCELLED", cancelledById: actor.userId, cancelledAt: now() },
    });
    await audit(tx, actor.userId, "payment_batch_cancelled", batchId, {
      reference: batch.reference,
      paymentsBack: back.count,
    });
  });
}

export const FOUR_EYES_REDATE =
  "U heeft deze uitvoeringsdatum zelf voorgesteld. Een andere medewerker van Financiën moet hem bevestigen (vier-ogenprincipe).";

const SEPA_FILE_FIXED =
  "Het SEPA-bestand van deze batch is al gedownload en kan bij de bank liggen: de uitvoeringsdatum blijft die van dat bestand. Heeft de bank de opdracht geweigerd, neem dan contact op met de bank.";

/**
 * Een nieuwe uitvoeringsdatum voorstellen, for an approved batch whose day passed before its SEPA
 * file was first downloaded (sepaFileRefusal: that file would ask the bank for a day in the past).
 * An approved batch is booked as paid and cannot be cancelled, so its date is moved instead; the
 * date was part of what the approver saw, so a second finance user confirms the new one
 * (confirmExecutionDate). A new proposal replaces an open one. Once a SEPA file was handed out the
 * date is that file's and stays (a re-download is the same bytes).
 */
export async function proposeExecutionDate(
  actor: Actor,
  batchId: string,
  input: { executionDate: string },
): Promise<LocalDate> {
  requireFinance(actor);
  const today = amsterdamDate(now());
  const executionDate = validExecutionDate(input.executionDate, today);
  return prisma.$transaction(async (tx) => {
    const batch = await lockBatch(tx, batchId);
    if (batch.status !== "APPROVED")
      throw new ConflictError(
        "Alleen van een goedgekeurde batch wordt de uitvoeringsdatum opnieuw vastgesteld; een voorbereide batch annuleert u en stelt u opnieuw samen.",
        "NOT_APPROVED",
      );
    const current = localDateFromDb(batch.executionDate);
    if (current >= today)
      throw new ConflictError(
        `De uitvoeringsdatum van deze batch (${formatDateNl(current)}) is nog niet voorbij; het SEPA-bestand kan met die datum naar de bank.`,
        "EXECUTION_DATE_NOT_PASSED",
      );
    if (await sepaFileHandedOut(tx, batchId))
      throw new ConflictError(SEPA_FILE_FIXED, "SEPA_FILE_HANDED_OUT");
    await tx.paymentBatch.update({
      where: { id: batchId },
      data: {
        proposedExecutionDate: localDateToDb(executionDate),
        proposedById: actor.userId,
        proposedAt: now(),
      },
    });
    await audit(tx, actor.userId, "payment_batch_redate_proposed", batchId, {
      reference: batch.reference,
      executionDate: current,
      proposedExecutionDate: executionDate,
    });
    return executionDate;
  });
}

/**
 * Bevestigen of the proposed execution date, by a finance user other than the proposer: it becomes
 * the batch's execution date, and the SEPA file can be downloaded with it. `executionDate` is the
 * date the confirmer saw: a proposal replaced meanwhile is not confirmed unseen.
 */
export async function confirmExecutionDate(
  actor: Actor,
  batchId: string,
  input: { executionDate: string },
): Promise<LocalDate> {
  requireFinance(actor);
  const today = amsterdamDate(now());
  return prisma.$transaction(async (tx) => {
    const batch = await lockBatch(tx, batchId);
    if (batch.status !== "APPROVED" || !batch.proposedExecutionDate || !batch.proposedById)
      throw new ConflictError(
        "Er staat voor deze batch geen nieuwe uitvoeringsdatum voorgesteld.",
        "NO_PROPOSAL",
      );
    const proposed = localDateFromDb(batch.proposedExecutionDate);
    if (proposed !== input.executionDate)
      throw new ConflictError(
        `Intussen is een andere uitvoeringsdatum voorgesteld (${formatDateNl(proposed)}). Laad de pagina opnieuw en bevestig die, als hij klopt.`,
        "PROPOSAL_CHANGED",
      );
    if (batch.proposedById === actor.userId) throw new FourEyesError(FOUR_EYES_REDATE);
    if (proposed < today)
      throw new ConflictError(
        `De voorgestelde uitvoeringsdatum (${formatDateNl(proposed)}) is inmiddels ook voorbij. Stel een nieuwe uitvoeringsdatum voor.`,
        "PROPOSAL_PASSED",
      );
    // Cannot happen while the proposal stands (no file goes out after the day), but the date of a
    // file handed out must never move.
    if (await sepaFileHandedOut(tx, batchId))
      throw new ConflictError(SEPA_FILE_FIXED, "SEPA_FILE_HANDED_OUT");
    await tx.paymentBatch.update({
      where: { id: batchId },
      data: {
        executionDate: batch.proposedExecutionDate,
        proposedExecutionDate: null,
        proposedById: null,
        proposedAt: null,
      },
    });
    await audit(tx, actor.userId, "payment_batch_redated", batchId, {
      reference: batch.reference,
      previousExecutionDate: localDateFromDb(batch.executionDate),
      executionDate: proposed,
      proposedById: batch.proposedById,
    });
    return proposed;
  });
}

export type ExecutionDateProposal = {
  date: LocalDate;
  proposedById: string;
  proposedBy: string;
  proposedAt: Date;
};

/** The open proposal of a new execution date of the batch (proposeExecutionDate), or null. */
export async function executionDateProposal(db: Db, batchId: string): Promise<ExecutionDateProposal | null> {
  const batch = await db.paymentBatch.findUnique({
    where: { id: batchId },
    select: { proposedExecutionDate: true, proposedById: true, proposedAt: true },
  });
  if (!batch?.proposedExecutionDate || !batch.proposedById || !batch.proposedAt) return null;
  const names = await userName(db, [batch.proposedById]);
  return {
    date: localDateFromDb(batch.proposedExecutionDate),
    proposedById: batch.proposedById,
    proposedBy: names.get(batch.proposedById) ?? "onbekend",
    proposedAt: batch.proposedAt,
  };
}

export type BatchSummary = {
  id: string;
  reference: string;
  status: "PREPARED" | "APPROVED" | "CANCELLED";
  executionDate: LocalDate;
  totalCents: bigint;
  count: number;
  preparedBy: string;
  preparedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
};

const userName = async (db: Db, ids: (string | null)[]) => {
  const users = await db.user.findMany({
    where: { id: { in: ids.filter((x): x is string => !!x) } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
};

/**
 * Every prepared batch (each waits for a second person's approval, so none may drop off the list),
 * then the newest `approvedLimit` approved ones; cancelled ones only in the audit log. Newest first
 * within each.
 */
export async function listBatches(
  db: Db,
  approvedLimit = 50,
): Promise<{ batches: BatchSummary[]; approvedShown: number; approvedTotal: number }> {
  const [prepared, approved, approvedTotal] = await Promise.all([
    db.paymentBatch.findMany({ where: { status: "PREPARED" }, orderBy: { number: "desc" } }),
    db.paymentBatch.findMany({
      where: { status: "APPROVED" },
      orderBy: { number: "desc" },
      take: approvedLimit,
    }),
    db.paymentBatch.count({ where: { status: "APPROVED" } }),
  ]);
  const rows = [...prepared, ...approved];
  const names = await userName(
    db,
    rows.flatMap((r) => [r.preparedById, r.approvedById]),
  );
  const batches = rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    executionDate: localDateFromDb(r.executionDate),
    totalCents: r.totalCents,
    count: r.count,
    preparedBy: names.get(r.preparedById) ?? "onbekend",
    preparedAt: r.preparedAt,
    approvedBy: r.approvedById ? (names.get(r.approvedById) ?? "onbekend") : null,
    approvedAt: r.approvedAt,
  }));
  return { batches, approvedShown: approved.length, approvedTotal };
}

export type BatchPayment = {
  id: string;
  reference: string;
  planId: string;
  planReference: string;
  kind: "ADVANCE" | "FINAL";
  sequence: number;
  description: string;
  dueOn: LocalDate;
  amountCents: bigint;
  status: "PLANNED" | "IN_BATCH" | "PAID" | "CANCELLED" | "RETURNED";
  iban: string;
  payeeName: string;
};

export type BatchDetail = BatchSummary & { preparedById: string; payments: BatchPayment[] };

export async function getBatch(db: Db, batchId: string): Promise<BatchDetail> {
  const batch = await db.paymentBatch.findUnique({
    where: { id: batchId },
    include: {
      payments: {
        orderBy: [{ plan: { number: "asc" } }, { sequence: "asc" }],
        include: {
          plan: {
            select: {
              reference: true,
              organisation: { select: { name: true, iban: true, accountHolder: true } },
            },
          },
        },
      },
    },
  });
  if (!batch) throw new NotFoundError("Deze betaalbatch bestaat niet.");
  const names = await userName(db, [batch.preparedById, batch.approvedById]);
  const originals = await originalSequences(db, batch.payments);
  return {
    id: batch.id,
    reference: batch.reference,
    status: batch.status,
    executionDate: localDateFromDb(batch.executionDate),
    totalCents: batch.totalCents,
    count: batch.count,
    preparedById: batch.preparedById,
    preparedBy: names.get(batch.preparedById) ?? "onbekend",
    preparedAt: batch.preparedAt,
    approvedBy: batch.approvedById ? (names.get(batch.approvedById) ?? "onbekend") : null,
    approvedAt: batch.approvedAt,
    payments: batch.payments.map((p) => ({
      id: p.id,
      reference: paymentReference(p.plan.reference, p.kind, p.sequence),
      planId: p.planId,
      planReference: p.plan.reference,
      kind: p.kind,
      sequence: p.sequence,
      description: paymentDescription(p.plan.reference, p.kind, p.sequence, originalOf(originals, p.id)),
      dueOn: localDateFromDb(p.dueOn),
      amountCents: p.amountCents,
      status: p.status,
      // The snapshot taken at preparation; a cancelled batch's payments went back without one.
      iban: p.iban ?? p.plan.organisation.iban,
      payeeName: p.payeeName ?? payeeNameOf(p.plan.organisation),
    })),
  };
}

export function describeTotal(batch: { count: number; totalCents: bigint }): string {
  return `${batch.count} ${batch.count === 1 ? "betaling" : "betalingen"}, totaal ${formatEuro(batch.totalCents)}`;
}
