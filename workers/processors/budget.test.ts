import { randomUUID } from "node:crypto";
import { type Job, Queue, UnrecoverableError } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { breakdowns, potRows } from "../../app/domain/budget/dashboard.server.ts";
import { withdrawPlan } from "../../app/domain/plan/withdrawal.server.ts";
import { QUEUE } from "../../app/jobs/definitions.ts";
import { declareComplete, submittedPlan } from "../../app/test/plan-steps.server.ts";
import { createScenario } from "../../app/test/scenario.server.ts";
import { createRedisConnection } from "../queues.ts";
import {
  COMPACT_DASHBOARD_TOTALS_SCHEDULER_ID,
  processBudgetJob,
  scheduleDashboardCompaction,
} from "./budget.ts";

// The processor reads only job.name and job.data; a plain object stands in for the BullMQ Job.
const job = (data: unknown, name = "allocate-waiting") => ({ name, data }) as Job;

afterAll(async () => {
  await disconnectPrisma();
});

it("moves the fund's first waiting plan on once money is released, and a second run changes nothing", async () => {
  // Window € 600.000: one scenario plan (€ 600.000) fits, the next waits.
  const s = await createScenario({ windowCeiling: 60_000_000n });
  const first = await submittedPlan(s);
  const a = await declareComplete(s.handler, first.id, first.version);
  const second = await submittedPlan(s);
  await declareComplete(s.handler, second.id, second.version);
  const fund = s.regulation.fund;
  expect(await processBudgetJob(job({ fund }))).toEqual({ reserved: [], stillWaiting: 1 });

  await withdrawPlan(s.applicantA, first.id, a.version, null);
  const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: second.id } });
  expect(await processBudgetJob(job({ fund }))).toEqual({ reserved: [reference], stillWaiting: 0 });
  expect(await processBudgetJob(job({ fund }))).toEqual({ reserved: [], stillWaiting: 0 });
  expect((await prisma.plan.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("IN_ASSESSMENT");
});

it("fails, to be retried and seen on the failed-jobs page, when a rule stops the line at its head", async () => {
  const s = await createScenario({ windowCeiling: 60_000_000n });
  const first = await submittedPlan(s);
  const a = await declareComplete(s.handler, first.id, first.version);
  const second = await submittedPlan(s);
  await declareComplete(s.handler, second.id, second.version);
  const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: second.id } });
  // A year the waiting plan asks money for loses its envelope: not a lack of money, a rule.
  const years = await prisma.planYear.findMany({ where: { planId: second.id }, select: { year: true } });
  const envelope = await prisma.budgetEnvelope.findFirstOrThrow({
    where: { fund: s.regulation.fund, year: years[years.length - 1]?.year },
  });
  await prisma.budgetEnvelope.update({ where: { id: envelope.id }, data: { year: 2099 } });
  try {
    await withdrawPlan(s.applicantA, first.id, a.version, null);
    const failed = await processBudgetJob(job({ fund: s.regulation.fund })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(UnrecoverableError);
    expect((failed as Error).message).toContain(`staat stil bij ${reference}`);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: second.id } })).status).toBe(
      "WAITING_FOR_BUDGET",
    );
  } finally {
    await prisma.budgetEnvelope.update({ where: { id: envelope.id }, data: { year: envelope.year } });
  }
  // Put right, the next run moves the line on.
  expect(await processBudgetJob(job({ fund: s.regulation.fund }))).toEqual({
    reserved: [reference],
    stillWaiting: 0,
  });
});

it("fails without retries for a bad payload or another job's name", async () => {
  await expect(processBudgetJob(job({}))).rejects.toBeInstanceOf(UnrecoverableError);
  await expect(processBudgetJob(job({ fund: "x" }, "render-letter"))).rejects.toBeInstanceOf(
    UnrecoverableError,
  );
});

it("folds the dashboard's deltas into the totals without changing a figure", async () => {
  const s = await createScenario({ windowCeiling: 60_000_000n });
  const plan = await submittedPlan(s);
  await declareComplete(s.handler, plan.id, plan.version);
  const scope = { regulationId: s.regulation.id };
  const before = await breakdowns(prisma, ["sector", "theme"], scope);
  const potsBefore = await potRows(prisma, scope);
  expect(before.sector.length).toBeGreaterThan(0);
  expect(await prisma.breakdownDelta.count()).toBeGreaterThan(0);
  expect(await prisma.pipelineDelta.count()).toBeGreaterThan(0);

  const first = await processBudgetJob(job({}, "compact-dashboard-totals"));
  expect(first).toEqual({ folded: expect.any(Number) });
  expect((first as { folded: number }).folded).toBeGreaterThan(0);
  expect(await prisma.breakdownDelta.count()).toBe(0);
  expect(await prisma.pipelineDelta.count()).toBe(0);
  expect(await breakdowns(prisma, ["sector", "theme"], scope)).toEqual(before);
  expect(await potRows(prisma, scope)).toEqual(potsBefore);
  // Twice is once.
  expect(await processBudgetJob(job({}, "compact-dashboard-totals"))).toEqual({ folded: 0 });
  expect(await breakdowns(prisma, ["sector", "theme"], scope)).toEqual(before);
  await expect(processBudgetJob(job({ fund: "x" }, "compact-dashboard-totals"))).rejects.toBeInstanceOf(
    UnrecoverableError,
  );
});

it("schedules the compaction once in Redis, however often workers upsert it", async () => {
  const connection = createRedisConnection();
  const queue = new Queue(QUEUE.budget, { connection, prefix: `budget-sched-${randomUUID().slice(0, 8)}` });
  try {
    await scheduleDashboardCompaction(queue);
    await scheduleDashboardCompaction(queue);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({
      key: COMPACT_DASHBOARD_TOTALS_SCHEDULER_ID,
      name: "compact-dashboard-totals",
      every: 60_000,
    });
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  }
});
