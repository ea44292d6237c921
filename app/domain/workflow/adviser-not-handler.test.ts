import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { activeAdviser, completePlan, fullAmounts, scenarioScores } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { assignAdviser } from "../assessment/assignment.server.ts";
import { setClock } from "../clock.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { ForbiddenError } from "../errors.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { getPlanView } from "../plan/view.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { closeNotConsidered } from "../review/lapsed.server.ts";

/**
 * Four-eyes from the handler's side (design.md §4): an adviser of the plan who also holds the case
 * handler's role takes no handler's step on it, so never joins its handlers (and so keeps their
 * advice, and the decision's four-eyes its meaning).
 */

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

const ask = () =>
  supplementRequestSchema.parse({
    text: "Voeg de begroting per maatregel toe.",
    steps: ["measures"],
    termDays: "14",
  });
const planOf = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true, status: true } });

/** An adviser of the Actieteam who is also a case handler. */
async function adviserAndHandler(s: Scenario): Promise<Actor> {
  const u = await s.newUser("ADVISER");
  await prisma.roleMembership.create({ data: { userId: u.userId, role: "CASE_HANDLER" } });
  return { ...u, roles: ["ADVISER", "CASE_HANDLER"] };
}

const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error) => e,
  );

describe("an adviser of the plan who is also a case handler", () => {
  it("may not ask for a supplement while holding an active seat, nor after advising; another handler may", async () => {
    const s = await createScenario();
    // Two advisers needed: the first advice leaves the plan in assessment, where a supplement is asked.
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advisersRequired: 2 } });
    const both = await adviserAndHandler(s);
    const { id } = await completePlan(s);
    planIds.push(id);
    await activeAdviser(s, id, both);

    // Seated, not yet advised: the page offers no supplement request, the engine refuses one.
    expect((await getPlanView(both, id)).allowedActions).not.toContain("request_info");
    const seated = await refusalOf(requestSupplement(both, id, (await planOf(id)).version, ask()));
    expect(seated).toBeInstanceOf(ForbiddenError);
    expect(seated?.message).toBe(
      "U adviseert over dit plan en mag daarom geen aanvulling vragen; dat doet een andere behandelaar (vier-ogenprincipe).",
    );

    await recordAdvice(both, id, (await planOf(id)).version, {
      scores: scenarioScores(),
      recommendation: "GRANT",
      text: "Goed onderbouwd.",
      amounts: fullAmounts(s),
    });
    expect((await planOf(id)).status).toBe("IN_ASSESSMENT");
    const advised = await refusalOf(requestSupplement(both, id, (await planOf(id)).version, ask()));
    expect(advised).toBeInstanceOf(ForbiddenError);

    // Nothing of it made the adviser a handler of the plan; the plan's own handler still asks.
    expect((await loadFourEyesFacts(prisma, id)).handlerStepActorIds).not.toContain(both.userId);
    expect(await prisma.supplementRequest.count({ where: { planId: id } })).toBe(0);
    await requestSupplement(s.handler, id, (await planOf(id)).version, ask());
    expect((await planOf(id)).status).toBe("INFO_REQUESTED");
  });

  it("may not ask for a supplement while the seat awaits its declaration", async () => {
    const s = await createScenario();
    const both = await adviserAndHandler(s);
    const { id, version } = await completePlan(s);
    planIds.push(id);
    await assignAdviser(s.coordinator, id, both.userId);
    const refusal = await refusalOf(requestSupplement(both, id, version, ask()));
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect((await planOf(id)).status).toBe("IN_ASSESSMENT");
  });

  it("may not close the plan as not considered after the hersteltermijn lapsed; its handler may", async () => {
    const s = await createScenario();
    const both = await adviserAndHandler(s);
    const { id } = await completePlan(s);
    planIds.push(id);
    await activeAdviser(s, id, both);
    const asked = await requestSupplement(s.handler, id, (await planOf(id)).version, ask());
    const { dueAt } = await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } });
    setClock(new Date(dueAt.getTime() + 60_000));

    const refusal = await refusalOf(closeNotConsidered(both, id, asked.version));
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect(refusal?.message).toBe(
      "U adviseert over dit plan en mag het daarom niet buiten behandeling stellen; dat doet een andere behandelaar (vier-ogenprincipe).",
    );
    expect((await loadFourEyesFacts(prisma, id)).handlerStepActorIds).not.toContain(both.userId);
    expect((await closeNotConsidered(s.handler, id, asked.version)).status).toBe("NOT_CONSIDERED");
  });
});
