import { z } from "zod";
import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro } from "../money.ts";
import { writeOutbox } from "../outbox.server.ts";
import {
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  isLocalDate,
  type LocalDate,
  localDateToDb,
  termEnd,
} from "../time/index.ts";
import { AWB_MINIMUM_INTEREST_CENTS } from "./interest.ts";
import { storedInterestComputations } from "./recovery.server.ts";

/**
 * The beschikking that sets the wettelijke rente of a terugvordering paid late (Awb 4:99), and the
 * receipt of that interest. Neither touches the ledger: the interest is no subsidy money but
 * damages for late payment that go to the State's general revenue (ADR 0031).
 */

/** Awb 4:87 lid 1: a sum set by beschikking is paid within six weeks. */
export const INTEREST_PAYMENT_WEEKS = 6;

/**
 * The last day to pay the interest: six weeks after the day the beschikking was sent (made known,
 * Awb 4:87 lid 1): the stored letter's createdAt, not the moment finance had it made. A closed last
 * day is moved on by the Algemene termijnenwet (a term of at most twelve weeks, art. 4 sub a).
 */
export function interestPaymentDueOn(sentAt: Date): LocalDate {
  return termEnd(sentAt, { weeks: INTEREST_PAYMENT_WEEKS });
}

export type InterestDecided = { reference: string; interestCents: bigint; decidedAt: Date };

/**
 * Finance has the beschikking made: once per claim, for a received claim that owes interest. The
 * claim records when and by whom; the letter is rendered by the letters worker from the outbox
 * message written in the same transaction, and stored under interestDecisionKey(claimId), so a job
 * that runs twice stores one document.
 */
export async function decideRecoveryInterest(actor: Actor, claimId: string): Promise<InterestDecided> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën stelt de wettelijke rente van een terugvordering vast.");
  return prisma.$transaction(async (tx) => {
    const claim = await tx.recoveryClaim.findUnique({
      where: { id: claimId },
      select: {
        planId: true,
        status: true,
        amountCents: true,
        receivedOn: true,
        interestCents: true,
        interestDecidedAt: true,
        plan: { select: { reference: true } },
      },
    });
    if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
    const reference = claim.plan.reference;
    if (claim.interestDecidedAt) throw alreadyDecided(reference, claim.interestDecidedAt);
    if (claim.status !== "RECEIVED")
      throw new ConflictError(
        `De terugbetaling van ${reference} is nog niet als ontvangen geregistreerd: de wettelijke rente kan pas na de ontvangst worden vastgesteld.`,
        "NOT_RECEIVED",
      );
    // Received before the portal recorded the day: no interest can be worked out, and the page
    // offers no button to work it out, so pointing to one would send finance looking for it.
    if (!claim.receivedOn)
      throw new ConflictError(
        `Bij ${reference} is de dag van ontvangst niet vastgelegd (de ontvangst is geregistreerd vóór de wettelijke rente in het portaal kwam): de wettelijke rente kan daarom niet worden berekend en niet bij beschikking worden vastgesteld.`,
        "NO_RECEIVED_ON",
      );
    if (claim.interestCents === null)
      throw new ConflictError(
        `De wettelijke rente van ${reference} is nog niet berekend: bereken haar eerst met de knop Wettelijke rente berekenen.`,
        "INTEREST_NOT_CALCULATED",
      );
    if (claim.interestCents <= 0n)
      throw new ConflictError(
        `Over de terugvordering ${reference} is geen wettelijke rente verschuldigd (op tijd betaald, of minder dan ${formatEuro(AWB_MINIMUM_INTEREST_CENTS)}): er valt niets bij beschikking vast te stellen.`,
        "NO_INTEREST_OWED",
      );
    const computation = (await storedInterestComputations(tx, [claimId])).get(claimId);
    if (!computation || computation.lines.length === 0)
      throw new ConflictError(
        `Bij ${reference} is de berekening van de wettelijke rente niet bewaard: de beschikking kan haar niet vermelden.`,
        "NO_INTEREST_COMPUTATION",
      );
    const at = now();
    // Guarded on the column, so that two presses at the same moment make one beschikking.
    const updated = await tx.recoveryClaim.updateMany({
      where: { id: claimId, interestDecidedAt: null },
      data: { interestDecidedAt: at, interestDecidedById: actor.userId },
    });
    if (updated.count === 0) {
      const now_ = await tx.recoveryClaim.findUnique({
        where: { id: claimId },
        select: { interestDecidedAt: true },
      });
      throw alreadyDecided(reference, now_?.interestDecidedAt ?? at);
    }
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "recovery.interest-decided" satisfies AuditAction,
        targetType: "RecoveryClaim",
        targetId: claimId,
        // The lines the letter states: the computation the stored figure was made with.
        details: {
          planId: claim.planId,
          amountCents: claim.amountCents.toString(),
          interestCents: claim.interestCents.toString(),
          interestLines: computation.lines,
        },
        createdAt: at,
      },
    });
    await writeOutbox(tx, "renderLetter", {
      kind: "INTEREST_DECISION",
      planId: claim.planId,
      recoveryClaimId: claimId,
    });
    return { reference, interestCents: claim.interestCents, decidedAt: at };
  });
}

function alreadyDecided(reference: string, at: Date): ConflictError {
  return new ConflictError(
    `Voor de wettelijke rente van ${reference} is al op ${formatDateNl(amsterdamDate(at))} een beschikking gemaakt. Er is geen tweede gemaakt.`,
    "INTEREST_ALREADY_DECIDED",
  );
}

const INTEREST_RECEIVED_ON_INVALID =
  "Vul de dag waarop de wettelijke rente is ontvangen in als een geldige datum (dag, maand en jaar).";
const InterestReceivedOn = z
  .string()
  .trim()
  .min(1, "Vul de dag in waarop de wettelijke rente volgens het bankafschrift is ontvangen.")
  .refine((s) => isLocalDate(s), INTEREST_RECEIVED_ON_INVALID)
  .transform((s) => s as LocalDate);

export type InterestReceipt = { reference: string; interestCents: bigint; interestReceivedOn: LocalDate };

/**
 * Finance records the day the interest set by beschikking reached the ministry's account (per the
 * bank statement): once, not after today and not before the beschikking. Nothing is booked.
 */
export async function recordInterestReceived(
  actor: Actor,
  claimId: string,
  receivedOn: string,
): Promise<InterestReceipt> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën registreert de ontvangst van wettelijke rente.");
  const parsed = InterestReceivedOn.safeParse(receivedOn);
  if (!parsed.success)
    throw new RuleViolation(
      parsed.error.issues[0]?.message ?? INTEREST_RECEIVED_ON_INVALID,
      "interestReceivedOn",
    );
  const day = parsed.data;
  return prisma.$transaction(async (tx) => {
    const claim = await tx.recoveryClaim.findUnique({
      where: { id: claimId },
      select: {
        planId: true,
        interestCents: true,
        interestDecidedAt: true,
        interestReceivedOn: true,
        plan: { select: { reference: true } },
      },
    });
    if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
    const reference = claim.plan.reference;
    if (claim.interestReceivedOn) throw alreadyReceived(reference);
    if (!claim.interestDecidedAt || !claim.interestCents)
      throw new ConflictError(
        `Voor de wettelijke rente van ${reference} is nog geen beschikking gemaakt: maak eerst de beschikking.`,
        "INTEREST_NOT_DECIDED",
      );
    const at = now();
    const today = amsterdamDate(at);
    if (compareLocalDates(day, today) > 0)
      throw new RuleViolation(
        `De dag van ontvangst van de wettelijke rente kan niet na vandaag (${formatDateNl(today)}) liggen: vul de dag in waarop het geld volgens het bankafschrift is bijgeschreven.`,
        "interestReceivedOn",
      );
    const decidedOn = amsterdamDate(claim.interestDecidedAt);
    if (compareLocalDates(day, decidedOn) < 0)
      throw new RuleViolation(
        `De dag van ontvangst van de wettelijke rente kan niet vóór de beschikking (${formatDateNl(decidedOn)}) liggen.`,
        "interestReceivedOn",
      );
    const updated = await tx.recoveryClaim.updateMany({
      where: { id: claimId, interestReceivedOn: null },
      data: { interestReceivedOn: localDateToDb(day) },
    });
    if (updated.count === 0) throw alreadyReceived(reference);
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "recovery.interest-received" satisfies AuditAction,
        targetType: "RecoveryClaim",
        targetId: claimId,
        details: {
          planId: claim.planId,
          interestCents: claim.interestCents.toString(),
          interestReceivedOn: day,
        },
        createdAt: at,
      },
    });
    return { reference, interestCents: claim.interestCents, interestReceivedOn: day };
  });
}

function alreadyReceived(reference: string): ConflictError {
  return new ConflictError(
    `De ontvangst van de wettelijke rente van ${reference} is al geregistreerd. Er is niets gewijzigd.`,
    "INTEREST_ALREADY_RECEIVED",
  );
}
