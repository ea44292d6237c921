import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { listCases } from "../caselist/list.server.ts";
import { PAGE_SIZE, parseListParams } from "../caselist/params.ts";
import { setClock } from "../clock.ts";
import { ASSIGNMENT_PAGE_SIZE, assignmentOverview, claimPlan } from "./assignment.server.ts";

/**
 * The assignment page (/behandeling/toewijzing) a page at a time, reachable from the adviser's
 * queue for any plan; the claim offered while the plan has open seats; and the queue naming only
 * the advisers who hold a seat.
 */
const AT = new Date("2026-06-15T10:00:00Z");
let s: Scenario;
let n = 0;

function data(status: PlanStatus, complete: Date, extra: Record<string, unknown> = {}) {
  n += 1;
  return {
    reference: `SP-T${s.tag}-${String(n).padStart(4, "0")}`,
    organisationId: s.orgA.id,
    regulationId: s.regulation.id,
    windowId: s.window.id,
    status,
    title: `Plan ${n}`,
    createdById: s.applicantA.userId,
    sectorCodes: ["3"],
    submittedAt: complete,
    receivedAt: complete,
    completeReceivedAt: complete,
    ...extra,
  };
}
const plan = (status: PlanStatus, complete: Date, extra: Record<string, unknown> = {}) =>
  prisma.plan.create({ data: data(status, complete, extra) });

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

describe("the assignment page", () => {
  it("pages its plans, and the queue's link opens the page that holds the plan (also past 200)", async () => {
    // 210 plans found complete at one moment, the last of them (highest number) the one linked to:
    // its page follows the page's own order, receipt and then number.
    const same = new Date("2015-01-01T09:00:00Z");
    await prisma.plan.createMany({ data: Array.from({ length: 210 }, () => data("IN_ASSESSMENT", same)) });
    const p = await plan("IN_ASSESSMENT", same);

    const queue = await listCases(
      s.adviser2,
      parseListParams(new URLSearchParams(`lijst=beoordeling&q=${p.reference}`)),
    );
    expect(queue.rows[0]?.href).toBe(`/behandeling/toewijzing?plan=${p.id}#plan-${p.id}`);

    const linked = await assignmentOverview(s.coordinator, { plan: p.id });
    expect(linked.plans.map((x) => x.id)).toContain(p.id);
    expect(linked.plans.length).toBeLessThanOrEqual(ASSIGNMENT_PAGE_SIZE);
    expect(linked.pageCount).toBeGreaterThan(210 / PAGE_SIZE);
    expect(linked.total).toBeGreaterThan(210);

    // The same page by its number, and every page but the last one full.
    const byNumber = await assignmentOverview(s.coordinator, { page: linked.page });
    expect(byNumber.plans.map((x) => x.id)).toEqual(linked.plans.map((x) => x.id));
    const first = await assignmentOverview(s.coordinator);
    expect(first.page).toBe(1);
    expect(first.plans).toHaveLength(ASSIGNMENT_PAGE_SIZE);
    expect(first.plans.map((x) => x.id)).not.toContain(p.id);
    // A page past the end (a stale link) shows the last page, not an empty one.
    const past = await assignmentOverview(s.coordinator, { page: 10_000 });
    expect(past.page).toBe(past.pageCount);
    expect(past.plans.length).toBeGreaterThan(0);
    // A plan no longer in assessment falls back to the page asked for.
    const decided = await plan("GRANTED", same);
    expect((await assignmentOverview(s.coordinator, { plan: decided.id, page: 2 })).page).toBe(2);
  });

  it("offers the second seat of a plan that needs two advisers, and none once both are held", async () => {
    const p = await plan("IN_ASSESSMENT", new Date("2016-05-01T09:00:00Z"), { advisersRequired: 2 });
    await claimPlan(s.adviser, p.id);
    const row = async () =>
      (await assignmentOverview(s.adviser2, { plan: p.id })).plans.find((x) => x.id === p.id);
    // toewijzing.tsx shows "Oppakken" while openSeats > 0 and the adviser holds no seat.
    expect(await row()).toMatchObject({ openSeats: 1, mine: null, unassigned: false });
    await expect(claimPlan(s.adviser2, p.id)).resolves.toBeTruthy();
    expect(await row()).toMatchObject({ openSeats: 0, mine: "PENDING_DECLARATION" });

    // Without a number of its own the plan needs the regulation's (one, in the scenario).
    const q = await plan("IN_ASSESSMENT", new Date("2016-05-02T09:00:00Z"));
    const one = (await assignmentOverview(s.adviser2, { plan: q.id })).plans.find((x) => x.id === q.id);
    expect(one?.openSeats).toBe(s.regulation.advisersRequired);
  });

  it("the queue names no adviser who declared a conflict; the assignment page marks them", async () => {
    const p = await plan("IN_ASSESSMENT", new Date("2016-06-01T09:00:00Z"));
    await claimPlan(s.adviser, p.id);
    await prisma.adviserAssignment.updateMany({
      where: { planId: p.id },
      data: { status: "CONFLICT", conflictExplanation: "bestuurslid", declaredAt: AT },
    });
    const r = await listCases(s.handler, parseListParams(new URLSearchParams(`lijst=alle&q=${p.reference}`)));
    expect(r.rows[0]?.advisers).toEqual([]);

    const row = (await assignmentOverview(s.coordinator, { plan: p.id })).plans.find((x) => x.id === p.id);
    expect(row?.advisers.map((a) => [a.adviserId, a.status])).toEqual([[s.adviser.userId, "CONFLICT"]]);
    expect(row?.openSeats).toBe(1);
  });
});
