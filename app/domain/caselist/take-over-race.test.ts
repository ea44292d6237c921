import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { ConflictError } from "../errors.ts";
import { takeOverPlan } from "./absence.server.ts";

describe("two handlers taking over an absent colleague's plan at the same moment", () => {
  it("one takes it; the other is told a colleague took it, instead of silently taking it from the first", async () => {
    const s = await createScenario();
    const { id } = await submittedPlan(s);
    await prisma.plan.update({ where: { id }, data: { handlerId: s.handler.userId } });
    const [a, b] = [await s.newUser("CASE_HANDLER"), await s.newUser("CASE_HANDLER")];
    // Both lists showed the absent colleague as the plan's handler.
    const results = await Promise.allSettled([
      takeOverPlan(a, id, s.handler.userId),
      takeOverPlan(b, id, s.handler.userId),
    ]);
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(errors).toEqual([expect.any(ConflictError)]);
    expect((errors[0] as Error).message).toContain("Een collega heeft dit plan zojuist overgenomen");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { handlerId: true } });
    expect([a.userId, b.userId]).toContain(plan.handlerId);
    expect(await prisma.auditLog.count({ where: { action: "plan.handler-taken-over", targetId: id } })).toBe(
      1,
    );
  });

  it("a plan without a handler shown as such is taken as before", async () => {
    const s = await createScenario();
    const { id } = await submittedPlan(s);
    await prisma.plan.update({ where: { id }, data: { handlerId: null } });
    const a = await s.newUser("CASE_HANDLER");
    await takeOverPlan(a, id, null);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).handlerId).toBe(a.userId);
  });

  it("a plan released to the queue meanwhile is taken over, not called a colleague's take-over", async () => {
    const s = await createScenario();
    const { id } = await submittedPlan(s);
    // The list showed the absent handler; an admin then released the plan (no handler).
    await prisma.plan.update({ where: { id }, data: { handlerId: null } });
    const a = await s.newUser("CASE_HANDLER");
    expect(await takeOverPlan(a, id, s.handler.userId)).toEqual({ previousHandlerId: null });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).handlerId).toBe(a.userId);
    // Shown without a handler, taken by a colleague meanwhile: that stays a conflict.
    const b = await s.newUser("CASE_HANDLER");
    await expect(takeOverPlan(b, id, null)).rejects.toThrow(ConflictError);
  });
});
