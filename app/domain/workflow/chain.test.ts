import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { canonicalEvent, describeReport, eventHash, verifyChains } from "./chain.server.ts";

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

const eventsOf = (planId: string) =>
  prisma.workflowEvent.findMany({ where: { planId }, orderBy: { id: "asc" } });

describe("the tamper-evident chain of workflow events", () => {
  it("links every event of a plan to the one before, from the draft's creation on", async () => {
    const { id } = await completePlan(s);
    const events = await eventsOf(id);
    expect(events.map((e) => e.event)).toEqual(["create", "submit", "complete"]);
    expect(events[0]?.prevHash).toBeNull();
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    for (const e of events) expect(e.hash).toBe(eventHash(e, e.prevHash));
    const report = await verifyChains(prisma, { planIds: [id] });
    expect(report).toEqual({ plans: 1, events: 3, broken: [] });
  });

  it("names the event whose reason was edited in the database, with expected and stored hash", async () => {
    const { id } = await completePlan(s);
    const [, submitted] = await eventsOf(id);
    if (!submitted) throw new Error("no submit event");
    await prisma.$executeRaw`UPDATE "WorkflowEvent" SET reason = 'achteraf aangepast' WHERE id = ${submitted.id}`;

    const report = await verifyChains(prisma, { planIds: [id] });
    expect(report.broken).toHaveLength(1);
    const broken = report.broken[0];
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(broken).toMatchObject({
      planId: id,
      reference: plan.reference,
      eventId: submitted.id.toString(),
      stored: submitted.hash,
    });
    expect(broken?.expected).not.toBe(submitted.hash);
    expect(broken?.problem).toContain("gewijzigd");
    const lines = describeReport(report);
    expect(lines[0]).toContain(plan.reference);
    expect(lines[0]).toContain(`gebeurtenis ${submitted.id}`);
  });

  it("names the event after one that was deleted, and a plan whose last event was deleted", async () => {
    const middle = await completePlan(s);
    const [, submitted, completed] = await eventsOf(middle.id);
    if (!submitted || !completed) throw new Error("events missing");
    await prisma.$executeRaw`DELETE FROM "WorkflowEvent" WHERE id = ${submitted.id}`;

    const last = await completePlan(s);
    const lastEvents = await eventsOf(last.id);
    const newest = lastEvents[lastEvents.length - 1];
    if (!newest) throw new Error("no events");
    await prisma.$executeRaw`DELETE FROM "WorkflowEvent" WHERE id = ${newest.id}`;

    const report = await verifyChains(prisma, { planIds: [middle.id, last.id] });
    const byPlan = new Map(report.broken.map((b) => [b.planId, b]));
    expect(byPlan.get(middle.id)).toMatchObject({
      eventId: completed.id.toString(),
      expected: (await eventsOf(middle.id))[0]?.hash,
      stored: submitted.hash,
    });
    expect(byPlan.get(last.id)?.problem).toContain("ontbreekt");
  });

  it("computes the canonical form exactly as PostgreSQL prints the jsonb array (the backfill relies on it)", async () => {
    const fields = {
      planId: "0c1d1c1e-0000-4000-8000-000000000001",
      event: "grant_partially",
      fromStatus: "ADVISED" as const,
      toStatus: "PARTIALLY_GRANTED" as const,
      actorId: null,
      actorRole: "DECISION_MAKER" as const,
      reason: 'Deels: "plafond" bereikt\n\tté € 5 \\ \u0001',
      payload: {
        grantedPerYear: [{ year: 2027, cents: "150000000" }],
        b: true,
        aa: null,
        a: 1.5,
        ééé: [],
        z: {},
      },
      planVersion: 7,
      createdAt: new Date("2026-11-28T21:00:00.123Z"),
    };
    const rows = await prisma.$queryRaw<{ text: string }[]>`
      SELECT jsonb_build_array(${fields.planId}::text, ${fields.event}::text, ${fields.fromStatus}::text,
        ${fields.toStatus}::text, NULL::text, ${fields.actorRole}::text, ${fields.reason}::text,
        ${JSON.stringify(fields.payload)}::jsonb, ${fields.planVersion}::int,
        to_char(${fields.createdAt}::timestamp(3), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ${"abc"}::text)::text AS text`;
    expect(canonicalEvent(fields, "abc")).toBe(rows[0]?.text);
  });

  it("the backfill migration gives events without a hash the hashes the application computes", async () => {
    const { id } = await completePlan(s);
    const before = await eventsOf(id);
    await prisma.$executeRaw`UPDATE "WorkflowEvent" SET hash = NULL, "prevHash" = NULL WHERE "planId" = ${id}`;
    const sql = readFileSync(
      path.resolve(
        import.meta.dirname,
        "../../../prisma/migrations/20261128220000_workflow_event_chain/migration.sql",
      ),
      "utf8",
    );
    await prisma.$executeRawUnsafe(sql);
    const after = await eventsOf(id);
    expect(after.map((e) => [e.prevHash, e.hash])).toEqual(before.map((e) => [e.prevHash, e.hash]));
  });
});
