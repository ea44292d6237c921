import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { activeAdviser, completePlan, fullAmounts, scenarioScores } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setUserActive } from "../accounts/staff.server.ts";
import type { Actor } from "../actor.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { RuleViolation } from "../errors.ts";
import { recordAdvice, saveStep, submitPlan } from "../plan/plans.server.ts";
import { readDraft } from "../plan/steps/wizard.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { claimPlan, declareInterest, removeAssignment } from "./assignment.server.ts";

/**
 * A seat is held against its removal only by advice on the plan's latest version: the advice that
 * counts towards the plan's advisers (enoughAdvice). Advice on a version a supplement replaced no
 * longer does, so its adviser's seat can be released (account switched off) or removed by the
 * coordinator, and another adviser takes the plan. The advice and the four-eyes record stay.
 */

const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

const planOf = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true, status: true } });
const seatOf = (planId: string, adviserId: string) =>
  prisma.adviserAssignment.findFirstOrThrow({
    where: { planId, adviserId },
    orderBy: { assignedAt: "desc" },
    select: { id: true, status: true },
  });
const advise = async (s: Scenario, who: Actor, id: string) =>
  recordAdvice(who, id, (await planOf(id)).version, {
    scores: scenarioScores(),
    recommendation: "GRANT",
    text: "Goed onderbouwd.",
    amounts: fullAmounts(s),
  });

/** Two advisers needed; `first` advises on version 1, then a supplement during assessment makes version 2. */
async function staleAdvice(s: Scenario, first: Actor, second: Actor) {
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired: 2 } });
  const { id } = await completePlan(s);
  planIds.push(id);
  await activeAdviser(s, id, first);
  await activeAdviser(s, id, second);
  await advise(s, first, id);
  const ask = supplementRequestSchema.parse({
    text: "Voeg de begroting per maatregel toe.",
    steps: ["measures"],
    termDays: "14",
  });
  await requestSupplement(s.handler, id, (await planOf(id)).version, ask);
  const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
  const saved = await saveStep(s.applicantA, id, (await planOf(id)).version, "measures", draft.measures);
  const declared = await saveStep(s.applicantA, id, saved.version, "submit", {
    truthful: true,
    stateAid: true,
  });
  await submitPlan(s.applicantA, id, declared.version);
  expect((await planOf(id)).status).toBe("IN_ASSESSMENT");
  expect(await prisma.planVersion.count({ where: { planId: id } })).toBe(2);
  return id;
}

describe("an adviser whose advice a supplement made stale", () => {
  it("loses the seat when switched off, so another adviser claims the plan and it reaches ADVISED", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const third = await s.newUser("ADVISER");
    const id = await staleAdvice(s, s.adviser, s.adviser2);

    await setUserActive(admin, s.adviser.userId, false);
    expect((await seatOf(id, s.adviser.userId)).status).toBe("REMOVED");
    await advise(s, s.adviser2, id);
    expect((await planOf(id)).status).toBe("IN_ASSESSMENT");
    await claimPlan(third, id);
    await declareInterest(third, id, { conflict: false });
    await advise(s, third, id);
    expect((await planOf(id)).status).toBe("ADVISED");

    // The stale advice stays in the case file, and its adviser among those who may not decide.
    expect(await prisma.advice.count({ where: { planId: id, adviserId: s.adviser.userId } })).toBe(1);
    expect((await loadFourEyesFacts(prisma, id)).assignedAdviserIds).toContain(s.adviser.userId);
  });

  it("can be taken off by the coordinator; one who advised on the latest version cannot", async () => {
    const s = await createScenario();
    const id = await staleAdvice(s, s.adviser, s.adviser2);
    await advise(s, s.adviser2, id);

    const current = await removeAssignment(
      s.coordinator,
      (await seatOf(id, s.adviser2.userId)).id,
      "Afwezig.",
    ).catch((e: Error) => e);
    expect(current).toBeInstanceOf(RuleViolation);
    expect((current as Error).message).toBe(
      "Deze adviseur heeft al over de huidige versie van het plan geadviseerd en blijft eraan verbonden.",
    );

    await removeAssignment(s.coordinator, (await seatOf(id, s.adviser.userId)).id, "Langdurig afwezig.");
    expect((await seatOf(id, s.adviser.userId)).status).toBe("REMOVED");
    expect(await prisma.advice.count({ where: { planId: id, adviserId: s.adviser.userId } })).toBe(1);
    expect((await loadFourEyesFacts(prisma, id)).assignedAdviserIds).toContain(s.adviser.userId);
  });

  it("keeps the seat when switched off after advising on the latest version", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const id = await staleAdvice(s, s.adviser, s.adviser2);
    await advise(s, s.adviser, id);

    await setUserActive(admin, s.adviser.userId, false);
    expect((await seatOf(id, s.adviser.userId)).status).toBe("ACTIVE");
  });
});
