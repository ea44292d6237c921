import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { writeOutbox } from "../outbox.server.ts";
import {
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  termEnd,
} from "../time/index.ts";
import { interestPaymentDueOn } from "./interest-decision.server.ts";
import { firstDayOfVerzuim, interestDecisionKey, recoveryOutstandingCents } from "./recovery.server.ts";

/**
 * The aanmaning (Awb 4:112): finance urges a debtor that let a sum's term pass to pay it yet within
 * two weeks. Two sums can be late: the terugvordering itself, and the wettelijke rente set by
 * beschikking after a late repayment. Each is urged once. The aanmaning changes neither the ledger
 * nor the interest, which keeps running (Awb 4:97/4:98); after its term finance may recover by
 * dwangbevel (Awb 4:114), which the portal does not issue (ADR 0031).
 */

/** Which sum an aanmaning urges: the claim, or the wettelijke rente set on its late repayment. */
export type AanmaningKind = "claim" | "interest";
export const AANMANING_KINDS = ["claim", "interest"] as const satisfies readonly AanmaningKind[];

/** Awb 4:112 lid 1: pay yet within two weeks after the day the aanmaning is sent. */
export const AANMANING_WEEKS = 2;

/**
 * The last day of an aanmaning: two weeks after the day it was sent (its stored letter's
 * createdAt, as interestPaymentDueOn), moved past a closed day by the Algemene termijnenwet (a term
 * of at most twelve weeks, art. 4 sub a).
 */
export function aanmaningDueOn(sentAt: Date): LocalDate {
  return termEnd(sentAt, { weeks: AANMANING_WEEKS });
}

/** The idempotency key of an aanmaning's letter: one per claim and kind (each is urged once). */
export function aanmaningKey(claimId: string, what: AanmaningKind): string {
  return what === "claim" ? `aanmaning:${claimId}` : `aanmaning-rente:${claimId}`;
}

/** The claim and kind a letter stored under aanmaningKey is about; null for any other key. */
export function aanmaningOfKey(key: string): { claimId: string; what: AanmaningKind } | null {
  const m = /^(aanmaning|aanmaning-rente):([0-9a-f-]{36})$/.exec(key);
  if (!m?.[2]) return null;
  return { claimId: m[2], what: m[1] === "aanmaning" ? "claim" : "interest" };
}

/** What the page and the letter call the sum urged. */
export function aanmaningSubjectOf(what: AanmaningKind, reference: string): string {
  return what === "claim"
    ? `de terugvordering ${reference}`
    : `de wettelijke rente van de terugvordering ${reference}`;
}

/** The facts of a claim that decide whether an aanmaning may be sent; read under the claim's lock. */
type ClaimFacts = {
  reference: string;
  status: "OPEN" | "RECEIVED";
  dueOn: LocalDate;
  /**
   * The bekendmaking of the vaststelling that claims it, null while its letter was not stored: until
   * then the claim has no effect (Awb 3:40) and dueOn is only the provisional day the vaststelling
   * booked, the six weeks of Awb 4:87 not yet begun.
   */
  claimAnnouncedAt: Date | null;
  interestCents: bigint | null;
  interestDecidedAt: Date | null;
  interestReceivedOn: LocalDate | null;
  /** When the interest beschikking's letter was stored (sent): its six weeks run from then. */
  interestLetterAt: Date | null;
};

/**
 * Why no aanmaning of `what` may be sent today, or null when one may. The one rule for the button
 * on finance's page and for sendAanmaning, so that the page never offers what the action refuses.
 * Whether one was sent already is the caller's check (it names when and by whom).
 */
function refusalOf(what: AanmaningKind, c: ClaimFacts, today: LocalDate): ConflictError | null {
  const ref = c.reference;
  if (what === "claim") {
    if (c.status === "RECEIVED")
      return new ConflictError(
        `De terugbetaling van ${ref} is al als ontvangen geregistreerd: er valt niets aan te manen.`,
        "ALREADY_RECEIVED",
      );
    if (c.claimAnnouncedAt === null)
      return new ConflictError(
        `De beschikking van ${ref} waarmee wordt teruggevorderd, is nog niet verzonden: de zes weken om te betalen zijn nog niet begonnen.`,
        "CLAIM_DECISION_NOT_SENT",
      );
    if (compareLocalDates(today, c.dueOn) <= 0)
      return new ConflictError(
        `De terugvordering ${ref} hoeft pas uiterlijk ${formatDateNl(c.dueOn)} betaald te zijn: een aanmaning kan vanaf ${formatDateNl(firstDayOfVerzuim(c.dueOn))}.`,
        "NOT_OVERDUE",
      );
    return null;
  }
  if (c.interestReceivedOn)
    return new ConflictError(
      `De ontvangst van de wettelijke rente van ${ref} is al geregistreerd: er valt niets aan te manen.`,
      "INTEREST_ALREADY_RECEIVED",
    );
  if (!c.interestDecidedAt)
    return new ConflictError(
      `Voor de wettelijke rente van ${ref} is nog geen beschikking gemaakt: zonder beschikking is er geen termijn verstreken en valt er niets aan te manen.`,
      "INTEREST_NOT_DECIDED",
    );
  if (!c.interestCents || c.interestCents <= 0n)
    return new ConflictError(
      `Over de terugvordering ${ref} is geen wettelijke rente verschuldigd: er valt niets aan te manen.`,
      "NO_INTEREST_OWED",
    );
  if (!c.interestLetterAt)
    return new ConflictError(
      `De beschikking wettelijke rente van ${ref} is nog niet verzonden: de zes weken om te betalen zijn nog niet begonnen.`,
      "INTEREST_DECISION_NOT_SENT",
    );
  const payBy = interestPaymentDueOn(c.interestLetterAt);
  if (compareLocalDates(today, payBy) <= 0)
    return new ConflictError(
      `De wettelijke rente van ${ref} hoeft pas uiterlijk ${formatDateNl(payBy)} betaald te zijn: een aanmaning kan vanaf ${formatDateNl(firstDayOfVerzuim(payBy))}.`,
      "NOT_OVERDUE",
    );
  return null;
}

const FACTS_SELECT = {
  id: true,
  planId: true,
  settlementId: true,
  settlement: { select: { announcedAt: true } },
  status: true,
  amountCents: true,
  dueOn: true,
  interestCents: true,
  interestDecidedAt: true,
  interestReceivedOn: true,
  aanmaningAt: true,
  aanmaningById: true,
  interestAanmaningAt: true,
  interestAanmaningById: true,
  plan: {
    select: {
      reference: true,
      // An intrekking's claim is made known with its beschikking tot intrekking (no settlement row),
      // as open data and the plan page read it.
      documents: { where: { kind: "REVOCATION_DECISION" }, select: { createdAt: true }, take: 1 },
    },
  },
} as const;

type ClaimRow = {
  settlementId: string | null;
  settlement: { announcedAt: Date | null } | null;
  status: "OPEN" | "RECEIVED";
  dueOn: Date;
  interestCents: bigint | null;
  interestDecidedAt: Date | null;
  interestReceivedOn: Date | null;
  plan: { reference: string; documents: { createdAt: Date }[] };
};

/**
 * When the beschikking claiming it was made known: for a vaststelling Settlement.announcedAt, which
 * the letters worker records in the transaction that stores the letter and sets the claim's last day
 * from that moment (produceSettlementLetter); for an intrekking the stored beschikking tot intrekking,
 * whose storing sets the claim's last day the same way (produceRevocationLetter).
 */
function claimAnnouncedAt(c: ClaimRow): Date | null {
  return c.settlementId ? (c.settlement?.announcedAt ?? null) : (c.plan.documents[0]?.createdAt ?? null);
}

function factsOf(c: ClaimRow, interestLetterAt: Date | null): ClaimFacts {
  return {
    reference: c.plan.reference,
    status: c.status,
    dueOn: localDateFromDb(c.dueOn),
    claimAnnouncedAt: claimAnnouncedAt(c),
    interestCents: c.interestCents,
    interestDecidedAt: c.interestDecidedAt,
    interestReceivedOn: c.interestReceivedOn ? localDateFromDb(c.interestReceivedOn) : null,
    interestLetterAt,
  };
}

export type AanmaningSent = { reference: string; what: AanmaningKind; amountCents: bigint; madeAt: Date };

/**
 * Finance has the aanmaning of `what` made: once per claim and kind. The claim records when and by
 * whom, an audit row says what was urged, and the letters worker renders the letter from the
 * outbox message written in the same transaction, storing it under aanmaningKey (a job that runs
 * twice stores one document). The claim's row is locked first, so that two presses at the same
 * moment make one aanmaning and the second is told whose it was.
 */
export async function sendAanmaning(
  actor: Actor,
  claimId: string,
  what: AanmaningKind,
): Promise<AanmaningSent> {
  if (!actor.roles.includes("FINANCE")) throw new ForbiddenError("Alleen financiën stuurt een aanmaning.");
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "RecoveryClaim" WHERE id = ${claimId} FOR UPDATE`;
    const claim = await tx.recoveryClaim.findUnique({ where: { id: claimId }, select: FACTS_SELECT });
    if (!claim) throw new NotFoundError("Deze terugvordering bestaat niet.");
    const reference = claim.plan.reference;
    const earlierAt = what === "claim" ? claim.aanmaningAt : claim.interestAanmaningAt;
    const earlierBy = what === "claim" ? claim.aanmaningById : claim.interestAanmaningById;
    if (earlierAt) throw await alreadySent(tx, what, reference, earlierAt, earlierBy);
    const letter =
      what === "interest" && claim.interestDecidedAt
        ? await tx.document.findUnique({
            where: { idempotencyKey: interestDecisionKey(claimId) },
            select: { createdAt: true },
          })
        : null;
    const at = now();
    const refused = refusalOf(what, factsOf(claim, letter?.createdAt ?? null), amsterdamDate(at));
    if (refused) throw refused;
    await tx.recoveryClaim.update({
      where: { id: claimId },
      data:
        what === "claim"
          ? { aanmaningAt: at, aanmaningById: actor.userId }
          : { interestAanmaningAt: at, interestAanmaningById: actor.userId },
    });
    // What is still owed: a claim paid in part is urged for what is left of it (Awb 4:112 urges
    // payment of the sum not paid, not of what already came in).
    const amountCents =
      what === "claim"
        ? (await recoveryOutstandingCents(tx, claimId)).outstandingCents
        : (claim.interestCents as bigint);
    // The last day the debtor let pass: the claim's, or the six weeks of the interest beschikking.
    const lapsedOn =
      what === "claim" ? localDateFromDb(claim.dueOn) : interestPaymentDueOn(letter?.createdAt as Date);
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "recovery.aanmaning-sent" satisfies AuditAction,
        targetType: "RecoveryClaim",
        targetId: claimId,
        details: { planId: claim.planId, what, amountCents: amountCents.toString(), lapsedOn },
        createdAt: at,
      },
    });
    await writeOutbox(tx, "renderLetter", {
      kind: "AANMANING",
      planId: claim.planId,
      recoveryClaimId: claimId,
      aanmaning: what,
    });
    return { reference, what, amountCents, madeAt: at };
  });
}

async function alreadySent(
  tx: Tx,
  what: AanmaningKind,
  reference: string,
  at: Date,
  byId: string | null,
): Promise<ConflictError> {
  const by = byId ? await tx.user.findUnique({ where: { id: byId }, select: { name: true } }) : null;
  return new ConflictError(
    `Voor ${aanmaningSubjectOf(what, reference)} is al op ${formatDateNl(amsterdamDate(at))} een aanmaning gemaakt${by ? ` door ${by.name}` : ""}. Er is geen tweede gemaakt.`,
    "AANMANING_ALREADY_SENT",
  );
}

/**
 * Where the aanmaning of one sum stands on finance's page: not (yet) called for; called for (the
 * button); made, its letter not yet stored; or sent, with its last day and whether that passed.
 */
export type AanmaningState =
  | { state: "none" }
  | { state: "due" }
  | { state: "made"; madeOn: LocalDate }
  | { state: "sent"; sentOn: LocalDate; payBy: LocalDate; lapsed: boolean; documentId: string };

export type AanmaningStates = { claim: AanmaningState; interest: AanmaningState };

/** The aanmaning of each claim and of its interest, for finance's page, by the rule sendAanmaning applies. */
export async function aanmaningStates(
  claimIds: string[],
  db: PrismaClient | Tx = prisma,
): Promise<Map<string, AanmaningStates>> {
  if (claimIds.length === 0) return new Map();
  const claims = await db.recoveryClaim.findMany({ where: { id: { in: claimIds } }, select: FACTS_SELECT });
  const keys = claims.flatMap((c) => [
    interestDecisionKey(c.id),
    aanmaningKey(c.id, "claim"),
    aanmaningKey(c.id, "interest"),
  ]);
  const letters = await db.document.findMany({
    where: { idempotencyKey: { in: keys } },
    select: { id: true, idempotencyKey: true, createdAt: true },
  });
  const letterOf = new Map(letters.map((d) => [d.idempotencyKey, d]));
  const today = amsterdamDate(now());
  const result = new Map<string, AanmaningStates>();
  for (const c of claims) {
    const facts = factsOf(c, letterOf.get(interestDecisionKey(c.id))?.createdAt ?? null);
    const stateOf = (what: AanmaningKind, madeAt: Date | null): AanmaningState => {
      if (madeAt) {
        const letter = letterOf.get(aanmaningKey(c.id, what));
        if (!letter) return { state: "made", madeOn: amsterdamDate(madeAt) };
        const payBy = aanmaningDueOn(letter.createdAt);
        return {
          state: "sent",
          sentOn: amsterdamDate(letter.createdAt),
          payBy,
          lapsed: compareLocalDates(today, payBy) > 0,
          documentId: letter.id,
        };
      }
      return refusalOf(what, facts, today) ? { state: "none" } : { state: "due" };
    };
    result.set(c.id, {
      claim: stateOf("claim", c.aanmaningAt),
      interest: stateOf("interest", c.interestAanmaningAt),
    });
  }
  return result;
}
