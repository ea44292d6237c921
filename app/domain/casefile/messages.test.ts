import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { now, setClock } from "../clock.ts";
import { localDateToDb, parseLocalDate } from "../time/index.ts";
import { MESSAGE_REPEAT_MS, postMessage } from "./messages.server.ts";

let s: Scenario;
async function plan(handlerId: string | null) {
  return prisma.plan.create({
    data: {
      reference: `SP-M${s.tag}-${Math.random().toString(36).slice(2, 8)}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      status: "SUBMITTED",
      title: "Berichtenplan",
      createdById: s.applicantA.userId,
      submittedAt: new Date(),
      handlerId,
    },
  });
}
const told = (planId: string, userId: string) => prisma.notification.count({ where: { planId, userId } });

beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

describe("a message sent twice (a double click without JavaScript, a browser resending the POST)", () => {
  it("is posted once and tells the other side once, also when both arrive at the same moment", async () => {
    const p = await plan(s.handler.userId);
    const text = "Wij hebben een vraag over de hersteltermijn.";
    const [a, b] = await Promise.all([
      postMessage(s.applicantA, p.id, "aanvrager", text),
      postMessage(s.applicantA, p.id, "aanvrager", ` ${text}\n`),
    ]);
    expect(b.id).toBe(a.id);
    expect(await prisma.planMessage.count({ where: { planId: p.id } })).toBe(1);
    expect(await told(p.id, s.handler.userId)).toBe(1);

    const [c, d] = await Promise.all([
      postMessage(s.handler, p.id, "behandeling", "Stuur de begroting per jaar."),
      postMessage(s.handler, p.id, "behandeling", "Stuur de begroting per jaar."),
    ]);
    expect(d.id).toBe(c.id);
    expect(await told(p.id, s.applicantA.userId)).toBe(1);
  });

  it("is a new message after a minute, or with another text, or from a colleague", async () => {
    const p = await plan(s.handler.userId);
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    const start = now();
    setClock(start);
    await postMessage(s.applicantA, p.id, "aanvrager", "Ja.");
    await postMessage(s.applicantA, p.id, "aanvrager", "Nee.");
    await postMessage(colleague, p.id, "aanvrager", "Ja.");
    setClock(new Date(start.getTime() + MESSAGE_REPEAT_MS - 1000));
    await postMessage(s.applicantA, p.id, "aanvrager", "Ja.");
    expect(await prisma.planMessage.count({ where: { planId: p.id } })).toBe(3);
    setClock(new Date(start.getTime() + MESSAGE_REPEAT_MS + 1000));
    await postMessage(s.applicantA, p.id, "aanvrager", "Ja.");
    expect(await prisma.planMessage.count({ where: { planId: p.id } })).toBe(4);
    expect(await told(p.id, s.handler.userId)).toBe(4);
  });
});

describe("an applicant's message while the handler is absent", () => {
  it("reaches the absent handler and the present case handlers, as the plan's other notices do", async () => {
    const p = await plan(s.handler.userId);
    const present = await s.newUser("CASE_HANDLER");
    const away = await s.newUser("CASE_HANDLER");
    const absentUntil = localDateToDb(parseLocalDate(`${s.year + 5}-01-01`));
    await prisma.user.updateMany({
      where: { id: { in: [s.handler.userId, away.userId] } },
      data: { absentUntil },
    });
    try {
      await postMessage(s.applicantA, p.id, "aanvrager", "Kunt u de termijn toelichten?");
      expect(await told(p.id, s.handler.userId)).toBe(1);
      expect(await told(p.id, present.userId)).toBe(1);
      expect(await told(p.id, away.userId)).toBe(0);
    } finally {
      await prisma.user.updateMany({
        where: { id: { in: [s.handler.userId, away.userId] } },
        data: { absentUntil: null },
      });
    }
  });

  it("reaches every case handler when the handler's account was switched off", async () => {
    const gone = await s.newUser("CASE_HANDLER");
    const p = await plan(gone.userId);
    await prisma.user.update({ where: { id: gone.userId }, data: { active: false } });
    await postMessage(s.applicantA, p.id, "aanvrager", "Is er nog iemand?");
    expect(await told(p.id, gone.userId)).toBe(0);
    expect(await told(p.id, s.handler.userId)).toBe(1);
  });
});
