import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { endOfAmsterdamDay, localDateToDb, parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import { listCases } from "./list.server.ts";
import { parseListParams } from "./params.ts";

// The case list gives the decision term's real state (Awb 4:15): no end and no countdown while a
// supplement asked during assessment is awaited, the suspended days added once its hersteltermijn
// lapsed unused, even before the lapse tick wrote them. Plans are inserted directly.

const at = (day: string, hour = 10) =>
  new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + hour * 3_600_000);
let s: Scenario;
let n = 0;

/** Complete on Monday 2 March 2026 (13 weeks: Monday 1 June), asked on Thursday 28 May. */
async function askedInAssessment(hersteltermijnEnd: string) {
  n += 1;
  const plan = await prisma.plan.create({
    data: {
      reference: `SP-S${s.tag}-${String(n).padStart(3, "0")}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status: "INFO_REQUESTED",
      title: `Plan ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: at("2026-03-02", 9),
      receivedAt: at("2026-03-02", 9),
      completeReceivedAt: at("2026-03-02", 9),
      decisionDueOn: localDateToDb("2026-06-01"),
      handlerId: s.handler.userId,
    },
  });
  await prisma.supplementRequest.create({
    data: {
      planId: plan.id,
      requestedById: s.handler.userId,
      text: "Voeg de begroting toe.",
      steps: ["measures"],
      requestedAt: at("2026-05-28"),
      dueAt: endOfAmsterdamDay(parseLocalDate(hersteltermijnEnd)),
      fromStatus: "IN_ASSESSMENT",
    },
  });
  return plan;
}

const list = (qs: string) => listCases(s.handler, parseListParams(new URLSearchParams(`q=S${s.tag}&${qs}`)));

beforeAll(async () => {
  setClock(at("2026-06-20"));
  s = await createScenario();
  expect(s.regulation.decisionTermWeeks).toBe(13);
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

describe("the decision term in the case list", () => {
  it("runs again, 7 days later, after an unused hersteltermijn and counts as overdue", async () => {
    // Hersteltermijn to Thursday 4 June: suspended 29 May – 4 June, the term ends Monday 8 June.
    const lapsed = await askedInAssessment("2026-06-04");
    const row = (await list("lijst=alle")).rows.find((r) => r.id === lapsed.id);
    expect(row).toMatchObject({
      decisionDueOn: "2026-06-08",
      daysLeft: -12,
      overdue: true,
      termSuspended: false,
    });
    expect((await list("lijst=alle&termijn=verlopen")).rows.map((r) => r.id)).toContain(lapsed.id);
  });

  it("has no end, no countdown and is not overdue while the hersteltermijn runs", async () => {
    const open = await askedInAssessment("2026-06-29");
    const row = (await list("lijst=alle")).rows.find((r) => r.id === open.id);
    expect(row).toMatchObject({ decisionDueOn: null, daysLeft: null, overdue: false, termSuspended: true });
    expect((await list("lijst=alle&termijn=verlopen")).rows.map((r) => r.id)).not.toContain(open.id);
  });
});
