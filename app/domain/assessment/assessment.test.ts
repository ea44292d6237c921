import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  completePlan,
  declareComplete,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { changeParams } from "../../test/regulation-params.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { changeStaffRoles, setUserActive } from "../accounts/staff.server.ts";
import type { Actor } from "../actor.ts";
import { listCases } from "../caselist/list.server.ts";
import { parseListParams } from "../caselist/params.ts";
import { setClock } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { decidePlan, getPlanView, recordAdvice } from "../plan/plans.server.ts";
import { applyEvent, lockPlan } from "../workflow/apply-event.server.ts";
import { assessmentView, enoughAdvice } from "./assessment.server.ts";
import {
  assessmentQueueWhere,
  assignAdviser,
  assignmentOverview,
  assignmentsForPlans,
  claimPlan,
  declarationView,
  declareInterest,
  removeAssignment,
} from "./assignment.server.ts";
import { costComparison, outlierOf } from "./comparison.server.ts";

const grant = (s: Scenario) => ({
  scores: scenarioScores(),
  recommendation: "GRANT" as const,
  text: "Goed onderbouwd.",
  amounts: [
    { year: s.year + 1, amount: 30_000_000n },
    { year: s.year + 2, amount: 30_000_000n },
  ],
});

const auditOf = (planId: string) =>
  prisma.auditLog.findMany({ where: { targetType: "Plan", targetId: planId }, orderBy: { id: "asc" } });

describe("assignment", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  it("lets only the coordinator assign, and an adviser claim; the plan opens after the declaration", async () => {
    const plan = await completePlan(s);
    await expect(assignAdviser(s.adviser, plan.id, s.adviser2.userId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assignAdviser(s.handler, plan.id, s.adviser2.userId)).rejects.toBeInstanceOf(ForbiddenError);

    await claimPlan(s.adviser, plan.id);
    // A second claim when one adviser is enough: refused.
    await expect(claimPlan(s.adviser2, plan.id)).rejects.toBeInstanceOf(ConflictError);
    const mine = await prisma.plan.count({
      where: { AND: [{ id: plan.id }, assessmentQueueWhere(s.adviser, "mine")] },
    });
    expect(mine).toBe(1);
    const summary = (await assignmentsForPlans(s.adviser, [plan.id])).get(plan.id);
    expect(summary).toMatchObject({ mine: "PENDING_DECLARATION", unassigned: false });

    // Before the declaration: the few facts to judge a conflict, never the plan's content.
    const facts = await declarationView(s.adviser, plan.id);
    expect(facts.reference).toMatch(/^SP-/);
    expect(facts.partners.length).toBeGreaterThan(0);
    expect(Object.keys(facts)).not.toContain("measures");
    await expect(getPlanView(s.adviser, plan.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordAdvice(s.adviser, plan.id, plan.version, grant(s))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(declarationView(s.adviser2, plan.id)).rejects.toBeInstanceOf(NotFoundError);

    expect(await declareInterest(s.adviser, plan.id, { conflict: false })).toEqual({ status: "ACTIVE" });
    expect((await getPlanView(s.adviser, plan.id)).reference).toBe(facts.reference);
    expect((await auditOf(plan.id)).map((a) => a.action)).toEqual([
      "assignment.claimed",
      "assignment.no-conflict-declared",
    ]);
  });

  it("blocks and records a declared conflict; the coordinator sees it and assigns someone else", async () => {
    const plan = await completePlan(s);
    await assignAdviser(s.coordinator, plan.id, s.adviser.userId);
    await declareInterest(s.adviser, plan.id, {
      conflict: true,
      explanation: "Ik was bestuurder bij de aanvrager.",
    });

    await expect(getPlanView(s.adviser, plan.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordAdvice(s.adviser, plan.id, plan.version, grant(s))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(assignAdviser(s.coordinator, plan.id, s.adviser.userId)).rejects.toBeInstanceOf(
      RuleViolation,
    );
    const audit = await auditOf(plan.id);
    expect(audit.map((a) => a.action)).toEqual(["assignment.assigned", "assignment.conflict-declared"]);
    // The statement stays on the seat, for the coordinator; the admin's audit trail has a flag.
    expect(audit[1]?.details).toMatchObject({ hasExplanation: true });

    const overview = await assignmentOverview(s.coordinator, { plan: plan.id });
    expect(overview.coordinator).toBe(true);
    expect(overview.conflicts.find((c) => c.planId === plan.id)?.explanation).toBe(
      "Ik was bestuurder bij de aanvrager.",
    );
    expect(overview.plans.find((p) => p.id === plan.id)?.unassigned).toBe(true);

    await activeAdviser(s, plan.id, s.adviser2);
    const advised = await recordAdvice(s.adviser2, plan.id, plan.version, grant(s));
    expect(advised.status).toBe("ADVISED");
  });

  it("refuses advice from an adviser without an ACTIVE assignment in the engine itself", async () => {
    const plan = await completePlan(s);
    await expect(
      prisma.$transaction((tx) =>
        applyEvent(tx, {
          planId: plan.id,
          event: "advise",
          actor: s.adviser2,
          expectedVersion: plan.version,
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("IN_ASSESSMENT");
  });

  it("takes an absent adviser off with a reason, recorded, so that another can be assigned", async () => {
    const plan = await completePlan(s);
    const a = await assignAdviser(s.coordinator, plan.id, s.adviser.userId);
    await expect(removeAssignment(s.adviser, a.id, "Ziek")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeAssignment(s.coordinator, a.id, "  ")).rejects.toBeInstanceOf(RuleViolation);
    await removeAssignment(s.coordinator, a.id, "Met verlof tot volgende maand");
    expect((await prisma.adviserAssignment.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
      "REMOVED",
    );
    await assignAdviser(s.coordinator, plan.id, s.adviser2.userId);
    const audit = await auditOf(plan.id);
    expect(audit.map((x) => x.action)).toEqual([
      "assignment.assigned",
      "assignment.removed",
      "assignment.assigned",
    ]);
    expect(audit[1]?.details).toMatchObject({ hasReason: true });
    expect((await prisma.adviserAssignment.findUniqueOrThrow({ where: { id: a.id } })).removalReason).toBe(
      "Met verlof tot volgende maand",
    );
  });
});

describe("the scored advice", () => {
  it("keeps every version, stores the weighted score and follows the recommendation's amounts", async () => {
    const s = await createScenario();
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: {
        criteria: [
          { code: "analyse", label: "Analyse", weight: 3 },
          { code: "kosten", label: "Kosten", weight: 1 },
        ],
      },
    });
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    const scores = [
      { criterion: "analyse", score: 5, motivation: "Sterk." },
      { criterion: "kosten", score: 2, motivation: "Duur." },
    ];
    // A criterion left out, and a GRANT below the request: refused, nothing stored.
    await expect(
      recordAdvice(s.adviser, plan.id, plan.version, { ...grant(s), scores: scores.slice(0, 1) }),
    ).rejects.toBeInstanceOf(RuleViolation);
    const lower = grant(s).amounts.map((a) => ({ ...a, amount: a.amount - 1n }));
    await expect(
      recordAdvice(s.adviser, plan.id, plan.version, { ...grant(s), scores, amounts: lower }),
    ).rejects.toBeInstanceOf(RuleViolation);
    await expect(
      recordAdvice(s.adviser, plan.id, plan.version, {
        ...grant(s),
        scores,
        recommendation: "PARTIAL_GRANT",
      }),
    ).rejects.toBeInstanceOf(RuleViolation);
    expect(await prisma.advice.count({ where: { planId: plan.id } })).toBe(0);

    const first = await recordAdvice(s.adviser, plan.id, plan.version, {
      ...grant(s),
      scores,
      recommendation: "PARTIAL_GRANT",
      amounts: lower,
    });
    expect(first.status).toBe("ADVISED");
    const stored = await prisma.advice.findFirstOrThrow({
      where: { planId: plan.id },
      include: { scores: true },
    });
    expect(stored.weightedScore).toBe(425); // (5·3 + 2·1) / 4
    expect(stored.scores).toHaveLength(2);

    const view = await assessmentView(s.adviser, plan.id);
    expect(view.history).toHaveLength(1);
    expect(view.history[0]?.weightedScore).toBe("4,25");
    expect(view.mayAdvise).toBe(false); // ADVISED now
  });

  it("refuses, in the domain itself, a blank motivation and an amount above the rates' most", async () => {
    const s = await createScenario();
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    const blankScore = grant(s).scores.map((sc, i) => (i === 0 ? { ...sc, motivation: "   " } : sc));
    await expect(
      recordAdvice(s.adviser, plan.id, plan.version, { ...grant(s), scores: blankScore }),
    ).rejects.toThrow("Motiveer de score.");
    await expect(
      recordAdvice(s.adviser, plan.id, plan.version, { ...grant(s), text: " \n " }),
    ).rejects.toThrow("Schrijf de motivering van het advies.");
    // The rate lowered after submission: 40% of the year's € 700.000 costs is € 280.000, below the
    // € 300.000 asked; a grant in full is no advice the decision could follow.
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { cofinancingRateBp: 4_000 } });
    await expect(recordAdvice(s.adviser, plan.id, plan.version, grant(s))).rejects.toThrow(
      /hoger dan de cofinancieringspercentages van de regeling toestaan \(hoogstens €\s280\.000,00\)/,
    );
    expect(await prisma.advice.count({ where: { planId: plan.id } })).toBe(0);
    const advised = await recordAdvice(s.adviser, plan.id, plan.version, {
      ...grant(s),
      recommendation: "PARTIAL_GRANT",
      amounts: grant(s).amounts.map((a) => ({ ...a, amount: 28_000_000n })),
    });
    expect(advised.status).toBe("ADVISED");
  });

  it("waits for the second adviser when the regulation asks two", async () => {
    const s = await createScenario();
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired: 2 } });
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    await activeAdviser(s, plan.id, s.adviser2);
    const one = await recordAdvice(s.adviser, plan.id, plan.version, grant(s));
    expect(one.status).toBe("IN_ASSESSMENT");
    // Re-scoring by the same adviser is a new version, not a second adviser.
    const again = await recordAdvice(s.adviser, plan.id, one.version, {
      ...grant(s),
      scores: scenarioScores(3),
    });
    expect(again.status).toBe("IN_ASSESSMENT");
    const view = await assessmentView(s.adviser, plan.id);
    expect(view.history.map((h) => h.weightedScore)).toEqual(["3,00", "4,00"]);
    expect(view.latestOwn?.weightedScore).toBe("3,00");

    const two = await recordAdvice(s.adviser2, plan.id, again.version, grant(s));
    expect(two.status).toBe("ADVISED");
    const events = await prisma.workflowEvent.findMany({
      where: { planId: plan.id, event: "advise" },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.toStatus)).toEqual(["IN_ASSESSMENT", "IN_ASSESSMENT", "ADVISED"]);
  });

  it("takes the optional second adviser's advice on a plan already ADVISED by the one it needed", async () => {
    const s = await createScenario();
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    await activeAdviser(s, plan.id, s.adviser2);
    const one = await recordAdvice(s.adviser, plan.id, plan.version, grant(s));
    expect(one.status).toBe("ADVISED");
    expect((await assessmentView(s.adviser, plan.id)).mayAdvise).toBe(false);
    expect((await assessmentView(s.adviser2, plan.id)).mayAdvise).toBe(true);
    // The first adviser does not revise the advice the decision maker is deciding on.
    await expect(recordAdvice(s.adviser, plan.id, one.version, grant(s))).rejects.toThrow(
      "U heeft over dit plan al advies uitgebracht",
    );
    const two = await recordAdvice(s.adviser2, plan.id, one.version, {
      ...grant(s),
      scores: scenarioScores(3),
    });
    expect(two.status).toBe("ADVISED");
    expect((await assessmentView(s.adviser2, plan.id)).mayAdvise).toBe(false);
    await expect(recordAdvice(s.adviser2, plan.id, two.version, grant(s))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await prisma.advice.count({ where: { planId: plan.id } })).toBe(2);
    // The plan's reservation is as it was: the event moved no money.
    expect(await prisma.ledgerEntry.count({ where: { planId: plan.id, kind: { not: "RESERVATION" } } })).toBe(
      0,
    );
  });
});

describe("the optional second adviser's seat on an ADVISED plan", () => {
  const queue = (actor: Scenario["adviser"], reference: string, extra = "") =>
    listCases(actor, parseListParams(new URLSearchParams(`lijst=beoordeling&q=${reference}${extra}`)));
  const ids = (l: Awaited<ReturnType<typeof queue>>) => l.rows.map((r) => r.id);

  it("is named in that adviser's own assessment queue until they advised, never in the queue of the one who did", async () => {
    const s = await createScenario();
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    await activeAdviser(s, plan.id, s.adviser2);
    const one = await recordAdvice(s.adviser, plan.id, plan.version, grant(s));
    expect(one.status).toBe("ADVISED");
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    // As the page: the form is offered to the second adviser, not to the first.
    expect((await assessmentView(s.adviser2, plan.id)).mayAdvise).toBe(true);
    expect(ids(await queue(s.adviser2, reference, "&behandelaar=mijn"))).toEqual([plan.id]);
    expect(ids(await queue(s.adviser2, reference))).toEqual([plan.id]);
    expect(ids(await queue(s.adviser, reference, "&behandelaar=mijn"))).toEqual([]);
    expect(ids(await queue(s.adviser, reference))).toEqual([]);

    await recordAdvice(s.adviser2, plan.id, one.version, grant(s));
    expect((await assessmentView(s.adviser2, plan.id)).mayAdvise).toBe(false);
    expect(ids(await queue(s.adviser2, reference, "&behandelaar=mijn"))).toEqual([]);
  });

  it("is named in the queue of a second adviser whose seat still awaits the declaration", async () => {
    const s = await createScenario();
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    await assignAdviser(s.coordinator, plan.id, s.adviser2.userId);
    const one = await recordAdvice(s.adviser, plan.id, plan.version, grant(s));
    expect(one.status).toBe("ADVISED");
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(ids(await queue(s.adviser2, reference, "&behandelaar=mijn"))).toEqual([plan.id]);
    // Declared free of interests, the form is theirs.
    await declareInterest(s.adviser2, plan.id, { conflict: false });
    expect((await assessmentView(s.adviser2, plan.id)).mayAdvise).toBe(true);
  });

  it("ends with the ADVISER role or the account, unless its advice counts; without the role no form is offered", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const x = await s.newUser("ADVISER");
    await prisma.roleMembership.create({ data: { userId: x.userId, role: "CASE_HANDLER" } });
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    await activeAdviser(s, plan.id, x);
    await activeAdviser(s, plan.id, s.adviser2);
    const one = await recordAdvice(s.adviser, plan.id, plan.version, grant(s));
    expect(one.status).toBe("ADVISED");
    // The session's roles before the admin's change reach the page no further than the event allows.
    const handlerOnly: Actor = { ...x, roles: ["CASE_HANDLER"] };
    expect((await assessmentView(handlerOnly, plan.id)).mayAdvise).toBe(false);

    expect(await changeStaffRoles(admin, x.userId, ["CASE_HANDLER"])).toEqual({ plans: 0, seats: 1 });
    expect(await setUserActive(admin, s.adviser2.userId, false)).toEqual({ plans: 0, seats: 1 });
    // The advice the plan is ADVISED on keeps its seat (enoughAdvice counts only active seats).
    expect(await setUserActive(admin, s.adviser.userId, false)).toEqual({ plans: 0, seats: 0 });
    const seats = await prisma.adviserAssignment.findMany({
      where: { planId: plan.id },
      select: { adviserId: true, status: true },
    });
    expect(new Map(seats.map((a) => [a.adviserId, a.status]))).toEqual(
      new Map([
        [s.adviser.userId, "ACTIVE"],
        [x.userId, "REMOVED"],
        [s.adviser2.userId, "REMOVED"],
      ]),
    );
    expect((await assessmentView(handlerOnly, plan.id)).mayAdvise).toBe(false);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("ADVISED");
  });
});

describe("the number of advisers changed after the plan was found complete", () => {
  const needs = (planId: string) =>
    prisma.$transaction(async (tx) => {
      const facts = await lockPlan(tx, planId);
      return { required: facts.advisersRequired, enough: await enoughAdvice(tx, facts) };
    });

  it("lowered: a plan found complete under two still takes its second adviser, and is then decided", async () => {
    const s = await createScenario();
    await changeParams(s.regulation.id, { advisersRequired: "2" });
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    const one = await recordAdvice(s.adviser, plan.id, plan.version, grant(s));
    expect(one.status).toBe("IN_ASSESSMENT");
    // Finance: one adviser per plan from now on. This plan keeps the two it was found complete under:
    // its status and its advice agree, and the second seat is still open to claim.
    await changeParams(s.regulation.id, { advisersRequired: "1" });
    expect(await needs(plan.id)).toEqual({ required: 2, enough: false });
    expect((await assessmentView(s.adviser, plan.id)).advisersRequired).toBe(2);
    await claimPlan(s.adviser2, plan.id);
    await declareInterest(s.adviser2, plan.id, { conflict: false });
    const two = await recordAdvice(s.adviser2, plan.id, one.version, grant(s));
    expect(two.status).toBe("ADVISED");
    await decidePlan(s.decisionMaker, plan.id, two.version, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: grant(s).amounts,
    });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe("GRANTED");
    // A plan found complete after the change needs one.
    const next = await completePlan(s);
    expect(await needs(next.id)).toEqual({ required: 1, enough: false });
    await activeAdviser(s, next.id);
    expect((await recordAdvice(s.adviser, next.id, next.version, grant(s))).status).toBe("ADVISED");
  });

  it("raised: a plan advised under one keeps its advice", async () => {
    const s = await createScenario();
    const plan = await completePlan(s);
    await activeAdviser(s, plan.id);
    expect((await recordAdvice(s.adviser, plan.id, plan.version, grant(s))).status).toBe("ADVISED");
    await changeParams(s.regulation.id, { advisersRequired: "2" });
    // What a waiting plan's grant and its return from the waiting line ask (enoughAdvice): still met.
    expect(await needs(plan.id)).toEqual({ required: 1, enough: true });
  });
});

describe("cost per participant beside the same theme", () => {
  it("flags only outside the fences, and not on a small sample", () => {
    const stats = { n: 8, q1: 1_000_00n, q3: 2_000_00n };
    expect(outlierOf(3_000_00n, stats)).toBeNull(); // exactly 1,5 × Q3
    expect(outlierOf(3_000_01n, stats)).toBe("HIGH");
    expect(outlierOf(66_667n, stats)).toBeNull();
    expect(outlierOf(66_666n, stats)).toBe("LOW");
    expect(outlierOf(9_999_999n, { ...stats, n: 3 })).toBeNull();
  });

  it("computes the other plans' quartiles per theme in SQL and marks an expensive measure", async () => {
    const s = await createScenario();
    const others = [];
    for (let i = 0; i < 4; i++) others.push(await submittedPlan(s));
    const plan = await submittedPlan(s);
    await declareComplete(s.handler, plan.id, plan.version);
    const measures = await prisma.measure.findMany({
      where: { planId: plan.id },
      orderBy: { position: "asc" },
    });
    const expensive = measures[0];
    if (!expensive) throw new Error("no measure");
    // Ten times the cost of the same measure in the other plans.
    await prisma.$executeRaw`UPDATE "MeasureCost" SET "costCents" = "costCents" * 10 WHERE "measureId" = ${expensive.id}`;

    const rows = await costComparison(plan.id);
    const row = rows.find((r) => r.measureId === expensive.id);
    expect(row?.others?.n).toBe(4);
    expect(row?.outlier).toBe("HIGH");
    expect(row?.costPerParticipantCents).toBe((row?.others?.median ?? 0n) * 10n);
    const ordinary = rows.find((r) => r.measureId !== expensive.id);
    expect(ordinary?.outlier).toBeNull();
    expect(ordinary?.costPerParticipantCents).toBe(ordinary?.others?.median);
  });
});
