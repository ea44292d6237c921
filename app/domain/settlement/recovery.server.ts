import { z } from "zod";
import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
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
  type InterestRate,
  type InterestResult,
  interestOwed,
  MissingInterestRateError,
  statutoryInterest,
} from "./interest.ts";
import { interestRates } from "./interest-rates.server.ts";

export type RecoveryRow = {
  id: string;
  planId: string;
  reference: string;
  organisation: string;
  amount: string;
  dueOn: LocalDate;
  createdAt: string;
  /**
   * The wettelijke rente accrued from the day after dueOn up to and including today, before the
   * Awb's € 20 minimum; null while the claim is not yet overdue.
   */
  interestToDate: { amount: string; belowMinimum: boolean } | { problem: string } | null;
};

/** The first day of verzuim: the day after the last day to pay (Awb 4:97, no reminder needed). */
export function firstDayOfVerzuim(dueOn: LocalDate): LocalDate {
  return addCalendarDays(dueOn, 1);
}

function accruedToDate(amountCents: bigint, dueOn: LocalDate, today: LocalDate, rates: InterestRate[]) {
  if (compareLocalDates(today, dueOn) <= 0) return null;
  try {
    const { totalCents } = statutoryInterest(amountCents, firstDayOfVerzuim(dueOn), today, rates);
    return { amount: formatEuro(totalCents), belowMinimum: interestOwed(totalCents) === 0n };
  } catch (err) {
    if (err instanceof MissingInterestRateError) return { problem: err.message };
    throw err;
  }
}

/**
 * Open terugvorderingen, the oldest due first, a page at a time, with how many are open in all.
 * The RECOVERY entry was booked when they were claimed.
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
        plan: { select: { reference: true, organisation: { select: { name: true } } } },
      },
    }),
    prisma.recoveryClaim.count({ where: { status: "OPEN" } }),
    interestRates(),
  ]);
  const today = amsterdamDate(now());
  const rows = claims.map((c) => ({
    id: c.id,
    planId: c.planId,
    reference: c.plan.reference,
    organisation: c.plan.organisation.name,
    amount: formatEuro(c.amountCents),
    dueOn: localDateFromDb(c.dueOn),
    createdAt: c.createdAt.toISOString(),
    interestToDate: accruedToDate(c.amountCents, localDateFromDb(c.dueOn), today, rates),
  }));
  return { rows, total };
}

export type RecoveryReceipt = {
  reference: string;
  amountCents: bigint;
  dueOn: LocalDate;
  receivedOn: LocalDate;
  /** What the debtor owes: the accrued interest, or 0 when paid in time or below € 20 (Awb 4:98 lid 2). */
  interestCents: bigint;
  /** The computation as it was made, for finance's claim of the interest (Awb 4:99). */
  interest: InterestResult;
};

/**
 * Finance records that the money came back, on `receivedOn`, the day it reached the ministry's
 * account per the bank statement (the day it counts as paid). It closes the claim, once,
 * and works out the wettelijke rente owed for the days after dueOn with the rates as they stand,
 * storing both with the AuditLog row.
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
): Promise<RecoveryReceipt> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën registreert een terugbetaling.");
  const parsed = ReceivedOn.safeParse(receivedOn);
  if (!parsed.success)
    throw new RuleViolation(parsed.error.issues[0]?.message ?? RECEIVED_ON_INVALID, "receivedOn");
  const day = parsed.data;
  return prisma.$transaction(async (tx) => {
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
    const dueOn = localDateFromDb(claim.dueOn);
    const interest = statutoryInterest(
      claim.amountCents,
      firstDayOfVerzuim(dueOn),
      day,
      await interestRates(tx),
    );
    const interestCents = interestOwed(interest.totalCents);
    const updated = await tx.recoveryClaim.updateMany({
      where: { id: claimId, status: "OPEN" },
      data: { status: "RECEIVED", receivedAt: at, receivedOn: localDateToDb(day), interestCents },
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
          receivedOn: day,
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
        },
        createdAt: at,
      },
    });
    return {
      reference: claim.plan.reference,
      amountCents: claim.amountCents,
      dueOn,
      receivedOn: day,
      interestCents,
      interest,
    };
  });
}

const RECEIVED_ON_INVALID = "Vul de ontvangstdatum in als een geldige datum (dag, maand en jaar).";
const ReceivedOn = z
  .string()
  .trim()
  .refine((s) => isLocalDate(s), RECEIVED_ON_INVALID)
  .transform((s) => s as LocalDate);
