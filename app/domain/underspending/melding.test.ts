import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { decideExtension, requestExtension } from "../extension/extension.server.ts";
import { grantDecidedAt, markInterimReportSubmitted } from "../extension/test-support.server.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { listOrganisationPlanOverview } from "../plan/dashboard.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { NOT_A_SIGNATORY_TO_REPORT_UNDERSPENDING } from "../workflow/definition.server.ts";
import { underspendingFacts, underspendingPlanSelect } from "./facts.server.ts";
import { lateMeldingen, meldingenToRead } from "./lists.server.ts";
import {
  getMelding,
  MELDING_CHANGED,
  meldingStatusesForPlan,
  notOwedMessage,
  saveMeldingDraft,
  submitMelding,
} from "./melding.server.ts";
import { sendDueUnderspendingReminders, UNDERSPENDING_REMINDED } from "./reminders.server.ts";
import { meldingenForStaff, ONLY_A_HANDLER, reviewMelding } from "./review.server.ts";
import { beforeGrantMessage, NOT_IN_SCOPE } from "./rules.ts";

/**
 * The melding onderbesteding (regulation art. 5.3) through its use cases, on the scenario's plan:
 * y1-01-01 to y2-12-31, € 300.000 granted a year with advances up to 80% (€ 240.000 a year: in
 * scope). Half-year 1 (January–June of y1) can be reported from 1 July y1.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const at = (iso: string) => setClock(new Date(iso));
const y1 = () => s.year + 1;
const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

async function planInExecution(): Promise<string> {
  setClock(null);
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
  return id;
}

async function plannedOf(planId: string, n: number): Promise<bigint> {
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: underspendingPlanSelect,
  });
  return underspendingFacts(plan).halves.find((h) => h.n === n)?.plannedCents ?? -1n;
}

const euro = (cents: bigint) => `${cents / 100n},${String(cents % 100n).padStart(2, "0")}`;
const texts = {
  causes: "De werving van deelnemers kwam later op gang dan gepland.",
  outlook: "Wij werven extra via de regionale opleidingsbedrijven en halen de achterstand in.",
};

async function colleague(isSignatory: boolean): Promise<Actor> {
  const user = await prisma.user.create({
    data: {
      email: `collega-${randomUUID()}@test.example`,
      name: "Collega",
      passwordHash: "not-a-login",
      memberships: { create: { role: "APPLICANT", organisationId: s.orgA.id, isSignatory } },
    },
  });
  return { userId: user.id, roles: ["APPLICANT"], organisationIds: [s.orgA.id] };
}

describe("the melding onderbesteding", () => {
  it("is in scope for the scenario's grant, opens after the half-year, and not for another organisation", async () => {
    const planId = await planInExecution();
    at(`${y1()}-06-30T12:00:00+02:00`);
    const early = await getMelding(s.applicantA, planId, 1);
    expect(early.open).toBe(false);
    expect(early.closedReason).toBe(`Over halfjaar 1 kunt u pas melden vanaf 1 juli ${y1()}.`);
    // On its last day the half-year still runs: the page says "loopt", not "liep".
    expect(early.half?.ended).toBe(false);
    expect(await meldingStatusesForPlan(s.applicantA, planId)).toEqual([]);
    at(`${y1()}-07-01T09:00:00+02:00`);
    const view = await getMelding(s.applicantA, planId, 1);
    expect(view.open).toBe(true);
    expect(view.half?.ended).toBe(true);
    expect(view.half?.plannedCents).toBe((await plannedOf(planId, 1)).toString());
    expect(BigInt(view.half?.plannedCents ?? "0")).toBeGreaterThan(0n);
    expect((await meldingStatusesForPlan(s.applicantA, planId)).map((m) => [m.n, m.stage])).toEqual([
      [1, "TO_CHECK"],
    ]);
    await expect(getMelding(s.applicantB, planId, 1)).rejects.toThrow(NotFoundError);
    await expect(saveMeldingDraft(s.applicantB, planId, 1, 0, {})).rejects.toThrow(NotFoundError);
  });

  it("saves a draft over its version only, and answers an invalid amount at its field", async () => {
    const planId = await planInExecution();
    at(`${y1()}-07-02T09:00:00+02:00`);
    const one = await saveMeldingDraft(s.applicantA, planId, 1, 0, { actual: "-5,00", causes: "Kort" });
    expect(one.version).toBe(1);
    expect(one.issues.map((i) => i.path)).toEqual([["actual"]]);
    const two = await saveMeldingDraft(s.applicantA, planId, 1, 1, { actual: "1.000,00", causes: "Kort" });
    expect(two).toMatchObject({ version: 2, issues: [] });
    // A page still at version 1 (another tab) is refused…
    await expect(saveMeldingDraft(s.applicantA, planId, 1, 1, { actual: "2.000,00" })).rejects.toThrow(
      MELDING_CHANGED,
    );
    // …unless it is an autosave that would store nothing new.
    expect(
      await saveMeldingDraft(
        s.applicantA,
        planId,
        1,
        1,
        { actual: "1.000,00", causes: "Kort" },
        { acceptUnchanged: true },
      ),
    ).toMatchObject({ version: 2 });
    const view = await getMelding(s.applicantA, planId, 1);
    expect(view.values).toEqual({ actual: "1000,00", causes: "Kort", outlook: "" });
    expect((await meldingStatusesForPlan(s.applicantA, planId))[0]?.stage).toBe("DRAFT");
  });

  it("refuses a melding above 75% of plan, and accepts one at exactly 75%", async () => {
    const planId = await planInExecution();
    at(`${y1()}-07-02T09:00:00+02:00`);
    const planned = await plannedOf(planId, 1);
    const line = (planned * 75n) / 100n;
    // A cent above the line (planned × 75 / 100 rounded down, plus one, is above it).
    const above = line + 1n;
    await expect(
      submitMelding(s.applicantA, planId, 1, 0, { actual: euro(above), ...texts }),
    ).rejects.toThrow(notOwedMessage(1, above, planned));
    expect(await prisma.underspendingReport.count({ where: { planId } })).toBe(0);
    const events = await prisma.workflowEvent.count({ where: { planId } });
    const result = await submitMelding(s.applicantA, planId, 1, 0, { actual: euro(line), ...texts });
    expect(result).toEqual({ late: false });
    const row = await prisma.underspendingReport.findFirstOrThrow({ where: { planId } });
    expect(row).toMatchObject({
      halfYear: 1,
      actualCents: line,
      plannedCents: planned,
      causes: texts.causes,
    });
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId },
      orderBy: { createdAt: "desc" },
    });
    expect(event.event).toBe("submit_underspending_report");
    expect(await prisma.workflowEvent.count({ where: { planId } })).toBe(events + 1);
    // The status stays; a second submission is refused.
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe("IN_EXECUTION");
    await expect(
      submitMelding(s.applicantA, planId, 1, row.version, { actual: euro(line), ...texts }),
    ).rejects.toThrow("De melding onderbesteding over halfjaar 1 is al ingediend.");
  });

  it("is submitted by a signatory only, marks a late one, and refuses an older version", async () => {
    const planId = await planInExecution();
    at(`${y1()}-09-15T09:00:00+02:00`);
    const writer = await colleague(false);
    const saved = await saveMeldingDraft(writer, planId, 1, 0, { actual: "0,00", ...texts });
    await expect(
      submitMelding(writer, planId, 1, saved.version, { actual: "0,00", ...texts }),
    ).rejects.toThrow(NOT_A_SIGNATORY_TO_REPORT_UNDERSPENDING);
    await expect(
      submitMelding(s.applicantA, planId, 1, saved.version - 1, { actual: "0,00", ...texts }),
    ).rejects.toThrow(ConflictError);
    // 15 September is past the day (31 August, two months after 30 June, moved past a weekend at most).
    expect(await submitMelding(s.applicantA, planId, 1, saved.version, { actual: "0,00", ...texts })).toEqual(
      {
        late: true,
      },
    );
    expect((await lateMeldingen({ limit: 50 })).rows.some((r) => r.id === planId && r.late)).toBe(true);
    expect((await meldingenToRead({ limit: 500 })).rows.some((r) => r.id === planId)).toBe(true);
  });
});

describe("reading a melding", () => {
  it("is a case handler's, once, with a note the signatories receive by bell and mail", async () => {
    const planId = await planInExecution();
    at(`${y1()}-07-10T09:00:00+02:00`);
    await submitMelding(s.applicantA, planId, 1, 0, { actual: "0,00", ...texts });
    const page = await meldingenForStaff(s.handler, planId);
    expect(page.meldingen).toHaveLength(1);
    expect(page.meldingen[0]).toMatchObject({ halfYear: 1, percent: 0, late: false, reviewedAt: null });
    expect(page.reviewRefusal).toBeNull();
    expect((await meldingenForStaff(s.decisionMaker, planId)).reviewRefusal).toBe(ONLY_A_HANDLER);
    await expect(
      reviewMelding(s.decisionMaker, planId, 1, await planVersion(planId), "Gelezen."),
    ).rejects.toThrow(ForbiddenError);
    await expect(reviewMelding(s.handler, planId, 2, await planVersion(planId), "")).rejects.toThrow(
      RuleViolation,
    );
    await reviewMelding(s.handler, planId, 1, await planVersion(planId), "Houd de werving in de gaten.");
    const row = await prisma.underspendingReport.findFirstOrThrow({ where: { planId } });
    expect(row.reviewNote).toBe("Houd de werving in de gaten.");
    await expect(reviewMelding(s.handler, planId, 1, await planVersion(planId), "")).rejects.toThrow(
      "De melding onderbesteding over halfjaar 1 is al als gelezen vastgelegd.",
    );
    const bell = await prisma.notification.findFirst({
      where: { planId, userId: s.applicantA.userId, title: { startsWith: "Melding onderbesteding gelezen" } },
    });
    expect(bell?.body).toContain("Houd de werving in de gaten.");
    const mail = await prisma.outboxMessage.findFirst({
      where: { payload: { path: ["underspendingReportId"], equals: row.id } },
    });
    expect(mail).not.toBeNull();
    expect((await meldingStatusesForPlan(s.applicantA, planId))[0]?.stage).toBe("READ");
  });
});

describe("the check after a half-year", () => {
  it("goes out once the morning after it ended, and not when a melding exists", async () => {
    const planId = await planInExecution();
    const other = await planInExecution();
    const reminded = (id: string) =>
      prisma.auditLog.count({ where: { action: UNDERSPENDING_REMINDED, targetType: "Plan", targetId: id } });
    // The other plan has a melding started: no check for it.
    at(`${y1()}-07-01T06:00:00+02:00`);
    // Before 08:00 nothing is due… (a draft cannot be made before the day either way)
    await sendDueUnderspendingReminders();
    expect(await reminded(planId)).toBe(0);
    at(`${y1()}-07-01T09:00:00+02:00`);
    await saveMeldingDraft(s.applicantA, other, 1, 0, { causes: "In bewerking." });
    await sendDueUnderspendingReminders();
    await sendDueUnderspendingReminders();
    expect(await reminded(planId)).toBe(1);
    expect(await reminded(other)).toBe(0);
    const bell = await prisma.notification.findFirst({
      where: { planId, userId: s.applicantA.userId, title: { startsWith: "Halfjaar 1 van" } },
    });
    expect(bell?.body).toContain("op of onder 75%");
    // The mail names the half-year by its day; a melding made since skips it.
    const payload = {
      template: "underspending-check" as const,
      planId,
      recipientUserId: s.applicantA.userId,
      termEnd: (await getMelding(s.applicantA, planId, 1)).half?.dueOn,
    };
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      select: { id: true, reference: true, title: true, status: true },
    });
    const ctx = {
      recipient: { id: s.applicantA.userId, name: "Anna", email: "anna@test.example" },
      plan: { ...plan, organisationName: "Metaal" },
      publicUrl: "https://portaal.example",
      at: new Date(),
    };
    expect(await EMAIL_TEMPLATES["underspending-check"].prepare(prisma, payload, ctx)).not.toBeInstanceOf(
      SkipEmail,
    );
    await saveMeldingDraft(s.applicantA, planId, 1, 0, { causes: "x" });
    expect(await EMAIL_TEMPLATES["underspending-check"].prepare(prisma, payload, ctx)).toBeInstanceOf(
      SkipEmail,
    );
  });

  it("is not sent more than 14 days late", async () => {
    const planId = await planInExecution();
    at(`${y1()}-07-16T09:00:00+02:00`);
    await sendDueUnderspendingReminders();
    expect(
      await prisma.auditLog.count({
        where: { action: UNDERSPENDING_REMINDED, targetType: "Plan", targetId: planId },
      }),
    ).toBe(0);
  });
});

describe("the dashboard's next term", () => {
  it("names the melding's last day once a half-year ended, until a melding is submitted", async () => {
    const planId = await planInExecution();
    const next = async () =>
      (await listOrganisationPlanOverview(s.applicantA)).find((p) => p.id === planId)?.nextDeadline;
    at(`${y1()}-07-02T09:00:00+02:00`);
    const dueOn = (await getMelding(s.applicantA, planId, 1)).half?.dueOn;
    expect(await next()).toMatchObject({ kind: "UNDERSPENDING_CHECK", halfYear: 1, date: dueOn });
    // A draft does not meet the day (as an interim report's draft does not): only a submission does.
    const draft = await saveMeldingDraft(s.applicantA, planId, 1, 0, { actual: "0,00", ...texts });
    expect(await next()).toMatchObject({ kind: "UNDERSPENDING_CHECK", halfYear: 1, date: dueOn });
    await submitMelding(s.applicantA, planId, 1, draft.version, { actual: "0,00", ...texts });
    expect((await next())?.kind).not.toBe("UNDERSPENDING_CHECK");
  });
});

describe("a verlenging", () => {
  it("keeps a melding owed over a half-year that ended before it; later half-years follow the longer period", async () => {
    const planId = await planInExecution();
    await markInterimReportSubmitted(planId);
    at(`${y1()}-07-02T09:00:00+02:00`);
    const planned = await plannedOf(planId, 1);
    const actual = euro(planned / 2n);
    const saved = await saveMeldingDraft(s.applicantA, planId, 1, 0, { actual, ...texts });
    // € 480.000 in advances over 24 months is € 240.000 a year; over 30 months € 192.000.
    const { extensionId } = await requestExtension(s.applicantA, planId, await planVersion(planId), {
      months: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    await decideExtension(s.decisionMaker, planId, await planVersion(planId), extensionId, {
      outcome: "GRANT",
      months: "6",
      reason: "",
    });
    expect((await getMelding(s.applicantA, planId, 1)).closedReason).toBeNull();
    // Its planned costs are those of the period as it stood: the same as before the verlenging.
    expect(await plannedOf(planId, 1)).toBe(planned);
    expect(await submitMelding(s.applicantA, planId, 1, saved.version, { actual, ...texts })).toEqual({
      late: false,
    });
    // Half-year 2 ends after the verlenging: the average over the longer period is below the line.
    at(`${y1() + 1}-01-04T09:00:00+01:00`);
    expect((await getMelding(s.applicantA, planId, 2)).closedReason).toBe(NOT_IN_SCOPE);
    expect((await meldingStatusesForPlan(s.applicantA, planId)).map((m) => m.n)).toEqual([1]);
  });

  it("decided after a short last half-year ended: that one keeps its bounds, the rest of its six months is the next", async () => {
    const planId = await planInExecution();
    // The period ends on 31 October y2: half-year 4 is July–October y2, four months.
    const y2 = y1() + 1;
    await prisma.plan.update({ where: { id: planId }, data: { periodEnd: new Date(`${y2}-10-31`) } });
    // Art. 1.2a lid 2: after the interim report, within 24 months of a grant decided in January y1.
    await markInterimReportSubmitted(planId);
    await grantDecidedAt(planId, new Date(`${y1()}-01-05T10:00:00+01:00`));
    at(`${y2}-10-20T09:00:00+02:00`);
    const { extensionId } = await requestExtension(s.applicantA, planId, await planVersion(planId), {
      months: 4,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
    });
    // Decided after half-year 4 ended: its melding stays owed over July–October. To 28 February y3.
    at(`${y2}-11-15T10:00:00+01:00`);
    await decideExtension(s.decisionMaker, planId, await planVersion(planId), extensionId, {
      outcome: "GRANT",
      months: "4",
      reason: "",
    });
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      select: underspendingPlanSelect,
    });
    const halves = underspendingFacts(plan).halves;
    expect(halves.map((h) => [h.n, h.startsOn, h.endsOn])).toEqual([
      [1, `${y1()}-01-01`, `${y1()}-06-30`],
      [2, `${y1()}-07-01`, `${y1()}-12-31`],
      [3, `${y2}-01-01`, `${y2}-06-30`],
      [4, `${y2}-07-01`, `${y2}-10-31`],
      // The days between the old end and the end of its six-month step, under the longer period.
      [5, `${y2}-11-01`, `${y2}-12-31`],
      [6, `${y2 + 1}-01-01`, `${y2 + 1}-02-28`],
    ]);
    // Half-year 4's melding, as it stood (two months after 31 October); half-year 5 is one to make.
    expect((await getMelding(s.applicantA, planId, 4)).closedReason).toBeNull();
    at(`${y2 + 1}-01-04T09:00:00+01:00`);
    expect((await getMelding(s.applicantA, planId, 5)).closedReason).toBeNull();
    expect((await meldingStatusesForPlan(s.applicantA, planId)).map((m) => m.n)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("a grant made after a half-year ended", () => {
  it("owes nothing over it: not offered, not listed, not on the dashboard, not reminded", async () => {
    setClock(null);
    const { id: planId, version } = await completePlan(s);
    // Decided on the last day of half-year 1 (1 January – 30 June y1): no advance was granted for it.
    at(`${y1()}-06-30T10:00:00+02:00`);
    await grantPlan(s, planId, await advisePlan(s, planId, version));
    at(`${y1()}-07-01T09:00:00+02:00`);
    await sendDueUnderspendingReminders();
    expect(
      await prisma.auditLog.count({
        where: { action: UNDERSPENDING_REMINDED, targetType: "Plan", targetId: planId },
      }),
    ).toBe(0);
    const view = await getMelding(s.applicantA, planId, 1);
    expect(view.closedReason).toBe(beforeGrantMessage(1));
    await expect(saveMeldingDraft(s.applicantA, planId, 1, 0, { causes: "x" })).rejects.toThrow(
      beforeGrantMessage(1),
    );
    expect(await meldingStatusesForPlan(s.applicantA, planId)).toEqual([]);
    const next = (await listOrganisationPlanOverview(s.applicantA)).find(
      (p) => p.id === planId,
    )?.nextDeadline;
    expect(next?.kind).not.toBe("UNDERSPENDING_CHECK");
    // Past its day it is no expired term either.
    at(`${y1()}-10-01T09:00:00+02:00`);
    expect(await meldingStatusesForPlan(s.applicantA, planId)).toEqual([]);
    // Half-year 2 is the grant's first.
    at(`${y1() + 1}-01-04T09:00:00+01:00`);
    expect((await getMelding(s.applicantA, planId, 2)).closedReason).toBeNull();
  });
});

describe("a draft above 75% of plan", () => {
  it("is no late melding on the terms overview or the plan page; an empty or owed draft is", async () => {
    const above = await planInExecution();
    const owed = await planInExecution();
    at(`${y1()}-07-02T09:00:00+02:00`);
    const planned = await plannedOf(above, 1);
    await saveMeldingDraft(s.applicantA, above, 1, 0, { actual: euro((planned * 90n) / 100n) });
    await saveMeldingDraft(s.applicantA, owed, 1, 0, { actual: euro((planned * 75n) / 100n) });
    at(`${y1()}-10-01T09:00:00+02:00`);
    const late = (await lateMeldingen({ limit: 1000 })).rows.map((r) => r.id);
    expect(late).not.toContain(above);
    expect(late).toContain(owed);
    expect((await meldingStatusesForPlan(s.applicantA, above))[0]).toMatchObject({
      stage: "DRAFT",
      termPassed: false,
    });
    expect((await meldingStatusesForPlan(s.applicantA, owed))[0]).toMatchObject({
      stage: "DRAFT",
      termPassed: true,
    });
    // Emptied again: nothing says it is not owed.
    await saveMeldingDraft(s.applicantA, above, 1, 1, { actual: "" });
    expect((await lateMeldingen({ limit: 1000 })).rows.map((r) => r.id)).toContain(above);
  });
});
