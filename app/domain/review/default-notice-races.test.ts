import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { ConflictError } from "../errors.ts";
import { amsterdamDate } from "../time/index.ts";
import { recordDefaultNotice } from "./deadlines.server.ts";

afterEach(() => setClock(null));

const versionOf = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const recordings = (planId: string) =>
  prisma.auditLog.count({ where: { action: "plan.default-notice-recorded", targetId: planId } });

describe("an ingebrekestelling recorded twice", () => {
  it("the same day sent twice at once and once more records it once, and nobody gets an error", async () => {
    const s = await createScenario();
    const { id } = await submittedPlan(s);
    const v = await versionOf(id);
    const day = amsterdamDate(new Date());
    const results = await Promise.allSettled([
      recordDefaultNotice(s.handler, id, day, v),
      recordDefaultNotice(s.handler, id, day, v),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    await recordDefaultNotice(s.handler, id, day, v);
    expect(await recordings(id)).toBe(1);
  });

  it("a colleague's form that showed no notice does not silently replace the day recorded meanwhile", async () => {
    const s = await createScenario();
    const colleague = await s.newUser("CASE_HANDLER");
    const { id } = await submittedPlan(s);
    const shown = await versionOf(id);
    const submittedOn = amsterdamDate(new Date());
    const tenDaysOn = new Date(Date.now() + 10 * 86_400_000);
    setClock(tenDaysOn);
    const later = amsterdamDate(tenDaysOn);
    // Both pages showed no notice ("").
    await recordDefaultNotice(s.handler, id, later, shown, undefined, "");
    await expect(
      recordDefaultNotice(colleague, id, submittedOn, shown, undefined, ""),
    ).rejects.toBeInstanceOf(ConflictError);
    const row = await prisma.defaultNotice.findFirstOrThrow({ where: { planId: id } });
    expect(amsterdamDate(row.receivedOn)).toBe(later);
    // From the page as it stands now (showing the recorded day), the correction goes through.
    await recordDefaultNotice(colleague, id, submittedOn, shown, undefined, later);
    expect(await recordings(id)).toBe(2);
  });

  it("leaves the plan's version alone, so nobody else's open form is refused because of it", async () => {
    const s = await createScenario();
    const { id } = await submittedPlan(s);
    const before = await versionOf(id);
    await recordDefaultNotice(s.handler, id, amsterdamDate(new Date()), before, undefined, "");
    expect(await versionOf(id)).toBe(before);
  });
});
