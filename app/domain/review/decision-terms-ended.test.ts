import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { listCases } from "../caselist/list.server.ts";
import { parseListParams } from "../caselist/params.ts";
import { setClock } from "../clock.ts";
import { decisionDueDate, localDateToDb } from "../time/index.ts";
import { decisionTermsOf, planTerms } from "./deadlines.server.ts";

// A plan that stopped awaiting its decision while the term stood still (a supplement asked during
// assessment) keeps the end it had then, for every reader: decisionTermsOf reads the moment it
// ended (decision, withdrawal, besluit not to consider) itself, so a caller that passes none (the
// case list) gives what the plan page gives. Judged today, the hersteltermijn that lapsed after the
// end would add its days. Plans are inserted directly.

const AT = new Date("2026-06-15T10:00:00Z");
const COMPLETE = new Date("2026-04-01T09:00:00Z");
/** 13 weeks from 1 April: the term's end as stored, before any suspension. */
const STORED_END = "2026-07-01";
let s: Scenario;
let n = 0;

/** Complete on 1 April; a supplement asked on 1 May with its hersteltermijn to 15 May, never answered. */
async function suspendedPlan(status: PlanStatus) {
  n += 1;
  const p = await prisma.plan.create({
    data: {
      reference: `SP-E${s.tag}-${String(n).padStart(3, "0")}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Plan ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: COMPLETE,
      receivedAt: COMPLETE,
      completeReceivedAt: COMPLETE,
      decisionTermWeeks: 13,
      decisionDueOn: localDateToDb(decisionDueDate(COMPLETE, 13)),
      handlerId: s.handler.userId,
    },
  });
  await prisma.supplementRequest.create({
    data: {
      planId: p.id,
      requestedById: s.handler.userId,
      text: "Voeg de begroting toe.",
      steps: ["budget"],
      requestedAt: new Date("2026-05-01T09:00:00Z"),
      dueAt: new Date("2026-05-15T21:59:59Z"),
      fromStatus: "IN_ASSESSMENT",
    },
  });
  return p;
}

async function closedBy(planId: string, event: "withdraw" | "not_consider", at: string) {
  await prisma.workflowEvent.create({
    data: {
      planId,
      event,
      fromStatus: "INFO_REQUESTED",
      toStatus: event === "withdraw" ? "WITHDRAWN" : "NOT_CONSIDERED",
      planVersion: 2,
      createdAt: new Date(at),
    },
  });
}

const row = async (id: string) =>
  (await listCases(s.handler, parseListParams(new URLSearchParams(`lijst=alle&q=E${s.tag}`)))).rows.find(
    (r) => r.id === id,
  );
const facts = {
  select: { id: true, status: true, completeReceivedAt: true, decisionDueOn: true, suspendedDays: true },
};

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
  expect(decisionDueDate(COMPLETE, 13)).toBe(STORED_END);
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

describe("the term of a plan that ended while its term stood still", () => {
  it("withdrawn: the list gives the plan page's end, not today's lapse", async () => {
    const p = await suspendedPlan("WITHDRAWN");
    await closedBy(p.id, "withdraw", "2026-05-05T09:00:00Z");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: p.id }, ...facts });
    expect((await decisionTermsOf(prisma, [plan], AT)).get(p.id)).toMatchObject({
      state: "ended",
      due: STORED_END,
      suspended: true,
    });
    expect((await planTerms(prisma, p.id)).decisionDue).toBe(STORED_END);
    expect((await row(p.id))?.decisionDueOn).toBe(STORED_END);
  });

  it("not considered: the first closing event counts, as on the plan page", async () => {
    const p = await suspendedPlan("NOT_CONSIDERED");
    await closedBy(p.id, "not_consider", "2026-05-10T09:00:00Z");
    const page = await planTerms(prisma, p.id);
    expect(page.decisionDue).toBe(STORED_END);
    expect((await row(p.id))?.decisionDueOn).toBe(page.decisionDue);
  });

  it("decided: the decision's moment counts", async () => {
    const p = await suspendedPlan("REJECTED");
    await prisma.decision.create({
      data: {
        planId: p.id,
        outcome: "REJECTED",
        reason: "Afgewezen.",
        decidedById: s.decisionMaker.userId,
        decidedAt: new Date("2026-05-08T09:00:00Z"),
        terms: {},
      },
    });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: p.id }, ...facts });
    expect((await decisionTermsOf(prisma, [plan], AT)).get(p.id)).toMatchObject({ due: STORED_END });
    expect((await row(p.id))?.decisionDueOn).toBe((await planTerms(prisma, p.id)).decisionDue);
  });

  it("keeps the moment a caller passes", async () => {
    const p = await suspendedPlan("WITHDRAWN");
    await closedBy(p.id, "withdraw", "2026-05-05T09:00:00Z");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: p.id }, ...facts });
    // Ended after the hersteltermijn lapsed: its 14 days (2–15 May) count, the end moves to 15 July.
    const term = (
      await decisionTermsOf(prisma, [{ ...plan, endedAt: new Date("2026-06-01T09:00:00Z") }], AT)
    ).get(p.id);
    expect(term).toMatchObject({ state: "ended", due: "2026-07-15", suspended: false });
  });
});
