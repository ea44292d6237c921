import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { getPlanView } from "../plan/view.server.ts";
import { interimReportDueDates } from "../settlement/terms.ts";
import { amsterdamDate, type LocalDate } from "../time/index.ts";
import { NOT_A_SIGNATORY_TO_REPORT } from "../workflow/definition.server.ts";
import { interimReportsAwaitingReview } from "./overdue.server.ts";
import {
  getInterimReport,
  openInterimReport,
  saveInterimStep,
  submitInterimReport,
} from "./report.server.ts";
import { interimReportsForStaff, ONLY_A_HANDLER, reviewInterimReport } from "./review.server.ts";

/**
 * The tussentijds voortgangsverslag (regulation art. 5.4) through its use cases, on the scenario's
 * plan of two calendar years (year+1 and year+2): its report after month 12 can be written from
 * 1 January of year+2 and is due eight weeks after 31 December of year+1.
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
const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** A granted plan in execution (made at the real clock, where its window is open). */
async function planInExecution(): Promise<{ planId: string; measureIds: string[] }> {
  setClock(null);
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
  const measures = await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
  return { planId: id, measureIds: measures.map((m) => m.id) };
}

const results = (measureIds: string[], participants = "40") => ({
  measures: measureIds.map((measureId) => ({ measureId, participants })),
  summary: "De scholing liep volgens plan; de jongerenmaatregel begon later dan gepland.",
});
const costs = (measureIds: string[], year: number, amount = "50.000,00") => ({
  costs: measureIds.map((measureId) => ({ measureId, year: String(year), amount })),
});

/** Both steps filled in and valid; returns the report's version. */
async function filledIn(planId: string, measureIds: string[]): Promise<number> {
  const view = await openInterimReport(s.applicantA, planId, 12);
  const one = await saveInterimStep(
    s.applicantA,
    planId,
    12,
    view.report?.version ?? 0,
    "results",
    results(measureIds),
  );
  const two = await saveInterimStep(
    s.applicantA,
    planId,
    12,
    one.version,
    "costs",
    costs(measureIds, s.year + 1),
  );
  expect([...one.issues, ...two.issues]).toEqual([]);
  return two.version;
}

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

describe("writing the interim report", () => {
  it("is not possible before the 12th month has ended, and creates nothing then", async () => {
    const { planId } = await planInExecution();
    at(`${s.year + 1}-12-31T12:00:00+01:00`);
    const view = await openInterimReport(s.applicantA, planId, 12);
    expect(view.open).toBe(false);
    expect(view.closedReason).toBe(
      `Het tussentijds voortgangsverslag na de 12e maand kan pas worden geschreven vanaf 1 januari ${s.year + 2}.`,
    );
    expect(await prisma.interimReport.count({ where: { planId } })).toBe(0);
    await expect(saveInterimStep(s.applicantA, planId, 12, 1, "results", {})).rejects.toThrow(RuleViolation);
    // A two-year plan asks no report after month 24: the realisation report covers it.
    at(`${s.year + 2}-12-31T12:00:00+01:00`);
    expect((await openInterimReport(s.applicantA, planId, 24)).closedReason).toBe(
      "Voor dit plan is geen tussentijds voortgangsverslag na de 24e maand nodig.",
    );
  });

  it("opens the day after month 12 with the grant letter's date, over the years begun so far", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-01-01T09:00:00+01:00`);
    const view = await openInterimReport(s.applicantA, planId, 12);
    expect(view.open).toBe(true);
    const [due] = interimReportDueDates(
      `${s.year + 1}-01-01` as LocalDate,
      `${s.year + 2}-12-31` as LocalDate,
    );
    expect(view.dueOn).toBe(due);
    expect(view.years).toEqual([s.year + 1]);
    expect(view.report?.draft.costs.costs).toHaveLength(measureIds.length);
    // A second visit (another tab) finds the same row.
    await openInterimReport(s.applicantA, planId, 12);
    expect(await prisma.interimReport.count({ where: { planId } })).toBe(1);
  });

  it("keeps a draft that fails validation, refuses a negative amount and a year outside the report", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-01-10T09:00:00+01:00`);
    const view = await openInterimReport(s.applicantA, planId, 12);
    const saved = await saveInterimStep(s.applicantA, planId, 12, view.report?.version ?? 0, "costs", {
      costs: measureIds.map((measureId) => ({ measureId, year: String(s.year + 1), amount: "-5,00" })),
    });
    expect(saved.issues.map((i) => i.path)).toEqual(measureIds.map((_, i) => `costs.${i}.amount`));
    // The draft survives a reload as typed.
    const reloaded = await getInterimReport(s.applicantA, planId, 12);
    expect(reloaded.report?.draft.costs.costs[0]?.amount).toBe("-5,00");
    expect(reloaded.report?.version).toBe(saved.version);
    // A year the report does not cover (year+2 has only just begun) is no row of this report.
    const later = await saveInterimStep(
      s.applicantA,
      planId,
      12,
      saved.version,
      "costs",
      costs(measureIds, s.year + 2),
    );
    expect(later.issues).toEqual([
      { path: "", message: "De maatregelen of jaren van het plan zijn gewijzigd. Laad de pagina opnieuw." },
    ]);
  });

  it("refuses a save from an older page (optimistic version)", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-01-10T09:00:00+01:00`);
    const view = await openInterimReport(s.applicantA, planId, 12);
    const first = view.report?.version ?? 0;
    await saveInterimStep(s.applicantA, planId, 12, first, "results", results(measureIds));
    await expect(
      saveInterimStep(s.applicantA, planId, 12, first, "results", results(measureIds, "41")),
    ).rejects.toThrow(ConflictError);
    expect(
      (await getInterimReport(s.applicantA, planId, 12)).report?.draft.results.measures[0]?.participants,
    ).toBe("40");
  });

  it("is another organisation's plan: not found, to read, save or submit", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-01-10T09:00:00+01:00`);
    const version = await filledIn(planId, measureIds);
    await expect(openInterimReport(s.applicantB, planId, 12)).rejects.toThrow(NotFoundError);
    await expect(getInterimReport(s.applicantB, planId, 12)).rejects.toThrow(NotFoundError);
    await expect(
      saveInterimStep(s.applicantB, planId, 12, version, "results", results(measureIds)),
    ).rejects.toThrow(NotFoundError);
    await expect(submitInterimReport(s.applicantB, planId, 12, version, true)).rejects.toThrow(NotFoundError);
    // Staff read plans, not reports in the writing: nothing was submitted by the attempts.
    expect(await prisma.workflowEvent.count({ where: { planId, event: "submit_interim_report" } })).toBe(0);
  });

  it("cannot be written or submitted once the grant is revoked", async () => {
    setClock(null);
    const { planId } = await revocableScenarioPlan(s);
    at(`${s.year + 2}-01-10T09:00:00+01:00`);
    const view = await openInterimReport(s.applicantA, planId, 12);
    expect(view.open).toBe(true);
    await revokeGrant(
      s.decisionMaker,
      planId,
      await planVersion(planId),
      "De uitvoering is niet binnen zes maanden begonnen.",
    );
    const closed =
      "Een tussentijds voortgangsverslag kan alleen worden geschreven zolang de subsidie is verleend en het plan loopt.";
    expect((await getInterimReport(s.applicantA, planId, 12)).closedReason).toBe(closed);
    await expect(
      saveInterimStep(s.applicantA, planId, 12, view.report?.version ?? 0, "results", {}),
    ).rejects.toThrow(closed);
    await expect(
      submitInterimReport(s.applicantA, planId, 12, view.report?.version ?? 0, true),
    ).rejects.toThrow(closed);
  });
});

describe("submitting the interim report", () => {
  it("is for a signatory, with the declaration, and both steps complete", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-01-10T09:00:00+01:00`);
    const view = await openInterimReport(s.applicantA, planId, 12);
    const one = await saveInterimStep(
      s.applicantA,
      planId,
      12,
      view.report?.version ?? 0,
      "results",
      results(measureIds),
    );
    await expect(submitInterimReport(s.applicantA, planId, 12, one.version, false)).rejects.toMatchObject({
      field: "declaration",
    });
    await expect(submitInterimReport(s.applicantA, planId, 12, one.version, true)).rejects.toThrow(
      "Stap 2 (Kosten) is nog niet volledig of bevat fouten.",
    );
    const two = await saveInterimStep(
      s.applicantA,
      planId,
      12,
      one.version,
      "costs",
      costs(measureIds, s.year + 1),
    );
    const notSigning = await colleague(false);
    await expect(submitInterimReport(notSigning, planId, 12, two.version, true)).rejects.toThrow(
      NOT_A_SIGNATORY_TO_REPORT,
    );
    await expect(submitInterimReport(notSigning, planId, 12, two.version, true)).rejects.toThrow(
      ForbiddenError,
    );
    expect(await prisma.interimReport.findFirstOrThrow({ where: { planId } })).toMatchObject({
      submittedAt: null,
    });
  });

  it("on time: records the event in the chain, writes the figures and tells the handler; the status stays", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-02-01T09:00:00+01:00`);
    const version = await filledIn(planId, measureIds);
    const before = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(await submitInterimReport(s.applicantA, planId, 12, version, true)).toEqual({ late: false });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan.status).toBe("IN_EXECUTION");
    expect(plan.version).toBe(before.version + 1);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "submit_interim_report" },
    });
    expect(event).toMatchObject({
      fromStatus: "IN_EXECUTION",
      toStatus: "IN_EXECUTION",
      reason: "Het tussentijds voortgangsverslag na de 12e maand is ingediend.",
    });
    expect(event.payload).toMatchObject({ afterMonths: 12, late: false });
    const report = await prisma.interimReport.findFirstOrThrow({
      where: { planId },
      include: { costs: true },
    });
    expect(report.participantsReached).toBe(40 * measureIds.length);
    expect(report.costs.map((c) => c.actualCents)).toEqual(measureIds.map(() => 5_000_000n));
    const notice = await prisma.notification.findFirstOrThrow({
      where: { planId, userId: s.handler.userId, title: { startsWith: "Tussentijds voortgangsverslag" } },
    });
    expect(notice.link).toBe(`/behandeling/plannen/${planId}/tussentijds`);
    // Written and submitted: closed for writing.
    await expect(
      saveInterimStep(s.applicantA, planId, 12, version + 1, "results", results(measureIds)),
    ).rejects.toThrow("Het tussentijds voortgangsverslag na de 12e maand is al ingediend.");
  });

  it("late: accepted, and said so in the event and to the handler", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-04-15T09:00:00+02:00`);
    const version = await filledIn(planId, measureIds);
    expect(await submitInterimReport(s.applicantA, planId, 12, version, true)).toEqual({ late: true });
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "submit_interim_report" },
    });
    expect(event.reason).toMatch(
      /^Het tussentijds voortgangsverslag na de 12e maand is te laat ingediend \(uiterste datum \d+ februari \d{4}\)\.$/,
    );
    const notice = await prisma.notification.findFirstOrThrow({
      where: { planId, userId: s.handler.userId },
    });
    expect(notice.body).toContain("(na de uiterste datum)");
    const [listed] = (await getPlanView(s.applicantA, planId)).interimReports;
    expect(listed).toMatchObject({ stage: "SUBMITTED", late: true });
  });

  it("twice at once (a double click) is submitted once", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-02-01T09:00:00+01:00`);
    const version = await filledIn(planId, measureIds);
    const outcomes = await Promise.allSettled([
      submitInterimReport(s.applicantA, planId, 12, version, true),
      submitInterimReport(s.applicantA, planId, 12, version, true),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(ConflictError);
    expect(await prisma.workflowEvent.count({ where: { planId, event: "submit_interim_report" } })).toBe(1);
    expect(await prisma.notification.count({ where: { planId, userId: s.handler.userId } })).toBe(1);
  });
});

describe("the handler reading the interim report", () => {
  async function submitted() {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-02-01T09:00:00+01:00`);
    await submitInterimReport(s.applicantA, planId, 12, await filledIn(planId, measureIds), true);
    return planId;
  }

  it("is refused to anyone but a case handler, and to a report not submitted", async () => {
    const planId = await submitted();
    const version = await planVersion(planId);
    await expect(reviewInterimReport(s.decisionMaker, planId, 12, version, "")).rejects.toThrow(
      ONLY_A_HANDLER,
    );
    await expect(reviewInterimReport(s.adviser, planId, 12, version, "")).rejects.toThrow(ForbiddenError);
    await expect(reviewInterimReport(s.applicantA, planId, 12, version, "")).rejects.toThrow(ForbiddenError);
    await expect(reviewInterimReport(s.handler, planId, 24, version, "")).rejects.toThrow(
      "Het tussentijds voortgangsverslag na de 24e maand is nog niet ingediend.",
    );
    expect(await prisma.workflowEvent.count({ where: { planId, event: "review_interim_report" } })).toBe(0);
  });

  it("is recorded once, with the note, in the chain, on the plan page and to the signatories by bell and mail", async () => {
    const planId = await submitted();
    const staff = await interimReportsForStaff(s.handler, planId);
    expect(staff.reviewRefusal).toBeNull();
    expect(staff.reports).toHaveLength(1);
    expect(staff.reports[0]).toMatchObject({
      afterMonths: 12,
      late: false,
      years: [s.year + 1],
      reviewedAt: null,
    });
    const note = "Dank u. Let op de achterstand bij de jongerenmaatregel.";
    await reviewInterimReport(s.handler, planId, 12, staff.plan.version, `  ${note} `);
    const report = await prisma.interimReport.findFirstOrThrow({ where: { planId } });
    expect(report).toMatchObject({ reviewedById: s.handler.userId, reviewNote: note });
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "review_interim_report" },
    });
    expect(event).toMatchObject({ actorRole: "CASE_HANDLER", toStatus: "IN_EXECUTION" });
    expect(event.reason).toBe(
      `Het tussentijds voortgangsverslag na de 12e maand is gelezen. Opmerking: ${note}`,
    );
    const bell = await prisma.notification.findFirstOrThrow({
      where: {
        planId,
        userId: s.applicantA.userId,
        title: { startsWith: "Tussentijds voortgangsverslag gelezen" },
      },
    });
    expect(bell.body).toContain(note);
    const mails = await prisma.outboxMessage.findMany({
      where: { payload: { path: ["interimReportId"], equals: report.id } },
    });
    expect(mails.map((m) => (m.payload as { recipientUserId: string }).recipientUserId)).toContain(
      s.applicantA.userId,
    );
    const ctxPlan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const mail = await EMAIL_TEMPLATES["interim-report-read"].prepare(
      prisma,
      {
        template: "interim-report-read",
        planId,
        recipientUserId: s.applicantA.userId,
        interimReportId: report.id,
      },
      {
        recipient: { id: s.applicantA.userId, name: "Aanvrager", email: "a@example.nl" },
        plan: {
          id: planId,
          reference: ctxPlan.reference,
          title: ctxPlan.title,
          status: ctxPlan.status,
          organisationName: ctxPlan.organisation.name,
        },
        publicUrl: "https://portaal.test.example",
        at: new Date(),
      },
    );
    expect(mail).not.toBeInstanceOf(SkipEmail);
    expect(JSON.stringify(mail)).toContain(note);
    const [listed] = (await getPlanView(s.applicantA, planId)).interimReports;
    expect(listed).toMatchObject({ stage: "READ", reviewNote: note });
    // Read once: a second record is refused, also with the page's new version.
    await expect(
      reviewInterimReport(s.handler, planId, 12, await planVersion(planId), "Nog eens."),
    ).rejects.toThrow(ConflictError);
    expect(await prisma.workflowEvent.count({ where: { planId, event: "review_interim_report" } })).toBe(1);
  });
});

describe("reading an interim report after the grant was revoked or settled", () => {
  /** The "gelezen" mail to the applicant as composed for the plan as it now stands. */
  async function readMail(planId: string) {
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true, interimReports: true },
    });
    const payload = {
      template: "interim-report-read" as const,
      planId,
      recipientUserId: s.applicantA.userId,
      interimReportId: plan.interimReports[0]?.id,
    };
    return EMAIL_TEMPLATES["interim-report-read"].prepare(prisma, payload, {
      recipient: { id: s.applicantA.userId, name: "Aanvrager", email: "a@example.nl" },
      plan: {
        id: planId,
        reference: plan.reference,
        title: plan.title,
        status: plan.status,
        organisationName: plan.organisation.name,
      },
      publicUrl: "https://portaal.test.example",
      at: new Date(),
    });
  }

  // Handed in while the grant ran, it is on the terms overview's "te lezen" list until a handler
  // records it as read: that must stay possible whatever happened to the plan since.
  it("a revoked grant: the tab offers the form, the reading is recorded and the report leaves the list", async () => {
    setClock(null);
    const { planId } = await revocableScenarioPlan(s);
    const measureIds = (
      await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } })
    ).map((m) => m.id);
    at(`${s.year + 2}-02-01T09:00:00+01:00`);
    await submitInterimReport(s.applicantA, planId, 12, await filledIn(planId, measureIds), true);
    await revokeGrant(
      s.decisionMaker,
      planId,
      await planVersion(planId),
      "Niet binnen zes maanden begonnen.",
    );
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe("WITHDRAWN");
    const toRead = async () => (await interimReportsAwaitingReview({ limit: 10_000 })).rows.map((r) => r.id);
    expect(await toRead()).toContain(planId);

    const staff = await interimReportsForStaff(s.handler, planId);
    expect(staff.reviewRefusal).toBeNull();
    await reviewInterimReport(s.handler, planId, 12, staff.plan.version, "Voor het dossier.");
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "review_interim_report" },
    });
    expect(event).toMatchObject({ fromStatus: "WITHDRAWN", toStatus: "WITHDRAWN" });
    expect(await toRead()).not.toContain(planId);
    // The signatories' mail does not promise a vaststelling that will not come.
    const mail = JSON.stringify(await readMail(planId));
    expect(mail).toContain("de verlening van de subsidie is ingetrokken");
    expect(mail).not.toContain("pas bij de vaststelling");
  });

  it("a settled plan: the reading is recorded and the status stays", async () => {
    const { planId, measureIds } = await planInExecution();
    at(`${s.year + 2}-02-01T09:00:00+01:00`);
    await submitInterimReport(s.applicantA, planId, 12, await filledIn(planId, measureIds), true);
    // The vaststelling itself (settle) is fired from SETTLED's origin in workflow/table.test.ts;
    // here only its outcome matters.
    await prisma.plan.update({ where: { id: planId }, data: { status: "SETTLED" } });
    const staff = await interimReportsForStaff(s.handler, planId);
    expect(staff.reviewRefusal).toBeNull();
    await reviewInterimReport(s.handler, planId, 12, staff.plan.version, "");
    expect(await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).toMatchObject({
      status: "SETTLED",
    });
    expect(await prisma.interimReport.findFirstOrThrow({ where: { planId } })).toMatchObject({
      reviewedById: s.handler.userId,
    });
    expect(JSON.stringify(await readMail(planId))).toContain("de subsidie is al vastgesteld");
  });
});

describe("the plan page's list of interim reports", () => {
  it("says where each stands: not yet, to write, draft, submitted", async () => {
    const { planId, measureIds } = await planInExecution();
    const stage = async () => (await getPlanView(s.applicantA, planId)).interimReports.map((r) => r.stage);
    at(`${s.year + 1}-11-01T09:00:00+01:00`);
    expect(await stage()).toEqual(["NOT_YET"]);
    at(`${s.year + 2}-01-02T09:00:00+01:00`);
    expect(await stage()).toEqual(["TO_WRITE"]);
    const view = await openInterimReport(s.applicantA, planId, 12);
    expect(await stage()).toEqual(["TO_WRITE"]);
    await saveInterimStep(
      s.applicantA,
      planId,
      12,
      view.report?.version ?? 0,
      "results",
      results(measureIds),
    );
    expect(await stage()).toEqual(["DRAFT"]);
    // Past its last day and still a draft: late.
    at(`${s.year + 2}-04-01T09:00:00+02:00`);
    expect((await getPlanView(s.applicantA, planId)).interimReports[0]).toMatchObject({
      stage: "DRAFT",
      late: true,
    });
  });
});
