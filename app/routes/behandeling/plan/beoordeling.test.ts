import { afterAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { cancelReminders } from "../../../domain/reminders/reminders.server.ts";
import {
  activeAdviser,
  completePlan,
  declareComplete,
  submittedPlan,
} from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { action, adviceRecordedMessage } from "./beoordeling.tsx";

const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

/** The adviser posts a grant in full (the scenario's € 300.000 a year) on the plan's tab. */
async function postAdvice(s: Scenario, who: Actor, planId: string): Promise<Record<string, unknown>> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
  const { version } = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { version: true },
  });
  const fields = {
    intent: "advise",
    expectedVersion: String(version),
    "scores.0.criterion": "analyse",
    "scores.0.score": "5",
    "scores.0.motivation": "Goed.",
    recommendation: "GRANT",
    text: "Verlenen.",
    "amounts.0.year": String(s.year + 1),
    "amounts.0.amount": "300.000,00",
    "amounts.1.year": String(s.year + 2),
    "amounts.1.amount": "300.000,00",
  };
  const request = new Request(`http://localhost/behandeling/plannen/${planId}/beoordeling`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return (await action({ request, params: { planId }, context: {} } as never)) as Record<string, unknown>;
}

/** Window € 1.000.000, plans € 600.000: the first is reserved (in assessment), the second waits. */
async function twoPlans(advisersRequired: number) {
  const s = await createScenario({ windowCeiling: 100_000_000n });
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired } });
  const first = await completePlan(s);
  const p = await submittedPlan(s);
  const c = await declareComplete(s.handler, p.id, p.version);
  expect(c.status).toBe("WAITING_FOR_BUDGET");
  planIds.push(first.id, p.id);
  for (const id of [first.id, p.id]) await activeAdviser(s, id);
  return { s, assessed: first.id, waiting: p.id };
}

describe("what the adviser is told after advising", () => {
  it("a waiting plan with the one advice it needs waits for budget only, not for a second adviser", async () => {
    const { s, waiting } = await twoPlans(1);
    const res = await postAdvice(s, s.adviser, waiting);
    expect(res.ok).toBe(true);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: waiting } })).status).toBe(
      "WAITING_FOR_BUDGET",
    );
    expect(res.message).toBe(
      "Het advies is vastgelegd. Het plan heeft het advies dat het nodig heeft en wacht nu alleen nog op budget.",
    );
  });

  it("a plan needing two advisers after the first advice: waiting, for budget and the second; in assessment, for the second", async () => {
    const { s, assessed, waiting } = await twoPlans(2);
    expect((await postAdvice(s, s.adviser, waiting)).message).toBe(
      "Het advies is vastgelegd. Het plan wacht op budget, en op het advies van een tweede adviseur.",
    );
    expect((await postAdvice(s, s.adviser, assessed)).message).toBe(
      "Het advies is vastgelegd. Het plan wacht op het advies van een tweede adviseur.",
    );
  });

  it("counts the advisers still needed when more than two are", () => {
    expect(adviceRecordedMessage("IN_ASSESSMENT", { required: 3, given: 1 })).toBe(
      "Het advies is vastgelegd. Het plan wacht op het advies van nog 2 adviseurs.",
    );
    expect(adviceRecordedMessage("WAITING_FOR_BUDGET", { required: 3, given: 2 })).toBe(
      "Het advies is vastgelegd. Het plan wacht op budget, en op het advies van nog één adviseur.",
    );
  });
});
