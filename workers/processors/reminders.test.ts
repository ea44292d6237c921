import { randomUUID } from "node:crypto";
import { type Job, Queue, UnrecoverableError } from "bullmq";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { setClock } from "../../app/domain/clock.ts";
import { cancelReminders } from "../../app/domain/reminders/reminders.server.ts";
import { QUEUE } from "../../app/jobs/definitions.ts";
import { completePlan } from "../../app/test/plan-steps.server.ts";
import { createScenario } from "../../app/test/scenario.server.ts";
import { createRedisConnection } from "../queues.ts";
import { processReminderTick, REMINDER_TICK_SCHEDULER_ID, scheduleReminderTick } from "./reminders.ts";

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

// The processor reads only job.data; a plain object stands in for the BullMQ Job around it.
const job = (data: unknown) => ({ data }) as Job;

describe("reminder tick processor", () => {
  it("sends what is due by the clock", async () => {
    setClock(new Date("2025-02-03T10:00:00Z"));
    const s = await createScenario();
    const { id } = await completePlan(s);
    const warning = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "DECISION_TERM_WARNING" } },
    });
    try {
      setClock(new Date(warning.dueAt.getTime() - 60_000));
      await processReminderTick(job({}));
      expect(await prisma.notification.count({ where: { planId: id } })).toBe(0);

      setClock(warning.dueAt);
      const result = await processReminderTick(job({}));
      expect(result.sent).toBeGreaterThanOrEqual(1);
      // No adviser holds the assessment yet: its handler hears of the term (send-due.server.ts).
      expect(await prisma.notification.count({ where: { planId: id, userId: s.handler.userId } })).toBe(1);
    } finally {
      await prisma.$transaction((tx) => cancelReminders(tx, id));
    }
  });

  it("refuses a payload it does not know, without retries", async () => {
    await expect(processReminderTick(job({ planId: "x" }))).rejects.toBeInstanceOf(UnrecoverableError);
  });
});

describe("the tick's job scheduler", () => {
  it("is one scheduler in Redis, however often workers upsert it", async () => {
    const connection = createRedisConnection();
    const queue = new Queue(QUEUE.reminders, { connection, prefix: `rem-sched-${randomUUID().slice(0, 8)}` });
    try {
      await scheduleReminderTick(queue);
      await scheduleReminderTick(queue);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({
        key: REMINDER_TICK_SCHEDULER_ID,
        name: "reminder-tick",
        every: 60_000,
      });
      // Its next tick is a job in Redis, waiting or delayed: it needs no process to remember it.
      const counts = await queue.getJobCounts("waiting", "delayed");
      expect((counts.waiting ?? 0) + (counts.delayed ?? 0)).toBe(1);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });
});
