import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  declareComplete,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { decisionPage } from "../decision/page.server.ts";
import { decidePlan, recordAdvice, saveStep, submitPlan } from "../plan/plans.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { assessmentView } from "./assessment.server.ts";
import { removeAssignment } from "./assignment.server.ts";

/**
 * Review finding 3: an advice and a decision name the PlanVersion they were given on. With two
 * advisers required, adviser A advises on version 1 (€ 300.000 a year); a supplement lowers the
 * request to € 250.000; adviser B advises on version 2. A's advice assessed a plan that no longer
 * exists: it does not make the plan ADVISED, and the decision page does not offer its amounts.
 */

let s: Scenario;
beforeEach(async () => {
  s = await createScenario();
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired: 2 } });
});
afterEach(() => setClock(null));

const versionOf = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

const planVersions = (planId: string) =>
  prisma.planVersion.findMany({ where: { planId }, orderBy: { number: "asc" }, select: { id: true } });

async function advise(adviser: Actor, id: string, euros: bigint, recommendation: "GRANT" | "PARTIAL_GRANT") {
  return recordAdvice(adviser, id, await versionOf(id), {
    scores: scenarioScores(),
    recommendation,
    text: "Onderbouwd.",
    amounts: [
      { year: s.year + 1, amount: euros },
      { year: s.year + 2, amount: euros },
    ],
  });
}

/** Both advisers seated; A advises on version 1; the applicant lowers the request to € 250.000. */
async function adviceThenLowerRequest(): Promise<string> {
  const { id, version } = await submittedPlan(s);
  await declareComplete(s.handler, id, version);
  await activeAdviser(s, id, s.adviser);
  await activeAdviser(s, id, s.adviser2);
  const first = await advise(s.adviser, id, 30_000_000n, "GRANT");
  expect(first.status).toBe("IN_ASSESSMENT");
  const asked = await requestSupplement(
    s.handler,
    id,
    first.version,
    supplementRequestSchema.parse({
      text: "Onderbouw de begroting opnieuw.",
      steps: ["budget"],
      termDays: "14",
    }),
  );
  const changed = validPlanDraft(s.year, "250.000,00");
  const b = await saveStep(s.applicantA, id, asked.version, "budget", changed.budget);
  const d = await saveStep(s.applicantA, id, b.version, "submit", { truthful: true, stateAid: true });
  await submitPlan(s.applicantA, id, d.version);
  const back = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true } });
  expect(back.status).toBe("IN_ASSESSMENT");
  expect(await planVersions(id)).toHaveLength(2);
  return id;
}

describe("the advice and the plan version it assessed", () => {
  it("records the latest version on the advice, and counts only advice on the current version", async () => {
    const id = await adviceThenLowerRequest();
    const [v1, v2] = await planVersions(id);
    const a = await prisma.advice.findFirstOrThrow({ where: { planId: id, adviserId: s.adviser.userId } });
    expect(a.planVersionId).toBe(v1?.id);

    // B advises on version 2: one advice on the plan as it stands, not the two the regulation asks.
    const second = await advise(s.adviser2, id, 25_000_000n, "GRANT");
    expect(second.status).toBe("IN_ASSESSMENT");
    const b = await prisma.advice.findFirstOrThrow({ where: { planId: id, adviserId: s.adviser2.userId } });
    expect(b.planVersionId).toBe(v2?.id);

    // A's advice is outdated in A's own tab; A advises again on version 2, and then it is enough.
    const view = await assessmentView(s.adviser, id);
    expect(view.mayAdvise).toBe(true);
    expect(view.latestOwn?.onEarlierVersion).toBe(true);
    const again = await advise(s.adviser, id, 25_000_000n, "GRANT");
    expect(again.status).toBe("ADVISED");
    expect((await assessmentView(s.adviser, id)).latestOwn?.onEarlierVersion).toBe(false);
  });

  // Such advice no longer counts towards the plan's advisers, so it holds no seat: the coordinator
  // may replace the adviser (stale-advice-seat.test.ts). Their advice stays in the case file.
  it("lets the coordinator take off an adviser whose only advice is on an earlier version", async () => {
    const id = await adviceThenLowerRequest();
    const seat = await prisma.adviserAssignment.findFirstOrThrow({
      where: { planId: id, adviserId: s.adviser.userId },
    });
    await removeAssignment(s.coordinator, seat.id, "Afwezig.");
    expect((await prisma.adviserAssignment.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe(
      "REMOVED",
    );
    expect(await prisma.advice.count({ where: { planId: id, adviserId: s.adviser.userId } })).toBe(1);
  });

  it("marks an advice on an earlier version on the decision page and never offers its amounts", async () => {
    const id = await adviceThenLowerRequest();
    // B advises on version 2, in part; A's latest advice is still the one on version 1.
    await advise(s.adviser2, id, 20_000_000n, "PARTIAL_GRANT");
    const page = await decisionPage(s.decisionMaker, id);
    const stale = page.advices.find((a) => a.onEarlierVersion);
    const fresh = page.advices.find((a) => !a.onEarlierVersion);
    expect(stale?.amounts.map((m) => m.cents)).toEqual(["30000000", "30000000"]);
    expect(fresh?.amounts.map((m) => m.cents)).toEqual(["20000000", "20000000"]);
    expect(page.advices).toHaveLength(2);
    // The form starts from the advice on the current version, whose amounts fit the request.
    expect(page.recommendation).toEqual({
      adviceId: fresh?.id,
      outcome: "PARTIAL_GRANT",
      amounts: [
        { year: s.year + 1, cents: "20000000" },
        { year: s.year + 2, cents: "20000000" },
      ],
    });
    const requested = page.years.map((y) => BigInt(y.requestedCents));
    page.recommendation?.amounts.forEach((m, i) => {
      expect(BigInt(m.cents)).toBeLessThanOrEqual(requested[i] ?? 0n);
    });
  });

  it("offers no recommendation when the only advice is on an earlier version", async () => {
    const id = await adviceThenLowerRequest();
    const page = await decisionPage(s.decisionMaker, id);
    expect(page.advices).toHaveLength(1);
    expect(page.advices[0]?.onEarlierVersion).toBe(true);
    expect(page.recommendation).toBeNull();
  });

  it("records the version decided on", async () => {
    const id = await adviceThenLowerRequest();
    await advise(s.adviser2, id, 25_000_000n, "GRANT");
    const advised = await advise(s.adviser, id, 25_000_000n, "GRANT");
    expect(advised.status).toBe("ADVISED");
    await decidePlan(s.decisionMaker, id, advised.version, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: [
        { year: s.year + 1, amount: 25_000_000n },
        { year: s.year + 2, amount: 25_000_000n },
      ],
    });
    const [, v2] = await planVersions(id);
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.planVersionId).toBe(v2?.id);
    expect(decision.groundCode).toBeNull();
  });
});

const MIGRATION = path.resolve(
  import.meta.dirname,
  "../../../prisma/migrations/20261130185828_advice_decision_version_ground/migration.sql",
);

/** The migration's UPDATEs (its backfill), run as the migrator runs SQL: with nothing but `pg`. */
async function runBackfill(): Promise<void> {
  const sql = readFileSync(MIGRATION, "utf8");
  const from = sql.indexOf("-- Backfill: the version that was latest when the advice");
  expect(from).toBeGreaterThan(0);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(sql.slice(from));
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

describe("the advice_decision_version_ground migration", () => {
  it("gives old advice and decisions the version latest at their time, and the ground their reason names", async () => {
    const id = await adviceThenLowerRequest();
    await advise(s.adviser2, id, 25_000_000n, "GRANT");
    const advised = await advise(s.adviser, id, 25_000_000n, "GRANT");
    await decidePlan(s.decisionMaker, id, advised.version, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "Het tweede jaar is niet onderbouwd.",
      amounts: [
        { year: s.year + 1, amount: 25_000_000n },
        { year: s.year + 2, amount: 10_000_000n },
      ],
    });
    const written = {
      advice: await prisma.advice.findMany({ where: { planId: id }, orderBy: { createdAt: "asc" } }),
      decision: await prisma.decision.findUniqueOrThrow({ where: { planId: id } }),
    };
    const [v1, v2] = await planVersions(id);
    expect(written.advice.map((a) => a.planVersionId)).toEqual([v1?.id, v2?.id, v2?.id]);

    // As the rows stood before the migration: no version, no ground.
    await prisma.advice.updateMany({ where: { planId: id }, data: { planVersionId: null } });
    await prisma.decision.update({ where: { planId: id }, data: { planVersionId: null, groundCode: null } });
    await runBackfill();

    const after = await prisma.advice.findMany({ where: { planId: id }, orderBy: { createdAt: "asc" } });
    expect(after.map((a) => a.planVersionId)).toEqual(written.advice.map((a) => a.planVersionId));
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.planVersionId).toBe(v2?.id);
    expect(decision.groundCode).toBe("art-2.5-analyse");
  });
});
