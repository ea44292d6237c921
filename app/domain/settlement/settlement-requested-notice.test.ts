import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan, writeRealisationReport } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { amsterdamDate, localDateToDb, parseLocalDate } from "../time/index.ts";

const plans: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of plans) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

describe("the notice of a realisation report (aanvraag tot vaststelling)", () => {
  it("reaches the present case handlers too while the plan's handler is absent: the 22-week term runs", async () => {
    const s = await createScenario();
    const { id, version } = await completePlan(s);
    plans.push(id);
    await grantPlan(s, id, await advisePlan(s, id, version));
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
    const present = await s.newUser("CASE_HANDLER");
    const away = await s.newUser("CASE_HANDLER");
    const absentUntil = localDateToDb(parseLocalDate(`${s.year + 5}-01-01`));
    await prisma.user.updateMany({
      where: { id: { in: [s.handler.userId, away.userId] } },
      data: { absentUntil },
    });
    try {
      // After the execution period, so that the report may be sent in.
      setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
      await writeRealisationReport(s, id, 10_000_000n);
    } finally {
      await prisma.user.updateMany({
        where: { id: { in: [s.handler.userId, away.userId] } },
        data: { absentUntil: null },
      });
    }
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SETTLEMENT_REQUESTED");
    const told = (userId: string) =>
      prisma.notification.count({
        where: { planId: id, userId, title: { startsWith: "Aanvraag tot vaststelling" } },
      });
    expect(await told(s.handler.userId)).toBe(1);
    expect(await told(present.userId)).toBe(1);
    expect(await told(away.userId)).toBe(0);
  });
});
