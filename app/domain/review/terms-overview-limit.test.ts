import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { TERMS_LIST_LIMIT, termsOverview } from "./deadlines.server.ts";

/**
 * The terms overview shows at most TERMS_LIST_LIMIT rows a list. Past that it ended silently, so
 * the latest overdue plans fell off the page, and its penalty total summed only the 200 oldest
 * notices of default: what the state owes was shown too low.
 */
let s: Scenario;
const ids: string[] = [];

beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  // Long overdue and sorted first: left behind they would push other files' plans off the lists.
  await prisma.defaultNotice.deleteMany({ where: { planId: { in: ids } } });
  await prisma.plan.deleteMany({ where: { id: { in: ids } } });
  await disconnectPrisma();
});

describe("the terms overview past its list limit", () => {
  it("says a list was cut, and counts every notice of default in the total", async () => {
    const count = TERMS_LIST_LIMIT + 1;
    const complete = new Date("2000-01-03T09:00:00Z");
    const plans = await prisma.plan.createManyAndReturn({
      data: Array.from({ length: count }, (_, i) => ({
        reference: `SP-L${s.tag}-${String(i).padStart(4, "0")}`,
        organisationId: s.orgA.id,
        regulationId: s.regulation.id,
        windowId: s.window.id,
        status: "IN_ASSESSMENT" as const,
        title: `Te laat ${i}`,
        createdById: s.applicantA.userId,
        sectorCodes: ["3"],
        submittedAt: complete,
        receivedAt: complete,
        completeReceivedAt: complete,
        decisionDueOn: new Date("2000-04-03T00:00:00Z"),
      })),
      select: { id: true },
    });
    ids.push(...plans.map((p) => p.id));
    // A notice of default on each, long ago: every one has run to the maximum (Awb 4:17 lid 2).
    await prisma.defaultNotice.createMany({
      data: ids.map((planId) => ({
        planId,
        subject: "GRANT" as const,
        subjectKey: "GRANT",
        receivedOn: new Date("2000-04-10T00:00:00Z"),
        recordedById: s.handler.userId,
        recordedAt: new Date("2000-04-10T10:00:00Z"),
      })),
    });

    const o = await termsOverview(s.handler);
    expect(o.decisionTerms).toHaveLength(TERMS_LIST_LIMIT);
    expect(o.more.decisionTerms).toBe(true);
    const ours = o.penalties.filter((p) => ids.includes(p.id));
    expect(ours).toHaveLength(count);
    expect(ours.every((p) => p.exposure?.capped)).toBe(true);
    const oursCents = ours.reduce((sum, p) => sum + (p.exposure?.cents ?? 0n), 0n);
    expect(o.totalPenaltyCents >= oursCents).toBe(true);
  }, 60_000);
});
