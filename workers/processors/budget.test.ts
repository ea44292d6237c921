import { type Job, UnrecoverableError } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { markComplete } from "../../app/domain/plan/review.server.ts";
import { withdrawPlan } from "../../app/domain/plan/withdrawal.server.ts";
import { submittedPlan } from "../../app/test/plan-steps.server.ts";
import { createScenario } from "../../app/test/scenario.server.ts";
import { processBudgetJob } from "./budget.ts";

// The processor reads only job.name and job.data; a plain object stands in for the BullMQ Job.
const job = (data: unknown, name = "allocate-waiting") => ({ name, data }) as Job;

afterAll(async () => {
  await disconnectPrisma();
});

it("moves the fund's first waiting plan on once money is released, and a second run changes nothing", async () => {
  // Window € 600.000: one scenario plan (€ 600.000) fits, the next waits.
  const s = await createScenario({ windowCeiling: 60_000_000n });
  const first = await submittedPlan(s);
  const a = await markComplete(s.handler, first.id, first.version);
  const second = await submittedPlan(s);
  await markComplete(s.handler, second.id, second.version);
  const fund = s.regulation.fund;
  expect(await processBudgetJob(job({ fund }))).toEqual({ reserved: [], stillWaiting: 1 });

  await withdrawPlan(s.applicantA, first.id, a.version, null);
  const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: second.id } });
  expect(await processBudgetJob(job({ fund }))).toEqual({ reserved: [reference], stillWaiting: 0 });
  expect(await processBudgetJob(job({ fund }))).toEqual({ reserved: [], stillWaiting: 0 });
  expect((await prisma.plan.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("IN_ASSESSMENT");
});

it("fails without retries for a bad payload or another job's name", async () => {
  await expect(processBudgetJob(job({}))).rejects.toBeInstanceOf(UnrecoverableError);
  await expect(processBudgetJob(job({ fund: "x" }, "render-letter"))).rejects.toBeInstanceOf(
    UnrecoverableError,
  );
});
