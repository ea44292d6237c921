import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma, type Tx } from "../../db/client.server.ts";
import { PlanStatus, type Role } from "../../generated/prisma/enums.ts";
import { completePlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { grantTermsJson } from "../decision/terms.ts";
import { ConflictError, DomainError, ForbiddenError } from "../errors.ts";
import { extendedPeriodEnd } from "../extension/rules.ts";
import {
  addMonths,
  amsterdamDate,
  localDateFromDb,
  localDateToDb,
  startOfAmsterdamDay,
} from "../time/index.ts";
import { applyEvent, PLAN_CHANGED } from "./apply-event.server.ts";
import { eventHash } from "./chain.server.ts";
import {
  type EventInput,
  type EventName,
  NOT_A_SIGNATORY_TO_WITHDRAW,
  WORKFLOW,
} from "./definition.server.ts";
import { targetsFrom } from "./diagram.ts";

/**
 * Every (state, event, role) combination against the one workflow table. Each state is arranged
 * inside one transaction on a few real plans and rolled back at the end; each combination runs
 * under a savepoint, so that an allowed event can succeed and the next one still starts from the
 * same state. Allowed = the state is in the event's `from` and the role in its `roles`; the
 * arrangement satisfies every guard, so an allowed combination must succeed and any other must
 * be refused — with a reason — before it writes anything.
 */

const STATES = Object.values(PlanStatus);
const EVENTS = Object.keys(WORKFLOW) as EventName[];
const ROLES: Role[] = ["APPLICANT", "CASE_HANDLER", "ADVISER", "DECISION_MAKER", "FINANCE", "ADMIN"];

class Rollback extends Error {}

let s: Scenario;
let actors: Record<Role, Actor>;
/** Committed base plans, each arranged further per state inside the rolled-back transaction. */
type Base = { submitted: string; complete: string; granted: string };
/** The states are checked in parallel lanes, each on base plans of its own (no lock waits). */
const LANES = 5;
let lanes: Base[];
let closedWindowId: string;
/** The closed window's own fund (another scenario): no plan of the lanes holds money in it. */
let closedFund: Scenario;

const full = () => [
  { year: s.year + 1, cents: 30_000_000n },
  { year: s.year + 2, cents: 30_000_000n },
];
const half = () => full().map((g) => ({ ...g, cents: g.cents / 2n }));

function inputFor(event: EventName): EventInput {
  switch (event) {
    case "submit":
    case "supply_info":
      return { planVersionId: randomUUID() };
    case "grant":
      return { grantedPerYear: full(), decisionId: randomUUID(), reason: "Voldoet aan de regeling." };
    case "grant_partially":
      return { grantedPerYear: half(), decisionId: randomUUID(), reason: "Subsidieplafond bereikt." };
    case "reject":
      return { decisionId: randomUUID(), reason: "Subsidieplafond bereikt." };
    case "report_start":
      // The day of the fixture's grant (seven months ago): a start after the six-month term is refused.
      return { startedOn: addMonths(amsterdamDate(now()), -7) };
    default:
      return { reason: "tabeltest" };
  }
}

/** Puts a base plan in `state` with the facts the guards of the events from `state` need. */
async function arrange(tx: Tx, base: Base, state: PlanStatus): Promise<string> {
  const set = (id: string, data: Parameters<Tx["plan"]["update"]>[0]["data"]) =>
    tx.plan.update({ where: { id }, data: { status: state, ...data } }).then(() => id);
  switch (state) {
    case "DRAFT":
      return set(base.submitted, { submittedAt: null });
    case "SUBMITTED":
      return base.submitted;
    case "INFO_REQUESTED":
      // A hersteltermijn that lapsed yesterday: closing the request is possible (not_consider).
      await openSupplementRequest(tx, base.submitted, -1);
      return set(base.submitted, {});
    case "IN_ASSESSMENT":
    case "ADVISED":
      // An active adviser who has not advised yet: on an ADVISED plan the optional second one.
      if (state === "ADVISED") await set(base.complete, {});
      await tx.adviserAssignment.create({
        data: {
          planId: base.complete,
          adviserId: actors.ADVISER.userId,
          assignedById: actors.ADVISER.userId,
          assignedAt: now(),
          status: "ACTIVE",
          declaredAt: now(),
        },
      });
      return base.complete;
    case "WAITING_FOR_BUDGET": {
      // Complete, not reserved, in a window that has closed, assessed by an active adviser on its
      // current version (a waiting plan is granted only on advice): every event from here may fire.
      const version = await tx.planVersion.create({
        data: {
          planId: base.submitted,
          number: 1,
          snapshot: {},
          sha256: "tabeltest",
          submittedById: actors.APPLICANT.userId,
          submittedAt: now(),
        },
      });
      await tx.adviserAssignment.create({
        data: {
          planId: base.submitted,
          adviserId: actors.ADVISER.userId,
          assignedById: actors.ADVISER.userId,
          assignedAt: now(),
          status: "ACTIVE",
          declaredAt: now(),
        },
      });
      await tx.advice.create({
        data: {
          planId: base.submitted,
          planVersionId: version.id,
          adviserId: actors.ADVISER.userId,
          recommendation: "GRANT",
          text: "tabeltest",
          createdAt: now(),
        },
      });
      return set(base.submitted, {
        completeReceivedAt: now(),
        windowId: closedWindowId,
        regulationId: closedFund.regulation.id,
      });
    }
    case "GRANTED":
      return base.granted;
    case "IN_EXECUTION":
      return set(base.granted, { executionStartedOn: localDateToDb(amsterdamDate(now())) });
    case "PARTIALLY_GRANTED":
    case "SETTLEMENT_REQUESTED":
      return set(base.granted, {});
    default:
      // Final states: nothing may fire from them.
      return set(base.submitted, {});
  }
}

function openSupplementRequest(tx: Tx, planId: string, dueInDays: number) {
  return tx.supplementRequest.create({
    data: {
      planId,
      requestedById: actors.CASE_HANDLER.userId,
      text: "Voeg de begroting toe.",
      steps: ["budget"],
      requestedAt: new Date(now().getTime() - 20 * 86_400_000),
      dueAt: new Date(now().getTime() + dueInDays * 86_400_000),
      fromStatus: "SUBMITTED",
    },
  });
}

/**
 * What the domain does before it fires some events, in the same transaction: requestSupplement
 * writes the request, submitPlan marks it answered. Only for the combinations that may fire. Returns
 * what the event's input needs of that (the verlenging's events name their request).
 */
async function prepare(
  tx: Tx,
  planId: string,
  event: EventName,
  state: PlanStatus,
): Promise<EventInput | undefined> {
  // The end-of-window rule decides a waiting plan by what is left for it: all of it (grant), part of
  // it (grant_partially), nothing (reject).
  if (state === "WAITING_FOR_BUDGET" && (event === "grant_partially" || event === "reject")) {
    const last = await tx.budgetEnvelope.findFirstOrThrow({
      where: { fund: closedFund.regulation.fund, year: closedFund.year + 2 },
    });
    await tx.budgetPot.update({
      where: { id: last.potId },
      data: { ceilingCents: event === "reject" ? 0n : 15_000_000n },
    });
    if (event === "reject") {
      const first = await tx.budgetEnvelope.findFirstOrThrow({
        where: { fund: closedFund.regulation.fund, year: closedFund.year + 1 },
      });
      await tx.budgetPot.update({ where: { id: first.potId }, data: { ceilingCents: 0n } });
    }
  }
  if (event === "request_info") await openSupplementRequest(tx, planId, 14);
  if (event === "supply_info")
    await tx.supplementRequest.updateMany({
      where: { planId, answeredAt: null },
      data: { answeredAt: now() },
    });
  // The realisation report (settlement/report.server.ts): the period is over and both steps are
  // filled in (the cloned plan has no measures, so both lists are empty).
  if (event === "request_settlement") {
    await tx.plan.update({
      where: { id: planId },
      data: { periodEnd: localDateToDb(addMonths(amsterdamDate(now()), -1)) },
    });
    await tx.realisationReport.create({
      data: {
        planId,
        draftData: {
          results: { measures: [], summary: "Alles verliep volgens plan, met wat vertraging." },
          costs: { costs: [] },
        },
      },
    });
  }
  // The handler's proposal (settlement/propose.server.ts), by someone else than the decision maker.
  if (event === "settle")
    await tx.settlement.create({
      data: {
        planId,
        plannedCostsCents: 0n,
        actualCostsCents: 0n,
        realisationBp: 0,
        overheadCents: 0n,
        computedCents: 0n,
        proposedCents: 0n,
        proposedById: actors.CASE_HANDLER.userId,
        proposedAt: now(),
        proposalMotivation: "tabeltest",
        reduction: "NIL",
      },
    });
  // The verlenging (extension/extension.server.ts): a request of three months on the current end;
  // withdrawing and deciding need it open.
  if (event === "request_extension" || event === "withdraw_extension" || event === "decide_extension") {
    const { periodEnd } = await tx.plan.findUniqueOrThrow({ where: { id: planId } });
    if (!periodEnd) throw new Error("a granted plan without a period");
    const previousEnd = localDateFromDb(periodEnd);
    const id = randomUUID();
    if (event === "request_extension") {
      // Art. 1.2a lid 2: a request only after the interim report after the 12th month.
      await tx.interimReport.create({
        data: { planId, afterMonths: 12, dueOn: periodEnd, submittedAt: now() },
      });
      return {
        reason: "Tabeltest: de uitvoering liep vertraging op.",
        extension: {
          id,
          months: 3,
          previousEnd,
          motivation: "De uitvoering liep vertraging op.",
          outcome: "REQUESTED",
        },
      };
    }
    await tx.planExtension.create({
      data: {
        id,
        planId,
        requestedMonths: 3,
        motivation: "De uitvoering liep vertraging op.",
        requestedById: actors.APPLICANT.userId,
        requestedAt: now(),
        previousPeriodEnd: periodEnd,
      },
    });
    return event === "withdraw_extension"
      ? { extension: { id, months: 3, previousEnd, outcome: "WITHDRAWN" } }
      : {
          reason: "tabeltest",
          extension: {
            id,
            months: 3,
            previousEnd,
            newEnd: extendedPeriodEnd(previousEnd, 3),
            outcome: "GRANTED",
          },
        };
  }
  // The tussentijds voortgangsverslag's events name their report (interim/report.server.ts checks it).
  if (event === "submit_interim_report" || event === "review_interim_report")
    return { interimReport: { id: randomUUID(), afterMonths: 12, late: false, note: "tabeltest" } };
  if (event === "submit_underspending_report" || event === "review_underspending_report")
    return { underspendingReport: { id: randomUUID(), halfYear: 1, late: false, note: "tabeltest" } };
  return undefined;
}

/**
 * Everything an event could write about the plan, in one query (twice per combination). Outbox and
 * notifications are counted for this plan only: a worker elsewhere may write its own meanwhile.
 */
async function snapshot(tx: Tx, planId: string) {
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT p.status::text AS status, p.version,
      (SELECT count(*) FROM "WorkflowEvent" WHERE "planId" = p.id)::int AS events,
      (SELECT count(*) FROM "LedgerEntry" WHERE "planId" = p.id)::int AS ledger,
      (SELECT count(*) FROM "OutboxMessage" WHERE payload->>'planId' = p.id)::int AS outbox,
      (SELECT count(*) FROM "Notification" WHERE "planId" = p.id)::int AS notifications,
      (SELECT count(*) FROM "Reminder" WHERE "planId" = p.id AND "cancelledAt" IS NULL)::int AS reminders,
      (SELECT count(*) FROM "SupplementRequest" WHERE "planId" = p.id AND "answeredAt" IS NULL)::int AS open,
      p."executionStartedOn" AS started
    FROM "Plan" p WHERE p.id = ${planId}`;
  if (!row) throw new Error("plan gone");
  return row as { status: string; version: number; events: number } & Record<string, unknown>;
}

/** A copy of a plan (row and years): cheaper than writing a plan through the wizard again. */
async function clonePlan(planId: string): Promise<{ id: string; version: number }> {
  const {
    id: _id,
    number: _n,
    reference,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
  const years = await prisma.planYear.findMany({ where: { planId } });
  const copy = await prisma.plan.create({
    data: {
      ...rest,
      draftData: rest.draftData ?? {},
      reference: `${reference}-${randomUUID().slice(0, 6)}`,
      years: { create: years.map(({ planId: _p, ...y }) => y) },
    },
  });
  return { id: copy.id, version: copy.version };
}

type Outcome = { state: PlanStatus; event: EventName; role: Role; result: string };

beforeAll(async () => {
  s = await createScenario();
  actors = {
    APPLICANT: s.applicantA,
    CASE_HANDLER: s.handler,
    ADVISER: s.adviser,
    DECISION_MAKER: s.decisionMaker,
    FINANCE: await s.newUser("FINANCE"),
    ADMIN: await s.newUser("ADMIN"),
  };
  closedFund = await createScenario();
  const pot = await prisma.budgetPot.create({
    data: { kind: "WINDOW", name: `Gesloten tijdvak ${s.tag}`, ceilingCents: 10_000_000_000n },
  });
  const closed = await prisma.applicationWindow.create({
    data: {
      regulationId: closedFund.regulation.id,
      name: `Gesloten tijdvak ${s.tag}`,
      opensAt: new Date(now().getTime() - 60 * 86_400_000),
      closesAt: new Date(now().getTime() - 30 * 86_400_000),
      potId: pot.id,
    },
  });
  closedWindowId = closed.id;
  const submitted = await submittedPlan(s);
  lanes = await Promise.all(Array.from({ length: LANES }, () => lanePlans(submitted.id)));
}, 60_000);

async function lanePlans(submittedId: string): Promise<Base> {
  const [submitted, complete, toGrant] = await Promise.all([
    clonePlan(submittedId),
    clonePlan(submittedId),
    clonePlan(submittedId),
  ]);
  const completeEvent = (planId: string, version: number) =>
    prisma.$transaction((tx) =>
      applyEvent(tx, { planId, event: "complete", actor: s.handler, expectedVersion: version }),
    );
  await completeEvent(complete.id, complete.version);
  const completed = await completeEvent(toGrant.id, toGrant.version);
  // Granted seven months ago: the term to start execution (six months) has passed, so revoke may fire.
  const decidedAt = startOfAmsterdamDay(addMonths(amsterdamDate(now()), -7));
  await prisma.$transaction(async (tx) => {
    const decision = await tx.decision.create({
      data: {
        planId: toGrant.id,
        outcome: "GRANTED",
        reason: "Voldoet aan de regeling.",
        decidedById: s.decisionMaker.userId,
        decidedAt,
        terms: grantTermsJson(await regulationTermsForPlan(tx, toGrant.id)),
        years: { create: full().map((g) => ({ year: g.year, grantedCents: g.cents })) },
      },
    });
    await tx.plan.update({ where: { id: toGrant.id }, data: { status: "ADVISED" } });
    await applyEvent(tx, {
      planId: toGrant.id,
      event: "grant",
      actor: s.decisionMaker,
      expectedVersion: completed.version,
      input: { grantedPerYear: full(), decisionId: decision.id, reason: "Voldoet aan de regeling." },
    });
  });
  return { submitted: submitted.id, complete: complete.id, granted: toGrant.id };
}

afterAll(async () => {
  await disconnectPrisma();
});

describe("the workflow table, over every (state, event, role)", () => {
  it(`allows exactly what the table says and refuses the rest without a trace (${STATES.length} × ${EVENTS.length} × ${ROLES.length})`, async () => {
    const unexpected: Outcome[] = [];
    let allowedCount = 0;
    let refusedCount = 0;
    const runState = async (state: PlanStatus, base: Base) => {
      await prisma
        .$transaction(
          async (tx) => {
            const planId = await arrange(tx, base, state);
            for (const role of ROLES) {
              for (const event of EVENTS) {
                const t = WORKFLOW[event];
                const allowed = t.from.includes(state) && t.roles.includes(role);
                await tx.$executeRawUnsafe("SAVEPOINT combination");
                const before = await snapshot(tx, planId);
                const version = before.version;
                const lastHash = allowed
                  ? ((await tx.workflowEvent.findFirst({ where: { planId }, orderBy: { id: "desc" } }))
                      ?.hash ?? null)
                  : null;
                const report = (result: string) => unexpected.push({ state, event, role, result });
                try {
                  const prepared = allowed ? await prepare(tx, planId, event, state) : undefined;
                  const result = await applyEvent(tx, {
                    planId,
                    event,
                    actor: actors[role],
                    expectedVersion: version,
                    input: { ...inputFor(event), ...prepared },
                  });
                  if (!allowed) report(`allowed, to ${result.status}`);
                  else {
                    allowedCount++;
                    // Where the table says the event leads from this state (a staying origin: itself).
                    const targets = targetsFrom(t, state);
                    const after = await snapshot(tx, planId);
                    const events = await tx.workflowEvent.findMany({
                      where: { planId },
                      orderBy: { id: "desc" },
                      take: 1,
                    });
                    const written = events[0];
                    if (!targets.includes(result.status)) report(`led to ${result.status}`);
                    if (after.status !== result.status || after.version !== version + 1)
                      report("status or version not written");
                    if (after.events !== before.events + 1 || written?.event !== event)
                      report("no single event written");
                    if (
                      !written ||
                      written.prevHash !== lastHash ||
                      written.hash !== eventHash(written, lastHash)
                    )
                      report("event not chained");
                  }
                } catch (error) {
                  if (allowed) report(`refused: ${error instanceof Error ? error.message : error}`);
                  else {
                    refusedCount++;
                    const expectedType = t.from.includes(state) ? ForbiddenError : ConflictError;
                    if (!(error instanceof expectedType))
                      report(`refused with ${error instanceof Error ? error.name : error}`);
                    if (!(error instanceof DomainError) || error.message.length < 20)
                      report("refused without a reason");
                    const after = await snapshot(tx, planId);
                    if (JSON.stringify(after) !== JSON.stringify(before))
                      report(`changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
                  }
                }
                await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT combination");
              }
            }
            throw new Rollback();
          },
          { timeout: 60_000 },
        )
        .catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
    };
    await Promise.all(
      lanes.map(async (base, lane) => {
        for (const state of STATES.filter((_, i) => i % LANES === lane)) await runState(state, base);
      }),
    );
    expect(unexpected).toEqual([]);
    const allowedByTable = STATES.flatMap((st) =>
      EVENTS.flatMap((e) =>
        ROLES.filter((r) => WORKFLOW[e].from.includes(st) && WORKFLOW[e].roles.includes(r)),
      ),
    ).length;
    expect(allowedCount).toBe(allowedByTable);
    expect(allowedCount + refusedCount).toBe(STATES.length * EVENTS.length * ROLES.length);
    // The transactions rolled back: the base plans are as they were.
    for (const base of lanes)
      expect((await prisma.plan.findUniqueOrThrow({ where: { id: base.granted } })).status).toBe("GRANTED");
  }, 120_000);

  it("refuses, by its guards, a colleague who is no signatory, another organisation and the plan's handler as decision maker", async () => {
    const colleague = await prisma.user.create({
      data: {
        email: `collega-${randomUUID()}@test.example`,
        name: "Collega",
        passwordHash: "not-a-login",
        memberships: { create: { role: "APPLICANT", organisationId: s.orgA.id, isSignatory: false } },
      },
    });
    const colleagueActor: Actor = {
      userId: colleague.id,
      roles: ["APPLICANT"],
      organisationIds: [s.orgA.id],
    };
    const base = lanes[0];
    if (!base) throw new Error("no lanes");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: base.submitted } });
    const attempt = (actor: Actor, event: EventName, planId = plan.id, version = plan.version) =>
      prisma.$transaction((tx) =>
        applyEvent(tx, { planId, event, actor, expectedVersion: version, input: inputFor(event) }),
      );

    await expect(attempt(colleagueActor, "withdraw")).rejects.toThrow(NOT_A_SIGNATORY_TO_WITHDRAW);
    await expect(attempt(s.applicantB, "withdraw")).rejects.toThrow(ForbiddenError);
    const handlerDeciding: Actor = { ...s.handler, roles: ["CASE_HANDLER", "DECISION_MAKER"] };
    const advised = await prisma.plan.update({
      where: { id: base.complete },
      data: { status: "ADVISED", handlerId: s.handler.userId },
    });
    await expect(attempt(handlerDeciding, "grant", advised.id, advised.version)).rejects.toThrow(/vier-ogen/);
    await prisma.plan.update({ where: { id: base.complete }, data: { status: "IN_ASSESSMENT" } });
    expect(await prisma.workflowEvent.count({ where: { planId: base.submitted, event: "withdraw" } })).toBe(
      0,
    );
  });
});

describe("races", () => {
  it("two decision makers granting one plan at once: one wins, the other is told the plan changed", async () => {
    const { id, version } = await completePlan(s);
    await prisma.plan.update({ where: { id }, data: { status: "ADVISED" } });
    const second = await s.newUser("DECISION_MAKER");
    const grant = (actor: Actor) =>
      prisma.$transaction((tx) =>
        applyEvent(tx, {
          planId: id,
          event: "grant",
          actor,
          expectedVersion: version,
          input: inputFor("grant"),
        }),
      );
    const results = await Promise.allSettled([grant(s.decisionMaker), grant(second)]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    expect(lost[0]?.reason).toHaveProperty("message", PLAN_CHANGED);
    expect(await prisma.workflowEvent.count({ where: { planId: id, event: "grant" } })).toBe(1);
    expect(await prisma.ledgerEntry.count({ where: { planId: id, kind: "COMMITMENT" } })).toBeGreaterThan(0);
  });

  it("a double-clicked transition (the same expected version twice at once) writes one event", async () => {
    const { id, version } = await submittedPlan(s);
    const complete = () =>
      prisma.$transaction((tx) =>
        applyEvent(tx, { planId: id, event: "complete", actor: s.handler, expectedVersion: version }),
      );
    const results = await Promise.allSettled([complete(), complete()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.workflowEvent.count({ where: { planId: id, event: "complete" } })).toBe(1);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.version).toBe(version + 1);
  });
});
