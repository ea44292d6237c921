import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { localDateToDb } from "../time/index.ts";
import { setAbsence, takeOverPlan } from "./absence.server.ts";
import { listCases, listOptions, rowHref } from "./list.server.ts";
import { parseListParams } from "./params.ts";

// Plans are inserted directly (not through the wizard): these tests are about the list query.
const AT = new Date("2026-06-15T10:00:00Z");
let s: Scenario;
let n = 0;

async function plan(
  org: "A" | "B",
  status: PlanStatus,
  opts: { receivedDay?: number; dueOn?: string; handlerId?: string; sector?: string } = {},
) {
  n += 1;
  const received = opts.receivedDay ? new Date(Date.UTC(2026, 4, opts.receivedDay, 9)) : null;
  return prisma.plan.create({
    data: {
      reference: `SP-T${s.tag}-${String(n).padStart(3, "0")}`,
      organisationId: org === "A" ? s.orgA.id : s.orgB.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Plan ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: [opts.sector ?? "3"],
      submittedAt: received,
      receivedAt: received,
      completeReceivedAt: status === "SUBMITTED" ? null : received,
      decisionDueOn: opts.dueOn ? localDateToDb(opts.dueOn as `${number}-${number}-${number}`) : null,
      handlerId: opts.handlerId ?? null,
    },
  });
}

const list = (actor: Scenario["handler"], qs: string) =>
  listCases(actor, parseListParams(new URLSearchParams(`q=T${s.tag}&${qs}`)));

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
  // 30 submitted plans, received on 30 different days in reverse order of creation.
  for (let d = 30; d >= 1; d--)
    await plan(d % 2 === 0 ? "A" : "B", "SUBMITTED", { receivedDay: d, sector: d <= 5 ? "5" : "3" });
  await plan("A", "IN_ASSESSMENT", { receivedDay: 2, dueOn: "2026-06-14", handlerId: s.handler.userId });
  await plan("B", "ADVISED", { receivedDay: 1, dueOn: "2026-08-01", handlerId: s.handler.userId });
  await plan("A", "GRANTED", { receivedDay: 1, dueOn: "2026-06-01", handlerId: s.handler.userId });
  await plan("A", "DRAFT");
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

describe("staff lists", () => {
  it("the completeness queue: submitted plans only, in order of receipt, 25 a page with a total", async () => {
    const p1 = await list(s.handler, "lijst=volledigheid");
    expect(p1.list).toBe("volledigheid");
    expect(p1.total).toBe(30);
    expect(p1.pageCount).toBe(2);
    expect(p1.rows).toHaveLength(25);
    expect(p1.rows.every((r) => r.status === "SUBMITTED")).toBe(true);
    const days = p1.rows.map((r) => new Date(r.receivedAt ?? 0).getUTCDate());
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(days[0]).toBe(1);
    const p2 = await list(s.handler, "lijst=volledigheid&pagina=2");
    expect(p2.rows).toHaveLength(5);
    expect(p2.rows.map((r) => r.id)).not.toContain(p1.rows[24]?.id);
    // A page past the end shows the last page.
    expect((await list(s.handler, "lijst=volledigheid&pagina=9")).page).toBe(2);
  });

  it("searches by kenmerk and by organisation name, case-insensitively; never lists a draft", async () => {
    const byRef = await listCases(
      s.handler,
      parseListParams(new URLSearchParams(`lijst=alle&q=t${s.tag}-031`)),
    );
    expect(byRef.rows.map((r) => r.reference)).toEqual([`SP-T${s.tag}-031`]);
    const byOrg = await listCases(
      s.handler,
      parseListParams(new URLSearchParams(`lijst=alle&q=${encodeURIComponent(`stichting b ${s.tag}`)}`)),
    );
    expect(byOrg.total).toBe(16);
    expect(byOrg.rows.every((r) => r.organisationName === s.orgB.name)).toBe(true);
    const all = await list(s.handler, "lijst=alle");
    expect(all.total).toBe(33);
  });

  it("filters by status, sector, window, assignee and overdue; flags overdue undecided plans only", async () => {
    expect((await list(s.handler, "lijst=alle&status=ADVISED")).total).toBe(1);
    expect((await list(s.handler, "lijst=volledigheid&sector=5")).total).toBe(5);
    expect((await list(s.handler, `lijst=alle&tijdvak=${s.window.id}`)).total).toBe(33);
    expect((await list(s.handler, "lijst=alle&behandelaar=mijn")).total).toBe(3);
    expect((await list(s.handler, "lijst=volledigheid&behandelaar=geen")).total).toBe(30);
    const overdue = await list(s.handler, "lijst=alle&termijn=verlopen");
    // IN_ASSESSMENT due yesterday is overdue; the GRANTED plan's passed term is not.
    expect(overdue.rows.map((r) => r.status)).toEqual(["IN_ASSESSMENT"]);
    expect(overdue.rows[0]?.overdue).toBe(true);
    expect(overdue.rows[0]?.daysLeft).toBe(-1);
    const advised = (await list(s.handler, "lijst=alle&status=ADVISED")).rows[0];
    expect(advised?.overdue).toBe(false);
    expect(advised?.daysLeft).toBe(47);
    // A decided plan keeps its term's date, without a count of days since.
    const granted = (await list(s.handler, "lijst=alle&status=GRANTED")).rows[0];
    expect(granted?.decisionDueOn).not.toBeNull();
    expect(granted?.daysLeft).toBeNull();
    expect(granted?.overdue).toBe(false);
  });

  it("sorts by deadline, kenmerk and organisation, either way", async () => {
    const byDue = await list(s.handler, "lijst=alle&sorteer=termijn");
    expect(byDue.rows.slice(0, 3).map((r) => r.decisionDueOn)).toEqual([
      "2026-06-01",
      "2026-06-14",
      "2026-08-01",
    ]);
    const byRefDesc = await list(s.handler, "lijst=alle&sorteer=kenmerk&richting=af");
    expect(byRefDesc.rows[0]?.reference).toBe(`SP-T${s.tag}-033`);
    const byOrg = await list(s.handler, "lijst=alle&sorteer=organisatie&richting=af");
    // 16 plans of B first, then A's.
    expect(byOrg.rows.slice(0, 16).every((r) => r.organisationName === s.orgB.name)).toBe(true);
    expect(byOrg.rows.at(-1)?.organisationName).toBe(s.orgA.name);
  });

  it("gives each role its own queues: an adviser asking for the completeness queue gets the assessment queue", async () => {
    const adv = await list(s.adviser, "lijst=volledigheid");
    expect(adv.list).toBe("beoordeling");
    expect(adv.rows.map((r) => r.status)).toEqual(["IN_ASSESSMENT"]);
    // An adviser's "all plans" names only plans in assessment and their own; never a decided one.
    expect((await list(s.adviser, "lijst=alle")).rows.map((r) => r.status)).toEqual(["IN_ASSESSMENT"]);
    // Without a seat on it, the adviser may not open it: the kenmerk leads to where it is claimed.
    const id = adv.rows[0]?.id;
    expect(adv.rows[0]?.href).toBe(`/behandeling/toewijzing?plan=${id}#plan-${id}`);
    expect((await list(s.handler, "lijst=alle&status=IN_ASSESSMENT")).rows[0]?.href).toBe(
      `/behandeling/plannen/${id}`,
    );
    const dm = await list(s.decisionMaker, "");
    expect(dm.list).toBe("besluit");
    expect(dm.rows.map((r) => r.status)).toEqual(["ADVISED"]);
  });
});

describe("absence and taking over", () => {
  it("marks an absent handler's plans, and another handler takes one over without a status change", async () => {
    const other = await s.newUser("CASE_HANDLER");
    await expect(setAbsence(s.applicantA, s.handler.userId, "2026-06-30")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(setAbsence(s.decisionMaker, s.handler.userId, "2026-06-01")).rejects.toBeInstanceOf(
      RuleViolation,
    );
    await setAbsence(s.decisionMaker, s.handler.userId, "2026-06-30");
    const row = (await list(other, "lijst=alle&status=IN_ASSESSMENT")).rows[0];
    expect(row?.handler).toMatchObject({ id: s.handler.userId, absent: true });
    // The forms' options: the handler filter marks the absence, the absence form shows its last day;
    // advisers are staff for the absence form but not handlers to filter on.
    const options = await listOptions();
    expect(options.handlers).toContainEqual({ id: s.handler.userId, name: expect.any(String), absent: true });
    expect(options.handlers).toContainEqual({ id: other.userId, name: expect.any(String), absent: false });
    expect(options.handlers.map((h) => h.id)).not.toContain(s.adviser.userId);
    expect(options.staff).toContainEqual({
      id: s.handler.userId,
      name: expect.any(String),
      absentUntil: "2026-06-30",
    });
    expect(options.staff).toContainEqual({
      id: s.adviser.userId,
      name: expect.any(String),
      absentUntil: null,
    });
    expect(options.staff.map((u) => u.id)).not.toContain(s.applicantA.userId);
    expect(options.windows).toContainEqual({ id: s.window.id, name: s.window.name });

    const before = await prisma.plan.findUniqueOrThrow({ where: { id: row?.id ?? "" } });
    const events = await prisma.workflowEvent.count({ where: { planId: before.id } });
    await takeOverPlan(other, before.id);
    const after = await prisma.plan.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.handlerId).toBe(other.userId);
    expect(after.status).toBe(before.status);
    expect(after.version).toBe(before.version);
    expect(await prisma.workflowEvent.count({ where: { planId: before.id } })).toBe(events);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetType: "Plan", targetId: before.id, action: "plan.handler-taken-over" },
    });
    expect(audit.actorId).toBe(other.userId);
    expect(audit.details).toEqual({ before: s.handler.userId, after: other.userId });

    await expect(takeOverPlan(s.adviser, before.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(takeOverPlan(other, before.id)).rejects.toThrow("U behandelt dit plan al.");
    await setAbsence(s.handler, s.handler.userId, null);
    const back = (await list(s.handler, "lijst=alle&status=ADVISED")).rows[0];
    expect(back?.handler?.absent).toBe(false);
  });
});

describe("where a row leads", () => {
  it("an adviser to the plan once declared free of conflicts, to the declaration before, to the claim without a seat", () => {
    const adviser = { userId: "u", roles: ["ADVISER" as const], organisationIds: [] };
    expect(rowHref(adviser, "p", "ACTIVE")).toBe("/behandeling/plannen/p");
    expect(rowHref(adviser, "p", "PENDING_DECLARATION")).toBe("/behandeling/plannen/p/verklaring");
    expect(rowHref(adviser, "p", "CONFLICT")).toBe("/behandeling/plannen/p/verklaring");
    expect(rowHref(adviser, "p", null)).toBe("/behandeling/toewijzing?plan=p#plan-p");
    expect(rowHref({ ...adviser, roles: ["CASE_HANDLER"] }, "p", null)).toBe("/behandeling/plannen/p");
  });
});
