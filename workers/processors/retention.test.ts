import { randomUUID } from "node:crypto";
import { type Job, Queue, UnrecoverableError } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { QUEUE } from "../../app/jobs/definitions.ts";
import { createScenario } from "../../app/test/scenario.server.ts";
import { createRedisConnection } from "../queues.ts";
import {
  processMaintenanceJob,
  RETENTION_CLEANUP_SCHEDULER_ID,
  scheduleRetentionCleanup,
} from "./retention.ts";

// The processor reads only job.name and job.data; a plain object stands in for the BullMQ Job.
const job = (data: unknown, name = "retention-cleanup") => ({ name, data }) as Job;

afterAll(async () => {
  await disconnectPrisma();
});

it("runs the cleanup: a session past its end is deleted, a live one stays, and the counts come back", async () => {
  const s = await createScenario();
  const session = (expiresAt: Date) =>
    prisma.session.create({ data: { id: randomUUID(), userId: s.applicantA.userId, expiresAt } });
  const ended = await session(new Date(Date.now() - 1_000));
  const live = await session(new Date(Date.now() + 3_600_000));
  const result = await processMaintenanceJob(job({}));
  expect(result.sessions).toBeGreaterThanOrEqual(1);
  expect(await prisma.session.count({ where: { id: ended.id } })).toBe(0);
  expect(await prisma.session.count({ where: { id: live.id } })).toBe(1);
});

it("fails without retries for a payload or a name it does not know", async () => {
  await expect(processMaintenanceJob(job({ all: true }))).rejects.toBeInstanceOf(UnrecoverableError);
  await expect(processMaintenanceJob(job({}, "render-letter"))).rejects.toBeInstanceOf(UnrecoverableError);
});

it("schedules the cleanup once a night in Redis, however often workers upsert it", async () => {
  const connection = createRedisConnection();
  const queue = new Queue(QUEUE.maintenance, {
    connection,
    prefix: `retention-sched-${randomUUID().slice(0, 8)}`,
  });
  try {
    await scheduleRetentionCleanup(queue);
    await scheduleRetentionCleanup(queue);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({
      key: RETENTION_CLEANUP_SCHEDULER_ID,
      name: "retention-cleanup",
      pattern: "30 3 * * *",
      tz: "Europe/Amsterdam",
    });
    // One job waits for the next night, not a run at every (re)start.
    const delayed = await queue.getDelayed();
    expect(delayed).toHaveLength(1);
    const runsAt = new Date((delayed[0]?.timestamp ?? 0) + (delayed[0]?.delay ?? 0));
    const hourThere = Number(
      new Intl.DateTimeFormat("nl-NL", { hour: "numeric", timeZone: "Europe/Amsterdam" }).format(runsAt),
    );
    expect(hourThere).toBe(3);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  }
});
