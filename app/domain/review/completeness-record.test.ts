import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { getPlanView, markComplete } from "../plan/plans.server.ts";
import { verifyChains } from "../workflow/chain.server.ts";
import { ChecklistFailed } from "./completeness.server.ts";

/**
 * Review finding 5: the completeness check is recorded. The handler's confirmation that every
 * partner signed the agreement and each checklist item's outcome are the complete event's payload,
 * inside the audit chain; "compleet" is never declared without the checklist.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});

const ITEMS = ["partnership", "agreement", "budget", "themes", "period", "amounts", "earlier"];

describe("the completeness check on record", () => {
  it("the complete event carries the confirmation and every item's outcome, inside the chain", async () => {
    const { id, version } = await submittedPlan(s);
    await markComplete(s.handler, id, version, { agreementSigned: true });
    const ev = await prisma.workflowEvent.findFirstOrThrow({ where: { planId: id, event: "complete" } });
    expect(ev.payload).toEqual({
      agreementSigned: true,
      items: ITEMS.map((code) => ({ code, ok: true })),
    });
    expect((await verifyChains(prisma, { planIds: [id] })).broken).toEqual([]);

    // The plan's history says it.
    const view = await getPlanView(s.handler, id);
    expect(view.events.find((e) => e.event === "complete")?.checklist).toEqual({
      agreementSigned: true,
      passed: 7,
      total: 7,
    });

    // The payload is hashed: a confirmation changed in the database breaks the chain at that event.
    await prisma.$executeRaw`UPDATE "WorkflowEvent" SET payload = jsonb_set(payload, '{agreementSigned}', 'false') WHERE id = ${ev.id}`;
    const report = await verifyChains(prisma, { planIds: [id] });
    expect(report.broken[0]?.eventId).toBe(ev.id.toString());
  });

  it("refuses 'compleet' without the checklist", async () => {
    const { id, version } = await submittedPlan(s);
    // @ts-expect-error: the checklist is required; a caller in plain JavaScript gets no pass either.
    const err = await markComplete(s.handler, id, version).catch((e) => e);
    expect(err).toBeInstanceOf(ChecklistFailed);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true } });
    expect(plan.status).toBe("SUBMITTED");
  });
});
