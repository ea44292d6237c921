import { z } from "zod";
import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { DocumentKind } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro, parseEuroInput, sumCents } from "../money.ts";
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
import {
  halfYearList,
  type InterestRate,
  type InterestResult,
  interestOwed,
  MissingInterestRateError,
  type PrincipalPaid,
  statutoryInterest,
} from "./interest.ts";
import {
  halfYearStart,
  interestRates,
  missingHalfYears,
  missingHalfYearsBetween,
} from "./interest-rates.server.ts";

const RECEIVED_ON_INVALID = "Vul de ontvangstdatum in als een geldige datum (dag, maand en jaar).";
const ReceivedOn = z
  .string()
  .trim()
  .refine((s) => isLocalDate(s), RECEIVED_ON_INVALID)
  .transform((s) => s as LocalDate);

export type RecoveryRow = {
  id: string;
  planId: string;
  reference: string;
  organisation: string;
  amount: string;
  /**
   * The last day to pay, once the beschikking's letter is stored; null before. The letter counts
   * six weeks from its own sending (Awb 4:87, with the Atw) and writes that day on the claim: until
   * then the claim holds a provisional day, from the decision, that the letter may not name.
   */
  dueOn: LocalDate | null;
  createdAt: string;
  /** The parts received so far, in the order of their day (none: nothing paid yet). */
  parts: { amount: string; receivedOn: LocalDate }[];
  /** What is left of the claim: its amount less the parts. */
  outstanding: string;
  /**
   * The wettelijke rente accrued from the day after dueOn up to and including today, over what was
   * outstanding each day, before the Awb's € 20 minimum; null while the claim is not yet overdue,
   * and before its letter is stored (no day to pay has begun to run).
   */
  interestToDate: { amount: string; belowMinimum: boolean } | { problem: string } | null;
};

/** The parts of claims, each claim's in the order of their day, as statutoryInterest takes them. */
export async function recoveryPartsOf(
  db: PrismaClient | Tx,
  claimIds: string[],
): Promise<Map<string, PrincipalPaid[]>> {
  const rows =
    claimIds.length === 0
      ? []
      : await db.recoveryPayment.findMany({
          where: { claimId: { in: claimIds } },
          orderBy: [{ receivedOn: "asc" }, { createdAt: "asc" }, { id: "asc" }],
          select: { claimId: true, amountCents: true, receivedOn: true },
        });
  const parts = new Map<string, PrincipalPaid[]>();
  for (const r of rows) {
    const list = parts.get(r.claimId) ?? [];
    list.push({ on: localDateFromDb(r.receivedOn), cents: r.amountCents });
    parts.set(r.claimId, list);
  }
  return parts;
}

/**
 * What is still owed of a claim on `at`: its amount less the parts finance had recorded by then.
 * The aanmaning's letter asks it for the moment the aanmaning was made, so a part recorded while the
 * worker renders does not change what the letter urges.
 */
export async function recoveryOutstandingCents(
  db: PrismaClient | Tx,
  claimId: string,
  at?: Date,
): Promise<{ amountCents: bigint; paidCents: bigint; outstandingCents: bigint }> {
  const [claim, paid] = await Promise.all([
    db.recoveryClaim.findUnique({ where: { id: claimId }, select: { amountCents: true } }),
    db.recoveryPayment.aggregate({
      where: { claimId, ...(at ? { createdAt: { lte: at } } : {}) },
      _sum: { amountCents: true },
    }),
  ]);
  if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
  const paidCents = paid._sum.amountCents ?? 0n;
  return { amountCents: claim.amountCents, paidCents, outstandingCents: claim.amountCents - paidCents };
}

/** The first day of verzuim: the day after the last day to pay (Awb 4:97, no reminder needed). */
export function firstDayOfVerzuim(dueOn: LocalDate): LocalDate {
  return addCalendarDays(dueOn, 1);
}

function accruedToDate(
  amountCents: bigint,
  parts: PrincipalPaid[],
  dueOn: LocalDate,
  today: LocalDate,
  rates: InterestRate[],
) {
  if (compareLocalDates(today, dueOn) <= 0) return null;
  try {
    const { totalCents } = statutoryInterest(amountCents, firstDayOfVerzuim(dueOn), today, rates, parts);
    return { amount: formatEuro(totalCents), belowMinimum: interestOwed(totalCents) === 0n };
  } catch (err) {
    if (err instanceof MissingInterestRateError) return { problem: err.message };
    throw err;
  }
}

/** The letter whose beschikking makes a claim: the vaststelling's, else (no settlement) the intrekking's. */
export function claimLetterKind(claim: { settlementId: string | null }): DocumentKind {
  return claim.settlementId ? "SETTLEMENT_DECISION" : "REVOCATION_DECISION";
}

/**
 * Open terugvorderingen, the oldest due first, a page at a time, with how many are open in all.
 * The RECOVERY entry was booked when they were claimed. A claim whose beschikking's letter is not
 * stored yet names no day to pay and no interest (as the plan's pages, view.server.ts): its day
 * is the letter's, counted from the sending.
 */
export async function openRecoveryClaims(
  page: { skip: number; take: number } = { skip: 0, take: 200 },
): Promise<{ rows: RecoveryRow[]; total: number }> {
  const [claims, total, rates] = await Promise.all([
    prisma.recoveryClaim.findMany({
      where: { status: "OPEN" },
      orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      skip: page.skip,
      take: page.take,
      select: {
        id: true,
        planId: true,
        amountCents: true,
        dueOn: true,
        createdAt: true,
        settlementId: true,
        plan: { select: { reference: true, organisation: { select: { name: true } } } },
      },
    }),
    prisma.recoveryClaim.count({ where: { status: "OPEN" } }),
    interestRates(),
  ]);
  const today = amsterdamDate(now());
  const [partsOf, letters] = await Promise.all([
    recoveryPartsOf(
      prisma,
      claims.map((c) => c.id),
    ),
    prisma.document.findMany({
      where: {
        planId: { in: [...new Set(claims.map((c) => c.planId))] },
        kind: { in: ["SETTLEMENT_DECISION", "REVOCATION_DECISION"] },
      },
      select: { planId: true, kind: true },
    }),
  ]);
  const lettered = new Set(letters.map((d) => `${d.planId}:${d.kind}`));
  const rows = claims.map((c) => {
    const parts = partsOf.get(c.id) ?? [];
    const dueOn = lettered.has(`${c.planId}:${claimLetterKind(c)}`) ? localDateFromDb(c.dueOn) : null;
    return {
      id: c.id,
      planId: c.planId,
      reference: c.plan.reference,
      organisation: c.plan.organisation.name,
      amount: formatEuro(c.amountCents),
      dueOn,
      createdAt: c.createdAt.toISOString(),
      parts: parts.map((p) => ({ amount: formatEuro(p.cents), receivedOn: p.on })),
      outstanding: formatEuro(c.amountCents - sumCents(parts.map((p) => p.cents))),
      interestToDate: dueOn ? accruedToDate(c.amountCents, parts, dueOn, today, rates) : null,
    };
  });
  return { rows, total };
}

/** One segment of a stored computation, as the audit row holds it (amounts as strings of cents). */
export type StoredInterestLine = {
  from: LocalDate;
  until: LocalDate;
  days: number;
  rateBp: number;
  baseCents: string;
  interestCents: string;
};

/** The wettelijke rente of a received claim, as the page states it. */
export type ReceivedInterest =
  | { kind: "on-time" }
  | { kind: "owed"; amount: string; lines: StoredInterestLine[] }
  | { kind: "below-minimum"; accrued: string | null; lines: StoredInterestLine[] }
  /** Not worked out yet: `missing` the half-years still without a rate (empty: ready to work out). */
  | { kind: "pending"; missing: LocalDate[] }
  /** Received before the portal recorded the day of receipt: nothing to work it out from. */
  | { kind: "no-received-on" };

export type ReceivedRecoveryRow = {
  id: string;
  planId: string;
  reference: string;
  organisation: string;
  amount: string;
  dueOn: LocalDate;
  /** The bank statement's day; for a receipt recorded before it was asked, the day it was recorded. */
  receivedOn: LocalDate;
  /** The parts it came back in, in the order of their day; empty for a receipt recorded before parts were. */
  parts: { amount: string; receivedOn: LocalDate }[];
  interest: ReceivedInterest;
  /** The beschikking setting the interest (Awb 4:99), once finance had it made. */
  decision: InterestDecisionState | null;
};

/**
 * Where the beschikking of a claim's wettelijke rente stands: made on `decidedOn`, its letter
 * (`documentId`) once the worker rendered it, and the day the interest was paid once recorded.
 */
export type InterestDecisionState = {
  decidedOn: LocalDate;
  documentId: string | null;
  interestReceivedOn: LocalDate | null;
};

/** The idempotency key of a claim's interest beschikking: one letter per claim (the claim is decided once). */
export function interestDecisionKey(claimId: string): string {
  return `interest-decision:${claimId}`;
}

/** The claim a letter stored under interestDecisionKey is about; null for any other key. */
export function claimIdOfInterestDecisionKey(key: string): string | null {
  const m = /^interest-decision:([0-9a-f-]{36})$/.exec(key);
  return m?.[1] ?? null;
}

async function interestDecisions(claimIds: string[]): Promise<Map<string, InterestDecisionState>> {
  const decided = await prisma.recoveryClaim.findMany({
    where: { id: { in: claimIds }, interestDecidedAt: { not: null } },
    select: { id: true, interestDecidedAt: true, interestReceivedOn: true },
  });
  const letters = await prisma.document.findMany({
    where: { idempotencyKey: { in: decided.map((c) => interestDecisionKey(c.id)) } },
    select: { id: true, idempotencyKey: true },
  });
  const letterOf = new Map(letters.map((d) => [d.idempotencyKey, d.id]));
  return new Map(
    decided.map((c) => [
      c.id,
      {
        decidedOn: amsterdamDate(c.interestDecidedAt as Date),
        documentId: letterOf.get(interestDecisionKey(c.id)) ?? null,
        interestReceivedOn: c.interestReceivedOn ? localDateFromDb(c.interestReceivedOn) : null,
      },
    ]),
  );
}

/**
 * The computation each claim's stored interestCents was made with: the latest audit row that holds
 * one (the receipt's, or the later calculation's), with what accrued before the € 20 minimum.
 */
export async function storedInterestComputations(
  db: PrismaClient | Tx,
  claimIds: string[],
): Promise<Map<string, { accrued: string | null; lines: StoredInterestLine[] }>> {
  const audits = await db.auditLog.findMany({
    where: { targetType: "RecoveryClaim", targetId: { in: claimIds }, action: { in: RECEIPT_ACTIONS } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { targetId: true, details: true },
  });
  const computed = new Map<string, { accrued: string | null; lines: StoredInterestLine[] }>();
  for (const a of audits) {
    const d = (a.details ?? {}) as { interestLines?: StoredInterestLine[]; accruedInterestCents?: string };
    if (!a.targetId || computed.has(a.targetId) || !Array.isArray(d.interestLines)) continue;
    computed.set(a.targetId, { accrued: d.accruedInterestCents ?? null, lines: d.interestLines });
  }
  return computed;
}

const RECEIPT_ACTIONS = ["recovery.received", "recovery.interest-calculated"] satisfies AuditAction[];

/**
 * Received terugvorderingen, the newest receipt first, a page at a time, with how many there are,
 * and the wettelijke rente of each.
 *
 * The computation's lines are read from the audit row written when the interest was worked out,
 * not recomputed from today's table of rates. Both give the same figures as long as no rate is
 * ever added for a day already used, but the table does not guarantee that for days before
 * RATES_EVERY_HALF_YEAR_FROM (a row may still be added for, say, 1 January 2016), while the audit
 * row is the computation that produced the stored interestCents and that finance claims by
 * beschikking (Awb 4:99); showing it keeps page, amount and claim the same.
 */
export async function receivedRecoveryClaims(
  page: { skip: number; take: number } = { skip: 0, take: 200 },
): Promise<{ rows: ReceivedRecoveryRow[]; total: number }> {
  const [claims, total] = await Promise.all([
    prisma.recoveryClaim.findMany({
      where: { status: "RECEIVED" },
      orderBy: [{ receivedOn: { sort: "desc", nulls: "last" } }, { receivedAt: "desc" }, { id: "asc" }],
      skip: page.skip,
      take: page.take,
      select: {
        id: true,
        planId: true,
        amountCents: true,
        dueOn: true,
        receivedOn: true,
        receivedAt: true,
        createdAt: true,
        interestCents: true,
        plan: { select: { reference: true, organisation: { select: { name: true } } } },
      },
    }),
    prisma.recoveryClaim.count({ where: { status: "RECEIVED" } }),
  ]);
  const ids = claims.map((c) => c.id);
  const [computed, decisions, partsOf] = await Promise.all([
    storedInterestComputations(prisma, ids),
    interestDecisions(ids),
    recoveryPartsOf(prisma, ids),
  ]);
  // One query for all rows: a receipt lies on or before today, so its gaps are among today's.
  const missingNow = await missingHalfYears(amsterdamDate(now()));
  const rows: ReceivedRecoveryRow[] = [];
  for (const c of claims) {
    const dueOn = localDateFromDb(c.dueOn);
    const receivedOn = c.receivedOn
      ? localDateFromDb(c.receivedOn)
      : amsterdamDate(c.receivedAt ?? c.createdAt);
    const stored = computed.get(c.id);
    let interest: ReceivedInterest;
    if (!c.receivedOn) interest = { kind: "no-received-on" };
    else if (compareLocalDates(receivedOn, dueOn) <= 0) interest = { kind: "on-time" };
    else if (c.interestCents === null)
      interest = {
        kind: "pending",
        missing: missingNow.filter(
          (h) =>
            compareLocalDates(h, halfYearStart(firstDayOfVerzuim(dueOn))) >= 0 &&
            compareLocalDates(h, receivedOn) <= 0,
        ),
      };
    else if (c.interestCents > 0n)
      interest = { kind: "owed", amount: formatEuro(c.interestCents), lines: stored?.lines ?? [] };
    else
      interest = {
        kind: "below-minimum",
        accrued: stored?.accrued ? formatEuro(BigInt(stored.accrued)) : null,
        lines: stored?.lines ?? [],
      };
    rows.push({
      id: c.id,
      planId: c.planId,
      reference: c.plan.reference,
      organisation: c.plan.organisation.name,
      amount: formatEuro(c.amountCents),
      dueOn,
      receivedOn,
      parts: (partsOf.get(c.id) ?? []).map((p) => ({ amount: formatEuro(p.cents), receivedOn: p.on })),
      interest,
      decision: decisions.get(c.id) ?? null,
    });
  }
  return { rows, total };
}

export type RecoveryReceipt = {
  reference: string;
  amountCents: bigint;
  dueOn: LocalDate;
  receivedOn: LocalDate;
  /**
   * What the debtor owes: the accrued interest, or 0 when paid in time or below € 20 (Awb 4:98
   * lid 2); null while a half-year of the verzuim has no rate (`missingRates`).
   */
  interestCents: bigint | null;
  /** The computation as it was made, for finance's claim of the interest (Awb 4:99); null with interestCents. */
  interest: InterestResult | null;
  /** The half-years of the verzuim without a recorded rate; empty when the interest was worked out. */
  missingRates: LocalDate[];
};

/**
 * The interest over the verzuim of a claim received on `receivedOn`, or the half-years that still
 * lack a rate. A half-year from 2024-07-01 on without a row is not "unchanged" but "not yet
 * recorded" (RATES_EVERY_HALF_YEAR_FROM): computing through it with the previous rate would state
 * a figure nobody checked, so the interest waits for finance to record the rate.
 */
async function interestAtReceipt(
  tx: Tx,
  amountCents: bigint,
  dueOn: LocalDate,
  receivedOn: LocalDate,
  parts: PrincipalPaid[],
): Promise<{ interest: InterestResult; interestCents: bigint; missing: [] } | { missing: LocalDate[] }> {
  const from = firstDayOfVerzuim(dueOn);
  if (compareLocalDates(receivedOn, from) >= 0) {
    const missing = await missingHalfYearsBetween(from, receivedOn, tx);
    if (missing.length > 0) return { missing };
  }
  // Each part lowers the principal from its next day; what the parts do not cover (a receipt
  // recorded before parts were) counts as paid on receivedOn, the end of the computation anyway.
  const interest = statutoryInterest(amountCents, from, receivedOn, await interestRates(tx), parts);
  return { interest, interestCents: interestOwed(interest.totalCents), missing: [] };
}

/** The computation in the audit row: what finance claims by beschikking (Awb 4:99) and what its page shows. */
function interestDetails(interest: InterestResult, interestCents: bigint) {
  return {
    interestCents: interestCents.toString(),
    accruedInterestCents: interest.totalCents.toString(),
    interestLines: interest.lines.map((l) => ({
      from: l.from,
      until: l.until,
      days: l.days,
      rateBp: l.rateBp,
      baseCents: l.baseCents.toString(),
      interestCents: l.interestCents.toString(),
    })),
  };
}

/**
 * Finance records that the money came back, on `receivedOn`, the day it reached the ministry's
 * account per the bank statement (the day it counts as paid). It closes the claim, once,
 * and works out the wettelijke rente owed for the days after dueOn with the rates as they stand,
 * storing both with the AuditLog row. When a half-year of the verzuim has no rate yet, the receipt
 * is recorded all the same (the money came in) and the interest stays null until finance records
 * the rates and works it out (calculateRecoveryInterest). After parts (recordRecoveryPart), it is
 * the receipt of what was still outstanding: the last part.
 *
 * Neither the claim nor the interest changes a balance. The RECOVERY was booked at the claim
 * (docs/decisions/0012). The interest is no subsidy money: it is damages for late payment
 * (6:119 BW) that belong to the State's general revenue, claimed by its own beschikking (Awb
 * 4:99); the pots hold ceilings, commitments and payments of the regulation, and a RECOVERY for
 * it would make a pot look as if more had come back than was ever paid from it.
 */
export async function markRecoveryReceived(
  actor: Actor,
  claimId: string,
  receivedOn: string,
  partsSeen?: number,
): Promise<RecoveryReceipt> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën registreert een terugbetaling.");
  const parsed = ReceivedOn.safeParse(receivedOn);
  if (!parsed.success)
    throw new RuleViolation(parsed.error.issues[0]?.message ?? RECEIVED_ON_INVALID, "receivedOn");
  const received = await receivePart(actor, claimId, "rest", parsed.data, partsSeen);
  return received.receipt as RecoveryReceipt;
}

export type RecoveryPartInput = {
  amount: string;
  receivedOn: string;
  /**
   * How many parts the page listed when finance filled in the form. A form sent twice (a resubmit,
   * a reload, two finance users booking the same line of the bank statement) must not record its
   * part twice: a part cannot be corrected (ADR 0031), and a second copy can close a claim half
   * paid. Left out only by callers that read the claim in the same breath (tests, scripts).
   */
  partsSeen?: number;
};

export type RecoveryPartReceived = {
  reference: string;
  partCents: bigint;
  receivedOn: LocalDate;
  /** What is left after this part; 0 when it closed the claim (then `receipt` says how). */
  outstandingCents: bigint;
  receipt: RecoveryReceipt | null;
};

const PART_AMOUNT_INVALID = "Vul het ontvangen bedrag in euro's in, bijvoorbeeld 1.250,00.";
const RecoveryPartSchema = z.object({
  amount: z
    .string()
    .trim()
    .max(40, PART_AMOUNT_INVALID)
    .transform((s, ctx) => {
      const cents = parseEuroInput(s);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: PART_AMOUNT_INVALID });
        return z.NEVER;
      }
      return cents;
    })
    .refine((c) => c > 0n, `Het ontvangen bedrag moet meer dan ${formatEuro(0n)} zijn.`),
  receivedOn: z.string().max(40, RECEIVED_ON_INVALID).pipe(ReceivedOn),
});

/** The fields of a part the form got wrong, each with its message; null when it parses. */
export function recoveryPartErrors(input: RecoveryPartInput): Record<"amount" | "receivedOn", string> | null {
  const parsed = RecoveryPartSchema.safeParse(input);
  if (parsed.success) return null;
  const errors: Partial<Record<"amount" | "receivedOn", string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === "amount" ? "amount" : "receivedOn";
    errors[field] ??= issue.message;
  }
  return errors as Record<"amount" | "receivedOn", string>;
}

/**
 * Finance records a part of the claim that reached the ministry's account on `receivedOn` (a
 * betalingsregeling, or a payment short of the claim). The claim stays open with what is left;
 * the part that makes the parts reach the claim's amount closes it as markRecoveryReceived does,
 * its day the day of receipt, with the wettelijke rente over what was outstanding each day.
 *
 * Awb 4:93: a payment goes to costs first, then to the interest due, then to the principal. While
 * the claim is open neither exists yet: the portal charges no costs of aanmaning (ADR 0031) and
 * the wettelijke rente is set by beschikking only once the claim is paid (Awb 4:99), so it is not
 * due before. Every part therefore goes to the principal, and a part above what is left of it is
 * refused: the interest is paid on its own beschikking (interestReceivedOn).
 *
 * No ledger entry, as for the full receipt: the RECOVERY was booked at the claim (ADR 0012), so
 * the pots and the dashboard count the money back from then; booking each part again would count
 * it twice. Each part is audited (recovery.part-received; the last one recovery.received).
 */
export async function recordRecoveryPart(
  actor: Actor,
  claimId: string,
  input: RecoveryPartInput,
): Promise<RecoveryPartReceived> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën registreert een terugbetaling.");
  const parsed = RecoveryPartSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RuleViolation(
      issue?.message ?? PART_AMOUNT_INVALID,
      issue?.path[0] === "amount" ? "amount" : "receivedOn",
    );
  }
  return receivePart(actor, claimId, parsed.data.amount, parsed.data.receivedOn, input.partsSeen);
}

/** What changed since the page was read, for the refusal of a form sent on an older page. */
function partsSince(parts: PrincipalPaid[], partsSeen: number, outstandingCents: bigint): string {
  const n = parts.length;
  const listed = n === 1 ? "1 deel" : `${n} delen`;
  const seen = partsSeen === 1 ? "1 deel" : `${partsSeen} delen`;
  const list = parts.map((p) => `${formatEuro(p.cents)} op ${formatDateNl(p.on)}`).join(", ");
  return `de pagina toonde ${seen}, nu ${n === 1 ? "is" : "zijn"} er ${listed}${n > 0 ? `: ${list}` : ""}; er staat nog ${formatEuro(outstandingCents)} open`;
}

async function receivePart(
  actor: Actor,
  claimId: string,
  cents: bigint | "rest",
  day: LocalDate,
  partsSeen: number | undefined,
): Promise<RecoveryPartReceived> {
  return prisma.$transaction(async (tx) => {
    // The claim's row first: two parts recorded at the same moment must see each other's.
    await tx.$queryRaw`SELECT id FROM "RecoveryClaim" WHERE id = ${claimId} FOR UPDATE`;
    const at = now();
    const claim = await tx.recoveryClaim.findUnique({
      where: { id: claimId },
      select: {
        planId: true,
        amountCents: true,
        dueOn: true,
        createdAt: true,
        status: true,
        plan: { select: { reference: true } },
      },
    });
    if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
    if (claim.status !== "OPEN")
      throw new ConflictError("Deze terugvordering is al als ontvangen geregistreerd.", "ALREADY_RECEIVED");
    const today = amsterdamDate(at);
    if (compareLocalDates(day, today) > 0)
      throw new RuleViolation(
        `De ontvangstdatum kan niet na vandaag (${formatDateNl(today)}) liggen: vul de dag in waarop het geld volgens het bankafschrift is bijgeschreven.`,
        "receivedOn",
      );
    const claimedOn = amsterdamDate(claim.createdAt);
    if (compareLocalDates(day, claimedOn) < 0)
      throw new RuleViolation(
        `De ontvangstdatum kan niet vóór de terugvordering (${formatDateNl(claimedOn)}) liggen.`,
        "receivedOn",
      );
    const earlier = (await recoveryPartsOf(tx, [claimId])).get(claimId) ?? [];
    const paidBefore = sumCents(earlier.map((p) => p.cents));
    const outstandingBefore = claim.amountCents - paidBefore;
    // Read under the claim's lock, so of two copies of one form the second sees the first's part.
    // Parts are only ever added, so their number tells whether the page was still the claim's.
    if (partsSeen !== undefined && partsSeen !== earlier.length)
      throw new ConflictError(
        `Intussen is een deel van deze terugbetaling geregistreerd (${partsSince(earlier, partsSeen, outstandingBefore)}). Controleer de lijst voordat u ${cents === "rest" ? "de ontvangst" : "dit deel"} vastlegt.`,
        "PARTS_CHANGED",
      );
    const partCents = cents === "rest" ? outstandingBefore : cents;
    if (partCents > outstandingBefore)
      throw new RuleViolation(
        `Er staat van ${claim.plan.reference} nog ${formatEuro(outstandingBefore)} open${paidBefore > 0n ? ` (van ${formatEuro(claim.amountCents)} is al ${formatEuro(paidBefore)} ontvangen)` : ""}: een deel van ${formatEuro(partCents)} is meer dan dat. Registreer alleen wat op de terugvordering zelf is betaald; de wettelijke rente wordt na de laatste betaling bij beschikking vastgesteld en apart ontvangen.`,
        "amount",
      );
    const payment = await tx.recoveryPayment.create({
      data: {
        claimId,
        amountCents: partCents,
        receivedOn: localDateToDb(day),
        createdById: actor.userId,
        createdAt: at,
      },
      select: { id: true },
    });
    const outstandingCents = outstandingBefore - partCents;
    const reference = claim.plan.reference;
    const dueOn = localDateFromDb(claim.dueOn);
    if (outstandingCents > 0n) {
      await tx.auditLog.create({
        data: {
          actorId: actor.userId,
          action: "recovery.part-received" satisfies AuditAction,
          targetType: "RecoveryClaim",
          targetId: claimId,
          details: {
            planId: claim.planId,
            paymentId: payment.id,
            partCents: partCents.toString(),
            receivedOn: day,
            amountCents: claim.amountCents.toString(),
            paidCents: (paidBefore + partCents).toString(),
            outstandingCents: outstandingCents.toString(),
          },
          createdAt: at,
        },
      });
      return { reference, partCents, receivedOn: day, outstandingCents, receipt: null };
    }
    // The last part: the claim is paid on the latest day any part came in.
    const parts = [...earlier, { on: day, cents: partCents }];
    const receivedOnDay = parts.reduce((d, p) => (compareLocalDates(p.on, d) > 0 ? p.on : d), day);
    const worked = await interestAtReceipt(tx, claim.amountCents, dueOn, receivedOnDay, parts);
    const interestCents = "interest" in worked ? worked.interestCents : null;
    const updated = await tx.recoveryClaim.updateMany({
      where: { id: claimId, status: "OPEN" },
      data: { status: "RECEIVED", receivedAt: at, receivedOn: localDateToDb(receivedOnDay), interestCents },
    });
    if (updated.count === 0)
      throw new ConflictError("Deze terugvordering is al als ontvangen geregistreerd.", "ALREADY_RECEIVED");
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "recovery.received" satisfies AuditAction,
        targetType: "RecoveryClaim",
        targetId: claimId,
        details: {
          planId: claim.planId,
          amountCents: claim.amountCents.toString(),
          dueOn,
          receivedOn: receivedOnDay,
          // Only when it came in parts: a receipt in one keeps the row it always had.
          ...(earlier.length > 0
            ? {
                paymentId: payment.id,
                partCents: partCents.toString(),
                parts: parts.map((p) => ({ receivedOn: p.on, cents: p.cents.toString() })),
              }
            : {}),
          ...("interest" in worked
            ? interestDetails(worked.interest, worked.interestCents)
            : { interestCents: null, missingRateHalfYears: worked.missing }),
        },
        createdAt: at,
      },
    });
    return {
      reference,
      partCents,
      receivedOn: day,
      outstandingCents: 0n,
      receipt: {
        reference,
        amountCents: claim.amountCents,
        dueOn,
        receivedOn: receivedOnDay,
        interestCents,
        interest: "interest" in worked ? worked.interest : null,
        missingRates: worked.missing,
      },
    };
  });
}

export type InterestCalculation = RecoveryReceipt & {
  /** True when the interest had been worked out before: nothing changed. */
  alreadyCalculated: boolean;
};

/**
 * Works out the wettelijke rente of a claim received while a half-year of its verzuim had no rate,
 * once finance has recorded those rates. Once: a second call changes nothing and says so
 * (alreadyCalculated), also when two finance users press at the same moment.
 */
export async function calculateRecoveryInterest(actor: Actor, claimId: string): Promise<InterestCalculation> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën berekent de wettelijke rente van een terugvordering.");
  return prisma.$transaction(async (tx) => {
    const read = () =>
      tx.recoveryClaim.findUnique({
        where: { id: claimId },
        select: {
          planId: true,
          amountCents: true,
          dueOn: true,
          status: true,
          receivedOn: true,
          interestCents: true,
          plan: { select: { reference: true } },
        },
      });
    const claim = await read();
    if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
    const reference = claim.plan.reference;
    if (claim.status !== "RECEIVED")
      throw new ConflictError(
        `De terugbetaling van ${reference} is nog niet als ontvangen geregistreerd: registreer eerst de ontvangstdatum.`,
        "NOT_RECEIVED",
      );
    if (!claim.receivedOn)
      throw new ConflictError(
        `Bij ${reference} is de dag van ontvangst niet vastgelegd (de ontvangst is geregistreerd vóór de wettelijke rente in het portaal kwam): de rente kan daarom niet worden berekend.`,
        "NO_RECEIVED_ON",
      );
    const dueOn = localDateFromDb(claim.dueOn);
    const receivedOn = localDateFromDb(claim.receivedOn);
    const base = { reference, amountCents: claim.amountCents, dueOn, receivedOn, missingRates: [] };
    const done = (interestCents: bigint): InterestCalculation => ({
      ...base,
      interestCents,
      interest: null,
      alreadyCalculated: true,
    });
    if (claim.interestCents !== null) return done(claim.interestCents);
    const parts = (await recoveryPartsOf(tx, [claimId])).get(claimId) ?? [];
    const worked = await interestAtReceipt(tx, claim.amountCents, dueOn, receivedOn, parts);
    if (!("interest" in worked))
      throw new ConflictError(
        `De wettelijke rente van ${reference} kan nog niet worden berekend: voor ${halfYearList(worked.missing)} is nog geen tarief vastgelegd. Leg ${worked.missing.length === 1 ? "dat tarief" : "die tarieven"} eerst vast op de pagina Wettelijke rente.`,
        "NO_INTEREST_RATE",
      );
    const updated = await tx.recoveryClaim.updateMany({
      where: { id: claimId, status: "RECEIVED", interestCents: null },
      data: { interestCents: worked.interestCents },
    });
    if (updated.count === 0) {
      const now_ = await read();
      return done(now_?.interestCents ?? worked.interestCents);
    }
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "recovery.interest-calculated" satisfies AuditAction,
        targetType: "RecoveryClaim",
        targetId: claimId,
        details: {
          planId: claim.planId,
          amountCents: claim.amountCents.toString(),
          dueOn,
          receivedOn,
          ...interestDetails(worked.interest, worked.interestCents),
        },
        createdAt: now(),
      },
    });
    return {
      ...base,
      interestCents: worked.interestCents,
      interest: worked.interest,
      alreadyCalculated: false,
    };
  });
}
