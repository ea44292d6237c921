import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../actor.ts";
import { enoughAdvice } from "../assessment/assessment.server.ts";
import type { AuditAction } from "../audit/actions.ts";
import { availableCents } from "../budget/balances.ts";
import {
  leftForPlan,
  reservationsToYield,
  reservedByPlans,
  reserveForPlan,
} from "../budget/ledger.server.ts";
import { type Claim, leftPerPot, mostTaken } from "../budget/most-taken.ts";
import {
  earlierWaiting,
  LINE_ORDER,
  laterUndecided,
  laterYieldingPlans,
  lockFundLine,
  yieldToFirstInLine,
} from "../budget/waiting-list.server.ts";
import { now } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { formatEuro, minCents, sumCents } from "../money.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import { addCalendarDays, amsterdamDate, formatDateNl, startOfAmsterdamDay } from "../time/index.ts";
import type { EffectContext, PlanFacts } from "../workflow/definition.server.ts";
import { CEILING_REACHED } from "./grounds.ts";
import { type ImpactPot, whatIsLeft } from "./impact.ts";

/**
 * The decision maker's guards and effects in the workflow table (grant, grant_partially, reject,
 * revoke). Kept here so the table stays one readable list; this module imports nothing that
 * imports the table (only its types), so there is no import cycle.
 */

export const FOUR_EYES_REFUSAL =
  "U heeft dit plan behandeld of erover geadviseerd; een ander moet erover beslissen (vier-ogenprincipe).";

/** Said to whoever proposed or revised the vaststelling: by the settle guard below, so kept here. */
export const PROPOSER_MAY_NOT_SETTLE =
  "U heeft de vaststelling voorgesteld; een ander moet haar vaststellen (vier-ogenprincipe).";

/**
 * Four-eyes (design.md §4): every handler and every adviser of the plan never decide it. A handler
 * is anyone who took a handler's step in its history, not only the current handlerId, which the
 * last step overwrites: who asked for the supplement handled the plan as much as who declared it
 * complete, and who took it over ("Overnemen") was its handler for a while. An adviser is who
 * advised or holds a seat, or held one beyond its declaration: taken off after declaring (a
 * conflict of interest, or none and the plan opened), the adviser has still been involved. Who
 * proposed or revised the vaststelling never settles it.
 */
export function fourEyesRefusal(plan: PlanFacts, actor: Actor): string | null {
  const involved = new Set([
    ...(plan.handlerId ? [plan.handlerId] : []),
    ...(plan.handlerStepActorIds ?? []),
    ...plan.adviserIds,
    ...(plan.assignedAdviserIds ?? []),
  ]);
  if (involved.has(actor.userId)) return FOUR_EYES_REFUSAL;
  return plan.settlementProposerIds?.includes(actor.userId) ? PROPOSER_MAY_NOT_SETTLE : null;
}

/**
 * The four-eyes history of the plan aliased `p`, as SQL: lockPlan's statement and
 * loadFourEyesFacts read the same sets. Durable records only: the workflow's events, the audit rows
 * written in the transaction of the act, the seats (a removal keeps the row and its declaredAt).
 */
export const FOUR_EYES_COLUMNS = Prisma.sql`
  ARRAY(
    SELECT e."actorId" FROM "WorkflowEvent" e
    WHERE e."planId" = p.id AND e."actorRole" = 'CASE_HANDLER' AND e."actorId" IS NOT NULL
    UNION
    SELECT l."actorId" FROM "AuditLog" l
    WHERE l."targetType" = 'Plan' AND l."targetId" = p.id AND l."actorId" IS NOT NULL
      AND l.action = ${"plan.handler-taken-over" satisfies AuditAction}
  ) AS "handlerStepActorIds",
  -- A seat removed before its adviser declared never opened the plan: that one does not count.
  ARRAY(
    SELECT s."adviserId" FROM "AdviserAssignment" s
    WHERE s."planId" = p.id AND (s.status <> 'REMOVED' OR s."declaredAt" IS NOT NULL)
  ) AS "assignedAdviserIds",
  -- Every proposal writes its audit row; the Settlement row keeps only the latest proposer.
  ARRAY(
    SELECT l."actorId" FROM "AuditLog" l
    WHERE l."targetType" = 'Plan' AND l."targetId" = p.id AND l."actorId" IS NOT NULL
      AND l.action = ${"settlement.proposed" satisfies AuditAction}
    UNION
    SELECT st."proposedById" FROM "Settlement" st WHERE st."planId" = p.id
  ) AS "settlementProposerIds"`;

export type FourEyesFacts = {
  handlerStepActorIds: string[];
  assignedAdviserIds: string[];
  settlementProposerIds: string[];
};

/** The four-eyes history of a plan, for a page that shows whether the reader may decide or settle it. */
export async function loadFourEyesFacts(db: Pick<Tx, "$queryRaw">, planId: string): Promise<FourEyesFacts> {
  const [row] = await db.$queryRaw<FourEyesFacts[]>`
    SELECT ${FOUR_EYES_COLUMNS} FROM "Plan" p WHERE p.id = ${planId}`;
  return row ?? { handlerStepActorIds: [], assignedAdviserIds: [], settlementProposerIds: [] };
}

export const WINDOW_STILL_OPEN =
  "Het tijdvak van dit plan is nog open: een wachtend plan krijgt budget zodra er geld vrijkomt. Pas na de sluiting van het tijdvak kan het worden afgewezen of gedeeltelijk verleend.";

/** A waiting plan is decided only once its window has closed (design.md §4 "Waiting for budget"). */
export function windowClosedRefusal(plan: Pick<PlanFacts, "status" | "windowClosesAt">): string | null {
  if (plan.status !== "WAITING_FOR_BUDGET") return null;
  if (!plan.windowClosesAt || now() < plan.windowClosesAt) return WINDOW_STILL_OPEN;
  return null;
}

/**
 * The first moment a grant may be revoked: the day after the last day to start (regulation art.
 * 5.2). That last day is the reminder's and the letter's (executionStartDeadline, moved by the
 * Atw), so the applicant is never revoked on a day the letter still allows.
 */
export function revocableFrom(decidedAt: Date, executionStartMonths: number): Date {
  return startOfAmsterdamDay(addCalendarDays(executionStartDeadline(decidedAt, executionStartMonths), 1));
}

/**
 * Intrekking: only once the term to start has passed without a reported start. A reported start
 * moves the plan to IN_EXECUTION, so "no start reported" is the state itself.
 */
export function revokeRefusal(plan: PlanFacts): string | null {
  if (!plan.decidedAt) return "Over dit plan is nog geen besluit genomen.";
  const months = plan.executionStartMonths ?? 6;
  if (now() < revocableFrom(plan.decidedAt, months)) {
    return `De aanvrager mag tot en met ${formatDateNl(executionStartDeadline(plan.decidedAt, months))} met de uitvoering beginnen; pas daarna kan de verlening worden ingetrokken.`;
  }
  return null;
}

const RESERVING_STATUSES = ["INFO_REQUESTED", "IN_ASSESSMENT", "ADVISED"] as const;

/**
 * What the decision maker does with a waiting plan after its window closed; "reject" is the refusal
 * for the ceiling (a refusal on the merits does not depend on the money: checkWaitingRejection).
 */
export type EndOfWindowMove = "grant" | "partial" | "reject";

/**
 * End of the window (design.md §4; ADR 0011): a waiting plan is decided by what is actually left
 * in its pots, and only when nothing more can be released for it. Its envelopes are shared by its
 * fund, so "nothing more" looks at the fund, every window: no plan of the fund still holds a
 * reservation while undecided, and no plan of the fund received before it still awaits its
 * completeness check (found complete, it would go before this one). The line is complete receipt,
 * not the click that found plans complete: for the first waiting plan, the undecided reservations
 * that may give way (IN_ASSESSMENT, ADVISED) of plans received after it are room for it, not money
 * that may yet come free, so they do not hold its decision back (laterYieldingPlans); its grant
 * makes them give way (reserveWhatIsLeft). This reads, it moves nothing: the decision page calls it.
 * Then, under the fund's line lock and the pots' locks (the documented order: plan row, fund line,
 * pots):
 * - the whole request fits: a full grant (the first in the fund's line), never a refusal
 *   "subsidieplafond bereikt" nor a grant in part on that ground;
 * - part of it fits: only the fund's first waiting plan may be granted in part for what is left
 *   (Awb 4:25: refused *insofar as* the ceiling is exceeded), and it is not refused while
 *   something is left for it;
 * - nothing is left for it: refused because the ceiling is reached. For a plan behind the first,
 *   "nothing" counts after the waiting plans before it took the most they could
 *   (somethingLeftBehindEarlier): money they can never take is still this plan's.
 * Returns the refusal, or null. The fund's line lock is held to the end of the transaction.
 */
export async function endOfWindowRefusal(
  tx: Tx,
  planId: string,
  move: EndOfWindowMove,
): Promise<string | null> {
  return (await endOfWindowRefusals(tx, planId))[move];
}

/** endOfWindowRefusal for every move at once, from one reading (the decision page offers all three). */
export async function endOfWindowRefusals(
  tx: Tx,
  planId: string,
): Promise<Record<EndOfWindowMove, string | null>> {
  const all = (refusal: string) => ({ grant: refusal, partial: refusal, reject: refusal });
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { windowId: true, completeReceivedAt: true, regulation: { select: { fund: true } } },
  });
  if (!plan.windowId) return all("Dit plan is in geen tijdvak ontvangen.");
  const fund = plan.regulation.fund;
  await lockFundLine(tx, fund);
  const yielding = await laterYieldingPlans(tx, planId);
  const holding = await tx.plan.findFirst({
    where: {
      regulation: { fund },
      id: { notIn: [planId, ...yielding] },
      status: { in: [...RESERVING_STATUSES] },
      completeReceivedAt: { not: null },
    },
    orderBy: [{ completeReceivedAt: "asc" }, { number: "asc" }],
    select: { reference: true },
  });
  if (holding) {
    return all(
      `Er kan nog budget vrijkomen: over plan ${holding.reference} is nog niet beslist. Beslis eerst over de plannen met een reservering.`,
    );
  }
  if (plan.completeReceivedAt) {
    // Only a SUBMITTED plan can still turn out complete with an earlier receipt. One asked to
    // supplement before it was found complete (INFO_REQUESTED without completeReceivedAt) is
    // received when its supplement arrives (supplementArrived; Awb 4:5, art. 1.5): after this
    // plan's complete receipt, so it can never go first and does not hold this plan back. One asked
    // during assessment (INFO_REQUESTED with completeReceivedAt) keeps its place and its reservation
    // while it answers: the `holding` check above already waits for it (RESERVING_STATUSES).
    const unchecked = await tx.plan.findFirst({
      where: {
        regulation: { fund },
        id: { not: planId },
        receivedAt: { lt: plan.completeReceivedAt },
        status: "SUBMITTED",
      },
      orderBy: [{ receivedAt: "asc" }, { number: "asc" }],
      select: { reference: true },
    });
    if (unchecked) {
      return all(
        `Plan ${unchecked.reference} is eerder ontvangen en nog niet volledig verklaard; volledig gaat het voor. Beslis over de wachtende plannen nadat de volledigheid ervan is vastgesteld.`,
      );
    }
  }
  const { earlier } = await earlierWaiting(tx, planId);
  const left = await leftForPlan(tx, planId, { yielding });
  const asked = left.perYear.filter((y) => y.requestedCents > 0n);
  const total = asked.reduce((sum, y) => sum + y.requestedCents, 0n);
  const wholeFits = total <= left.windowCents && asked.every((y) => y.requestedCents <= y.leftCents);
  const someLeft = left.windowCents > 0n && asked.some((y) => y.leftCents > 0n);
  const grant = earlier
    ? `Plan ${earlier.reference} wacht al langer op budget en gaat voor (volgorde van ontvangst). ${decideEarlierFirst(earlier)}`
    : wholeFits
      ? null
      : "Het gevraagde bedrag past niet meer in wat er over is: kies gedeeltelijk verlenen voor wat er over is.";
  if (wholeFits) {
    const fits = earlier
      ? `Het gevraagde bedrag past nog in wat er over is, maar plan ${earlier.reference} wacht al langer en gaat voor. ${decideEarlierFirst(earlier)}`
      : "Het gevraagde bedrag past nog in wat er over is: het subsidieplafond is voor dit plan niet bereikt. Kies verlenen.";
    return { grant, partial: fits, reject: fits };
  }
  // A plan behind the first is refused for the ceiling only insofar as it is exceeded (Awb 4:25 lid
  // 2): not while something is left for it even after every earlier waiting plan took the most it
  // could — money in a pot those plans cannot take (another window's, a year they do not ask) is its.
  const reject = !someLeft
    ? null
    : !earlier
      ? "Er is nog budget over voor dit plan: het wordt niet afgewezen omdat het plafond is bereikt, maar gedeeltelijk verleend voor wat er over is."
      : (await somethingLeftBehindEarlier(tx, planId, fund))
        ? `Er is nog budget over voor dit plan, ook als de plannen die eerder wachten krijgen wat zij hoogstens kunnen krijgen: het wordt niet afgewezen omdat het plafond is bereikt (artikel 4:25, tweede lid, Awb). Plan ${earlier.reference} wacht al langer op budget en gaat voor (volgorde van ontvangst). ${decideEarlierFirst(earlier)}`
        : null;
  return {
    grant,
    // Where the ceiling cannot refuse this plan (reject says so), neither may this text claim it does.
    partial: !earlier
      ? null
      : reject !== null
        ? `Alleen het eerste wachtende plan (${earlier.reference}) kan nu gedeeltelijk worden verleend; dit plan komt daarna aan de beurt, want er blijft budget voor over. ${decideEarlierFirst(earlier)}`
        : `Alleen het eerste wachtende plan (${earlier.reference}) kan gedeeltelijk worden verleend voor wat er over is; de andere wachtende plannen worden afgewezen omdat het subsidieplafond is bereikt.`,
    reject,
  };
}

/**
 * What the decision maker does about the earlier waiting plan that goes first. While its window is
 * open it cannot be decided on the money (WINDOW_STILL_OPEN), so "decide it first" would send them
 * to a refusal: this plan waits until that window closes, or until the earlier plan is refused on
 * the merits (which checkWaitingRejection allows while its window is open). If this plan's decision
 * term ends before then, the applicant must be told so with a new term (Awb 4:14); the portal has
 * no code for that notice, so the message says it.
 */
function decideEarlierFirst(earlier: { reference: string; window: { closesAt: Date } | null }): string {
  if (!earlier.window || now() >= earlier.window.closesAt)
    return `Beslis eerst over plan ${earlier.reference}.`;
  const lastDay = formatDateNl(addCalendarDays(amsterdamDate(earlier.window.closesAt), -1));
  return `Het tijdvak van plan ${earlier.reference} is nog open tot en met ${lastDay}; pas daarna kan daarover op het budget worden beslist. Wacht met dit plan tot dat tijdvak is gesloten, of tot plan ${earlier.reference} op de inhoud is afgewezen. Verstrijkt de beslistermijn van dit plan eerder, deel de aanvrager dan mee dat het besluit later komt en noem een nieuwe termijn (artikel 4:14 Awb).`;
}

/**
 * For a waiting plan that is not first in its fund's line (endOfWindowRefusals): is anything left
 * for it — something in its window pot and something across the years it asks — whatever the waiting
 * plans of the fund received before it take? They take the most they could (most-taken.ts): from
 * each year at most their request and the envelope's room, and over all their years together at
 * most their window's room, shared with the other plans of that window — not their most in every
 * pot at once, which a window too small for that does not let them (a plan short in its own window
 * cannot take the later plan's money in each year it asks). The later plan is refused for the
 * ceiling only when that most could leave its window nothing, or its years together nothing (the
 * total left across them at most what the earlier plans could take there): the ADR's case of earlier
 * plans that could take everything. Counted as a maximum over every way they could be granted — in
 * part, in any order, some refused on the merits — it is never less than what their decisions will
 * take, and never more than they could: so when it says something is left, something will be left
 * (the refusal would refuse more than the ceiling exceeds, Awb 4:25 lid 2), and "decide the earlier
 * plan first" is asked only then. No undecided reservation is left in the fund here
 * (endOfWindowRefusals' `holding` check), so what the pots have is all there is.
 *
 * Locks: the caller holds the plan's row, the fund's line and this plan's pots (leftForPlan), so
 * those figures are exact. The other pots — the earlier plans' windows and years this plan does not
 * ask — are read without their locks: taking them now would be a second round of pot locks, out of
 * the one sorted acquisition every writer keeps. That is safe: nothing can take money from a pot of
 * the fund without the fund's line lock (reservations: complete, budget_available, supply_info), and
 * a window's ceiling, once it opened, is only ever raised (regulation/setup.server.ts changeWindow);
 * so a figure read here can only be too low, by a release or a raised ceiling committed since, which
 * makes the earlier plans' most smaller (it only grows with a room) and leaves more for this plan — towards "decide the earlier
 * plan first", never towards a refusal too many. A lowered envelope ceiling (allowed while it holds
 * enough) touches only that pot's row, which this refusal does not write (a waiting plan holds
 * nothing): it is as if it came after this decision.
 */
async function somethingLeftBehindEarlier(tx: Tx, planId: string, fund: string): Promise<boolean> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { number: true, completeReceivedAt: true, ...CLAIM_FIELDS },
  });
  const at = plan.completeReceivedAt;
  if (!plan.window || !at) return false;
  // The waiting plans before it in LINE_ORDER, as earlierWaiting finds the first of them.
  const earlier = await tx.plan.findMany({
    where: {
      id: { not: planId },
      status: "WAITING_FOR_BUDGET",
      regulation: { fund },
      OR: [
        { completeReceivedAt: { lt: at } },
        { completeReceivedAt: at, number: { lt: plan.number } },
        { completeReceivedAt: null },
      ],
    },
    orderBy: LINE_ORDER,
    select: CLAIM_FIELDS,
  });
  const line = await lineClaims(tx, fund, [plan, ...earlier]);
  const ahead = line.claims.slice(1).flatMap((c) => c ?? []);
  const roomOf = (potId: string) => {
    const cents = line.room.get(potId) ?? 0n;
    return cents > 0n ? cents : 0n;
  };
  const windowPotId = plan.window.potId;
  const windowLeft = roomOf(windowPotId) - mostTaken(ahead, line.room, { windows: new Set([windowPotId]) });
  const years = new Set(plan.years.flatMap((y) => line.envelopePot.get(y.year) ?? []));
  const yearsLeft = sumCents([...years].map(roomOf)) - mostTaken(ahead, line.room, { years });
  return windowLeft > 0n && yearsLeft > 0n;
}

/** What a waiting plan's claim on the pots is made of (most-taken.ts): its window and the years it asks. */
const CLAIM_FIELDS = {
  window: { select: { potId: true } },
  years: { where: { requestedCents: { gt: 0n } }, select: { year: true, requestedCents: true } },
} satisfies Prisma.PlanSelect;

type ClaimFields = { window: { potId: string } | null; years: { year: number; requestedCents: bigint }[] };

/**
 * Waiting plans of `fund` as most-taken.ts counts them: each plan's claim, in the order given (null
 * for a plan in no window; a year without an envelope takes nothing), and the room of the fund's
 * envelopes and of these plans' windows as they stand. A plain read: each caller says why its locks
 * make that safe.
 */
async function lineClaims(tx: Tx, fund: string, plans: ClaimFields[]) {
  const envelopes = await tx.budgetEnvelope.findMany({
    where: { fund },
    select: { year: true, potId: true },
  });
  const envelopePot = new Map(envelopes.map((e) => [e.year, e.potId]));
  const windowPots = plans.flatMap((p) => (p.window ? [p.window.potId] : []));
  const pots = await tx.budgetPot.findMany({
    where: { id: { in: [...new Set([...windowPots, ...envelopePot.values()])] } },
    select: { id: true, ceilingCents: true, reservedCents: true, committedCents: true },
  });
  const room = new Map(pots.map((p) => [p.id, availableCents(p)]));
  const claims = plans.map(
    (p): Claim | null =>
      p.window && {
        windowPotId: p.window.potId,
        years: p.years.flatMap((y) => {
          const potId = envelopePot.get(y.year);
          return potId ? [{ potId, cents: y.requestedCents }] : [];
        }),
      },
  );
  return { envelopePot, room, claims };
}

/**
 * grant and grant_partially of a plan that holds a reservation (ADVISED): refused while a waiting
 * plan of its fund, received before it, could be decided by the end-of-window rule before it and
 * this plan's reservation is room for that plan — the rule would make this plan give way when that
 * plan is granted (yieldToFirstInLine: the later undecided reservations that hold money where it is
 * short). Granting this plan first would turn that room into a commitment, and the click would
 * decide who gets the money instead of the order of receipt (design.md §4/§5, ADR 0011).
 *
 * The fund's waiting plans received before it are walked in line order, each asked whether this
 * plan would give way to it (reservationsToYield with the undecided plans received after it): not
 * only the first, for a later one's room may lie where the first cannot use it (another window's
 * pot): once the first is decided the next is first, and this plan's reservation is its room. The
 * walk stops at the first waiting plan whose window is still open: that one is not decided on the
 * money yet, nor are the plans behind it, so they do not hold this plan back (0b50c31). Only the
 * fund's first waiting plan can be decided first, so the refusal names that one, whichever plan the
 * room is for; never a plan behind it, which would send the decision maker in a circle.
 * Rejecting this plan stays possible (it releases money).
 *
 * Each waiting plan is asked with what the plans ahead of it leave (leftPerPot): they are decided
 * first and take from the same year envelopes, so a plan that fits as the pots stand may be short
 * once they took their most. Per pot the least it could keep, all at once: more shortage than any
 * one way of deciding them leaves, so this plan gives way sooner rather than later — erring towards
 * "decide the earlier plans first" (which only waits), never towards this plan keeping money an
 * earlier plan may need. That the plans ahead could also make undecided reservations give way is
 * left out on the same side: that money would be theirs, leaving more in the pots, not less.
 *
 * A plain read, without the fund's line lock: this plan's row is locked (lockPlan), which any
 * waiting plan's grant needs to make it give way, so the two take turns; taking the line lock here,
 * after the row, could deadlock with that grant, which takes the line before this row. A waiting
 * plan decided meanwhile only moves the next one up, which the walk asks about as well.
 * Returns the refusal, or null.
 */
export async function firstInLineRefusal(tx: Tx, planId: string): Promise<string | null> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { number: true, completeReceivedAt: true, regulation: { select: { fund: true } } },
  });
  const at = plan.completeReceivedAt;
  if (!at) return null;
  const fund = plan.regulation.fund;
  const before = await tx.plan.findMany({
    where: {
      regulation: { fund },
      status: "WAITING_FOR_BUDGET",
      OR: [{ completeReceivedAt: { lt: at } }, { completeReceivedAt: at, number: { lt: plan.number } }],
    },
    orderBy: LINE_ORDER,
    select: {
      id: true,
      reference: true,
      number: true,
      completeReceivedAt: true,
      window: { select: { closesAt: true, potId: true } },
      years: CLAIM_FIELDS.years,
    },
  });
  const first = before[0];
  if (!first) return null;
  const line = await lineClaims(tx, fund, before);
  for (const [i, waiting] of before.entries()) {
    if (!waiting.window || now() < waiting.window.closesAt || !waiting.completeReceivedAt) break;
    // Only an undecided plan received after it (IN_ASSESSMENT, ADVISED) is among these.
    const later = await laterUndecided(tx, {
      planId: waiting.id,
      fund,
      number: waiting.number,
      at: waiting.completeReceivedAt,
    });
    if (!later.includes(planId)) continue;
    // What the plans ahead of it leave at the least: they are decided first and share its years.
    const left = leftPerPot(
      line.claims.slice(0, i).flatMap((c) => c ?? []),
      line.room,
      {
        windowPotId: waiting.window.potId,
        yearPotIds: waiting.years.flatMap((y) => line.envelopePot.get(y.year) ?? []),
      },
    );
    const giving = await reservationsToYield(tx, {
      planId: waiting.id,
      holderIds: later,
      lock: false,
      inPart: true,
      left,
    });
    if (!giving?.includes(planId)) continue;
    const behind =
      waiting.id === first.id
        ? ""
        : ` Plan ${waiting.reference} wacht achter plan ${first.reference}, het eerste wachtende plan van dit budget.`;
    return `Plan ${waiting.reference} is eerder volledig ontvangen en wacht op budget, en het tijdvak daarvan is gesloten: wat dit plan gereserveerd heeft, is ruimte voor dat plan (volgorde van ontvangst).${behind} Beslis eerst over plan ${first.reference}; afwijzen kan wel.`;
  }
  return null;
}

/** Effect of grant and grant_partially: firstInLineRefusal, before anything is booked. */
export async function grantAfterFirstInLine({ tx, plan }: EffectContext): Promise<void> {
  const refusal = await firstInLineRefusal(tx, plan.id);
  if (refusal) throw new RuleViolation(refusal, "outcome");
}

/** The waiting plan first in its fund's line: order of complete receipt, then of number. */
export async function firstWaitingPlan(tx: Pick<Tx, "plan">, fund: string) {
  return tx.plan.findFirst({
    where: { regulation: { fund }, status: "WAITING_FOR_BUDGET" },
    orderBy: [{ completeReceivedAt: "asc" }, { number: "asc" }],
    select: { id: true, reference: true, window: { select: { closesAt: true } } },
  });
}

/**
 * grant and grant_partially from WAITING_FOR_BUDGET: the plan holds nothing yet, so the granted
 * amounts (each year at most the request) are reserved first, under the fund's line lock the
 * end-of-window check took, and then committed by the next effect. A no-op for an advised plan.
 * First the undecided reservations of later-received plans that the end-of-window rule counts as
 * room give way (yieldToFirstInLine: before any pot is locked, in the documented lock order), so
 * the rule and the ceiling's check below read what is left after them.
 */
export async function reserveWhatIsLeft({ tx, plan, actor, input, fireEvent }: EffectContext): Promise<void> {
  if (plan.status !== "WAITING_FOR_BUDGET") return;
  if (!input.grantedPerYear) throw new Error("grant of a waiting plan without amounts");
  await yieldToFirstInLine(tx, { planId: plan.id, fireEvent });
  const whole = await wholeRequest(tx, plan.id, input.grantedPerYear);
  const refusal = await endOfWindowRefusal(tx, plan.id, whole ? "grant" : "partial");
  if (refusal) throw new RuleViolation(refusal, "outcome");
  if (!whole && input.ceilingRoom) {
    // For the ceiling only what no longer fits is refused: the grant is all that is left, each year
    // at most its room and its envelope, together at most the window (pots locked just above; the
    // later reservations that were room have given way, so this is what they left).
    const left = await leftForPlan(tx, plan.id);
    const atLeast0 = (cents: bigint) => (cents > 0n ? cents : 0n);
    const room = input.ceilingRoom.reduce((sum, r) => {
      const year = left.perYear.find((l) => l.year === r.year);
      return sum + minCents(r.cents, year ? atLeast0(year.leftCents) : 0n);
    }, 0n);
    const most = minCents(room, atLeast0(left.windowCents));
    const total = sumCents(input.grantedPerYear.map((g) => g.cents));
    if (total < most)
      throw new RuleViolation(
        `Er is nog ${formatEuro(most)} over voor dit plan; u verleent ${formatEuro(total)}. Wegens het subsidieplafond wordt alleen afgewezen wat niet meer past (artikel 4:25, tweede lid, Awb): verleen wat er over is.`,
        "amounts",
      );
  }
  await reserveForPlan(tx, {
    planId: plan.id,
    actorId: actor.userId,
    perYear: input.grantedPerYear,
    reason: whole
      ? "Budget vrijgekomen na de sluiting van het tijdvak: de aanvraag wordt verleend"
      : "Subsidieplafond bereikt: wat resteert wordt verleend",
  });
}

/**
 * What is left per year for a waiting plan, as the decision form offers it (whatIsLeft of the pots
 * budgetImpact read): once its window has closed and it is first in its fund's line, with the
 * undecided reservations of later-received plans counted as room — what endOfWindowRefusals counts
 * and its grant makes give way (reserveWhatIsLeft). A plain read without locks, for a page.
 */
export async function whatIsLeftForWaiting(
  db: PrismaClient | Tx,
  plan: Pick<PlanFacts, "id" | "status" | "windowClosesAt">,
  requested: { year: number; cents: bigint }[],
  pots: ImpactPot[],
): Promise<{ year: number; cents: bigint }[]> {
  const closed = windowClosedRefusal(plan) === null;
  const room = await reservedByPlans(db, closed ? await laterYieldingPlans(db, plan.id) : []);
  return whatIsLeft(
    requested,
    pots.map((p) => ({ ...p, reservedCents: p.reservedCents - (room.get(p.potId) ?? 0n) })),
  );
}

async function wholeRequest(tx: Tx, planId: string, granted: { year: number; cents: bigint }[]) {
  const years = await tx.planYear.findMany({
    where: { planId },
    select: { year: true, requestedCents: true },
  });
  return years.every((y) => (granted.find((g) => g.year === y.year)?.cents ?? 0n) === y.requestedCents);
}

export const MERITS_NEED_ADVICE =
  "Wacht op advies: dit plan is nog niet door genoeg adviseurs van het Actieteam aan de criteria van de regeling getoetst (art. 2.5). Afwijzen op een grond uit de regeling of de Awb kan pas nadat het advies er is; afwijzen omdat het subsidieplafond is bereikt kan zonder advies.";

/**
 * reject from WAITING_FOR_BUDGET, by its ground (ADR 0011). The ceiling only by the end-of-window
 * rule: the window closed, nothing left for it (also when no ground is given). Any other ground —
 * art. 2.5, Awb 4:35 — rests on the plan, not on the money (a refusal on the merits is no refusal
 * for the ceiling): at any time, window open or closed and whatever is left, once the plan has its
 * advice (enoughAdvice on the current version: nobody refuses on the merits what nobody assessed).
 * A waiting plan holds nothing, so either ground frees its place alike: the reject event's
 * releaseBudget and allocateReleasedMoney let the next plan move up.
 */
export async function checkWaitingRejection({ tx, plan, input }: EffectContext): Promise<void> {
  if (plan.status !== "WAITING_FOR_BUDGET") return;
  if (!input.groundCode || input.groundCode === CEILING_REACHED) {
    const refusal = windowClosedRefusal(plan) ?? (await endOfWindowRefusal(tx, plan.id, "reject"));
    if (refusal) throw new RuleViolation(refusal, "outcome");
    return;
  }
  // Its place in the line changes hands: under the fund's line lock (after the plan's row, the
  // documented order), so a later plan decided meanwhile sees it waiting or gone, not both.
  const { regulation } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { regulation: { select: { fund: true } } },
  });
  await lockFundLine(tx, regulation.fund);
  if (!(await enoughAdvice(tx, plan))) throw new RuleViolation(MERITS_NEED_ADVICE, "outcome");
}
