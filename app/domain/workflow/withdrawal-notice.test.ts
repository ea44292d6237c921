import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { completePlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { localDateToDb, parseLocalDate } from "../time/index.ts";

afterAll(async () => {
  await disconnectPrisma();
});

const told = (planId: string, userId: string) =>
  prisma.notification.count({ where: { planId, userId, title: { endsWith: "ingetrokken" } } });

describe("the handler's notice of a withdrawal", () => {
  it("reaches the present case handlers too while the plan's handler is absent", async () => {
    const s = await createScenario();
    const { id, version } = await completePlan(s);
    const present = await s.newUser("CASE_HANDLER");
    const away = await s.newUser("CASE_HANDLER");
    const absentUntil = localDateToDb(parseLocalDate(`${s.year + 5}-01-01`));
    await prisma.user.updateMany({
      where: { id: { in: [s.handler.userId, away.userId] } },
      data: { absentUntil },
    });
    try {
      await withdrawPlan(s.applicantA, id, version, null);
    } finally {
      await prisma.user.updateMany({
        where: { id: { in: [s.handler.userId, away.userId] } },
        data: { absentUntil: null },
      });
    }
    // The absent handler finds it on return; a present colleague stops working a withdrawn plan now.
    expect(await told(id, s.handler.userId)).toBe(1);
    expect(await told(id, present.userId)).toBe(1);
    expect(await told(id, away.userId)).toBe(0);
  });

  it("reaches the handler alone while present, and every case handler while nobody holds the plan", async () => {
    const s = await createScenario();
    const colleague = await s.newUser("CASE_HANDLER");
    const held = await completePlan(s);
    await withdrawPlan(s.applicantA, held.id, held.version, null);
    expect(await told(held.id, s.handler.userId)).toBe(1);
    expect(await told(held.id, colleague.userId)).toBe(0);

    const unheld = await submittedPlan(s);
    await withdrawPlan(s.applicantA, unheld.id, unheld.version, null);
    expect(await told(unheld.id, s.handler.userId)).toBe(1);
    expect(await told(unheld.id, colleague.userId)).toBe(1);
  });
});
