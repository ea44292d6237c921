import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { advisersRequiredOf, enoughAdvice } from "../assessment/assessment.server.ts";
import { BudgetShortfallError, RuleViolation } from "../errors.ts";
import { writeOutbox } from "../outbox.server.ts";
import { DECISION_TERM_KINDS, scheduleDecisionTermReminders } from "../reminders/reminders.server.ts";
import type { EffectContext, FireEvent } from "../workflow/definition.server.ts";
import { availableCents } from "./balances.ts";
import {
  moveReservationForPlan,
  releaseForPlan,
  reservationsToYield,
  reserveForPlan,
} from "./ledger.server.ts";

/**
 * Allocation in order of complete receipt (regulation art. 1.5; design.md §4 "Waiting for budget";
 * docs/decisions/0011-allocation-in-order-of-receipt.md).
 *
 * The plans of one regulation `fund` compete: they share its yearly envelopes, whichever window
 * they came in through. The rule:
 * - A plan that becomes complete waits (WAITING_FOR_BUDGET) when a pot cannot hold it, OR when an
 *   earlier-received plan of the same fund is already waiting: nobody overtakes the waiting line,
 *   not even a smaller plan that would fit.
 * - When money is released (rejection, withdrawal, not considered, the released rest of a partial
 *   grant, a revocation, a lower settlement, a raised ceiling) the releasing transaction writes an
 *   `allocateWaiting` outbox message (requestAllocation). The budget worker then reserves the
 *   waiting plans of that fund in order of `completeReceivedAt` (tie: plan `number`), each that
 *   fits, and stops at the first that does not fit (head of line), so a later plan never gets
 *   money an earlier one still waits for.
 * - "Earlier" and "fits" are decided under a transaction-level advisory lock per fund, taken after
 *   the plan's row lock and before the pots' locks (the same order everywhere, so no cycles): two
 *   plans of one fund becoming complete at once, or a completion racing the worker, queue up there.
 * - A complete plan holds no worse a place than plans received after it: wherever it would
 *   otherwise wait — found complete (complete), its amounts changed by a supplement
 *   (supply_info), served from the waiting line (budget_available) — their undecided reservations
 *   give way to it when that makes it fit. One function decides that place (takePlaceInLine).
 * - When a window has closed and nothing more can be released, the end-of-window rule of
 *   decision/engine.server.ts applies (first waiting plan granted in part, the others rejected).
 *   For the first waiting plan the undecided reservations of plans received after it are room,
 *   and its grant makes them give way first (yieldToFirstInLine): the handler's click is no place.
 *
 * The worker acts as BUDGET_SYSTEM_ACTOR: there is no user behind it. WorkflowEvent.actorId and
 * LedgerEntry.actorId are plain strings without a foreign key, so they record the fixed id
 * "systeem:budget" (role FINANCE, which budget_available requires); the event's hash chain covers
 * it like any other actor id, and pages that look up names show no person for it.
 */

export const BUDGET_SYSTEM_ACTOR: Actor = Object.freeze({
  userId: "systeem:budget",
  roles: ["FINANCE"],
  organisationIds: [],
}) as Actor;

export const WAITING_REASON = "Budget vrijgekomen: reservering in volgorde van ontvangst";

type Db = PrismaClient | Tx;

/** Asks the budget worker to serve the fund's waiting line, in the caller's transaction. */
export async function requestAllocation(tx: Tx, fund: string): Promise<void> {
  await writeOutbox(tx, "allocateWaiting", { fund });
}

/** Serialises "who is first, and does it fit" per fund until the end of the transaction. */
export async function lockFundLine(tx: Tx, fund: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`waiting-line:${fund}`}))::text AS locked`;
}

const WAITING: PlanStatus = "WAITING_FOR_BUDGET";
/** The order of a fund's waiting line (ADR 0011): complete receipt, then plan number. */
export const LINE_ORDER = [{ completeReceivedAt: "asc" as const }, { number: "asc" as const }];

/** The waiting plan of the same fund received before this one, if any (the one it may not overtake). */
export async function earlierWaiting(tx: Db, planId: string) {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { number: true, completeReceivedAt: true, regulation: { select: { fund: true } } },
  });
  const fund = plan.regulation.fund;
  const at = plan.completeReceivedAt;
  const earlier = await tx.plan.findFirst({
    where: {
      id: { not: planId },
      status: WAITING,
      regulation: { fund },
      ...(at
        ? {
            OR: [
              { completeReceivedAt: { lt: at } },
              { completeReceivedAt: at, number: { lt: plan.number } },
              { completeReceivedAt: null },
            ],
          }
        : {}),
    },
    orderBy: LINE_ORDER,
    // Its window's close: while it is open the plan is not decided on the money (engine.server.ts).
    select: { reference: true, window: { select: { closesAt: true } } },
  });
  return { fund, earlier };
}

/**
 * The plan's place in its fund's line, for every path that would reserve for a complete plan or
 * let it wait (complete, supply_info after a changed request, budget_available): the one place the
 * rule of complete receipt is applied. Takes the fund's line lock (held to the end of the
 * transaction; the caller holds the plan's row). When an earlier plan of the fund waits, that plan
 * is returned and this one may take no money. Otherwise the undecided reservations of plans received
 * later have given way as far as that makes this plan fit (yieldLaterReservations), and the caller
 * books — or, when even that would not make it fit, nobody gave way and the booking finds no room.
 */
async function takePlaceInLine(
  tx: Tx,
  args: { planId: string; fireEvent: FireEvent },
): Promise<{ fund: string; earlier: { reference: string } | null }> {
  const { fund } = await tx.plan
    .findUniqueOrThrow({ where: { id: args.planId }, select: { regulation: { select: { fund: true } } } })
    .then((p) => p.regulation);
  await lockFundLine(tx, fund);
  const { earlier } = await earlierWaiting(tx, args.planId);
  if (!earlier) await yieldLaterReservations(tx, { planId: args.planId, fund, fireEvent: args.fireEvent });
  return { fund, earlier };
}

/**
 * For "complete": reserves the plan's budget, or says it must wait — because a pot cannot hold it
 * or because an earlier plan of its fund waits. reserveForPlan writes nothing before it throws
 * BudgetShortfallError, so the caller's transaction goes on cleanly with the plan waiting.
 *
 * The handler's click is not the plan's place in line, its complete receipt is: a plan received
 * later but found complete sooner may hold the money this one needs (takePlaceInLine).
 */
export async function reserveInOrderOrWait(
  tx: Tx,
  args: { planId: string; actorId: string | null; fireEvent: FireEvent },
): Promise<"RESERVED" | "WAITING"> {
  const { earlier } = await takePlaceInLine(tx, args);
  if (earlier) return "WAITING";
  try {
    await reserveForPlan(tx, { planId: args.planId, actorId: args.actorId });
    return "RESERVED";
  } catch (err) {
    if (err instanceof BudgetShortfallError) return "WAITING";
    throw err;
  }
}

/** The statuses in which a plan holds a reservation that may give way: complete, not decided. */
const MAY_YIELD: PlanStatus[] = ["IN_ASSESSMENT", "ADVISED"];

export const yieldReason = (reference: string) =>
  `Reservering vervallen: plan ${reference} is eerder volledig ontvangen en gaat voor (volgorde van ontvangst)`;

/**
 * Allocation follows complete receipt (regulation art. 1.5, Awb 4:26; design.md §2 and §5), not
 * the order in which handlers declared plans complete, nor the order in which supplements came in
 * or money came free. So when `planId` (no earlier plan of its fund waiting) does not fit and plans of
 * its fund received LATER hold reservations without a decision (IN_ASSESSMENT, ADVISED), the latest
 * of them give their reservation back, as few as make it fit, and wait again (yield_budget, fired
 * by the budget system actor as budget_available is: a WorkflowEvent in their chain, a RELEASE in
 * the ledger, an allocation request), at their own place in line. A grant (COMMITMENT) never gives
 * way, nor does a plan that is asked for a supplement (INFO_REQUESTED: its reservation follows its
 * answer, followChangedRequest). Nobody gives way when that would not make the plan fit — except
 * with `inPart` (the first waiting plan granted at the end of its window, yieldToFirstInLine): then
 * every one that holds money where it is short gives way, for it is granted what is left. What the
 * plan itself still holds (a changed request) counts as room for it (reservationsToYield).
 *
 * Locks, under the fund's line lock the caller holds (takePlaceInLine, yieldToFirstInLine): the
 * rows of the plans that give way (taken after the fund lock: those plans are IN_ASSESSMENT or
 * ADVISED, no event from those states waits for a fund lock, and the plan whose row the caller holds
 * is SUBMITTED, INFO_REQUESTED or WAITING_FOR_BUDGET, never one that gives way, so no cycle), then
 * all the pots at once, then the events and bookings,
 * which re-take locks already held. A plan comes to hold a reservation in IN_ASSESSMENT or ADVISED
 * only under the fund lock (complete, budget_available, supply_info), so meanwhile the holders can
 * only drop out (decided, withdrawn, asked for a supplement): the choice is read again after each
 * round of row locks, until every plan chosen was read while locked.
 */
async function yieldLaterReservations(
  tx: Tx,
  args: { planId: string; fund: string; fireEvent: FireEvent; inPart?: boolean },
): Promise<void> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: args.planId },
    select: { number: true, completeReceivedAt: true, reference: true },
  });
  const at = plan.completeReceivedAt;
  if (!at) return;
  const inPart = args.inPart ?? false;
  const locked = new Set<string>();
  let chosen: string[] = [];
  for (;;) {
    const later = await laterUndecided(tx, { ...args, number: plan.number, at });
    const answer = await reservationsToYield(tx, {
      planId: args.planId,
      holderIds: later,
      lock: false,
      inPart,
    });
    if (!answer || answer.length === 0) return;
    chosen = answer;
    const toLock = chosen.filter((id) => !locked.has(id)).sort();
    if (toLock.length === 0) break;
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ANY(${toLock}::text[]) ORDER BY id FOR UPDATE`;
    for (const id of toLock) locked.add(id);
  }
  // Exact now: the chosen plans are locked, and so (below) are the pots.
  const yielding = await reservationsToYield(tx, {
    planId: args.planId,
    holderIds: chosen,
    lock: true,
    inPart,
  });
  if (!yielding) return;
  const versions = await tx.plan.findMany({
    where: { id: { in: yielding } },
    select: { id: true, version: true },
  });
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  for (const id of yielding) {
    await args.fireEvent({
      planId: id,
      event: "yield_budget",
      actor: BUDGET_SYSTEM_ACTOR,
      expectedVersion: versionOf.get(id) as number,
      input: { reason: yieldReason(plan.reference) },
    });
  }
}

/**
 * The plans of `fund` received after the plan (LINE_ORDER) that hold an undecided reservation, latest
 * first: whether or not an earlier plan waits (laterYieldingPlans asks that too). Exported for the
 * end-of-window check of a later advised plan (engine.server.ts firstInLineRefusal), which asks it for
 * every waiting plan before it, not only the first.
 */
export async function laterUndecided(
  db: Db,
  args: { planId: string; fund: string; number: number; at: Date },
): Promise<string[]> {
  const later = await db.plan.findMany({
    where: {
      id: { not: args.planId },
      status: { in: MAY_YIELD },
      regulation: { fund: args.fund },
      OR: [
        { completeReceivedAt: { gt: args.at } },
        { completeReceivedAt: args.at, number: { gt: args.number } },
      ],
    },
    orderBy: [{ completeReceivedAt: "desc" }, { number: "desc" }],
    select: { id: true },
  });
  return later.map((p) => p.id);
}

/**
 * The end of the window, in the same order of receipt (design.md §4/§5, ADR 0011): the click that
 * found a later plan complete first did not give it a better place than a plan received before it.
 * For a waiting plan with no earlier plan of its fund waiting (the first in line), the plans received
 * after it whose reservations may give way (IN_ASSESSMENT, ADVISED) — latest first: what they hold
 * is room for it, and they no longer hold its decision back (engine.server.ts endOfWindowRefusals).
 * [] when an earlier plan waits (it goes first) or the plan has no complete receipt. A plain read:
 * the decision itself makes them give way under the locks (yieldToFirstInLine).
 */
export async function laterYieldingPlans(db: Db, planId: string): Promise<string[]> {
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { number: true, completeReceivedAt: true },
  });
  if (!plan.completeReceivedAt) return [];
  const { fund, earlier } = await earlierWaiting(db, planId);
  if (earlier) return [];
  return laterUndecided(db, { planId, fund, number: plan.number, at: plan.completeReceivedAt });
}

/**
 * Effect of grant and grant_partially of a waiting plan after its window closed (engine.server.ts
 * reserveWhatIsLeft), before the end-of-window rule reads what is left: when the plan is first in its
 * fund's line, the undecided reservations of plans received after it give way to it
 * (yieldLaterReservations) — as few as make its whole request fit, or, when even all of them do not,
 * every one that holds money where it is short: it is granted in part for what is left, and that
 * includes what they held. Whatever its grant leaves over goes back to the line as any release does
 * (yield_budget requests the allocation; the plans that gave way wait at their own place).
 * Locks in the documented order: the plan's row (the caller's), the fund's line, the rows of the
 * plans that give way, the pots. Nobody gives way when an earlier plan waits; a refusal after this
 * (the end-of-window rule, the advice) rolls the yields back with the decision.
 */
export async function yieldToFirstInLine(
  tx: Tx,
  args: { planId: string; fireEvent: FireEvent },
): Promise<void> {
  const { fund } = await tx.plan
    .findUniqueOrThrow({ where: { id: args.planId }, select: { regulation: { select: { fund: true } } } })
    .then((p) => p.regulation);
  await lockFundLine(tx, fund);
  const { earlier } = await earlierWaiting(tx, args.planId);
  if (!earlier) await yieldLaterReservations(tx, { ...args, fund, inPart: true });
}

export const CHANGED_REQUEST_REASON =
  "Aanvulling ontvangen: reservering volgt de gewijzigde bedragen per jaar";
export const CHANGED_REQUEST_WAITS_REASON =
  "Aanvulling ontvangen: de gewijzigde bedragen passen niet, de plaats in de wachtrij blijft de volledige ontvangst";

/**
 * For a supplement that arrived while the plan held a reservation (asked during assessment): the
 * resubmission rewrote its yearly amounts, and the reservation must follow them, or the old years
 * keep money nobody asks for and the grant finds nothing reserved in the new ones.
 *
 * The plan keeps its place: its complete receipt (completeReceivedAt) does not move, as it does
 * not for any plan that waits. So it is treated as the waiting line treats a plan at that place
 * (takePlaceInLine): it takes no money an earlier waiting plan of its fund needs, and the undecided
 * reservations of plans received after it give way when that makes the new amounts fit. It keeps
 * what it holds when the new amounts fit; otherwise it gives its whole reservation back and waits (WAITING_FOR_BUDGET),
 * as a complete plan that does not fit does, and budget_available serves it in order of receipt.
 * Holding on to the old reservation is no option (a grant cannot commit years it does not hold),
 * nor is keeping the part that fits: the line reserves whole plans, and a partial grant for what
 * is left is the decision maker's, at the end of the window. Either way money may be released, so
 * the worker is asked to serve the line: an earlier waiting plan may fit now.
 */
export async function followChangedRequest(
  tx: Tx,
  args: { planId: string; actorId: string | null; fireEvent: FireEvent },
): Promise<"UNCHANGED" | "MOVED" | "WAITING"> {
  const { fund, earlier } = await takePlaceInLine(tx, args);
  let moved: Awaited<ReturnType<typeof moveReservationForPlan>>;
  try {
    moved = await moveReservationForPlan(tx, {
      planId: args.planId,
      actorId: args.actorId,
      reason: CHANGED_REQUEST_REASON,
      takeNoMore: earlier !== null,
    });
  } catch (err) {
    if (!(err instanceof BudgetShortfallError)) throw err;
    moved = "NEEDS_MORE";
  }
  if (moved === "NONE" || moved === "UNCHANGED") return "UNCHANGED";
  if (moved === "MOVED") {
    // A year given up (or a lower request) is money released.
    await requestAllocation(tx, fund);
    return "MOVED";
  }
  await releaseForPlan(tx, {
    planId: args.planId,
    actorId: args.actorId,
    reason: CHANGED_REQUEST_WAITS_REASON,
  });
  await requestAllocation(tx, fund);
  return "WAITING";
}

/**
 * Effect of budget_available: the plan must be first in its fund's line, and then fit — with the
 * undecided reservations of plans received after it given way, if that makes it fit
 * (takePlaceInLine) — otherwise BudgetShortfallError, which rolls the event back, those
 * reservations included; the plan keeps waiting.
 */
export async function reserveHeadOfLine({ tx, plan, actor, fireEvent }: EffectContext): Promise<void> {
  const { earlier } = await takePlaceInLine(tx, { planId: plan.id, fireEvent });
  if (earlier) {
    throw new RuleViolation(
      `Plan ${earlier.reference} wacht al langer op budget; het krijgt als eerste een reservering (volgorde van ontvangst).`,
    );
  }
  await reserveForPlan(tx, { planId: plan.id, actorId: actor.userId, reason: WAITING_REASON });
}

/**
 * Effect of budget_available: the decision term has run since complete receipt (the complete event
 * scheduled its reminders even while the plan waited). Rescheduling would reset reminders already
 * sent, so they are only scheduled when the plan has none.
 */
export async function keepDecisionTerm({ tx, plan }: EffectContext): Promise<void> {
  const count = await tx.reminder.count({
    where: { planId: plan.id, kind: { in: [...DECISION_TERM_KINDS] } },
  });
  if (count === 0) await scheduleDecisionTermReminders(tx, plan.id);
}

/** Effect of every event that releases money: the fund's waiting line is served by the worker. */
export async function allocateReleasedMoney({ tx, plan }: EffectContext): Promise<void> {
  const { regulation } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { regulation: { select: { fund: true } } },
  });
  await requestAllocation(tx, regulation.fund);
}

export type WaitingNeed = {
  potId: string;
  potName: string;
  /** null for the window pot (the whole amount), else the envelope's year. */
  year: number | null;
  neededCents: bigint;
  availableCents: bigint;
};

export type WaitingRow = {
  /** 1-based place in the fund's line (also when the list is filtered to one window). */
  position: number;
  fund: string;
  planId: string;
  reference: string;
  title: string;
  organisationName: string;
  completeReceivedAt: Date | null;
  windowId: string | null;
  windowName: string | null;
  requestedCents: bigint;
  needs: WaitingNeed[];
  /** Every pot could hold the plan now (it would get money at the next allocation, if first). */
  fits: boolean;
  /**
   * The advice the plan has while it waits: `enough` as the ADVISED transition counts it. Without it
   * the plan is not granted for what is left at the end of its window (assessedBeforeWaitingGrant),
   * so the line shows who still needs advisers. `advisers`: seats held (declared or not).
   */
  advice: { enough: boolean; advisers: number };
};

/**
 * The waiting line(s): per fund in order of complete receipt, with what each plan needs from
 * each pot and what that pot has left. Filter by fund or by window (positions stay the fund's).
 */
export async function waitingList(
  db: Db,
  filter: { fund?: string; windowId?: string } = {},
): Promise<WaitingRow[]> {
  const plans = await db.plan.findMany({
    where: { status: WAITING, ...(filter.fund ? { regulation: { fund: filter.fund } } : {}) },
    orderBy: [{ regulation: { fund: "asc" } }, ...LINE_ORDER],
    select: {
      id: true,
      reference: true,
      title: true,
      completeReceivedAt: true,
      advisersRequired: true,
      organisation: { select: { name: true } },
      regulation: { select: { fund: true, advisersRequired: true } },
      window: { select: { id: true, name: true, potId: true } },
      years: { select: { year: true, requestedCents: true }, orderBy: { year: "asc" } },
      assignments: {
        where: { status: { in: ["PENDING_DECLARATION", "ACTIVE"] } },
        select: { adviserId: true, status: true },
      },
    },
  });
  if (plans.length === 0) return [];
  const funds = [...new Set(plans.map((p) => p.regulation.fund))];
  const envelopes = await db.budgetEnvelope.findMany({
    where: { fund: { in: funds } },
    select: { fund: true, year: true, potId: true },
  });
  const envelopePot = new Map(envelopes.map((e) => [`${e.fund}:${e.year}`, e.potId]));
  const potIds = new Set<string>(envelopes.map((e) => e.potId));
  for (const p of plans) if (p.window) potIds.add(p.window.potId);
  const pots = await db.budgetPot.findMany({
    where: { id: { in: [...potIds] } },
    select: { id: true, name: true, ceilingCents: true, reservedCents: true, committedCents: true },
  });
  const potById = new Map(pots.map((p) => [p.id, p]));

  const positions = new Map<string, number>();
  const rows: WaitingRow[] = [];
  for (const p of plans) {
    const fund = p.regulation.fund;
    const position = (positions.get(fund) ?? 0) + 1;
    positions.set(fund, position);
    if (filter.windowId && p.window?.id !== filter.windowId) continue;

    const requestedCents = p.years.reduce((sum, y) => sum + y.requestedCents, 0n);
    const needs: WaitingNeed[] = [];
    const need = (potId: string | undefined, year: number | null, neededCents: bigint, fallback: string) => {
      const pot = potId ? potById.get(potId) : undefined;
      needs.push({
        potId: pot?.id ?? "",
        potName: pot?.name ?? fallback,
        year,
        neededCents,
        availableCents: pot ? availableCents(pot) : 0n,
      });
    };
    if (p.window) need(p.window.potId, null, requestedCents, p.window.name);
    for (const y of p.years) {
      if (y.requestedCents === 0n) continue;
      need(envelopePot.get(`${fund}:${y.year}`), y.year, y.requestedCents, `Geen begrotingsjaar ${y.year}`);
    }
    // The rule itself (a read, not a copy): the line is short, so one look-up per waiting plan.
    const enough = await enoughAdvice(db as Tx, {
      id: p.id,
      activeAdviserIds: p.assignments.filter((a) => a.status === "ACTIVE").map((a) => a.adviserId),
      advisersRequired: advisersRequiredOf(p),
    });
    rows.push({
      position,
      fund,
      planId: p.id,
      reference: p.reference,
      title: p.title,
      organisationName: p.organisation.name,
      completeReceivedAt: p.completeReceivedAt,
      windowId: p.window?.id ?? null,
      windowName: p.window?.name ?? null,
      requestedCents,
      needs,
      fits: needs.length > 0 && needs.every((n) => n.potId !== "" && n.neededCents <= n.availableCents),
      advice: { enough, advisers: p.assignments.length },
    });
  }
  return rows;
}
